-- Every golden-record candidate value, long: one row per (record, attribute) with a value.
-- placeholder_reason marks values that are no evidence: survivorship, matching and the
-- contacts mart skip them. Two sources: known placeholders ('unknown', 1900-01-01,
-- noemail@...: idstitch.placeholder_reason), and values of a matched attribute far more
-- frequent than the attribute's own distribution allows ('too_frequent': a vendor's default
-- birth date on thousands of records, standing above a gap in the ranking of values by
-- record count), found in the data on every run.
{%- set matched = idstitch.match_columns() %}
with

attributes as (
    {%- set parts = [] -%}
    {%- for entry in idstitch.identity_sources() -%}
        {%- for attribute, column in entry.get('attributes', {}) | dictsort -%}
            {%- do parts.append(idstitch.source_select(entry, [
                "'" ~ attribute ~ "' as attribute",
                "cast(src." ~ column ~ " as " ~ dbt.type_string() ~ ") as attribute_value",
                idstitch.placeholder_reason(attribute, 'src.' ~ column) ~ " as placeholder_reason",
                idstitch.record_time(idstitch.source_updated_at(entry)) ~ " as updated_at",
            ], where='src.' ~ column ~ ' is not null')) -%}
        {%- endfor -%}
    {%- endfor %}
    {{ parts | join('\n    union all\n') }}
),

-- how many records hold each value of a matched attribute, known placeholders left out
value_counts as (
    select
        attributes.attribute,
        attributes.attribute_value,
        count(distinct attributes.record_key) as record_count
    from attributes
    where
        attributes.placeholder_reason is null
        and attributes.attribute in ('{{ matched | join("', '") }}')
    group by 1, 2
),

-- values ranked by how many records hold them, each with the next value's count (none for
-- the last: a value every record shares is no gap, and weighs nothing in scoring anyway)
ranked as (
    select
        value_counts.attribute,
        value_counts.attribute_value,
        value_counts.record_count,
        lead(value_counts.record_count) over (
            partition by value_counts.attribute
            order by value_counts.record_count desc, value_counts.attribute_value asc
        ) as next_count,
        row_number() over (
            partition by value_counts.attribute
            order by value_counts.record_count desc, value_counts.attribute_value asc
        ) as value_rank
    from value_counts
),

-- a gap at the top of the ranking: one of the attribute's few most frequent values held by
-- factor x more records than the next one. Placeholders are a handful of values standing far
-- above every real one (a vendor's default birth date); a gap further down is the natural
-- step from common to rare names, not a placeholder. Everything above an attribute's lowest
-- such gap is too frequent to be evidence.
gaps as (
    select
        ranked.attribute,
        min(ranked.record_count) as gap_top
    from ranked
    where
        ranked.value_rank <= {{ var('idstitch__placeholder_max_values') }}
        and ranked.record_count >= {{ var('idstitch__placeholder_min_records') }}
        and ranked.record_count > {{ var('idstitch__placeholder_frequency_factor') }} * ranked.next_count
    group by 1
),

too_frequent as (
    select
        value_counts.attribute,
        value_counts.attribute_value
    from value_counts
    inner join gaps
        on value_counts.attribute = gaps.attribute
    where value_counts.record_count >= gaps.gap_top
),

final as (
    select
        attributes.record_key,
        attributes.source,
        attributes.attribute,
        attributes.attribute_value,
        coalesce(
            attributes.placeholder_reason,
            case when too_frequent.attribute is not null then 'too_frequent' end
        ) as placeholder_reason,
        attributes.updated_at
    from attributes
    left join too_frequent
        on
            attributes.attribute = too_frequent.attribute
            and attributes.attribute_value = too_frequent.attribute_value
)

select * from final
