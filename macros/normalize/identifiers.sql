{#- Opaque identifier (device id, account id): letters and digits only, upper case. -#}
{% macro normalize_identifier(column) -%}
    {%- set column = idstitch.as_text(column) -%}
    nullif(upper(regexp_replace(trim({{ column }}), '[^A-Za-z0-9]', '', 'g')), '')
{%- endmacro %}

{#- Numeric identifier printed in several ways ('LC-1234', '00001234', '1234 5678'): its digits
    without leading zeros. Only separators (space, '-'), a spreadsheet's '.0' at the end
    ('33.0' is 33) and a prefix the source declares (`prefixes`, e.g. ['LC'] for printed
    loyalty cards) are removed; any other character makes the value NULL ('W12', 'LC-W1',
    'NULLROW1' are not loyalty ids 12, 1 and 1; '1.2' is not 12). Shape: text in, text of
    digits out, or NULL; numeric_id_issue gives the reason. -#}
{% macro numeric_id_digits(column, prefixes=[]) -%}
    {%- set column = idstitch.as_text(column) -%}
    {%- set bare = "upper(regexp_replace(regexp_replace(trim(" ~ column ~ "), '[.]0+$', ''), '[ -]', '', 'g'))" -%}
    {%- if prefixes -%}
        regexp_replace({{ bare }}, '^({{ prefixes | map('upper') | join('|') }})', '')
    {%- else -%}
        {{ bare }}
    {%- endif -%}
{%- endmacro %}

{% macro normalize_numeric_id(column, prefixes=[]) -%}
    {%- set digits = idstitch.numeric_id_digits(column, prefixes) -%}
    case when {{ idstitch.regexp_matches(digits, '[0-9]+') }} then nullif(ltrim({{ digits }}, '0'), '') end
{%- endmacro %}

{#- Why normalize_numeric_id gave NULL for a non-blank value: 'invalid_format' (anything but
    digits after separators and the declared prefix) or 'placeholder' (all zeros), else NULL. -#}
{% macro numeric_id_issue(column, prefixes=[]) -%}
    {%- set column = idstitch.as_text(column) -%}
    {%- set digits = idstitch.numeric_id_digits(column, prefixes) -%}
    case
        when nullif(trim({{ column }}), '') is null then null
        when not {{ idstitch.regexp_matches(digits, '[0-9]+') }} then 'invalid_format'
        when nullif(ltrim({{ digits }}, '0'), '') is null then 'placeholder'
    end
{%- endmacro %}

{#- The pattern every value of an identifier type must match in full before it becomes a
    token: the type's `format` in var('idstitch__identifier_types'), else the default of its
    name below, else the shape normalize_identifier gives (letters and digits, upper case).
    A value that does not match is no identifier: int_identity__identifiers leaves it out and
    int_identity__normalization_issues counts it as 'invalid_format' (a staging model that
    forgot to normalize, a new source's odd keys), never a different, shorter value. -#}
{% macro identifier_format(identifier_type) -%}
    {%- set defaults = {
        'email': '[^@ ]+@[^@ ]+[.][^@ ]+',
        'phone': '[+][1-9][0-9]{6,14}',
        'loyalty_id': '[1-9][0-9]{0,17}',
        'address': '[^|]+[|][^|]+',
    } -%}
    {%- set spec = var('idstitch__identifier_types').get(identifier_type, {}) -%}
    {{ return(spec.get('format') or defaults.get(identifier_type, '[0-9A-Z]+')) }}
{%- endmacro %}

{#- True when `expr` (a staged identifier value) fits its type's format (identifier_format):
    the one test int_identity__identifiers keeps a value by and
    int_identity__normalization_issues counts the others by. -#}
{% macro fits_identifier_format(identifier_type, expr) -%}
    {{ idstitch.regexp_matches('cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')', idstitch.identifier_format(identifier_type)) }}
{%- endmacro %}

{#- The normalizer an identifier type's values go through, by type name: used where values
    arrive from configuration (the blocklist), so they compare with staged values. An
    address is written 'street|postcode' ('12 Oak Street, Apt 4|sw1a 1aa'). -#}
{% macro normalize_identifier_value(identifier_type, column) -%}
    {%- if identifier_type == 'email' -%} {{ idstitch.normalize_email(column) }}
    {%- elif identifier_type == 'phone' -%} {{ idstitch.normalize_phone(column) }}
    {%- elif identifier_type == 'loyalty_id' -%} {{ idstitch.normalize_numeric_id(column) }}
    {%- elif identifier_type == 'address' -%}
        {{ idstitch.address_key(idstitch.normalize_street(dbt.split_part(idstitch.as_text(column), "'|'", 1)),
                                idstitch.normalize_postcode(dbt.split_part(idstitch.as_text(column), "'|'", 2))) }}
    {%- else -%} {{ idstitch.normalize_identifier(column) }}
    {%- endif -%}
{%- endmacro %}
