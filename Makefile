# The two commands of the README: `make build` and `make test`. Both are idempotent.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
DBT := $(BIN)/dbt
DBT_FLAGS ?= --profiles-dir $(CURDIR) --project-dir $(CURDIR)
export IDSTITCH_DUCKDB_PATH ?= $(CURDIR)/warehouse.duckdb

PIP := $(BIN)/python -m pip --disable-pip-version-check
# sqlfluff with a deeper Python stack: normalize_street nests ~20 replace() calls around the
# transliteration subquery, past sqlfluff's parser depth at the default limit of 1000
SQLFLUFF := $(BIN)/python -c 'import sys; sys.setrecursionlimit(6000); \
	from sqlfluff.cli.commands import cli; cli()' 
# the dbt sessions' PGOPTIONS: the caller's, plus -c idstitch.token_salt=... when
# IDSTITCH_TOKEN_SALT is set, since Postgres reads the token salt from that session setting,
# never from SQL (python/idstitch/postgres.py, with_token_salt); DuckDB ignores it
PG_SESSION = PGOPTIONS="$$($(BIN)/python -c 'import os; from idstitch.postgres import with_token_salt; \
	print(with_token_salt(dict(os.environ)).get("PGOPTIONS", ""))')"
LOCK_FLAGS := --extra dev --generate-hashes --allow-unsafe --all-build-deps --strip-extras \
	--no-emit-index-url --no-emit-find-links --index-url https://pypi.org/simple

.PHONY: build test pytest setup lint lock evaluate postgres-build clean splink-env splink-benchmark

## setup: a fresh .venv with exactly the versions in requirements.lock (hash-checked), then
## idstitch itself (editable, no dependency resolution: nothing outside the lock gets in)
setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation -e .
	@touch $@

## lock: re-resolve requirements.lock from pyproject.toml's ranges (pip-tools' pip-compile).
## Keeps current pins where they still fit; `make lock UPGRADE=1` moves every pin to the newest.
lock:
	@test -x .venv-lock/bin/pip-compile || { $(PYTHON) -m venv .venv-lock && \
		.venv-lock/bin/pip install --quiet "pip-tools==7.6.2"; }
	CUSTOM_COMPILE_COMMAND="make lock" PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= \
		.venv-lock/bin/pip-compile --quiet $(LOCK_FLAGS) \
		$(if $(UPGRADE),--upgrade) --output-file requirements.lock pyproject.toml

## build: load the demo sources and run `dbt build` on the embedded DuckDB file
build: setup
	@if [ "$${IDSTITCH_TARGET:-duckdb}" = postgres ]; then $(PG_SESSION) $(BIN)/idstitch postgres-up; fi
	@# seeds (and their own tests) first: staging reads the demo seeds through source(), which
	@# dbt does not order after them
	$(PG_SESSION) $(DBT) build $(DBT_FLAGS) --select resource_type:seed --indirect-selection cautious
	$(PG_SESSION) $(DBT) build $(DBT_FLAGS) --exclude resource_type:seed
	@echo
	@$(BIN)/idstitch summary

## evaluate: score the built marts against the demo truth (IDSTITCH_TARGET picks the target)
evaluate: setup
	$(BIN)/idstitch evaluate

## test: every test: lint (sqlfluff, ruff) and pytest (which runs dbt builds, data and unit
## tests), side by side: sqlfluff keeps one core busy while pytest mostly waits on dbt
test: setup
	$(MAKE) --no-print-directory -j2 --output-sync=target lint pytest

pytest: setup
	$(BIN)/pytest

## lint: ruff, sqlfluff on models/tests/analyses/snapshots, and the SQL the macros write
## (python/idstitch/lint_macros.py: sqlfluff alone sees nothing in a file of macros);
## LINT_MACROS picks the macro folders, e.g. `make lint LINT_MACROS=macros/normalize`
LINT_MACROS ?= macros
lint: setup
	$(BIN)/ruff check python
	$(SQLFLUFF) lint models tests analyses snapshots
	$(BIN)/python -m idstitch.lint_macros $(LINT_MACROS)

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
