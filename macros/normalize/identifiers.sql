{#- Opaque identifier (device id, account id): letters and digits only, upper case. -#}
{% macro normalize_identifier(column) -%}
    nullif(upper(regexp_replace(trim({{ column }}), '[^A-Za-z0-9]', '', 'g')), '')
{%- endmacro %}

{#- Numeric identifier printed in several ways ('LC-1234', '00001234'): digits without
    leading zeros. -#}
{% macro normalize_numeric_id(column) -%}
    nullif(ltrim(regexp_replace(trim({{ column }}), '[^0-9]', '', 'g'), '0'), '')
{%- endmacro %}

{#- Why normalize_numeric_id gave NULL for a non-blank value: 'placeholder' (all zeros) or
    'invalid_format' (no digits), else NULL. -#}
{% macro numeric_id_issue(column) -%}
    case
        when nullif(trim({{ column }}), '') is null then null
        when regexp_replace(trim({{ column }}), '[^0-9]', '', 'g') = '' then 'invalid_format'
        when {{ idstitch.normalize_numeric_id(column) }} is null then 'placeholder'
    end
{%- endmacro %}

{#- The normalizer an identifier type's values go through, by type name: used where values
    arrive from configuration (the blocklist), so they compare with staged values. -#}
{% macro normalize_identifier_value(identifier_type, column) -%}
    {%- if identifier_type == 'email' -%} {{ idstitch.normalize_email(column) }}
    {%- elif identifier_type == 'phone' -%} {{ idstitch.normalize_phone(column) }}
    {%- elif identifier_type == 'loyalty_id' -%} {{ idstitch.normalize_numeric_id(column) }}
    {%- elif identifier_type == 'address' -%} nullif(upper(trim({{ column }})), '')
    {%- else -%} {{ idstitch.normalize_identifier(column) }}
    {%- endif -%}
{%- endmacro %}
