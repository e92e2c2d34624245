{#- Activity marts: rows that belong to an identity record (orders, in-store sales, app
    events, tickets), configured per staging model in var('idstitch__transaction_sources')
    and var('idstitch__event_sources'), and tied to the customer of the record they name.

    The columns each mart has beyond its keys, with their types: one definition, read by
    the marts, their tests and the validation of the vars. -#}
{% macro activity_columns(mart) -%}
    {%- set columns = {
        'transactions': [
            ('channel', dbt.type_string()),
            ('store_id', dbt.type_string()),
            ('transacted_at', dbt.type_timestamp()),
            ('amount', idstitch.type_money()),
            ('currency', dbt.type_string()),
            ('status', dbt.type_string()),
        ],
        'events': [
            ('event_type', dbt.type_string()),
            ('occurred_at', dbt.type_timestamp()),
            ('points', dbt.type_int()),
            ('detail', dbt.type_string()),
        ],
    } -%}
    {%- if mart not in columns -%}
        {{ exceptions.raise_compiler_error("activity_columns: mart must be one of " ~ (columns.keys() | list) ~ ", not '" ~ mart ~ "'") }}
    {%- endif -%}
    {{ return(columns[mart]) }}
{%- endmacro %}

{#- The validated entries of the activity var of a mart ('transactions' or 'events'):
    idstitch__transaction_sources / idstitch__event_sources. Each entry:
      source:    an identity source of var('idstitch__sources'): the rows belong to its records
      model:     the staging model holding one row per activity
      id:        the model's column holding the activity's own id (unique within the source)
      record_id: the model's column holding the identity record's id in that source (the
                 source's record_id); NULL makes the row anonymous
      columns:   mart column -> SQL expression over the model's columns (a column name, or
                 e.g. "'online'"); a mart column not named is NULL
    A misconfiguration fails compilation, naming the var, the entry and the allowed values. -#}
{% macro activity_sources(mart) -%}
    {%- set var_name = 'idstitch__transaction_sources' if mart == 'transactions' else 'idstitch__event_sources' -%}
    {%- set allowed = idstitch.activity_columns(mart) | map(attribute=0) | list -%}
    {%- set identity_sources = idstitch.identity_sources() | map(attribute='source') | list -%}
    {%- set entries = var(var_name) -%}
    {%- set seen = [] -%}
    {%- for entry in entries -%}
        {%- set label = var_name ~ " entry " ~ loop.index ~ " (model " ~ entry.get('model') ~ ")" -%}
        {%- for key in ['source', 'model', 'id', 'record_id'] if not entry.get(key) -%}
            {{ exceptions.raise_compiler_error(label ~ " has no '" ~ key ~ "'; an entry needs source, model, id, record_id and optional columns") }}
        {%- endfor -%}
        {%- if entry.source not in identity_sources -%}
            {{ exceptions.raise_compiler_error(label ~ ": source '" ~ entry.source ~ "' is not a source of idstitch__sources (" ~ identity_sources | join(', ') ~ "): activity belongs to an identity source's records") }}
        {%- endif -%}
        {%- for column in entry.get('columns', {}) if column not in allowed -%}
            {{ exceptions.raise_compiler_error(label ~ ": '" ~ column ~ "' is no column of " ~ mart ~ "; its columns are " ~ allowed | join(', ')) }}
        {%- endfor -%}
        {%- if (entry.source, entry.model) in seen -%}
            {{ exceptions.raise_compiler_error(label ~ ": source '" ~ entry.source ~ "' and model '" ~ entry.model ~ "' are named twice") }}
        {%- endif -%}
        {%- do seen.append((entry.source, entry.model)) -%}
    {%- endfor -%}
    {{ return(entries) }}
{%- endmacro %}

{#- SELECT of every configured activity row of a mart ('transactions' or 'events'), union
    all: <mart singular>_key ('<source>:<id>'), source, source_<singular>_id, record_key
    (NULL when the row names no record, or an erased one: idstitch.not_erased), then
    activity_columns(mart), typed. An empty var gives no row, with the same columns. Rows
    int_identity__quarantined_records holds are left out (activity_source_rows): one without
    a usable activity id, and every copy of a duplicated one but the first by content. -#}
{% macro activity_rows(mart) -%}
    {%- set singular = mart[:-1] -%}
    {%- set columns = idstitch.activity_columns(mart) -%}
    {%- set parts = [] -%}
    {%- for entry in idstitch.activity_sources(mart) -%}
        {%- set erased = idstitch.not_erased(idstitch.record_key(entry.source, 'src.' ~ entry.record_id)) -%}
        {%- set part -%}
    select
        {{ idstitch.record_key(entry.source, 'src.' ~ entry.id) }} as {{ singular }}_key,
        '{{ entry.source }}' as source,
        cast(src.{{ entry.id }} as {{ dbt.type_string() }}) as source_{{ singular }}_id,
        case
            when src.{{ entry.record_id }} is not null{% if erased %} and {{ erased }}{% endif %}
                then {{ idstitch.record_key(entry.source, 'src.' ~ entry.record_id) }}
        end as record_key,
        {%- for name, type in columns %}
        cast({{ entry.get('columns', {}).get(name, 'null') }} as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ idstitch.activity_source_rows(entry) }} as src
        {%- endset -%}
        {%- do parts.append(part) -%}
    {%- endfor -%}
    {%- if not parts -%}
        {%- set part -%}
    select
        cast(null as {{ dbt.type_string() }}) as {{ singular }}_key,
        cast(null as {{ dbt.type_string() }}) as source,
        cast(null as {{ dbt.type_string() }}) as source_{{ singular }}_id,
        cast(null as {{ dbt.type_string() }}) as record_key,
        {%- for name, type in columns %}
        cast(null as {{ type }}) as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    where 1 = 0
        {%- endset -%}
        {%- do parts.append(part) -%}
    {%- endif -%}
    {{ parts | join('\n    union all\n') }}
{%- endmacro %}

{#- The rows of an activity entry's staging model that int_identity__quarantined_records
    does not hold, as a FROM item (a subquery to alias): idstitch.select_kept_rows over the
    model keyed by the activity id, reason 'duplicate_activity_id': a row needs a usable
    activity id (idstitch.usable_record_id), and of a duplicated id only the copy with the
    smallest row fingerprint stays, as the quarantine ranks them. Copies are ranked only in
    models the built quarantine table lists duplicates of (all of them before it is built):
    a clean model costs the filter alone. -#}
{% macro activity_source_rows(entry) -%}
    {%- set keyed = {'source': entry.source, 'model': entry.model, 'record_id': entry.id} -%}
    (
        {{ idstitch.select_kept_rows(keyed, ['src.*'], 'duplicate_activity_id', idstitch.source_row_fingerprint) }}
    )
{%- endmacro %}

{#- The whole model of an activity mart ('transactions' or 'events'): activity_rows(mart),
    each row with the customer of its identity record. Every row stays: activity of a record
    deleted upstream keeps its last customer (while it exists) and says so in
    identity_status ('assigned', 'record_deleted'); a row naming no record is
    'anonymous'; a record idstitch never saw is 'record_unknown'. -#}
{% macro activity_mart(mart) -%}
    {%- set singular = mart[:-1] -%}
with

record_customers as (
    select * from {{ ref('int_identity__record_customers') }}
),

unioned as (
    {{ idstitch.activity_rows(mart) }}
),

final as (
    select
        unioned.{{ singular }}_key,
        unioned.source,
        unioned.source_{{ singular }}_id,
        unioned.record_key,
        record_customers.customer_id,
        case
            when unioned.record_key is null then 'anonymous'
            else coalesce(record_customers.identity_status, 'record_unknown')
        end as identity_status,
        {%- for name, type in idstitch.activity_columns(mart) %}
        unioned.{{ name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from unioned
    left join record_customers
        on unioned.record_key = record_customers.record_key
)

select * from final
{%- endmacro %}

{#- The one SQL type of money in the marts (transactions.amount, customers.revenue):
    dbt.type_numeric() (DuckDB decimal(28,6), Postgres numeric(28,6)). -#}
{% macro type_money() -%}
    {{ dbt.type_numeric() }}
{%- endmacro %}

{#- This invocation's start time as a timestamp literal, to the microsecond: the one run time
    every log mart writes (identity_changes, identity_run_metrics, identity_match_parameters),
    so they join on it. -#}
{% macro run_started_at_timestamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- Whether the demo (its raw seeds, sources, staging models and the package's unit tests,
    which fix the demo's configuration) is built: true in idstitch's own project, false in a
    project that installs idstitch as a package and brings its own sources. Staging models
    call it in config(); YAML files, which cannot call macros, compare project_name the
    same way. -#}
{% macro demo_enabled() -%}
    {{ return(project_name == 'idstitch') }}
{%- endmacro %}
