with

-- read twice (customer sizes, the final join), not copied: DuckDB materializes a CTE that
-- is referenced twice
assignments as not materialized (
    select * from {{ ref('int_identity__customer_assignments') }}
),

records as (
    select * from {{ ref('int_identity__records') }}
),

-- edges a never-link split cut no longer explain anything
live_edges as not materialized (
    select * from {{ ref('int_identity__edge_decisions') }}
    where not is_cut
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

-- one row per record and kind of evidence, with its best confidence
evidence_types as (
    select
        edge_ends.record_key,
        edge_ends.identifier_type,
        max(edge_ends.confidence) as confidence
    from edge_ends
    group by 1, 2
),

matched_on as (
    select
        evidence_types.record_key,
        {{ dbt.listagg('evidence_types.identifier_type', "', '", 'order by evidence_types.identifier_type') }} as matched_on,
        max(evidence_types.confidence) as match_confidence
    from evidence_types
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
        matched_on.match_confidence,
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
)

select * from final
