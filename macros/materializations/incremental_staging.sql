{#-
  materialized='incremental_staging' (the staging models' default, var
  idstitch__staging_materialization): a staging table that normalizes only the source rows
  that are new or changed since its last build, so a re-sent unchanged row costs a hash,
  not a normalization.

  Every staged row carries source_row_hash, the hash of its raw source row (all columns, as
  text: idstitch.source_row_hash). Each run counts the rows per hash in the source and in
  the staged table (one group-by each); a hash whose two counts differ is a change: its
  staged rows are deleted and its source rows, if any, normalized and inserted. So a new
  row, an edited row (a new hash, and its old one gone), a deleted row, one more or one
  fewer copy of a duplicated row, and a row a killed run left half-done are one case, and
  the table always ends equal to a full rebuild of the same source.

  The model reads its source through idstitch.staging_rows(source(...)), which names the
  relation this materialization fills with the rows to normalize (every source row on a
  full build, the changed ones otherwise), and selects source.source_row_hash. Each staged
  row must come from one source row and that row alone (no group by, window or self-join
  over the source): a model that aggregates reads no source() directly (stg_pos__cards) or
  sets materialized='table'.

  A full build runs instead when the table does not exist, on --full-refresh, and when the
  model's fingerprint changed: its compiled SQL (normalization macros, placeholders and every
  var it inlines) and the content of the seeds it reads (phone numbering plans,
  transliteration). A model whose SQL reads the clock (current_date, current_timestamp, now())
  is rebuilt in full every run: its rows depend on the day, not on its source rows alone
  (the demo's read none: idstitch.date_issue kind deletion_time). <model>__state keeps the fingerprint and what the last build did (build
  'full' or 'incremental', rows_normalized, rows_kept: identity_run_metrics'
  staged_rows_normalized and staged_rows_kept). A model that reads no source() is rebuilt in
  full every run. Hooks run as for a table (the erasure post-hook deletes erased records'
  rows again after each run re-stages them).
