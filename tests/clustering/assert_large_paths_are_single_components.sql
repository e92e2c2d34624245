-- Each of the 100,000 paths of fixture_large_edges is exactly one component of four, labelled
-- by its smallest key (':1').
select
    min(substr(node, 1, 10)) as path,
    count(*) as nodes,
    count(distinct component) as labels,
    min(component) as label
from {{ ref('fixture_large_components') }}
group by substr(node, 1, 10)
having count(*) <> 4 or count(distinct component) <> 1 or min(component) <> min(substr(node, 1, 10)) || ':1'
union all
select
    'all' as path,
    count(*) as nodes,
    count(distinct component) as labels,
    min(component) as label
from {{ ref('fixture_large_components') }}
having count(distinct component) <> 100000
