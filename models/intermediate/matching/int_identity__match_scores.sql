-- Every candidate pair scored: per comparison, the level it reached and the weight that
-- level carries (in bits, term-frequency adjusted), their sum with the prior, and the match
-- probability. What a reviewer reads to see why two records were (or were not) linked.
{%- set comparisons = idstitch.match_comparisons() %}

with

match_pairs as (
    select * from {{ ref('int_identity__match_pairs') }}
),

parameters as (
    select * from {{ ref('int_identity__match_parameters') }}
),

term_frequencies as not materialized (
    select * from {{ ref('int_identity__match_term_frequencies') }}
),

-- the model as one row (every level's weight, and m where a term frequency replaces u), so
-- scoring a pair needs no join per comparison
model_row as (
    select
        max(case when parameters.comparison = '(prior)' then parameters.match_weight end) as prior_weight
        {%- for comparison in comparisons %}
        {%- for level in range(1, comparison.levels | length + 2) %},
        max(case when parameters.comparison = '{{ comparison.name }}' and parameters.comparison_level = {{ level }} then parameters.match_weight end) as {{ comparison.name }}_weight_{{ level }}
        {%- endfor %}
        {%- if comparison.term_frequency %},
        max(case when parameters.comparison = '{{ comparison.name }}' and parameters.comparison_level = 1 then parameters.m_probability end) as {{ comparison.name }}_m_1
        {%- endif %}
        {%- endfor %}
    from parameters
),

-- each comparison's level and weight; an exact match on a term-frequency comparison weighs
-- log2(m / share of records holding the value) instead of log2(m / u), and so do names that
-- traded places, on the more common of the two values
weighed as (
    select
        match_pairs.record_key_a,
        match_pairs.record_key_b,
        match_pairs.source_a,
        match_pairs.source_b,
        match_pairs.blocked_by,
        match_pairs.is_key_linked,
        {%- for comparison in comparisons %}
        {%- set names = idstitch.comparison_level_names(comparison) %}
        case match_pairs.{{ comparison.name }}_level
            {%- for name in names %}
            when {{ loop.index0 }} then '{{ name }}'
            {%- endfor %}
        end as {{ comparison.name }}_level,
        cast(case
            {%- if comparison.term_frequency %}
            {%- if comparison.swapped %}
            when coalesce(tf_{{ comparison.name }}.term_frequency, tf_{{ comparison.name }}_b.term_frequency) is not null
                then {{ idstitch.match_weight('model_row.' ~ comparison.name ~ '_m_1', 'greatest(coalesce(tf_' ~ comparison.name ~ '.term_frequency, 0), coalesce(tf_' ~ comparison.name ~ '_b.term_frequency, 0))') }}
            {%- else %}
            when tf_{{ comparison.name }}.term_frequency is not null
                then {{ idstitch.match_weight('model_row.' ~ comparison.name ~ '_m_1', 'tf_' ~ comparison.name ~ '.term_frequency') }}
            {%- endif %}
            {%- endif %}
            {%- for level in range(1, comparison.levels | length + 2) %}
            when match_pairs.{{ comparison.name }}_level = {{ level }} then model_row.{{ comparison.name }}_weight_{{ level }}
            {%- endfor %}
            else 0
        end as {{ dbt.type_numeric() }}) as {{ comparison.name }}_weight,
        {%- endfor %}
        cast(model_row.prior_weight as {{ dbt.type_numeric() }}) as prior_weight
    from match_pairs
    cross join model_row
    {%- for comparison in comparisons if comparison.term_frequency %}
    left join term_frequencies as tf_{{ comparison.name }}
        on
            tf_{{ comparison.name }}.comparison = '{{ comparison.name }}'
            and match_pairs.{{ comparison.name }}_value = tf_{{ comparison.name }}.term
    {%- if comparison.swapped %}
    left join term_frequencies as tf_{{ comparison.name }}_b
        on
            tf_{{ comparison.name }}_b.comparison = '{{ comparison.name }}'
            and match_pairs.{{ comparison.name }}_value_b = tf_{{ comparison.name }}_b.term
    {%- endif %}
    {%- endfor %}
),

summed as (
    select
        weighed.*,
        cast(
            weighed.prior_weight
            {%- for comparison in comparisons %}
            + weighed.{{ comparison.name }}_weight
            {%- endfor %}
            as {{ dbt.type_numeric() }}
        ) as match_weight
    from weighed
),

final as (
    select
        summed.*,
        cast({{ idstitch.bits_to_probability('summed.match_weight') }} as {{ dbt.type_numeric() }}) as match_probability
    from summed
)

select * from final
