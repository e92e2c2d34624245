with

source as (
    select * from {{ source('loyalty', 'events') }}
),

final as (
    select
        trim(source.loyalty_event_id) as loyalty_event_id,
        trim(source.loyalty_id) as member_id,
        lower(trim(source.event_type)) as event_type,
        {{ idstitch.lenient_cast('source.points', dbt.type_int()) }} as points,
        {{ idstitch.lenient_cast('source.occurred_at', dbt.type_timestamp()) }} as occurred_at
    from source
)

select * from final
