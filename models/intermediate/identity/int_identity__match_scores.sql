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

term_frequencies as (
    select * from {{ ref('int_identity__match_term_frequencies') }}
),

prior_parameter as (
    select parameters.match_weight
    from parameters
    where parameters.comparison = '(prior)'
),

-- each comparison's level and weight; an exact match on a term-frequency comparison weighs
-- log2(m / share of records holding the value) instead of log2(m / u)
weighed as (
    select
        match_pairs.record_key_a,
        match_pairs.record_key_b,
        match_pairs.source_a,
        match_pairs.source_b,
        match_pairs.blocked_by,
        match_pairs.is_key_linked,
        {%- for comparison in comparisons %}
        {%- set p = 'p_' ~ comparison.name %}
        coalesce({{ p }}.level_name, 'null') as {{ comparison.name }}_level,
        {%- if comparison.term_frequency %}
        cast(case
            when tf_{{ comparison.name }}.term_frequency is not null
                then {{ idstitch.match_weight(p ~ '.m_probability', 'tf_' ~ comparison.name ~ '.term_frequency') }}
            else coalesce({{ p }}.match_weight, 0)
        end as {{ dbt.type_numeric() }}) as {{ comparison.name }}_weight,
        {%- else %}
        cast(coalesce({{ p }}.match_weight, 0) as {{ dbt.type_numeric() }}) as {{ comparison.name }}_weight,
        {%- endif %}
        {%- endfor %}
        cast(prior_parameter.match_weight as {{ dbt.type_numeric() }}) as prior_weight
    from match_pairs
    cross join prior_parameter
    {%- for comparison in comparisons %}
    {%- set p = 'p_' ~ comparison.name %}
    left join parameters as {{ p }}
        on
            {{ p }}.comparison = '{{ comparison.name }}'
            and match_pairs.{{ comparison.name }}_level = {{ p }}.comparison_level
    {%- if comparison.term_frequency %}
    left join term_frequencies as tf_{{ comparison.name }}
        on
            tf_{{ comparison.name }}.comparison = '{{ comparison.name }}'
            and match_pairs.{{ comparison.name }}_level = 1
            and match_pairs.{{ comparison.name }}_value = tf_{{ comparison.name }}.term
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
