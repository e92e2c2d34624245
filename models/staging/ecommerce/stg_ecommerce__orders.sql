{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select source_rows.* from {{ idstitch.staging_rows(source('ecommerce', 'orders')) }} as source_rows
),

final as (
    select
        source.source_row_hash,
        {{ idstitch.trimmed_text('source.order_id') }} as order_id,
        {{ idstitch.trimmed_text('source.customer_id') }} as customer_id,
        {{ idstitch.lenient_cast('source.ordered_at', dbt.type_timestamp()) }} as ordered_at,
        {{ idstitch.lenient_cast('source.amount', dbt.type_numeric()) }} as amount,
        upper({{ idstitch.trimmed_text('source.currency') }}) as currency,
        lower({{ idstitch.trimmed_text('source.status') }}) as status
    from source
)

select * from final
