{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select source_rows.* from {{ idstitch.staging_rows(source('mobile_app', 'events')) }} as source_rows
),

final as (
    select
        source.source_row_hash,
        {{ idstitch.trimmed_text('source.event_id') }} as event_id,
        {{ idstitch.trimmed_text('source.app_user_id') }} as app_user_id,
        lower({{ idstitch.trimmed_text('source.event_type') }}) as event_type,
        {{ idstitch.lenient_cast('source.occurred_at', dbt.type_timestamp()) }} as occurred_at
    from source
)

select * from final
