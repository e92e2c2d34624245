"""Where the built marts live, and how the tooling reads them and loads raw data.

The tooling reads what dbt built; it never re-implements model logic. Relation names follow
dbt's default schema naming: `<target schema>_<custom schema>` (e.g. `main_raw`), or the
target schema itself for models without a custom schema (the marts).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from idstitch import postgres
from idstitch.generate import TABLES

ROOT = Path(__file__).resolve().parents[2]
DEMO_TRUTH = ROOT / "seeds" / "truth" / "demo_truth.csv"
DUCKDB_SCHEMA = "main"
IDENTITY_SUFFIX = "_identity"  # the intermediate models' schema is <schema>_identity
IDENTITY_SCHEMA = DUCKDB_SCHEMA + IDENTITY_SUFFIX
# the staging models and the intermediate models that hold personal values (dbt_project.yml)
VAULT_SUFFIX = "_identity_vault"
VAULT_SCHEMA = DUCKDB_SCHEMA + VAULT_SUFFIX
# the relations the tooling reads, copied into an in-memory DuckDB when they live in Postgres:
# (schema suffix, name) -> columns
READ_RELATIONS = {
    ("", "customer_records"): "record_key, source, customer_id",
    ("", "identity_run_metrics"): "invocation_id, run_started_at, metric, dimension, metric_value",
    (IDENTITY_SUFFIX, "int_identity__key_clusters"): "record_key, key_cluster_key",
}


def target_name(target: str | None = None) -> str:
    return target or os.environ.get("IDSTITCH_TARGET", "duckdb")


def duckdb_path(path: Path | None = None) -> Path:
    """The DuckDB file dbt builds into: the argument, IDSTITCH_DUCKDB_PATH, or the default."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get("IDSTITCH_DUCKDB_PATH", ROOT / "warehouse.duckdb"))


