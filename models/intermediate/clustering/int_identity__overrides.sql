-- Analyst decisions that name records the graph knows; each pair once, smaller key first.
-- A decision naming an unknown record is kept out (and listed by the
-- assert_overrides_name_known_records test) rather than failing the build.
with

overrides as (
    select * from {{ ref('identity_overrides') }}
),

records as not materialized (
    select * from {{ ref('int_identity__records') }}
),

normalized as (
    select
        lower(trim(overrides.decision)) as decision,
        least(trim(overrides.record_key_a), trim(overrides.record_key_b)) as record_key_a,
        greatest(trim(overrides.record_key_a), trim(overrides.record_key_b)) as record_key_b,
        overrides.reason,
        overrides.decided_by,
        overrides.decided_at
    from overrides
),

-- a never-link beats a force-link of the same pair
ranked as (
    select
        normalized.*,
        row_number() over (
            partition by normalized.record_key_a, normalized.record_key_b
            order by case when normalized.decision = 'never_link' then 0 else 1 end, normalized.decided_at desc
        ) as decision_rank
    from normalized
    inner join records as record_a
        on normalized.record_key_a = record_a.record_key
    inner join records as record_b
        on normalized.record_key_b = record_b.record_key
    where
        normalized.decision in ('force_link', 'never_link')
        and normalized.record_key_a <> normalized.record_key_b
),

final as (
    select
        ranked.decision,
        ranked.record_key_a,
        ranked.record_key_b,
        ranked.reason,
        ranked.decided_by,
        ranked.decided_at
    from ranked
    where ranked.decision_rank = 1
)

select * from final
