"""Daily increments equal a full rebuild, on DuckDB and on PostgreSQL.

Day 1 is built from scratch; days 2..5 change the sources (a new record, an email edited, a
record deleted, an identical copy of a row added then removed, a bridge record, a never-link
set mid-way, a value edited from NULL to the text 'NULL', new activity) and are built as
increments; then the same day-5 input is rebuilt with --full-refresh on the same history. Every
staged table (row for row, copies included), the record-to-customer partition, the customer
ids and every mart must be the same, and the rebuild changes no assignment.

What is incremental today: staging (macros/materializations/incremental_staging.sql
normalizes only the source rows whose hash is new or whose copies changed in number). A
changed normalization (a var the staging SQL inlines) rebuilds the staged tables."""

from __future__ import annotations

from conftest import run_dbt, vars_arg
from scenarios import ANN, BOB, BRIDGE, Warehouse, insert_rows

MARTS = ["customers", "customer_records", "contacts", "transactions", "events",
         "identity_record_state"]
# enrichment loses its only record on day 3: assert_no_source_shrank stops a run unless the
# drop is acknowledged
VARS = {"idstitch__acknowledged_source_drops": ["enrichment"]}
BUILD = ["build", "--exclude", "resource_type:seed", "resource_type:unit_test"]


def build(wh: Warehouse, *extra: str, **dbt_vars) -> None:
    run_dbt(BUILD + list(extra) + vars_arg({**VARS, **dbt_vars}), wh.env)


def rows(wh: Warehouse, schema: str, table: str) -> list[tuple]:
    """Every row of schema.table, each as a tuple of text, sorted (a multiset)."""
    columns = [name for (name,) in wh.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema.format(s=wh.schema), table])]
    assert columns, f"{schema}.{table} has no columns: not built?"
    select = ", ".join(f"cast({c} as varchar)" for c in columns)
    return sorted((tuple(row) for row in wh.execute(f"select {select} from {schema}.{table}")),
                  key=lambda row: tuple("" if v is None else v for v in row))


def staged(wh: Warehouse) -> dict[str, list[tuple]]:
    tables = [name for (name,) in wh.execute(
        "select table_name from information_schema.tables "
        "where table_schema = ? and table_name like ? and table_type <> 'VIEW'",
        [f"{wh.schema}_identity_vault", "stg%"])
        if not name.endswith("__state")]
    assert len(tables) >= 10, tables
    return {table: rows(wh, "{s}_identity_vault", table) for table in sorted(tables)}


def staging_figures(wh: Warehouse) -> dict[str, int]:
    """The latest run's staged_rows_normalized and staged_rows_kept (identity_run_metrics)."""
    return {f"{metric}:{dimension}": int(value) for metric, dimension, value in wh.execute("""
        select metric, dimension, metric_value from {s}.identity_run_metrics
        where metric in ('staged_rows_normalized', 'staged_rows_kept') and run_started_at = (
            select max(run_started_at) from {s}.identity_run_metrics)""")}


def outputs(wh: Warehouse) -> dict:
    # the change log: a rebuild of the same input and history changes no assignment
    return {"staged": staged(wh), "assignments": wh.assignments(),
            "change_log": wh.execute("select count(*) from {s}.identity_changes"),
            **{mart: rows(wh, "{s}", mart) for mart in MARTS}}


