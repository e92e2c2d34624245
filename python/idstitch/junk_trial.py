"""A bad load over a built warehouse, measured: does junk that is rightly rejected still move
good customers?

    idstitch junk-trial --records 10000 --work /tmp/idstitch-junk

Builds the demo in its own DuckDB file, then adds `records` web-shop accounts that share one
email and one phone (real-looking, distinct names; both values are rejected as held by too
many records) and rebuilds. Prints, before and after: u(email exact), u(first name exact),
the prior's match weight, how many demo records changed customer, the demo's pairwise
precision against the generator's truth, the build's exit code and warnings, and the change
events of the second run. With junk that trains nothing, every figure but the new customers
stays the same.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter, defaultdict
from pathlib import Path

import duckdb

from idstitch import benchmark, warehouse

FIRST = ["James", "Mary", "Wei", "Fatima", "Olga", "Luis", "Aiko", "Kwame", "Priya", "Sven"]
LAST = ["Nakamura", "Okafor", "Lindqvist", "Moreno", "Kowalski", "Haddad", "Brennan", "Tanaka"]


def _query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _parameters(db: Path) -> dict[tuple[str, str], tuple[float, float]]:
    rows = _query(db, "select comparison, level_name, u_probability, match_weight "
                      "from main_identity.int_identity__match_parameters")
    return {(c, level): (u, float(w)) for c, level, u, w in rows}


def _pairwise_precision(assigned: dict[str, str], truth: dict[str, str]) -> float:
    groups: dict[str, list[str]] = defaultdict(list)
    for record, customer in assigned.items():
        if record in truth:
            groups[customer].append(truth[record])
    true_pairs = all_pairs = 0
    for persons in groups.values():
        all_pairs += len(persons) * (len(persons) - 1) // 2
        true_pairs += sum(n * (n - 1) // 2 for n in Counter(persons).values())
    return true_pairs / all_pairs if all_pairs else 1.0


def main(records: int, work: Path) -> dict:
    work.mkdir(parents=True, exist_ok=True)
    db = work / "junk.duckdb"
    db.unlink(missing_ok=True)
    env = {**os.environ, "IDSTITCH_TARGET": "duckdb", "IDSTITCH_DUCKDB_PATH": str(db),
           "DBT_TARGET_PATH": str(work / "target"), "DBT_LOG_PATH": str(work / "logs")}
    benchmark._dbt(["build", "--select", "resource_type:seed", "--indirect-selection", "cautious"], env)
    benchmark._dbt(["build", "--exclude", "resource_type:seed"], env)
    before = dict(_query(db, "select record_key, customer_id from main.customer_records"))
    p0 = _parameters(db)

    rng = random.Random(7)
    rows = [(f"J{i}", "orders@bulkimport-shop.com", "608-555-0100", rng.choice(FIRST),
             rng.choice(LAST) + str(i), "2024-06-01 00:00:00", "2024-06-01 00:00:00")
            for i in range(records)]
    con = duckdb.connect(str(db))
    con.executemany("insert into main_raw.ecommerce_customers (customer_id, email, phone, first_name, "
                    "last_name, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?)", rows)
    con.close()
    proc = benchmark._dbt(["build", "--exclude", "resource_type:seed"], env, check=False)
    after = dict(_query(db, "select record_key, customer_id from main.customer_records"))
    p1 = _parameters(db)

    truth = _truth()
    result = {
        "junk_records": records,
        "second_build_exit_code": proc.returncode,
        "second_build_warnings": [line.split(" WARN ")[-1].split(" ..")[0].strip()
                                  for line in proc.stdout.splitlines() if " WARN " in line],
        "u_email_exact": [p0[("email", "exact")][0], p1[("email", "exact")][0]],
        "u_first_name_exact": [p0[("first_name", "exact")][0], p1[("first_name", "exact")][0]],
        "prior_weight_bits": [p0[("(prior)", "prior")][1], p1[("(prior)", "prior")][1]],
        "demo_records_moved": sum(1 for k, v in before.items() if after.get(k) != v),
        "demo_pairwise_precision": [round(_pairwise_precision(before, truth), 5),
                                    round(_pairwise_precision(after, truth), 5)],
        "second_run_changes": dict(_query(db, """
            select change_type, count(*) from main.identity_changes
            where run_started_at = (select max(run_started_at) from main.identity_changes)
            group by 1 order by 1""")),
    }
    print(json.dumps(result, indent=1))
    return result


def _truth() -> dict[str, str]:
    import csv

    with open(warehouse.DEMO_TRUTH, encoding="utf-8") as fh:
        return {row["record_key"]: row["person_id"] for row in csv.DictReader(fh)}
