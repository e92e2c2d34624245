{#- Fails unless `model` groups nodes exactly as `expected` does: every expected group is one
    component and every component one expected group, with the same nodes on both sides.
    Labels may differ; only the partition counts. -#}
{% test same_partition(model, node_column, label_column, expected, expected_node_column, expected_group_column) %}
    with

    actual as (
        select {{ node_column }} as node, {{ label_column }} as label from {{ model }}
    ),

    wanted as (
        select
            cast({{ expected_node_column }} as {{ dbt.type_string() }}) as node,
            cast({{ expected_group_column }} as {{ dbt.type_string() }}) as expected_group
        from {{ expected }}
    ),

    paired as (
        select
            coalesce(actual.node, wanted.node) as node,
            actual.label,
            wanted.expected_group
        from actual
        full outer join wanted on actual.node = wanted.node
    ),

    -- a node on one side only, a label spanning two groups, a group split over two labels
    problems as (
        select node, 'node missing on one side' as problem from paired
        where label is null or expected_group is null
        union all
        select min(node), 'component spans ' || cast(count(distinct expected_group) as {{ dbt.type_string() }}) || ' expected groups'
        from paired where label is not null
        group by label having count(distinct expected_group) > 1
        union all
        select min(node), 'expected group split into ' || cast(count(distinct label) as {{ dbt.type_string() }}) || ' components'
        from paired where expected_group is not null
        group by expected_group having count(distinct label) > 1
    )

    select * from problems
{% endtest %}
