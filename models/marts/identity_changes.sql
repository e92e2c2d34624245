-- One row per customer-id event of a run, appended to the published log (the work copy is
-- the published log plus this run's events; publishing replaces the log), so downstream
-- systems can remap:
--   new          a customer id was minted            (new_customer_id)
--   merged_into  old id folded into another         (old -> new)
--   split_from   records left old id for another    (old -> new; old still lives)
--   restored     an id merged away earlier is back   (old = new = the restored id)
--   retired      an id whose records all left the sources
--   erased       an erasure request removed the customer (old; request_ref names the
--                request: README, "Erasing a person")
{%- set published_records = idstitch.published_relation('customer_records') %}
{%- set erasures = idstitch.erasure_state() %}
{%- set str = dbt.type_string() %}

with

-- the records assigned by the last published run (not those that had left before it)
previous as not materialized (
    select * from {{ ref('int_identity__previous_assignments') }}
    where is_current
),

assignments as not materialized (
    select * from {{ ref('int_identity__customer_assignments') }}
),

suppressions as (
    select * from {{ ref('int_identity__suppressions') }}
),

-- the customers the last published run assigned records to (read only once a record is
-- erased)
published_customers as (
    {%- if published_records and erasures.records %}
    select distinct published.customer_id
    from {{ published_records }} as published
    {%- else %}
    select cast(null as {{ str }}) as customer_id
    where 1 = 0
    {%- endif %}
),

-- customers an erasure removes in this run: erased records' customers the last publish still
-- had (the previous assignments leave erased records out, so these ids are not 'retired')
erased as (
    select
        suppressions.request_ref,
        suppressions.customer_id,
        count(*) as record_count
    from suppressions
    inner join published_customers
        on suppressions.customer_id = published_customers.customer_id
    where suppressions.suppression_type = 'record_key'
    group by 1, 2
),

current_ids as (
    select distinct
        assignments.customer_id,
        assignments.id_event
    from assignments
),

-- where each previous id's records went
moves as (
    select
        previous.customer_id as old_customer_id,
        assignments.customer_id as new_customer_id,
        count(*) as record_count
    from previous
    left join assignments
        on previous.record_key = assignments.record_key
    group by 1, 2
),

previous_sizes as (
    select
        previous.customer_id,
        count(*) as record_count
    from previous
    group by 1
),

-- the merges customer_assignments decided (one target per merged id), not derived again
merge_decisions as (
    select distinct
        assignments.merged_customer_id as old_customer_id,
        assignments.customer_id as new_customer_id
    from assignments
    where assignments.merged_customer_id is not null
),

new_sizes as (
    select
        assignments.customer_id,
        count(*) as record_count
    from assignments
    group by 1
),

events as (
    -- ids that are gone: merged into the id customer_assignments kept, or retired
    select
        case when merge_decisions.new_customer_id is null then 'retired' else 'merged_into' end as change_type,
        previous_sizes.customer_id as old_customer_id,
        merge_decisions.new_customer_id,
        previous_sizes.record_count as old_record_count,
        new_sizes.record_count as new_record_count,
        cast(null as {{ str }}) as request_ref
    from previous_sizes
    left join current_ids
        on previous_sizes.customer_id = current_ids.customer_id
    left join merge_decisions
        on previous_sizes.customer_id = merge_decisions.old_customer_id
    left join new_sizes
        on merge_decisions.new_customer_id = new_sizes.customer_id
    where current_ids.customer_id is null
    union all
    -- records that left a living id for another one
    select
        'split_from' as change_type,
        moves.old_customer_id,
        moves.new_customer_id,
        moves.record_count as old_record_count,
        new_sizes.record_count as new_record_count,
        cast(null as {{ str }}) as request_ref
    from moves
    inner join current_ids as old_alive
        on moves.old_customer_id = old_alive.customer_id
    inner join new_sizes
        on moves.new_customer_id = new_sizes.customer_id
    where moves.new_customer_id <> moves.old_customer_id
    union all
    -- minted and restored ids
    select
        current_ids.id_event as change_type,
        case when current_ids.id_event = 'restored' then current_ids.customer_id end as old_customer_id,
        current_ids.customer_id as new_customer_id,
        cast(null as {{ dbt.type_bigint() }}) as old_record_count,
        new_sizes.record_count as new_record_count,
        cast(null as {{ str }}) as request_ref
    from current_ids
    inner join new_sizes
        on current_ids.customer_id = new_sizes.customer_id
    where current_ids.id_event in ('new', 'restored')
    union all
    -- erased customers, with the request's reference (no value of the person)
    select
        'erased' as change_type,
        erased.customer_id as old_customer_id,
        cast(null as {{ str }}) as new_customer_id,
        erased.record_count as old_record_count,
        cast(null as {{ dbt.type_bigint() }}) as new_record_count,
        erased.request_ref
    from erased
),

this_run as (
    select
        '{{ invocation_id }}' as invocation_id,
        {{ idstitch.run_started_at_timestamp() }} as run_started_at,
        events.change_type,
        events.old_customer_id,
        events.new_customer_id,
        cast(events.old_record_count as {{ dbt.type_bigint() }}) as old_record_count,
        cast(events.new_record_count as {{ dbt.type_bigint() }}) as new_record_count,
        cast(events.request_ref as {{ str }}) as request_ref
    from events
),

final as (
    {{ idstitch.published_log_rows('identity_changes', ['invocation_id', 'run_started_at', 'change_type', 'old_customer_id', 'new_customer_id', 'old_record_count', 'new_record_count', 'request_ref']) }}
    select * from this_run
)

select * from final