def test_increments_equal_a_full_rebuild(warehouse):
    wh = warehouse
    # day 1: Ann and Bob, a call-center row sent twice as it is, an order
    insert_rows(wh, ANN + BOB + [
        ("callcenter_contacts", {"contact_id": "C9", "email": "cy@example.org",
                                 "first_name": "Cy", "created_at": "2021-04-01 00:00:00"}),
        ("callcenter_contacts", {"contact_id": "C9", "email": "cy@example.org",
                                 "first_name": "Cy", "created_at": "2021-04-01 00:00:00"}),
        ("ecommerce_orders", {"order_id": "O1", "customer_id": "A1", "amount": "10.00",
                              "currency": "EUR", "ordered_at": "2022-02-02 10:00:00",
                              "status": "paid"}),
    ])
    build(wh)
    # day 2: a new app user; Bob's call-center email edited
    insert_rows(wh, [("app_users", {"app_user_id": "U5", "email": "dee@example.org",
                                    "created_at": "2022-03-01 00:00:00"})])
    wh.execute("update {s}_raw.callcenter_contacts set email = 'robert.ray@example.org' "
               "where contact_id = 'B2'")
    build(wh)
    # day 3: enrichment deletes Bob's record; a third identical copy of C9 arrives
    wh.execute("delete from {s}_raw.enrichment_persons")
    insert_rows(wh, [("callcenter_contacts", {"contact_id": "C9", "email": "cy@example.org",
                                              "first_name": "Cy",
                                              "created_at": "2021-04-01 00:00:00"})])
    build(wh)
    # day 4: the bridge merges Ann and Bob; every copy of C9 goes and one comes back (a
    # row that changed in number only)
    insert_rows(wh, [BRIDGE])
    wh.execute("delete from {s}_raw.callcenter_contacts where contact_id = 'C9'")
    insert_rows(wh, [("callcenter_contacts", {"contact_id": "C9", "email": "cy@example.org",
                                              "first_name": "Cy",
                                              "created_at": "2021-04-01 00:00:00"})])
    build(wh)
    assert len({wh.assignments()[key] for key in ("ecommerce:A1", "ecommerce:B1")}) == 1
    # day 5: an analyst never-links Ann's and Bob's shop accounts; Ann's loyalty row gets
    # the text 'NULL' for a phone it did not have (a raw change that normalizes to
    # nothing); a second order; a new loyalty member
    wh.override("never_link", "ecommerce:A1", "ecommerce:B1")
    wh.execute("update {s}_raw.loyalty_members set phone = 'NULL' where loyalty_id = '7001'")
    insert_rows(wh, [
        ("ecommerce_orders", {"order_id": "O2", "customer_id": "B1", "amount": "5.00",
                              "currency": "EUR", "ordered_at": "2022-04-04 10:00:00"}),
        ("loyalty_members", {"loyalty_id": "7002", "email": "eve@example.org",
                             "first_name": "Eve", "enrolled_at": "2022-05-01 00:00:00"}),
    ])
    build(wh)
    increment = outputs(wh)
    # the increments did what they say: C9 is staged once, the never-link split the bridge
    assert wh.execute("select count(*) from {s}_identity_vault.stg_callcenter__contacts "
                      "where contact_id = 'C9'") == [(1,)]
    assert increment["assignments"]["ecommerce:A1"] != increment["assignments"]["ecommerce:B1"]
    # day 5 normalized the new order and kept the first; the call center sent nothing new
    figures = staging_figures(wh)
    assert figures["staged_rows_normalized:stg_ecommerce__orders:incremental"] == 1
    assert figures["staged_rows_kept:stg_ecommerce__orders"] == 1
    assert figures["staged_rows_normalized:stg_callcenter__contacts:incremental"] == 0
    assert figures["staged_rows_kept:stg_callcenter__contacts"] == 2

    build(wh, "--full-refresh")
    rebuilt = outputs(wh)
    assert staging_figures(wh)["staged_rows_normalized:stg_ecommerce__orders:full"] == 2
    for name in increment:
        assert increment[name] == rebuilt[name], name


def test_a_changed_normalization_or_materialization_rebuilds_the_staged_tables(warehouse):
    wh = warehouse
    insert_rows(wh, BOB)
    build(wh)
    us = staged(wh)["stg_callcenter__contacts"]
    # the default region reads '555-000-2222' as a US number; as British it is none
    build(wh, idstitch__phone_default_region="GB")
    gb = staged(wh)["stg_callcenter__contacts"]
    assert gb != us
    build(wh, "--full-refresh", idstitch__phone_default_region="GB")
    assert staged(wh)["stg_callcenter__contacts"] == gb

    # back to US (a full build); one run as plain tables (rows without a hash, the state of
    # the US build kept), an edit, then incremental again
    build(wh)
    assert staged(wh)["stg_callcenter__contacts"] == us
    build(wh, idstitch__staging_materialization="table")
    wh.execute("update {s}_raw.ecommerce_customers set last_name = 'Rey' where customer_id = 'B1'")
    build(wh)
    increment = staged(wh)
    build(wh, "--full-refresh")
    assert staged(wh) == increment
