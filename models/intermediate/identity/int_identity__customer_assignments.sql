-- The one place customer ids are assigned. For now: a hash of the cluster's oldest record,
-- stable for as long as that record stays in the cluster.
with

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

ranked as (
    select
        clusters.record_key,
        clusters.cluster_key,
        row_number() over (
            partition by clusters.cluster_key
            order by records.created_at asc nulls last, clusters.record_key asc
        ) as age_rank
    from clusters
    inner join records
        on clusters.record_key = records.record_key
),

oldest as (
    select
        ranked.cluster_key,
        ranked.record_key as oldest_record_key
    from ranked
    where ranked.age_rank = 1
),

final as (
    select
        ranked.record_key,
        ranked.cluster_key,
        'cus_' || substr({{ dbt.hash('oldest.oldest_record_key') }}, 1, 16) as customer_id,
        oldest.oldest_record_key
    from ranked
    inner join oldest
        on ranked.cluster_key = oldest.cluster_key
)

select * from final
