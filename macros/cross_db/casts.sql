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
