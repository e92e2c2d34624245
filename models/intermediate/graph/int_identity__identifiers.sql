with

records as (
    select * from {{ ref('int_identity__records') }}
),

-- the long table of identifier occurrences, one row per (record, type, token); values are
-- salted tokens from here on
occurrences as (
    {{ idstitch.identifier_occurrences() }}
),

final as (
    select
        occurrences.record_key,
        occurrences.source,
        occurrences.identifier_type,
        occurrences.token,
        occurrences.placeholder_reason,
        records.first_name_key,
        records.generation_suffix,
        occurrences.observed_at
    from occurrences
    inner join records
        on occurrences.record_key = records.record_key
)

select * from final
