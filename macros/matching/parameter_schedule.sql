{#- When a run estimates the Fellegi-Sunter parameters (m, u, the prior) and when it scores
    with the ones the last published run used (var idstitch__reestimate_parameters):
      every_run        (default) every run estimates them;
      on_full_refresh  only `dbt build --full-refresh` does, and a run that finds no
                       published parameters, or published ones for other comparisons or
                       levels than the configuration names now (a changed comparison is
                       re-estimated at once); every other run reuses the latest published
                       parameters, so the scores of unchanged pairs do not move between
                       daily runs, and the random-pair sample and EM are not run.
    Term frequencies are measured on every run either way. Returns, while executing, a
    mapping when this run reuses: relation (the published identity_match_parameters),
    invocation_id (the published run whose rows are reused) and estimated_by (the run that
    estimated them); none when it estimates. Every model asking in one run gets the same
    answer: the published table changes only when the run publishes, at its end. -#}
{% macro published_parameters() -%}
    {#- first: the source lands in the caller's lineage at parse time -#}
    {%- set published = idstitch.published_relation('identity_match_parameters') -%}
    {%- set schedule = var('idstitch__reestimate_parameters', 'every_run') -%}
    {%- if published is none or schedule != 'on_full_refresh' or flags.FULL_REFRESH -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(published) | map(attribute='name') | map('lower') | list -%}
    {%- set estimated_by = 'coalesce(estimated_by, invocation_id)' if 'estimated_by' in columns else 'invocation_id' -%}
    {%- set latest = run_query("select invocation_id, max(" ~ estimated_by ~ ") from " ~ published
        ~ " where run_started_at = (select max(run_started_at) from " ~ published ~ ") group by 1") -%}
    {%- if latest.rows | length != 1 -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set invocation_id, estimated_by_run = latest.rows[0][0], latest.rows[0][1] -%}
    {#- the published levels must be the configured ones, name for name -#}
    {%- set expected = ['(prior):0:prior'] -%}
    {%- for comparison in idstitch.match_comparisons() -%}
        {%- set names = idstitch.comparison_level_names(comparison) -%}
        {%- for level in range(1, names | length) -%}
            {%- do expected.append(comparison.name ~ ':' ~ level ~ ':' ~ names[level]) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set found = [] -%}
    {%- for row in run_query("select comparison, comparison_level, level_name from " ~ published ~ " where invocation_id = '" ~ invocation_id ~ "'").rows -%}
        {%- do found.append(row[0] ~ ':' ~ (row[1] | int) ~ ':' ~ row[2]) -%}
    {%- endfor -%}
    {%- if found | sort != expected | sort -%}
        {{ log("match parameters: the published ones are for other comparisons or levels than the configuration names; estimating them", info=True) }}
        {{ return(none) }}
    {%- endif -%}
    {{ return({'relation': published, 'invocation_id': invocation_id, 'estimated_by': estimated_by_run}) }}
{%- endmacro %}
