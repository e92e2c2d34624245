-- Deterministic edges: records that share an identifier value, as stars. Only shareable
-- values (and values seen with disagreeing first names) need the first names to agree;
-- different generation suffixes (Sr, Jr) under one value and name never link.
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
        identifiers.generation_suffix,
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
        usable.generation_suffix,
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

-- generation suffixes: records that share a value and a first name but carry different
-- suffixes (Sr and Jr on one landline) are different people, so such a group is split by
-- suffix, and a record without one links to neither (it could be either of them)
group_suffixes as (
    select
        corroborated.identifier_type,
        corroborated.token,
        corroborated.name_key,
        count(distinct corroborated.generation_suffix) as suffix_count
    from corroborated
    group by 1, 2, 3
),

suffixed as (
    select
        corroborated.*,
        case
            when group_suffixes.suffix_count > 1
                then coalesce(corroborated.generation_suffix, '~' || corroborated.record_key)
            else ''
        end as suffix_key
    from corroborated
    inner join group_suffixes
        on
            corroborated.identifier_type = group_suffixes.identifier_type
            and corroborated.token = group_suffixes.token
            and corroborated.name_key = group_suffixes.name_key
),

-- stars, not cliques: every record links to one anchor (the smallest key) per group
anchored as (
    select
        suffixed.*,
        min(suffixed.record_key) over (
            partition by suffixed.identifier_type, suffixed.token, suffixed.name_key, suffixed.suffix_key
        ) as anchor_key
    from suffixed
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
