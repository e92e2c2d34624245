-- The suppression list (README, "Erasing a person"): all idstitch keeps of an erased person.
-- Appended run by run and never rebuilt (full_refresh=false: `dbt build --full-refresh` must
-- not forget an erasure). Every request of identity_erasure_requests not carried out yet is
-- resolved against the last published state (no cycle: this build's graph is what the list
-- filters), and leaves one row per salted token, with the request's reference:
--   by customer_id        every record of that customer in the published customer_records,
--                         and every record the assignments history last gave it that has
--                         left the sources since (gone, or marked deleted by its source's
--                         deleted_flag): one that comes back later is erased, not restored;
--   by source record      that record, and every record of its published customer;
--   by identifier value   every record of the customer whose published contacts carry the
--                         email or phone (normalized and tokenized as staging does it).
-- Rows: the token of each erased record key ('record_key', with its source and the customer
-- it was in), and of each email and phone those records carried ('email', 'phone') that no
-- record staying carries (a family's inbox, a household's landline stays evidence for them),
-- plus the requested value's own token. A value no record carries is still suppressed: the
-- person must not be linked when they arrive. A request that resolves to nothing (a customer
-- id no longer published, a value two customers carry) is not carried out: it is retried
-- every run and assert_erasure_requests_carried_out lists it. No value is kept.
{{ config(materialized='incremental', full_refresh=false) }}
{%- set requests = source('identity_erasure', 'identity_erasure_requests') %}
{%- set customer_records = idstitch.published_relation('customer_records') %}
{%- set history = source('identity_history', 'identity_assignments_snapshot') %}
{%- set history_relation = load_relation(history) if execute else none %}
{%- set contacts = idstitch.published_relation('contacts') %}
{%- set str = dbt.type_string() %}
{#- no request waits (the usual run): the published state is not read at all -#}
{%- if execute and load_relation(requests) is not none %}
    {%- set waiting_sql %}
        select count(*) from {{ requests }} as requests
        {%- if is_incremental() %}
        where not exists (select 1 from {{ this }} as done where done.request_ref = requests.request_ref)
        {%- endif %}
    {%- endset %}
    {%- if run_query(waiting_sql).rows[0][0] == 0 %}
        {%- set customer_records = none %}
        {%- set contacts = none %}
    {%- endif %}
{%- endif %}

with

requests as (
    select * from {{ requests }}
),

-- requests not carried out yet (a carried-out request left its rows here), as keys
pending_requests as (
    select
        requests.request_ref,
        requests.requested_at,
        nullif(trim(requests.customer_id), '') as customer_id,
        nullif(trim(requests.source), '') as source,
        case
            when trim(requests.source) <> '' and trim(requests.source_record_id) <> ''
                then trim(requests.source) || ':' || trim(requests.source_record_id)
        end as record_key,
        lower(trim(requests.identifier_type)) as identifier_type,
        requests.identifier_value
    from requests
    {%- if is_incremental() %}
    where not exists (
        select 1
        from {{ this }} as done
        where done.request_ref = requests.request_ref
    )
    {%- endif %}
),

-- a requested email or phone, normalized as staging normalizes it, then tokenized
requested_values as (
    {%- for identifier_type in idstitch.suppressible_identifier_types() %}
    select
        requested.request_ref,
        '{{ identifier_type }}' as identifier_type,
        {{ idstitch.tokenize(identifier_type, 'requested.identifier_value') }} as token
    from (
        select
            pending_requests.request_ref,
            {{ idstitch.normalize_identifier_value(identifier_type, 'pending_requests.identifier_value') }} as identifier_value
        from pending_requests
        where pending_requests.identifier_type = '{{ identifier_type }}'
    ) as requested
    where requested.identifier_value is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- every record the history has seen, with the customer of its latest row
history_rows as (
    {%- if customer_records and history_relation %}
    select
        history.record_key,
        history.source,
        history.customer_id,
        {{ idstitch.history_recency('history') }} as recency
    from {{ history_relation }} as history
    {%- else %}
    select
        cast(null as {{ str }}) as record_key,
        cast(null as {{ str }}) as source,
        cast(null as {{ str }}) as customer_id,
        1 as recency
    where 1 = 0
    {%- endif %}
),

-- the published records, and those that left the sources since the history last gave
-- them a customer (a hard or a soft delete): they belong to that customer's erasure too
published_records as (
    {%- if customer_records %}
    select
        published.record_key,
        published.source,
        published.customer_id
    from {{ customer_records }} as published
    union all
    select
        history_rows.record_key,
        history_rows.source,
        history_rows.customer_id
    from history_rows
    where
        history_rows.recency = 1
        and not exists (
            select 1
            from {{ customer_records }} as published
            where published.record_key = history_rows.record_key
        )
    {%- else %}
    -- nothing published yet (history_rows is empty then too)
    select
        history_rows.record_key,
        history_rows.source,
        history_rows.customer_id
    from history_rows
    {%- endif %}
),

-- the email and phone tokens of every published record (contacts holds the values
-- themselves with idstitch__expose_pii: tokenized here as the graph tokenizes them)
contact_tokens as (
    {%- if contacts %}
    {%- for identifier_type, column in [('email', 'email'), ('phone', 'phone_number')] %}
    {%- set value = 'published.' ~ column %}
    select
        published.record_key,
        published.customer_id,
        '{{ identifier_type }}' as identifier_type,
        {{ idstitch.tokenize(identifier_type, value) if var('idstitch__expose_pii') else value }} as token
    from {{ contacts }} as published
    where {{ value }} is not null
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
    {%- else %}
    -- nothing published yet
    select
        cast(null as {{ str }}) as record_key,
        cast(null as {{ str }}) as customer_id,
        cast(null as {{ str }}) as identifier_type,
        cast(null as {{ str }}) as token
    where 1 = 0
    {%- endif %}
),

-- the customers each request names: by id, by one of its records, by a value it carries
named_customers as (
    select
        pending_requests.request_ref,
        published_records.customer_id
    from pending_requests
    inner join published_records
        on pending_requests.customer_id = published_records.customer_id
    union
    select
        pending_requests.request_ref,
        published_records.customer_id
    from pending_requests
    inner join published_records
        on pending_requests.record_key = published_records.record_key
    union
    select
        requested_values.request_ref,
        contact_tokens.customer_id
    from requested_values
    inner join contact_tokens
        on
            requested_values.identifier_type = contact_tokens.identifier_type
            and requested_values.token = contact_tokens.token
),

-- a value the records of two customers carry (a family's inbox) names no one for sure:
-- the request waits for a steward to file it by customer id or record
ambiguous_requests as (
    select requested_values.request_ref
    from requested_values
    inner join contact_tokens
        on
            requested_values.identifier_type = contact_tokens.identifier_type
            and requested_values.token = contact_tokens.token
    group by 1
    having count(distinct contact_tokens.customer_id) > 1
),

-- requests carried out this run: not ambiguous, and naming a customer, a record or a value
carried_out as (
    select pending_requests.*
    from pending_requests
    where
        not exists (
            select 1
            from ambiguous_requests
            where ambiguous_requests.request_ref = pending_requests.request_ref
        )
        and (
            pending_requests.record_key is not null
            or exists (
                select 1
                from named_customers
                where named_customers.request_ref = pending_requests.request_ref
            )
            or exists (
                select 1
                from requested_values
                where requested_values.request_ref = pending_requests.request_ref
            )
        )
),

-- every record of the named customers, and a named record the last publish did not have
-- yet (it arrived since): its key all the same
erased_records as (
    select
        named_customers.request_ref,
        published_records.record_key,
        published_records.source,
        published_records.customer_id
    from named_customers
    inner join carried_out
        on named_customers.request_ref = carried_out.request_ref
    inner join published_records
        on named_customers.customer_id = published_records.customer_id
    union
    select
        carried_out.request_ref,
        carried_out.record_key,
        carried_out.source,
        published_records.customer_id
    from carried_out
    left join published_records
        on carried_out.record_key = published_records.record_key
    where carried_out.record_key is not null
),

-- the emails and phones the erased records carried, but those a record that stays carries
-- too (that record's value as well: it stays evidence), and the requested value itself
erased_identifiers as (
    select
        erased_records.request_ref,
        contact_tokens.identifier_type,
        contact_tokens.token
    from erased_records
    inner join contact_tokens
        on erased_records.record_key = contact_tokens.record_key
    where not exists (
        select 1
        from contact_tokens as kept
        where
            kept.identifier_type = contact_tokens.identifier_type
            and kept.token = contact_tokens.token
            and not exists (
                select 1
                from erased_records as gone
                where gone.record_key = kept.record_key
            )
    )
    union
    select
        requested_values.request_ref,
        requested_values.identifier_type,
        requested_values.token
    from requested_values
    inner join carried_out
        on requested_values.request_ref = carried_out.request_ref
),

suppressed as (
    select
        erased_records.request_ref,
        'record_key' as suppression_type,
        {{ idstitch.record_key_token('erased_records.record_key') }} as token,
        erased_records.source,
        erased_records.customer_id
    from erased_records
    union all
    select
        erased_identifiers.request_ref,
        erased_identifiers.identifier_type as suppression_type,
        erased_identifiers.token,
        cast(null as {{ str }}) as source,
        cast(null as {{ str }}) as customer_id
    from erased_identifiers
),

final as (
    select
        cast(carried_out.request_ref as {{ str }}) as request_ref,
        cast(carried_out.requested_at as {{ dbt.type_timestamp() }}) as requested_at,
        {{ idstitch.run_started_at_timestamp() }} as erased_at,
        '{{ invocation_id }}' as invocation_id,
        cast(suppressed.suppression_type as {{ str }}) as suppression_type,
        cast(suppressed.token as {{ str }}) as token,
        cast(suppressed.source as {{ str }}) as source,
        cast(suppressed.customer_id as {{ str }}) as customer_id
    from suppressed
    inner join carried_out
        on suppressed.request_ref = carried_out.request_ref
)

select * from final
