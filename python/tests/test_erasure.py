"""Erasure, the right to be forgotten (README, "Erasing a person"), on DuckDB and PostgreSQL.

A person with three records sharing an email (and an order, a ticket) is built with two other
customers; a steward files an erasure request (by customer id, or by the email as the person
writes it); the next build carries it out. The source system still sends the person's rows
(the honest production case: staging, in the vault schema, is rebuilt from them on every
run), so every relation of every schema the project builds is scanned for the person's values
as inserted and as normalized, the assignments history included; only `<schema>_raw`, the
source system's own tables, keeps them. Then two new records arrive with the erased email:
each stays a customer of its own, counted as suppressed. Ann and Bob keep their ids all along.
The by-email case builds staging as views (idstitch__staging_materialization: view): staging
then holds no copy, and the graph's own filter (idstitch.source_select) keeps the records out.
"""

from __future__ import annotations

import json

import pytest
from conftest import run_dbt
from scenarios import ANN, ANN_KEYS, BOB, BOB_KEYS, Warehouse, insert_rows, plain_id

BUILD = ["build", "--exclude", "resource_type:seed", "resource_type:unit_test"]

# Evangelina Zyxwerasmus: a web-shop account, a loyalty membership and a call-center contact
# on one email (written three ways), with a phone of her own and one she shares with Bob, an
# order, a loyalty event and a ticket
EVE = [
    ("ecommerce_customers", {"customer_id": "EVX901", "email": "Eve.Zyxwerasmus@Example.org",
                             "phone": "555-019-7391", "first_name": "Evangelina",
                             "last_name": "Zyxwerasmus", "address_line1": "17 Quillfeather Lane",
                             "city": "Quorvilleton", "postcode": "ZQ1 9XW", "country": "GB",
                             "created_at": "2019-05-01 00:00:00"}),
    ("loyalty_members", {"loyalty_id": "88991771", "email": "eve.zyxwerasmus@example.org",
                         "phone": "555-000-2222",  # Bob's landline: his too, so it stays evidence
                         "first_name": "Evangelina", "last_name": "Zyxwerasmus",
                         "birth_date": "1979-04-03", "enrolled_at": "2019-06-01 00:00:00"}),
    ("callcenter_contacts", {"contact_id": "EVC902", "email": " EVE.ZYXWERASMUS@example.org",
                             "phone": "(555) 019-7391", "first_name": "Eve",
                             "last_name": "Zyxwerasmus", "created_at": "2019-07-01 00:00:00"}),
    ("ecommerce_orders", {"order_id": "ORD-77001", "customer_id": "EVX901",
                          "ordered_at": "2019-05-02 10:00:00", "amount": "42.50", "currency": "usd",
                          "status": "completed"}),
    ("loyalty_events", {"loyalty_event_id": "LEV-77001", "loyalty_id": "88991771", "event_type": "earn",
                        "points": "40", "occurred_at": "2019-06-02 10:00:00"}),
    ("callcenter_tickets", {"ticket_id": "TCK-77001", "contact_id": "EVC902",
                            "opened_at": "2019-07-02 10:00:00", "channel": "phone",
                            "topic": "billing", "status": "closed"}),
]
EVE_KEYS = {"ecommerce:EVX901", "loyalty:88991771", "callcenter:EVC902"}
EVE_EMAIL = "eve.zyxwerasmus@example.org"
# Everything of Eve's a scan must not find, as inserted and as staging normalizes it
# (compared lower case, as substrings of every value of every column): her email, phone
# (+15550197391 contains the digits), names, street, city, postcode, birth date, the record
# ids (record keys contain them) and the loyalty id.
EVE_VALUES = ["zyxwerasmus", "evangelina", "5550197391", "555-019-7391", "(555) 019-7391",
              "quillfeather", "quorvilleton", "zq1 9xw", "1979-04-03", "evx901", "evc902", "88991771"]
# records that arrive after the erasure with Eve's email, unknown to each other otherwise
NEWCOMERS = [
    ("enrichment_persons", {"enrichment_id": "N501", "email": "Eve.Zyxwerasmus@example.org",
                            "first_name": "Evie", "updated_at": "2026-01-01 00:00:00"}),
    ("app_users", {"app_user_id": "N502", "email": "eve.zyxwerasmus@example.org",
                   "created_at": "2026-01-02 00:00:00"}),
]


def build(wh: Warehouse, *extra: str) -> dict[str, str]:
    run_dbt(BUILD + list(extra), wh.env)
    return wh.assignments()


def file_request(wh: Warehouse, request_ref: str, **selector: str) -> None:
    columns = ["request_ref", "requested_at", *selector]
    wh.execute(f"insert into {{s}}_identity_vault.identity_erasure_requests ({', '.join(columns)}) "
               f"values ({', '.join('?' * len(columns))})",
               [request_ref, "2026-11-30 09:00:00", *selector.values()])