@contextmanager
def connect(target: str | None = None, path: Path | None = None
            ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection in which the relations the tooling reads are `main.<mart>` and
    `main_identity.<model>`: the built DuckDB file itself (read-only), or an in-memory copy
    of them from Postgres."""
    if target_name(target) == "postgres":
        con = duckdb.connect()
        settings = postgres.Settings.from_env()
        with tempfile.TemporaryDirectory() as tmp, settings.connect() as pg, pg.cursor() as cur:
            for (suffix, name), columns in READ_RELATIONS.items():
                dump = Path(tmp) / f"{name}.csv"
                with open(dump, "w", encoding="utf-8") as fh:
                    cur.copy_expert(f"copy (select {columns} from {settings.schema}{suffix}.{name}) "
                                    "to stdout with (format csv, header true)", fh)
                schema = f"{DUCKDB_SCHEMA}{suffix}"
                con.execute(f"create schema if not exists {schema}")
                con.execute(f"create table {schema}.{name} as select * from "
                            f"read_csv('{dump}', header = true, all_varchar = true)")
    else:
        db = duckdb_path(path)
        if not db.exists():
            raise SystemExit(f"no warehouse at {db}: run `make build` first")
        con = duckdb.connect(str(db), read_only=True)
    try:
        yield con
    finally:
        con.close()


def latest_metrics(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], int]:
    rows = con.execute(
        f"""
        select metric, dimension, metric_value
        from {DUCKDB_SCHEMA}.identity_run_metrics
        where invocation_id = (
            select invocation_id from {DUCKDB_SCHEMA}.identity_run_metrics
            order by cast(run_started_at as timestamp) desc limit 1
        )
        """
    ).fetchall()
    return {(metric, dimension): int(value) for metric, dimension, value in rows}


def _candidates(m: dict[tuple[str, str], int]) -> str:
    by_rule = sorted((dim, n) for (metric, dim), n in m.items()
                     if metric == "match_candidate_pairs" and dim != "already_key_linked")
    if not by_rule:
        if not any(metric == "blocking_comparisons" for metric, _ in m):
            return "none (no blocking rules)"
        return "0 pairs"
    return (f"{sum(n for _, n in by_rule):,} pairs ("
            + ", ".join(f"{dim} {n:,}" for dim, n in by_rule) + "), "
            f"{m.get(('match_candidate_pairs', 'already_key_linked'), 0):,} already joined by keys")


def _blocking(m: dict[tuple[str, str], int]) -> str:
    """Comparisons the blocks of all rules would make, and what the block size cap skipped."""
    comparisons = sum(n for (metric, _), n in m.items() if metric == "blocking_comparisons")
    blocks = sum(n for (metric, _), n in m.items() if metric == "blocks_skipped")
    skipped = sum(n for (metric, _), n in m.items() if metric == "comparisons_skipped")
    return (f"{comparisons:,} comparisons in the rules' blocks (a pair two rules find counts "
            f"twice); {blocks:,} blocks above idstitch__max_block_size skipped ({skipped:,} "
            "comparisons not made)")


def summary(con: duckdb.DuckDBPyConnection) -> str:
    """A few lines on the latest run: records in, customers out, largest cluster, rounds."""
    m = latest_metrics(con)
    if not m:
        return "no run recorded in identity_run_metrics yet"
    by_source = sorted((dim, n) for (metric, dim), n in m.items() if metric == "source_records")
    records = sum(n for _, n in by_source)
    rejected = sum(n for (metric, _), n in m.items() if metric == "rejected_values")
    issues = sum(n for (metric, _), n in m.items() if metric == "normalization_issues")
    quarantined: dict[str, int] = {}
    for (metric, dim), n in m.items():
        if metric == "quarantined_records":
            reason = dim.partition(":")[2]
            quarantined[reason] = quarantined.get(reason, 0) + n
    lines = [
        f"source records in:   {records:,} ("
        + ", ".join(f"{dim} {n:,}" for dim, n in by_source) + ")",
        f"customers out:       {m.get(('customers', 'all'), 0):,} "
        f"({m.get(('customers', 'multi_record'), 0):,} stitched from 2+ records)",
        f"largest cluster:     {m.get(('largest_customer_records', 'all'), 0)} records",
        f"clustering:          {m.get(('clustering_rounds', 'hook'), 0)} rounds, "
        f"{m.get(('clustering_rounds', 'passes'), 0)} passes",
        f"match candidates:    {_candidates(m)}; "
        f"{m.get(('edges', 'match_score'), 0):,} became edges, "
        f"{m.get(('match_review_pairs', 'all'), 0):,} wait for review",
        f"blocking:            {_blocking(m)}",
        f"rejected values:     {rejected:,} identifier values kept out of matching",
        f"unreadable values:   {issues:,} identifier values normalized to NULL",
    ]
    if quarantined:  # runs before the quarantine (issue 15) logged no such figure
        lines.insert(1, f"quarantined rows:    {sum(quarantined.values()):,} source rows left out ("
                     + ", ".join(f"{reason} {n:,}" for reason, n in sorted(quarantined.items()))
                     + "; listed in int_identity__quarantined_records)")
    changes: dict[str, int] = {}
    for (metric, dim), n in m.items():
        if metric == "record_changes":
            change = dim.partition(":")[2]
            changes[change] = changes.get(change, 0) + n
    normalized = sum(n for (metric, _), n in m.items() if metric == "staged_rows_normalized")
    kept = sum(n for (metric, _), n in m.items() if metric == "staged_rows_kept")
    if normalized or kept:  # staging built as tables or views logs no such figure
        lines.insert(1, f"staging:             {normalized:,} source rows normalized, {kept:,} "
                        "staged rows kept as they were (incremental_staging)")
    if changes:  # runs before the record state (issue 16) logged no such figure
        lines.insert(1, "since last publish:  " + ", ".join(
            f"{changes.get(change, 0):,} {change}"
            for change in ("new", "changed", "retimed", "unchanged", "deleted"))
            + " records (int_identity__record_changes)")
    return "\n".join(lines)


def load_raw(source_dir: Path, target: str | None = None, path: Path | None = None) -> dict:
    """Replace the raw source tables (`<schema>_raw.<table>`, all text columns, as the demo
    seeds have them) with the generator's CSV files in source_dir. Returns row counts."""
    counts = {}
    if target_name(target) == "postgres":
        settings = postgres.Settings.from_env()
        raw = f"{settings.schema}_raw"
        with settings.connect() as pg, pg.cursor() as cur:
            cur.execute(f"create schema if not exists {raw}")
            for table, columns in TABLES.items():
                cur.execute(f"drop table if exists {raw}.{table} cascade")
                cur.execute(f"create table {raw}.{table} ({', '.join(c + ' text' for c in columns)})")
                with open(source_dir / f"{table}.csv", encoding="utf-8") as fh:
                    cur.copy_expert(f"copy {raw}.{table} from stdin with (format csv, header true)", fh)
                counts[table] = cur.rowcount
        return counts
    # no progress bars: a load writes to a scheduled job's or a benchmark's log
    con = duckdb.connect(str(duckdb_path(path)))
    try:
        con.execute("set enable_progress_bar = false")
        con.execute(f"create schema if not exists {DUCKDB_SCHEMA}_raw")
        for table, columns in TABLES.items():
            file = str(source_dir / f"{table}.csv").replace("'", "''")
            types = ", ".join(f"'{c}': 'varchar'" for c in columns)
            con.execute(
                f"create or replace table {DUCKDB_SCHEMA}_raw.{table} as select * from "
                f"read_csv('{file}', header = true, columns = {{{types}}}, quote = '\"', "
                "escape = '\"', auto_detect = false)"
            )
            counts[table] = con.execute(
                f"select count(*) from {DUCKDB_SCHEMA}_raw.{table}").fetchone()[0]
    finally:
        con.close()
    return counts

