with

record_customers as (
    select * from {{ ref('int_identity__record_customers') }}
),

-- every configured event (idstitch__event_sources: app activity, loyalty points and support
-- tickets in the demo) on one timeline, each tied to the identity record it came from
unioned as (
    {{ idstitch.activity_rows('events') }}
),

-- every row stays: activity of records deleted upstream keeps their last customer (while it
-- exists) and says so in identity_status; a row naming no record is anonymous
final as (
    select
        unioned.event_key,
        unioned.source,
        unioned.source_event_id,
        unioned.record_key,
        record_customers.customer_id,
        case
            when unioned.record_key is null then 'anonymous'
            else coalesce(record_customers.identity_status, 'record_unknown')
        end as identity_status,
        unioned.event_type,
        unioned.occurred_at,
        unioned.points,
        unioned.detail
    from unioned
    left join record_customers
        on unioned.record_key = record_customers.record_key
)

select * from final
