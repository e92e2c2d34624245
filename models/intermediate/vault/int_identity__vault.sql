-- Every identifier and PII attribute value next to its token, in the restricted
-- identity_vault schema (with the other models that hold values: README, "Where personal
-- data lives"). Grant it to the privacy team, not to BI.
{%- set pii_attributes = var('idstitch__pii_attributes') %}
with

occurrences as (
    {{ idstitch.identifier_occurrences(value_column=true) }}
),

record_attributes as (
    select * from {{ ref('int_identity__record_attributes') }}
),

-- the tokens the marts carry for masked attributes (idstitch.pii: names, street, birth
-- date), so a steward can map every mart token back, not only identifier tokens
attribute_values as (
    {%- for attribute in pii_attributes if attribute in idstitch.identity_attributes() %}
    {%- set value = 'cast(record_attributes.' ~ attribute ~ ' as ' ~ dbt.type_string() ~ ')' %}
    select
        '{{ attribute }}' as identifier_type,
        {{ idstitch.tokenize(attribute, value) }} as token,
        {{ value }} as identifier_value
    from record_attributes
    where record_attributes.{{ attribute }} is not null
    union all
    {%- endfor %}
    select
        occurrences.identifier_type,
        occurrences.token,
        occurrences.identifier_value
    from occurrences
),

final as (
    select distinct
        attribute_values.identifier_type,
        attribute_values.token,
        attribute_values.identifier_value
    from attribute_values
)

select * from final
