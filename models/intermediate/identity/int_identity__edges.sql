with

identifiers as (
    select * from {{ ref('int_identity__identifiers') }}
),

rejected_values as (
    select * from {{ ref('int_identity__rejected_values') }}
),

identifier_types as (
    {{ idstitch.identifier_types_values() }}
),

-- junk values and types below the confidence floor never link anything
usable as (
    select
        identifiers.record_key,
        identifiers.identifier_type,
        identifiers.token,
        identifiers.first_name_key,
        identifier_types.confidence,
        identifier_types.is_shareable
    from identifiers
    inner join identifier_types
        on identifiers.identifier_type = identifier_types.identifier_type
    left join rejected_values
        on
            identifiers.identifier_type = rejected_values.identifier_type
            and identifiers.token = rejected_values.token
    where
        rejected_values.token is null
        and identifier_types.confidence >= {{ var('idstitch__min_edge_confidence') }}
),

value_names as (
    select
        usable.identifier_type,
        usable.token,
        count(distinct usable.first_name_key) as name_count
    from usable
    group by 1, 2
),

-- corroboration: a shareable value (phone, device, address) links only records whose first
-- names agree; any value seen with two first names is split by first name the same way
match_groups as (
    select
        usable.record_key,
        usable.identifier_type,
        usable.token,
        usable.confidence,
        usable.is_shareable or value_names.name_count > 1 as needs_name,
        case
            when usable.is_shareable or value_names.name_count > 1 then usable.first_name_key
            else ''
        end as name_key
    from usable
    inner join value_names
        on
            usable.identifier_type = value_names.identifier_type
            and usable.token = value_names.token
),

corroborated as (
    select * from match_groups
    where not needs_name or name_key is not null
),

-- stars, not cliques: every record links to one anchor (the smallest key) per group
anchored as (
    select
        corroborated.*,
        min(corroborated.record_key) over (
            partition by corroborated.identifier_type, corroborated.token, corroborated.name_key
        ) as anchor_key
    from corroborated
),

final as (
    select
        anchored.record_key,
        anchored.anchor_key,
        anchored.identifier_type,
        anchored.token,
        anchored.confidence,
        case when anchored.needs_name then 'first_name' end as corroborated_by
    from anchored
    where anchored.record_key <> anchored.anchor_key
)

select * from final
