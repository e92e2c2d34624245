-- Why are these records one customer? Every edge from the customer's records, with the
-- identifier type that made it, whether first names corroborated it, whether a never-link
-- decision cut it, and for a scored pair (identifier_type 'match_score') each comparison's
-- level and weight in bits. Compile and run with
--   dbt compile --select explain_customer --vars '{customer_id: cus_...}'
-- then run target/compiled/idstitch/analyses/explain_customer.sql in your SQL client.
with

customer_records as (
    select * from {{ ref('customer_records') }}
),

edge_decisions as (
    select * from {{ ref('int_identity__edge_decisions') }}
),

match_scores as (
    select * from {{ ref('int_identity__match_scores') }}
),

members as (
    select customer_records.record_key
    from customer_records
    where customer_records.customer_id = '{{ var("customer_id", "") }}'
),

final as (
    select
        edge_decisions.*,
        {%- for comparison in idstitch.match_comparisons() %}
        match_scores.{{ comparison.name }}_level,
        match_scores.{{ comparison.name }}_weight,
        {%- endfor %}
        match_scores.prior_weight,
        match_scores.match_weight,
        match_scores.match_probability
    from edge_decisions
    inner join members
        on edge_decisions.record_key = members.record_key
    left join match_scores
        on
            edge_decisions.identifier_type = 'match_score'
            and edge_decisions.anchor_key = match_scores.record_key_a
            and edge_decisions.record_key = match_scores.record_key_b
)

select * from final
