"""The token salt is a secret: a demo build with a salt of its own leaves no trace of it in
the dbt target and log folders it wrote (compiled and run SQL, manifest.json,
run_results.json, partial_parse.msgpack, dbt.log), on both targets, while every token is
md5(salt | type | value) with that salt; and a production target refuses to run without a
secret salt (macros/graph/tokenize.sql)."""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
from pathlib import Path

import duckdb
import pytest
import yaml
from conftest import DBT, ROOT, WORKER_A, WORKER_B, run_dbt

from idstitch import postgres

DEV_SALT = "idstitch-dev-salt"


def files_holding(needle: str, *folders: Path) -> list[str]:
    """Every file under the folders whose bytes hold `needle` (text or binary)."""
    hits = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and needle.encode() in path.read_bytes():
                hits.append(str(path))
    return hits


def salted_env(kind: str, tmp_path: Path, postgres_env: dict[str, str] | None, salt: str) -> dict:
    env = {"IDSTITCH_TARGET": kind, "IDSTITCH_TOKEN_SALT": salt,
           "DBT_TARGET_PATH": str(tmp_path / "target"), "DBT_LOG_PATH": str(tmp_path / "logs")}
    if kind == "duckdb":
        env["IDSTITCH_DUCKDB_PATH"] = str(tmp_path / "salted.duckdb")
    else:
        # the project's way to hand the salt to a Postgres session: PGOPTIONS, read by libpq
        env["IDSTITCH_PG_SCHEMA"] = postgres_env["IDSTITCH_PG_SCHEMA"] + "_salt"
        postgres.drop_schemas(postgres.Settings.from_env(), env["IDSTITCH_PG_SCHEMA"])
        env = postgres.with_token_salt({**os.environ, **env})
    return env


def vault_rows(env: dict[str, str]) -> list[tuple]:
    sql = "select identifier_type, token, identifier_value from {s}_identity_vault.int_identity__vault"
    if env["IDSTITCH_TARGET"] == "postgres":
        with postgres.Settings.from_env().connect() as con, con.cursor() as cur:
            cur.execute(sql.format(s=env["IDSTITCH_PG_SCHEMA"]))
            return cur.fetchall()
    con = duckdb.connect(env["IDSTITCH_DUCKDB_PATH"], read_only=True)
    try:
        return con.execute(sql.format(s="main")).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("kind", [pytest.param("duckdb", marks=WORKER_B),
                                  pytest.param("postgres", marks=WORKER_A)])
def test_the_salt_reaches_no_compiled_sql_artifact_or_log(kind, tmp_path, request):
    postgres_env = request.getfixturevalue("postgres_env") if kind == "postgres" else None
    salt = "canary-salt-" + secrets.token_hex(8)
    env = salted_env(kind, tmp_path, postgres_env, salt)
    run_dbt(["build", "--select", "resource_type:seed", "--indirect-selection", "cautious"], env)
    run_dbt(["build", "--exclude", "resource_type:seed"], env)

    target, logs = Path(env["DBT_TARGET_PATH"]), Path(env["DBT_LOG_PATH"])
    # the folders the build really wrote: its artifacts, its log and the SQL it ran
    for written in (target / "manifest.json", target / "run_results.json",
                    target / "partial_parse.msgpack", logs / "dbt.log"):
        assert written.stat().st_size > 0, written
    assert files_holding(salt, target, logs) == []
    # the SQL run names where the session keeps the salt
    vault_sql = next(target.glob("run/**/int_identity__vault.sql")).read_text()
    assert ("idstitch_token_salt" if kind == "duckdb" else "idstitch.token_salt") in vault_sql

    # the salt is the one every token is made with, and tokens are md5(salt|type|value)
    rows = vault_rows(env)
    assert len(rows) > 1000
    wrong = [(kind_, value) for kind_, token, value in rows
             if token != hashlib.md5(f"{salt}|{kind_}|{value}".encode()).hexdigest()]
    assert wrong == []


def prod_profile(folder: Path, kind: str) -> Path:
    """A profiles.yml whose target is named prod: the repo's output of that kind."""
    profiles = yaml.safe_load((ROOT / "profiles.yml").read_text())
    output = profiles["idstitch"]["outputs"][kind]
    folder.mkdir(exist_ok=True)
    (folder / "profiles.yml").write_text(yaml.safe_dump(
        {"idstitch": {"target": "prod", "outputs": {"prod": output}}}))
    return folder


