-- Every token a mart carries in place of PII (idstitch.pii: the customers' masked
-- attributes, contacts' email and phone) maps back to its value through the vault, so a
-- steward can answer "whose is this?" for any mart row. Nothing to check when
-- var idstitch__expose_pii is true (the marts carry values).
{%- set masked = [] %}
{%- for attribute in idstitch.identity_attributes() if attribute in var('idstitch__pii_attributes') %}
    {%- do masked.append(('customers', attribute, attribute)) %}
{%- endfor %}
{%- do masked.append(('contacts', 'email', 'email')) %}
{%- do masked.append(('contacts', 'phone_number', 'phone')) %}
{%- if var('idstitch__expose_pii') %}
select 1 as unmapped where 1 = 0
{%- else %}
with

vault as (
    select * from {{ ref('int_identity__vault') }}
),

mart_tokens as (
    {%- for mart, column, token_type in masked %}
    select
        '{{ mart }}.{{ column }}' as mart_column,
        '{{ token_type }}' as token_type,
        {{ column }} as token
    from {{ ref(mart) }}
    where {{ column }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
)

select
    mart_tokens.mart_column,
    count(*) as unmapped_tokens
from mart_tokens
left join vault
    on
        mart_tokens.token = vault.token
        and mart_tokens.token_type = vault.identifier_type
where vault.token is null
group by 1
{%- endif %}
