-- Why are these records one customer? Every edge inside the customer, with the identifier
-- type that made it and whether first names corroborated it. Compile and run with
--   dbt compile --select explain_customer --vars '{customer_id: cus_...}'
-- then run target/compiled/idstitch/analyses/explain_customer.sql in your SQL client.
with

customer_records as (
    select * from {{ ref('customer_records') }}
),

edges as (
    select * from {{ ref('int_identity__edges') }}
),

members as (
    select customer_records.record_key
    from customer_records
    where customer_records.customer_id = '{{ var("customer_id", "") }}'
),

final as (
    select
        edges.record_key,
        edges.anchor_key,
        edges.identifier_type,
        edges.confidence,
        edges.corroborated_by,
        edges.token
    from edges
    inner join members
        on edges.record_key = members.record_key
)

select * from final
