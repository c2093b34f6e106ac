# Ujuzi — every target sets up what it needs (.venv, dependencies) first.
# Variables may be given as environment variables or on the command line:
#   make run PORT=9000 UJUZI_DATA_DIR=/srv/ujuzi
PYTHON ?= python3
VENV ?= .venv
PORT ?= 8000
UJUZI_DATA_DIR ?= $(CURDIR)/var
export PORT UJUZI_DATA_DIR

BIN := $(VENV)/bin
PYTEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help run test lint format bench messages lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip

$(VENV)/.base-installed: $(BIN)/python requirements/base.lock pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/base.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.base-installed requirements/dev.lock
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/dev.lock
	@touch $@

run: $(VENV)/.base-installed ## set up the embedded database with demo data and serve on 127.0.0.1:$(PORT)
	UJUZI_ENV=$${UJUZI_ENV:-development} $(BIN)/ujuzi init
	UJUZI_ENV=$${UJUZI_ENV:-development} $(BIN)/ujuzi demo
	@echo "Ujuzi: http://127.0.0.1:$(PORT)/  (demo logins above; Ctrl+C stops)"
	UJUZI_ENV=$${UJUZI_ENV:-development} $(BIN)/ujuzi serve --port $(PORT)

test: $(VENV)/.dev-installed ## run the whole suite (SQLite, or PostgreSQL when UJUZI_TEST_DATABASE_URL is set)
	$(BIN)/python tests/run.py -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed ## ruff (lint and format check) and mypy
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	UJUZI_ENV=test $(BIN)/mypy

format: $(VENV)/.dev-installed ## apply ruff's formatting and safe fixes
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

bench: $(VENV)/.dev-installed ## run the benchmarks; each prints JSON
	UJUZI_ENV=test $(BIN)/python bench/run.py

messages: $(VENV)/.dev-installed ## refresh the Kiswahili catalogue from the source and compile it
	cd src/ujuzi && UJUZI_ENV=test ../../$(BIN)/ujuzi makemessages -l sw --no-location --no-obsolete --ignore 'migrations/*'
	cd src/ujuzi && UJUZI_ENV=test ../../$(BIN)/ujuzi compilemessages -l sw

lock: $(BIN)/python ## regenerate the pinned lock files from pyproject.toml
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile -q --python-version 3.11 --no-header pyproject.toml -o requirements/base.lock
	$(BIN)/uv pip compile -q --python-version 3.11 --no-header --extra dev pyproject.toml -o requirements/dev.lock

clean: ## remove the virtualenv and local data
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
