-- Candidate pairs for probabilistic matching, with the level each comparison reached.
-- Blocking rules (var idstitch__blocking_rules) are equi-joins on their keys, so no rule
-- ever forms a cross join; a pair found by several rules is kept once, with a flag per rule.
{%- set rules = idstitch.blocking_rules() %}
{%- set comparisons = idstitch.match_comparisons() %}

with

match_records as (
    select * from {{ ref('int_identity__match_records') }}
),

-- each rule's pairs, smaller record key first (no rules: no pairs, matching is off)
blocked as (
    {%- if not rules %}
    select
        match_records.record_key as record_key_a,
        match_records.record_key as record_key_b
    from match_records
    where 1 = 0
    {%- endif %}
    {%- for rule in rules %}
    select
        a.record_key as record_key_a,
        b.record_key as record_key_b
    from match_records as a
    inner join match_records as b
        on
            {% for key in rule['keys'] -%}
            {{ idstitch.blocking_key(key, 'a') }} = {{ idstitch.blocking_key(key, 'b', 'b') }}
            {% if not loop.last %}and {% endif %}
            {%- endfor %}
            and a.record_key < b.record_key
    {%- if not loop.last %}
    union
    {%- endif %}
    {%- endfor %}
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
        case
            {%- for rule in rules %}
            when {{ idstitch.blocking_rule_holds(rule, 'a', 'b') }} then '{{ rule.name }}'
            {%- endfor %}
        end as blocked_by,
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as blocked_by,
        {%- endif %}
        {%- for rule in rules %}
        coalesce({{ idstitch.blocking_rule_holds(rule, 'a', 'b') }}, false) as in_{{ rule.name }},
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
