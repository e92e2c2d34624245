-- The blocks of every blocking rule, counted before a single pair is formed (a group-by per
-- rule): one row per rule and block holding at least one comparison. block_key is the
-- rule's key values joined by '|'; records_a and records_b count the records holding them
-- on each side of the rule's join (the same for a rule without cross keys), comparisons the
-- rows that join makes for the block: n(n - 1) / 2, or records_a * records_b less the
-- records on both sides for a cross key, whose join runs both ways (so a swapped pair, seen
-- from both of its blocks, counts twice). A block with more than var
-- idstitch__max_block_size records on a side is skipped (is_skipped): int_identity__match_pairs
-- forms none of its pairs, the build warns, and identity_run_metrics counts it, so one common
-- value cannot make blocking quadratic without anyone noticing.
{%- set rules = idstitch.blocking_rules() %}
{%- set max_block_size = idstitch.max_block_size() %}
{{ config(post_hook="{{ idstitch.log_skipped_blocks(this) }}") }}

with

match_records as not materialized (
    select * from {{ ref('int_identity__match_records') }}
),

-- records per block, per side (a rule without cross keys has one side)
{%- for rule in rules %}
{%- for side in (['a'] if idstitch.blocking_rule_is_symmetric(rule) else ['a', 'b']) %}

{{ rule.name }}_side_{{ side }} as (
    select
        {{ idstitch.blocking_block_key(rule, 'match_records', side) }} as block_key,
        {%- if side == 'b' %}
        -- records on both sides of their own block (a first name equal to the last name),
        -- which a cross key's join never pairs with themselves
        sum(case
            when {{ idstitch.blocking_block_key(rule, 'match_records', 'a') }}
                = {{ idstitch.blocking_block_key(rule, 'match_records', 'b') }}
                then 1
            else 0
        end) as own_block_records,
        {%- endif %}
        count(*) as records
    from match_records
    group by 1
),
{%- endfor %}
{%- endfor %}

blocks as (
    {%- if not rules %}
    select
        cast(null as {{ dbt.type_string() }}) as blocking_rule,
        cast(null as {{ dbt.type_string() }}) as block_key,
        cast(0 as {{ dbt.type_bigint() }}) as records_a,
        cast(0 as {{ dbt.type_bigint() }}) as records_b,
        cast(0 as {{ dbt.type_bigint() }}) as comparisons
    from match_records
    where 1 = 0
    {%- endif %}
    {%- for rule in rules %}
    {%- if idstitch.blocking_rule_is_symmetric(rule) %}
    select
        '{{ rule.name }}' as blocking_rule,
        side_a.block_key,
        side_a.records as records_a,
        side_a.records as records_b,
        side_a.records * (side_a.records - 1) / 2 as comparisons
    from {{ rule.name }}_side_a as side_a
    where side_a.block_key is not null and side_a.records > 1
    {%- else %}
    select
        '{{ rule.name }}' as blocking_rule,
        side_a.block_key,
        side_a.records as records_a,
        side_b.records as records_b,
        side_a.records * side_b.records - side_b.own_block_records as comparisons
    from {{ rule.name }}_side_a as side_a
    inner join {{ rule.name }}_side_b as side_b on side_a.block_key = side_b.block_key
    where side_a.records * side_b.records > side_b.own_block_records
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        cast(blocks.blocking_rule as {{ dbt.type_string() }}) as blocking_rule,
        blocks.block_key,
        cast(blocks.records_a as {{ dbt.type_bigint() }}) as records_a,
        cast(blocks.records_b as {{ dbt.type_bigint() }}) as records_b,
        cast(blocks.comparisons as {{ dbt.type_bigint() }}) as comparisons,
        greatest(blocks.records_a, blocks.records_b) > {{ max_block_size }} as is_skipped
    from blocks
)

select * from final
