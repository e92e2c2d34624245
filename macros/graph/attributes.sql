{#- The evidence in one attribute column of int_identity__record_attributes (wide: one row
    per record, one typed column per attribute, and <attribute>_placeholder_reason beside
    it): the value, or NULL where it is a placeholder (idstitch.placeholder_reason, or
    'too_frequent'). The one way matching, the key path, the contacts mart and survivorship
    read an attribute.
      relation:  alias of int_identity__record_attributes in the query ('record_attributes')
      attribute: the attribute's name ('birth_date')
    Returns a SQL expression of the attribute's own type (idstitch.attribute_types; text
    where its sources disagree); `cast(null as text)` for an attribute no source declares,
    so a project without birth dates compiles and compares nothing. -#}
{% macro attribute_evidence(relation, attribute) -%}
    {#- the entries as configured, not idstitch.identity_sources(): a unit test overriding
        the identifier types must not fail on a source's undeclared identifier -#}
    {%- set declared = [] -%}
    {%- for entry in var('idstitch__sources') if attribute in entry.get('attributes', {}) -%}
        {%- do declared.append(entry.source) -%}
    {%- endfor -%}
    {%- if declared -%}
    case when {{ relation }}.{{ attribute }}_placeholder_reason is null then {{ relation }}.{{ attribute }} end
    {%- else -%}
    cast(null as {{ dbt.type_string() }})
    {%- endif -%}
{%- endmacro %}
