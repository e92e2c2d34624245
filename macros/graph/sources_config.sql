{#- The validated list of identity sources from var('idstitch__sources'): every entry has
    source, model and record_id; every identifier type it names is declared in
    var('idstitch__identifier_types'). A misconfiguration fails at compile time, by name. -#}
{% macro identity_sources() -%}
    {%- do idstitch.validate_config() -%}
    {%- set sources = var('idstitch__sources') -%}
    {%- set types = var('idstitch__identifier_types') -%}
    {%- set seen = [] -%}
    {%- for entry in sources -%}
        {%- for key in ['source', 'model', 'record_id', 'created_at'] -%}
            {%- if not entry.get(key) -%}
                {{ exceptions.raise_compiler_error("idstitch__sources entry " ~ loop.index ~ " has no '" ~ key ~ "': " ~ entry) }}
            {%- endif -%}
        {%- endfor -%}
        {%- if entry.source in seen -%}
            {{ exceptions.raise_compiler_error("idstitch__sources names source '" ~ entry.source ~ "' twice") }}
        {%- endif -%}
        {%- do seen.append(entry.source) -%}
        {%- for identifier in entry.get('identifiers', []) -%}
            {%- if identifier.type not in types -%}
                {{ exceptions.raise_compiler_error("source '" ~ entry.source ~ "' uses identifier type '" ~ identifier.type ~ "', which idstitch__identifier_types does not declare; declared types: " ~ types.keys() | sort | join(', ')) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(sources) }}
{%- endmacro %}

{#- SQL: one row per configured identity source (source, staging_model), a union of
    literal selects, so a source with no record still has its row (an empty extract counts
    0, not nothing). -#}
{% macro configured_sources() -%}
    {%- for entry in idstitch.identity_sources() %}
    select
        '{{ entry.source }}' as source,
        '{{ entry.model }}' as staging_model
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}

{#- Every golden-record attribute any source provides, sorted. -#}
{% macro identity_attributes() -%}
    {%- set names = [] -%}
    {%- for entry in idstitch.identity_sources() -%}
        {%- for name in entry.get('attributes', {}) -%}
            {%- if name not in names %}{% do names.append(name) %}{% endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(names | sort) }}
{%- endmacro %}

{#- The SQL type of every golden-record attribute that is not text: attribute -> the data
    type its column has in every source that provides it, read from the built staging
    relations (birth_date -> date, loyalty_points -> integer): int_identity__record_attributes
    keeps each attribute in this type, and so do the golden record and the customers mart. An
    attribute whose sources disagree (an integer postcode in one, text in another), or that
    is not built yet (parse time), stays text: a cast that could fail or drop leading zeros
    is never made. -#}
{% macro attribute_types() -%}
    {%- set found = {} -%}
    {%- for entry in idstitch.identity_sources() -%}
        {%- set relation = ref(entry.model) -%}
        {%- set columns = adapter.get_columns_in_relation(relation) if execute else [] -%}
        {%- for attribute, column in entry.get('attributes', {}) | dictsort -%}
            {%- set built = columns | selectattr('name', 'equalto', column) | list
                + columns | selectattr('name', 'equalto', column | upper) | list -%}
            {%- set type = 'text' if not built or built[0].is_string() else built[0].data_type | lower -%}
            {%- do found.update({attribute: found.get(attribute, []) + [type]}) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set types = {} -%}
    {%- for attribute, seen in found.items() if seen | unique | list | length == 1 and seen[0] != 'text' -%}
        {%- do types.update({attribute: seen[0]}) -%}
    {%- endfor -%}
    {{ return(types) }}
{%- endmacro %}

{#- record key of a source row: '<source>:<record id>' -#}
{% macro record_key(source_name, record_id_expr) -%}
    '{{ source_name }}:' || cast({{ record_id_expr }} as {{ dbt.type_string() }})
{%- endmacro %}

{#- One select per (source, identifier column), union all: the long table of identifier
    occurrences, values that fit their type's format only (idstitch.identifier_format;
    int_identity__normalization_issues counts the others), one row per (record, type,
    token): where a source names several columns of one type (a phone and a mobile), their
    selects are deduplicated together, so no reader needs a DISTINCT over every occurrence
    (at 1 M records that DISTINCT was a quarter of int_identity__identifiers). `value_column`
    adds the normalized value itself (only the vault keeps it). -#}
{% macro identifier_occurrences(value_column=false) -%}
    {%- set parts = [] -%}
    {%- for entry in idstitch.identity_sources() -%}
        {%- set by_type = {} -%}
        {%- for identifier in entry.get('identifiers', []) -%}
            {%- set value = 'src.' ~ identifier.column -%}
            {%- do by_type.setdefault(identifier.type, []).append(idstitch.source_select(entry, [
                "'" ~ identifier.type ~ "' as identifier_type",
                idstitch.tokenize(identifier.type, value) ~ " as token",
                idstitch.placeholder_reason(identifier.type, value) ~ " as placeholder_reason",
            ] + (["cast(" ~ value ~ " as " ~ dbt.type_string() ~ ") as identifier_value"] if value_column else []) + [
                idstitch.record_time(idstitch.source_updated_at(entry)) ~ " as observed_at",
            ], where=idstitch.fits_identifier_format(identifier.type, value))) -%}
        {%- endfor -%}
        {%- for identifier_type, selects in by_type | dictsort -%}
            {%- if selects | length == 1 -%}
                {%- do parts.append(selects[0]) -%}
            {%- else -%}
                {%- do parts.append("select distinct * from (
    " ~ selects | join('
    union all
    ') ~ "
) as " ~ identifier_type ~ "_columns") -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
    {{ parts | join('
    union all
') }}
{%- endmacro %}

{#- Who may share a value of an identifier type, from its `shareable` setting: 'household'
    (true: a landline, a tablet, an address), 'family' (a family may share it, as an inbox;
    detected in the data: links across first names only when corroborated) or 'person'
    (false: a national id, an account id; links across first names unless contradicted).
    Anything else fails compilation with the type's name. -#}
{% macro identifier_sharing(name, spec) -%}
    {%- set value = spec.get('shareable', false) -%}
    {%- if value is sameas true -%}
        {{ return('household') }}
    {%- elif value is sameas false -%}
        {{ return('person') }}
    {%- elif value == 'family' -%}
        {{ return('family') }}
    {%- endif -%}
    {{ exceptions.raise_compiler_error("idstitch__identifier_types." ~ name ~ ": shareable must be true, false or family, not " ~ value) }}
{%- endmacro %}

{#- The identifier types as rows (identifier_type, confidence, is_shareable, sharing). -#}
{% macro identifier_types_values() -%}
    {%- do idstitch.validate_config(check_columns=false) -%}
    {%- set rows = [] -%}
    {%- for name, spec in var('idstitch__identifier_types') | dictsort -%}
        {%- set sharing = idstitch.identifier_sharing(name, spec) -%}
        {%- do rows.append("select '" ~ name ~ "' as identifier_type, cast(" ~ spec.get('confidence', 1.0) ~ " as " ~ dbt.type_numeric() ~ ") as confidence, " ~ ('true' if sharing == 'household' else 'false') ~ " as is_shareable, '" ~ sharing ~ "' as sharing") -%}
    {%- endfor -%}
    {{ rows | join('\n    union all\n    ') }}
{%- endmacro %}

{#- The non-shareable identifier types that build edges (confidence at or above
    idstitch__min_edge_confidence), sorted: a shared value of one is proof of one person
    unless contradicted (int_identity__key_edges), and pairs sharing one teach m. -#}
{% macro proof_identifier_types() -%}
    {%- do idstitch.validate_config(check_columns=false) -%}
    {%- set out = [] -%}
    {%- for name, spec in var('idstitch__identifier_types') | dictsort -%}
        {%- if idstitch.identifier_sharing(name, spec) != 'household' and spec.get('confidence', 1.0) >= var('idstitch__min_edge_confidence') -%}
            {%- do out.append(name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(out) }}
{%- endmacro %}
