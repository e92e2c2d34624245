{#- Deterministic salted token of a normalized identifier value: md5(salt | type | value), so
    tokens cannot be reversed with a dictionary of common emails without the salt.
    The salt is a secret: compiled SQL names where the session keeps it, never its value, so
    it reaches neither target/ nor logs/ (python/tests/test_token_salt.py greps them). -#}
{% macro tokenize(identifier_type, expr) -%}
    {{ dbt.hash(dbt.concat([idstitch.token_salt(), "'|" ~ identifier_type ~ "|'", expr])) }}
{%- endmacro %}

{#- The public development salt, used when the session carries none (refused on a production
    target, see check_token_salt) -#}
{% macro dev_token_salt() -%}
    {{ return('idstitch-dev-salt') }}
{%- endmacro %}

{#- SQL text expression of the salt tokens use: the session's, else the development salt -#}
{% macro token_salt() -%}
    {{ return(adapter.dispatch('token_salt', 'idstitch')()) }}
{%- endmacro %}

{#- DuckDB binds getvariable() once per query, to a constant (as fast as a literal) -#}
{% macro duckdb__token_salt() -%}
    coalesce({{ idstitch.token_salt_setting() }}, '{{ idstitch.dev_token_salt() }}')
{%- endmacro %}

{#- Postgres calls current_setting() per row (0.15 s a million rows); a scalar subquery is one
    InitPlan per query -#}
{% macro postgres__token_salt() -%}
    (select coalesce({{ idstitch.token_salt_setting() }}, '{{ idstitch.dev_token_salt() }}'))
{%- endmacro %}

{#- SQL text expression of the salt the session carries, NULL when it has none (or an empty
    one). DuckDB: the variable idstitch_token_salt, which the profile's plugin
    idstitch.duckdb_salt sets on every connection from env var IDSTITCH_TOKEN_SALT (a bound
    parameter: no statement holds the value). Postgres: the setting idstitch.token_salt,
    given at connect time (PGOPTIONS='-c idstitch.token_salt=...', read by libpq; not by
    alter role ... set, which every role can read in pg_roles.rolconfig). -#}
{% macro token_salt_setting() -%}
    {{ return(adapter.dispatch('token_salt_setting', 'idstitch')()) }}
{%- endmacro %}

{% macro default__token_salt_setting() -%}
    {{ exceptions.raise_compiler_error("idstitch has no way to pass the token salt to a " ~ target.type ~ " session (only DuckDB and Postgres): add a " ~ target.type ~ "__token_salt_setting macro that reads it from the session, never from the compiled SQL") }}
{%- endmacro %}

{% macro duckdb__token_salt_setting() -%}
    nullif(getvariable('idstitch_token_salt'), '')
{%- endmacro %}

{% macro postgres__token_salt_setting() -%}
    nullif(current_setting('idstitch.token_salt', true), '')
{%- endmacro %}

{#- Whether this run must have a secret salt: a target named prod or production, or var
    idstitch__require_secret_salt -#}
{% macro requires_secret_salt() -%}
    {{ return(target.name | lower in ['prod', 'production'] or var('idstitch__require_secret_salt', false) | string | lower == 'true') }}
{%- endmacro %}

{#- Run-start check (setup_database): on a production target a session without a salt, or with
    the development salt, stops the run before anything is built; elsewhere the development
    salt is used and said so. Asks the warehouse which case holds, never for the salt. -#}
{% macro check_token_salt() -%}
    {%- if not execute -%}
        {{ return('') }}
    {%- endif -%}
    {%- set salt = idstitch.token_salt_setting() -%}
    {%- set state_sql -%}
        select case
            when {{ salt }} is null then 'unset'
            when {{ salt }} = '{{ idstitch.dev_token_salt() }}' then 'dev'
            else 'secret'
        end as salt_state
    {%- endset -%}
    {%- set state = run_query(state_sql).columns[0].values()[0] -%}
    {%- set how = {
        'duckdb': "set env var IDSTITCH_TOKEN_SALT and load the plugin idstitch.duckdb_salt in the profile (plugins: [{module: idstitch.duckdb_salt}])",
        'postgres': "give the session the setting idstitch.token_salt: export PGOPTIONS='-c idstitch.token_salt=<secret>' where dbt runs (libpq sends it when it connects)",
    }.get(target.type, "see the README's privacy section") -%}
    {%- if state != 'secret' and idstitch.requires_secret_salt() -%}
        {{ exceptions.raise_compiler_error("idstitch: refusing to build target '" ~ target.name ~ "' " ~ ("without a token salt" if state == 'unset' else "with the public development token salt") ~ ": a production target (named prod or production, or var idstitch__require_secret_salt: true) needs a secret salt, or anyone can reverse the tokens of guessable emails and phones; " ~ how) }}
    {%- elif state != 'secret' -%}
        {{ log("idstitch: tokens use the public development salt (" ~ state ~ " on this session); for real data " ~ how, info=True) }}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
