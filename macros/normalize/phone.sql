{#- Phone to E.164 ('+15551234567'). Numbers written nationally get the configured country
    code (idstitch__phone_country_code); '00' and '+' mark international numbers; a trunk
    prefix (idstitch__phone_trunk_prefix, e.g. '0') is dropped. Anything else becomes NULL. -#}
{% macro phone_e164_digits(column) -%}
    {%- set cc = var('idstitch__phone_country_code') | string -%}
    {%- set national = var('idstitch__phone_national_digits') | int -%}
    {%- set trunk = var('idstitch__phone_trunk_prefix') | string -%}
    {%- set digits = "regexp_replace(trim(" ~ column ~ "), '[^0-9]', '', 'g')" -%}
    case
        when trim({{ column }}) like '+%' then {{ digits }}
        when {{ digits }} like '00%' then substr({{ digits }}, 3)
        {%- if trunk %}
        when {{ digits }} like '{{ trunk }}%' and length({{ digits }}) = {{ national + trunk | length }}
            then '{{ cc }}' || substr({{ digits }}, {{ trunk | length + 1 }})
        {%- endif %}
        when length({{ digits }}) = {{ national }} then '{{ cc }}' || {{ digits }}
        when {{ digits }} like '{{ cc }}%' and length({{ digits }}) = {{ national + cc | length }}
            then {{ digits }}
    end
{%- endmacro %}

{% macro normalize_phone(column) -%}
    case
        when {{ idstitch.phone_issue(column) }} is null and nullif(trim({{ column }}), '') is not null
            then '+' || {{ idstitch.phone_e164_digits(column) }}
    end
{%- endmacro %}

{#- Why normalize_phone gave NULL for a non-blank value: 'invalid_format' (cannot be read as
    an E.164 number of 8 to 15 digits) or 'placeholder' (one digit repeated), else NULL. -#}
{% macro phone_issue(column) -%}
    {%- set e164 = idstitch.phone_e164_digits(column) -%}
    case
        when nullif(trim({{ column }}), '') is null then null
        when coalesce(length({{ e164 }}), 0) not between 8 and 15 then 'invalid_format'
        when replace(substr({{ e164 }}, {{ (var('idstitch__phone_country_code') | string | length) + 1 }}),
                     substr({{ e164 }}, {{ (var('idstitch__phone_country_code') | string | length) + 1 }}, 1), '') = ''
            then 'placeholder'
    end
{%- endmacro %}
