{#- Email: trim, lowercase, drop +tags, drop dots in gmail/googlemail local parts,
    googlemail.com -> gmail.com. Anything that is not local@domain.tld becomes NULL. -#}
{% macro normalize_email(column) -%}
    {%- set column = idstitch.as_text(column) -%}
    {%- set cleaned = "lower(trim(" ~ column ~ "))" -%}
    {%- set local = dbt.split_part(cleaned, "'@'", 1) -%}
    {%- set domain = dbt.split_part(cleaned, "'@'", 2) -%}
    {%- set is_gmail = domain ~ " in ('gmail.com', 'googlemail.com')" -%}
    {%- set untagged = "regexp_replace(" ~ local ~ ", '[+].*$', '')" -%}
    case
        when {{ idstitch.email_issue(column) }} is null and nullif(trim({{ column }}), '') is not null
            then
                case when {{ is_gmail }} then replace({{ untagged }}, '.', '') else {{ untagged }} end
                || '@'
                || case when {{ is_gmail }} then 'gmail.com' else {{ domain }} end
    end
{%- endmacro %}

{#- Why normalize_email gave NULL for a non-blank value ('invalid_format'), else NULL. -#}
{% macro email_issue(column) -%}
    {%- set column = idstitch.as_text(column) -%}
    case
        when nullif(trim({{ column }}), '') is null then null
        when not {{ idstitch.regexp_matches("lower(trim(" ~ column ~ "))", "[a-z0-9._%''+-]+@[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}") }}
            then 'invalid_format'
    end
{%- endmacro %}