def seed_one(env: dict[str, str], profiles_dir: Path = ROOT,
             extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`dbt seed` of one small config seed (on-run-start, the salt check, runs first) with
    `env` as the whole environment."""
    cmd = [DBT, "seed", "--select", "source_priority", *extra, "--profiles-dir", str(profiles_dir),
           "--project-dir", str(ROOT)]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)


@WORKER_B
def test_a_production_duckdb_target_refuses_the_dev_salt_and_no_salt(tmp_path):
    env = {"IDSTITCH_TARGET": "duckdb", "IDSTITCH_DUCKDB_PATH": str(tmp_path / "prod.duckdb"),
           "DBT_TARGET_PATH": str(tmp_path / "target"), "DBT_LOG_PATH": str(tmp_path / "logs")}
    profiles = prod_profile(tmp_path / "profiles", "duckdb")
    env = {**{k: v for k, v in os.environ.items() if k != "IDSTITCH_TOKEN_SALT"}, **env}

    unset = seed_one(env, profiles)
    assert unset.returncode != 0
    assert "refusing to build target 'prod' without a token salt" in unset.stdout, unset.stdout[-3000:]
    assert "IDSTITCH_TOKEN_SALT" in unset.stdout

    dev = seed_one({**env, "IDSTITCH_TOKEN_SALT": DEV_SALT}, profiles)
    assert dev.returncode != 0
    assert "refusing to build target 'prod' with the public development token salt" in dev.stdout, \
        dev.stdout[-3000:]
    # nothing was built
    con = duckdb.connect(env["IDSTITCH_DUCKDB_PATH"], read_only=True)
    try:
        assert con.execute("select count(*) from information_schema.tables "
                           "where table_name = 'source_priority'").fetchone() == (0,)
    finally:
        con.close()

    secret = seed_one({**env, "IDSTITCH_TOKEN_SALT": "prod-" + secrets.token_hex(8)}, profiles)
    assert secret.returncode == 0, secret.stdout[-3000:]


@WORKER_A
def test_a_postgres_run_that_requires_a_secret_salt_refuses_the_dev_salt(postgres_env, tmp_path):
    env = {"IDSTITCH_TARGET": "postgres",
           "IDSTITCH_PG_SCHEMA": postgres_env["IDSTITCH_PG_SCHEMA"] + "_saltprod",
           "DBT_TARGET_PATH": str(tmp_path / "target"), "DBT_LOG_PATH": str(tmp_path / "logs")}
    postgres.drop_schemas(postgres.Settings.from_env(), env["IDSTITCH_PG_SCHEMA"])
    required = ("--vars", '{"idstitch__require_secret_salt": true}')
    env = {**{k: v for k, v in os.environ.items() if k != "PGOPTIONS"}, **env}
    # no setting on the session: IDSTITCH_TOKEN_SALT alone does not reach Postgres
    unset = seed_one({**env, "IDSTITCH_TOKEN_SALT": "not-seen-by-postgres"}, extra=required)
    assert unset.returncode != 0
    assert "refusing to build target 'postgres' without a token salt" in unset.stdout, unset.stdout[-3000:]
    assert "PGOPTIONS" in unset.stdout

    dev = seed_one({**env, "PGOPTIONS": postgres.salt_pgoptions(DEV_SALT)}, extra=required)
    assert dev.returncode != 0
    assert "with the public development token salt" in dev.stdout, dev.stdout[-3000:]

    # a salt with a space and a backslash reaches the session as it is through PGOPTIONS
    salt = "prod salt\\" + secrets.token_hex(8)
    with postgres.Settings.from_env().connect(options=postgres.salt_pgoptions(salt)) as con, \
            con.cursor() as cur:
        cur.execute("select current_setting('idstitch.token_salt')")
        assert cur.fetchone() == (salt,)
    ok = seed_one({**env, "PGOPTIONS": postgres.salt_pgoptions(salt)}, extra=required)
    assert ok.returncode == 0, ok.stdout[-3000:]
    assert files_holding(salt, tmp_path) == []
    postgres.drop_schemas(postgres.Settings.from_env(), env["IDSTITCH_PG_SCHEMA"])
