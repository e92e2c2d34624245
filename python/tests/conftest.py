"""Shared helpers: run dbt in a subprocess (dbt-duckdb holds its file while it runs)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
# pytest-xdist groups (pyproject: --dist loadgroup): a group's tests share one worker and its
# session fixtures, so each demo build happens once per group. Balanced by measured time:
# worker A builds the DuckDB demo (pipeline, matching) and runs the Postgres scenarios;
# worker B builds both demos (cross-target comparisons) and runs the DuckDB scenarios.
WORKER_A = pytest.mark.xdist_group("a")
WORKER_B = pytest.mark.xdist_group("b")
DBT = str(Path(sys.executable).with_name("dbt"))


# Test builds are small: most of a node's time is dbt's own overhead and round trips, which
# more threads than cores overlap (demo build on DuckDB: 25 s with 2 threads, 19.5 s with 4).
TEST_THREADS = "4"


def run_dbt(args: list[str], env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    cmd = [DBT, *args, "--threads", TEST_THREADS, "--profiles-dir", str(ROOT), "--project-dir", str(ROOT)]
    proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **env}, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        errors = [line for line in proc.stdout.splitlines() if "rror" in line or "FAIL" in line]
        raise AssertionError(f"{' '.join(args)[:300]} failed:\n" + "\n".join(errors[:40])
                             + f"\n...\n{proc.stdout[-4000:]}\n{proc.stderr[-2000:]}")
    return proc


def dbt_show(sql: str, env: dict[str, str]) -> list[dict]:
    """Rows of an inline query that may call the project's macros (`dbt show --inline`), run
    on the env's target. Values come back as dbt reads them (numbers as numbers)."""
    proc = run_dbt(["show", "--inline", sql, "--limit", "-1", "--output", "json",
                    "--log-format", "json"], env)
    for line in proc.stdout.splitlines():
        event = json.loads(line) if line.startswith("{") else {}
        if event.get("info", {}).get("name") == "ShowNode":
            return json.loads(event["data"]["preview"])
    raise AssertionError(f"dbt show printed no rows:\n{proc.stdout[-3000:]}")


def sql_text(value: str) -> str:
    """A SQL string literal (standard strings: quotes doubled, backslashes literal)."""
    return "'" + value.replace("'", "''") + "'"


def vars_arg(values: dict) -> list[str]:
    return ["--vars", json.dumps(values)]


@pytest.fixture(scope="session")
def duckdb_env(tmp_path_factory) -> dict[str, str]:
    """Env for a private DuckDB file and dbt target/log dirs, so tests never touch the
    developer's warehouse.duckdb."""
    base = tmp_path_factory.mktemp("duckdb")
    return {
        "IDSTITCH_TARGET": "duckdb",
        "IDSTITCH_DUCKDB_PATH": str(base / "warehouse.duckdb"),
        "DBT_TARGET_PATH": str(base / "target"),
        "DBT_LOG_PATH": str(base / "logs"),
    }


@pytest.fixture(scope="session")
def demo_build(duckdb_env) -> dict[str, str]:
    """The demo data seeded and built once: seeds with their own tests first (staging reads
    the demo seeds through source(), which dbt does not order after them), then the rest
    with all data tests and unit tests."""
    run_dbt(["build", "--select", "resource_type:seed", "--indirect-selection", "cautious"], duckdb_env)
    run_dbt(["build", "--exclude", "resource_type:seed"], duckdb_env)
    return duckdb_env


def copy_db(env: dict[str, str], dest: Path) -> Path:
    shutil.copy(env["IDSTITCH_DUCKDB_PATH"], dest)
    return dest


