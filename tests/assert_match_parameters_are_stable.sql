-- Warns when the model this run scored with moved away from the last published run's: a
-- match weight (or the prior) that changed by more than var idstitch__max_match_weight_drift
-- bits. A new source, a bad load or a loosened rule retrains m and u silently otherwise, and
-- every pair near the threshold changes its decision. The failing rows show both runs'
-- parameters side by side, kept in <schema>_dbt_test__audit.assert_match_parameters_are_stable.
{{ config(severity='warn', store_failures=true) }}

with

history as not materialized (
    select * from {{ ref('identity_match_parameters') }}
),

runs as (
    select
        runs.invocation_id,
        row_number() over (order by runs.run_started_at desc, runs.invocation_id desc) as recency
    from (select distinct invocation_id, run_started_at from history) as runs
),

-- the parameters of the latest two runs
recent as (
    select
        history.*,
        runs.recency
    from history
    inner join runs
        on history.invocation_id = runs.invocation_id
    where runs.recency <= 2
),

final as (
    select
        current_run.comparison,
        current_run.level_name,
        previous_run.m_probability as previous_m_probability,
        current_run.m_probability,
        previous_run.u_probability as previous_u_probability,
        current_run.u_probability,
        previous_run.match_weight as previous_match_weight,
        current_run.match_weight,
        current_run.match_weight - previous_run.match_weight as weight_change_bits
    from recent as current_run
    inner join recent as previous_run
        on
            current_run.comparison = previous_run.comparison
            and current_run.level_name = previous_run.level_name
    where
        current_run.recency = 1
        and previous_run.recency = 2
        and abs(current_run.match_weight - previous_run.match_weight) > {{ var('idstitch__max_match_weight_drift') }}
)

select * from final
