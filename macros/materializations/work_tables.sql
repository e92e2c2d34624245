{#- Helpers the project's materializations share. -#}

{#- A work table of the model being built: <model>__<name>, in the model's schema. -#}
{% macro work_relation(name) -%}
    {{ return(api.Relation.create(database=this.database, schema=this.schema, identifier=this.identifier ~ '__' ~ name, type='table')) }}
{%- endmacro %}

{#- Put the freshly built `built` table in place of the model's relation: the old one (if
    any) moves aside to `backup` and is dropped once the new one has its name. -#}
{% macro swap_in(built, target_relation, existing_relation, backup) -%}
    {%- if existing_relation is not none -%}
        {%- do adapter.rename_relation(existing_relation, backup) -%}
    {%- endif -%}
    {%- do adapter.rename_relation(built, target_relation) -%}
    {%- do adapter.drop_relation(backup) -%}
{%- endmacro %}

{#- Drop `relation` whatever it is (a table or a view), if the relation cache knows it (what
    existed when the run started: a killed run's leftovers). -#}
{% macro drop_existing(relation) -%}
    {%- set existing = adapter.get_relation(relation.database, relation.schema, relation.identifier) -%}
    {%- if existing is not none -%}
        {%- do adapter.drop_relation(existing) -%}
    {%- endif -%}
{%- endmacro %}
