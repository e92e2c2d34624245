{%- set sources = idstitch.identity_sources() -%}

with

nicknames as (
    select * from {{ ref('nicknames') }}
),

-- one row per identity record of every configured source (var idstitch__sources)
records as (
    {%- for entry in sources %}
    select
        {{ idstitch.record_key(entry.source, 'src.' ~ entry.record_id) }} as record_key,
        '{{ entry.source }}' as source,
        cast(src.{{ entry.record_id }} as {{ dbt.type_string() }}) as source_record_id,
        {% if entry.get('first_name') -%}
        case
            when {{ idstitch.placeholder_reason('first_name', 'src.' ~ entry.first_name) }} is null
                then cast(src.{{ entry.first_name }} as {{ dbt.type_string() }})
        end
        {%- else -%}
        cast(null as {{ dbt.type_string() }})
        {%- endif %} as first_name,
        {% if entry.get('generation_suffix') -%}
        cast(src.{{ entry.generation_suffix }} as {{ dbt.type_string() }})
        {%- else -%}
        cast(null as {{ dbt.type_string() }})
        {%- endif %} as generation_suffix,
        {{ idstitch.record_time('src.' ~ entry.created_at) }} as created_at,
        {{ idstitch.record_time('src.' ~ entry.get('updated_at', entry.created_at)) }} as updated_at,
        {{ idstitch.record_time_issue('src.' ~ entry.created_at) }} as created_at_issue,
        {{ idstitch.record_time_issue('src.' ~ entry.get('updated_at', entry.created_at)) }} as updated_at_issue
    from {{ ref(entry.model) }} as src
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
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
