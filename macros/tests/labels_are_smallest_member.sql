{#- Fails on every component whose label is not its smallest node key. -#}
{% test labels_are_smallest_member(model, node_column, label_column) %}
    select
        {{ label_column }} as label,
        min({{ node_column }}) as smallest_member
    from {{ model }}
    group by 1
    having min({{ node_column }}) <> {{ label_column }}
{% endtest %}
