{{
    config(
        materialized='connected_components',
        node_column='record_key',
        label_column='key_cluster_key',
    )
}}
-- The clusters that deterministic keys alone make. Probabilistic matching scores pairs these
-- have not already joined, learns its starting m probabilities from pairs they did join,
-- and `idstitch evaluate` scores them as the deterministic-only result.

with

records as (
    select * from {{ ref('int_identity__records') }}
),

key_edges as (
    select * from {{ ref('int_identity__key_edges') }}
),

-- every record is a node (a self edge keeps singletons)
final as (
    select
        records.record_key as node_a,
        records.record_key as node_b
    from records
    union all
    select
        key_edges.record_key as node_a,
        key_edges.anchor_key as node_b
    from key_edges
    where key_edges.contradicted_by is null
)

select * from final