def relations(wh: Warehouse) -> list[tuple[str, str, str]]:
    """(schema, name, type) of every table and view the project's schemas hold but the raw
    sources: the target schema and every `<schema>_...` one (on DuckDB, the whole file)."""
    if wh.is_postgres:
        return wh.execute("select table_schema, table_name, table_type from information_schema.tables "
                          "where (table_schema = ? or table_schema like ?) and table_schema <> ?",
                          [wh.schema, wh.schema.replace("_", "\\_") + "\\_%", wh.schema + "_raw"])
    return wh.execute("select table_schema, table_name, table_type from information_schema.tables "
                      "where table_catalog = current_database() and table_schema <> ?", [wh.schema + "_raw"])


def find_values(wh: Warehouse, values: list[str], skip=lambda schema, name, kind: False) -> list[str]:
    """Where any of `values` occurs (case-insensitive substring of a value's text) in any
    column of any relation but the raw sources: 'schema.relation: value' per hit."""
    hits = []
    for schema, name, kind in relations(wh):
        if skip(schema, name, kind):
            continue
        rows = wh.execute(f'select * from "{schema}"."{name}"')
        text = "\n".join("\t".join("" if v is None else str(v) for v in row) for row in rows).lower()
        hits += [f"{schema}.{name}: {value}" for value in values if value in text]
    return hits


def metric(wh: Warehouse, name: str) -> dict[str, int]:
    return dict(wh.execute("select dimension, metric_value from {s}.identity_run_metrics "
                           "where metric = ? and run_started_at = "
                           "(select max(run_started_at) from {s}.identity_run_metrics)", [name]))


def latest_changes(wh: Warehouse) -> list[tuple]:
    return wh.execute("""
        select change_type, old_customer_id, new_customer_id, old_record_count, request_ref
        from {s}.identity_changes
        where run_started_at = (select max(run_started_at) from {s}.identity_changes)
        order by 1, 2, 3""")


@pytest.mark.parametrize("case", ["by_customer_id", "by_email_with_staging_views"])
def test_an_erased_person_is_gone_and_does_not_come_back(warehouse, case):
    wh = warehouse
    views = case == "by_email_with_staging_views"
    extra = ["--vars", json.dumps({"idstitch__staging_materialization": "view"})] if views else []
    ann_id, bob_id, eve_id = plain_id("ecommerce:A1"), plain_id("ecommerce:B1"), plain_id("ecommerce:EVX901")
    others = {**dict.fromkeys(ANN_KEYS, ann_id), **dict.fromkeys(BOB_KEYS, bob_id)}

    # (1) three customers; Eve's three records are one
    insert_rows(wh, ANN + BOB + EVE)
    assert build(wh, *extra) == {**others, **dict.fromkeys(EVE_KEYS, eve_id)}
    assert find_values(wh, ["zyxwerasmus", "evx901"])  # the scan sees her while she is there

    # (2) the request, then a build: Eve is gone from every mart, table and the history, though
    # the source still sends her rows; nobody else's id moved
    if views:
        file_request(wh, "GDPR-0002", identifier_type="email",
                     identifier_value=" EVE.Zyxwerasmus@example.ORG ")
    else:
        file_request(wh, "GDPR-0001", customer_id=eve_id)
    ref = "GDPR-0002" if views else "GDPR-0001"
    assert build(wh, *extra) == others
    assert latest_changes(wh) == [("erased", eve_id, None, 3, ref)]
    assert wh.execute("select count(*) from {s}_snapshots.identity_assignments_snapshot "
                      "where customer_id = ?", [eve_id]) == [(0,)]
    # her order, loyalty event and ticket stay, anonymous: the business's totals still add up
    activity = wh.execute("select source_transaction_id, record_key, customer_id, identity_status "
                          "from {s}.transactions union all "
                          "select source_event_id, record_key, customer_id, identity_status from {s}.events")
    assert sorted(activity) == [(activity_id, None, None, "anonymous")
                                for activity_id in ("LEV-77001", "ORD-77001", "TCK-77001")]
    # the request keeps its reference; its value is cleared
    assert wh.execute("select request_ref, identifier_value, source_record_id "
                      "from {s}_identity_vault.identity_erasure_requests") == [(ref, None, None)]
    # kept: tokens of her three record keys, her email and her own phone (not Bob's landline:
    # it is his value too, and stays evidence for him), with the reference; no value
    kept = wh.execute("select suppression_type, count(*) from {s}_identity.int_identity__suppressions "
                      "where request_ref = ? group by 1 order by 1", [ref])
    assert kept == [("email", 1), ("phone", 1), ("record_key", 3)]
    assert metric(wh, "erasure_requests") == {"carried_out": 1}
    # nothing of Eve anywhere but the raw source (a staging view shows that raw source)
    def in_raw_view(schema: str, name: str, kind: str) -> bool:
        return views and name.startswith("stg_") and kind == "VIEW"

    assert find_values(wh, EVE_VALUES, skip=in_raw_view) == []
    assert wh.execute("select count(*) from {s}_raw.ecommerce_customers "
                      "where customer_id = 'EVX901'") == [(1,)]
    # the history purge also runs on its own (dbt run-operation), and finds nothing left
    purge = run_dbt(["run-operation", "idstitch.purge_erased_history"], wh.env)
    assert "history rows of erased records deleted" not in purge.stdout

    # (3) two new records with Eve's email: no evidence, so neither links to anything (not to
    # each other either); both listed and counted as suppressed. --full-refresh must not
    # forget the erasure (the suppression list is never rebuilt)
    insert_rows(wh, NEWCOMERS)
    after = build(wh, "--full-refresh", *extra)
    assert after == {**others, "enrichment:N501": plain_id("enrichment:N501"),
                     "mobile_app:N502": plain_id("mobile_app:N502")}
    assert metric(wh, "suppressed_records") == {"email": 2, "phone": 0}
    assert wh.execute("select identifier_type, record_count, reason, blocklist_reason "
                      "from {s}_identity.int_identity__rejected_values where reason = 'erased'") == [
        ("email", 2, "erased", f"erasure request {ref}")]
    assert latest_changes(wh) == sorted([("new", None, plain_id("enrichment:N501"), None, None),
                                         ("new", None, plain_id("mobile_app:N502"), None, None)])
    # the re-sent rows are still out (the newcomers bring the email back, as their own)
    assert find_values(wh, ["evangelina", "quillfeather", "5550197391", "evx901", "evc902", "88991771"],
                       skip=in_raw_view) == []


