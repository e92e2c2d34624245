"""How the build scales: wall time and peak memory per stage, at sizes given in source records.

    idstitch scale-benchmark --records 1000000,10000000

For each size: generate persons until the sources hold about that many identity records
(cached in --work), load them into a fresh DuckDB file, run `dbt build` (models, snapshot,
data and unit tests; seeds loaded before) in a subprocess whose resident memory is sampled
every 0.1 s, then read dbt's run_results.json. Each node belongs to one stage of the flow
(STAGES); a stage's time is the wall time during which at least one of its nodes ran (with
two threads stages overlap, so stage times add up to more than the build), its peak memory
the largest resident set sampled while one of its nodes ran. Between consecutive sizes each
stage's growth exponent is log(t2 / t1) / log(n2 / n1) over source records n.

Connected components is then timed on the build's own clustering graph (every record a node,
every edge of int_identity__edges an edge) twice: idstitch's connected_components
materialization (a model run on its own) and scipy.sparse.csgraph.connected_components on
the same edges mapped to integers (matrix construction included, text-to-integer mapping
not). `idstitch cc-benchmark` does the same on synthetic graphs (random, chains).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import duckdb

from idstitch import benchmark, warehouse

ROOT = warehouse.ROOT
# identity records per generated person (sources of 344,000 persons hold 1,000,225)
RECORDS_PER_PERSON = 2.9076

# stage -> node-name prefixes / names, in flow order; a node matches the first stage it fits
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("tests", ("test.", "unit_test.")),
    ("staging", ("stg_",)),
    ("identifiers", ("int_identity__identifiers", "int_identity__vault",
                     "int_identity__rejected_values", "int_identity__normalization_issues",
                     "int_identity__records", "int_identity__record_changes",
                     "int_identity__record_attributes",
                     "int_identity__key_edges", "int_identity__quarantined_records")),
    ("blocking", ("int_identity__match_records", "int_identity__match_blocks",
                  "int_identity__match_candidates", "int_identity__match_pairs")),
    ("parameters", ("int_identity__match_term_frequencies", "int_identity__match_u_probabilities",
                    "int_identity__match_parameters")),
    ("scoring", ("int_identity__match_scores", "int_identity__match_review",
                 "int_identity__edge_decisions", "int_identity__never_links",
                 "int_identity__edges")),
    ("clustering", ("int_identity__key_clusters", "int_identity__clusters")),
    ("ids", ("int_identity__previous_assignments", "int_identity__overrides",
             "int_identity__customer_assignments", "int_identity__record_customers",
             "int_identity__golden_attributes")),
    ("marts", ("",)),
]


def stage_of(unique_id: str) -> str:
    """The stage of a dbt node id (model.idstitch.stg_pos__cards -> staging)."""
    kind, _, rest = unique_id.partition(".")
    name = rest.partition(".")[2]
    for stage, prefixes in STAGES:
        if stage == "tests":
            if any(unique_id.startswith(p) for p in prefixes):
                return stage
        elif kind in ("model", "snapshot") and any(name.startswith(p) for p in prefixes):
            return stage
    return "marts"


class MemorySampler:
    """Resident memory (VmRSS, bytes) of a process, sampled on a thread until stopped."""

    def __init__(self, pid: int, every: float = 0.1):
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _read(self, field: str) -> int | None:
        try:
            with open(f"/proc/{self.pid}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith(field + ":"):
                        return int(line.split()[1]) * 1024
        except (FileNotFoundError, ProcessLookupError):
            return None
        return None

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = self._read("VmRSS")
            if rss is not None:
                self.samples.append((time.time(), rss))
            self.peak = self._read("VmHWM") or getattr(self, "peak", 0)
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self.peak = 0
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def _timestamp(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def _union_seconds(intervals: list[tuple[float, float]]) -> float:
    total, end = 0.0, -math.inf
    for start, stop in sorted(intervals):
        if stop > end:
            total += stop - max(start, end)
            end = stop
    return total


def stage_figures(run_results: dict, samples: list[tuple[float, int]]) -> dict[str, dict]:
    """Per stage: wall seconds (union of its nodes' execute intervals), summed node seconds,
    node count and peak resident bytes sampled during its intervals."""
    intervals: dict[str, list[tuple[float, float]]] = {stage: [] for stage, _ in STAGES}
    nodes: dict[str, list[float]] = {stage: [] for stage, _ in STAGES}
    for result in run_results["results"]:
        stage = stage_of(result["unique_id"])
        nodes[stage].append(result["execution_time"])
        for timing in result.get("timing", []):
            if timing.get("name") == "execute" and timing.get("started_at"):
                intervals[stage].append((_timestamp(timing["started_at"]),
                                         _timestamp(timing["completed_at"])))
    out = {}
    for stage, _ in STAGES:
        spans = intervals[stage]
        peak = max((rss for t, rss in samples if any(a <= t <= b for a, b in spans)), default=0)
        out[stage] = {"seconds": round(_union_seconds(spans), 1),
                      "node_seconds": round(sum(nodes[stage]), 1), "nodes": len(nodes[stage]),
                      "peak_bytes": peak}
    return out


def timed_build(env: dict[str, str], target_path: Path, dbt_vars: str | None) -> dict:
    """`dbt build` (no seeds) in a subprocess: wall seconds, peak bytes, stages."""
    args = ["build", "--exclude", "resource_type:seed", *(["--vars", dbt_vars] if dbt_vars else [])]
    log = target_path.parent / "build.log"
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(benchmark.dbt_command(args), cwd=ROOT, env=env, stdout=out,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        with MemorySampler(proc.pid) as memory:
            proc.wait()
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"dbt build failed (see {log}):\n{log.read_text()[-4000:]}")
    run_results = json.loads((target_path / "run_results.json").read_text())
    # kept beside the target: the components run after the build overwrites run_results.json
    (target_path.parent / f"{target_path.name}-build-run-results.json").write_text(
        json.dumps(run_results))
    return {"seconds": round(seconds, 1), "peak_bytes": memory.peak,
            "stages": stage_figures(run_results, memory.samples)}


def persons_for(records: int) -> int:
    """Persons whose sources hold about `records` identity records (to the thousand)."""
    if records < 10000:
        return max(1, round(records / RECORDS_PER_PERSON))
    return round(records / RECORDS_PER_PERSON / 1000) * 1000


def build_size(records: int, seed: int, work: Path, dbt_vars: str | None) -> dict:
    """Generate (cached), load into a fresh DuckDB file, build; figures of the build."""
    data = benchmark.dataset(work, persons_for(records), seed, 1.0)
    db = work / f"scale-{records}.duckdb"
    target_path = work / f"target-scale-{records}"
    env = benchmark.duckdb_env(db, target_path, work / "logs")
    benchmark._dbt(["seed", "--select", "path:seeds/config"], env)
    warehouse.load_raw(data, "duckdb", db)
    figures = timed_build(env, target_path, dbt_vars)
    with warehouse.connect("duckdb", db) as con:
        figures["records"] = con.execute(
            f"select count(*) from {warehouse.VAULT_SCHEMA}.int_identity__records").fetchone()[0]
        figures["candidate_pairs"] = con.execute(
            f"select count(*) from {warehouse.VAULT_SCHEMA}.int_identity__match_pairs").fetchone()[0]
    figures["persons"] = persons_for(records)
    figures["components"] = components_versus_scipy(
        db, env, target_path,
        f"select record_key as node_a, record_key as node_b from "
        f"{warehouse.VAULT_SCHEMA}.int_identity__records union all "
        f"select record_key, anchor_key from {warehouse.IDENTITY_SCHEMA}.int_identity__edges")
    return figures


# --- connected components against scipy ----------------------------------------------------
BENCH_EDGES = "main.idstitch_cc_benchmark_edges"
SCIPY_LABELS = "main.idstitch_cc_benchmark_scipy_labels"


def scipy_components(con, edges_sql: str) -> dict:
    """scipy's connected components on the edge list (node_a, node_b): seconds (CSR matrix
    construction and labelling; the text-to-integer mapping before it is not counted). Each
    node's scipy label is left in SCIPY_LABELS (node, label) for the partition check."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    con.execute(f"""
        create or replace temp table bench_node_ids as
        select node, cast(row_number() over (order by node) - 1 as integer) as id
        from (select node_a as node from ({edges_sql}) union select node_b from ({edges_sql}))""")
    arrays = con.execute(f"""
        select a.id as a, b.id as b
        from ({edges_sql}) as edges
        join bench_node_ids as a on edges.node_a = a.node
        join bench_node_ids as b on edges.node_b = b.node
    """).fetchnumpy()
    a, b = arrays["a"], arrays["b"]
    n = con.execute("select count(*) from bench_node_ids").fetchall()[0][0]
    started = time.perf_counter()
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n)).tocsr()
    count, labels = connected_components(graph, directed=False)
    seconds = time.perf_counter() - started
    con.register("scipy_labels_array", {"id": np.arange(n, dtype=np.int32), "label": labels})
    con.execute(f"create or replace table {SCIPY_LABELS} as select ids.node, labels.label "
                "from bench_node_ids as ids join scipy_labels_array as labels using (id)")
    return {"seconds": round(seconds, 3), "nodes": n, "edges": int((a != b).sum()),
            "components": int(count)}


def idstitch_components(env: dict[str, str], target_path: Path) -> dict:
    """The connected_components materialization on BENCH_EDGES (model
    fixture_benchmark_components), timed by dbt."""
    benchmark._dbt(["run", "--select", "fixture_benchmark_components",
                    "--vars", json.dumps({"idstitch__cc_benchmark_edges": BENCH_EDGES})], env)
    result = next(r for r in json.loads((target_path / "run_results.json").read_text())["results"]
                  if r["unique_id"].endswith(".fixture_benchmark_components"))
    return {"seconds": round(result["execution_time"], 2)}


def components_versus_scipy(db: Path, env: dict[str, str], target_path: Path,
                            edges_sql: str) -> dict:
    con = duckdb.connect(str(db))
    try:
        con.execute(f"create or replace table {BENCH_EDGES} as {edges_sql}")
        scipy = scipy_components(con, f"select * from {BENCH_EDGES}")
    finally:
        con.close()
    ours = idstitch_components(env, target_path)
    con = duckdb.connect(str(db))
    try:
        # the same partition: every scipy component is exactly one of ours
        ours["components"], pairs, scipy_count = con.execute(f"""
            select count(distinct ours.component), count(distinct (ours.component, theirs.label)),
                count(distinct theirs.label)
            from {warehouse.DUCKDB_SCHEMA}_fixtures.fixture_benchmark_components as ours
            full join {SCIPY_LABELS} as theirs on ours.node = theirs.node""").fetchone()
        con.execute(f"drop table {BENCH_EDGES}; drop table {SCIPY_LABELS}")
    finally:
        con.close()
    if not ours["components"] == pairs == scipy_count == scipy["components"]:
        raise SystemExit(f"connected components disagree: idstitch {ours['components']} "
                         f"components, scipy {scipy_count}, {pairs} distinct pairings")
    return {"idstitch_seconds": ours["seconds"], "scipy_seconds": scipy["seconds"],
            "ratio": round(ours["seconds"] / max(scipy["seconds"], 1e-3), 1),
            "nodes": scipy["nodes"], "edges": scipy["edges"], "components": scipy["components"]}


# graph shapes over integer node ids 0..n-1, every node listed (a self edge); KEYS turns the ids
# into the node keys the materialization is given
SHAPES = {
    # random graph: n nodes, n/2 random edges (most components small, a few large)
    "random": "select hash(i) % {n} as a, hash(i + {n}) % {n} as b from range({n} // 2) as t(i) "
              "union all select i, i from range({n}) as t(i)",
    # chains of 1,000 nodes whose keys increase along the chain: the worst case for
    # label propagation (one hop per round), a chain for pointer jumping
    "chains": "select i as a, i + 1 as b from range({n}) as t(i) where (i + 1) % 1000 <> 0 "
              "union all select i, i from range({n}) as t(i)",
}
KEYS = {
    # text keys, as the pipeline's record keys ('source:id'): the materialization maps them to
    # dense integer ids and back
    "text": "'n' || lpad(cast({id} as varchar), 9, '0')",
    # integer keys, as a pipeline with integer record ids would give them: no mapping work
    "integer": "cast({id} as bigint)",
}


def shape_edges_sql(shape: str, keys: str, nodes: int) -> str:
    """SQL of the edge list (node_a, node_b) of a SHAPES graph with KEYS node keys."""
    key = KEYS[keys]
    return (f"select {key.format(id='a')} as node_a, {key.format(id='b')} as node_b "
            f"from ({SHAPES[shape].format(n=nodes)}) as graph")


def cc_benchmark(nodes: int, shapes: list[str], work: Path,
                 keys: tuple[str, ...] = ("integer", "text")) -> list[dict]:
    """Connected components, idstitch against scipy, on synthetic graphs of `nodes` nodes, once
    per kind of node key. scipy always runs on integer ids (its key mapping is not timed)."""
    work.mkdir(parents=True, exist_ok=True)
    db = work / "cc.duckdb"
    target_path = work / "target-cc"
    env = benchmark.duckdb_env(db, target_path, work / "logs")
    rows = []
    for shape in shapes:
        for key in keys:
            edges_sql = shape_edges_sql(shape, key, nodes)
            figures = components_versus_scipy(db, env, target_path, edges_sql)
            rows.append({"shape": shape, "keys": key, **figures})
    print(f"{'graph':<8} {'keys':<8} {'nodes':>12} {'edges':>12} {'components':>11} "
          f"{'idstitch s':>10} {'scipy s':>8} {'ratio':>6}")
    for r in rows:
        print(f"{r['shape']:<8} {r['keys']:<8} {r['nodes']:>12,} {r['edges']:>12,} "
              f"{r['components']:>11,} {r['idstitch_seconds']:>10} {r['scipy_seconds']:>8} "
              f"{r['ratio']:>6}")
    print(json.dumps(rows))
    return rows


def _gib(value: int) -> str:
    return f"{value / 2**30:.2f}"


def main(sizes: list[int], seed: int, work: Path, dbt_vars: str | None = None) -> list[dict]:
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for records in sizes:
        figures = build_size(records, seed, work, dbt_vars)
        results.append(figures)
        print(f"\n{figures['records']:,} source identity records ({figures['persons']:,} persons, "
              f"seed {seed}): dbt build {figures['seconds']} s, peak memory "
              f"{_gib(figures['peak_bytes'])} GiB, {figures['candidate_pairs']:,} candidate pairs")
        print(f"{'stage':<12} {'wall s':>8} {'node s':>8} {'nodes':>6} {'peak GiB':>9}")
        for stage, _ in STAGES:
            s = figures["stages"][stage]
            print(f"{stage:<12} {s['seconds']:>8} {s['node_seconds']:>8} {s['nodes']:>6} "
                  f"{_gib(s['peak_bytes']):>9}")
        cc = figures["components"]
        print(f"connected components on the clustering graph ({cc['nodes']:,} nodes, "
              f"{cc['edges']:,} edges): idstitch {cc['idstitch_seconds']} s, scipy "
              f"{cc['scipy_seconds']} s, ratio {cc['ratio']}")
        sys.stdout.flush()
    for small, large in zip(results, results[1:], strict=False):
        ratio = math.log(large["records"] / small["records"])
        print(f"\ngrowth exponent between {small['records']:,} and {large['records']:,} records "
              "(t ~ n^k)")
        print(f"{'stage':<12} {'k':>6}")
        for stage in [*(s for s, _ in STAGES), "build"]:
            t1 = small["seconds"] if stage == "build" else small["stages"][stage]["seconds"]
            t2 = large["seconds"] if stage == "build" else large["stages"][stage]["seconds"]
            k = math.log(max(t2, 0.1) / max(t1, 0.1)) / ratio
            print(f"{stage:<12} {k:>6.2f}")
    print(json.dumps(results))
    return results
