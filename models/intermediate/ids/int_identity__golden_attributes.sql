with

record_attributes as (
    select * from {{ ref('int_identity__record_attributes') }}
    where placeholder_reason is null
),

assignments as (
    select * from {{ ref('int_identity__customer_assignments') }}
),

source_priority as (
    select * from {{ ref('source_priority') }}
),

-- survivorship: the most trusted source for the attribute wins, then the freshest value
ranked as (
    select
        assignments.customer_id,
        record_attributes.attribute,
        record_attributes.attribute_value,
        record_attributes.source,
        record_attributes.updated_at,
        record_attributes.record_key,
        row_number() over (
            partition by assignments.customer_id, record_attributes.attribute
            order by
                coalesce(attribute_priority.priority, source_default.priority, 999) asc,
                record_attributes.updated_at desc nulls last,
                record_attributes.record_key asc
        ) as survivorship_rank
    from record_attributes
    inner join assignments
        on record_attributes.record_key = assignments.record_key
    left join source_priority as attribute_priority
        on
            record_attributes.source = attribute_priority.source
            and record_attributes.attribute = attribute_priority.attribute
    left join source_priority as source_default
        on
            record_attributes.source = source_default.source
            and source_default.attribute = '*'
),

final as (
    select
        ranked.customer_id,
        ranked.attribute,
        ranked.attribute_value,
        ranked.source,
        ranked.updated_at,
        ranked.record_key
    from ranked
    where ranked.survivorship_rank = 1
)

select * from final
