# Two commands for a fresh machine: `make run` and `make test`. Everything they need is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# axe-core checks the public pages for accessibility in the browser tests: fetched from the npm registry and checked
# against the registry's integrity hash of this version (tools/fetch_axe.py; no npm needed).
AXE_VERSION := 4.14.1
AXE_INTEGRITY := sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==
AXE := $(VENV)/axe-core-$(AXE_VERSION)/axe.min.js

.PHONY: run test test-fast test-postgresql lint typecheck system-deps clean-store help

help:
	@echo "make run   - set up and start the dashboard on http://127.0.0.1:$(PORT) (SQLite store with the pledge loaded)"
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
	$(PY) -m ui.serve --server.port $(PORT)

# What the tests need from the system (Debian's Chromium, PostgreSQL's server binaries), each installed on its own
# and only when missing (as root); see tools/system-deps.sh.
system-deps:
	@bash tools/system-deps.sh

$(AXE): | $(VENV)/.runtime
	$(PY) tools/fetch_axe.py $(AXE_VERSION) $(AXE_INTEGRITY) $@

# The suite runs twice at once: every test on SQLite, and every test that uses a store again on PostgreSQL
# (INDICATORS_TEST_DB=postgresql). The long property tests that touch no database run in the second pass only
# (INDICATORS_TEST_SPLIT=1), so the two take about as long. Both must pass; the end says how long each took.
test: $(VENV)/.dev system-deps $(AXE)
	@rm -f .test-postgresql.log .test-postgresql.rc .test-postgresql.secs; start=$$(date +%s); \
	( AXE_JS=$(AXE) INDICATORS_TEST_SPLIT=1 INDICATORS_TEST_DB=postgresql $(PY) -m pytest -q --durations=5 \
	    > .test-postgresql.log 2>&1; \
	  echo $$? > .test-postgresql.rc; echo $$(( $$(date +%s) - start )) > .test-postgresql.secs ) & \
	AXE_JS=$(AXE) INDICATORS_TEST_SPLIT=1 $(PY) -m pytest --durations=15; sqlite=$$?; \
	sqlite_secs=$$(( $$(date +%s) - start )); wait; pg=$$(cat .test-postgresql.rc); \
	echo "=== the same tests on PostgreSQL (INDICATORS_TEST_DB=postgresql) ==="; tail -n 40 .test-postgresql.log; \
	echo "SQLite pass: exit $$sqlite in $$sqlite_secs s; PostgreSQL pass: exit $$pg in $$(cat .test-postgresql.secs) s;" \
	  "make test: $$(( $$(date +%s) - start )) s in all (full PostgreSQL log: .test-postgresql.log)"; \
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
	$(VENV)/bin/mypy indicators ui app.py pages

clean-store:
	rm -f data/indicators.db data/indicators.db-wal data/indicators.db-shm