def test_a_request_by_record_and_requests_that_name_no_one(warehouse):
    """A request by one source record erases that record's whole customer. An email two
    customers carry (a family's inbox) names no one for sure, nor does a customer id that is
    not published: they erase nothing, the warn-level test lists them, and they wait."""
    wh = warehouse
    insert_rows(wh, ANN + BOB + [
        ("loyalty_members", {"loyalty_id": "9402", "email": "ann@example.org", "first_name": "Lena",
                             "last_name": "Lee", "birth_date": "1950-01-01",
                             "enrolled_at": "2021-01-01 00:00:00"}),
    ])
    first = build(wh)
    lena_id = first["loyalty:9402"]
    assert len({first[k] for k in ANN_KEYS} | {first[k] for k in BOB_KEYS} | {lena_id}) == 3  # Ann's mother
    file_request(wh, "GDPR-0003", identifier_type="email", identifier_value="ann@example.org")
    file_request(wh, "GDPR-0004", customer_id="cus_nobody")
    file_request(wh, "GDPR-0005", source="callcenter", source_record_id=" B2 ")
    proc = run_dbt(BUILD, wh.env)
    assert "WARN 2 assert_erasure_requests_carried_out" in proc.stdout, proc.stdout[-3000:]
    assert wh.assignments() == {**{k: first[k] for k in ANN_KEYS}, "loyalty:9402": lena_id}
    assert latest_changes(wh) == [("erased", plain_id("ecommerce:B1"), None, 3, "GDPR-0005")]
    assert metric(wh, "erasure_requests") == {"carried_out": 1, "pending": 2}
    # a pending request keeps its value until it is carried out; a carried-out one loses it
    assert wh.execute("select request_ref, identifier_value, source_record_id "
                      "from {s}_identity_vault.identity_erasure_requests order by 1") == [
        ("GDPR-0003", "ann@example.org", None), ("GDPR-0004", None, None), ("GDPR-0005", None, None)]


def test_erasing_a_customer_erases_its_soft_deleted_record_too(warehouse):
    """A record its source marks deleted has left the graph, but the assignments history
    still gives it its last customer: erasing that customer erases it too, so when the source
    undeletes it, it does not come back, nor does the erased id."""
    wh = warehouse
    ann_id = plain_id("ecommerce:A1")
    app_account = ("app_users", {"app_user_id": "AX", "shop_customer_id": "A1",
                                 "first_name": "Ann", "created_at": "2022-01-01 00:00:00"})
    insert_rows(wh, ANN + BOB + [app_account])
    assert build(wh)["mobile_app:AX"] == ann_id
    acknowledged = ["--vars", json.dumps({"idstitch__acknowledged_source_drops":
                                          ["ecommerce", "loyalty", "mobile_app"]})]
    wh.execute("update {s}_raw.app_users set deleted_at = '2026-11-01 00:00:00' "
               "where app_user_id = 'AX'")
    assert "mobile_app:AX" not in build(wh, *acknowledged)

    file_request(wh, "GDPR-SD1", customer_id=ann_id)
    after = build(wh, *acknowledged)
    assert set(after) == BOB_KEYS
    erased = wh.execute("select count(*) from {s}_identity.int_identity__suppressions "
                        "where request_ref = 'GDPR-SD1' and suppression_type = 'record_key'")
    assert erased == [(3,)]  # her shop and loyalty records, and the deleted app account
    assert wh.execute("select count(*) from {s}_identity_vault.stg_mobile_app__users") == [(0,)]

    # the app undeletes the account: it stays erased, and so does her id
    wh.execute("update {s}_raw.app_users set deleted_at = null where app_user_id = 'AX'")
    again = build(wh, *acknowledged)
    assert set(again) == BOB_KEYS and ann_id not in again.values()
    assert [change for change, *_ in wh.changes() if change == "restored"] == []