-#}
{% materialization incremental_staging, default %}
    {%- set target_relation = this.incorporate(type='table') -%}
    {%- set existing_relation = load_cached_relation(this) -%}
    {%- set rows = idstitch.staging_rows_relation() -%}
    {%- set changes = idstitch.work_relation('changes') -%}
    {%- set state = idstitch.work_relation('state') -%}
    {%- set tmp = idstitch.work_relation('tmp') -%}
    {%- set backup = idstitch.work_relation('backup') -%}
    {%- if model.sources | length > 1 -%}
        {{ exceptions.raise_compiler_error("incremental_staging: " ~ model.name ~ " reads " ~ model.sources | length ~ " sources; a staging model normalizes one source row by row (README, \"Adding a source\"): split it, or set materialized='table'") }}
    {%- endif -%}
    {%- set source_relation = source(model.sources[0][0], model.sources[0][1]) if model.sources else none -%}
    {#- every source row with its hash first: what a full build normalizes, and what an
        incremental one counts and picks the changed rows from -#}
    {%- set hashed_rows -%}
        select {{ idstitch.source_row_hash('idstitch_source_row') }} as source_row_hash, idstitch_source_row.*
        from {{ source_relation }} as idstitch_source_row
    {%- endset -%}
    {#- names the hash takes (and its row alias): a source column of that name would shadow it -#}
    {%- if source_relation is not none -%}
        {%- set source_columns = adapter.get_columns_in_relation(source_relation) | map(attribute='name') | map('lower') | list -%}
        {%- for reserved in ['source_row_hash', 'idstitch_source_row'] if reserved in source_columns -%}
            {{ exceptions.raise_compiler_error("incremental_staging: source " ~ model.sources[0] | join('.') ~ " of " ~ model.name ~ " has a column named " ~ reserved ~ ", a name incremental_staging reserves for the hash of each raw row; rename the column in a view over the source, or set materialized='table' for this model") }}
        {%- endfor -%}
    {%- endif -%}

    {{ run_hooks(pre_hooks) }}
    {%- for relation in [rows, changes, tmp, backup] -%}
        {%- do idstitch.drop_existing(relation) -%}
    {%- endfor -%}

    {%- set fingerprint = idstitch.staging_fingerprint(sql) -%}
    {%- set previous = none -%}
    {#- a table only (a view left by staging_materialization: view is rebuilt) -#}
    {%- if existing_relation is not none and existing_relation.is_table and source_relation is not none and not should_full_refresh() and load_cached_relation(state) is not none -%}
        {%- set previous = run_query("select fingerprint from " ~ state).columns[0].values() | first -%}
    {%- endif -%}
    {%- set reads_clock = modules.re.search('current_timestamp|current_date|localtimestamp|\\bnow\\s*\\(|\\btoday\\s*\\(', sql | lower) is not none -%}
    {%- set incremental = previous is not none and previous == fingerprint and not reads_clock -%}

    {%- if incremental -%}
        {%- call statement('changes') -%}
            create table {{ changes }} as
            with

            source_counts as (
                select hashed.source_row_hash, count(*) as row_count
                from ({{ hashed_rows }}) as hashed
                group by 1
            ),

            staged_counts as (
                select staged.source_row_hash, count(*) as row_count
                from {{ target_relation }} as staged
                group by 1
            )

            select
                coalesce(source_counts.source_row_hash, staged_counts.source_row_hash) as source_row_hash,
                coalesce(source_counts.row_count, 0) as source_rows,
                coalesce(staged_counts.row_count, 0) as staged_rows
            from source_counts
            full outer join staged_counts
                on source_counts.source_row_hash = staged_counts.source_row_hash
            where coalesce(source_counts.row_count, 0) <> coalesce(staged_counts.row_count, 0)
        {%- endcall -%}
        {%- call statement('rows') -%}
            create table {{ rows }} as
            select hashed.*
            from ({{ hashed_rows }}) as hashed
            where hashed.source_row_hash in (
                select changes.source_row_hash from {{ changes }} as changes where changes.source_rows > 0
            )
        {%- endcall -%}
        {%- set counted = run_query("select count(*), coalesce(sum(source_rows), 0), coalesce(sum(staged_rows), 0) from " ~ changes).rows[0] -%}
        {%- set columns = [] -%}
        {%- for column in adapter.get_columns_in_relation(target_relation) -%}
            {%- do columns.append(adapter.quote(column.name)) -%}
        {%- endfor -%}
        {%- call statement('main') -%}
            -- a row without a hash (built as a plain table in between) is replaced too
            delete from {{ target_relation }}
            where
                source_row_hash is null
                or source_row_hash in (select changes.source_row_hash from {{ changes }} as changes);
            insert into {{ target_relation }} ({{ columns | join(', ') }})
            select {{ columns | join(', ') }}
            from (
                {{ sql }}
            ) as staged_rows
        {%- endcall -%}
        {%- set normalized = counted[1] -%}
        {{ log(model.name ~ ": " ~ counted[1] ~ " source rows new or changed (" ~ counted[0] ~ " row hashes), " ~ counted[2] ~ " staged rows replaced or removed; unchanged rows kept", info=True) }}
    {%- else -%}
        {%- if source_relation is not none -%}
            {%- call statement('rows') -%}
                create view {{ rows }} as
                select hashed.*
                from ({{ hashed_rows }}) as hashed
            {%- endcall -%}
        {%- endif -%}
        {%- call statement('main') -%}
            {{ get_create_table_as_sql(False, tmp, sql) }}
        {%- endcall -%}
        {%- if source_relation is not none and 'source_row_hash' not in (adapter.get_columns_in_relation(tmp) | map(attribute='name') | map('lower') | list) -%}
            {{ exceptions.raise_compiler_error("incremental_staging: " ~ model.name ~ " must select source.source_row_hash (the hash of the raw row it normalizes, from idstitch.staging_rows) so its next run can tell which rows changed (README, \"Adding a source\")") }}
        {%- endif -%}
        {%- if existing_relation is not none and not existing_relation.is_table -%}
            {%- do adapter.drop_relation(existing_relation) -%}
            {%- set existing_relation = none -%}
        {%- endif -%}
        {%- do idstitch.swap_in(tmp, target_relation, existing_relation, backup) -%}
        {%- if source_relation is not none -%}
            {{ log(model.name ~ ": full build" ~ (" (--full-refresh)" if should_full_refresh() else " (its SQL reads the clock, so its rows depend on the day: every run rebuilds it)" if reads_clock else " (first build, or its SQL or seeds changed)" if existing_relation is not none else " (first build)"), info=True) }}
        {%- endif -%}
    {%- endif -%}

    {%- do adapter.drop_relation(rows.incorporate(type='table' if incremental else 'view')) -%}
    {%- do adapter.drop_relation(changes) -%}
    {%- do adapter.drop_relation(state) -%}
    {%- if source_relation is not none -%}
        {%- set staged_rows = run_query("select count(*) from " ~ target_relation).rows[0][0] -%}
        {%- call statement('state') -%}
            create table {{ state }} as
            select
                cast('{{ fingerprint }}' as {{ dbt.type_string() }}) as fingerprint,
                cast('{{ 'incremental' if incremental else 'full' }}' as {{ dbt.type_string() }}) as build,
                cast({{ normalized if incremental else staged_rows }} as {{ dbt.type_bigint() }}) as rows_normalized,
                cast({{ staged_rows - normalized if incremental else 0 }} as {{ dbt.type_bigint() }}) as rows_kept
        {%- endcall -%}
        {#- so identity_run_metrics, compiled later in this run, finds it -#}
        {%- do adapter.cache_added(state) -%}
    {%- endif -%}

    {{ run_hooks(post_hooks) }}
    {%- do adapter.commit() -%}
    {{ return({'relations': [target_relation]}) }}
{% endmaterialization %}

{#- The relation a staging model normalizes (idstitch.staging_rows): <model>__source_rows in
    the model's schema. -#}
{% macro staging_rows_relation() -%}
    {{ return(idstitch.work_relation('source_rows')) }}
{%- endmacro %}

{#- SQL, a relation or subquery (give it an alias: `from ... as src`): the rows of
    `source_relation` a staging model normalizes,
    with their source_row_hash first, then every source column. Under incremental_staging,
    the relation its materialization fills (every row on a full build, only new and changed
    ones otherwise); under table or view, the whole source with a NULL hash. Call it with
    source(...), so the model's lineage shows the source. -#}
{% macro staging_rows(source_relation) -%}
    {%- if config.get('materialized') == 'incremental_staging' -%}
        {{ return(idstitch.staging_rows_relation()) }}
    {%- endif -%}
    {{ return('(select cast(null as ' ~ dbt.type_string() ~ ') as source_row_hash, idstitch_source_row.* from ' ~ source_relation ~ ' as idstitch_source_row)') }}
{%- endmacro %}

{#- SQL expression: the hash (text, 32 hex digits: md5) of the whole row of table alias
    `alias`, its columns in order, cast to text. NULL and the text 'NULL' differ (DuckDB
    quotes strings in a row's text; Postgres leaves NULL empty and quotes ''). -#}
{% macro source_row_hash(alias) -%}
    {{ dbt.hash(alias) }}
{%- endmacro %}

{#- Text: what a staging model's rows depend on besides its source rows: the md5 of its
    compiled SQL and of the content of every seed it reads. A different fingerprint makes
    incremental_staging rebuild the table. -#}
{% macro staging_fingerprint(compiled_sql) -%}
    {%- set parts = [local_md5(compiled_sql)] -%}
    {%- for node_id in model.depends_on.nodes | sort if node_id.startswith('seed.') -%}
        {%- set seed = graph.nodes[node_id] -%}
        {%- set relation = api.Relation.create(database=seed.database, schema=seed.schema, identifier=seed.alias) -%}
        {%- set content = run_query("select count(*), " ~ dbt.listagg(idstitch.source_row_hash('seed_row'), "''", "order by " ~ idstitch.source_row_hash('seed_row')) ~ " from " ~ relation ~ " as seed_row") -%}
        {%- do parts.append(node_id ~ ':' ~ content.rows[0][0] ~ ':' ~ local_md5(content.rows[0][1] or '')) -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join('|'))) }}
{%- endmacro %}

{#- SQL: one row per staging model the configuration names (identity, transaction and event
    sources) that incremental_staging built: staging_model, build ('full' or 'incremental'),
    rows_normalized (source rows its last build normalized), rows_kept (staged rows it kept
    as they were). No rows for a model built as a table or a view. identity_run_metrics'
    staged_rows_normalized and staged_rows_kept. -#}
{% macro staging_build_counts() -%}
    {%- set models = [] -%}
    {%- for entry in idstitch.identity_sources() + idstitch.activity_sources('transactions') + idstitch.activity_sources('events') if entry.model not in models -%}
        {%- do models.append(entry.model) -%}
    {%- endfor -%}
    {%- set built = [] -%}
    {%- set incremental_models = [] -%}
    {%- for node in (graph.nodes.values() if execute else []) if node.resource_type == 'model' and node.config.materialized == 'incremental_staging' -%}
        {%- do incremental_models.append(node.name) -%}
    {%- endfor -%}
    {%- for name in models | sort -%}
        {%- set staged = ref(name) -%}
        {#- a model switched to table or view may have left the state of an earlier build -#}
        {%- set state = adapter.get_relation(staged.database, staged.schema, staged.identifier ~ '__state') if execute and name in incremental_models else none -%}
        {%- if state is not none -%}
            {%- do built.append((name, state)) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- for name, state in built %}
    select
        cast('{{ name }}' as {{ dbt.type_string() }}) as staging_model,
        staging_state.build,
        staging_state.rows_normalized,
        staging_state.rows_kept
    from {{ state }} as staging_state
    union all
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as staging_model,
        cast(null as {{ dbt.type_string() }}) as build,
        cast(0 as {{ dbt.type_bigint() }}) as rows_normalized,
        cast(0 as {{ dbt.type_bigint() }}) as rows_kept
    where 1 = 0
{%- endmacro %}
