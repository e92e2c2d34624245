"""What changed since the last published run (int_identity__record_changes, the published
identity_record_state, identity_run_metrics' record_changes): new, changed, retimed,
unchanged and deleted records, on tiny hand-made sources, on DuckDB and on PostgreSQL.

A re-sent row (a new updated_at, the same content) is retimed, a re-spelled one (a value that
normalizes alike) unchanged; the state moves only when a run publishes, so a failed run's
changes are found again by the next run."""

from __future__ import annotations

from conftest import run_dbt, vars_arg
from scenarios import ANN, ANN_KEYS, BOB, BOB_KEYS, BRIDGE, Warehouse, build, insert_rows, plain_id

BUILD = ["build", "--exclude", "resource_type:seed", "resource_type:unit_test"]
# the day-2 sources drop enrichment's only record: assert_no_source_shrank stops the run
# unless the drop is acknowledged
ACKNOWLEDGED = vars_arg({"idstitch__acknowledged_source_drops": ["enrichment"]})


def changes(wh: Warehouse) -> dict[str, str]:
    return dict(wh.execute(
        "select record_key, record_change from {s}_identity.int_identity__record_changes"))


def state(wh: Warehouse) -> dict[str, tuple]:
    rows = wh.execute("select record_key, record_hash, first_seen_at, last_changed_at "
                      "from {s}.identity_record_state")
    return {key: rest for key, *rest in rows}


def metrics(wh: Warehouse) -> dict[str, int]:
    return {dimension: int(value) for dimension, value in wh.execute("""
        select dimension, metric_value from {s}.identity_run_metrics
        where metric = 'record_changes' and metric_value > 0 and run_started_at = (
            select max(run_started_at) from {s}.identity_run_metrics)""")}


def test_new_changed_unchanged_deleted_and_only_published_state_counts(warehouse):
    wh = warehouse
    insert_rows(wh, ANN + BOB)
    run_dbt(BUILD, wh.env)
    day1 = state(wh)
    assert set(changes(wh).values()) == {"new"} and len(day1) == 5
    assert metrics(wh) == {"ecommerce:new": 2, "loyalty:new": 1, "callcenter:new": 1,
                           "enrichment:new": 1}

    # day 2: Bob's call-center record gets a new email; Ann's shop record is re-sent with a
    # new updated_at only; her loyalty email is re-spelled (normalizes alike); enrichment
    # drops Bob's record; the app sends a new one
    wh.execute("update {s}_raw.callcenter_contacts set email = 'robert.ray@example.org' "
               "where contact_id = 'B2'")
    wh.execute("update {s}_raw.ecommerce_customers set updated_at = '2026-11-30 08:00:00' "
               "where customer_id = 'A1'")
    wh.execute("update {s}_raw.loyalty_members set email = ' Ann@EXAMPLE.org ' "
               "where loyalty_id = '7001'")
    wh.execute("delete from {s}_raw.enrichment_persons")
    insert_rows(wh, [BRIDGE])

    # a run that fails publishes nothing: the state stays day 1's ...
    failed = run_dbt(BUILD, wh.env, check=False)
    assert failed.returncode != 0 and "assert_no_source_shrank" in failed.stdout
    assert state(wh) == day1

    # ... so the next run still sees every change since day 1
    run_dbt(BUILD + ACKNOWLEDGED, wh.env)
    assert changes(wh) == {
        "ecommerce:A1": "retimed", "loyalty:7001": "unchanged", "ecommerce:B1": "unchanged",
        "callcenter:B2": "changed", "enrichment:B3": "deleted", "mobile_app:X1": "new",
    }
    assert metrics(wh) == {"ecommerce:retimed": 1, "ecommerce:unchanged": 1, "loyalty:unchanged": 1,
                           "callcenter:changed": 1, "enrichment:deleted": 1, "mobile_app:new": 1}
    day2 = state(wh)
    assert set(day2) == set(day1) - {"enrichment:B3"} | {"mobile_app:X1"}
    hash_, first_seen, last_changed = day2["callcenter:B2"]
    assert hash_ != day1["callcenter:B2"][0] and first_seen == day1["callcenter:B2"][1]
    assert last_changed > day1["callcenter:B2"][2]
    assert day2["ecommerce:A1"] == day1["ecommerce:A1"]  # re-sent: hash, first and last change kept
    assert day2["loyalty:7001"] == day1["loyalty:7001"]  # re-spelled alike

    # day 3: the app record gains a device id, a column that is an identifier only (no
    # golden-record attribute); enrichment sends a record again
    wh.execute("update {s}_raw.app_users set device_id = 'c0ffee00-0000-4000-8000-000000000001' "
               "where app_user_id = 'X1'")
    insert_rows(wh, [("enrichment_persons", {"enrichment_id": "B4", "email": "bob@example.org",
                                             "first_name": "Bob", "updated_at": "2026-11-01 00:00:00"})])
    run_dbt(BUILD + ACKNOWLEDGED, wh.env)
    assert {k: v for k, v in changes(wh).items() if v != "unchanged"} == {
        "mobile_app:X1": "changed", "enrichment:B4": "new"}

    # day 4: enrichment's one record time (its created_at is its updated_at) moves alone
    wh.execute("update {s}_raw.enrichment_persons set updated_at = '2026-11-29 00:00:00'")
    run_dbt(BUILD + ACKNOWLEDGED, wh.env)
    assert {k: v for k, v in changes(wh).items() if v != "unchanged"} == {"enrichment:B4": "retimed"}
    day4 = state(wh)

    # day 5: the same sources again: nothing changed
    run_dbt(BUILD + ACKNOWLEDGED, wh.env)
    assert set(changes(wh).values()) == {"unchanged"}
    assert state(wh) == day4


