# TPBIS Portal — the two commands: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: run run-full test lint check messages bench system-deps clean

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

## run: serve the portal on SQLite with demo data (tasks run eagerly without REDIS_URL)
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite on throwaway PostgreSQL and Redis, with Playwright on Debian's Chromium
test: system-deps $(VENV)/.installed
	scripts/with_services.sh $(MAKE) --no-print-directory lint pytest

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	scripts/check_messages.sh

pytest: $(VENV)/.installed
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest $(PYTEST_ARGS)

## messages: refresh the translation catalogues and compile them (needs gettext)
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l id --no-obsolete --no-location --ignore=.venv --ignore=staticfiles --ignore=node_modules
	$(PY) manage.py compilemessages -l id --ignore=.venv

system-deps:
	scripts/system_deps.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
