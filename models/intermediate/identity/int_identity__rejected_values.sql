{%- set types = var('idstitch__identifier_types') -%}

with

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

blocklist as (
    select * from {{ ref('identifier_blocklist') }}
),

-- blocklist entries go through the same normalizer as staged values, then get tokenized
blocked_tokens as (
    {%- for identifier_type in types | sort %}
    select
        '{{ identifier_type }}' as identifier_type,
        {{ idstitch.tokenize(identifier_type, idstitch.normalize_identifier_value(identifier_type, 'blocklist.value')) }} as token,
        blocklist.reason
    from blocklist
    where blocklist.identifier_type = '{{ identifier_type }}'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

value_stats as (
    select
        identifiers.identifier_type,
        identifiers.token,
        count(distinct identifiers.record_key) as record_count,
        count(distinct identifiers.first_name_key) as name_count
    from identifiers
    group by 1, 2
),

-- a value held by too many records or names is a placeholder or a shared inbox, not a person
flagged as (
    select
        value_stats.identifier_type,
        value_stats.token,
        value_stats.record_count,
        value_stats.name_count,
        case
            when blocked_tokens.token is not null then 'blocklist'
            when value_stats.record_count > {{ var('idstitch__max_records_per_value') }} then 'too_many_records'
            when value_stats.name_count > {{ var('idstitch__max_names_per_value') }} then 'too_many_names'
        end as reason,
        blocked_tokens.reason as blocklist_reason
    from value_stats
    left join blocked_tokens
        on
            value_stats.identifier_type = blocked_tokens.identifier_type
            and value_stats.token = blocked_tokens.token
),

final as (
    select * from flagged
    where reason is not null
)

select * from final
