{#- History questions, answered from the assignments snapshot. Each returns a SELECT; use it
    in an analysis or a model, e.g. {{ idstitch.customer_records_as_of('cus_...', '2026-01-31') }}.
    `as_of` is a timestamp literal ('2026-01-31' or '2026-01-31 12:00:00'). -#}

{#- The rows of the assignments snapshot that were current at `as_of`. -#}
{% macro assignments_as_of(as_of, snapshot=none) -%}
    {%- set snapshot = snapshot or ref('identity_assignments_snapshot') -%}
    select
        snapshot.record_key,
        snapshot.source,
        snapshot.source_record_id,
        snapshot.customer_id,
        snapshot.origin_customer_id,
        snapshot.dbt_valid_from as valid_from,
        snapshot.dbt_valid_to as valid_to
    from {{ snapshot }} as snapshot
    where
        snapshot.dbt_valid_from <= cast('{{ as_of }}' as {{ dbt.type_timestamp() }})
        and (snapshot.dbt_valid_to is null or snapshot.dbt_valid_to > cast('{{ as_of }}' as {{ dbt.type_timestamp() }}))
{%- endmacro %}

{#- Which customer was this record in at `as_of`? One row, or none if the record was unknown. -#}
{% macro record_customer_as_of(record_key, as_of, snapshot=none) -%}
    select as_of_state.record_key, as_of_state.customer_id, as_of_state.valid_from, as_of_state.valid_to
    from ({{ idstitch.assignments_as_of(as_of, snapshot) }}) as as_of_state
    where as_of_state.record_key = '{{ record_key }}'
{%- endmacro %}

{#- What did customer X consist of at `as_of`? One row per record. -#}
{% macro customer_records_as_of(customer_id, as_of, snapshot=none) -%}
    select as_of_state.record_key, as_of_state.source, as_of_state.source_record_id, as_of_state.valid_from
    from ({{ idstitch.assignments_as_of(as_of, snapshot) }}) as as_of_state
    where as_of_state.customer_id = '{{ customer_id }}'
{%- endmacro %}

{#- SQL: a record's rows of the assignments snapshot (aliased `alias`) numbered latest first:
    its current row, else the one closed last. Row 1 is the record's last published state,
    also for a record that has left the sources (previous assignments, erasure). -#}
{% macro history_recency(alias) -%}
    row_number() over (
            partition by {{ alias }}.record_key
            order by
                case when {{ alias }}.dbt_valid_to is null then 0 else 1 end asc,
                {{ alias }}.dbt_valid_to desc,
                {{ alias }}.dbt_valid_from desc
        )
{%- endmacro %}
