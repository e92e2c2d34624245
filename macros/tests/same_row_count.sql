{#- Fails (one row, both counts) unless the model has as many rows as `compare_model`: a
    model built one row per row of another (every candidate pair scored once) keeps its key
    uniqueness from it, at the cost of two counts instead of a scan of its keys. -#}
{% test same_row_count(model, compare_model) %}
    with

    counts as (
        select
            (select count(*) from {{ model }}) as model_rows,
            (select count(*) from {{ compare_model }}) as compare_model_rows
    )

    select * from counts
    where model_rows <> compare_model_rows
{% endtest %}
