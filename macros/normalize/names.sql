{#- Person name: transliterated to ASCII, leading titles (Mr, Dr, ...) and a trailing
    generation suffix (Jr, Sr, II, III, IV: see name_suffix) removed, case folded, anything but
    letters, spaces, hyphens and apostrophes dropped. NULL when nothing is left (nullif reads
    the name from a one-row derived table: DuckDB writes nullif(a, b) out as a CASE naming `a`
    twice, and would transliterate twice). -#}
{% macro normalize_name(column) -%}
    {%- set untitled = idstitch.untitled_name(column) -%}
    {%- set unsuffixed = "regexp_replace(" ~ untitled ~ ", '^(.*[a-z])" ~ idstitch.name_suffix_pattern()
        ~ "', '\\1')" -%}
    {%- set letters = "regexp_replace(" ~ unsuffixed ~ ", '[^a-z '' -]', '', 'g')" -%}
    (select nullif(trim(normalized_name.letters), '')
     from (select regexp_replace({{ letters }}, '[[:space:]]+', ' ', 'g') as letters) as normalized_name)
{%- endmacro %}

{#- The generation suffix ending a name, canonical: 'jr' (Jr, Jr., Junior, Jnr, Filho, hijo), 'sr' (Sr,
    Senior, Snr), 'ii' (II, 2nd), 'iii' (III, 3rd), 'iv' (IV, 4th); NULL when there is none.
    Only a suffix after a name counts ('Jr' alone is a name), separated by a space or comma.
    'V' and 'I' are left alone: they are initials more often than numerals. Shape: SQL text
    in (a raw name column), text out. Staging models put it in a generation_suffix column;
    two records with different suffixes are different people (the identity graph splits a
    shared value by suffix, and the match veto idstitch__match_vetoes keeps such pairs apart). -#}
{% macro name_suffix(column) -%}
    {#- one extraction, then spellings folded by nested replaces (a CASE over the extracted
        value would evaluate the extraction once per branch) -#}
    {%- set found = idstitch.regexp_extract_group(idstitch.untitled_name(column),
        '[a-z]' ~ idstitch.name_suffix_pattern()) -%}
    {%- set folded = namespace(sql=found) -%}
    {%- for spellings, canonical in [('junior|jnr|filho|hijo', 'jr'), ('senior|snr', 'sr'), ('2nd', 'ii'),
                                     ('3rd', 'iii'), ('4th', 'iv')] -%}
        {%- set folded.sql = "regexp_replace(" ~ folded.sql ~ ", '^(" ~ spellings ~ ")$', '" ~ canonical ~ "')" -%}
    {%- endfor -%}
    {{ folded.sql }}
{%- endmacro %}

{#- The suffix at the end of a folded name, as a pattern whose one group is the suffix word
    (noqa: PRS, LXR: a regular expression, not SQL). -#}
{% macro name_suffix_pattern() -%}
    [ ,]+(jr|junior|jnr|filho|hijo|sr|senior|snr|ii|iii|iv|2nd|3rd|4th)[.,;]*[ ]*$
{%- endmacro %}

{#- A name transliterated, lower case, trimmed, without a leading title: the common first step
    of normalize_name and name_suffix. -#}
{% macro untitled_name(column) -%}
    {%- set column = idstitch.as_text(column) -%}
    {%- set folded = "trim(lower(" ~ idstitch.transliterate("trim(" ~ column ~ ")") ~ "))" -%}
    regexp_replace({{ folded }}, '^(mr|mrs|ms|miss|mx|dr|prof|sir)[.]?[[:space:]]+', '')
{%- endmacro %}
