-- The Fellegi-Sunter parameters every run scored with, appended to the published history
-- (the work copy is the published table plus this run's rows): one row per run and
-- (comparison, level), with m, u, the match weight in bits, where m and u came from and which
-- run estimated them (a run that reuses the published parameters names an earlier one).
-- Explains a past decision with the parameters of its run, and lets
-- tests/assert_match_parameters_are_stable.sql warn when a run's model moved.
with

parameters as (
    select * from {{ ref('int_identity__match_parameters') }}
),

this_run as (
    select
        '{{ invocation_id }}' as invocation_id,
        {{ idstitch.run_started_at_timestamp() }} as run_started_at,
        parameters.comparison,
        cast(parameters.comparison_level as {{ dbt.type_int() }}) as comparison_level,
        parameters.level_name,
        cast(parameters.m_probability as double precision) as m_probability,
        cast(parameters.u_probability as double precision) as u_probability,
        cast(parameters.match_weight as double precision) as match_weight,
        parameters.m_source,
        parameters.u_source,
        parameters.estimated_by
    from parameters
),

final as (
    {{ idstitch.published_log_rows('identity_match_parameters', ['invocation_id', 'run_started_at', 'comparison', 'comparison_level', 'level_name', 'm_probability', 'u_probability', 'match_weight', 'm_source', 'u_source', 'estimated_by']) }}
    select * from this_run
)

select * from final
