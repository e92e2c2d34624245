-- Candidate pairs for probabilistic matching, with the level each comparison reached.
-- Blocking rules (var idstitch__blocking_rules) are equi-joins on their keys, so no rule
-- ever forms a cross join, and no rule forms the pairs of a block int_identity__match_blocks
-- skipped (more records than idstitch__max_block_size); a pair found by several rules is
-- kept once, with a flag per rule that formed it.
{%- set rules = idstitch.blocking_rules() %}
{%- set comparisons = idstitch.match_comparisons() %}

with

match_records as (
    select * from {{ ref('int_identity__match_records') }}
),

skipped_blocks as (
    select * from {{ ref('int_identity__match_blocks') }}
    where is_skipped
),
{%- for rule in rules %}

-- the records that open a pair under {{ rule.name }}: those whose block it did not skip (a
-- pair belongs to the block of its first side, so filtering records filters its pairs)
{{ rule.name }}_records as (
    select match_records.*
    from match_records
    left join skipped_blocks
        on
            skipped_blocks.blocking_rule = '{{ rule.name }}'
            and {{ idstitch.blocking_block_key(rule, 'match_records', 'a') }} = skipped_blocks.block_key
    where skipped_blocks.block_key is null
),
{%- endfor %}

-- each rule's pairs, smaller record key first (no rules: no pairs, matching is off)
rule_pairs as (
    {%- if not rules %}
    select
        match_records.record_key as record_key_a,
        match_records.record_key as record_key_b,
        cast(null as {{ dbt.type_string() }}) as blocking_rule
    from match_records
    where 1 = 0
    {%- endif %}
    {%- for rule in rules %}
    {%- set symmetric = idstitch.blocking_rule_is_symmetric(rule) %}
    -- {{ 'each pair once' if symmetric else 'a cross key joins both ways: a pair holds whichever record reads which column' }}
    select
        {%- if symmetric %}
        a.record_key as record_key_a,
        b.record_key as record_key_b,
        {%- else %}
        least(a.record_key, b.record_key) as record_key_a,
        greatest(a.record_key, b.record_key) as record_key_b,
        {%- endif %}
        '{{ rule.name }}' as blocking_rule
    from {{ rule.name }}_records as a
    inner join match_records as b
        on
            {% for key in rule['keys'] -%}
            {{ idstitch.blocking_key(key, 'a') }} = {{ idstitch.blocking_key(key, 'b', 'b') }}
            {% if not loop.last %}and {% endif %}
            {%- endfor %}
            and a.record_key {{ '<' if symmetric else '<>' }} b.record_key
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- one row per pair: which rules formed it, and the first of them in config order
blocked as (
    select
        rule_pairs.record_key_a,
        rule_pairs.record_key_b,
        {%- for rule in rules %}
        max(case when rule_pairs.blocking_rule = '{{ rule.name }}' then 1 else 0 end) = 1 as in_{{ rule.name }},
        {%- endfor %}
        {%- if rules %}
        min(case
            {%- for rule in rules %}
            when rule_pairs.blocking_rule = '{{ rule.name }}' then {{ loop.index }}
            {%- endfor %}
        end) as rule_number
        {%- else %}
        cast(null as {{ dbt.type_int() }}) as rule_number
        {%- endif %}
    from rule_pairs
    group by 1, 2
),

-- what each comparison decides on: both values, and each fuzzy similarity computed once
compared as (
    select
        blocked.record_key_a,
        blocked.record_key_b,
        a.source as source_a,
        b.source as source_b,
        a.key_cluster_key = b.key_cluster_key as is_key_linked,
        {%- if rules %}
        case blocked.rule_number
            {%- for rule in rules %}
            when {{ loop.index }} then '{{ rule.name }}'
            {%- endfor %}
        end as blocked_by,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as blocked_by,
        {%- endif %}
        {%- for rule in rules %}
        blocked.in_{{ rule.name }},
        {%- endfor %}
        {%- for comparison in comparisons %}
        {{ idstitch.comparison_inputs(comparison, 'a', 'b') | indent(8) }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from blocked
    inner join match_records as a
        on blocked.record_key_a = a.record_key
    inner join match_records as b
        on blocked.record_key_b = b.record_key
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
