-- How common each value of a term-frequency comparison is: agreeing on a common value
-- ('smith') is weaker evidence than agreeing on a rare one ('szczepanski'), so an exact match
-- on value v uses u = share of records holding v instead of the comparison's average u.
{%- set comparisons = idstitch.match_comparisons() | selectattr('term_frequency') | list %}

with

match_records as not materialized (
    select * from {{ ref('int_identity__match_records') }}
    where trains_parameters
),

{% if comparisons -%}
value_counts as (
    {%- for comparison in comparisons %}
    select
        '{{ comparison.name }}' as comparison,
        match_records.{{ comparison.column }} as term,
        count(*) as record_count
    from match_records
    where match_records.{{ comparison.column }} is not null
    group by 1, 2
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        value_counts.comparison,
        value_counts.term,
        value_counts.record_count,
        cast(value_counts.record_count as double precision)
        / sum(value_counts.record_count) over (partition by value_counts.comparison) as term_frequency
    from value_counts
)
{%- else -%}
final as (
    select
        cast(null as {{ dbt.type_string() }}) as comparison,
        cast(null as {{ dbt.type_string() }}) as term,
        cast(null as {{ dbt.type_bigint() }}) as record_count,
        cast(null as double precision) as term_frequency
    from match_records
    where 1 = 0
)
{%- endif %}

select * from final
