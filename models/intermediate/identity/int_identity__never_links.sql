-- Pairs of records that must end in different customers (analyst never-link decisions):
-- the clustering splits any component that holds both.
with

overrides as (
    select * from {{ ref('int_identity__overrides') }}
),

final as (
    select
        overrides.record_key_a as node_a,
        overrides.record_key_b as node_b,
        overrides.reason,
        overrides.decided_by
    from overrides
    where overrides.decision = 'never_link'
)

select * from final
