{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select * from {{ source('ecommerce', 'customers') }}
),

-- normalize once, here: the identity graph and the marts trust these columns
normalized as (
    select
        {{ idstitch.trimmed_text('source.customer_id') }} as customer_id,
        {{ idstitch.normalize_identifier('source.customer_id') }} as shop_customer_id,
        {{ idstitch.normalize_email('source.email') }} as email,
        {{ idstitch.email_issue('source.email') }} as email_issue,
        {{ idstitch.normalize_phone('source.phone') }} as phone,
        {{ idstitch.phone_issue('source.phone') }} as phone_issue,
        {{ idstitch.normalize_name('source.first_name') }} as first_name,
        {{ idstitch.normalize_name('source.last_name') }} as last_name,
        coalesce({{ idstitch.name_suffix('source.last_name') }}, {{ idstitch.name_suffix('source.first_name') }})
            as generation_suffix,
        {{ idstitch.normalize_street('source.address_line1') }} as street,
        {{ idstitch.normalize_city('source.city') }} as city,
        {{ idstitch.normalize_postcode('source.postcode') }} as postcode,
        upper({{ idstitch.trimmed_text('source.country') }}) as country,
        {{ idstitch.lenient_cast('source.created_at', dbt.type_timestamp()) }} as created_at,
        {{ idstitch.lenient_cast('source.updated_at', dbt.type_timestamp()) }} as updated_at
    from source
),

-- a street line means little without its postcode: the pair is the address identifier
final as (
    select
        normalized.*,
        {{ idstitch.address_key('normalized.street', 'normalized.postcode') }} as address_key
    from normalized
)

select * from final
