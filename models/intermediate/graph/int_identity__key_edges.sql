-- Deterministic edges: records that share an identifier value. Which evidence can override
-- which (README, "How records are linked"), by who may share a type's values (its
-- `shareable`, idstitch.identifier_sharing):
--   * records under one value whose first names agree link, as a star per name; a household
--     value (shareable: true: phone, device, address) links nothing else;
--   * a personal value (shareable: false: an account or card id, a national id) also links
--     records whose first names disagree: a replaced or mistyped given name cannot split it;
--   * a family value (shareable: family: an inbox) is one person's, and links records whose
--     first names disagree, until its holders show a family: one source holds it under two
--     first names that disagree, or two holders are proven two people (birth dates, suffixes);
--     then it links such records pair by pair, only when their names are swapped, or when
--     equal birth dates or another shared proof value corroborate the pair and it shares no
--     household value: a family inbox merges no one;
--   * birth dates that disagree beyond a typo, or different generation suffixes (Sr, Jr),
--     contradict any shared value: such a group is split, such a pair never links.
{%- set partial_date = {'kind': 'partial_date'} %}
with

-- read twice (shared_values_held, usable): not materialized, so both scan the table instead of
-- a copy DuckDB would otherwise make of all its rows (5 s at 10 M records)
identifiers as not materialized (
    select * from {{ ref('int_identity__identifiers') }}
),

rejected_values as (
    select * from {{ ref('int_identity__rejected_values') }}
),

identifier_types as (
    {{ idstitch.identifier_types_values() }}
),

