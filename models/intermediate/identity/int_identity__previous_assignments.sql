-- The previous run's record -> customer assignments: the current rows of the assignments
-- snapshot. Empty on the first run. Materialized, so it is read before this run's snapshot
-- moves on.
{%- set snapshot = source('identity_history', 'identity_assignments_snapshot') -%}
{%- set existing = adapter.get_relation(snapshot.database, snapshot.schema, snapshot.identifier) if execute else none -%}
{%- set columns = adapter.get_columns_in_relation(existing) | map(attribute='name') | map('lower') | list if existing else [] -%}
{%- set str = dbt.type_string() %}

with

{% if existing -%}
snapshot as (
    select * from {{ snapshot }}
),

-- snapshots older than the origin columns: every record is then its customer's own
current_rows as (
    select
        snapshot.record_key,
        snapshot.customer_id,
        {% if 'origin_customer_id' in columns -%}
        coalesce(snapshot.origin_customer_id, snapshot.customer_id) as origin_customer_id,
        snapshot.customer_since,
        coalesce(snapshot.origin_customer_since, snapshot.customer_since) as origin_customer_since
        {%- else -%}
        snapshot.customer_id as origin_customer_id,
        cast(null as {{ dbt.type_timestamp() }}) as customer_since,
        cast(null as {{ dbt.type_timestamp() }}) as origin_customer_since
        {%- endif %}
    from snapshot
    where snapshot.dbt_valid_to is null
),
{%- else -%}
current_rows as (
    select
        cast(null as {{ str }}) as record_key,
        cast(null as {{ str }}) as customer_id,
        cast(null as {{ str }}) as origin_customer_id,
        cast(null as {{ dbt.type_timestamp() }}) as customer_since,
        cast(null as {{ dbt.type_timestamp() }}) as origin_customer_since
    where 1 = 0
),
{%- endif %}

final as (
    select * from current_rows
)

select * from final
