{#- Fold accents and compatibility forms: 'José Müller' -> 'Jose Muller'. Letters that do not
    decompose (ø, ł, đ) are mapped explicitly so every target gives the same answer. -#}
{% macro strip_accents(expr) -%}
    {{ return(adapter.dispatch('strip_accents', 'idstitch')(expr)) }}
{%- endmacro %}

{% macro default__strip_accents(expr) -%}
    {{ exceptions.raise_compiler_error("idstitch.strip_accents is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__strip_accents(expr) -%}
    strip_accents(translate(nfc_normalize({{ expr }}), 'øØłŁđĐ', 'oOlLdD'))
{%- endmacro %}

{% macro postgres__strip_accents(expr) -%}
    unaccent(translate(normalize({{ expr }}, nfc), 'øØłŁđĐ', 'oOlLdD'))
{%- endmacro %}
