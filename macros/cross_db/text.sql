{#- Levenshtein edit distance: the least number of single-character insertions, deletions
    and substitutions that turn one string into the other. Shape: two text expressions in,
    an integer out (NULL if either is NULL).

    Characters are Unicode code points of the NFC forms on every target, so 'josé'/'jose' is
    1 and a precomposed 'é' equals 'e' + U+0301 (distance 0). DuckDB: built-in levenshtein
    (code points since 2.0.1, pinned in requirements.lock). Postgres: fuzzystrmatch's
    levenshtein (code points) up to its 255-character limit, idstitch_levenshtein
    (setup_database) beyond it. python/tests/test_text_parity.py holds both to the
    definition on non-ASCII input. -#}
{% macro edit_distance(a, b) -%}
    {{ return(adapter.dispatch('edit_distance', 'idstitch')(a, b)) }}
{%- endmacro %}

{% macro default__edit_distance(a, b) -%}
    {{ exceptions.raise_compiler_error("idstitch.edit_distance is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__edit_distance(a, b) -%}
    levenshtein({{ idstitch.nfc(a) }}, {{ idstitch.nfc(b) }})
{%- endmacro %}

{% macro postgres__edit_distance(a, b) -%}
    case
        when greatest(length({{ a }}), length({{ b }})) <= 255
            then levenshtein({{ idstitch.nfc(a) }}, {{ idstitch.nfc(b) }})
        else {{ target.schema }}.idstitch_levenshtein({{ idstitch.nfc(a) }}, {{ idstitch.nfc(b) }})
    end
{%- endmacro %}

{#- Jaro-Winkler similarity in [0, 1]. Shape: two text expressions in, a double out (NULL if
    either is NULL). Definition (Winkler 1990, as in strcmp95 and rapidfuzz), over the
    Unicode code points of the NFC forms of a and b:
    - m: characters of a matched to equal, not yet matched characters of b at most
      max(len(a), len(b)) / 2 - 1 positions away (integer division, at least 0), scanning a
      left to right and taking the first free match in b;
    - t: matched characters that differ when both strings' matches are read in order,
      halved with integer division;
    - Jaro = (m/len(a) + m/len(b) + (m - t)/m) / 3, and 0 when m = 0 (also for two empty
      strings);
    - Winkler: if Jaro > 0.7, add p * 0.1 * (1 - Jaro), p the common prefix up to 4.
    DuckDB: built-in jaro_winkler_similarity (code points since 2.0.1; 2.0.0 and older
    worked on UTF-8 bytes, which is why requirements.lock pins it). Postgres has none:
    idstitch_jaro_winkler (setup_database) implements the same definition in PL/pgSQL.
    Equal to 1e-12 on both targets; callers that band the value round it. -#}
{% macro jaro_winkler(a, b) -%}
    {{ return(adapter.dispatch('jaro_winkler', 'idstitch')(a, b)) }}
{%- endmacro %}

{% macro default__jaro_winkler(a, b) -%}
    {{ exceptions.raise_compiler_error("idstitch.jaro_winkler is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__jaro_winkler(a, b) -%}
    jaro_winkler_similarity({{ idstitch.nfc(a) }}, {{ idstitch.nfc(b) }})
{%- endmacro %}

{% macro postgres__jaro_winkler(a, b) -%}
    {#- the function takes the NFC forms itself, of non-ASCII values only -#}
    {{ target.schema }}.idstitch_jaro_winkler({{ a }}, {{ b }})
{%- endmacro %}

{#- Length of a string in bytes of its UTF-8 encoding (length() counts characters). -#}
{% macro byte_length(expr) -%}
    {{ return(adapter.dispatch('byte_length', 'idstitch')(expr)) }}
{%- endmacro %}

{% macro default__byte_length(expr) -%}
    octet_length({{ expr }})
{%- endmacro %}

{% macro duckdb__byte_length(expr) -%}
    strlen({{ expr }})
{%- endmacro %}

{#- Unicode canonical composition (NFC): 'e' + U+0301 becomes 'é', so canonically equal
    strings are equal code point by code point. -#}
{% macro nfc(expr) -%}
    {{ return(adapter.dispatch('nfc', 'idstitch')(expr)) }}
{%- endmacro %}

{% macro default__nfc(expr) -%}
    {{ exceptions.raise_compiler_error("idstitch.nfc is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__nfc(expr) -%}
    nfc_normalize({{ expr }})
{%- endmacro %}

{% macro postgres__nfc(expr) -%}
    normalize({{ expr }}, nfc)
{%- endmacro %}

{#- FROM-clause item: the characters of a string, one row each, as (chr, pos) with pos
    counting from 1. A NULL string gives no rows. -#}
{% macro characters_of(expr) -%}
    {{ return(adapter.dispatch('characters_of', 'idstitch')(expr)) }}
{%- endmacro %}

{% macro default__characters_of(expr) -%}
    {{ exceptions.raise_compiler_error("idstitch.characters_of is not implemented for adapter " ~ adapter.type()) }}
{%- endmacro %}

{% macro duckdb__characters_of(expr) -%}
    (
        select
            unnest(split.chars) as chr,
            generate_subscripts(split.chars, 1) as pos
        from (select string_split({{ expr }}, '') as chars) as split
    )
{%- endmacro %}

{% macro postgres__characters_of(expr) -%}
    (
        select split.chr, split.pos
        from unnest(string_to_array({{ expr }}, null)) with ordinality as split (chr, pos)
    )
{%- endmacro %}
