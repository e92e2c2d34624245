-- The golden record: one row per customer, one column per attribute (typed as in
-- int_identity__record_attributes) with the source and update time of the surviving value.
-- Survivorship: the most trusted source for the attribute wins (seed source_priority: the
-- attribute's own row, else the source's '*' row, else 999), then the freshest value, then
-- the smallest record key; placeholders never survive.
{%- set attributes = idstitch.identity_attributes() %}

with

record_attributes as (
    select * from {{ ref('int_identity__record_attributes') }}
),

assignments as (
    select * from {{ ref('int_identity__customer_assignments') }}
),

source_priority as (
    select * from {{ ref('source_priority') }}
),

-- one row per source in the seed: each attribute's priority
priorities as (
    select
        source_priority.source
        {%- for attribute in attributes %},
        coalesce(
            min(case when source_priority.attribute = '{{ attribute }}' then source_priority.priority end),
            min(case when source_priority.attribute = '*' then source_priority.priority end)
        ) as {{ attribute }}_priority
        {%- endfor %}
    from source_priority
    group by 1
),

final as (
    select
        assignments.customer_id
        {%- for attribute in attributes %}
        {%- set order_by = [
            ['coalesce(priorities.' ~ attribute ~ '_priority, 999)', 'asc'],
            ['record_attributes.updated_at', 'desc'],
            ['record_attributes.record_key', 'asc'],
        ] %}
        {%- set candidate = idstitch.attribute_evidence('record_attributes', attribute) ~ ' is not null' %}
        {%- set row = ['record_attributes.' ~ attribute, 'record_attributes.source', 'record_attributes.updated_at'] %},
        {{ idstitch.first_by(row[0], order_by, candidate, row) }} as {{ attribute }},
        {{ idstitch.first_by(row[1], order_by, candidate, row) }} as {{ attribute }}_source,
        {{ idstitch.first_by(row[2], order_by, candidate, row) }} as {{ attribute }}_updated_at
        {%- endfor %}
    from record_attributes
    inner join assignments
        on record_attributes.record_key = assignments.record_key
    left join priorities
        on record_attributes.source = priorities.source
    group by 1
)

select * from final
