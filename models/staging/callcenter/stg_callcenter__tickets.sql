with

source as (
    select * from {{ source('callcenter', 'tickets') }}
),

final as (
    select
        trim(source.ticket_id) as ticket_id,
        trim(source.contact_id) as contact_id,
        {{ idstitch.lenient_cast('source.opened_at', dbt.type_timestamp()) }} as opened_at,
        lower(trim(source.channel)) as channel,
        lower(trim(source.topic)) as topic,
        lower(trim(source.status)) as status
    from source
)

select * from final
