"""Bad rows are quarantined, not fatal (issue 15), on DuckDB and PostgreSQL: a source row
without a record id, and the extra copies of a duplicated record id, go to
int_identity__quarantined_records with the reason; every reader of the sources leaves them
out (records, identifiers, vault, normalization issues), identity_run_metrics counts them,
a warn-level test lists them, and the build publishes the marts. The kept copy is the
latest one, then the one with the smallest content fingerprint, whatever the rows' order
in the table. With idstitch__on_bad_records: fail the build stops and publishes nothing."""

from __future__ import annotations

import json
import re

import duckdb
from conftest import run_dbt
from scenarios import ANN, BOB, Warehouse, insert_rows, plain_id

from idstitch import warehouse as idstitch_warehouse

BUILD = ["build", "--exclude", "resource_type:seed", "resource_type:unit_test"]

# a shop row that lost its key in the extract: its values must reach nothing
GHOST = ("ecommerce_customers", {"customer_id": None, "email": "ghost@example.org", "first_name": "Gus",
                                 "last_name": "Host", "created_at": "2020-01-01 00:00:00"})
BLANK = ("callcenter_contacts", {"contact_id": "  ", "email": "blank@example.org", "first_name": "Bea",
                                 "created_at": "2020-01-01 00:00:00"})
# Dora's call-center contact exported twice: the older copy has a stale email and an
# unreadable phone, the newer one Bob's email (so the kept copy links to Bob)
DORA_OLD = ("callcenter_contacts", {"contact_id": "D1", "email": "dora.old@example.org", "phone": "abc",
                                    "first_name": "Bob", "created_at": "2021-05-01 00:00:00",
                                    "updated_at": "2021-02-01 00:00:00"})
DORA_NEW = ("callcenter_contacts", {"contact_id": "D1", "email": "bob@example.org", "first_name": "Bob",
                                    "created_at": "2021-05-01 00:00:00", "updated_at": "2022-02-01 00:00:00"})
# two enrichment rows for one id with the same record time: the row content decides
TIE = [("enrichment_persons", {"enrichment_id": "E7", "email": f"{name}@example.org", "first_name": name,
                               "updated_at": "2021-06-01 00:00:00"}) for name in ("tia", "tea")]
# the same loyalty row loaded twice, byte for byte
ANN_TWICE = [row for row in ANN if row[0] == "loyalty_members"]
# app users exported twice, newer copy first: the record time decides, not the content (with
# six ids, some newer copy has the larger fingerprint: checked below)
APP_TWICE = [("app_users", {"app_user_id": f"M{i}", "device_id": f"{age}-device-{i}", "first_name": "Max",
                            "created_at": "2020-01-01 00:00:00", "updated_at": updated})
             for i in range(6)
             for age, updated in (("new", "2022-01-01 00:00:00"), ("old", "2021-01-01 00:00:00"))]


# activity: Bob's order O1 exported twice with different amounts (the copy with the smaller
# fingerprint stays), and an app event that lost its id
ORDER_TWICE = [("ecommerce_orders", {"order_id": "O1", "customer_id": "B1", "amount": amount,
                                     "ordered_at": "2022-03-01 10:00:00", "currency": "usd",
                                     "status": "paid"})
               for amount in ("10.00", "12.50")]
NAMELESS_EVENT = ("app_events", {"event_id": None, "app_user_id": "M0", "event_type": "open",
                                 "occurred_at": "2022-03-02 10:00:00"})


def quarantined(wh: Warehouse) -> list[tuple]:
    return sorted(wh.execute("select source, source_record_id, reason, copies from "
                             "{s}_identity.int_identity__quarantined_records"),
                  key=lambda row: [str(v) for v in row])


def metric(wh: Warehouse, name: str) -> dict[str, int]:
    return dict(wh.execute("select dimension, metric_value from {s}.identity_run_metrics "
                           "where metric = ? and run_started_at = "
                           "(select max(run_started_at) from {s}.identity_run_metrics)", [name]))


def in_vault(wh: Warehouse, value: str) -> bool:
    return bool(wh.execute("select 1 from {s}_identity_vault.int_identity__vault "
                           "where identifier_value = ?", [value]))


def email_token(wh: Warehouse, record_key: str) -> list[str]:
    return [t for (t,) in wh.execute("select token from {s}_identity_vault.int_identity__identifiers "
                                     "where record_key = ? and identifier_type = 'email'", [record_key])]


def test_summary_counts_quarantined_rows():
    # `make build`'s summary says how many source rows were left out, by reason
    con = duckdb.connect()
    con.execute("create table identity_run_metrics as select * from (values "
                "('run1', timestamp '2026-01-01', 'source_records', 'pos', 5), "
                "('run1', timestamp '2026-01-01', 'quarantined_records', 'pos:missing_record_id', 2), "
                "('run1', timestamp '2026-01-01', 'quarantined_records', 'crm:missing_record_id', 1), "
                "('run1', timestamp '2026-01-01', 'quarantined_records', 'pos:duplicate_record_id', 0)) "
                "as t(invocation_id, run_started_at, metric, dimension, metric_value)")
    lines = idstitch_warehouse.summary(con).splitlines()
    assert ("quarantined rows:    3 source rows left out (duplicate_record_id 0, missing_record_id 3; "
            "listed in int_identity__quarantined_records)") in lines


