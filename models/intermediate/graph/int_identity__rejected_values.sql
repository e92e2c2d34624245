{%- set types = var('idstitch__identifier_types') -%}

with

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

blocklist as (
    select * from {{ ref('identifier_blocklist') }}
),

record_attributes as (
    select * from {{ ref('int_identity__record_attributes') }}
),

suppressions as (
    select * from {{ ref('int_identity__suppressions') }}
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

-- values an erasure suppressed (int_identity__suppressions): an erased person's email or
-- phone is no evidence, so a record that arrives with it links to no one (and is listed here)
suppressed_tokens as (
    select
        suppressions.suppression_type as identifier_type,
        suppressions.token,
        min(suppressions.request_ref) as request_ref
    from suppressions
    where suppressions.suppression_type <> 'record_key'
    group by 1, 2
),

-- per value and first name, then per value: two plain group-bys cost a third of one with
-- count(distinct) at scale. A record holds a value once (identifiers are unique by
-- record_key, identifier_type, token), so its rows count its records
value_names as (
    select
        identifiers.identifier_type,
        identifiers.token,
        identifiers.first_name_key,
        count(*) as record_count,
        max(identifiers.placeholder_reason) as placeholder_reason
    from identifiers
    group by 1, 2, 3
),

value_stats as (
    select
        value_names.identifier_type,
        value_names.token,
        cast(sum(value_names.record_count) as {{ dbt.type_bigint() }}) as record_count,
        count(value_names.first_name_key) as name_count,
        max(value_names.placeholder_reason) as placeholder_reason
    from value_names
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
            when suppressed_tokens.token is not null then 'erased'
            when blocked_tokens.token is not null then 'blocklist'
            when value_stats.placeholder_reason is not null then 'placeholder'
            when value_stats.record_count > {{ var('idstitch__max_records_per_value') }} then 'too_many_records'
            when value_stats.name_count > {{ var('idstitch__max_names_per_value') }} then 'too_many_names'
        end as reason,
        case
            when suppressed_tokens.token is not null then 'erasure request ' || suppressed_tokens.request_ref
            else coalesce(blocked_tokens.reason, value_stats.placeholder_reason)
        end as blocklist_reason
    from value_stats
    left join blocked_tokens
        on
            value_stats.identifier_type = blocked_tokens.identifier_type
            and value_stats.token = blocked_tokens.token
    left join suppressed_tokens
        on
            value_stats.identifier_type = suppressed_tokens.identifier_type
            and value_stats.token = suppressed_tokens.token
),

-- golden-record attribute values that are placeholders (names, birth dates, postcodes):
-- logged here by attribute and token; matching and survivorship skip them
placeholder_attributes as (
    {#- identifier types (email, phone) are logged above, from int_identity__identifiers -#}
    {%- set types = var('idstitch__identifier_types') -%}
    {%- for attribute in idstitch.identity_attributes() if attribute not in types %}
    select
        '{{ attribute }}' as identifier_type,
        {{ idstitch.tokenize(attribute, 'cast(record_attributes.' ~ attribute ~ ' as ' ~ dbt.type_string() ~ ')') }} as token,
        count(*) as record_count,
        cast(null as {{ dbt.type_bigint() }}) as name_count,
        'placeholder' as reason,
        max(record_attributes.{{ attribute }}_placeholder_reason) as blocklist_reason
    from record_attributes
    where record_attributes.{{ attribute }}_placeholder_reason is not null
    group by 1, 2
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select * from flagged
    where reason is not null
    union all
    select * from placeholder_attributes
)

select * from final
