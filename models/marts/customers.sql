{%- set attributes = idstitch.identity_attributes() -%}
{%- set pii_attributes = var('idstitch__pii_attributes') -%}

with

golden_record as (
    select * from {{ ref('int_identity__golden_attributes') }}
),

customer_records as (
    select * from {{ ref('customer_records') }}
),

transactions as (
    select * from {{ ref('transactions') }}
),

-- per customer and source, then per customer: two plain group-bys, cheaper at scale than
-- one with count(distinct source)
source_profile as (
    select
        customer_records.customer_id,
        customer_records.source,
        count(*) as record_count,
        min(customer_records.record_created_at) as first_seen_at,
        max(customer_records.record_updated_at) as last_seen_at
    from customer_records
    group by 1, 2
),

profile as (
    select
        source_profile.customer_id,
        cast(sum(source_profile.record_count) as {{ dbt.type_bigint() }}) as record_count,
        count(source_profile.source) as source_count,
        min(source_profile.first_seen_at) as first_seen_at,
        max(source_profile.last_seen_at) as last_seen_at
    from source_profile
    group by 1
),

purchases as (
    select
        transactions.customer_id,
        count(*) as order_count,
        cast(sum(transactions.amount) as {{ idstitch.type_money() }}) as revenue,
        min(transactions.transacted_at) as first_order_at,
        max(transactions.transacted_at) as last_order_at
    from transactions
    where transactions.customer_id is not null and transactions.status = 'completed'
    group by 1
),

final as (
    select
        profile.customer_id,
        {%- for attribute in attributes %}
        {#- a masked attribute is a token (text); any other keeps its source column's type #}
        {% if attribute in pii_attributes and not var('idstitch__expose_pii') -%}
        {{ idstitch.pii(attribute, 'golden_record.' ~ attribute) }} as {{ attribute }},
        {%- else -%}
        golden_record.{{ attribute }},
        {%- endif %}
        golden_record.{{ attribute }}_source,
        golden_record.{{ attribute }}_updated_at,
        {%- endfor %}
        profile.record_count,
        profile.source_count,
        profile.first_seen_at,
        profile.last_seen_at,
        coalesce(purchases.order_count, 0) as order_count,
        coalesce(purchases.revenue, cast(0 as {{ idstitch.type_money() }})) as revenue,
        purchases.first_order_at,
        purchases.last_order_at
    from profile
    left join golden_record
        on profile.customer_id = golden_record.customer_id
    left join purchases
        on profile.customer_id = purchases.customer_id
)

select * from final
