-- Warns (and lists it) when a configured source holds no identity record: an empty extract
-- on a first run, or a source whose staging model filters everything out. Nothing is lost
-- (there is nothing), but a source that feeds nothing is usually a broken load.
-- assert_no_source_shrank fails the run when a source that had records drops.
{{ config(severity='warn') }}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

configured_sources as (
    {{- idstitch.configured_sources() }}
)

select
    configured_sources.source,
    configured_sources.staging_model,
    count(records.record_key) as identity_records
from configured_sources
left join records
    on configured_sources.source = records.source
group by 1, 2
having count(records.record_key) = 0
