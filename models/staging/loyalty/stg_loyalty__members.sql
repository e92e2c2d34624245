{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select source_rows.* from {{ idstitch.staging_rows(source('loyalty', 'members')) }} as source_rows
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
        {{ idstitch.trimmed_text('phones_parsed.loyalty_id') }} as member_id,
        {{ idstitch.normalize_numeric_id('phones_parsed.loyalty_id') }} as loyalty_id,
        {{ idstitch.numeric_id_issue('phones_parsed.loyalty_id') }} as loyalty_id_issue,
        {{ idstitch.normalize_email('phones_parsed.email') }} as email,
        {{ idstitch.email_issue('phones_parsed.email') }} as email_issue,
        {{ idstitch.phone_of_parse('phones_parsed.parsed_phone') }} as phone,
        {{ idstitch.phone_issue_of_parse('phones_parsed.parsed_phone') }} as phone_issue,
        {{ idstitch.normalize_name('phones_parsed.first_name') }} as first_name,
        {{ idstitch.normalize_name('phones_parsed.last_name') }} as last_name,
        coalesce({{ idstitch.name_suffix('phones_parsed.last_name') }}, {{ idstitch.name_suffix('phones_parsed.first_name') }})
            as generation_suffix,
        {{ idstitch.lenient_cast('phones_parsed.birth_date', 'date') }} as birth_date,
        {{ idstitch.lenient_cast('phones_parsed.enrolled_at', dbt.type_timestamp()) }} as enrolled_at,
        {{ idstitch.lenient_cast('phones_parsed.updated_at', dbt.type_timestamp()) }} as updated_at,
        {{ idstitch.lenient_cast('phones_parsed.points_balance', dbt.type_int()) }} as points_balance,
        lower({{ idstitch.trimmed_text('phones_parsed.tier') }}) as tier
    from phones_parsed
)

select * from final
