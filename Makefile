# The two commands of the README: `make build` and `make test`. Both are idempotent.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
DBT_FLAGS ?= --profiles-dir $(CURDIR) --project-dir $(CURDIR)
export IDSTITCH_DUCKDB_PATH ?= $(CURDIR)/warehouse.duckdb

.PHONY: build test setup lint evaluate postgres-build clean splink-env splink-benchmark

## setup: create .venv (if missing) and install the pinned dependencies
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $@

## build: load the demo sources and run `dbt build` on the embedded DuckDB file
build: setup
	@if [ "$${IDSTITCH_TARGET:-duckdb}" = postgres ]; then $(BIN)/idstitch postgres-up; fi
	$(DBT) seed $(DBT_FLAGS)
	$(DBT) build $(DBT_FLAGS) --exclude resource_type:seed
	@echo
	@$(BIN)/idstitch summary

## evaluate: score the built marts against the demo truth (IDSTITCH_TARGET picks the target)
evaluate: setup
	$(BIN)/idstitch evaluate

## test: every test: lint (sqlfluff, ruff), pytest (which runs dbt builds, data and unit tests)
test: setup lint
	$(BIN)/pytest

lint: setup
	$(BIN)/ruff check python
	$(BIN)/sqlfluff lint models tests analyses

## splink-env: a separate environment with Splink, for the benchmark only (not a dependency)
splink-env: .venv-splink/.installed

.venv-splink/.installed:
	@test -x .venv-splink/bin/python || $(PYTHON) -m venv .venv-splink
	.venv-splink/bin/python -m pip install --quiet --disable-pip-version-check "splink>=5,<6"
	@touch $@

## splink-benchmark: idstitch and Splink on the same 20,000 generated persons (NOISE=high ...)
splink-benchmark: setup splink-env
	$(BIN)/idstitch splink-benchmark --persons $(or $(PERSONS),20000) --noise $(or $(NOISE),medium)

clean:
	rm -rf target logs warehouse.duckdb warehouse.duckdb.wal
