{{
    config(
        materialized='connected_components',
        node_column='record_key',
        label_column='cluster_key',
        cannot_link='int_identity__never_links',
    )
}}
-- depends_on: {{ ref('int_identity__never_links') }}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

edges as (
    select * from {{ ref('int_identity__edges') }}
),

-- every record is a node (a self edge keeps singletons); every edge joins two records, and
-- its confidence is the weight a never-link split weighs it by
final as (
    select
        records.record_key as node_a,
        records.record_key as node_b,
        cast(null as {{ dbt.type_numeric() }}) as weight
    from records
    union all
    select
        edges.record_key as node_a,
        edges.anchor_key as node_b,
        edges.confidence as weight
    from edges
)

select * from final
