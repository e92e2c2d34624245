{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select source_rows.* from {{ idstitch.staging_rows(source('pos', 'transactions')) }} as source_rows
),

final as (
    select
        source.source_row_hash,
        {{ idstitch.trimmed_text('source.transaction_id') }} as transaction_id,
        {{ idstitch.trimmed_text('source.store_id') }} as store_id,
        nullif(upper({{ idstitch.trimmed_text('source.loyalty_card_number') }}), '') as card_number,
        {{ idstitch.lenient_cast('source.transacted_at', dbt.type_timestamp()) }} as transacted_at,
        {{ idstitch.lenient_cast('source.amount', dbt.type_numeric()) }} as amount,
        upper({{ idstitch.trimmed_text('source.currency') }}) as currency
    from source
)

select * from final
