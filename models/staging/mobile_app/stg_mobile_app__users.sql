{{ config(enabled=idstitch.demo_enabled()) }}

with

source as (
    select source_rows.* from {{ idstitch.staging_rows(source('mobile_app', 'users')) }} as source_rows
),

final as (
    select
        source.source_row_hash,
        {{ idstitch.trimmed_text('source.app_user_id') }} as app_user_id,
        {{ idstitch.normalize_identifier('source.device_id') }} as device_id,
        {{ idstitch.normalize_identifier('source.shop_customer_id') }} as shop_customer_id,
        {{ idstitch.normalize_email('source.email') }} as email,
        {{ idstitch.email_issue('source.email') }} as email_issue,
        {{ idstitch.normalize_name('source.first_name') }} as first_name,
        lower({{ idstitch.trimmed_text('source.platform') }}) as platform,
        {{ idstitch.lenient_cast('source.created_at', dbt.type_timestamp()) }} as created_at,
        {{ idstitch.lenient_cast('source.updated_at', dbt.type_timestamp()) }} as updated_at,
        -- the app keeps a deleted account's row with its deletion time, so it leaves the
        -- identity graph; only a plausible time deletes (idstitch.date_issue, kind
        -- deletion_time, which never reads the clock: this row is staged once, not daily):
        -- junk a load may leave in the last column (a stray '\r', '0', 'false',
        -- '1900-01-01', '9999-12-31') does not delete every account
        {{ idstitch.lenient_cast('source.deleted_at', dbt.type_timestamp()) }} as deleted_at,
        {{ idstitch.lenient_cast('source.deleted_at', dbt.type_timestamp()) }} is not null
        and {{ idstitch.date_issue(idstitch.lenient_cast('source.deleted_at', dbt.type_timestamp()), 'deletion_time') }} is null
            as is_deleted
    from source
)

select * from final
