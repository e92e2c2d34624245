"""The whole pipeline on DuckDB: the demo build, its quality, its invariants, and proof that
the invariant tests go red when their mechanism breaks."""

from __future__ import annotations

import csv

import duckdb
import pytest
from conftest import WORKER_A, evaluate_demo, query_duckdb, run_dbt, vars_arg

from idstitch import warehouse

pytestmark = WORKER_A

FIXTURE_SELECTION = ["--select", "path:models/fixtures path:seeds/fixtures path:tests/clustering"]


def test_demo_precision_and_every_record_scored(demo_build):
    result = evaluate_demo(demo_build)
    with open(warehouse.DEMO_TRUTH, newline="") as fh:
        truth_records = sum(1 for _ in csv.DictReader(fh))
    print("demo scores:", result)
    assert result["records"] == truth_records
    assert result["pairwise"]["precision"] >= 0.99
    assert result["pairwise"]["recall"] >= 0.75
    assert result["bcubed"]["precision"] >= 0.99


def test_every_identity_record_has_exactly_one_customer(demo_build):
    [(rows, keys, missing)] = query_duckdb(demo_build, """
        select count(*), count(distinct record_key), count(*) filter (where customer_id is null)
        from main.customer_records""")
    [(records,)] = query_duckdb(demo_build, "select count(*) from main_identity_vault.int_identity__records")
    assert rows == keys == records and missing == 0


def test_marts_carry_tokens_not_pii(demo_build):
    rows = query_duckdb(demo_build, "select email, phone from main.customers "
                              "where email is not null limit 50")
    assert rows
    for email, phone in rows:
        assert "@" not in email and len(email) == 32
        assert phone is None or not phone.startswith("+")


def test_customer_attributes_keep_their_source_types(demo_build):
    types = dict(query_duckdb(demo_build, """
        select column_name, data_type from information_schema.columns
        where table_schema = 'main' and table_name = 'customers'"""))
    # survivorship compares values as text; the mart casts them back to the staging types
    assert types["loyalty_points"] == "INTEGER"
    assert types["birth_date"] == "VARCHAR"  # a token: PII is masked
    [(points,)] = query_duckdb(demo_build, "select sum(loyalty_points) from main.customers")
    assert points > 0


def test_rebuild_over_same_input_changes_no_id(demo_build, scratch):
    before = dict(query_duckdb(scratch, "select record_key, customer_id from main.customer_records"))
    run_dbt(["build", "--exclude", "resource_type:seed"], scratch)
    after = dict(query_duckdb(scratch, "select record_key, customer_id from main.customer_records"))
    assert before == after


def test_run_metrics_record_rounds_and_sources(demo_build):
    rows = dict(((m, d), v) for m, d, v in query_duckdb(demo_build, """
        select metric, dimension, metric_value from main.identity_run_metrics"""))
    assert rows[("clustering_rounds", "passes")] >= rows[("clustering_rounds", "hook")] >= 1
    assert {d for (m, d) in rows if m == "source_records"} == {
        "ecommerce", "mobile_app", "loyalty", "pos", "callcenter", "enrichment"}
    # every configured rule's blocks are counted before pairs are formed, 0 included
    rules = {d for (m, d) in rows if m == "blocking_comparisons"}
    assert rules == {"full_name", "swapped_names", "birth_date_first_name",
                     "birth_date_last_name", "postcode_last_name_first_initial",
                     "phone_first_initial", "street_first_initial"}
    assert all(rows[("blocks_skipped", rule)] == 0 for rule in rules)
    [(formed,)] = query_duckdb(demo_build, """
        select count(*) from main_identity_vault.int_identity__match_pairs where in_full_name""")
    assert rows[("blocking_comparisons", "full_name")] == formed > 0


def test_placeholder_names_and_birth_dates_merge_nobody(scratch):
    """On the demo's parameters a rare 'unknown' weighs ~7 bits: without placeholder
    detection these 70 vendor rows became 2 customers at probability 0.9966."""
    con = duckdb.connect(scratch["IDSTITCH_DUCKDB_PATH"])
    for i in range(35):
        con.execute("insert into main_raw.enrichment_persons (enrichment_id, first_name, last_name, "
                    "postcode, updated_at) values (?, 'Unknown', 'Unknown', '10001', '2021-01-01')",
                    [f"U{i}"])
        con.execute("insert into main_raw.enrichment_persons (enrichment_id, first_name, last_name, "
                    "birth_date, updated_at) values (?, 'N/A', 'n/a', '1900-01-01', '2021-01-01')",
                    [f"N{i}"])
    con.close()
    run_dbt(["build", "--exclude", "resource_type:seed", "resource_type:unit_test"], scratch)
    [(customers, records)] = query_duckdb(scratch, """
        select count(distinct customer_id), count(*) from main.customer_records
        where regexp_matches(record_key, '^enrichment:[UN][0-9]+$')""")
    assert (customers, records) == (70, 70)


