-- Candidate pairs for probabilistic matching (int_identity__match_candidates: which rules
-- paired them), with the level each comparison reached: both records' values are read
-- here, each fuzzy similarity is computed once, and a level is the first that holds.
{%- set rules = idstitch.blocking_rules() %}
{%- set comparisons = idstitch.match_comparisons() %}

with

-- read twice (side a, side b), not copied: DuckDB materializes a CTE that is referenced twice
match_records as not materialized (
    select * from {{ ref('int_identity__match_records') }}
),

candidates as (
    select * from {{ ref('int_identity__match_candidates') }}
),

-- what each comparison decides on: both values, and each fuzzy similarity computed once
compared as (
    select
        candidates.record_key_a,
        candidates.record_key_b,
        a.source as source_a,
        b.source as source_b,
        a.key_cluster_key = b.key_cluster_key as is_key_linked,
        candidates.blocked_by,
        {%- for rule in rules %}
        candidates.in_{{ rule.name }},
        {%- endfor %}
        {%- for comparison in comparisons %}
        {{ idstitch.comparison_inputs(comparison, 'a', 'b') | indent(8) }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from candidates
    inner join match_records as a
        on candidates.record_key_a = a.record_key
    inner join match_records as b
        on candidates.record_key_b = b.record_key
),

final as (
    select
        compared.record_key_a,
        compared.record_key_b,
        compared.is_key_linked,
        compared.blocked_by,
        {%- for rule in rules %}
        compared.in_{{ rule.name }},
        {%- endfor %}
        {%- for comparison in comparisons %}
        {{ idstitch.comparison_level(comparison, 'compared') | indent(8) }} as {{ comparison.name }}_level,
        {%- if comparison.term_frequency %}
        {%- set a = 'compared.' ~ comparison.name ~ '_a' %}
        {%- set b = 'compared.' ~ comparison.name ~ '_b' %}
        -- the shared value, for its term frequency; names that traded places weigh as an
        -- exact match on the more common of the two values (value_b is the other one)
        case
            when {{ a }} = {{ b }} then {{ a }}
            {%- if comparison.swapped %}
            when {{ idstitch.comparison_level_holds(comparison.swapped, a, b, 'compared.' ~ comparison.name) }} then {{ a }}
            {%- endif %}
        end as {{ comparison.name }}_value,
        {%- if comparison.swapped %}
        case
            when {{ a }} <> {{ b }} and {{ idstitch.comparison_level_holds(comparison.swapped, a, b, 'compared.' ~ comparison.name) }}
                then {{ b }}
        end as {{ comparison.name }}_value_b,
        {%- endif %}
        {%- endif %}
        {%- endfor %}
        compared.source_a,
        compared.source_b
    from compared
)

select * from final