def test_bad_rows_are_quarantined_not_fatal(warehouse):
    wh = warehouse
    insert_rows(wh, ANN + BOB + ANN_TWICE + [GHOST, BLANK, DORA_OLD, DORA_NEW] + TIE + APP_TWICE
                + ORDER_TWICE + [NAMELESS_EVENT])

    built = run_dbt(BUILD, wh.env)
    # the warn-level test lists the 13 quarantined rows; the marts are built and published
    assert re.search(r"WARN 13 assert_no_quarantined_records", built.stdout), built.stdout[-3000:]
    assert "PASS assert_source_rows_reconcile" in built.stdout
    assert "PASS assert_transactions_and_events_reconcile" in built.stdout
    assert quarantined(wh) == [
        ("callcenter", "", "missing_record_id", None),  # staging trims the blank id
        ("callcenter", "D1", "duplicate_record_id", 2),
        ("ecommerce", None, "missing_record_id", None),
        ("ecommerce", "O1", "duplicate_activity_id", 2),
        ("enrichment", "E7", "duplicate_record_id", 2),
        ("loyalty", "7001", "duplicate_record_id", 2),
    ] + [("mobile_app", f"M{i}", "duplicate_record_id", 2) for i in range(6)] + [
        ("mobile_app", None, "missing_activity_id", None),
    ]
    # one row per activity id in the marts: the copy the quarantine kept
    order_sql = ("select cast(amount as varchar(10)), customer_id from {s}.transactions "
                 "where transaction_key = 'ecommerce:O1'")
    [(kept_amount, order_customer)] = wh.execute(order_sql)
    assert order_customer == plain_id("ecommerce:B1")
    assert wh.execute("select count(*) from {s}.events where event_key is null") == [(0,)]
    assigned = wh.assignments()
    assert len(assigned) == 13 and None not in assigned and "callcenter:" not in assigned
    assert assigned["callcenter:D1"] == assigned["ecommerce:B1"] == plain_id("ecommerce:B1")  # Bob's email
    assert assigned["loyalty:7001"] == plain_id("ecommerce:A1")
    assert wh.execute("select count(*) from {s}.customers") == [(9,)]  # Ann, Bob, E7, M0-M5
    # the latest copy is kept, whatever its content and place in the table
    kept = dict(wh.execute("select record_key, cast(cast(updated_at as date) as varchar(10)) "
                           "from {s}_identity_vault.int_identity__records "
                           "where record_key like 'mobile_app:%' "
                           "or record_key = 'callcenter:D1'"))
    assert kept == {"callcenter:D1": "2022-02-01", **{f"mobile_app:M{i}": "2022-01-01" for i in range(6)}}
    assert wh.execute("select count(*) from {s}_identity.int_identity__quarantined_records "
                      "where source = 'mobile_app' and kept_row_fingerprint > row_fingerprint") != [(0,)]
    devices = {v for (v,) in wh.execute("select identifier_value from {s}_identity_vault.int_identity__vault "
                                        "where identifier_type = 'device_id'")}
    assert devices == {f"NEWDEVICE{i}" for i in range(6)}  # normalized
    # no reader saw the left-out rows: identifiers, vault, normalization issues
    for value in ("ghost@example.org", "blank@example.org", "dora.old@example.org"):
        assert not in_vault(wh, value), value
    assert not wh.execute("select 1 from {s}_identity.int_identity__normalization_issues "
                          "where source = 'callcenter' and identifier_type = 'phone'")
    counts = metric(wh, "quarantined_records")
    assert {k: v for k, v in counts.items() if v} == {
        "callcenter:missing_record_id": 1, "callcenter:duplicate_record_id": 1,
        "ecommerce:missing_record_id": 1, "enrichment:duplicate_record_id": 1,
        "loyalty:duplicate_record_id": 1, "mobile_app:duplicate_record_id": 6,
        "ecommerce:duplicate_activity_id": 1, "mobile_app:missing_activity_id": 1}
    assert len(counts) == 24  # every source, every reason, 0 when none
    assert metric(wh, "source_records") == {"ecommerce": 2, "loyalty": 1, "callcenter": 2, "enrichment": 2,
                                            "mobile_app": 6, "pos": 0}

    # a tie on the record time: the smaller fingerprint is kept, whatever the load order
    [(kept, lost)] = wh.execute("select kept_row_fingerprint, row_fingerprint from {s}_identity."
                                "int_identity__quarantined_records where source_record_id = 'E7'")
    assert kept < lost
    token = email_token(wh, "enrichment:E7")
    assert len(token) == 1
    wh.execute("delete from {s}_raw.enrichment_persons where enrichment_id = 'E7'")
    wh.execute("delete from {s}_raw.ecommerce_orders where order_id = 'O1'")
    insert_rows(wh, TIE[::-1] + ORDER_TWICE[::-1])
    run_dbt(BUILD, wh.env)
    assert wh.execute(order_sql) == [(kept_amount, order_customer)]  # the same copy, by content
    assert email_token(wh, "enrichment:E7") == token
    assert wh.execute("select kept_row_fingerprint, row_fingerprint from {s}_identity."
                      "int_identity__quarantined_records where source_record_id = 'E7'") == [(kept, lost)]

    # strict teams: the same rows stop the build (at the staging models' key tests, or at
    # assert_no_quarantined_records where a staging model has none), nothing is published
    strict_vars = ["--vars", json.dumps({"idstitch__on_bad_records": "fail"})]
    published = wh.published_state()
    strict = run_dbt(BUILD + strict_vars, wh.env, check=False)
    assert strict.returncode != 0
    assert re.search(r"FAIL \d+ (assert_no_quarantined_records|(unique|not_null)_stg_)", strict.stdout), \
        strict.stdout[-3000:]
    assert "SKIP relation" in strict.stdout and "int_identity__records" in strict.stdout
    assert wh.published_state() == published
    listed = run_dbt(["test", "--select", "assert_no_quarantined_records"] + strict_vars, wh.env, check=False)
    assert listed.returncode != 0 and re.search(r"FAIL 13 assert_no_quarantined_records", listed.stdout)
