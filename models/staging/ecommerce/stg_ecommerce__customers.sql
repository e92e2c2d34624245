{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select source_rows.* from {{ idstitch.staging_rows(source('ecommerce', 'customers')) }} as source_rows
),

-- each phone is parsed once: its E.164 form and the reason it has none both read the parse
phones_parsed as (
    select
        source.*,
        {{ idstitch.parse_phone('source.phone') }} as parsed_phone
    from source
),

-- normalize once, here: the identity graph and the marts trust these columns
normalized as (
    select
        phones_parsed.source_row_hash,
        {{ idstitch.trimmed_text('phones_parsed.customer_id') }} as customer_id,
        {{ idstitch.normalize_identifier('phones_parsed.customer_id') }} as shop_customer_id,
        {{ idstitch.normalize_email('phones_parsed.email') }} as email,
        {{ idstitch.email_issue('phones_parsed.email') }} as email_issue,
        {{ idstitch.phone_of_parse('phones_parsed.parsed_phone') }} as phone,
        {{ idstitch.phone_issue_of_parse('phones_parsed.parsed_phone') }} as phone_issue,
        {{ idstitch.normalize_name('phones_parsed.first_name') }} as first_name,
        {{ idstitch.normalize_name('phones_parsed.last_name') }} as last_name,
        coalesce({{ idstitch.name_suffix('phones_parsed.last_name') }}, {{ idstitch.name_suffix('phones_parsed.first_name') }})
            as generation_suffix,
        {{ idstitch.normalize_street('phones_parsed.address_line1') }} as street,
        {{ idstitch.normalize_city('phones_parsed.city') }} as city,
        {{ idstitch.normalize_postcode('phones_parsed.postcode') }} as postcode,
        upper({{ idstitch.trimmed_text('phones_parsed.country') }}) as country,
        {{ idstitch.lenient_cast('phones_parsed.created_at', dbt.type_timestamp()) }} as created_at,
        {{ idstitch.lenient_cast('phones_parsed.updated_at', dbt.type_timestamp()) }} as updated_at
    from phones_parsed
),

-- a street line means little without its postcode: the pair is the address identifier
final as (
    select
        normalized.*,
        {{ idstitch.address_key('normalized.street', 'normalized.postcode') }} as address_key
    from normalized
)

select * from final
