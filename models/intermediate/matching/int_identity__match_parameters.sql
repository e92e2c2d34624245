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
-- share a value of a non-shareable identifier type ('(key_linked)', with the types they
-- share: linked_by_<type>), grouped by level pattern.
{%- set comparisons = idstitch.match_comparisons() %}
{%- set rules = idstitch.blocking_rules() %}
{%- set proof_types = idstitch.proof_identifier_types() %}

with

match_records as not materialized (
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

-- where m starts (or stays): pairs of records that share a value of a non-shareable type
-- (an email, a loyalty or account id), whatever their names, birth dates or other values
-- say, so no comparison's m is learned from pairs selected by that comparison. The
-- materialization learns a comparison from the pairs linked by a type other than the one it
-- compares (a pair found by its shared email says nothing about how often emails agree).
proof_values as (
    select distinct
        identifiers.record_key,
        identifiers.identifier_type,
        identifiers.token
    from {{ ref('int_identity__identifiers') }} as identifiers
    inner join match_records
        on identifiers.record_key = match_records.record_key
    left join {{ ref('int_identity__rejected_values') }} as rejected_values
        on
            identifiers.identifier_type = rejected_values.identifier_type
            and identifiers.token = rejected_values.token
    where
        rejected_values.token is null
        and identifiers.identifier_type in ('{{ (proof_types or ['(none)']) | join("', '") }}')
),

proof_pairs as (
    select
        a.record_key as record_key_a,
        b.record_key as record_key_b
        {%- for identifier_type in proof_types %},
        max(case when a.identifier_type = '{{ identifier_type }}' then 1 else 0 end) = 1 as linked_by_{{ identifier_type }}
        {%- endfor %}
    from proof_values as a
    inner join proof_values as b
        on
            a.identifier_type = b.identifier_type
            and a.token = b.token
            and a.record_key < b.record_key
    group by 1, 2
),

linked_pairs as (
    select
        {%- for identifier_type in proof_types %}
        proof_pairs.linked_by_{{ identifier_type }},
        {%- endfor %}
        {%- for comparison in comparisons %}
        {{ idstitch.comparison_inputs(comparison, 'a', 'b') | indent(8) }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from proof_pairs
    inner join match_records as a
        on proof_pairs.record_key_a = a.record_key
    inner join match_records as b
        on proof_pairs.record_key_b = b.record_key
),

key_linked as (
    select
        '(key_linked)' as training_set,
        true as is_key_linked,
        {%- for comparison in comparisons %}
        {{ idstitch.comparison_level(comparison, 'linked_pairs') | indent(8) }} as {{ comparison.name }}_level,
        {%- endfor %}
        {%- for identifier_type in proof_types %}
        linked_pairs.linked_by_{{ identifier_type }},
        {%- endfor %}
        count(*) as pair_count
    from linked_pairs
    group by {% for n in range(1, comparisons | length + proof_types | length + 3) %}{{ n }}{% if not loop.last %}, {% endif %}{% endfor %}
),

sessions as (
    {%- for session in rules | map(attribute='name') | list + ['(all)'] %}
    select
        '{{ session }}' as training_set,
        match_pairs.is_key_linked,
        {%- for comparison in comparisons %}
        match_pairs.{{ comparison.name }}_level,
        {%- endfor %}
        {%- for identifier_type in proof_types %}
        cast(null as boolean) as linked_by_{{ identifier_type }},
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
