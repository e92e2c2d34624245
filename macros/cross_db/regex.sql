{#- Regular-expression test: true when `expr` matches `pattern` (POSIX-style classes only,
    no \b: Postgres and RE2 disagree on it). -#}
{% macro regexp_matches(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_matches', 'idstitch')(expr, pattern)) }}
{%- endmacro %}

{% macro default__regexp_matches(expr, pattern) -%}
    {{ exceptions.raise_compiler_error("idstitch.regexp_matches is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__regexp_matches(expr, pattern) -%}
    regexp_full_match({{ expr }}, '{{ pattern }}')
{%- endmacro %}

{% macro postgres__regexp_matches(expr, pattern) -%}
    ({{ expr }} ~ '^(?:{{ pattern }})$')
{%- endmacro %}