def test_a_soft_deleted_bridge_splits_the_customers_it_joined(warehouse):
    """The app keeps a deleted account's row with its deleted_at (mobile_app's deleted_flag:
    is_deleted): the record leaves the graph as if its row were gone, the customers only it
    joined split, its activity stays (record_deleted), and undeleting it merges them again."""
    wh = warehouse
    ann_id = plain_id("ecommerce:A1")
    # junk in deleted_at (a vendor default, a stray carriage return, a word) deletes no one
    junk = [("app_users", {"app_user_id": f"J{n}", "first_name": "Jo", "deleted_at": value,
                           "created_at": "2023-01-01 00:00:00"})
            for n, value in enumerate(["1900-01-01 00:00:00", "\r", "false", "0",
                                       "9999-12-31 00:00:00"])]
    insert_rows(wh, ANN + BOB + [BRIDGE] + junk)
    wh.insert("app_events", [{"event_id": "E1", "app_user_id": "X1", "event_type": "app_open",
                              "occurred_at": "2026-01-01 00:00:00"}])
    merged = {k: v for k, v in build(wh).items() if not k.startswith("mobile_app:J")}
    assert {f"mobile_app:J{n}" for n in range(5)} <= set(wh.assignments())
    assert set(merged.values()) == {ann_id} and len(merged) == 6

    wh.execute("update {s}_raw.app_users set deleted_at = '2026-11-30 10:00:00' "
               "where app_user_id = 'X1'")
    # mobile_app's only record goes: acknowledged, as any intended drop of a source
    run_dbt(BUILD + vars_arg({"idstitch__acknowledged_source_drops": ["mobile_app"]}), wh.env)
    split = {k: v for k, v in wh.assignments().items() if not k.startswith("mobile_app:J")}
    assert set(split) == ANN_KEYS | BOB_KEYS
    # the part holding most of the customer's records (Bob's three) keeps its id; Ann's two
    # split from it under a new one
    assert {split[key] for key in BOB_KEYS} == {ann_id}
    [ann_part] = {split[key] for key in ANN_KEYS}
    assert ann_part != ann_id
    assert wh.changes() == [("new", None, ann_part), ("split_from", ann_id, ann_part)]
    assert changes(wh)["mobile_app:X1"] == "deleted"
    assert wh.execute("select metric_value from {s}.identity_run_metrics "
                      "where metric = 'soft_deleted_records' and dimension = 'mobile_app' "
                      "order by run_started_at desc limit 1") == [(1,)]
    assert wh.execute("select identity_status, customer_id from {s}.events "
                      "where source_event_id = 'E1'") == [("record_deleted", ann_id)]

    wh.execute("update {s}_raw.app_users set deleted_at = null where app_user_id = 'X1'")
    again = {k: v for k, v in build(wh).items() if not k.startswith("mobile_app:J")}
    assert len(again) == 6 and len(set(again.values())) == 1
    assert [change for change, *_ in wh.changes()] == ["merged_into"]
    assert changes(wh)["mobile_app:X1"] == "new"
