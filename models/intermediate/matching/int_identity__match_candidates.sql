-- Candidate pairs for probabilistic matching: which records the blocking rules pair, before
-- anything is compared. Blocking rules (var idstitch__blocking_rules) are equi-joins on
-- their keys, so no rule ever forms a cross join, and no rule forms the pairs of a block
-- int_identity__match_blocks skipped (more records than idstitch__max_block_size); a pair
-- found by several rules is kept once, with a flag per rule that formed it.
--
-- Keys only: int_identity__match_pairs then reads both records' values for the pair. One
-- model doing both held the rule joins, the pair group-by and two hash tables of every
-- record's values at once: at 10 M records it ran out of an 8GB memory_limit, where the two
-- steps apart take 5.2 and 6.0 GiB (README, "At scale").
{%- set rules = idstitch.blocking_rules() %}

with

-- read once per rule join, not copied: DuckDB materializes a CTE that is referenced twice
match_records as not materialized (
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
final as (
    select
        rule_pairs.record_key_a,
        rule_pairs.record_key_b,
        {%- for rule in rules %}
        max(case when rule_pairs.blocking_rule = '{{ rule.name }}' then 1 else 0 end) = 1 as in_{{ rule.name }},
        {%- endfor %}
        {%- if rules %}
        case min(case
            {%- for rule in rules %}
            when rule_pairs.blocking_rule = '{{ rule.name }}' then {{ loop.index }}
            {%- endfor %}
        end)
            {%- for rule in rules %}
            when {{ loop.index }} then '{{ rule.name }}'
            {%- endfor %}
        end as blocked_by
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as blocked_by
        {%- endif %}
    from rule_pairs
    group by 1, 2
)

select * from final
