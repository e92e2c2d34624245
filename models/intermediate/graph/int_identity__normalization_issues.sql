{#- per source and identifier column: the reasons its normalizer gave for a NULL (the
    entry's issue_column), and staged values that do not fit the identifier type's format
    (left out of the graph) -#}
{%- set occurrences = [] -%}
{%- for entry in idstitch.identity_sources() -%}
    {%- for identifier in entry.get('identifiers', []) -%}
        {%- set value = 'src.' ~ identifier.column -%}
        {%- if identifier.get('issue_column') -%}
            {%- do occurrences.append(idstitch.source_select(entry, [
                "'" ~ identifier.type ~ "' as identifier_type",
                "cast(src." ~ identifier.issue_column ~ " as " ~ dbt.type_string() ~ ") as issue",
            ], where='src.' ~ identifier.issue_column ~ ' is not null')) -%}
        {%- endif -%}
        {%- do occurrences.append(idstitch.source_select(entry, [
            "'" ~ identifier.type ~ "' as identifier_type",
            "'invalid_format' as issue",
        ], where=value ~ ' is not null and not ' ~ idstitch.fits_identifier_format(identifier.type, value))) -%}
    {%- endfor -%}
{%- endfor -%}
{%- set parts = [] -%}
{%- if occurrences -%}
    {%- set part -%}
    select
        occurrences.source,
        occurrences.identifier_type,
        occurrences.issue,
        count(*) as record_count
    from (
        {{ occurrences | join('\n        union all\n') }}
    ) as occurrences
    group by 1, 2, 3
    {%- endset -%}
    {%- do parts.append(part) -%}
{%- endif -%}
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
