-- What changed in the sources since the last published run: one row per identity record
-- staged now or held by the published identity_record_state, and its record_change:
--   new:       staged now, not in the published state (first seen, or back after a delete)
--   changed:   in both, and the hash of its content differs (idstitch.record_content_hash:
--              identifiers, names, attributes, created_at unless it is the updated_at
--              column; not updated_at)
--   retimed:   in both with the same hash, but its record time (updated_at) moved: the
--              graph sees no change, survivorship (latest value wins) may
--   unchanged: in both with the same hash and record time (a re-sent row)
--   deleted:   in the published state, gone from its source now (a full-snapshot source no
--              longer sends it, its deleted_flag marks it deleted, or its row is
--              quarantined); an erased record is not listed at all
-- The state advances only when a run publishes (identity_record_state is a mart, published
-- with the others in one transaction): after a failed or killed run the next one compares
-- with the same state again, so no change is lost. Keys and salted hashes only: no value.
{%- set published = idstitch.published_relation('identity_record_state') %}

with

-- every identity record as staged now, with the hash of its content
current_records as (
    {%- for entry in idstitch.identity_sources() %}
    {{ idstitch.source_select(entry, [
        idstitch.record_content_hash(entry) ~ " as record_hash",
        idstitch.record_time(idstitch.source_updated_at(entry)) ~ " as record_updated_at",
    ]) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- the records as the last published run left them (none before the first publish); an
-- erased record leaves without a row here (its key is the person's: erasure keeps none),
-- counted by its request instead (identity_run_metrics, erasure_requests)
previous_records as (
    {%- if published %}
    {%- set erased = idstitch.not_erased('published.record_key') %}
    select
        published.record_key,
        published.source,
        published.record_hash,
        published.record_updated_at,
        published.first_seen_at,
        published.last_changed_at
    from {{ published }} as published
    {%- if erased %}
    where {{ erased }}
    {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as record_key,
        cast(null as {{ dbt.type_string() }}) as source,
        cast(null as {{ dbt.type_string() }}) as record_hash,
        cast(null as {{ dbt.type_timestamp() }}) as record_updated_at,
        cast(null as {{ dbt.type_timestamp() }}) as first_seen_at,
        cast(null as {{ dbt.type_timestamp() }}) as last_changed_at
    where 1 = 0
    {%- endif %}
),

compared as (
    select
        coalesce(current_records.record_key, previous_records.record_key) as record_key,
        coalesce(current_records.source, previous_records.source) as source,
        case
            when previous_records.record_key is null then 'new'
            when current_records.record_key is null then 'deleted'
            when current_records.record_hash <> previous_records.record_hash then 'changed'
            -- the record time moved (or appeared, or went: NULL is a value here)
            when coalesce(
                current_records.record_updated_at <> previous_records.record_updated_at,
                (current_records.record_updated_at is null) <> (previous_records.record_updated_at is null)
            ) then 'retimed'
            else 'unchanged'
        end as record_change,
        current_records.record_hash,
        previous_records.record_hash as previous_record_hash,
        current_records.record_updated_at,
        previous_records.record_updated_at as previous_record_updated_at,
        previous_records.first_seen_at as previous_first_seen_at,
        previous_records.last_changed_at as previous_last_changed_at
    from current_records
    full outer join previous_records
        on current_records.record_key = previous_records.record_key
),

final as (
    select
        compared.record_key,
        compared.source,
        compared.record_change,
        compared.record_hash,
        compared.previous_record_hash,
        compared.record_updated_at,
        compared.previous_record_updated_at,
        coalesce(compared.previous_first_seen_at, {{ idstitch.run_started_at_timestamp() }}) as first_seen_at,
        case
            when compared.record_change in ('new', 'changed') then {{ idstitch.run_started_at_timestamp() }}
            else compared.previous_last_changed_at
        end as last_changed_at
    from compared
)

select * from final
