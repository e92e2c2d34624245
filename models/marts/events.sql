with

app_events as (
    select * from {{ ref('stg_mobile_app__events') }}
),

loyalty_events as (
    select * from {{ ref('stg_loyalty__events') }}
),

tickets as (
    select * from {{ ref('stg_callcenter__tickets') }}
),

record_customers as (
    select * from {{ ref('int_identity__record_customers') }}
),

-- app activity, loyalty points and support tickets on one timeline
unioned as (
    select
        'mobile_app:' || app_events.event_id as event_key,
        'mobile_app' as source,
        app_events.event_id as source_event_id,
        {{ idstitch.record_key('mobile_app', 'app_events.app_user_id') }} as record_key,
        app_events.event_type,
        app_events.occurred_at,
        cast(null as {{ dbt.type_int() }}) as points,
        cast(null as {{ dbt.type_string() }}) as detail
    from app_events
    union all
    select
        'loyalty:' || loyalty_events.loyalty_event_id as event_key,
        'loyalty' as source,
        loyalty_events.loyalty_event_id as source_event_id,
        {{ idstitch.record_key('loyalty', 'loyalty_events.member_id') }} as record_key,
        'loyalty_' || loyalty_events.event_type as event_type,
        loyalty_events.occurred_at,
        loyalty_events.points,
        cast(null as {{ dbt.type_string() }}) as detail
    from loyalty_events
    union all
    select
        'callcenter:' || tickets.ticket_id as event_key,
        'callcenter' as source,
        tickets.ticket_id as source_event_id,
        {{ idstitch.record_key('callcenter', 'tickets.contact_id') }} as record_key,
        'support_ticket' as event_type,
        tickets.opened_at as occurred_at,
        cast(null as {{ dbt.type_int() }}) as points,
        tickets.topic || ' via ' || tickets.channel || ' (' || tickets.status || ')' as detail
    from tickets
),

-- every event stays: events of app users or members deleted upstream keep their last
-- customer (while it exists) and say so in identity_status
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
