{#- Who can read what (README, "Who can read what"). Three group roles (NOLOGIN; a person or a
    tool logs in as its own user, a member of one of them):

      idstitch_transformer  builds everything: CREATE on the database (dbt creates its schemas
                            and owns what it builds); dbt's login is a member
      idstitch_analyst      reads the marts: USAGE on the target schema, SELECT on every table
                            in it, also on tables created there later
      idstitch_steward      a member of idstitch_analyst, and reads the vault schema (every
                            table, also later ones), the review tables of var
                            idstitch__review_models and the assignments history (snapshot)

    Nobody else reads anything: Postgres gives PUBLIC no privilege on a schema or a table that
    CREATE SCHEMA or CREATE TABLE makes, so every other schema (<schema>_work,
    <schema>_identity, <schema>_raw, <schema>_identity_config, <schema>_snapshots) stays
    closed to analysts, and what a steward may read there is granted table by table.

    create_roles (a run-operation) and analyses/postgres_roles.sql (for a DBA) run the same
    SQL, roles_sql; grant_roles (on-run-end) grants the schemas after every invocation. -#}

{#- The three role names, by what they do. -#}
{% macro role_names() -%}
    {{ return({'transformer': 'idstitch_transformer', 'analyst': 'idstitch_analyst', 'steward': 'idstitch_steward'}) }}
{%- endmacro %}

{#- SQL that creates the three roles if missing, makes the steward a member of the analyst and
    dbt's login (target.user) a member of the transformer, and grants the database: idempotent.
    Needs CREATEROLE (or a superuser) and the right to grant on the database (its owner). The
    schemas are granted by grant_roles after each build, as they appear. -#}
{% macro roles_sql() -%}
    {{ return(adapter.dispatch('roles_sql', 'idstitch')()) }}
{%- endmacro %}

{% macro default__roles_sql() -%}
-- idstitch creates roles on PostgreSQL only; compile this with IDSTITCH_TARGET=postgres.
-- On a warehouse with column masking see the README, "Who can read what".
{%- endmacro %}

{% macro postgres__roles_sql() -%}
    {%- set roles = idstitch.role_names() -%}
    {%- set login = target.user | replace("'", "''") -%}
-- idstitch's roles on database {{ target.database }}; idempotent: run it again at any time.
do $roles$
begin
    {%- for role in roles.values() %}
    if not exists (select from pg_catalog.pg_roles where rolname = '{{ role }}') then
        create role {{ role }} nologin;
    end if;
    {%- endfor %}
    -- a steward reads what an analyst reads, and the vault and review tables
    if not pg_catalog.pg_has_role('{{ roles.steward }}', '{{ roles.analyst }}', 'member') then
        grant {{ roles.analyst }} to {{ roles.steward }};
    end if;
    -- dbt's login builds as a member of the transformer
    if not pg_catalog.pg_has_role('{{ login }}', '{{ roles.transformer }}', 'member') then
        grant {{ roles.transformer }} to {{ adapter.quote(target.user) }};
    end if;
end
$roles$;
grant connect, temporary, create on database {{ adapter.quote(target.database) }} to {{ roles.transformer }};
grant connect on database {{ adapter.quote(target.database) }} to {{ roles.analyst }}, {{ roles.steward }};
{%- endmacro %}

{#- Run-operation: `dbt run-operation idstitch.create_roles` runs roles_sql. When something is
    missing and the login may not create roles, it fails naming what to do instead. On other
    targets it logs that there is nothing to do. -#}
{% macro create_roles() -%}
    {{ return(adapter.dispatch('create_roles', 'idstitch')()) }}
{%- endmacro %}

{% macro default__create_roles() -%}
    {{ log("create_roles: idstitch creates its roles on PostgreSQL only; nothing to do on " ~ adapter.type() ~ " (README, 'Who can read what')", info=True) }}
{%- endmacro %}

{% macro postgres__create_roles() -%}
    {%- set roles = idstitch.role_names() -%}
    {%- set names = "'" ~ roles.values() | join("', '") ~ "'" -%}
    {%- set state = run_query("
        select
            coalesce(string_agg(wanted.rolname, ', ' order by wanted.rolname) filter (where pg_roles.rolname is null), '') as missing,
            count(pg_roles.rolname) = " ~ roles | length ~ " as all_exist,
            (select me.rolsuper or me.rolcreaterole from pg_catalog.pg_roles as me where me.rolname = current_user) as may_create
        from unnest(array[" ~ names ~ "]) as wanted (rolname)
        left join pg_catalog.pg_roles as pg_roles on wanted.rolname = pg_roles.rolname
    ").rows[0] -%}
    {%- set memberships = false -%}
    {%- if state[1] -%}
        {%- set memberships = run_query("select pg_catalog.pg_has_role('" ~ roles.steward ~ "', '" ~ roles.analyst ~ "', 'member') and pg_catalog.pg_has_role(current_user, '" ~ roles.transformer ~ "', 'member')").rows[0][0] -%}
    {%- endif -%}
    {%- if not memberships and not state[2] -%}
        {{ exceptions.raise_compiler_error("create_roles: " ~ ("roles " ~ state[0] ~ " do not exist" if state[0] else "role memberships are missing") ~ ", and login '" ~ target.user ~ "' may not create roles (it has neither CREATEROLE nor superuser). Ask a DBA to run the SQL of analyses/postgres_roles.sql (`dbt compile --select postgres_roles`, then target/compiled/idstitch/analyses/postgres_roles.sql), or run this as a login with CREATEROLE.") }}
    {%- endif -%}
    {%- do run_query(idstitch.roles_sql()) -%}
    {{ log("create_roles: " ~ roles.values() | join(', ') ~ " ready on database " ~ target.database ~ (" (created: " ~ state[0] ~ ")" if state[0] else " (all existed)") ~ "; login " ~ target.user ~ " is a member of " ~ roles.transformer, info=True) }}
{%- endmacro %}

{#- on-run-end: grants what each role reads on the schemas that exist, after every dbt
    invocation, so tables a build (re)created are covered; ALTER DEFAULT PRIVILEGES covers
    tables created later by this login (a published mart dropped and recreated, a vault model
    rebuilt) the moment they are created. A role that does not exist is skipped with one log
    line: a build never fails for want of roles. Returns the SQL for the hook ('' on other
    targets: DuckDB has no roles). Fails compilation when var idstitch__review_models names no
    model. -#}
{% macro grant_roles() -%}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {{ return(adapter.dispatch('grant_roles', 'idstitch')(idstitch.review_relations())) }}
{%- endmacro %}

{% macro default__grant_roles(review_relations) -%}
    {{ return('') }}
{%- endmacro %}

{% macro postgres__grant_roles(review_relations) -%}
    {%- set roles = idstitch.role_names() -%}
    {%- set existing = run_query("select rolname from pg_catalog.pg_roles where rolname in ('" ~ roles.values() | join("', '") ~ "')").columns[0].values() -%}
    {%- set missing = roles.values() | reject('in', existing) | list -%}
    {%- if missing -%}
        {{ log("grant_roles: no grants to " ~ missing | join(', ') ~ ": no such role on this server (create the roles: dbt run-operation idstitch.create_roles, or a DBA runs analyses/postgres_roles.sql)", info=True) }}
    {%- endif -%}
    {%- set vault = graph.nodes.get('model.idstitch.int_identity__vault') -%}
    {#- role -> (schemas it reads every table of, now and later; single relations it reads) -#}
    {%- set whole = {roles.analyst: [target.schema], roles.steward: [vault.schema] if vault else []} -%}
    {%- set single = {roles.analyst: [], roles.steward: review_relations | list} -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'snapshot' and node.package_name == 'idstitch' -%}
        {%- set relation = adapter.get_relation(node.database, node.schema, node.alias) -%}
        {%- if relation is not none -%}{%- do single[roles.steward].append(relation) -%}{%- endif -%}
    {%- endfor -%}
    {%- set schemas = [] -%}
    {%- for role in whole -%}
        {%- do schemas.extend(whole[role]) -%}
    {%- endfor -%}
    {%- set present = run_query("select nspname from pg_catalog.pg_namespace where nspname in ('" ~ schemas | join("', '") ~ "')").columns[0].values() -%}
    {%- set statements = [] -%}
    {%- for role in whole if role in existing -%}
        {%- for schema in whole[role] if schema in present -%}
            {%- do statements.append("grant usage on schema " ~ adapter.quote(schema) ~ " to " ~ role) -%}
            {%- do statements.append("grant select on all tables in schema " ~ adapter.quote(schema) ~ " to " ~ role) -%}
            {%- do statements.append("alter default privileges in schema " ~ adapter.quote(schema) ~ " grant select on tables to " ~ role) -%}
        {%- endfor -%}
        {%- for schema in single[role] | map(attribute='schema') | unique -%}
            {%- do statements.append("grant usage on schema " ~ adapter.quote(schema) ~ " to " ~ role) -%}
        {%- endfor -%}
        {%- for relation in single[role] -%}
            {%- do statements.append("grant select on " ~ relation ~ " to " ~ role) -%}
        {%- endfor -%}
    {%- endfor -%}
    {#- a steward files erasure requests (README, "Erasing a person"): a row in the vault's
        requests table, which the build carries out and clears -#}
    {%- set requests = idstitch.erasure_requests_relation() -%}
    {%- if roles.steward in existing and adapter.get_relation(requests.database, requests.schema, requests.identifier) is not none -%}
        {%- do statements.append("grant insert on " ~ requests ~ " to " ~ roles.steward) -%}
    {%- endif -%}
    {{ return(statements | join(';\n') ~ (';' if statements else '')) }}
{%- endmacro %}

{#- The built relations of the models var idstitch__review_models names (the review tables a
    steward reads besides the vault), in the var's order; a model not built yet is left out.
    Fails compilation naming an entry that is no model of the project. -#}
{% macro review_relations() -%}
    {%- set names = var('idstitch__review_models') -%}
    {%- if names is string or names is mapping or names is not iterable -%}
        {{ exceptions.raise_compiler_error("idstitch__review_models must be a list of model names, got: " ~ names) }}
    {%- endif -%}
    {%- set relations = [] -%}
    {%- for name in names -%}
        {%- set found = graph.nodes.values() | selectattr('resource_type', 'equalto', 'model') | selectattr('name', 'equalto', name) | list -%}
        {%- if not found -%}
            {{ exceptions.raise_compiler_error("idstitch__review_models names '" ~ name ~ "', which is no model of this project; it lists the review tables a steward reads (README, 'Who can read what')") }}
        {%- endif -%}
        {%- set relation = adapter.get_relation(found[0].database, found[0].schema, found[0].alias) -%}
        {%- if relation is not none -%}{%- do relations.append(relation) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(relations) }}
{%- endmacro %}
