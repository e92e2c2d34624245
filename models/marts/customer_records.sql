with

assignments as (
    select * from {{ ref('int_identity__customer_assignments') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

edge_decisions as (
    select * from {{ ref('int_identity__edge_decisions') }}
),

-- edges a never-link split cut no longer explain anything
live_edges as (
    select edge_decisions.*
    from edge_decisions
    where not edge_decisions.is_cut
),

-- an edge explains both of its ends
edge_ends as (
    select
        live_edges.record_key,
        live_edges.identifier_type,
        live_edges.confidence
    from live_edges
    union all
    select
        live_edges.anchor_key as record_key,
        live_edges.identifier_type,
        live_edges.confidence
    from live_edges
),

distinct_types as (
    select distinct
        edge_ends.record_key,
        edge_ends.identifier_type
    from edge_ends
),

matched_on as (
    select
        distinct_types.record_key,
        {{ dbt.listagg('distinct_types.identifier_type', "', '", 'order by distinct_types.identifier_type') }} as matched_on
    from distinct_types
    group by 1
),

confidence as (
    select
        edge_ends.record_key,
        max(edge_ends.confidence) as match_confidence
    from edge_ends
    group by 1
),

customer_sizes as (
    select
        assignments.customer_id,
        count(*) as customer_record_count
    from assignments
    group by 1
),

final as (
    select
        records.record_key,
        records.source,
        records.source_record_id,
        assignments.customer_id,
        coalesce(matched_on.matched_on, 'unmatched') as matched_on,
        confidence.match_confidence,
        customer_sizes.customer_record_count,
        assignments.customer_since,
        assignments.origin_customer_id,
        assignments.origin_customer_since,
        records.created_at as record_created_at,
        records.updated_at as record_updated_at
    from records
    inner join assignments
        on records.record_key = assignments.record_key
    inner join customer_sizes
        on assignments.customer_id = customer_sizes.customer_id
    left join matched_on
        on records.record_key = matched_on.record_key
    left join confidence
        on records.record_key = confidence.record_key
)

select * from final
