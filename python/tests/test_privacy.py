"""Where personal data lives (README, "Where personal data lives"): only the vault schema
<schema>_identity_vault holds identifiers, names, birth dates and addresses; every other
relation the project builds (marts and their work copies, the identity graph, clustering,
ids, the assignments history, stored test failures) holds tokens, keys, levels and counts.

The scan reads every text and date column of every such relation and fails on any value the
vault maps a token to (int_identity__vault: every identifier value and every value of a PII
attribute, as normalized). It goes red when a mart exposes values (idstitch__expose_pii), or
when a model holding values is built outside the vault schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import duckdb
from conftest import WORKER_B, run_dbt

from idstitch import postgres

pytestmark = WORKER_B

VAULT_SUFFIX = "_identity_vault"
# Schemas the project builds that hold no output of its own: the raw sources (the source
# systems' copy, which the project reads and never writes) and the reference data it ships
# (nicknames hold first names, the blocklist placeholder values).
NOT_BUILT_FROM_SOURCES = ("_raw", "_identity_config")
# A column holding each record's id in its source: the key that joins a customer back to the
# source systems (customer_records), so it is carried on by design (README).
RECORD_ID_COLUMNS = {"source_record_id"}
# Values this short ('8', a loyalty number; 'Al') cannot be told from the codes, levels and
# counts other tables hold as text; every email, phone, address and date is longer.
MIN_VALUE_LENGTH = 4
TEXT_TYPES = {"varchar", "text", "character varying", "date"}

Query = Callable[[str], list[tuple]]


def built_schemas(target_path: str, schema: str) -> set[str]:
    """The schemas of every relation the project builds (models, snapshots, stored test
    failures) as the manifest names them, and the target schema the marts are published to;
    without the vault and the schemas of data the project only reads."""
    manifest = json.loads((Path(target_path) / "manifest.json").read_text())
    schemas = {schema} | {node["schema"] for node in manifest["nodes"].values()
                          if node["resource_type"] in {"model", "snapshot", "test", "seed"}}
    return {s for s in schemas
            if s != schema + VAULT_SUFFIX and s not in {schema + x for x in NOT_BUILT_FROM_SOURCES}}


def leaks(query: Query, schema: str, schemas: set[str]) -> dict[str, list[str]]:
    """Per 'schema.relation.column': the vault values (at most 3) found in it."""
    vault = {value for (value,) in query(
        f"select distinct identifier_value from {schema}{VAULT_SUFFIX}.int_identity__vault")
        if value is not None and len(value) >= MIN_VALUE_LENGTH}
    assert len(vault) > 1000, "the vault is (nearly) empty: nothing to scan for"
    listed = ", ".join(f"'{s}'" for s in sorted(schemas))
    columns = query(f"""
        select table_schema, table_name, column_name, lower(data_type)
        from information_schema.columns
        where table_schema in ({listed})
        order by 1, 2, 3""")
    assert {s for s, *_ in columns} >= {schema, schema + "_identity", schema + "_snapshots"}
    found = {}
    for table_schema, table, column, data_type in columns:
        if data_type not in TEXT_TYPES or column in RECORD_ID_COLUMNS:
            continue
        values = {value for (value,) in query(
            f'select distinct cast("{column}" as text) '
            f'from "{table_schema}"."{table}"')}
        hits = values & vault
        if hits:
            found[f"{table_schema}.{table}.{column}"] = sorted(hits)[:3]
    return found


def test_no_relation_outside_the_vault_holds_a_vault_value_on_duckdb(demo_build):
    con = duckdb.connect(demo_build["IDSTITCH_DUCKDB_PATH"], read_only=True)
    try:
        schemas = built_schemas(demo_build["DBT_TARGET_PATH"], "main")
        assert not leaks(lambda sql: con.execute(sql).fetchall(), "main", schemas)
    finally:
        con.close()


def test_no_relation_outside_the_vault_holds_a_vault_value_on_postgres(postgres_env, tmp_path):
    # a build of its own: other tests on this worker rebuild the shared demo schemas
    env = {**postgres_env, "IDSTITCH_PG_SCHEMA": postgres_env["IDSTITCH_PG_SCHEMA"] + "_pii",
           "DBT_TARGET_PATH": str(tmp_path / "target")}
    postgres.drop_schemas(postgres.Settings.from_env(), env["IDSTITCH_PG_SCHEMA"])
    run_dbt(["build", "--select", "resource_type:seed", "--indirect-selection", "cautious"], env)
    run_dbt(["build", "--exclude", "resource_type:seed", "resource_type:unit_test"], env)
    schema = env["IDSTITCH_PG_SCHEMA"]
    schemas = built_schemas(env["DBT_TARGET_PATH"], schema)
    with postgres.Settings.from_env().connect() as con, con.cursor() as cur:
        def query(sql: str) -> list[tuple]:
            cur.execute(sql)
            return cur.fetchall()
        assert not leaks(query, schema, schemas)
