"""When the Fellegi-Sunter parameters are estimated (var idstitch__reestimate_parameters): with
on_full_refresh a run scores with the latest published m, u and prior unless it is a
`--full-refresh` or nothing is published yet, and identity_match_parameters says which run
estimated what each run used; on DuckDB and on PostgreSQL."""

from __future__ import annotations

from conftest import run_dbt, vars_arg
from scenarios import ANN, BOB, BRIDGE, Warehouse, insert_rows

BUILD = ["build", "--exclude", "resource_type:seed", "resource_type:unit_test"]
ON_FULL_REFRESH = vars_arg({"idstitch__reestimate_parameters": "on_full_refresh"})


def latest_parameters(wh: Warehouse) -> tuple[str, set[str], dict]:
    """The latest published run's invocation id, the runs that estimated its rows, and its
    (comparison, level) -> (m, u)."""
    rows = wh.execute("""
        select invocation_id, estimated_by, comparison, comparison_level, m_probability,
            u_probability
        from {s}.identity_match_parameters
        where run_started_at = (select max(run_started_at) from {s}.identity_match_parameters)""")
    [run] = {row[0] for row in rows}
    return run, {row[1] for row in rows}, {(c, int(level)): (m, u) for _, _, c, level, m, u in rows}


def sampled_pairs(wh: Warehouse) -> int | None:
    [(pairs,)] = wh.execute("select sum(pair_count) "
                            "from {s}_identity.int_identity__match_u_probabilities")
    return pairs


def test_on_full_refresh_reuses_the_published_parameters_until_a_full_refresh(warehouse):
    wh = warehouse
    insert_rows(wh, ANN + BOB)
    # nothing published yet: the first run estimates
    run_dbt(BUILD + ON_FULL_REFRESH, wh.env)
    first, estimated_by, first_parameters = latest_parameters(wh)
    assert estimated_by == {first} and sampled_pairs(wh) > 0

    # new records: a daily run scores with what the first run estimated, samples nothing
    insert_rows(wh, [BRIDGE])
    run_dbt(BUILD + ON_FULL_REFRESH, wh.env)
    second, estimated_by, second_parameters = latest_parameters(wh)
    assert second != first and estimated_by == {first}
    assert second_parameters == first_parameters
    assert sampled_pairs(wh) is None
    [(scored_with,)] = wh.execute("select distinct estimated_by "
                                  "from {s}_identity.int_identity__match_parameters")
    assert scored_with == first

    # a full refresh estimates again, and so does every run on the default schedule
    run_dbt(BUILD + ON_FULL_REFRESH + ["--full-refresh"], wh.env)
    third, estimated_by, _ = latest_parameters(wh)
    assert third not in (first, second) and estimated_by == {third}
    run_dbt(BUILD, wh.env)
    fourth, estimated_by, _ = latest_parameters(wh)
    assert fourth != third and estimated_by == {fourth} and sampled_pairs(wh) > 0
