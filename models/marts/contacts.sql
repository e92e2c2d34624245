-- Customers in the identity-reconciliation format: one row per identity record that carries
-- an email or a phone; the oldest such record of a customer is 'primary', the rest are
-- 'secondary' and point at it through linked_id.
with

record_attributes as (
    select * from {{ ref('int_identity__record_attributes') }}
),

customer_records as (
    select * from {{ ref('customer_records') }}
),

contact_points as (
    select
        record_attributes.record_key,
        {{ idstitch.attribute_evidence('record_attributes', 'email') }} as email,
        {{ idstitch.attribute_evidence('record_attributes', 'phone') }} as phone_number
    from record_attributes
),

numbered as (
    select
        row_number() over (
            order by customer_records.record_created_at asc nulls last, customer_records.record_key asc
        ) as id,
        customer_records.record_key,
        customer_records.customer_id,
        contact_points.email,
        contact_points.phone_number,
        customer_records.record_created_at as created_at,
        customer_records.record_updated_at as updated_at
    from contact_points
    inner join customer_records
        on contact_points.record_key = customer_records.record_key
    where contact_points.email is not null or contact_points.phone_number is not null
),

primaries as (
    select
        numbered.customer_id,
        min(numbered.id) as primary_id
    from numbered
    group by 1
),

final as (
    select
        numbered.id,
        {{ idstitch.pii('phone', 'numbered.phone_number') }} as phone_number,
        {{ idstitch.pii('email', 'numbered.email') }} as email,
        case when numbered.id <> primaries.primary_id then primaries.primary_id end as linked_id,
        case when numbered.id = primaries.primary_id then 'primary' else 'secondary' end as link_precedence,
        numbered.created_at,
        numbered.updated_at,
        cast(null as {{ dbt.type_timestamp() }}) as deleted_at,
        numbered.record_key,
        numbered.customer_id
    from numbered
    inner join primaries
        on numbered.customer_id = primaries.customer_id
)

select * from final
