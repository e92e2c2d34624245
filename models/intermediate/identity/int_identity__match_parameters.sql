{{
    config(
        materialized='match_parameters',
        u_probabilities='int_identity__match_u_probabilities',
        records='int_identity__match_records',
    )
}}
-- depends_on: {{ ref('int_identity__match_u_probabilities') }}
-- The estimated Fellegi-Sunter parameters: one row per (comparison, level) with its m and u
-- probability, where each came from, and the match weight log2(m / u); plus the prior.
-- The SQL below is the training data the materialization runs EM over: the candidate
-- pairs, once per blocking rule that found them and once overall, and every pair of records
-- deterministic keys put together ('(key_linked)'), grouped by level pattern.
{%- set comparisons = idstitch.match_comparisons() %}
{%- set rules = idstitch.blocking_rules() %}

with

match_records as (
    select * from {{ ref('int_identity__match_records') }}
    where trains_parameters
),

-- candidate pairs of two training records (placeholder records train nothing)
match_pairs as (
    select candidates.*
    from {{ ref('int_identity__match_pairs') }} as candidates
    inner join match_records as a
        on candidates.record_key_a = a.record_key
    inner join match_records as b
        on candidates.record_key_b = b.record_key
),

-- same person by deterministic keys (precise, not blocked): where m starts, or stays
linked_pairs as (
    select
        {%- for comparison in comparisons %}
        {{ idstitch.comparison_inputs(comparison, 'a.' ~ comparison.column, 'b.' ~ comparison.column) | indent(8) }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from match_records as a
    inner join match_records as b
        on
            a.key_cluster_key = b.key_cluster_key
            and a.record_key < b.record_key
),

key_linked as (
    select
        '(key_linked)' as training_set,
        true as is_key_linked,
        {%- for comparison in comparisons %}
        {{ idstitch.comparison_level(comparison, 'linked_pairs') | indent(8) }} as {{ comparison.name }}_level,
        {%- endfor %}
        count(*) as pair_count
    from linked_pairs
    group by {% for n in range(1, comparisons | length + 3) %}{{ n }}{% if not loop.last %}, {% endif %}{% endfor %}
),

sessions as (
    {%- for session in rules | map(attribute='name') | list + ['(all)'] %}
    select
        '{{ session }}' as training_set,
        match_pairs.is_key_linked,
        {%- for comparison in comparisons %}
        match_pairs.{{ comparison.name }}_level,
        {%- endfor %}
        count(*) as pair_count
    from match_pairs
    {%- if session != '(all)' %}
    where match_pairs.in_{{ session }}
    {%- endif %}
    group by {% for n in range(1, comparisons | length + 3) %}{{ n }}{% if not loop.last %}, {% endif %}{% endfor %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select * from sessions
    union all
    select * from key_linked
)

select * from final
