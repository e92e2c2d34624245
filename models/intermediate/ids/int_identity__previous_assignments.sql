-- The last published state of every record the assignments snapshot has seen: its current
-- row (is_current) or, for a record that has left the sources, its last row before it left,
-- so a record that comes back claims the id it had (rule 1 of int_identity__customer_assignments)
-- and the id is 'restored', not minted again. Empty on the first run. Materialized, so it is
-- read before this run's snapshot moves on. An erased record is left out (idstitch.not_erased):
-- its customer is logged as erased, not retired, and no table of this run holds its key (the
-- publish step deletes its history rows: idstitch.purge_erased_history).
{%- set snapshot = source('identity_history', 'identity_assignments_snapshot') -%}
{%- set erased = idstitch.not_erased('history.record_key') -%}
{%- set existing = adapter.get_relation(snapshot.database, snapshot.schema, snapshot.identifier) if execute else none -%}
{%- set columns = adapter.get_columns_in_relation(existing) | map(attribute='name') | map('lower') | list if existing else [] -%}
{%- set str = dbt.type_string() %}

with

{% if existing -%}
snapshot as (
    select * from {{ snapshot }}
    {%- if erased %} as history
    where {{ erased }}
    {%- endif %}
),

-- the latest row of each record: its current row, else the one closed last
latest_rows as (
    select
        snapshot.*,
        {{ idstitch.history_recency('snapshot') }} as recency
    from snapshot
),

-- snapshots older than the origin columns: every record is then its customer's own
last_rows as (
    select
        latest_rows.record_key,
        latest_rows.customer_id,
        {% if 'origin_customer_id' in columns -%}
        coalesce(latest_rows.origin_customer_id, latest_rows.customer_id) as origin_customer_id,
        latest_rows.customer_since,
        coalesce(latest_rows.origin_customer_since, latest_rows.customer_since) as origin_customer_since,
        {%- else -%}
        latest_rows.customer_id as origin_customer_id,
        cast(null as {{ dbt.type_timestamp() }}) as customer_since,
        cast(null as {{ dbt.type_timestamp() }}) as origin_customer_since,
        {%- endif %}
        latest_rows.dbt_valid_to is null as is_current
    from latest_rows
    where latest_rows.recency = 1
),
{%- else -%}
last_rows as (
    select
        cast(null as {{ str }}) as record_key,
        cast(null as {{ str }}) as customer_id,
        cast(null as {{ str }}) as origin_customer_id,
        cast(null as {{ dbt.type_timestamp() }}) as customer_since,
        cast(null as {{ dbt.type_timestamp() }}) as origin_customer_since,
        cast(null as boolean) as is_current
    where 1 = 0
),
{%- endif %}

final as (
    select * from last_rows
)

select * from final
