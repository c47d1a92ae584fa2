# TPBIS Portal — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run run-full test lint pytest messages bench load lock system-deps backup restore clean

# Production packages (requirements.txt) for make run; the development and test tools (requirements-dev.txt)
# besides for make test, bench and load. Both locks carry hashes; a changed lock reinstalls.
PIP_INSTALL := $(PY) -m pip install --quiet --require-hashes

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is required"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip setuptools
	$(PIP_INSTALL) -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade pip setuptools
	$(PIP_INSTALL) -r requirements.txt -r requirements-dev.txt
	touch $@ $(VENV)/.installed

## run: serve the portal on SQLite with demo data (tasks run eagerly without REDIS_URL), in development mode
run: export DJANGO_DEBUG = true
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## run-full: web (gunicorn), Celery worker and beat against DATABASE_URL (PostgreSQL) and REDIS_URL
run-full: $(VENV)/.installed
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "Set DATABASE_URL and REDIS_URL (see README)"; exit 1; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo --if-empty
	$(VENV)/bin/honcho start

## backup / restore FILE=…: pg_dump of DATABASE_URL plus the media folder, and back
backup:
	scripts/backup.sh $(FILE)

restore:
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/tpbis-….tar.gz"; exit 1; }
	scripts/restore.sh $(FILE)

## load: 50 users for 60 s against gunicorn with production settings on loopback (docs/performance.md);
## LOAD_ARGS="--users 20 --duration 30" to change
load: system-deps $(VENV)/.installed-dev
	scripts/load.sh $(LOAD_ARGS)

## test: the whole suite on throwaway PostgreSQL and Redis, with Playwright on Debian's Chromium
test: system-deps $(VENV)/.installed-dev
	scripts/with_services.sh $(MAKE) --no-print-directory lint pytest

## bench: the performance benchmarks at 1k, 3k and 10k libraries (docs/performance.md); BENCH_ARGS="--sizes 1000" to change
bench: $(VENV)/.installed-dev
	scripts/system_deps.sh bench
	scripts/with_services.sh $(PY) -m perf.bench.run $(BENCH_ARGS)

# The checks and the tests run with the development settings (plain HTTP, a local key); tests/test_security.py
# checks the production ones.
lint pytest messages: export DJANGO_DEBUG = true
lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	scripts/check_messages.sh

pytest: $(VENV)/.installed-dev
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest $(PYTEST_ARGS)

## messages: refresh the translation catalogues and compile them (needs gettext)
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l id --no-obsolete --no-location --ignore=.venv --ignore=staticfiles --ignore=node_modules
	$(PY) manage.py compilemessages -l id --ignore=.venv

## lock: compile requirements.in and requirements-dev.in into the hashed locks (UPGRADE=1 takes newer releases)
LOCK := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras \
	--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock: $(VENV)/.installed-dev
	$(LOCK) --output-file requirements.txt requirements.in
	$(LOCK) --output-file requirements-dev.txt requirements-dev.in

system-deps:
	scripts/system_deps.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
