-- Every staged identity record of every configured source appears exactly once in
-- customer_records: the counts reconcile per source. Returns the sources that do not.
-- Quarantined rows (int_identity__quarantined_records) are no records: they do not count
-- (assert_source_rows_reconcile accounts for them); nor are an erased record's rows, which a
-- staging view still shows (idstitch.not_erased), nor records a source marks deleted (its
-- deleted_flag: idstitch.soft_deleted_counts).
with

quarantined as (
    select
        source,
        count(*) as quarantined_rows
    from {{ ref('int_identity__quarantined_records') }}
    where reason in ('missing_record_id', 'duplicate_record_id')
    group by 1
),

staged_rows as (
    {%- for entry in idstitch.identity_sources() %}
    {%- set erased = idstitch.not_erased(idstitch.record_key(entry.source, 'src.' ~ entry.record_id)) %}
    select '{{ entry.source }}' as source, count(*) as staged_rows
    from {{ ref(entry.model) }}
    {%- if erased %} as src
    where {{ erased }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

soft_deleted as (
    {{- idstitch.soft_deleted_counts() }}
),

staged as (
    select
        staged_rows.source,
        staged_rows.staged_rows - coalesce(quarantined.quarantined_rows, 0) - soft_deleted.soft_deleted_rows
            as staged_records
    from staged_rows
    inner join soft_deleted
        on staged_rows.source = soft_deleted.source
    left join quarantined
        on staged_rows.source = quarantined.source
),

assigned as (
    select
        source,
        count(*) as assigned_records,
        count(distinct record_key) as distinct_records
    from {{ ref('customer_records') }}
    where customer_id is not null
    group by 1
),

final as (
    select
        coalesce(staged.source, assigned.source) as source,
        staged.staged_records,
        assigned.assigned_records,
        assigned.distinct_records
    from staged
    full outer join assigned
        on staged.source = assigned.source
    where
        coalesce(staged.staged_records, 0) <> coalesce(assigned.assigned_records, 0)
        or assigned.assigned_records <> assigned.distinct_records
)

select * from final
