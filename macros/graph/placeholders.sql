{#- Why a normalized value is a placeholder rather than evidence, or NULL when it is evidence.
    A placeholder never counts as agreement in scoring, never blocks two records together and
    never links them as a shared identifier: 35 vendor rows named 'Unknown Unknown', or two
    members who both typed unknown@unknown.com, are not one person.

    Shape: field name (a golden-record attribute or an identifier type) and a SQL expression
    of the normalized value, as text; returns a text reason or NULL. Sources:
    - the seed `placeholder_values` (field, value, reason), exact on the normalized value:
      field 'name' for first_name and last_name, 'email_local_part' and 'email_domain' for
      email, 'birth_date' (ISO text) and 'postcode';
    - rules: a name of one repeated letter ('xx', 'aaaa') or an email whose local part is one
      repeated character ('xx@', 'xxx@'): 'repeated_character'; a name without a letter ('-'):
      'no_letter'; a birth date
      before 1901-01-01 or after today ('1900-01-01', '0001-01-01', '9999-12-31'):
      'implausible_date' (idstitch.date_issue).
    Other fields have no placeholders here (identifier values also go through the blocklist
    and the frequency caps of int_identity__rejected_values). -#}
{% macro placeholder_reason(field, expr) -%}
    {%- set value = "cast(" ~ expr ~ " as " ~ dbt.type_string() ~ ")" -%}
    {%- if field in ['first_name', 'last_name'] -%}
    case
        when length({{ value }}) >= 2 and replace({{ value }}, substr({{ value }}, 1, 1), '') = ''
            then 'repeated_character'
        when not {{ idstitch.regexp_matches(value, '.*[a-z].*') }} then 'no_letter'
        else {{ idstitch.placeholder_lookup('name', value) }}
    end
    {%- elif field == 'birth_date' -%}
    coalesce({{ idstitch.date_issue(value, 'birth_date') }}, {{ idstitch.placeholder_lookup('birth_date', value) }})
    {%- elif field == 'email' -%}
    {%- set local_part = dbt.split_part(value, "'@'", 1) -%}
    coalesce(
        case
            when length({{ local_part }}) >= 2 and replace({{ local_part }}, substr({{ local_part }}, 1, 1), '') = ''
                then 'repeated_character'
        end,
        {{ idstitch.placeholder_lookup('email_local_part', dbt.split_part(value, "'@'", 1)) }},
        {{ idstitch.placeholder_lookup('email_domain', dbt.split_part(value, "'@'", 2)) }}
    )
    {%- elif field == 'postcode' -%}
    {{ idstitch.placeholder_lookup('postcode', value) }}
    {%- else -%}
    cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}

{#- The seed's reason for (field, value), or NULL: a scalar subquery. The value 'null' is a
    placeholder in every field without a seed row: a seed cannot hold the text 'null' (dbt
    loads it as NULL on Postgres). -#}
{% macro placeholder_lookup(field, value) -%}
    case
        when {{ value }} = 'null' then 'placeholder'
        else (
            select max(placeholder_values.reason)
            from {{ ref('placeholder_values') }} as placeholder_values
            where placeholder_values.field = '{{ field }}' and placeholder_values.value = {{ value }}
        )
    end
{%- endmacro %}
