{#- A PII value on its way into a mart: the value itself when var idstitch__expose_pii is
    true, else its salted token (the same token the identity graph uses for that type, so
    marts still join on it). A typed value (a birth date) is tokenized as its text, the text
    int_identity__vault maps each token back to. -#}
{% macro pii(identifier_type, expr) -%}
    {%- if var('idstitch__expose_pii') -%}
        {{ expr }}
    {%- else -%}
        case when {{ expr }} is not null then {{ idstitch.tokenize(identifier_type, 'cast(' ~ expr ~ ' as ' ~ dbt.type_string() ~ ')') }} end
    {%- endif -%}
{%- endmacro %}
