{#- How an entry of var('idstitch__sources') becomes rows: the one SELECT skeleton every
    reader of the identity sources uses (records, record attributes, identifier
    occurrences, vault, normalization issues), so record keys, source names and record
    times are built the same way everywhere, and every reader leaves out the same bad rows.
      entry:   a validated entry of idstitch.identity_sources()
      columns: list of SQL select items over the staging model aliased `src`
               (e.g. ["'email' as identifier_type", "src.email as value"])
      where:   optional SQL condition over `src`
    Returns `select <record_key>, '<source>' as source, <columns> from <model> as src
    where <usable record id> [and ...]`: record_key is '<source>:<record id>'
    (idstitch.record_key). Rows int_identity__quarantined_records holds are left out
    (idstitch.select_kept_rows, reason 'duplicate_record_id'): a row without a usable record
    id, and every copy of a duplicated id but the one idstitch.source_copy_order ranks
    first. Erased records (idstitch.not_erased) are left out too, with a filter compiled only
    once something is erased, and so are the rows the entry's deleted_flag marks deleted
    (idstitch.soft_deleted), unless soft_deleted=true, which selects those rows alone (how
    they are counted: identity_run_metrics, the reconciliation tests). -#}
{% macro source_select(entry, columns, where=none, soft_deleted=false) -%}
    {%- set erased = idstitch.not_erased(idstitch.record_key(entry.source, 'src.' ~ entry.record_id)) -%}
    {%- set flagged = idstitch.soft_deleted(entry) -%}
    {#- an entry without a deleted_flag has no soft-deleted rows -#}
    {%- set deletion = (flagged or '1 = 0') if soft_deleted else ('not ' ~ flagged if flagged else none) -%}
    {%- set items = [idstitch.record_key(entry.source, 'src.' ~ entry.record_id) ~ ' as record_key', "'" ~ entry.source ~ "' as source"] + columns -%}
    {{ idstitch.select_kept_rows(entry, items, 'duplicate_record_id', idstitch.source_copy_order,
                                 [erased, deletion, '(' ~ where ~ ')' if where else none]) }}
{%- endmacro %}

{#- SQL: one row per configured identity source (source, soft_deleted_rows): how many of its
    kept rows (not quarantined, not erased) its deleted_flag marks deleted, 0 for a source
    without one. Such rows are no records: the reconciliation tests and the run figures
    count them, so every source row is still accounted for. -#}
{% macro soft_deleted_counts() -%}
    {%- for entry in idstitch.identity_sources() %}
    select
        '{{ entry.source }}' as source,
        {%- if idstitch.soft_deleted(entry) %}
        (
            select count(*)
            from ({{ idstitch.source_select(entry, ['1 as flagged'], soft_deleted=true) }}) as flagged
        ) as soft_deleted_rows
        {%- else %}
        0 as soft_deleted_rows
        {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- SQL condition over `src`: the source marks the row's record deleted (a soft delete: the
    entry's deleted_flag, a boolean column; NULL counts as not deleted). none for an entry
    without a deleted_flag. -#}
{% macro soft_deleted(entry) -%}
    {%- if entry.get('deleted_flag') -%}
        {{ return('coalesce(src.' ~ entry.deleted_flag ~ ', false)') }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{#- The rows of a keyed staging model that int_identity__quarantined_records does not hold:
    `select <columns> from <model> as src where <usable id> [and <condition> ...]`, the one
    shape of every reader of the sources (source_select for the identity records,
    activity_source_rows for the activity rows). A row needs a usable id
    (idstitch.usable_record_id: a plain filter), and of a duplicated id only the copy
    `copy_order` ranks first stays, as the quarantine ranks them. The copies are ranked only
    in models the built quarantine table lists `reason` rows of
    (idstitch.models_with_duplicates; all of them before it is built), and then only the
    rows of their duplicated ids: a clean model costs its readers nothing but the filter.
      entry:      a mapping with model and record_id (the key column: an identity entry's
                  record id, an activity entry's id)
      columns:    list of SQL select items over `src`
      reason:     the quarantine's duplicate reason for the model: 'duplicate_record_id'
                  (identity records) or 'duplicate_activity_id' (activity rows)
      copy_order: the macro writing the ORDER BY list over `src` that ranks a duplicated
                  id's copies as the quarantine does (idstitch.source_copy_order,
                  idstitch.source_row_fingerprint), called with the entry only where
                  copies are ranked (it reads the model's columns)
      conditions: optional list of SQL conditions over `src`, each added with `and`; none
                  or '' is skipped -#}
{% macro select_kept_rows(entry, columns, reason, copy_order, conditions=[]) -%}
    {%- set quarantined = ref('int_identity__quarantined_records') -%}
    {%- set with_duplicates = idstitch.models_with_duplicates(reason) -%}
    select
        {{ columns | join(',\n        ') }}
    {%- if with_duplicates is none or entry.model in with_duplicates %}
    from (
        -- ids without copies: every row as it is
        select
            src.*,
            1 as idstitch_copy
        from {{ ref(entry.model) }} as src
        where not {{ idstitch.has_duplicate_id(entry, quarantined, reason) }}
        union all
        -- duplicated ids: their copies ranked as int_identity__quarantined_records ranks them
        select
            src.*,
            row_number() over (
                partition by src.{{ entry.record_id }}
                order by {{ copy_order(entry) }}
            ) as idstitch_copy
        from {{ ref(entry.model) }} as src
        where {{ idstitch.has_duplicate_id(entry, quarantined, reason) }}
    ) as src
    where
        src.idstitch_copy = 1
        and {{ idstitch.usable_record_id(entry) }}
    {%- else %}
    from {{ ref(entry.model) }} as src
    where {{ idstitch.usable_record_id(entry) }}
    {%- endif %}
    {%- for condition in conditions if condition %}
        and {{ condition }}
    {%- endfor %}
{%- endmacro %}

{#- SQL condition over a staging row aliased `src`: its id is one
    int_identity__quarantined_records lists as duplicated in the entry's staging model.
      entry:       a validated entry of idstitch.identity_sources(), or of
                   idstitch.quarantine_entries() (record_id: the model's key column)
      quarantined: the quarantine relation (ref('int_identity__quarantined_records'))
      reason:      the duplicate reason: 'duplicate_record_id' (identity records) or
                   'duplicate_activity_id' (activity rows) -#}
{% macro has_duplicate_id(entry, quarantined, reason='duplicate_record_id') -%}
    exists (
            select 1
            from {{ quarantined }} as quarantined
            where
                quarantined.staging_model = '{{ entry.model }}'
                and quarantined.reason = '{{ reason }}'
                and quarantined.source_record_id = {{ idstitch.as_text('src.' ~ entry.record_id) }}
        )
{%- endmacro %}

{#- Every staging model whose rows carry a key, as the quarantine reads them: the identity
    sources (var idstitch__sources; key: the record id; kind 'record'; the latest record
    time wins among copies, idstitch.source_copy_order) and the activity sources
    (idstitch__transaction_sources, idstitch__event_sources; key: the activity id; kind
    'activity'; copies ranked by content alone, idstitch.source_row_fingerprint, since an
    activity row declares no update time). Returns a list of mappings: source, model,
    record_id (the key column), kind, copy_order (SQL ORDER BY over `src`), updated_at (SQL
    over `src`, or 'null'). The reasons a row of kind K is quarantined for are
    missing_K_id and duplicate_K_id. -#}
{% macro quarantine_entries() -%}
    {%- set entries = [] -%}
    {%- for entry in idstitch.identity_sources() -%}
        {%- do entries.append({'source': entry.source, 'model': entry.model, 'record_id': entry.record_id,
                               'kind': 'record', 'copy_order': idstitch.source_copy_order(entry),
                               'updated_at': idstitch.record_time(idstitch.source_updated_at(entry))}) -%}
    {%- endfor -%}
    {%- for mart in ['transactions', 'events'] -%}
        {%- for entry in idstitch.activity_sources(mart) -%}
            {%- set keyed = {'source': entry.source, 'model': entry.model, 'record_id': entry.id, 'kind': 'activity'} -%}
            {%- do keyed.update({'copy_order': idstitch.source_row_fingerprint(keyed), 'updated_at': 'null'}) -%}
            {%- do entries.append(keyed) -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(entries) }}
{%- endmacro %}

{#- The staging column holding when an entry's record last changed: updated_at, or
    created_at for a source without one. Returns 'src.<column>'. -#}
{% macro source_updated_at(entry) -%}
    src.{{ entry.get('updated_at') or entry.created_at }}
{%- endmacro %}

{#- SQL condition over `src`: the row's record id can make a record key (not NULL, not
    blank). A row failing it is quarantined as 'missing_record_id'. -#}
{% macro usable_record_id(entry) -%}
    trim({{ idstitch.as_text('src.' ~ entry.record_id) }}) <> ''
{%- endmacro %}

{#- SQL text over `src`: md5 of every column of the entry's staging model (as text, NULL as
    an empty field, in the model's column order), the same for two rows only when their
    content is. Columns are read from the built staging relation; before it is built (parse
    time) the record id stands in. -#}
{% macro source_row_fingerprint(entry) -%}
    {%- set relation = ref(entry.model) -%}
    {%- set columns = adapter.get_columns_in_relation(relation) if execute else [] -%}
    {%- set fields = [] -%}
    {%- for column in columns or [{'name': entry.record_id}] -%}
        {%- do fields.append("coalesce(" ~ idstitch.as_text('src.' ~ adapter.quote(column.name)) ~ ", '')") -%}
    {%- endfor -%}
    {{ dbt.hash(fields | join(" || '|' || ")) }}
{%- endmacro %}

{#- SQL text over `src`: a salted hash (idstitch.tokenize, type 'record') of what a staged
    row contributes to the identity graph and the golden record, so a run tells a changed
    record from one re-sent as it was (int_identity__record_changes). It covers the entry's
    created_at (unless it is the updated_at column), first_name and generation_suffix columns, every identifier column and its
    issue column, and every attribute column: the normalized values, so a change of
    spelling that normalizes alike is no change. Not updated_at (a row re-sent with a new
    time and the same content is 'retimed': survivorship may move, the graph does not),
    not the record id (the key). Columns are
    taken in name order, each written as name=length:value (NULL: name=~), so two contents
    never encode alike. Adding a column to an entry changes every hash of its source once:
    that run reports all its records as changed. -#}
{% macro record_content_hash(entry) -%}
    {#- a source whose record time is one column (created_at: updated_at) moves it alone:
        record_changes says retimed, not changed -#}
    {%- set columns = [] if entry.created_at == (entry.get('updated_at') or entry.created_at) else [entry.created_at] -%}
    {%- for key in ['first_name', 'generation_suffix'] if entry.get(key) -%}
        {%- do columns.append(entry[key]) -%}
    {%- endfor -%}
    {%- for identifier in entry.get('identifiers', []) -%}
        {%- do columns.append(identifier.column) -%}
        {%- if identifier.get('issue_column') %}{% do columns.append(identifier.issue_column) %}{% endif -%}
    {%- endfor -%}
    {%- do columns.extend(entry.get('attributes', {}).values()) -%}
    {%- set fields = [] -%}
    {%- for column in columns | unique | sort -%}
        {%- set value = idstitch.as_text('src.' ~ column) -%}
        {%- do fields.append("'" ~ column ~ "=' || coalesce(" ~ idstitch.as_text('length(' ~ value ~ ')') ~ " || ':' || " ~ value ~ ", '~')") -%}
    {%- endfor -%}
    {{ idstitch.tokenize('record', fields | join(" || '|' || ")) }}
{%- endmacro %}

{#- SQL ORDER BY list over `src`: which copy of a duplicated record id is kept (the first):
    the latest record time (idstitch.record_time of updated_at, else created_at; an
    implausible or missing time last), then the smallest row fingerprint, so the choice
    depends on the rows' content only, never on their order in the table. -#}
{% macro source_copy_order(entry) -%}
    {{ idstitch.record_time(idstitch.source_updated_at(entry)) }} desc nulls last,{# noqa: PRS: an ORDER BY list, no select list #}
                    {{ idstitch.source_row_fingerprint(entry) }}
{%- endmacro %}

{#- The staging models int_identity__quarantined_records holds rows of `reason` of
    ('duplicate_record_id', 'duplicate_activity_id'), as a list, read from the built table
    while executing; none when unknown (parse time, or the table is not built yet):
    select_kept_rows then ranks copies in every model. -#}
{% macro models_with_duplicates(reason) -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set relation = load_relation(ref('int_identity__quarantined_records')) -%}
    {%- if relation is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set found = run_query("select distinct staging_model from " ~ relation ~ " where reason = '" ~ reason ~ "'") -%}
    {{ return(found.columns[0].values() | list) }}
{%- endmacro %}
