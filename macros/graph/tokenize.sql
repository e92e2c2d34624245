{#- Deterministic salted token of a normalized identifier value: md5(salt | type | value).
    The salt comes from the IDSTITCH_TOKEN_SALT env var (a dev default otherwise), so tokens
    cannot be reversed with a dictionary of common emails without it. -#}
{% macro tokenize(identifier_type, expr) -%}
    {{ dbt.hash(dbt.concat(["'" ~ idstitch.token_salt() ~ "|" ~ identifier_type ~ "|'", expr])) }}
{%- endmacro %}

{% macro token_salt() -%}
    {%- set salt = env_var('IDSTITCH_TOKEN_SALT', 'idstitch-dev-salt') -%}
    {%- if "'" in salt or "\\" in salt -%}
        {{ exceptions.raise_compiler_error("IDSTITCH_TOKEN_SALT must not contain quotes or backslashes") }}
    {%- endif -%}
    {{ return(salt) }}
{%- endmacro %}
