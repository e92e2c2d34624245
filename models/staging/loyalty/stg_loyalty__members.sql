{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select * from {{ source('loyalty', 'members') }}
),

final as (
    select
        {{ idstitch.trimmed_text('source.loyalty_id') }} as member_id,
        {{ idstitch.normalize_numeric_id('source.loyalty_id') }} as loyalty_id,
        {{ idstitch.numeric_id_issue('source.loyalty_id') }} as loyalty_id_issue,
        {{ idstitch.normalize_email('source.email') }} as email,
        {{ idstitch.email_issue('source.email') }} as email_issue,
        {{ idstitch.normalize_phone('source.phone') }} as phone,
        {{ idstitch.phone_issue('source.phone') }} as phone_issue,
        {{ idstitch.normalize_name('source.first_name') }} as first_name,
        {{ idstitch.normalize_name('source.last_name') }} as last_name,
        coalesce({{ idstitch.name_suffix('source.last_name') }}, {{ idstitch.name_suffix('source.first_name') }})
            as generation_suffix,
        {{ idstitch.lenient_cast('source.birth_date', 'date') }} as birth_date,
        {{ idstitch.lenient_cast('source.enrolled_at', dbt.type_timestamp()) }} as enrolled_at,
        {{ idstitch.lenient_cast('source.updated_at', dbt.type_timestamp()) }} as updated_at,
        {{ idstitch.lenient_cast('source.points_balance', dbt.type_int()) }} as points_balance,
        lower({{ idstitch.trimmed_text('source.tier') }}) as tier
    from source
)

select * from final
