{#- Person name: unicode-normalized, accents stripped, leading titles (Mr, Dr, ...) removed,
    case folded, anything but letters, spaces, hyphens and apostrophes dropped. -#}
{% macro normalize_name(column) -%}
    {%- set folded = "lower(" ~ idstitch.transliterate("trim(" ~ column ~ ")") ~ ")" -%}
    {%- set untitled = "regexp_replace(" ~ folded ~ ", '^(mr|mrs|ms|miss|mx|dr|prof|sir)[.]?[[:space:]]+', '')" -%}
    {%- set letters = "regexp_replace(" ~ untitled ~ ", '[^a-z '' -]', '', 'g')" -%}
    nullif(trim(regexp_replace({{ letters }}, '[[:space:]]+', ' ', 'g')), '')
{%- endmacro %}
