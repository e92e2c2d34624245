-- Fails, so nothing is published (the previous marts stay), when a source holds far fewer
-- identity records than in the last published run: more than var idstitch__max_source_drop_share
-- of them gone. An empty or truncated extract would otherwise retire its customers' ids.
-- Intended drops (a source switched off, a purge) are acknowledged for one run with
-- --vars '{idstitch__acknowledged_source_drops: [source, ...]}'. The message names the
-- source and both counts. Records an erasure removes in this run (their customer is still
-- published) are an intended drop: the rest of the source is compared.
-- depends_on: {{ ref('int_identity__records') }}
-- depends_on: {{ ref('int_identity__suppressions') }}
{%- set published = idstitch.published_relation('identity_run_metrics') %}
{%- set published_records = idstitch.published_relation('customer_records') %}
{%- set erasures = idstitch.erasure_state() %}
{%- set acknowledged = var('idstitch__acknowledged_source_drops') %}

{%- set drop_sql %}
{%- if published %}
with

-- the last published run's identity records per source
previous_counts as (
    select
        published.dimension as source,
        published.metric_value as previous_records
    from {{ published }} as published
    where
        published.metric = 'source_records'
        and published.invocation_id = (
            select max(latest.invocation_id)
            from {{ published }} as latest
            where latest.run_started_at = (select max(runs.run_started_at) from {{ published }} as runs)
        )
),

current_counts as (
    select
        records.source,
        count(*) as current_records
    from {{ ref('int_identity__records') }} as records
    group by 1
),

-- records erased in this run: their customer is in the last published customer_records
erased_counts as (
    {%- if published_records and erasures.records %}
    select
        suppressions.source,
        count(*) as erased_records
    from {{ ref('int_identity__suppressions') }} as suppressions
    where
        suppressions.suppression_type = 'record_key'
        and suppressions.customer_id in (select published.customer_id from {{ published_records }} as published)
    group by 1
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as source,
        0 as erased_records
    where 1 = 0
    {%- endif %}
),

compared as (
    select
        previous_counts.source,
        previous_counts.previous_records,
        previous_counts.previous_records - coalesce(erased_counts.erased_records, 0) as kept_records,
        coalesce(current_counts.current_records, 0) as current_records
    from previous_counts
    left join current_counts
        on previous_counts.source = current_counts.source
    left join erased_counts
        on previous_counts.source = erased_counts.source
)

select
    compared.source,
    compared.previous_records,
    compared.current_records
from compared
where
    compared.kept_records - compared.current_records
    > compared.kept_records * {{ var('idstitch__max_source_drop_share') }}
    {%- if acknowledged %}
    and compared.source not in ({% for s in acknowledged %}'{{ s }}'{% if not loop.last %}, {% endif %}{% endfor %})
    {%- endif %}
{%- else %}
-- nothing published yet: nothing to compare with
select
    cast(null as {{ dbt.type_string() }}) as source,
    0 as previous_records,
    0 as current_records
where 1 = 0
{%- endif %}
{%- endset %}

{%- if execute and published %}
    {%- for row in run_query(drop_sql) %}
        {{ log("assert_no_source_shrank: source '" ~ row[0] ~ "' has " ~ row[2] ~ " identity records, " ~ row[1] ~ " in the last published run; nothing is published. If the drop is intended, rerun with --vars '{idstitch__acknowledged_source_drops: [" ~ row[0] ~ "]}'", info=True) }}
    {%- endfor %}
{%- endif %}

{{ drop_sql }}
