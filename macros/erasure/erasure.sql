{#- Erasure, the right to be forgotten (README, "Erasing a person"). A steward files a request
    in identity_erasure_requests (vault schema; created empty by on-run-start); the next
    build resolves it against the last published state into the suppression list
    (int_identity__suppressions: salted tokens of the erased records' keys, emails and
    phones, with the request's reference), and from then on: every reader of the sources
    leaves the erased records out (not_erased), the staged copies drop them
    (erase_staged_rows), an email or phone they carried is no evidence
    (int_identity__rejected_values, reason 'erased'), and the publish step deletes their
    history (purge_erased_history). -#}

{#- The requests table as a relation: <target schema>_identity_vault.identity_erasure_requests,
    where the source identity_erasure declares it (a hook cannot call source()). -#}
{% macro erasure_requests_relation() -%}
    {{ return(api.Relation.create(database=target.database, schema=target.schema ~ '_identity_vault', identifier='identity_erasure_requests', type='table')) }}
{%- endmacro %}

{#- SQL run by on-run-start (idstitch.setup_database), on every target: the requests table,
    created empty if missing, never altered or emptied (stewards write it). -#}
{% macro create_erasure_requests() -%}
    {%- set requests = idstitch.erasure_requests_relation() -%}
    create schema if not exists {{ requests.schema }};
    create table if not exists {{ requests }} (
        request_ref {{ dbt.type_string() }} not null,
        requested_at {{ dbt.type_timestamp() }},
        customer_id {{ dbt.type_string() }},
        source {{ dbt.type_string() }},
        source_record_id {{ dbt.type_string() }},
        identifier_type {{ dbt.type_string() }},
        identifier_value {{ dbt.type_string() }}
    )
{%- endmacro %}

{#- The identifier types an erasure suppresses: those the contacts mart carries per record
    (as tokens), so the last published state knows them for every erased record; a request
    by value names one of them. -#}
{% macro suppressible_identifier_types() -%}
    {{ return(['email', 'phone']) }}
{%- endmacro %}

{#- SQL text: the salted token of a record key, as the suppression list keeps it. -#}
{% macro record_key_token(record_key_expr) -%}
    {{ idstitch.tokenize('record_key', record_key_expr) }}
{%- endmacro %}

{#- What the built suppression list holds, read while executing: a mapping, `records` (a
    record key is erased) and `identifiers` (an email or phone is suppressed). Both false at
    parse time and before the list is first built. ref() comes first, so every caller runs
    after the list is built this run. -#}
{% macro erasure_state() -%}
    {%- set suppressions = ref('int_identity__suppressions') -%}
    {%- set state = {'records': false, 'identifiers': false} -%}
    {%- if not execute -%}
        {{ return(state) }}
    {%- endif -%}
    {%- set built = load_relation(suppressions) -%}
    {%- if built is none -%}
        {{ return(state) }}
    {%- endif -%}
    {%- set counts_sql -%}
        select
            count(case when suppressions.suppression_type = 'record_key' then 1 end) as records,
            count(case when suppressions.suppression_type <> 'record_key' then 1 end) as identifiers
        from {{ built }} as suppressions
    {%- endset -%}
    {%- set row = run_query(counts_sql).rows[0] -%}
    {%- do state.update({'records': row[0] > 0, 'identifiers': row[1] > 0}) -%}
    {{ return(state) }}
{%- endmacro %}

{#- SQL condition: the record whose key `record_key_expr` is has been erased (its key's token
    is a 'record_key' row of the suppression list; false for a NULL key): the one lookup of
    an erased record, which not_erased, erase_staged_rows and purge_erased_history write.
    `record_key_expr` is placed inside an `exists` subquery over the suppression list
    (aliased `suppressions`), so every column it names must be qualified with its own
    relation's alias: an unqualified name the list also has (customer_id, source) would bind
    to the list instead. Always SQL, whether or not anything is erased. -#}
{% macro is_erased(record_key_expr) -%}
    exists (
            select 1
            from {{ ref('int_identity__suppressions') }} as suppressions
            where
                suppressions.suppression_type = 'record_key'
                and suppressions.token = {{ idstitch.record_key_token(record_key_expr) }}
        )
{%- endmacro %}

{#- SQL condition: the record whose key `record_key_expr` is has not been erased (not
    idstitch.is_erased; true for a NULL key; columns qualified, as is_erased needs). none
    while no record is erased, so a warehouse without erasures pays nothing: callers add it
    only when given. -#}
{% macro not_erased(record_key_expr) -%}
    {%- if not idstitch.erasure_state().records -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return('not ' ~ idstitch.is_erased(record_key_expr)) }}
{%- endmacro %}

{#- Post-hook of the staging models (dbt_project.yml): the staged copy of a source keeps
    nothing of an erased record, though the source system still sends it. A model
    idstitch__sources names loses the erased records' rows; a model of
    idstitch__transaction_sources or idstitch__event_sources keeps its rows (an order, an
    event: the business's own facts) with the erased record's id set to NULL, so they are
    anonymous. The table is aliased `staged` and its record id column qualified with it in
    idstitch.is_erased, so no name binds to the suppression list's own columns (an order's
    customer_id). No SQL while nothing is erased, nor for a view: it holds no copy, it shows
    the raw source, which is its owner's to erase (the graph leaves the records out all the
    same: idstitch.source_select). -#}
{% macro erase_staged_rows() -%}
    {#- ref() before any return: dbt records it when it parses the hook, so a staging model
        runs after the suppression list it reads -#}
    {%- do ref('int_identity__suppressions') -%}
    {%- if not execute or model.config.materialized == 'view' or not idstitch.erasure_state().records -%}
        {{ return('') }}
    {%- endif -%}
    {%- set statements = [] -%}
    {%- for entry in idstitch.identity_sources() if entry.model == model.name -%}
        {%- set statement -%}
        delete from {{ this }} as staged
        where {{ idstitch.is_erased(idstitch.record_key(entry.source, 'staged.' ~ entry.record_id)) }}
        {%- endset -%}
        {%- do statements.append(statement) -%}
    {%- endfor -%}
    {%- for mart in ['transactions', 'events'] -%}
        {%- for entry in idstitch.activity_sources(mart) if entry.model == model.name -%}
            {%- set statement -%}
            update {{ this }} as staged
            set {{ entry.record_id }} = null
            where {{ idstitch.is_erased(idstitch.record_key(entry.source, 'staged.' ~ entry.record_id)) }}
            {%- endset -%}
            {%- do statements.append(statement) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(statements | join(';\n')) }}
{%- endmacro %}

{#- What a build's tables cannot forget on their own: deletes every row of the assignments
    snapshot (the history) of an erased record, and clears the identifier value and source
    record id of every request the suppression list holds (the requests table keeps its
    reference, date, customer id, source and identifier type). The publish step
    (idstitch.publish_marts) calls it inside its transaction (commit=false), so a build that
    erases publishes the purge with the marts; `dbt run-operation idstitch.purge_erased_history`
    runs it on its own and commits. Returns no SQL. -#}
{% macro purge_erased_history(commit=true) -%}
    {%- set suppressions = ref('int_identity__suppressions') -%}
    {%- set history = source('identity_history', 'identity_assignments_snapshot') -%}
    {%- set requests = source('identity_erasure', 'identity_erasure_requests') -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set listed = load_relation(suppressions) -%}
    {%- set snapshot = load_relation(history) -%}
    {%- if listed is none -%}
        {{ return('') }}
    {%- endif -%}
    {%- if snapshot is not none and idstitch.erasure_state().records -%}
        {%- set erased_rows -%}
            from {{ snapshot }} as history
            where {{ idstitch.is_erased('history.record_key') }}
        {%- endset -%}
        {%- set found = run_query('select count(*) ' ~ erased_rows).rows[0][0] -%}
        {%- if found > 0 -%}
            {%- do run_query('delete ' ~ erased_rows) -%}
            {{ log("purge_erased_history: " ~ found ~ " history rows of erased records deleted from " ~ snapshot, info=True) }}
        {%- endif -%}
    {%- endif -%}
    {%- if load_relation(requests) is not none -%}
        {%- set clear_sql -%}
            update {{ requests }}
            set
                identifier_value = null,
                source_record_id = null
            where
                (identifier_value is not null or source_record_id is not null)
                and request_ref in (select suppressions.request_ref from {{ listed }} as suppressions)
        {%- endset -%}
        {%- do run_query(clear_sql) -%}
    {%- endif -%}
    {%- if commit -%}
        {%- do adapter.commit() -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
