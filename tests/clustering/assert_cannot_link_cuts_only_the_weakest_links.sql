-- The never-link splits of fixture_cannot_components cut exactly these edges and no others.
{%- set expected = [
    ('chain:c', 'chain:d'), ('tie:b', 'tie:c'), ('star:h', 'star:l2'),
    ('loop:b', 'loop:c'), ('loop:a', 'loop:d'),
] %}

with

cuts as (
    select node_a, node_b
    from {{ idstitch.connected_components_log(ref('fixture_cannot_components'), 'cuts') }}
),

expected as (
    {%- for a, b in expected %}
    select '{{ a }}' as node_a, '{{ b }}' as node_b
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    coalesce(cuts.node_a, expected.node_a) as node_a,
    coalesce(cuts.node_b, expected.node_b) as node_b,
    case when cuts.node_a is null then 'not cut' else 'cut but should not be' end as problem
from cuts
full outer join expected
    on cuts.node_a = expected.node_a and cuts.node_b = expected.node_b
where cuts.node_a is null or expected.node_a is null
