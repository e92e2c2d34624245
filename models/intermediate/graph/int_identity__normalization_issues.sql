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
{#- staged values that do not fit their identifier type's format: left out of the graph -#}
{%- for entry in idstitch.identity_sources() -%}
    {%- for identifier in entry.get('identifiers', []) -%}
        {%- set part -%}
    select
        '{{ entry.source }}' as source,
        '{{ identifier.type }}' as identifier_type,
        'invalid_format' as issue,
        count(*) as record_count
    from {{ ref(entry.model) }} as src
    where src.{{ identifier.column }} is not null and not {{ idstitch.fits_identifier_format(identifier.type, 'src.' ~ identifier.column) }}
    group by 1, 2, 3
        {%- endset -%}
        {%- do parts.append(part) -%}
    {%- endfor -%}
{%- endfor -%}
{#- record times idstitch.record_time turned into NULL -#}
{%- for column in ['created_at', 'updated_at'] -%}
    {%- set part -%}
    select
        records.source,
        '{{ column }}' as identifier_type,
        records.{{ column }}_issue as issue,
        count(*) as record_count
    from {{ ref('int_identity__records') }} as records
    where records.{{ column }}_issue is not null
    group by 1, 2, 3
    {%- endset -%}
    {%- do parts.append(part) -%}
{%- endfor -%}

-- values the normalizers could not read (now NULL), counted by reason
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
