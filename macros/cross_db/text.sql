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

{#- Levenshtein edit distance between two strings (Postgres: fuzzystrmatch, created by the
    project's on-run-start hook). -#}
{% macro edit_distance(a, b) -%}
    {{ return(adapter.dispatch('edit_distance', 'idstitch')(a, b)) }}
{%- endmacro %}

{% macro default__edit_distance(a, b) -%}
    {{ exceptions.raise_compiler_error("idstitch.edit_distance is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__edit_distance(a, b) -%}
    levenshtein({{ a }}, {{ b }})
{%- endmacro %}

{% macro postgres__edit_distance(a, b) -%}
    levenshtein({{ a }}, {{ b }})
{%- endmacro %}

{#- Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters), over bytes.
    Postgres has none built in: idstitch_jaro_winkler comes from setup_database and gives
    DuckDB's jaro_winkler_similarity to the last few bits (callers round). -#}
{% macro jaro_winkler(a, b) -%}
    {{ return(adapter.dispatch('jaro_winkler', 'idstitch')(a, b)) }}
{%- endmacro %}

{% macro default__jaro_winkler(a, b) -%}
    {{ exceptions.raise_compiler_error("idstitch.jaro_winkler is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__jaro_winkler(a, b) -%}
    jaro_winkler_similarity({{ a }}, {{ b }})
{%- endmacro %}

{% macro postgres__jaro_winkler(a, b) -%}
    {{ target.schema }}.idstitch_jaro_winkler({{ a }}, {{ b }})
{%- endmacro %}
