{#- Person name: transliterated to ASCII, leading titles (Mr, Dr, ...) and a trailing
    generation suffix (Jr, Sr, II, III, IV: see name_suffix) removed, case folded, anything but
    letters, spaces, hyphens and apostrophes dropped. NULL when nothing is left. -#}
{% macro normalize_name(column) -%}
    {%- set untitled = idstitch.untitled_name(column) -%}
    {%- set unsuffixed = "regexp_replace(" ~ untitled ~ ", '^(.*[a-z])" ~ idstitch.name_suffix_pattern()
        ~ "', '\\1')" -%}
    {%- set letters = "regexp_replace(" ~ unsuffixed ~ ", '[^a-z '' -]', '', 'g')" -%}
    nullif(trim(regexp_replace({{ letters }}, '[[:space:]]+', ' ', 'g')), '')
{%- endmacro %}

{#- The generation suffix ending a name, canonical: 'jr' (Jr, Jr., Junior, Jnr), 'sr' (Sr,
    Senior, Snr), 'ii' (II, 2nd), 'iii' (III, 3rd), 'iv' (IV, 4th); NULL when there is none.
    Only a suffix after a name counts ('Jr' alone is a name), separated by a space or comma.
    'V' and 'I' are left alone: they are initials more often than numerals. Shape: SQL text
    in (a raw name column), text out. Staging models put it in a generation_suffix column;
    two records with different suffixes are different people (the identity graph splits a
    shared value by suffix, and the match veto idstitch__match_vetoes keeps such pairs apart). -#}
{% macro name_suffix(column) -%}
    {%- set found = idstitch.regexp_extract_group(idstitch.untitled_name(column),
        '^.*[a-z]' ~ idstitch.name_suffix_pattern()) -%}
    case {{ found }}
        when 'jr' then 'jr' when 'junior' then 'jr' when 'jnr' then 'jr'
        when 'sr' then 'sr' when 'senior' then 'sr' when 'snr' then 'sr'
        when 'ii' then 'ii' when '2nd' then 'ii'
        when 'iii' then 'iii' when '3rd' then 'iii'
        when 'iv' then 'iv' when '4th' then 'iv'
    end
{%- endmacro %}

{#- The suffix at the end of a folded name, as a pattern whose one group is the suffix word. -#}
{% macro name_suffix_pattern() -%}
    [ ,]+(jr|junior|jnr|sr|senior|snr|ii|iii|iv|2nd|3rd|4th)[.]?[ ]*$
{%- endmacro %}

{#- A name transliterated, lower case, trimmed, without a leading title: the common first step
    of normalize_name and name_suffix. -#}
{% macro untitled_name(column) -%}
    {%- set folded = "trim(lower(" ~ idstitch.transliterate("trim(" ~ column ~ ")") ~ "))" -%}
    regexp_replace({{ folded }}, '^(mr|mrs|ms|miss|mx|dr|prof|sir)[.]?[[:space:]]+', '')
{%- endmacro %}
