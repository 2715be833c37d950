# Two commands for a fresh machine: `make run` and `make test`. Everything they need is installed from here.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
IS_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo yes)

.PHONY: run test test-fast lint typecheck system-deps clean-store help

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

# Debian's Chromium for the browser tests and PostgreSQL server binaries for the store tests, when missing and root.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
	  if [ "$(IS_ROOT)" = yes ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium postgresql >/dev/null; \
	  else echo "note: chromium or postgresql missing and not root: those tests will skip (and fail with CI=true)"; fi; \
	fi

test: $(VENV)/.dev system-deps
	$(PY) -m pytest

test-fast: $(VENV)/.dev
	$(PY) -m pytest -m "not browser"

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.dev
	$(VENV)/bin/mypy indicators

clean-store:
	rm -f data/indicators.db data/indicators.db-wal data/indicators.db-shm
