-- Every golden-record candidate value, wide: one row per record, one column per attribute in
-- the type its staging columns share (idstitch.attribute_types: birth_date a date,
-- loyalty_points a number; text where sources disagree), and beside each
-- <attribute>_placeholder_reason, set where the value is no evidence: survivorship, matching
-- and the contacts mart read attributes through idstitch.attribute_evidence, which skips
-- them. Two sources of reasons: known placeholders ('unknown', 1900-01-01, noemail@...:
-- idstitch.placeholder_reason), and values of a matched attribute far more frequent than the
-- attribute's own distribution allows ('too_frequent': a vendor's default birth date on
-- thousands of records, standing above a gap in the ranking of values by record count),
-- found in the data on every run.
{%- set attributes = idstitch.identity_attributes() %}
{%- set types = idstitch.attribute_types() %}
{%- set matched = idstitch.match_columns() %}
{%- set counted = [] %}
{%- for attribute in attributes if attribute in matched %}{% do counted.append(attribute) %}{% endfor %}
with

attributes as (
    {%- set parts = [] -%}
    {%- for entry in idstitch.identity_sources() -%}
        {%- set columns = [] -%}
        {%- set declared = entry.get('attributes', {}) -%}
        {%- for attribute in attributes -%}
            {%- set type = types.get(attribute, dbt.type_string()) -%}
            {%- if attribute in declared -%}
                {%- set column = 'src.' ~ declared[attribute] -%}
                {%- do columns.append("cast(" ~ column ~ " as " ~ type ~ ") as " ~ attribute) -%}
                {%- do columns.append("case when " ~ column ~ " is not null then " ~ idstitch.placeholder_reason(attribute, column) ~ " end as " ~ attribute ~ "_placeholder_reason") -%}
            {%- else -%}
                {%- do columns.append("cast(null as " ~ type ~ ") as " ~ attribute) -%}
                {%- do columns.append("cast(null as " ~ dbt.type_string() ~ ") as " ~ attribute ~ "_placeholder_reason") -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do parts.append(idstitch.source_select(entry, columns + [
            idstitch.record_time(idstitch.source_updated_at(entry)) ~ " as updated_at",
        ])) -%}
    {%- endfor %}
    {{ parts | join('\n    union all\n') }}
),

-- how many records hold each value of a matched attribute, known placeholders left out
value_counts as (
    {%- for attribute in counted %}
    select
        '{{ attribute }}' as attribute,
        cast(attributes.{{ attribute }} as {{ dbt.type_string() }}) as attribute_value,
        count(*) as record_count
    from attributes
    where
        attributes.{{ attribute }} is not null
        and attributes.{{ attribute }}_placeholder_reason is null
    group by 1, 2
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as attribute,
        cast(null as {{ dbt.type_string() }}) as attribute_value,
        cast(0 as {{ dbt.type_bigint() }}) as record_count
    where false
    {%- endfor %}
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
        {%- for attribute in attributes %}
        attributes.{{ attribute }},
        {%- if attribute in counted %}
        coalesce(
            attributes.{{ attribute }}_placeholder_reason,
            case
                when cast(attributes.{{ attribute }} as {{ dbt.type_string() }}) in (
                    select too_frequent.attribute_value
                    from too_frequent
                    where too_frequent.attribute = '{{ attribute }}'
                ) then 'too_frequent'
            end
        ) as {{ attribute }}_placeholder_reason,
        {%- else %}
        attributes.{{ attribute }}_placeholder_reason,
        {%- endif %}
        {%- endfor %}
        attributes.updated_at
    from attributes
)

select * from final
