-- The only model holding identifier values next to their tokens: it lives in the restricted
-- identity_vault schema. Grant it to the privacy team, not to BI.
with

occurrences as (
    {{ idstitch.identifier_occurrences(value_column=true) }}
),

final as (
    select distinct
        occurrences.identifier_type,
        occurrences.token,
        occurrences.identifier_value
    from occurrences
)

select * from final
