-- Nothing disappears without a row saying why: every row of every identity source is either
-- an identity record, a quarantined row, or a record its source marks deleted (the entry's
-- deleted_flag). Returns the sources whose counts do not add up.
-- An erased record's rows are not counted (a staging view still shows them: idstitch.not_erased).
with

staged as (
    {%- for entry in idstitch.identity_sources() %}
    {%- set erased = idstitch.not_erased(idstitch.record_key(entry.source, 'src.' ~ entry.record_id)) %}
    select
        '{{ entry.source }}' as source,
        count(*) as staged_rows
    from {{ ref(entry.model) }}
    {%- if erased %} as src
    where {{ erased }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

records as (
    select
        source,
        count(*) as records
    from {{ ref('int_identity__records') }}
    group by 1
),

quarantined as (
    select
        source,
        count(*) as quarantined_rows
    from {{ ref('int_identity__quarantined_records') }}
    where reason in ('missing_record_id', 'duplicate_record_id')
    group by 1
),

soft_deleted as (
    {{- idstitch.soft_deleted_counts() }}
),

final as (
    select
        staged.source,
        staged.staged_rows,
        coalesce(records.records, 0) as records,
        coalesce(quarantined.quarantined_rows, 0) as quarantined_rows,
        soft_deleted.soft_deleted_rows
    from staged
    inner join soft_deleted
        on staged.source = soft_deleted.source
    left join records
        on staged.source = records.source
    left join quarantined
        on staged.source = quarantined.source
    where
        staged.staged_rows
        <> coalesce(records.records, 0) + coalesce(quarantined.quarantined_rows, 0) + soft_deleted.soft_deleted_rows
)

select * from final
