-- The 1,000-record chain with increasing keys converges within 30 passes (hook rounds and
-- pointer jumps together): rounds grow with log(component size), not with the chain.
select max(pass) as passes
from {{ idstitch.connected_components_log(ref('fixture_chain_components'), 'rounds') }}
having max(pass) > 30
