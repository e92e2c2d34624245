-- Cluster health, a warning for review: a customer whose records hold different valid birth
-- dates, or more than var idstitch__max_last_names_per_customer distinct last names, is
-- probably two people merged. Seen here at any size, long before the size cap (40 records)
-- fails. Placeholders do not count. Lists record keys, not values (the values are PII: look
-- them up in the vault); `dbt test --store-failures` keeps the list in the audit schema.
{{ config(severity='warn') }}

with

records as not materialized (
    select * from {{ ref('customer_records') }}
),

record_attributes as (
    select * from {{ ref('int_identity__record_attributes') }}
),

-- each record's evidence (placeholders are none)
evidence as (
    select
        records.customer_id,
        records.record_key,
        {{ idstitch.attribute_evidence('record_attributes', 'birth_date') }} as birth_date,
        {{ idstitch.attribute_evidence('record_attributes', 'last_name') }} as last_name
    from records
    inner join record_attributes
        on records.record_key = record_attributes.record_key
),

-- only a customer whose records hold two values of an attribute can hold too many: found by
-- min and max in one cheap pass, so the distinct counts are taken for those customers alone
-- (a count(distinct) per customer over every record is the costly part at scale)
varied as (
    select evidence.customer_id
    from evidence
    group by 1
    having
        min(evidence.birth_date) <> max(evidence.birth_date)
        or min(evidence.last_name) <> max(evidence.last_name)
),

per_customer as (
    select
        evidence.customer_id,
        count(*) as record_count,
        count(distinct evidence.birth_date) as birth_date_count,
        count(distinct evidence.last_name) as last_name_count
    from evidence
    inner join varied
        on evidence.customer_id = varied.customer_id
    group by 1
),

suspect as (
    select per_customer.*
    from per_customer
    where
        per_customer.birth_date_count > 1
        or per_customer.last_name_count > {{ var('idstitch__max_last_names_per_customer') }}
),

listed as (
    select
        suspect.customer_id,
        suspect.record_count,
        suspect.birth_date_count,
        suspect.last_name_count,
        {{ dbt.listagg('records.record_key', "', '", "order by records.record_key") }} as record_keys
    from suspect
    inner join records
        on suspect.customer_id = records.customer_id
    group by 1, 2, 3, 4
)

select * from listed
