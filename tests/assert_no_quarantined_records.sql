-- Lists every source row left out of the identity graph (int_identity__quarantined_records):
-- rows without a usable record id and the extra copies of duplicated ids. A warning by
-- default, so one bad row does not stop every mart; var idstitch__on_bad_records: fail
-- makes it an error, and the build stops before any reader of the sources runs.
{{ config(severity='error' if var('idstitch__on_bad_records', 'quarantine') == 'fail' else 'warn') }}

with

quarantined_records as (
    select * from {{ ref('int_identity__quarantined_records') }}
)

select
    quarantined_records.source,
    quarantined_records.staging_model,
    quarantined_records.reason,
    quarantined_records.source_record_id,
    quarantined_records.updated_at,
    quarantined_records.row_fingerprint,
    quarantined_records.kept_row_fingerprint
from quarantined_records
