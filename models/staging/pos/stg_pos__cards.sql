{{ config(enabled=idstitch.demo_enabled()) }}

with

transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

-- the POS knows a shopper only by the loyalty card swiped: one identity record per card,
-- printed its own way ('LC-1234', the program's prefix), so it is read as the loyalty id it
-- stands for; a card number with any other letter is no loyalty id (loyalty_id_issue)
final as (
    select
        transactions.card_number,
        {{ idstitch.normalize_numeric_id('transactions.card_number', prefixes=['LC']) }} as loyalty_id,
        {{ idstitch.numeric_id_issue('transactions.card_number', prefixes=['LC']) }} as loyalty_id_issue,
        min(transactions.transacted_at) as first_swiped_at,
        max(transactions.transacted_at) as last_swiped_at,
        count(*) as transaction_count,
        count(distinct transactions.store_id) as store_count
    from transactions
    where transactions.card_number is not null
    group by 1, 2, 3
)

select * from final
