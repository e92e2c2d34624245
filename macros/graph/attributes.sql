{#- Long to wide: the column of one attribute from a long table of (record, attribute,
    value) rows, as an aggregate over a group of one record (or customer). The one way every
    reader of int_identity__record_attributes or int_identity__golden_attributes pivots.
      relation:     alias of the long table in the query (e.g. 'record_attributes')
      attribute:    the attribute's name ('birth_date')
      value_column: the column holding the value (default attribute_value; golden attributes
                    also pivot source and updated_at)
      alias:        the output column's name (default the attribute's)
    Returns `max(case when <relation>.attribute = '<attribute>' then <relation>.<value_column>
    end) as <alias>`: one row per record holds at most one value per attribute. -#}
{% macro pivot_attribute(relation, attribute, value_column='attribute_value', alias=none) -%}
    max(case when {{ relation }}.attribute = '{{ attribute }}' then {{ relation }}.{{ value_column }} end) as {{ alias or attribute }}
{%- endmacro %}
