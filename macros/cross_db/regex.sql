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

{#- The first parenthesized group of the first match of `pattern` (a literal) in `expr`;
    NULL when nothing matches or the group is empty (DuckDB's regexp_extract gives '', and
    Postgres' substring(... from ...) NULL, for no match). -#}
{% macro regexp_extract_group(expr, pattern) -%}
    {{ return(adapter.dispatch('regexp_extract_group', 'idstitch')(expr, pattern)) }}
{%- endmacro %}

{% macro duckdb__regexp_extract_group(expr, pattern) -%}
    nullif(regexp_extract({{ expr }}, '{{ pattern }}', 1), '')
{%- endmacro %}

{% macro postgres__regexp_extract_group(expr, pattern) -%}
    nullif(substring({{ expr }} from '{{ pattern }}'), '')
{%- endmacro %}

{#- Like regexp_matches, for a pattern held in data (`pattern_expr` is SQL, e.g. a seed column):
    true when the whole of `expr` matches. With `prefix=true`, when `expr` starts with a match. -#}
{% macro regexp_matches_column(expr, pattern_expr, prefix=false) -%}
    {{ return(adapter.dispatch('regexp_matches_column', 'idstitch')(expr, pattern_expr, prefix)) }}
{%- endmacro %}

{% macro duckdb__regexp_matches_column(expr, pattern_expr, prefix) -%}
    {%- if prefix -%}
    regexp_matches({{ expr }}, '^(?:' || {{ pattern_expr }} || ')')
    {%- else -%}
    regexp_full_match({{ expr }}, {{ pattern_expr }})
    {%- endif -%}
{%- endmacro %}

{% macro postgres__regexp_matches_column(expr, pattern_expr, prefix) -%}
    ({{ expr }} ~ ('^(?:' || {{ pattern_expr }} || '){{ "" if prefix else "$" }}'))
{%- endmacro %}
