"""Score the built record -> customer assignments against the generator's truth file.

Pairwise: every pair of records put in one customer is a predicted link; precision is the
share of predicted links that join one true person, recall the share of true same-person
pairs that were linked. B-cubed: per record, the share of its customer that is its person
(precision) and the share of its person that is in its customer (recall), averaged.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from idstitch.warehouse import DUCKDB_SCHEMA, IDENTITY_SCHEMA, VAULT_SCHEMA

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


def register_truth(con: duckdb.DuckDBPyConnection, truth_csv: Path) -> None:
    """The `truth` view scores() reads: the generator's truth file."""
    if not Path(truth_csv).exists():
        raise SystemExit(f"no truth file at {truth_csv}")
    path = str(truth_csv).replace("'", "''")
    con.execute(
        "create or replace temp view truth as select record_key, person_id "
        f"from read_csv('{path}', header = true, all_varchar = true)"
    )


def score(con: duckdb.DuckDBPyConnection, assignments_sql: str) -> dict:
    """scores() of the assignments a query returns (columns record_key, customer_id)."""
    con.execute(f"create or replace temp view assignments as {assignments_sql}")
    return scores(con)


def evaluate(con: duckdb.DuckDBPyConnection, truth_csv: Path) -> dict:
    """Score the customer_records mart (deterministic + probabilistic matching, overrides
    applied), as `warehouse.connect` presents it, and under "deterministic_only" the
    clusters that deterministic keys alone make (int_identity__key_clusters)."""
    register_truth(con, truth_csv)
    deterministic = score(con, "select record_key, key_cluster_key as customer_id "
                               f"from {IDENTITY_SCHEMA}.int_identity__key_clusters")
    final = score(con, f"select record_key, customer_id from {DUCKDB_SCHEMA}.customer_records")
    return {**final, "deterministic_only": {
        k: deterministic[k] for k in ("pairwise", "bcubed", "customers")}}


EVIDENCE_SQL = """
create or replace temp table evidence as
with
records as (
    select m.*, t.person_id
    from {vault}.int_identity__match_records as m
    inner join truth as t using (record_key)
),
tokens as (
    select i.record_key, i.token, t.person_id
    from {vault}.int_identity__identifiers as i
    inner join truth as t using (record_key)
)
select a.record_key as a, b.record_key as b
from tokens as a
inner join tokens as b
    on a.person_id = b.person_id and a.token = b.token and a.record_key < b.record_key
union
select a.record_key, b.record_key
from records as a
inner join records as b
    on a.person_id = b.person_id and a.record_key < b.record_key
where jaro_winkler_similarity(a.last_name, b.last_name) >= 0.8
    and (jaro_winkler_similarity(a.first_name_key, b.first_name_key) >= 0.8
         or a.birth_date = b.birth_date or a.postcode = b.postcode or a.street = b.street
         or a.email = b.email or a.phone = b.phone)
"""


def evidence_ceiling(con: duckdb.DuckDBPyConnection, max_rounds: int = 100) -> dict:
    """Scores of an oracle that knows the truth and links two records of one person whenever
    they share any evidence: an identifier value, or a similar last name plus a similar first
    name or one equal field. No matcher that needs evidence can beat its recall; records
    that share nothing (an app install known by a device id alone) stay apart. Needs the
    truth view (register_truth) and the DuckDB warehouse's identity models."""
    con.execute(EVIDENCE_SQL.format(vault=VAULT_SCHEMA))
    con.execute("create or replace temp table oracle as "
                "select record_key, record_key as label from truth")
    for _ in range(max_rounds):
        con.execute("""
            create or replace temp table oracle_next as
            select o.record_key, least(o.label, coalesce(min(n.label), o.label)) as label
            from oracle as o
            left join (select a as k, b as other from evidence
                       union all select b, a from evidence) as e on e.k = o.record_key
            left join oracle as n on n.record_key = e.other
            group by o.record_key, o.label""")
        changed = con.execute("select count(*) from oracle_next join oracle using (record_key) "
                              "where oracle_next.label <> oracle.label").fetchone()[0]
        con.execute("create or replace temp table oracle as select * from oracle_next")
        if not changed:
            break
    return score(con, "select record_key, label as customer_id from oracle")
