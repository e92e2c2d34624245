-- Every analyst override names two records the identity graph knows, with a known decision:
-- a typo in a record key would otherwise silently do nothing.
{{ config(severity='warn') }}

with

overrides as (
    select * from {{ ref('identity_overrides') }}
),

records as not materialized (
    select * from {{ ref('int_identity__records') }}
)

select
    overrides.decision,
    overrides.record_key_a,
    overrides.record_key_b
from overrides
left join records as record_a
    on trim(overrides.record_key_a) = record_a.record_key
left join records as record_b
    on trim(overrides.record_key_b) = record_b.record_key
where
    record_a.record_key is null
    or record_b.record_key is null
    or lower(trim(overrides.decision)) not in ('force_link', 'never_link')
