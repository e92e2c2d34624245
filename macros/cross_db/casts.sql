{#- An expression as text, whatever type its column arrived in: loaders type raw columns (a
    TIMESTAMP, an INTEGER id, a DATE), and trim() or a regular expression over such a column
    fails on both targets. Every normalizer reads its input through this, so a typed raw
    column normalizes as its text does. Shape: any SQL expression in, text out (NULL stays
    NULL); a text input is unchanged. -#}
{% macro as_text(expr) -%}
    cast({{ expr }} as {{ dbt.type_string() }})
{%- endmacro %}

{#- A raw column as trimmed text, whatever type it arrived in: how staging reads ids, codes and
    labels it keeps as they are (a blank stays ''). Shape: any SQL expression in, text out. -#}
{% macro trimmed_text(expr) -%}
    trim({{ idstitch.as_text(expr) }})
{%- endmacro %}

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
    {%- set expr = idstitch.as_text(expr) -%}
    case
        when {{ idstitch.regexp_matches("trim(" ~ expr ~ ")", idstitch.lenient_cast_shape(type).pattern) }}
            then try_cast(trim({{ expr }}) as {{ type }})
    end
{%- endmacro %}

{% macro postgres__lenient_cast(expr, type) -%}
    {#- the idstitch_try_cast_* functions come from setup_database (on-run-start) -#}
    cast({{ target.schema }}.idstitch_try_cast_{{ idstitch.lenient_cast_shape(type).kind }}({{ idstitch.as_text(expr) }}) as {{ type }})
{%- endmacro %}

{#- A date from text in the formats a staging model declares, tried in order; NULL when none
    fits or the date does not exist ('02/30/2024'). Shape: SQL text in, date out.

    `formats` is a list of patterns of YYYY, MM, DD and the separators '-', '/', '.', ' ':
    'YYYY-MM-DD' (the default: ISO), 'MM/DD/YYYY' (US vendor files), 'DD.MM.YYYY', 'YYYYMMDD'.
    Between separators MM and DD take one or two digits ('7/4/1975'); without separators,
    exactly two. Declare one of 'MM/DD/YYYY' and 'DD/MM/YYYY' per source: '03/04/2024' fits
    both, and the first declared wins. The match is the same regular expression on every
    target, and the date itself goes through lenient_cast, so both targets agree. A time of
    midnight after the date is dropped first (a birth date typed as a timestamp); any other
    time makes the value NULL. -#}
{% macro parse_date(expr, formats=['YYYY-MM-DD']) -%}
    {#- a date that arrives as a timestamp at midnight (a typed column, a loader's export) -#}
    {%- set text = "regexp_replace(trim(" ~ idstitch.as_text(expr) ~ "), '[ T]00:00(:00([.]0+)?)?([+]00(:?00)?|Z)?$', '')" -%}
    {%- set parsed = [] -%}
    {%- for format in formats -%}
        {%- set tokens = modules.re.findall('YYYY|MM|DD|.', format) -%}
        {%- set separated = tokens | reject('in', ['YYYY', 'MM', 'DD']) | list | length > 0 -%}
        {%- set pattern = [] -%}
        {%- set groups = {} -%}
        {%- for token in tokens -%}
            {%- if token == 'YYYY' -%}
                {%- do pattern.append('([0-9]{4})') -%}{%- do groups.update({'year': groups | length + 1}) -%}
            {%- elif token in ['MM', 'DD'] -%}
                {%- do pattern.append('([0-9]{1,2})' if separated else '([0-9]{2})') -%}
                {%- do groups.update({'month' if token == 'MM' else 'day': groups | length + 1}) -%}
            {%- elif token in ['-', '/', '.', ' '] -%}
                {%- do pattern.append('[' ~ token ~ ']') -%}
            {%- else -%}
                {{ exceptions.raise_compiler_error("parse_date: format '" ~ format ~ "' may hold only YYYY, MM, DD and the separators - / . and space") }}
            {%- endif -%}
        {%- endfor -%}
        {%- if groups | length != 3 -%}
            {{ exceptions.raise_compiler_error("parse_date: format '" ~ format ~ "' needs YYYY, MM and DD once each") }}
        {%- endif -%}
        {%- set regex = pattern | join('') -%}
        {%- set iso = "regexp_replace(" ~ text ~ ", '^" ~ regex ~ "$', '\\" ~ groups.year ~ "-\\" ~ groups.month
            ~ "-\\" ~ groups.day ~ "')" -%}
        {%- do parsed.append("case when " ~ idstitch.regexp_matches(text, regex) ~ " then "
            ~ idstitch.lenient_cast(iso, 'date') ~ " end") -%}
    {%- endfor -%}
    {%- if parsed | length == 1 -%}{{ parsed[0] }}{%- else -%}coalesce({{ parsed | join(', ') }}){%- endif -%}
{%- endmacro %}
