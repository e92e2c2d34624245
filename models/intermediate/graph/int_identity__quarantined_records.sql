-- Source rows left out of the identity graph, each with the reason: a row without a usable
-- record id ('missing_record_id'), and every copy of a duplicated record id but the one kept
-- ('duplicate_record_id': the latest record time, then the smallest row fingerprint, as
-- idstitch.source_copy_order ranks them). Every reader of the sources leaves these rows out
-- (idstitch.source_select), so one bad row is one row here, not a failed build;
-- assert_no_quarantined_records lists them (an error with idstitch__on_bad_records: fail).
-- Holds no value of the row beyond its id, record time and fingerprint: find the row in
-- its staging model by the fingerprint (idstitch.source_row_fingerprint). Copies of an
-- erased record are no duplicates: they are left out (idstitch.not_erased), not listed.
{%- set sources = idstitch.identity_sources() %}

with

-- per source, the record ids more than one row holds (one aggregate over the ids alone)
duplicated_ids as (
    {%- for entry in sources %}
    select
        '{{ entry.source }}' as source,
        {{ idstitch.as_text('src.' ~ entry.record_id) }} as source_record_id,
        count(*) as copies
    from {{ ref(entry.model) }} as src
    where
        {{ idstitch.usable_record_id(entry) }}
        {%- set erased = idstitch.not_erased(idstitch.record_key(entry.source, 'src.' ~ entry.record_id)) %}
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
            when {{ idstitch.usable_record_id(entry) }} then 'duplicate_record_id'
            else 'missing_record_id'
        end as reason,
        duplicated_ids.copies,
        {{ idstitch.record_time(idstitch.source_updated_at(entry)) }} as updated_at,
        {{ idstitch.source_row_fingerprint(entry) }} as row_fingerprint,
        row_number() over (
            partition by {{ idstitch.as_text('src.' ~ entry.record_id) }}
            order by {{ idstitch.source_copy_order(entry) }}
        ) as copy_rank
    from {{ ref(entry.model) }} as src
    left join duplicated_ids
        on
            duplicated_ids.source = '{{ entry.source }}'
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
        suspect_rows.source,
        suspect_rows.source_record_id,
        suspect_rows.row_fingerprint as kept_row_fingerprint
    from suspect_rows
    where
        suspect_rows.reason = 'duplicate_record_id'
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
            suspect_rows.source = kept_copies.source
            and suspect_rows.source_record_id = kept_copies.source_record_id
    where
        suspect_rows.reason = 'missing_record_id'
        or suspect_rows.copy_rank > 1
)

select * from final
