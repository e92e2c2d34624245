{{
    config(
        materialized='connected_components',
        node_column='record_key',
        label_column='cluster_key',
    )
}}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

edges as (
    select * from {{ ref('int_identity__edges') }}
),

-- every record is a node (a self edge keeps singletons); every edge joins two records
final as (
    select
        records.record_key as node_a,
        records.record_key as node_b
    from records
    union all
    select
        edges.record_key as node_a,
        edges.anchor_key as node_b
    from edges
)

select * from final
