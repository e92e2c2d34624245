"""Score the built record -> customer assignments against the generator's truth file.

Pairwise: every pair of records put in one customer is a predicted link; precision is the
share of predicted links that join one true person, recall the share of true same-person
pairs that were linked. B-cubed: per record, the share of its customer that is its person
(precision) and the share of its person that is in its customer (recall), averaged.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from idstitch.warehouse import DUCKDB_SCHEMA, IDENTITY_SCHEMA

SCORES_SQL = """
with
pairs as (
    select t.person_id, a.customer_id
    from assignments as a
    inner join truth as t on a.record_key = t.record_key
),
cells as (
    select person_id, customer_id, count(*) as n from pairs group by 1, 2
),
persons as (select person_id, sum(n) as n from cells group by 1),
customers as (select customer_id, sum(n) as n from cells group by 1)
select
    (select sum(n * (n - 1) / 2) from cells) as true_positive_pairs,
    (select sum(n * (n - 1) / 2) from customers) as predicted_pairs,
    (select sum(n * (n - 1) / 2) from persons) as true_pairs,
    (select sum(c.n * c.n / k.n) from cells c join customers k using (customer_id)) as b3_precision_sum,
    (select sum(c.n * c.n / p.n) from cells c join persons p using (person_id)) as b3_recall_sum,
    (select sum(n) from cells) as records,
    (select count(*) from customers) as customers,
    (select count(*) from persons) as persons
"""


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def scores(con: duckdb.DuckDBPyConnection) -> dict:
    """Scores from two relations visible to `con`: assignments(record_key, customer_id)
    and truth(record_key, person_id). Every assigned record must appear in the truth."""
    missing = con.execute(
        "select count(*) from assignments a anti join truth t on a.record_key = t.record_key"
    ).fetchone()[0]
    if missing:
        raise ValueError(f"{missing} assigned records are not in the truth file")
    tp, predicted, true, b3p, b3r, records, customers, persons = con.execute(SCORES_SQL).fetchone()
    p = 1.0 if not predicted else float(tp) / float(predicted)
    r = 1.0 if not true else float(tp) / float(true)
    bp, br = float(b3p) / records, float(b3r) / records
    return {
        "pairwise": {"precision": round(p, 5), "recall": round(r, 5), "f1": round(_f1(p, r), 5)},
        "bcubed": {"precision": round(bp, 5), "recall": round(br, 5), "f1": round(_f1(bp, br), 5)},
        "records": int(records),
        "customers": int(customers),
        "persons": int(persons),
    }


def evaluate(con: duckdb.DuckDBPyConnection, truth_csv: Path) -> dict:
    """Score the customer_records mart (deterministic + probabilistic matching, overrides
    applied), as `warehouse.connect` presents it, and under "deterministic_only" the
    clusters that deterministic keys alone make (int_identity__key_clusters)."""
    if not Path(truth_csv).exists():
        raise SystemExit(f"no truth file at {truth_csv}")
    path = str(truth_csv).replace("'", "''")
    con.execute(
        "create or replace temp view truth as select record_key, person_id "
        f"from read_csv('{path}', header = true, all_varchar = true)"
    )
    con.execute(
        "create or replace temp view assignments as select record_key, "
        f"key_cluster_key as customer_id from {IDENTITY_SCHEMA}.int_identity__key_clusters"
    )
    deterministic = scores(con)
    con.execute(
        f"create or replace temp view assignments as "
        f"select record_key, customer_id from {DUCKDB_SCHEMA}.customer_records"
    )
    return {**scores(con), "deterministic_only": {
        k: deterministic[k] for k in ("pairwise", "bcubed", "customers")}}
