-- Which customer an activity row (an order, a POS sale, an app event, a ticket) belongs to,
-- by the identity record it names: one row per record this run assigns ('assigned') and per
-- record that was assigned before but has left its source since ('record_deleted': an app
-- user deleted upstream whose events remain). A departed record keeps its last customer
-- while that customer still exists; otherwise its customer_id is NULL. Activity of a record
-- never seen at all is 'record_unknown' in the marts. Nothing is dropped: every activity
-- row stays in its mart, counted by identity_status in identity_run_metrics.
with

assignments as not materialized (
    select * from {{ ref('int_identity__customer_assignments') }}
),

previous as (
    select * from {{ ref('int_identity__previous_assignments') }}
),

living_ids as (
    select distinct assignments.customer_id
    from assignments
),

departed as (
    select
        previous.record_key,
        living_ids.customer_id,
        'record_deleted' as identity_status
    from previous
    left join assignments
        on previous.record_key = assignments.record_key
    left join living_ids
        on previous.customer_id = living_ids.customer_id
    where assignments.record_key is null
),

final as (
    select
        assignments.record_key,
        assignments.customer_id,
        'assigned' as identity_status
    from assignments
    union all
    select * from departed
)

select * from final
