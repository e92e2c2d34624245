{#- Why a date or time is no evidence, or NULL when it is plausible: the one set of date rules.
    Vendors fill required date fields with defaults ('1900-01-01', Excel's '1899-12-30', the
    Unix epoch '1970-01-01', '0001-01-01', '9999-12-31'); trusted, such a value decides which
    record is a customer's oldest (and so which id survives a merge) or which source wins
    survivorship by recency. Shape: a SQL expression of a date, a timestamp or ISO text, and
    the kind of date; returns 'implausible_date' or NULL (a NULL input gives NULL).
      kind 'record_time' (when a record was created or updated): before
        var('idstitch__earliest_record_time', '1970-01-02') or more than a day after now;
      kind 'birth_date': before 1901-01-01 or after today;
      kind 'deletion_time' (when a source deleted a record, read in staging): before the
        earliest record time or in the year 9000 or later (the 9999-12-31 family of
        placeholders). Not compared with now: staging is incremental
        (incremental_staging), so what it reads from a row must not depend on the day it
        runs; a deletion time in the future deletes.
    Callers turn an implausible value into NULL and count the reason (idstitch.record_time,
    idstitch.placeholder_reason). -#}
{% macro date_issue(expr, kind='record_time') -%}
    {%- if kind == 'record_time' -%}
        {%- set value = "cast(" ~ expr ~ " as " ~ dbt.type_timestamp() ~ ")" -%}
        {%- set earliest = "cast('" ~ var('idstitch__earliest_record_time', '1970-01-02') ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
        {%- set latest = dbt.dateadd('day', 1, dbt.current_timestamp()) -%}
    {%- elif kind == 'deletion_time' -%}
        {%- set value = "cast(" ~ expr ~ " as " ~ dbt.type_timestamp() ~ ")" -%}
        {%- set earliest = "cast('" ~ var('idstitch__earliest_record_time', '1970-01-02') ~ "' as " ~ dbt.type_timestamp() ~ ")" -%}
        {%- set latest = "cast('9000-01-01' as " ~ dbt.type_timestamp() ~ ")" -%}
    {%- elif kind == 'birth_date' -%}
        {%- set value = "cast(" ~ expr ~ " as date)" -%}
        {%- set earliest = "cast('1901-01-01' as date)" -%}
        {%- set latest = "current_date" -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("date_issue: kind must be 'record_time', 'deletion_time' or 'birth_date', not '" ~ kind ~ "'") }}
    {%- endif -%}
    case when {{ value }} < {{ earliest }} or {{ value }} > {{ latest }} then 'implausible_date' end
{%- endmacro %}

{#- A source's record time (its created_at or updated_at column, per idstitch__sources) as a
    timestamp, NULL when idstitch.date_issue finds it implausible: the records, their
    attributes and their identifiers all read record times through this macro, and
    int_identity__records counts the NULLs by reason. -#}
{% macro record_time(column) -%}
    case when {{ idstitch.date_issue(column) }} is null then cast({{ column }} as {{ dbt.type_timestamp() }}) end
{%- endmacro %}

{#- Why a source's record time is NULL in int_identity__records: 'implausible_date'
    (idstitch.date_issue), 'missing_or_unreadable' (NULL already in staging: blank, or text
    lenient_cast could not read, such as '2026-02-30' or an epoch number), else NULL. -#}
{% macro record_time_issue(column) -%}
    coalesce({{ idstitch.date_issue(column) }}, case when {{ column }} is null then 'missing_or_unreadable' end)
{%- endmacro %}
