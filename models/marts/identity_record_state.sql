-- The sources' identity records as this run saw them: one row per record, with the salted
-- hash of its content (idstitch.record_content_hash), its record time, when a run first saw
-- it and when one last saw it change. Published with the other marts, in the same
-- transaction: the next run's int_identity__record_changes compares the sources with it, so
-- the state moves only with a published run. Keys, hashes and times only: no value.
with

record_changes as (
    select * from {{ ref('int_identity__record_changes') }}
),

final as (
    select
        record_changes.record_key,
        record_changes.source,
        record_changes.record_hash,
        record_changes.record_updated_at,
        record_changes.first_seen_at,
        record_changes.last_changed_at
    from record_changes
    where record_changes.record_change <> 'deleted'
)

select * from final
