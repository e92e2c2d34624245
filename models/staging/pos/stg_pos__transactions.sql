with

source as (
    select * from {{ source('pos', 'transactions') }}
),

final as (
    select
        trim(source.transaction_id) as transaction_id,
        trim(source.store_id) as store_id,
        nullif(upper(trim(source.loyalty_card_number)), '') as card_number,
        {{ idstitch.lenient_cast('source.transacted_at', dbt.type_timestamp()) }} as transacted_at,
        {{ idstitch.lenient_cast('source.amount', dbt.type_numeric()) }} as amount,
        upper(trim(source.currency)) as currency
    from source
)

select * from final
