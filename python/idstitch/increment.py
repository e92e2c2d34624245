"""`idstitch increment-benchmark`: what a daily run costs beside a full build, on generated data
(DuckDB, the profile's 2 threads), both from one invocation.

Day 1: the generator's sources for `persons` persons (cached in --work), loaded into a fresh
DuckDB file, and `dbt build` (no seeds): the full build. Day 2: a delta of `share` of every
identity source's records is applied to the raw tables, a third each of

  deleted  rows removed from the full-snapshot extract,
  changed  rows whose email changed to a new address of the record's own, updated_at moved,
  new      copies of existing rows under new record ids (a person who signs up again),

picked by a hash of the record id (the same rows on every run), and `dbt build` runs again.
Both builds are timed as scale-benchmark times them (wall seconds, peak resident memory of
dbt and its children, and per stage). The second run's record_changes (identity_run_metrics)
must equal the delta applied, per kind: the change detection is checked on every run. The
point-of-sale cards are left alone (their records are the card numbers of the sales).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

from idstitch import benchmark, scale, warehouse
from idstitch.generate import TABLES

# identity source -> (raw table, record id column); the changed column is email in each
DELTA_TABLES = {
    "ecommerce": ("ecommerce_customers", "customer_id"),
    "mobile_app": ("app_users", "app_user_id"),
    "loyalty": ("loyalty_members", "loyalty_id"),
    "callcenter": ("callcenter_contacts", "contact_id"),
    "enrichment": ("enrichment_persons", "enrichment_id"),
}
# a new record's id: the copied row's id with this suffix (digits: loyalty ids are numbers),
# longer than any id the generator writes
NEW_ID_SUFFIX = "0000001"
DELTA_TIME = "2026-12-01 06:00:00"
BUCKETS = 30000


def _buckets(share: float) -> int:
    """k: the width of each kind's bucket range, share / 3 of BUCKETS (at least one)."""
    return max(1, round(share * BUCKETS / 3))


def _bucket(key: str) -> str:
    """SQL: the row's delta bucket, a hash of its record id (the same rows on every run)."""
    return f"(hash({key} || '|delta') % {BUCKETS})"


def delta_sql(share: float) -> list[str]:
    """Statements applying the delta to the raw tables (schema main_raw): rows in hash bucket
    [k, 2k) changed, [0, k) deleted, then rows of [2k, 3k) copied as new records (untouched
    by the first two, so every kind counts exactly), with k = share / 3 of BUCKETS."""
    k = _buckets(share)
    statements = []
    for table, key in DELTA_TABLES.values():
        raw = f"{warehouse.DUCKDB_SCHEMA}_raw.{table}"
        bucket = _bucket(key)
        times = [c for c in ("created_at", "enrolled_at", "updated_at") if c in TABLES[table]]
        stamped = ", ".join(f"'{DELTA_TIME}' as {c}" for c in times)
        statements += [
            # a new address of the person's own (unique: it links no one else)
            f"update {raw} set email = 'changed.' || {key} || '@example.com', "
            f"updated_at = '{DELTA_TIME}' where {bucket} >= {k} and {bucket} < {2 * k}",
            f"delete from {raw} where {bucket} < {k}",
            f"insert into {raw} by name select * replace ({key} || '{NEW_ID_SUFFIX}' as {key}, "
            f"{stamped}) from {raw} where {bucket} >= {2 * k} and {bucket} < {3 * k}",
        ]
    return statements


def expected_changes(con, share: float) -> dict[str, int]:
    """Per kind, the records the delta will touch (counted before it is applied)."""
    k = _buckets(share)
    counts = {"new": 0, "changed": 0, "deleted": 0}
    for table, key in DELTA_TABLES.values():
        bucket = _bucket(key)
        deleted, changed, new = con.execute(
            f"select count(*) filter (where {bucket} < {k}), "
            f"count(*) filter (where {bucket} >= {k} and {bucket} < {2 * k}), "
            f"count(*) filter (where {bucket} >= {2 * k} and {bucket} < {3 * k}) "
            f"from {warehouse.DUCKDB_SCHEMA}_raw.{table}").fetchone()
        counts["deleted"] += deleted
        counts["changed"] += changed
        counts["new"] += new
    return counts


def detected_changes(con) -> dict[str, int]:
    """Per kind, the record changes the latest published run counted."""
    rows = con.execute(f"""
        select split_part(dimension, ':', 2), sum(metric_value)
        from {warehouse.DUCKDB_SCHEMA}.identity_run_metrics
        where metric = 'record_changes' and invocation_id = (
            select invocation_id from {warehouse.DUCKDB_SCHEMA}.identity_run_metrics
            order by run_started_at desc limit 1)
        group by 1""").fetchall()
    return {kind: int(n) for kind, n in rows}


def _print_build(label: str, figures: dict) -> None:
    print(f"{label}: dbt build {figures['seconds']} s, peak memory "
          f"{figures['peak_bytes'] / 2**30:.2f} GiB")
    print(f"  {'stage':<12} {'wall s':>8} {'node s':>8} {'peak GiB':>9}")
    for stage, _ in scale.STAGES:
        s = figures["stages"][stage]
        print(f"  {stage:<12} {s['seconds']:>8} {s['node_seconds']:>8} "
              f"{s['peak_bytes'] / 2**30:>9.2f}")


def main(persons: int, share: float, seed: int, work: Path, dbt_vars: str | None = None) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    data = benchmark.dataset(work, persons, seed, 1.0)
    db = work / f"increment-{persons}.duckdb"
    full_target, delta_target = work / "target-increment-full", work / "target-increment-delta"
    env = benchmark.duckdb_env(db, full_target, work / "logs")
    benchmark._dbt(["seed", "--select", "path:seeds/config"], env)
    warehouse.load_raw(data, "duckdb", db)
    full = scale.timed_build(env, full_target, dbt_vars)
    con = duckdb.connect(str(db))
    try:
        con.execute("set enable_progress_bar = false")
        records = con.execute(
            f"select count(*) from {warehouse.VAULT_SCHEMA}.int_identity__records").fetchone()[0]
        expected = expected_changes(con, share)
        for statement in delta_sql(share):
            con.execute(statement)
    finally:
        con.close()
    delta = scale.timed_build({**env, "DBT_TARGET_PATH": str(delta_target)}, delta_target,
                              dbt_vars)
    with warehouse.connect("duckdb", db) as con:
        detected = detected_changes(con)
    result = {"persons": persons, "records": records, "share": share, "full": full,
              "increment": delta, "expected_changes": expected, "detected_changes": detected,
              "ratio": round(delta["seconds"] / full["seconds"], 3)}
    print(f"\n{records:,} source identity records ({persons:,} persons, seed {seed}); "
          f"delta {share:.1%}: {expected['new']:,} new, {expected['changed']:,} changed, "
          f"{expected['deleted']:,} deleted records")
    _print_build("full build", full)
    _print_build("increment", delta)
    print(f"increment / full build: {result['ratio']:.2f} (target: at most 0.10)")
    print("changes detected by the increment: " + ", ".join(
        f"{detected.get(kind, 0):,} {kind}"
        for kind in ("new", "changed", "deleted", "retimed", "unchanged")))
    print(json.dumps(result))
    sys.stdout.flush()
    if any(detected.get(kind, 0) != n for kind, n in expected.items()):
        raise SystemExit(f"record_changes {detected} do not match the delta applied {expected}")
    return result
