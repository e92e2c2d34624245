-- Every golden-record candidate value, long: one row per (record, attribute) with a value.
-- placeholder_reason marks values that are no evidence ('unknown', 1900-01-01,
-- noemail@...): survivorship, matching and the contacts mart skip them.
with

attributes as (
    {%- set parts = [] -%}
    {%- for entry in idstitch.identity_sources() -%}
        {%- for attribute, column in entry.get('attributes', {}) | dictsort -%}
            {%- set part -%}
    select
        {{ idstitch.record_key(entry.source, 'src.' ~ entry.record_id) }} as record_key,
        '{{ entry.source }}' as source,
        '{{ attribute }}' as attribute,
        cast(src.{{ column }} as {{ dbt.type_string() }}) as attribute_value,
        {{ idstitch.placeholder_reason(attribute, 'src.' ~ column) }} as placeholder_reason,
        cast(src.{{ entry.get('updated_at', entry.created_at) }} as {{ dbt.type_timestamp() }}) as updated_at
    from {{ ref(entry.model) }} as src
    where src.{{ column }} is not null
            {%- endset -%}
            {%- do parts.append(part) -%}
        {%- endfor -%}
    {%- endfor %}
    {{ parts | join('\n    union all\n') }}
),

final as (
    select * from attributes
)

select * from final
