# NewsMap: `make run` serves the app with the seed articles; `make test` runs every test.
# Both set up .venv first (Python from .python-version), so a fresh clone needs nothing else.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON_VERSION := $(shell cat .python-version)
# pyenv's python3.13 shim reads .python-version; any python3.13 on PATH does too.
PYTHON ?= python$(PYTHON_VERSION)
HOST ?= 127.0.0.1
PORT ?= 8000
export DEBUG ?= 1

.PHONY: db run test lint format bench bench-extract bench-dashboard bench-scale browser-deps load load-deps clean

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python $(PYTHON_VERSION) not found: install it (e.g. pyenv install $(PYTHON_VERSION))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

db: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py createcachetable
	$(PY) manage.py loadseeds --approve

# The worker is restarted whenever it exits, and stopped with the server (Ctrl-C or a
# signal to make): the EXIT trap stops the supervising loop, whose TERM trap stops the worker.
run: db
	$(PY) manage.py ensure_editor --url http://$(HOST):$(PORT)
	@echo "NewsMap: dashboard http://$(HOST):$(PORT)/  ·  editors http://$(HOST):$(PORT)/admin/"
	@trap 'kill $$supervisor 2>/dev/null; wait $$supervisor 2>/dev/null' EXIT; \
	( trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null; exit 0' TERM; \
	  while :; do \
	    $(PY) manage.py db_worker --no-startup-delay & worker=$$!; wait $$worker; \
	    echo "NewsMap: the background worker exited (status $$?); starting it again" >&2; sleep 1; \
	  done ) & supervisor=$$!; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# The browser tests drive Debian's chromium (Playwright's own download cannot run here).
browser-deps:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests"; fi; }

test: $(VENV)/.installed-dev browser-deps
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: bench-extract bench-dashboard

bench-extract: $(VENV)/.installed-dev
	$(PY) bench/bench_extract.py

bench-dashboard: $(VENV)/.installed-dev
	$(PY) bench/bench_dashboard.py

# Issue 9's table on PostgreSQL with 100,000 articles and 300,000 figures (built once in
# BENCH_DATABASE_URL, default newsmap_scale_bench on 127.0.0.1), Redis as the cache, wrk and chromium.
bench-scale: $(VENV)/.installed-dev load-deps browser-deps
	$(PY) bench/bench_scale.py

# gunicorn with 2 workers under wrk for 30 s while the worker extracts 1,000 imported articles.
load-deps:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
	  else echo "Install wrk (sudo apt-get install wrk) for the load run"; exit 1; fi; }

load: $(VENV)/.installed-dev load-deps
	$(PY) bench/load_run.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 db.sqlite3-wal db.sqlite3-shm
