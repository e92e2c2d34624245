{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select source_rows.* from {{ idstitch.staging_rows(source('enrichment', 'persons')) }} as source_rows
),

-- each phone is parsed once: its E.164 form and the reason it has none both read the parse
phones_parsed as (
    select
        source.*,
        {{ idstitch.parse_phone('source.phone') }} as parsed_phone
    from source
),

final as (
    select
        phones_parsed.source_row_hash,
        {{ idstitch.trimmed_text('phones_parsed.enrichment_id') }} as enrichment_id,
        {{ idstitch.normalize_email('phones_parsed.email') }} as email,
        {{ idstitch.email_issue('phones_parsed.email') }} as email_issue,
        {{ idstitch.phone_of_parse('phones_parsed.parsed_phone') }} as phone,
        {{ idstitch.phone_issue_of_parse('phones_parsed.parsed_phone') }} as phone_issue,
        {{ idstitch.normalize_name('phones_parsed.first_name') }} as first_name,
        {{ idstitch.normalize_name('phones_parsed.last_name') }} as last_name,
        coalesce({{ idstitch.name_suffix('phones_parsed.last_name') }}, {{ idstitch.name_suffix('phones_parsed.first_name') }})
            as generation_suffix,
        -- the vendor's files carry ISO, US and compact dates
        {{ idstitch.parse_date('phones_parsed.birth_date', ['YYYY-MM-DD', 'MM/DD/YYYY', 'YYYYMMDD']) }} as birth_date,
        upper({{ idstitch.trimmed_text('phones_parsed.gender') }}) as gender,
        {{ idstitch.trimmed_text('phones_parsed.age_band') }} as age_band,
        {{ idstitch.trimmed_text('phones_parsed.income_band') }} as income_band,
        {{ idstitch.normalize_city('phones_parsed.city') }} as city,
        {{ idstitch.normalize_postcode('phones_parsed.postcode') }} as postcode,
        {{ idstitch.lenient_cast('phones_parsed.updated_at', dbt.type_timestamp()) }} as updated_at
    from phones_parsed
)

select * from final
