# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# A local run is a development run unless the caller says otherwise.
run test: export DEBUG ?= 1

.PHONY: run test lint install lock messages clean

# Every package at the version and hash requirements.lock names, nothing else:
# a fresh clone tests what CI tested, whatever was released since. The project
# itself is not installed: manage.py, gunicorn and pytest run from this folder.
$(STAMP): requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	touch $(STAMP)

# Re-resolve pyproject.toml's ranges to today's releases (see the README's
# "Upgrading dependencies"); then run `make test` and commit requirements.lock.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --universal \
		--python-version 3.11 --upgrade --quiet -o requirements.lock

# axe-core, for the accessibility checks of the browser tests (test-only).
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the browser tests will be skipped (CI installs it)"; fi

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP) $(AXE)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

messages: $(STAMP)
	$(BIN)/python manage.py makemessages -l fr -l en --ignore=.venv --ignore=node_modules --ignore=tests --ignore=bench
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) var .pytest_cache node_modules test-artifacts
