-- Source rows left out, each with the reason: an identity row without a usable record id
-- ('missing_record_id'), and every copy of a duplicated record id but the one kept
-- ('duplicate_record_id': the latest record time, then the smallest row fingerprint, as
-- idstitch.source_copy_order ranks them); the same for the activity sources' rows and
-- their activity ids ('missing_activity_id', 'duplicate_activity_id': copies ranked by
-- fingerprint). Every reader of the sources leaves these rows out (idstitch.source_select,
-- idstitch.activity_rows), so one bad row is one row here, not a failed build;
-- assert_no_quarantined_records lists them (an error with idstitch__on_bad_records: fail).
-- Holds no value of the row beyond its id, record time and fingerprint: find the row in
-- its staging model by the fingerprint (idstitch.source_row_fingerprint). Copies of an
-- erased record are no duplicates: they are left out (idstitch.not_erased), not listed.
{%- set sources = idstitch.quarantine_entries() %}

with

-- per source, the record ids more than one row holds (one aggregate over the ids alone)
duplicated_ids as (
    {%- for entry in sources %}
    select
        '{{ entry.model }}' as staging_model,
        {{ idstitch.as_text('src.' ~ entry.record_id) }} as source_record_id,
        count(*) as copies
    from {{ ref(entry.model) }} as src
    where
        {{ idstitch.usable_record_id(entry) }}
        {#- an erased record's copies (an activity row keeps its id: it is detached, not left out) #}
        {%- set erased = idstitch.not_erased(idstitch.record_key(entry.source, 'src.' ~ entry.record_id)) if entry.kind == 'record' else none %}
        {%- if erased %}
        and {{ erased }}
        {%- endif %}
    group by 1, 2
    having count(*) > 1
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- the rows without a usable id and every copy of a duplicated one, with what finds them
suspect_rows as (
    {%- for entry in sources %}
    select
        '{{ entry.source }}' as source,
        '{{ entry.model }}' as staging_model,
        {{ idstitch.as_text('src.' ~ entry.record_id) }} as source_record_id,
        case
            when {{ idstitch.usable_record_id(entry) }} then 'duplicate_{{ entry.kind }}_id'
            else 'missing_{{ entry.kind }}_id'
        end as reason,
        duplicated_ids.copies,
        cast({{ entry.updated_at }} as {{ dbt.type_timestamp() }}) as updated_at,
        {{ idstitch.source_row_fingerprint(entry) }} as row_fingerprint,
        row_number() over (
            partition by {{ idstitch.as_text('src.' ~ entry.record_id) }}
            order by {{ entry.copy_order }}
        ) as copy_rank
    from {{ ref(entry.model) }} as src
    left join duplicated_ids
        on
            duplicated_ids.staging_model = '{{ entry.model }}'
            and {{ idstitch.as_text('src.' ~ entry.record_id) }} = duplicated_ids.source_record_id
    where
        duplicated_ids.source_record_id is not null
        or not coalesce({{ idstitch.usable_record_id(entry) }}, false)
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- the copy each duplicated id keeps, so a quarantined copy names the one that won
kept_copies as (
    select
        suspect_rows.staging_model,
        suspect_rows.source_record_id,
        suspect_rows.row_fingerprint as kept_row_fingerprint
    from suspect_rows
    where
        suspect_rows.reason like 'duplicate%'
        and suspect_rows.copy_rank = 1
),

final as (
    select
        suspect_rows.source,
        suspect_rows.staging_model,
        suspect_rows.source_record_id,
        suspect_rows.reason,
        suspect_rows.updated_at,
        suspect_rows.row_fingerprint,
        suspect_rows.copies,
        kept_copies.kept_row_fingerprint
    from suspect_rows
    left join kept_copies
        on
            suspect_rows.staging_model = kept_copies.staging_model
            and suspect_rows.source_record_id = kept_copies.source_record_id
    where
        suspect_rows.reason like 'missing%'
        or suspect_rows.copy_rank > 1
)

select * from final
