-- Deterministic edges: records that share an identifier value, as stars. Only shareable
-- values (and values seen with disagreeing first names) need the first names to agree.
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

-- the first names each value was seen with; names that agree (nicknames, a typo) are one
-- name, represented by the smallest of them
value_first_names as (
    select distinct
        usable.identifier_type,
        usable.token,
        usable.first_name_key
    from usable
    where usable.first_name_key is not null
),

name_representatives as (
    select
        named.identifier_type,
        named.token,
        named.first_name_key,
        min(other.first_name_key) as name_key
    from value_first_names as named
    inner join value_first_names as other
        on
            named.identifier_type = other.identifier_type
            and named.token = other.token
            and {{ idstitch.names_agree('named.first_name_key', 'other.first_name_key') }}
    group by 1, 2, 3
),

value_names as (
    select
        name_representatives.identifier_type,
        name_representatives.token,
        count(distinct name_representatives.name_key) as name_count
    from name_representatives
    group by 1, 2
),

-- corroboration: a shareable value (phone, device, address) links only records whose first
-- names agree; any value seen with two first names that disagree is split by name the same way
match_groups as (
    select
        usable.record_key,
        usable.identifier_type,
        usable.token,
        usable.confidence,
        usable.is_shareable or coalesce(value_names.name_count, 0) > 1 as needs_name,
        case
            when usable.is_shareable or coalesce(value_names.name_count, 0) > 1
                then name_representatives.name_key
            else ''
        end as name_key
    from usable
    left join value_names
        on
            usable.identifier_type = value_names.identifier_type
            and usable.token = value_names.token
    left join name_representatives
        on
            usable.identifier_type = name_representatives.identifier_type
            and usable.token = name_representatives.token
            and usable.first_name_key = name_representatives.first_name_key
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
