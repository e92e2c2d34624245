{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select source_rows.* from {{ idstitch.staging_rows(source('callcenter', 'tickets')) }} as source_rows
),

final as (
    select
        source.source_row_hash,
        {{ idstitch.trimmed_text('source.ticket_id') }} as ticket_id,
        {{ idstitch.trimmed_text('source.contact_id') }} as contact_id,
        {{ idstitch.lenient_cast('source.opened_at', dbt.type_timestamp()) }} as opened_at,
        lower({{ idstitch.trimmed_text('source.channel') }}) as channel,
        lower({{ idstitch.trimmed_text('source.topic') }}) as topic,
        lower({{ idstitch.trimmed_text('source.status') }}) as status
    from source
)

select * from final