def query_duckdb(env: dict[str, str], sql: str) -> list[tuple]:
    """Rows of a query on the env's DuckDB file (opened read-only, closed right after)."""
    con = duckdb.connect(env["IDSTITCH_DUCKDB_PATH"], read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def evaluate_demo(env: dict[str, str]) -> dict:
    """Scores of the env's DuckDB build against the demo truth (idstitch evaluate)."""
    from idstitch import evaluate, warehouse

    con = duckdb.connect(env["IDSTITCH_DUCKDB_PATH"], read_only=True)
    try:
        return evaluate.evaluate(con, warehouse.DEMO_TRUTH)
    finally:
        con.close()


@pytest.fixture()
def scratch(demo_build, tmp_path) -> dict[str, str]:
    """A private copy of the built demo warehouse, for tests that break or rebuild things."""
    env = dict(demo_build)
    env["IDSTITCH_DUCKDB_PATH"] = str(copy_db(demo_build, tmp_path / "scratch.duckdb"))
    env["DBT_TARGET_PATH"] = str(tmp_path / "target")
    return env


@pytest.fixture(scope="session")
def postgres_env(tmp_path_factory) -> dict[str, str]:
    """Env for a private schema on the local PostgreSQL server, started (and its role and
    database created) if needed. In CI a server that cannot be had is an error; elsewhere
    the Postgres tests are skipped with one message naming how to start one."""
    from idstitch import postgres

    # one schema per pytest-xdist worker, so workers never drop each other's schemas
    schema = os.environ.get("IDSTITCH_TEST_PG_SCHEMA", "idstitch_test")
    if os.environ.get("PYTEST_XDIST_WORKER"):
        schema += "_" + os.environ["PYTEST_XDIST_WORKER"]
    try:
        settings = postgres.ensure_local_server()
    except RuntimeError as exc:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            raise
        pytest.skip(str(exc))
    postgres.drop_schemas(settings, schema)
    base = tmp_path_factory.mktemp("postgres")
    return {
        "IDSTITCH_TARGET": "postgres",
        "IDSTITCH_PG_SCHEMA": schema,
        "DBT_TARGET_PATH": str(base / "target"),
        "DBT_LOG_PATH": str(base / "logs"),
    }


@pytest.fixture(scope="session")
def postgres_demo_build(postgres_env) -> dict[str, str]:
    run_dbt(["build", "--select", "resource_type:seed", "--indirect-selection", "cautious"], postgres_env)
    run_dbt(["build", "--exclude", "resource_type:seed"], postgres_env)
    return postgres_env


# --- multi-run scenarios on tiny hand-made sources (scenarios.py), on both targets ---------

@pytest.fixture(scope="session")
def dbt_dirs(tmp_path_factory) -> dict[str, dict[str, str]]:
    """One target and log folder per warehouse for all scenario builds, so dbt parses
    partially (a folder shared by two profiles re-parses the whole project at each switch)."""
    base = tmp_path_factory.mktemp("scenario-dbt")
    return {kind: {"DBT_TARGET_PATH": str(base / kind / "target"),
                   "DBT_LOG_PATH": str(base / kind / "logs")} for kind in ("duckdb", "postgres")}


@pytest.fixture(scope="session")
def seeded(tmp_path_factory, dbt_dirs) -> dict:
    """Seeds loaded once per warehouse (and lazily: Postgres only when a Postgres scenario
    runs). Each scenario starts from this seeded state, never from another scenario's."""
    loaded: dict = {}

    from idstitch import postgres

    def load(kind: str, postgres_env: dict[str, str] | None = None) -> dict[str, str]:
        if kind not in loaded:
            if kind == "duckdb":
                path = tmp_path_factory.mktemp("scenario-seeds") / "seeded.duckdb"
                env = {"IDSTITCH_TARGET": "duckdb", "IDSTITCH_DUCKDB_PATH": str(path)}
            else:
                env = {"IDSTITCH_TARGET": "postgres",
                       "IDSTITCH_PG_SCHEMA": postgres_env["IDSTITCH_PG_SCHEMA"] + "_scn"}
                postgres.drop_schemas(postgres.Settings.from_env(), env["IDSTITCH_PG_SCHEMA"])
            env.update(dbt_dirs[kind])
            run_dbt(["seed"], env)
            loaded[kind] = env
        return loaded[kind]

    return load


# Seeded schemas a scenario keeps: the raw sources (emptied) and the analyst config.
KEPT_SCHEMAS = ("_raw", "_identity_config")


@pytest.fixture(params=[pytest.param("duckdb", marks=WORKER_B),
                        pytest.param("postgres", marks=WORKER_A)])
def warehouse(request, tmp_path, seeded):
    """A seeded warehouse (a copy of the seeded DuckDB file, or the Postgres scenario schema
    with everything built before dropped) with empty raw sources and no overrides."""
    from scenarios import Warehouse

    from idstitch.generate import TABLES

    if request.param == "duckdb":
        env = dict(seeded("duckdb"))
        env["IDSTITCH_DUCKDB_PATH"] = str(shutil.copy(env["IDSTITCH_DUCKDB_PATH"],
                                                      tmp_path / "s.duckdb"))
    else:
        env = dict(seeded("postgres", request.getfixturevalue("postgres_env")))
        from idstitch import postgres

        # everything dbt built in an earlier scenario goes: models, snapshots, hook functions
        postgres.drop_schemas(postgres.Settings.from_env(), env["IDSTITCH_PG_SCHEMA"],
                              keep=[env["IDSTITCH_PG_SCHEMA"] + k for k in KEPT_SCHEMAS])
    wh = Warehouse(env)
    for table in TABLES:
        wh.execute(f"delete from {{s}}_raw.{table}")
    wh.clear_overrides()
    return wh
