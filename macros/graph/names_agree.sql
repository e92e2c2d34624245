{#- Do two (normalized, nickname-resolved) first names name the same person? Equal, or one
    letter apart inside a name of five letters or more with the same first and last letter
    ('brian' ~ 'biian'), which keeps 'maria' and 'mario', 'jane' and 'june' apart. -#}
{% macro names_agree(a, b) -%}
    (
        {{ a }} = {{ b }}
        or (
            least(length({{ a }}), length({{ b }})) >= 5
            and substr({{ a }}, 1, 1) = substr({{ b }}, 1, 1)
            and substr({{ a }}, length({{ a }}), 1) = substr({{ b }}, length({{ b }}), 1)
            and {{ idstitch.edit_distance(a, b) }} <= 1
        )
    )
{%- endmacro %}
