with

orders as (
    select * from {{ ref('stg_ecommerce__orders') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

record_customers as (
    select * from {{ ref('int_identity__record_customers') }}
),

-- web orders and in-store sales, each tied to the identity record it came from
unioned as (
    select
        'ecommerce:' || orders.order_id as transaction_key,
        'ecommerce' as source,
        orders.order_id as source_transaction_id,
        {{ idstitch.record_key('ecommerce', 'orders.customer_id') }} as record_key,
        'online' as channel,
        cast(null as {{ dbt.type_string() }}) as store_id,
        orders.ordered_at as transacted_at,
        orders.amount,
        orders.currency,
        orders.status
    from orders
    union all
    select
        'pos:' || pos_transactions.transaction_id as transaction_key,
        'pos' as source,
        pos_transactions.transaction_id as source_transaction_id,
        case
            when pos_transactions.card_number is not null
                then {{ idstitch.record_key('pos', 'pos_transactions.card_number') }}
        end as record_key,
        'in_store' as channel,
        pos_transactions.store_id,
        pos_transactions.transacted_at,
        pos_transactions.amount,
        pos_transactions.currency,
        'completed' as status
    from pos_transactions
),

-- every transaction stays: anonymous sales (no card), orders of accounts deleted upstream
-- (their last customer, while it exists) and of accounts never seen say so in identity_status
final as (
    select
        unioned.transaction_key,
        unioned.source,
        unioned.source_transaction_id,
        unioned.record_key,
        record_customers.customer_id,
        case
            when unioned.record_key is null then 'anonymous'
            else coalesce(record_customers.identity_status, 'record_unknown')
        end as identity_status,
        unioned.channel,
        unioned.store_id,
        unioned.transacted_at,
        unioned.amount,
        unioned.currency,
        unioned.status
    from unioned
    left join record_customers
        on unioned.record_key = record_customers.record_key
)

select * from final
