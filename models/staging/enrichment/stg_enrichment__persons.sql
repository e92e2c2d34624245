{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select * from {{ source('enrichment', 'persons') }}
),

final as (
    select
        {{ idstitch.trimmed_text('source.enrichment_id') }} as enrichment_id,
        {{ idstitch.normalize_email('source.email') }} as email,
        {{ idstitch.email_issue('source.email') }} as email_issue,
        {{ idstitch.normalize_phone('source.phone') }} as phone,
        {{ idstitch.phone_issue('source.phone') }} as phone_issue,
        {{ idstitch.normalize_name('source.first_name') }} as first_name,
        {{ idstitch.normalize_name('source.last_name') }} as last_name,
        coalesce({{ idstitch.name_suffix('source.last_name') }}, {{ idstitch.name_suffix('source.first_name') }})
            as generation_suffix,
        -- the vendor's files carry ISO, US and compact dates
        {{ idstitch.parse_date('source.birth_date', ['YYYY-MM-DD', 'MM/DD/YYYY', 'YYYYMMDD']) }} as birth_date,
        upper({{ idstitch.trimmed_text('source.gender') }}) as gender,
        {{ idstitch.trimmed_text('source.age_band') }} as age_band,
        {{ idstitch.trimmed_text('source.income_band') }} as income_band,
        {{ idstitch.normalize_city('source.city') }} as city,
        {{ idstitch.normalize_postcode('source.postcode') }} as postcode,
        {{ idstitch.lenient_cast('source.updated_at', dbt.type_timestamp()) }} as updated_at
    from source
)

select * from final
