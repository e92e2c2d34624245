with

record_customers as (
    select * from {{ ref('int_identity__record_customers') }}
),

-- every configured purchase (idstitch__transaction_sources: web orders and in-store sales in
-- the demo), each tied to the identity record it came from
unioned as (
    {{ idstitch.activity_rows('transactions') }}
),

-- every row stays: activity of records deleted upstream keeps their last customer (while it
-- exists) and says so in identity_status; a row naming no record is anonymous
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
