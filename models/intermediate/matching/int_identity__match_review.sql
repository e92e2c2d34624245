-- Pairs for a person to look at: scored between var idstitch__match_review_threshold and
-- var idstitch__match_threshold, not already joined by deterministic keys. A pair judged the
-- same person (or not) goes into the identity_overrides seed as force_link (never_link).

with

match_scores as (
    select * from {{ ref('int_identity__match_scores') }}
),

final as (
    select * from match_scores
    where
        not match_scores.is_key_linked
        and match_scores.match_probability >= {{ var('idstitch__match_review_threshold') }}
        and match_scores.match_probability < {{ var('idstitch__match_threshold') }}
)

select * from final
