with

source as (
    select * from {{ source('ecommerce', 'orders') }}
),

final as (
    select
        trim(source.order_id) as order_id,
        trim(source.customer_id) as customer_id,
        {{ idstitch.lenient_cast('source.ordered_at', dbt.type_timestamp()) }} as ordered_at,
        {{ idstitch.lenient_cast('source.amount', dbt.type_numeric()) }} as amount,
        upper(trim(source.currency)) as currency,
        lower(trim(source.status)) as status
    from source
)

select * from final
