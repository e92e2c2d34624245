{#- Cast that turns unparseable input (and blanks) into NULL instead of failing the build.
    Staging counts what it could not parse, so nothing is lost silently. -#}
{% macro lenient_cast(expr, type) -%}
    {{ return(adapter.dispatch('lenient_cast', 'idstitch')(expr, type)) }}
{%- endmacro %}

{% macro default__lenient_cast(expr, type) -%}
    {{ exceptions.raise_compiler_error("idstitch.lenient_cast is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__lenient_cast(expr, type) -%}
    try_cast(nullif(trim({{ expr }}), '') as {{ type }})
{%- endmacro %}

{% macro postgres__lenient_cast(expr, type) -%}
    {#- the idstitch_try_cast_* functions come from setup_database (on-run-start) -#}
    {%- set lowered = type | lower -%}
    {%- if 'timestamp' in lowered -%}{%- set kind = 'timestamp' -%}
    {%- elif lowered == 'date' -%}{%- set kind = 'date' -%}
    {%- elif 'int' in lowered -%}{%- set kind = 'integer' -%}
    {%- else -%}{%- set kind = 'numeric' -%}
    {%- endif -%}
    cast({{ target.schema }}.idstitch_try_cast_{{ kind }}(cast({{ expr }} as text)) as {{ type }})
{%- endmacro %}
