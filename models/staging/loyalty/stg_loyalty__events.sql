{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select source_rows.* from {{ idstitch.staging_rows(source('loyalty', 'events')) }} as source_rows
),

final as (
    select
        source.source_row_hash,
        {{ idstitch.trimmed_text('source.loyalty_event_id') }} as loyalty_event_id,
        {{ idstitch.trimmed_text('source.loyalty_id') }} as member_id,
        lower({{ idstitch.trimmed_text('source.event_type') }}) as event_type,
        {{ idstitch.lenient_cast('source.points', dbt.type_int()) }} as points,
        {{ idstitch.lenient_cast('source.occurred_at', dbt.type_timestamp()) }} as occurred_at
    from source
)

select * from final
