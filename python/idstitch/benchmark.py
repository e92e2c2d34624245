"""Build generated data of a given size on each target and print wall time and quality.

    idstitch benchmark --persons 100000 --targets duckdb,postgres

For each target: load the config seeds, replace the raw source tables with the generated
files, time `dbt build` (models, snapshot and every data test), then score the result
against the generator's truth. Runs in its own DuckDB file and Postgres schema, so the
demo warehouse is left alone.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from idstitch import evaluate, generate, postgres, warehouse

ROOT = warehouse.ROOT


def dbt_command(args: list[str]) -> list[str]:
    """The venv's dbt with `args`, on this project and its profiles.yml."""
    dbt = str(Path(sys.executable).with_name("dbt"))
    return [dbt, *args, "--profiles-dir", str(ROOT), "--project-dir", str(ROOT)]


def _dbt(args: list[str], env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(dbt_command(args), cwd=ROOT, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise SystemExit(f"dbt {' '.join(args)} failed:\n{proc.stdout[-5000:]}")
    return proc


def dataset(work: Path, persons: int, seed: int, noise: float,
            corruptions: dict[str, float] | None = None) -> Path:
    """Generated sources for (persons, seed, noise, corruptions), made once and reused."""
    out = work / f"persons{persons}-seed{seed}-noise{noise:g}"
    if corruptions:
        out = out.with_name(f"{out.name}-{generate.corruption_label(corruptions)}")
    if (out / "truth.csv").exists() and not _current_format(out):
        shutil.rmtree(out)  # written by a generator whose tables had other columns
    if not (out / "truth.csv").exists():
        started = time.perf_counter()
        generate.generate(persons, seed, out, noise, corruptions)
        print(f"generated {persons:,} persons in {time.perf_counter() - started:.1f}s -> {out}")
    return out


def _current_format(out: Path) -> bool:
    """Whether the generated files in `out` have the columns generate.TABLES gives now."""
    for table, columns in generate.TABLES.items():
        with open(out / f"{table}.csv", encoding="utf-8") as fh:
            if fh.readline().strip().split(",") != columns:
                return False
    return True


def duckdb_env(db: Path, target_path: Path, logs: Path) -> dict[str, str]:
    """The environment of dbt runs on a fresh DuckDB file `db` (an earlier one is removed);
    this process's own reads (warehouse.connect) point at it too."""
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    os.environ["IDSTITCH_DUCKDB_PATH"] = str(db)
    return {**os.environ, "IDSTITCH_TARGET": "duckdb", "IDSTITCH_DUCKDB_PATH": str(db),
            "DBT_TARGET_PATH": str(target_path), "DBT_LOG_PATH": str(logs)}


def run_target(target: str, data: Path, work: Path, dbt_vars: str | None = None) -> dict:
    if target == "postgres":
        env = postgres.with_token_salt({**os.environ, "IDSTITCH_TARGET": target,
                                        "DBT_TARGET_PATH": str(work / f"target-{target}"),
                                        "DBT_LOG_PATH": str(work / "logs")})
        env["IDSTITCH_PG_SCHEMA"] = os.environ.get("IDSTITCH_BENCH_PG_SCHEMA", "bench")
        os.environ["IDSTITCH_PG_SCHEMA"] = env["IDSTITCH_PG_SCHEMA"]
        settings = postgres.ensure_local_server()
        # a first build, like the DuckDB file: no state of an earlier benchmark
        postgres.drop_schemas(settings, settings.schema)
    else:
        env = duckdb_env(work / "bench.duckdb", work / f"target-{target}", work / "logs")
    _dbt(["seed", "--select", "path:seeds/config"], env)
    warehouse.load_raw(data, target)
    started = time.perf_counter()
    _dbt(["build", "--exclude", "resource_type:seed", *(["--vars", dbt_vars] if dbt_vars else [])],
         env)
    seconds = time.perf_counter() - started
    with warehouse.connect(target) as con:
        scores = evaluate.evaluate(con, data / "truth.csv")
        metrics = warehouse.latest_metrics(con)
    return {"target": target, "dbt_build_seconds": round(seconds, 1),
            "clustering_rounds": metrics.get(("clustering_rounds", "hook")),
            "clustering_passes": metrics.get(("clustering_rounds", "passes")), **scores}


def main(persons: int, seed: int, noise: float, targets: list[str], work: Path,
         dbt_vars: str | None = None, corruptions: dict[str, float] | None = None) -> list[dict]:
    work.mkdir(parents=True, exist_ok=True)
    data = dataset(work, persons, seed, noise, corruptions)
    results = [run_target(t, data, work, dbt_vars) for t in targets]
    print(f"\n{persons:,} persons, seed {seed}, noise {noise:g}, "
          f"corruptions {generate.corruption_label(corruptions or {})}, vars {dbt_vars or '{}'}")
    print(f"{'target':<10} {'build s':>8} {'records':>9} {'customers':>10} {'rounds':>6} "
          f"{'passes':>6} {'pair P':>7} {'pair R':>7} {'pair F1':>7} {'B3 P':>7} {'B3 R':>7} "
          f"{'B3 F1':>7} {'det-only B3 R':>13}")
    for r in results:
        pw, b3 = r["pairwise"], r["bcubed"]
        print(f"{r['target']:<10} {r['dbt_build_seconds']:>8} {r['records']:>9,} "
              f"{r['customers']:>10,} {r['clustering_rounds']:>6} {r['clustering_passes']:>6} "
              f"{pw['precision']:>7.4f} {pw['recall']:>7.4f} {pw['f1']:>7.4f} "
              f"{b3['precision']:>7.5f} {b3['recall']:>7.5f} {b3['f1']:>7.5f} "
              f"{r['deterministic_only']['bcubed']['recall']:>13.5f}")
    print(json.dumps(results))
    return results


# --- idstitch against Splink ---------------------------------------------------------------
SPLINK_PYTHON = ROOT / ".venv-splink" / "bin" / "python"
EXPORT_SQL = f"""
copy (
    select
        records.*,
        identifiers.shop_customer_id,
        identifiers.loyalty_id,
        identifiers.device_id
    from {warehouse.VAULT_SCHEMA}.int_identity__match_records as records
    left join (
        select
            record_key,
            max(case when identifier_type = 'shop_customer_id' then token end) as shop_customer_id,
            max(case when identifier_type = 'loyalty_id' then token end) as loyalty_id,
            max(case when identifier_type = 'device_id' then token end) as device_id
        from {warehouse.VAULT_SCHEMA}.int_identity__identifiers
        group by 1
    ) as identifiers using (record_key)
) to '{{path}}' (format parquet)
"""


def _score_line(name: str, seconds: float, s: dict) -> str:
    pw, b3 = s["pairwise"], s["bcubed"]
    return (f"{name:<30} {seconds:>8} {s['customers']:>10,} {pw['precision']:>7.4f} "
            f"{pw['recall']:>7.4f} {pw['f1']:>7.4f} {b3['precision']:>7.4f} "
            f"{b3['recall']:>7.4f} {b3['f1']:>7.4f}")


def versus_splink(persons: int, seed: int, noise: float, work: Path, splink_python: Path,
                  dbt_vars: str | None = None) -> dict:
    """Build idstitch on DuckDB, run Splink on the same normalized records, print both."""
    if not Path(splink_python).exists():
        raise SystemExit(f"no Splink environment at {splink_python}: run `make splink-env` "
                         "(or pass --splink-python)")
    work.mkdir(parents=True, exist_ok=True)
    data = dataset(work, persons, seed, noise)
    ours = run_target("duckdb", data, work, dbt_vars)
    records, clusters = work / "splink_records.parquet", work / "splink_clusters.csv"
    with warehouse.connect("duckdb") as con:
        con.execute(EXPORT_SQL.format(path=str(records).replace("'", "''")))
        evaluate.register_truth(con, data / "truth.csv")
        ceiling = evaluate.evidence_ceiling(con)
        started = time.perf_counter()
        script = Path(__file__).with_name("splink_baseline.py")
        proc = subprocess.run([str(splink_python), str(script), "--records", str(records),
                               "--out", str(clusters)], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        splink_seconds = round(time.perf_counter() - started, 1)
        if proc.returncode != 0:
            raise SystemExit(f"Splink failed:\n{proc.stderr[-5000:]}")
        out = str(clusters).replace("'", "''")
        splink = evaluate.score(con, "select record_key, cast(cluster_id as varchar) as customer_id "
                                     f"from read_csv('{out}', header = true, all_varchar = true)")
    print(f"\n{persons:,} persons, seed {seed}, noise {noise:g}: {ours['records']:,} records")
    print(f"{'system':<30} {'wall s':>8} {'customers':>10} {'pair P':>7} {'pair R':>7} "
          f"{'pair F1':>7} {'B3 P':>7} {'B3 R':>7} {'B3 F1':>7}")
    print(_score_line("idstitch deterministic only", ours["dbt_build_seconds"],
                      ours["deterministic_only"]))
    print(_score_line("idstitch det + probabilistic", ours["dbt_build_seconds"], ours))
    print(_score_line("splink 0.99", splink_seconds, splink))
    print(_score_line("oracle: any shared evidence", 0, ceiling))
    print("(idstitch: the whole dbt build; Splink: training, prediction and clustering, "
          "including its start-up; oracle: the truth, split where two records of one person "
          "share no evidence: the best any matcher can do)")
    result = {"idstitch": ours, "splink": {**splink, "seconds": splink_seconds,
                                           "detail": proc.stdout.strip().splitlines()[-1]},
              "oracle": ceiling}
    print(json.dumps(result))
    return result
