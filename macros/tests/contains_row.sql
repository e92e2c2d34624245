{#- Fails (one row saying `message`) unless at least one row of the model satisfies `condition`:
    a configured value that must name a row of a seed, such as the default phone region. -#}
{% test contains_row(model, condition, message) %}
select '{{ message | replace("'", "''") }}' as problem
where not exists (select 1 from {{ model }} where {{ condition }})
{% endtest %}
