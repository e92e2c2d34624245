-- Unless var idstitch__expose_pii is true, no identifier value from the vault appears in a
-- PII column of a mart (the marts carry tokens instead).
{%- if var('idstitch__expose_pii') %}
select 1 as leaked where 1 = 0
{%- else %}
with

vault as (
    select * from {{ ref('int_identity__vault') }}
),

mart_values as (
    select 'customers.email' as mart_column, email as mart_value from {{ ref('customers') }}
    union all
    select 'customers.phone' as mart_column, phone as mart_value from {{ ref('customers') }}
    union all
    select 'contacts.email' as mart_column, email as mart_value from {{ ref('contacts') }}
    union all
    select 'contacts.phone_number' as mart_column, phone_number as mart_value from {{ ref('contacts') }}
)

select
    mart_values.mart_column,
    count(*) as leaked_values
from mart_values
inner join vault
    on mart_values.mart_value = vault.identifier_value
group by 1
{%- endif %}
