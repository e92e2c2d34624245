{#- Write-audit-publish. Every mart (models/marts) is built and tested in <schema>_work; the
    published copy in the target schema is what analysts, BI tools and the contact service
    read. publish_marts runs as the assignments snapshot's post-hook, inside the snapshot's
    transaction, which dbt opens only after every test upstream of the snapshot passed: the
    marts, the change log, the run figures and the assignments history move together or not
    at all (a failed test, an error or a killed process leaves all four as the last good run
    published them; DuckDB and Postgres both roll back DDL with the transaction).

    Per mart: a published table with the same columns (names and types, in order) is
    emptied and refilled, so views and grants on it survive; one whose columns changed is
    dropped and recreated (logged); a missing one is created. The two logs
    (identity_changes, identity_run_metrics) are work tables holding the published log plus
    this run's rows (idstitch.published_relation), so publishing them is the same copy.
    Last, the history rows of erased records are deleted (idstitch.purge_erased_history).
    Returns no SQL: the statements run here, on the snapshot's connection. The marts are
    idstitch's own (package 'idstitch', folder marts), also in a project that installs it. -#}
{% macro publish_marts() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set marts = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'model' and node.package_name == 'idstitch' and node.fqn[1] == 'marts' -%}
        {%- do marts.append(node) -%}
    {%- endfor -%}
    {%- for node in marts | sort(attribute='name') -%}
        {%- set work = adapter.get_relation(node.database, node.schema, node.alias) -%}
        {%- if work is none -%}
            {{ exceptions.raise_compiler_error("publish: the work copy of mart '" ~ node.name ~ "' (" ~ node.schema ~ "." ~ node.alias ~ ") does not exist: run `dbt build`, which builds and tests it before publishing") }}
        {%- endif -%}
        {%- set published = api.Relation.create(database=node.database, schema=target.schema, identifier=node.alias, type='table') -%}
        {%- set existing = adapter.get_relation(published.database, published.schema, published.identifier) -%}
        {%- if existing is none -%}
            {#- a plain statement: adapter.create_schema would commit the open transaction -#}
            {%- do run_query("create schema if not exists " ~ adapter.quote(published.schema)) -%}
            {%- do run_query("create table " ~ published ~ " as select * from " ~ work) -%}
        {%- elif idstitch.column_signature(existing) == idstitch.column_signature(work) -%}
            {%- do run_query("delete from " ~ published) -%}
            {%- do run_query("insert into " ~ published ~ " select * from " ~ work) -%}
        {%- else -%}
            {{ log("publish: the columns of " ~ published ~ " changed; dropping and recreating it (views on it must be recreated)", info=True) }}
            {%- do run_query("drop table " ~ published ~ " cascade") -%}
            {%- do run_query("create table " ~ published ~ " as select * from " ~ work) -%}
        {%- endif -%}
        {%- do run_query(idstitch.analyze_relation(published)) -%}
    {%- endfor -%}
    {#- erased records' history goes with the run that erases them (README, "Erasing a person") -#}
    {%- do idstitch.purge_erased_history(commit=false) -%}
    {{ log("publish: " ~ marts | length ~ " marts published to schema " ~ target.schema ~ " with this run's assignment history", info=True) }}
    {{ return('') }}
{%- endmacro %}

{#- Names and types of a relation's columns, in order: 'name type, ...' (lower case). -#}
{% macro column_signature(relation) -%}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- do columns.append((column.name ~ ' ' ~ column.data_type) | lower) -%}
    {%- endfor -%}
    {{ return(columns | join(', ')) }}
{%- endmacro %}

{#- The published copy of a mart (source identity_published), or none before its first
    publish. Referencing it records the source in the caller's lineage. -#}
{% macro published_relation(name) -%}
    {%- set relation = source('identity_published', name) -%}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {{ return(adapter.get_relation(relation.database, relation.schema, relation.identifier)) }}
{%- endmacro %}

{#- The head of a log mart's final select: the published log's rows (`columns`, in the order
    of the mart's own columns), then UNION ALL, when the log was published before; nothing
    on the first run. The mart adds this run's rows after it. A column the published log
    does not have yet (a text column a later version added, like identity_changes'
    request_ref) is NULL in its older rows. -#}
{% macro published_log_rows(name, columns) -%}
    {%- set published = idstitch.published_relation(name) -%}
    {%- if published -%}
    {%- set existing = adapter.get_columns_in_relation(published) | map(attribute='name') | map('lower') | list -%}
    select {% for column in columns %}{% if column in existing %}published.{{ column }}{% else %}cast(null as {{ dbt.type_string() }}) as {{ column }}{% endif %}{% if not loop.last %}, {% endif %}{% endfor %}
    from {{ published }} as published
    union all
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of the assignments snapshot: refuses to publish unless this invocation built every
    model upstream of the snapshot and ran every data test on them, i.e. the snapshot runs
    inside one `dbt build` that audited what it publishes (dbt skips the snapshot when one of
    those tests fails). `dbt snapshot` alone, or `dbt run` then `dbt snapshot`, or a build
    that excluded the tests, would otherwise publish work tables nobody audited (or a failed
    run's). Raises a compiler error naming what was not selected; nothing is written. -#}
{% macro assert_audit_complete() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set selected = selected_resources | list -%}
    {#- every node upstream of the snapshot (breadth first over depends_on) -#}
    {%- set upstream = [] -%}
    {%- set walk = namespace(queue=model.depends_on.nodes | list) -%}
    {%- for _ in range(graph.nodes | length) if walk.queue -%}
        {%- set next_queue = [] -%}
        {%- for unique_id in walk.queue if unique_id not in upstream and unique_id in graph.nodes -%}
            {%- do upstream.append(unique_id) -%}
            {%- do next_queue.extend(graph.nodes[unique_id].depends_on.nodes) -%}
        {%- endfor -%}
        {%- set walk.queue = next_queue -%}
    {%- endfor -%}
    {#- the models among them, and every data test on them only (seeds load separately) -#}
    {%- set model_ids = [] -%}
    {%- for unique_id in upstream if graph.nodes[unique_id].resource_type == 'model' -%}
        {%- do model_ids.append(unique_id) -%}
    {%- endfor -%}
    {%- set required = model_ids | list -%}
    {#- tests on a seed (with or without a model) belong to the seed load, which runs apart -#}
    {%- for node in graph.nodes.values() if node.resource_type == 'test' -%}
        {%- set parents = node.depends_on.nodes | select('in', graph.nodes) | list -%}
        {%- if parents and parents | reject('in', model_ids) | list | length == 0 -%}
            {%- do required.append(node.unique_id) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set missing = required | reject('in', selected) | list -%}
    {%- if missing -%}
        {{ exceptions.raise_compiler_error("publish refused: this invocation did not build and test everything it would publish (" ~ missing | length ~ " of " ~ required | length ~ " models and tests not selected, e.g. " ~ (missing[:3] | join(', ')) ~ "). Publishing happens only inside one `dbt build` of the project (the demo: `dbt build --exclude resource_type:seed`), so only audited work tables reach the target schema.") }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
