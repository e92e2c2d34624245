-- Why are these records one customer? Every edge from the customer's records, with the
-- identifier type that made it, whether first names corroborated it, and whether a
-- never-link decision cut it. Compile and run with
--   dbt compile --select explain_customer --vars '{customer_id: cus_...}'
-- then run target/compiled/idstitch/analyses/explain_customer.sql in your SQL client.
with

customer_records as (
    select * from {{ ref('customer_records') }}
),

edge_decisions as (
    select * from {{ ref('int_identity__edge_decisions') }}
),

members as (
    select customer_records.record_key
    from customer_records
    where customer_records.customer_id = '{{ var("customer_id", "") }}'
),

final as (
    select edge_decisions.*
    from edge_decisions
    inner join members
        on edge_decisions.record_key = members.record_key
)

select * from final
