-- Erasure requests this run did not carry out (README, "Erasing a person"): requests of
-- identity_erasure_requests the suppression list holds no row of, each with the likely
-- reason. A warning: the build publishes, and the request is tried again on every run until
-- a steward corrects it (or the customer it names is published).
{{ config(severity='warn') }}
{%- set customer_records = idstitch.published_relation('customer_records') %}

with

requests as (
    select * from {{ source('identity_erasure', 'identity_erasure_requests') }}
),

suppressions as (
    select * from {{ ref('int_identity__suppressions') }}
),

pending as (
    select requests.*
    from requests
    where not exists (
        select 1
        from suppressions
        where suppressions.request_ref = requests.request_ref
    )
),

final as (
    select
        pending.request_ref,
        pending.requested_at,
        case
            when
                coalesce(trim(pending.customer_id), '') = ''
                and (coalesce(trim(pending.source), '') = '' or coalesce(trim(pending.source_record_id), '') = '')
                and coalesce(trim(pending.identifier_value), '') = ''
                then 'names no customer_id, no source and source_record_id, no identifier_value'
            when
                coalesce(trim(pending.identifier_value), '') <> ''
                and coalesce(lower(trim(pending.identifier_type)), '') not in ('email', 'phone')
                then 'identifier_type must be email or phone'
            when coalesce(trim(pending.identifier_value), '') <> ''
                then 'the value is unreadable, or the records of several customers carry it: file the request by customer_id'
            {%- if customer_records %}
            else 'customer_id is not in the published customer_records (merged into another id? see identity_changes)'
            {%- else %}
            else 'nothing is published yet'
            {%- endif %}
        end as reason
    from pending
)

select * from final
