{%- set sources = idstitch.identity_sources() -%}

with

nicknames as (
    select * from {{ ref('nicknames') }}
),

-- one row per identity record of every configured source (var idstitch__sources)
records as (
    {%- set parts = [] %}
    {%- for entry in sources %}
        {%- set first_name -%}
            {%- if entry.get('first_name') -%}
        case
            when {{ idstitch.placeholder_reason('first_name', 'src.' ~ entry.first_name) }} is null
                then cast(src.{{ entry.first_name }} as {{ dbt.type_string() }})
        end as first_name
            {%- else -%}
        cast(null as {{ dbt.type_string() }}) as first_name
            {%- endif -%}
        {%- endset %}
        {%- set generation_suffix -%}
        cast({{ 'src.' ~ entry.generation_suffix if entry.get('generation_suffix') else 'null' }} as {{ dbt.type_string() }}) as generation_suffix
        {%- endset %}
        {%- do parts.append(idstitch.source_select(entry, [
            "cast(src." ~ entry.record_id ~ " as " ~ dbt.type_string() ~ ") as source_record_id",
            first_name | trim,
            generation_suffix | trim,
            idstitch.record_time('src.' ~ entry.created_at) ~ " as created_at",
            idstitch.record_time(idstitch.source_updated_at(entry)) ~ " as updated_at",
            idstitch.record_time_issue('src.' ~ entry.created_at) ~ " as created_at_issue",
            idstitch.record_time_issue(idstitch.source_updated_at(entry)) ~ " as updated_at_issue",
        ])) %}
    {%- endfor %}
    {{ parts | join('\n    union all\n') }}
),

-- nicknames resolve to one canonical first name, so 'bob' corroborates 'robert'
canonical_names as (
    select distinct
        {{ idstitch.normalize_name('nicknames.nickname') }} as nickname,
        {{ idstitch.normalize_name('nicknames.canonical_name') }} as canonical_name
    from nicknames
),

final as (
    select
        records.record_key,
        records.source,
        records.source_record_id,
        records.first_name,
        coalesce(canonical_names.canonical_name, records.first_name) as first_name_key,
        records.generation_suffix,
        records.created_at,
        records.updated_at,
        records.created_at_issue,
        records.updated_at_issue
    from records
    left join canonical_names
        on records.first_name = canonical_names.nickname
)

select * from final
