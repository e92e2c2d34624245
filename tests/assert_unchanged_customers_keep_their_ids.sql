-- A customer whose records are exactly those of a previous customer keeps that customer's id:
-- any row here is id churn without a change in the graph.
with

assignments as (
    select * from {{ ref('int_identity__customer_assignments') }}
),

previous_sizes as (
    select
        customer_id,
        count(*) as record_count
    from {{ ref('int_identity__previous_assignments') }}
    where is_current
    group by 1
),

clusters as (
    select
        cluster_key,
        min(customer_id) as customer_id,
        count(*) as record_count,
        count(previous_customer_id) as previously_assigned,
        count(distinct previous_customer_id) as previous_ids,
        min(previous_customer_id) as previous_customer_id
    from assignments
    group by 1
)

select
    clusters.cluster_key,
    clusters.previous_customer_id,
    clusters.customer_id
from clusters
inner join previous_sizes
    on clusters.previous_customer_id = previous_sizes.customer_id
where
    clusters.previous_ids = 1
    and clusters.previously_assigned = clusters.record_count
    and previous_sizes.record_count = clusters.record_count
    and clusters.customer_id <> clusters.previous_customer_id
