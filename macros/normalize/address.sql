{#- Street line: accents stripped, upper case, punctuation to spaces, whitespace collapsed,
    common words abbreviated the USPS way (STREET -> ST, APARTMENT -> APT, ...). Every run of
    characters other than A-Z and 0-9 (punctuation, whitespace) becomes one space in one pass;
    the line is computed in a one-row derived table so that nullif reads it once (DuckDB
    writes nullif(a, b) out as a CASE over `a` twice, transliteration subquery and all). -#}
{% macro normalize_street(column) -%}
    {%- set column = idstitch.as_text(column) -%}
    {%- set abbreviations = {
        'STREET': 'ST', 'AVENUE': 'AVE', 'ROAD': 'RD', 'DRIVE': 'DR', 'LANE': 'LN',
        'BOULEVARD': 'BLVD', 'COURT': 'CT', 'PLACE': 'PL', 'TERRACE': 'TER', 'CIRCLE': 'CIR',
        'PARKWAY': 'PKWY', 'HIGHWAY': 'HWY', 'APARTMENT': 'APT', 'SUITE': 'STE',
        'NORTH': 'N', 'SOUTH': 'S', 'EAST': 'E', 'WEST': 'W',
    } -%}
    {%- set ns = namespace(expr="' ' || regexp_replace(upper(" ~ idstitch.transliterate("trim(" ~ column ~ ")")
        ~ "), '[^A-Z0-9]+', ' ', 'g') || ' '") -%}
    {#- one replace() per word: one regexp_replace over all the words would read 'NORTH SOUTH'
        as one match, its second word lacking the space the first consumed -#}
    {%- for long, short in abbreviations | dictsort -%}
        {%- set ns.expr = "replace(" ~ ns.expr ~ ", ' " ~ long ~ " ', ' " ~ short ~ " ')" -%}
    {%- endfor -%}
    (select nullif(trim(normalized_street.line), '') from (select {{ ns.expr }} as line) as normalized_street)
{%- endmacro %}

{#- Postcode: upper case, letters and digits only ('sw1a 1aa' -> 'SW1A1AA'). -#}
{% macro normalize_postcode(column) -%}
    {%- set column = idstitch.as_text(column) -%}
    nullif(upper(regexp_replace(trim({{ column }}), '[^A-Za-z0-9]', '', 'g')), '')
{%- endmacro %}

{#- City: accents stripped, upper case, whitespace collapsed (read once by nullif, as the street). -#}
{% macro normalize_city(column) -%}
    {%- set column = idstitch.as_text(column) -%}
    (select nullif(upper(trim(normalized_city.city)), '')
     from (select regexp_replace({{ idstitch.transliterate(column) }}, '[[:space:]]+', ' ', 'g') as city) as normalized_city)
{%- endmacro %}

{#- The address identifier: a normalized street line and postcode joined by '|' (a street line
    means little without its postcode); NULL unless both are present. Shape: two normalized
    text expressions in (normalize_street, normalize_postcode), text out. Staging builds its
    address_key with it, and a blocklisted address (written 'street|postcode', as it
    arrives) goes through the same steps, so the two compare. -#}
{% macro address_key(street, postcode) -%}
    case when {{ street }} is not null and {{ postcode }} is not null then {{ street }} || '|' || {{ postcode }} end
{%- endmacro %}
