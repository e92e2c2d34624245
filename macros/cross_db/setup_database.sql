{#- What a target needs before any model runs (called from on-run-start). DuckDB has all it
    needs built in; Postgres gets its extensions (unaccent, fuzzystrmatch: both trusted, so
    the database owner can create them) and the lenient-cast functions. -#}
{% macro setup_database() -%}
    {{ return(adapter.dispatch('setup_database', 'idstitch')()) }}
{%- endmacro %}

{% macro default__setup_database() -%}
    select 1
{%- endmacro %}

{% macro postgres__setup_database() -%}
    create extension if not exists unaccent;
    create extension if not exists fuzzystrmatch;
    create schema if not exists {{ target.schema }};
    {#- the shape check keeps Postgres from reading 'yesterday', 'now' or 'NaN', which DuckDB
        does not: both targets accept the same inputs -#}
    {%- set shapes = {
        'timestamp': '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([ T][0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?)?$',
        'date': '^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$',
        'numeric': '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$',
        'integer': '^[+-]?[0-9]+$',
    } %}
    {%- for kind in ['timestamp', 'date', 'numeric', 'integer'] %}
    create or replace function {{ target.schema }}.idstitch_try_cast_{{ kind }}(value text)
    returns {{ kind }} language plpgsql immutable as $fn$
    begin
        if trim(value) !~ '{{ shapes[kind] }}' then
            return null;
        end if;
        return cast(trim(value) as {{ kind }});
    exception when others then
        return null;
    end
    $fn$;
    {%- endfor %}
{%- endmacro %}

{#- Refresh the planner's statistics of a freshly built table (post-hook). Postgres plans
    joins on a new table from guesses until autovacuum gets to it; a guessed one-row input
    turns a hash join into a nested loop that takes minutes at 100,000 customers. -#}
{% macro analyze_relation(relation) -%}
    {{ return(adapter.dispatch('analyze_relation', 'idstitch')(relation)) }}
{%- endmacro %}

{% macro default__analyze_relation(relation) -%}
    select 1
{%- endmacro %}

{% macro postgres__analyze_relation(relation) -%}
    analyze {{ relation }}
{%- endmacro %}
