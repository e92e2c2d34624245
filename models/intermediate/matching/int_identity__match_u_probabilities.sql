-- u probabilities: how often each comparison level occurs between two random records (who
-- are almost always different people). The sample pairs every record with the records a
-- few places after it in a hashed order: random-looking, the same on every target and run,
-- and var idstitch__u_sample_pairs pairs big without a cross join.
-- A run that reuses the published parameters (idstitch.published_parameters) samples
-- nothing: its u are the published ones, pair counts NULL.
{%- set comparisons = idstitch.match_comparisons() %}
{%- set max_offset = 200 %}
{%- set published = idstitch.published_parameters() %}
{%- if published %}

with

levels as (
    {{- idstitch.comparison_level_rows() }}
),

published_parameters as (
    select * from {{ published.relation }}
    where invocation_id = '{{ published.invocation_id }}'
),

final as (
    select
        levels.comparison,
        levels.comparison_level,
        levels.level_name,
        cast(null as {{ dbt.type_bigint() }}) as pair_count,
        cast(null as {{ dbt.type_bigint() }}) as compared_pairs,
        published_parameters.u_probability
    from levels
    left join published_parameters
        on
            levels.comparison = published_parameters.comparison
            and levels.comparison_level = published_parameters.comparison_level
)

select * from final
{%- else %}

with

match_records as (
    select * from {{ ref('int_identity__match_records') }}
    where trains_parameters
),

shuffled as (
    select
        match_records.*,
        row_number() over (order by {{ dbt.hash('match_records.record_key') }}, match_records.record_key) - 1 as shuffled_position,
        count(*) over () as record_count
    from match_records
),

-- partners per record: enough for the sample size, at most {{ max_offset }}
offsets as (
    {%- for offset in range(1, max_offset + 1) %}
    select {{ offset }} as step
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

compared as (
    select
        {%- for comparison in comparisons %}
        {{ idstitch.comparison_inputs(comparison, 'a', 'b') | indent(8) }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from shuffled as a
    inner join offsets
        on
            a.record_count > offsets.step
            and offsets.step <= ceil(cast({{ var('idstitch__u_sample_pairs') }} as {{ dbt.type_numeric() }}) / a.record_count)
    inner join shuffled as b
        on b.shuffled_position = mod(a.shuffled_position + offsets.step, a.record_count)
),

sample_pairs as (
    select
        {%- for comparison in comparisons %}
        {{ idstitch.comparison_level(comparison, 'compared') | indent(8) }} as {{ comparison.name }}_level{% if not loop.last %},{% endif %}
        {%- endfor %}
    from compared
),

level_counts as (
    {%- for comparison in comparisons %}
    select
        '{{ comparison.name }}' as comparison,
        sample_pairs.{{ comparison.name }}_level as comparison_level,
        count(*) as pair_count
    from sample_pairs
    group by 1, 2
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

-- every level, also those the sample never hit
levels as (
    {{- idstitch.comparison_level_rows() }}
),

counted as (
    select
        levels.comparison,
        levels.comparison_level,
        levels.level_name,
        coalesce(level_counts.pair_count, 0) as pair_count,
        sum(case when levels.comparison_level > 0 then coalesce(level_counts.pair_count, 0) else 0 end)
            over (partition by levels.comparison) as compared_pairs
    from levels
    left join level_counts
        on
            levels.comparison = level_counts.comparison
            and levels.comparison_level = level_counts.comparison_level
),

-- a level the sample never hit counts as one pair: rare, not impossible
final as (
    select
        counted.*,
        case
            when counted.comparison_level = 0 then null
            else cast(greatest(counted.pair_count, 1) as double precision) / greatest(counted.compared_pairs, 1)
        end as u_probability
    from counted
)

select * from final
{%- endif %}
