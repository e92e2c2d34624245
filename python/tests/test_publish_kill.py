"""A build killed at any point, then rerun, equals an uninterrupted build: the same ids, the
same marts, each change event written once (write-audit-publish; issue 13). On DuckDB and on
PostgreSQL, with a real SIGKILL of the dbt process."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import time

from conftest import DBT, ROOT, TEST_THREADS, run_dbt
from scenarios import ANN, ANN_KEYS, BOB, BOB_KEYS, BRIDGE, Warehouse, build, insert_rows, plain_id

BUILD = ["build", "--exclude", "resource_type:seed", "resource_type:unit_test"]
# where the build dies: inside clustering, right after the marts were built in the work
# schema (their tests still running), and inside the publish transaction
KILL_POINTS = [r"START \S+ \S+ model \S+\.int_identity__clusters ",
               r"OK created \S+ \S+ model \S+_work\.customer_records ",
               r"START snapshot "]


def build_killed_at(env: dict[str, str], pattern: str, delay: float = 0.3) -> str:
    """Run `dbt build`, SIGKILL it `delay` seconds after a line of its output matches."""
    cmd = [DBT, *BUILD, "--threads", TEST_THREADS, "--profiles-dir", str(ROOT), "--project-dir", str(ROOT)]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if re.search(pattern, line):
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, f"the build ended before {pattern!r}:\n{''.join(seen)[-3000:]}"
    return "".join(seen)


def test_a_killed_build_rerun_equals_an_uninterrupted_build(warehouse, tmp_path):
    wh = warehouse
    ann_id, bob_id = plain_id("ecommerce:A1"), plain_id("ecommerce:B1")
    insert_rows(wh, ANN + BOB)
    build(wh)
    insert_rows(wh, [BRIDGE])  # the next run merges Bob into Ann
    before = wh.published_state()

    # the uninterrupted run, on a copy (DuckDB), or as the project defines it (Postgres)
    if wh.is_postgres:
        expected_assignments = dict.fromkeys(ANN_KEYS | BOB_KEYS | {"mobile_app:X1"}, ann_id)
        expected = None
    else:
        reference = Warehouse({**wh.env, "IDSTITCH_DUCKDB_PATH": str(
            shutil.copy(wh.env["IDSTITCH_DUCKDB_PATH"], tmp_path / "reference.duckdb"))})
        build(reference)
        expected = reference.published_state()
        expected_assignments = expected["assignments"]

    # publishing needs one audited build: `dbt snapshot` alone refuses and changes nothing
    refused = run_dbt(["snapshot"], wh.env, check=False)
    assert refused.returncode != 0 and "publish refused" in refused.stdout
    assert wh.published_state() == before

    for point in KILL_POINTS:
        build_killed_at(wh.env, point)
        now = wh.published_state()
        # all or nothing: the last good run's state, or (killed inside the publish after its
        # commit) the whole new one
        assert now == before or now["assignments"] == expected_assignments, point
        if point != KILL_POINTS[-1]:
            assert now == before, point
    # a kill that lands after the publish committed (a loaded machine) leaves one run more
    killed_run_published = now != before

    build(wh)
    after = wh.published_state()
    assert after["assignments"] == expected_assignments
    merges = [c for c in after["changes"] if c[0] == "merged_into"]
    assert merges == [("merged_into", bob_id, ann_id, 6)]  # written once
    runs = 3 if killed_run_published else 2
    assert after["runs"] == [(runs,)]
    if expected is not None:
        assert after == {**expected, "runs": [(runs,)],
                         "parameter_runs": [(expected["parameter_runs"][0][0] + runs - 2,)]}
