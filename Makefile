# Two commands for a fresh machine: `make run` and `make test`. Everything they need is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)
# axe-core (npm registry) checks the public pages for accessibility in the browser tests.
AXE_VERSION := 4.14.1
AXE := $(VENV)/axe-core-$(AXE_VERSION)/axe.min.js

.PHONY: run test test-fast test-postgresql lint typecheck system-deps clean-store help

help:
	@echo "make run   - set up and start the dashboard on http://localhost:$(PORT) (SQLite store with the pledge loaded)"
	@echo "make test  - set up and run the whole test suite (unit, AppTest, browser, PostgreSQL)"

$(VENV)/.runtime: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: $(VENV)/.runtime
	$(PY) -m indicators init
	$(PY) -m indicators seed --demo --if-empty
	@echo "Demo accounts (password exempel-losen): demo-admin, demo-styrgrupp, demo-lasare, demo-pol, demo-ms,"
	@echo "demo-fgk, demo-asf, demo-mf, demo-bid. Disable them on a store with real reports (see README)."
	$(PY) -m ui.serve --server.port $(PORT) --server.headless true

# Debian's Chromium for the browser tests, PostgreSQL server binaries for the store tests and npm (for axe-core),
# when missing and root.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v npm >/dev/null; then \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium postgresql npm >/dev/null; \
	  else echo "note: chromium, postgresql or npm missing and not root: those tests will skip (and fail with CI=true)"; fi; \
	fi

$(AXE): | system-deps
	@mkdir -p $(dir $@)
	cd $(dir $@) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && \
	  tar xzf axe-core-$(AXE_VERSION).tgz --strip-components=1 package/axe.min.js && rm axe-core-$(AXE_VERSION).tgz

# The suite runs twice at once: every test on SQLite, and every test that uses a store again on PostgreSQL
# (INDICATORS_TEST_DB=postgresql). The long property tests that touch no database run in the second pass only
# (INDICATORS_TEST_SPLIT=1), so the two take about as long. Both must pass.
test: $(VENV)/.dev system-deps $(AXE)
	@rm -f .test-postgresql.log; \
	( AXE_JS=$(AXE) INDICATORS_TEST_SPLIT=1 INDICATORS_TEST_DB=postgresql $(PY) -m pytest -q --durations=5 \
	    > .test-postgresql.log 2>&1; \
	  echo $$? > .test-postgresql.rc ) & \
	AXE_JS=$(AXE) INDICATORS_TEST_SPLIT=1 $(PY) -m pytest --durations=15; sqlite=$$?; wait; pg=$$(cat .test-postgresql.rc); \
	echo "=== the same tests on PostgreSQL (INDICATORS_TEST_DB=postgresql) ==="; tail -n 40 .test-postgresql.log; \
	echo "SQLite pass: exit $$sqlite; PostgreSQL pass: exit $$pg (full log: .test-postgresql.log)"; \
	test $$sqlite -eq 0 -a $$pg -eq 0

test-fast: $(VENV)/.dev
	$(PY) -m pytest -m "not browser"

# Every store-using test on PostgreSQL, browser tests included (make test's second pass leaves most of those out).
test-postgresql: $(VENV)/.dev system-deps $(AXE)
	AXE_JS=$(AXE) INDICATORS_TEST_DB=postgresql INDICATORS_TEST_PG_BROWSER=1 $(PY) -m pytest

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy indicators

clean-store:
	rm -f data/indicators.db data/indicators.db-wal data/indicators.db-shm
