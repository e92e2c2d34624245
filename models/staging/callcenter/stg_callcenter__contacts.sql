{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select * from {{ source('callcenter', 'contacts') }}
),

final as (
    select
        {{ idstitch.trimmed_text('source.contact_id') }} as contact_id,
        {{ idstitch.normalize_phone('source.phone') }} as phone,
        {{ idstitch.phone_issue('source.phone') }} as phone_issue,
        {{ idstitch.normalize_email('source.email') }} as email,
        {{ idstitch.email_issue('source.email') }} as email_issue,
        {{ idstitch.normalize_name('source.first_name') }} as first_name,
        {{ idstitch.normalize_name('source.last_name') }} as last_name,
        coalesce({{ idstitch.name_suffix('source.last_name') }}, {{ idstitch.name_suffix('source.first_name') }})
            as generation_suffix,
        {{ idstitch.lenient_cast('source.created_at', dbt.type_timestamp()) }} as created_at,
        {{ idstitch.lenient_cast('source.updated_at', dbt.type_timestamp()) }} as updated_at
    from source
)

select * from final