-- the facts besides first names that corroborate or contradict a link (placeholders, such
-- as a vendor's 1900-01-01, are no evidence)
record_facts as (
    select
        records.record_key,
        records.first_name,
        cast({{ idstitch.attribute_evidence('record_attributes', 'birth_date') }} as {{ dbt.type_string() }}) as birth_date,
        cast({{ idstitch.attribute_evidence('record_attributes', 'last_name') }} as {{ dbt.type_string() }}) as last_name
    from {{ ref('int_identity__records') }} as records
    left join {{ ref('int_identity__record_attributes') }} as record_attributes
        on records.record_key = record_attributes.record_key
),

-- a value only one record holds links nothing and corroborates nothing (every step below
-- pairs records under one value), so only values two or more records hold go on: about a
-- third of all occurrences at scale are set aside here by one group-by
shared_values_held as (
    select
        identifiers.identifier_type,
        identifiers.token
    from identifiers
    group by 1, 2
    having count(*) > 1
),

-- junk values and types below the confidence floor never link anything
usable as (
    select
        identifiers.record_key,
        identifiers.source,
        identifiers.identifier_type,
        identifiers.token,
        identifiers.first_name_key,
        identifiers.generation_suffix,
        identifier_types.confidence,
        identifier_types.is_shareable,
        identifier_types.sharing
    from identifiers
    inner join shared_values_held
        on
            identifiers.identifier_type = shared_values_held.identifier_type
            and identifiers.token = shared_values_held.token
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
        value_name_keys.identifier_type,
        value_name_keys.token,
        count(*) as name_count
    from (
        select distinct
            name_representatives.identifier_type,
            name_representatives.token,
            name_representatives.name_key
        from name_representatives
    ) as value_name_keys
    group by 1, 2
),

-- corroboration: a shareable value (phone, device, address) links only records whose first
-- names agree; a value seen with two first names that disagree links per name here, and
-- across names only where a second fact corroborates a pair (cross_name_pairs, below)
match_groups as (
    select
        usable.record_key,
        usable.source,
        usable.identifier_type,
        usable.token,
        usable.generation_suffix,
        usable.confidence,
        usable.first_name_key,
        usable.is_shareable,
        usable.sharing,
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
        group_suffix_values.identifier_type,
        group_suffix_values.token,
        group_suffix_values.name_key,
        count(group_suffix_values.generation_suffix) as suffix_count
    from (
        select distinct
            corroborated.identifier_type,
            corroborated.token,
            corroborated.name_key,
            corroborated.generation_suffix
        from corroborated
    ) as group_suffix_values
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

contested as (
    select match_groups.*
    from match_groups
    where not match_groups.is_shareable and match_groups.needs_name
),

cross_name_pairs as (
    select
        a.record_key as record_key_a,
        b.record_key as record_key_b,
        a.identifier_type,
        a.token,
        a.confidence,
        a.generation_suffix as suffix_a,
        b.generation_suffix as suffix_b,
        a.sharing,
        a.source = b.source and a.name_key is not null and b.name_key is not null as two_names_in_one_source
    from contested as a
    inner join contested as b
        on
            a.identifier_type = b.identifier_type
            and a.token = b.token
            and a.record_key < b.record_key
            and (a.name_key is null or b.name_key is null or a.name_key <> b.name_key)
),

-- other values both records of a pair hold: a second proof value (another email or id)
-- corroborates; a household value (a landline, an address, a tablet) is what relatives share
-- with their inbox and their cards, and twins their birth date
shared_values as (
    select
        cross_name_pairs.record_key_a,
        cross_name_pairs.record_key_b,
        cross_name_pairs.identifier_type,
        max(case when not value_a.is_shareable and value_a.identifier_type <> cross_name_pairs.identifier_type then 1 else 0 end) = 1 as shares_second_proof,
        max(case when value_a.is_shareable then 1 else 0 end) = 1 as shares_household_value
    from cross_name_pairs
    inner join usable as value_a
        on cross_name_pairs.record_key_a = value_a.record_key
    inner join usable as value_b
        on
            cross_name_pairs.record_key_b = value_b.record_key
            and value_a.identifier_type = value_b.identifier_type
            and value_a.token = value_b.token
    group by 1, 2, 3
),

-- the facts of both records of a cross-name pair
cross_name_facts as (
    select
        cross_name_pairs.*,
        facts_a.birth_date as birth_date_a,
        facts_b.birth_date as birth_date_b,
        coalesce(
            facts_a.first_name = facts_b.last_name and facts_a.last_name = facts_b.first_name, false
        ) as names_swapped,
        -- two strangers' names: both names known on both sides, and neither alike (Jaro-Winkler
        -- below 0.8, the scorer's lowest name level), so not one person's names with typos
        -- (muprhy and murphy, jne and jennifer are alike)
        coalesce(
            cast({{ idstitch.jaro_winkler('facts_a.first_name', 'facts_b.first_name') }} as numeric(28, 6)) < 0.8
            and cast({{ idstitch.jaro_winkler('facts_a.last_name', 'facts_b.last_name') }} as numeric(28, 6)) < 0.8,
            false
        ) as names_unalike
    from cross_name_pairs
    inner join record_facts as facts_a
        on cross_name_pairs.record_key_a = facts_a.record_key
    inner join record_facts as facts_b
        on cross_name_pairs.record_key_b = facts_b.record_key
),

contradicted_pairs as (
    select
        cross_name_facts.*,
        case
            when cross_name_facts.suffix_a <> cross_name_facts.suffix_b then 'generation_suffix'
            when
                cross_name_facts.birth_date_a <> cross_name_facts.birth_date_b
                and not {{ idstitch.comparison_level_holds(partial_date, 'cross_name_facts.birth_date_a', 'cross_name_facts.birth_date_b', '') }}
                then 'birth_date'
            -- one source keeps the two as two records under two first names on one family
            -- value (a shop's two accounts on one inbox, twins included), unless the names
            -- only traded places
            when
                cross_name_facts.sharing = 'family'
                and cross_name_facts.two_names_in_one_source
                and not cross_name_facts.names_swapped
                then 'same_source'
        end as contradicted_by
    from cross_name_facts
),

-- birth dates: records that share a value and a first name but were born on dates that
-- disagree beyond a typo (not two of year, month and day agree) are different people (two
-- Mias on one inbox, father and son without suffixes), so such a group is split by birth
-- date, and a record without one links to neither
group_birth_dates as (
    select distinct
        suffixed.identifier_type,
        suffixed.token,
        suffixed.name_key,
        suffixed.suffix_key,
        record_facts.birth_date
    from suffixed
    inner join record_facts
        on suffixed.record_key = record_facts.record_key
    where record_facts.birth_date is not null
),

conflicted_groups as (
    select distinct
        a.identifier_type,
        a.token,
        a.name_key,
        a.suffix_key
    from group_birth_dates as a
    inner join group_birth_dates as b
        on
            a.identifier_type = b.identifier_type
            and a.token = b.token
            and a.name_key = b.name_key
            and a.suffix_key = b.suffix_key
            and a.birth_date < b.birth_date
    where not {{ idstitch.comparison_level_holds(partial_date, 'a.birth_date', 'b.birth_date', '') }}
),

-- a family value (an inbox) is one person's until its holders show a family: one source
-- keeps it under two first names that do not agree (a shop with two accounts on one inbox
-- knows two people by it), or two of its holders are two people, proven: born on dates that
-- disagree beyond a typo, or carrying different suffixes, under one first name or two; or
-- two holders' names are unalike, first and last (Alice Vandermeer and Bernard Okoye on a
-- vendor's placeholder inbox, no.email@yahoo.com): one person's records differ in one
-- name at a time (a replaced given name, a married name), or by typos, not in both at once
-- unless swapped
family_values as (
    select
        contradicted_pairs.identifier_type,
        contradicted_pairs.token
    from contradicted_pairs
    where
        contradicted_pairs.sharing = 'family'
        and (
            contradicted_pairs.two_names_in_one_source
            or contradicted_pairs.contradicted_by is not null
            or (contradicted_pairs.names_unalike and not contradicted_pairs.names_swapped)
        )
    union
    select
        conflicted_groups.identifier_type,
        conflicted_groups.token
    from conflicted_groups
    union
    select
        group_suffixes.identifier_type,
        group_suffixes.token
    from group_suffixes
    where group_suffixes.suffix_count > 1
),

weighed_pairs as (
    select
        contradicted_pairs.*,
        -- a similar first name corroborates nothing: sarah and sandra, jon and joan, ana and
        -- anna share inboxes as siblings and spouses; nor do equal birth dates or a second
        -- account beside a household value (twins at one landline, a family's card and inbox)
        case
            -- a personal value (an account, a national id) is proof by itself
            when contradicted_pairs.sharing = 'person' then 'personal_identifier'
            when contradicted_pairs.names_swapped then 'swapped_names'
            -- ... and so is a family value whose holders show no family
            when family_values.token is null then 'no_family_seen'
            when shared_values.shares_household_value then null
            when contradicted_pairs.birth_date_a = contradicted_pairs.birth_date_b then 'birth_date'
            when shared_values.shares_second_proof then 'second_identifier'
        end as corroborated_by
    from contradicted_pairs
    left join shared_values
        on
            contradicted_pairs.record_key_a = shared_values.record_key_a
            and contradicted_pairs.record_key_b = shared_values.record_key_b
            and contradicted_pairs.identifier_type = shared_values.identifier_type
    left join family_values
        on
            contradicted_pairs.identifier_type = family_values.identifier_type
            and contradicted_pairs.token = family_values.token
),

dated as (
    select
        suffixed.*,
        case
            when conflicted_groups.token is not null
                then coalesce(record_facts.birth_date, '~' || suffixed.record_key)
            else ''
        end as birth_date_key
    from suffixed
    left join conflicted_groups
        on
            suffixed.identifier_type = conflicted_groups.identifier_type
            and suffixed.token = conflicted_groups.token
            and suffixed.name_key = conflicted_groups.name_key
            and suffixed.suffix_key = conflicted_groups.suffix_key
    left join record_facts
        on suffixed.record_key = record_facts.record_key
),

-- stars, not cliques: every record links to one anchor (the smallest key) per group (a
-- group-by joined back: a window partitioned by five text columns costs several times more)
anchors as (
    select
        dated.identifier_type,
        dated.token,
        dated.name_key,
        dated.suffix_key,
        dated.birth_date_key,
        min(dated.record_key) as anchor_key
    from dated
    group by 1, 2, 3, 4, 5
),

anchored as (
    select
        dated.*,
        anchors.anchor_key
    from dated
    inner join anchors
        on
            dated.identifier_type = anchors.identifier_type
            and dated.token = anchors.token
            and dated.name_key = anchors.name_key
            and dated.suffix_key = anchors.suffix_key
            and dated.birth_date_key = anchors.birth_date_key
),

final as (
    select
        anchored.record_key,
        anchored.anchor_key,
        anchored.identifier_type,
        anchored.token,
        anchored.confidence,
        case when anchored.needs_name then 'first_name' end as corroborated_by,
        cast(null as {{ dbt.type_string() }}) as contradicted_by
    from anchored
    where anchored.record_key <> anchored.anchor_key
    union all
    -- a pair across first names: an edge when corroborated and not contradicted; a
    -- contradicted pair is kept too, as no edge (contradicted_by set): it is two people, a
    -- cannot-link (int_identity__never_links), so no chain of other records joins them
    select
        weighed_pairs.record_key_b as record_key,
        weighed_pairs.record_key_a as anchor_key,
        weighed_pairs.identifier_type,
        weighed_pairs.token,
        weighed_pairs.confidence,
        case when weighed_pairs.contradicted_by is null then weighed_pairs.corroborated_by end as corroborated_by,
        weighed_pairs.contradicted_by
    from weighed_pairs
    where
        weighed_pairs.corroborated_by is not null
        or weighed_pairs.contradicted_by is not null
)

select * from final
