"""Where the built marts live, and how the tooling reads them.

The tooling reads what dbt built; it never re-implements model logic. Relation names follow
dbt's default schema naming: `<target schema>_<custom schema>`, or the target schema itself
for models without a custom schema (the marts).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
DEMO_TRUTH = ROOT / "seeds" / "truth" / "demo_truth.csv"
MART_SCHEMA = "main"


def duckdb_path(path: Path | None = None) -> Path:
    """The DuckDB file dbt builds into: the argument, IDSTITCH_DUCKDB_PATH, or the default."""
    if path is not None:
        return Path(path)
    return Path(os.environ.get("IDSTITCH_DUCKDB_PATH", ROOT / "warehouse.duckdb"))


@contextmanager
def connect(path: Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the built DuckDB warehouse, with a clear error if missing."""
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
        from {MART_SCHEMA}.identity_run_metrics
        where run_started_at = (select max(run_started_at) from {MART_SCHEMA}.identity_run_metrics)
        """
    ).fetchall()
    return {(metric, dimension): int(value) for metric, dimension, value in rows}


def summary(con: duckdb.DuckDBPyConnection) -> str:
    """A few lines on the latest run: records in, customers out, largest cluster, rounds."""
    m = latest_metrics(con)
    if not m:
        return "no run recorded in identity_run_metrics yet"
    by_source = sorted((dim, n) for (metric, dim), n in m.items() if metric == "source_records")
    records = sum(n for _, n in by_source)
    rejected = sum(n for (metric, _), n in m.items() if metric == "rejected_values")
    issues = sum(n for (metric, _), n in m.items() if metric == "normalization_issues")
    lines = [
        f"source records in:   {records:,} ("
        + ", ".join(f"{dim} {n:,}" for dim, n in by_source) + ")",
        f"customers out:       {m.get(('customers', 'all'), 0):,} "
        f"({m.get(('customers', 'multi_record'), 0):,} stitched from 2+ records)",
        f"largest cluster:     {m.get(('largest_customer_records', 'all'), 0)} records",
        f"clustering:          {m.get(('clustering_rounds', 'hook'), 0)} rounds, "
        f"{m.get(('clustering_rounds', 'passes'), 0)} passes",
        f"rejected values:     {rejected:,} identifier values kept out of matching",
        f"unreadable values:   {issues:,} identifier values normalized to NULL",
    ]
    return "\n".join(lines)
