{#- Cast that turns unparseable input (and blanks) into NULL instead of failing the build.
    Staging counts what it could not parse, so nothing is lost silently.

    Shape: a text expression and a target type in; a value of that type or NULL out. What is
    accepted is decided by one rule for every target (lenient_cast_shapes): the trimmed text
    must have the type's shape before the engine casts it, so neither engine's extras get in
    (DuckDB rounds '1.5' to the integer 2 and reads '1e5', a time zone or a date-time as a
    date; Postgres reads 'yesterday', 'infinity' and 'NaN'), and a value of the right shape
    that is no real date ('2024-02-30') is NULL on both. -#}
{% macro lenient_cast(expr, type) -%}
    {{ return(adapter.dispatch('lenient_cast', 'idstitch')(expr, type)) }}
{%- endmacro %}

{#- The kind of a type name (timestamp, date, integer or numeric) and the regular expression
    its text must match: ISO dates and date-times without a time zone, decimal numbers. -#}
{% macro lenient_cast_shape(type) -%}
    {%- set lowered = type | lower -%}
    {%- if 'timestamp' in lowered -%}{%- set kind = 'timestamp' -%}
    {%- elif lowered == 'date' -%}{%- set kind = 'date' -%}
    {%- elif 'int' in lowered -%}{%- set kind = 'integer' -%}
    {%- else -%}{%- set kind = 'numeric' -%}
    {%- endif -%}
    {{ return({
        'kind': kind,
        'pattern': {
            'timestamp': '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?',
            'date': '[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}',
            'numeric': '[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)',
            'integer': '[+-]?[0-9]+',
        }[kind],
    }) }}
{%- endmacro %}

{% macro default__lenient_cast(expr, type) -%}
    {{ exceptions.raise_compiler_error("idstitch.lenient_cast is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__lenient_cast(expr, type) -%}
    case
        when {{ idstitch.regexp_matches("trim(" ~ expr ~ ")", idstitch.lenient_cast_shape(type).pattern) }}
            then try_cast(trim({{ expr }}) as {{ type }})
    end
{%- endmacro %}

{% macro postgres__lenient_cast(expr, type) -%}
    {#- the idstitch_try_cast_* functions come from setup_database (on-run-start) -#}
    cast({{ target.schema }}.idstitch_try_cast_{{ idstitch.lenient_cast_shape(type).kind }}(cast({{ expr }} as text)) as {{ type }})
{%- endmacro %}
