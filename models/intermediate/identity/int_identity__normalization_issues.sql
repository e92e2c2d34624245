{%- set parts = [] -%}
{%- for entry in idstitch.identity_sources() -%}
    {%- for identifier in entry.get('identifiers', []) if identifier.get('issue_column') -%}
        {%- set part -%}
    select
        '{{ entry.source }}' as source,
        '{{ identifier.type }}' as identifier_type,
        cast(src.{{ identifier.issue_column }} as {{ dbt.type_string() }}) as issue,
        count(*) as record_count
    from {{ ref(entry.model) }} as src
    where src.{{ identifier.issue_column }} is not null
    group by 1, 2, 3
        {%- endset -%}
        {%- do parts.append(part) -%}
    {%- endfor -%}
{%- endfor -%}

-- values the normalizers could not read (now NULL in staging), counted by reason
with

issues as (
    {%- if parts %}
    {{ parts | join('\n    union all\n') }}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as source,
        cast(null as {{ dbt.type_string() }}) as identifier_type,
        cast(null as {{ dbt.type_string() }}) as issue,
        0 as record_count
    where 1 = 0
    {%- endif %}
),

final as (
    select * from issues
)

select * from final
