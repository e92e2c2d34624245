"""The same project on PostgreSQL 15: it builds, passes its tests, and gives exactly the
DuckDB answers."""

from __future__ import annotations

import duckdb
import pytest
from conftest import WORKER_B, run_dbt, vars_arg

from idstitch import postgres

pytestmark = WORKER_B

# Every column of the marts analysts read, compared value for value across targets.
COMPARED = {
    "customer_records": "record_key",
    "customers": "customer_id",
    "contacts": "record_key",
    "transactions": "transaction_key",
    "events": "event_key",
}
# The probabilistic model and every scored pair, compared the same way: the parameters are
# estimated on each target from its own data, so equal rows mean equal levels, u, m, EM.
COMPARED_MATCHING = {
    "int_identity__match_u_probabilities": "comparison, comparison_level",
    "int_identity__match_parameters": "comparison, comparison_level",
    "int_identity__match_scores": "record_key_a, record_key_b",
}


def _duckdb_rows(env, sql):
    con = duckdb.connect(env["IDSTITCH_DUCKDB_PATH"], read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _postgres_rows(env, sql):
    settings = postgres.Settings.from_env()
    with settings.connect() as con, con.cursor() as cur:
        cur.execute(sql.format(schema=env["IDSTITCH_PG_SCHEMA"]))
        return cur.fetchall()


def _columns(env, relation, schema="main"):
    return [name for (name,) in _duckdb_rows(env, f"""
        select column_name from information_schema.columns
        where table_schema = '{schema}' and table_name = '{relation}' order by ordinal_position""")]


def _normalize(rows):
    # float columns (confidence) may differ in the last bit between engines
    return [tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows]


# columns that name the run itself (its dbt invocation id), different on every build
RUN_COLUMNS = {"estimated_by"}


def _assert_identical(duckdb_env, postgres_env, relation, suffix, key):
    columns = [c for c in _columns(duckdb_env, relation, "main" + suffix) if c not in RUN_COLUMNS]
    select = ", ".join(columns)
    on_duckdb = _duckdb_rows(duckdb_env,
                             f"select {select} from main{suffix}.{relation} order by {key}")
    on_postgres = _postgres_rows(
        postgres_env, f"select {select} from {{schema}}{suffix}.{relation} order by {key}")
    assert len(on_duckdb) == len(on_postgres) > 0
    mismatches = [(a, b) for a, b in zip(_normalize(on_duckdb), _normalize(on_postgres),
                                         strict=True) if a != b]
    assert not mismatches, f"{len(mismatches)} rows differ, e.g. {mismatches[:2]}"


@pytest.mark.parametrize("mart", sorted(COMPARED))
def test_marts_identical_on_duckdb_and_postgres(demo_build, postgres_demo_build, mart):
    _assert_identical(demo_build, postgres_demo_build, mart, "", COMPARED[mart])


@pytest.mark.parametrize("model", sorted(COMPARED_MATCHING))
def test_matching_identical_on_duckdb_and_postgres(demo_build, postgres_demo_build, model):
    _assert_identical(demo_build, postgres_demo_build, model, "_identity",
                      COMPARED_MATCHING[model])


def test_same_clustering_passes_on_both(demo_build, postgres_demo_build):
    sql = "select pass, round, step, active_edges, changed_nodes from {} order by pass"
    on_duckdb = _duckdb_rows(demo_build, sql.format("main_identity.int_identity__clusters__rounds"))
    on_postgres = _postgres_rows(
        postgres_demo_build, sql.format("{schema}_identity.int_identity__clusters__rounds"))
    assert on_duckdb == on_postgres


def test_clustering_fixtures_on_postgres(postgres_env):
    env = dict(postgres_env)
    env["IDSTITCH_PG_SCHEMA"] = postgres_env["IDSTITCH_PG_SCHEMA"] + "_fx"
    run_dbt(["build", "--select",
             "path:models/fixtures path:seeds/fixtures path:tests/clustering",
             *vars_arg({"idstitch__fixtures": True})], env)
    [(passes, rounds)] = _postgres_rows(
        env, "select max(pass), max(round) from {schema}_fixtures.fixture_chain_components__rounds")
    assert passes <= 30 and rounds >= 1
