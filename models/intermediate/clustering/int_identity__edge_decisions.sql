-- Every edge of the graph with what became of it: kept, or cut to keep a never-link pair
-- apart. What customer_records and the explain_customer analysis read to explain a match.
with

edges as (
    select * from {{ ref('int_identity__edges') }}
),

cut_edges as (
    select * from {{ idstitch.connected_components_log(ref('int_identity__clusters'), 'cuts') }}
),

final as (
    select
        edges.record_key,
        edges.anchor_key,
        edges.identifier_type,
        edges.token,
        edges.confidence,
        edges.corroborated_by,
        cut_edges.node_a is not null as is_cut,
        cut_edges.cannot_link_a as cut_for_never_link_a,
        cut_edges.cannot_link_b as cut_for_never_link_b
    from edges
    left join cut_edges
        on
            least(edges.record_key, edges.anchor_key) = cut_edges.node_a
            and greatest(edges.record_key, edges.anchor_key) = cut_edges.node_b
)

select * from final
