{#- How an entry of var('idstitch__sources') becomes rows: the one SELECT skeleton every
    reader of the identity sources uses (records, record attributes, identifier
    occurrences, normalization issues), so record keys, source names and record times are
    built the same way everywhere.
      entry:   a validated entry of idstitch.identity_sources()
      columns: list of SQL select items over the staging model aliased `src`
               (e.g. ["'email' as identifier_type", "src.email as value"])
      where:   optional SQL condition over `src`
    Returns `select <record_key>, '<source>' as source, <columns> from <model> as src
    [where ...]`: record_key is '<source>:<record id>' (idstitch.record_key). -#}
{% macro source_select(entry, columns, where=none) -%}
    select
        {{ idstitch.record_key(entry.source, 'src.' ~ entry.record_id) }} as record_key,
        '{{ entry.source }}' as source,
        {{ columns | join(',\n        ') }}
    from {{ ref(entry.model) }} as src
    {%- if where %}
    where {{ where }}
    {%- endif %}
{%- endmacro %}

{#- The staging column holding when an entry's record last changed: updated_at, or
    created_at for a source without one. Returns 'src.<column>'. -#}
{% macro source_updated_at(entry) -%}
    src.{{ entry.get('updated_at') or entry.created_at }}
{%- endmacro %}