def test_size_cap_test_goes_red_when_a_cluster_is_too_big(scratch):
    proc = run_dbt(["test", "--select", "assert_no_cluster_above_size_cap",
                    *vars_arg({"idstitch__max_cluster_size": 2})], scratch, check=False)
    assert proc.returncode != 0 and "FAIL" in proc.stdout


def test_reconciliation_test_goes_red_when_a_record_is_lost(scratch):
    con = duckdb.connect(scratch["IDSTITCH_DUCKDB_PATH"])
    con.execute("delete from main_work.customer_records where record_key = "
                "(select min(record_key) from main_work.customer_records where source = 'pos')")
    con.close()
    proc = run_dbt(["test", "--select", "assert_every_source_record_assigned_once"], scratch,
                   check=False)
    assert proc.returncode != 0 and "FAIL" in proc.stdout


def test_pii_test_goes_red_when_marts_expose_values(scratch):
    run_dbt(["run", "--select", "customers", *vars_arg({"idstitch__expose_pii": True})], scratch)
    proc = run_dbt(["test", "--select", "assert_no_raw_pii_in_marts"], scratch, check=False)
    assert proc.returncode != 0 and "FAIL" in proc.stdout


def test_iteration_cap_fails_the_build_loudly(scratch):
    proc = run_dbt(["run", "--select", "int_identity__clusters",
                    *vars_arg({"idstitch__max_clustering_passes": 2})], scratch, check=False)
    assert proc.returncode != 0
    assert "did not converge within 2 passes" in proc.stdout


def test_misconfigured_source_fails_with_its_name(scratch):
    bad = [{"source": "fax_machine", "model": "stg_ecommerce__customers",
            "record_id": "customer_id", "created_at": "created_at",
            "identifiers": [{"type": "fax", "column": "phone"}]}]
    proc = run_dbt(["compile", "--select", "int_identity__records",
                    *vars_arg({"idstitch__sources": bad})], scratch, check=False)
    assert proc.returncode != 0
    assert "entry 'fax_machine'" in proc.stdout
    assert "type 'fax' is not declared in idstitch__identifier_types (declared: address," in proc.stdout


@pytest.mark.parametrize("bad_vars, message", [
    # `| int` once read these as 0, and every block was skipped on a green build
    ({"idstitch__max_block_size": "abc"}, "idstitch__max_block_size must be a whole number"),
    ({"idstitch__max_block_size": "1,000"}, "idstitch__max_block_size must be a whole number"),
    ({"idstitch__max_block_size": 0}, "idstitch__max_block_size must be a whole number"),
    ({"idstitch__max_block_size": 2.9}, "idstitch__max_block_size must be a whole number"),
    ({"idstitch__blocking_rules": [{"name": "full-name", "keys": ["last_name"]}]},
     "rule name 'full-name' must be lower-case"),
    ({"idstitch__blocking_rules": [{"name": "x", "keys": ["first_name_key[:0]"]}]},
     "needs a prefix length of at least 1"),
])
def test_misconfigured_blocking_fails_with_its_name(scratch, bad_vars, message):
    proc = run_dbt(["compile", "--select", "int_identity__match_blocks", *vars_arg(bad_vars)],
                   scratch, check=False)
    assert proc.returncode != 0
    assert message in proc.stdout, proc.stdout[-2000:]


def test_clustering_fixtures(duckdb_env, tmp_path):
    env = dict(duckdb_env)
    env["IDSTITCH_DUCKDB_PATH"] = str(tmp_path / "fixtures.duckdb")
    env["DBT_TARGET_PATH"] = str(tmp_path / "target")
    # dbt tests on the fixtures: exact partitions, labels = smallest member, chain <= 30 passes
    run_dbt(["build", *FIXTURE_SELECTION, *vars_arg({"idstitch__fixtures": True})], env)
    [(passes, rounds)] = query_duckdb(env, "select max(pass), max(round) "
                                     "from main_fixtures.fixture_chain_components__rounds")
    print(f"1,000-record chain with increasing keys: {rounds} rounds, {passes} passes")
    assert passes <= 30
    [(components, nodes)] = query_duckdb(env, "select count(distinct component), count(*) "
                                        "from main_fixtures.fixture_chain_components")
    assert (components, nodes) == (1, 1000)


def test_components_match_scipy_on_random_graphs_and_chains_with_either_key_kind(tmp_path, monkeypatch):
    """The connected_components materialization against scipy on the cc-benchmark's graphs
    (a random graph, chains of 1,000 increasing keys), given integer ids and text keys: the
    same partition (scale.components_versus_scipy raises SystemExit on any difference)."""
    from idstitch import scale

    monkeypatch.setenv("IDSTITCH_DUCKDB_PATH", str(tmp_path / "cc.duckdb"))  # restored after
    rows = scale.cc_benchmark(20_000, ["random", "chains"], tmp_path)
    assert [(r["shape"], r["keys"]) for r in rows] == [
        ("random", "integer"), ("random", "text"), ("chains", "integer"), ("chains", "text")]
    chains = [r for r in rows if r["shape"] == "chains"]
    assert all(r["components"] == 20 and r["nodes"] == 20_000 for r in chains)
