-- Pairs of records that must end in different customers (cannot-link constraints): analysts'
-- never-link decisions, and scored pairs at a level that says "different people" (var
-- idstitch__cannot_link_levels: different generation suffixes, Sr and Jr). The clustering
-- splits any component that holds both, cutting its weakest links, so a record without a
-- suffix cannot chain father and son into one customer.
with

overrides as (
    select * from {{ ref('int_identity__overrides') }}
),

match_scores as (
    select * from {{ ref('int_identity__match_scores') }}
),

decided as (
    select
        overrides.record_key_a as node_a,
        overrides.record_key_b as node_b,
        overrides.reason,
        overrides.decided_by
    from overrides
    where overrides.decision = 'never_link'
),

{%- set contrary_levels = var('idstitch__cannot_link_levels', {}) %}

contrary as (
    {%- for comparison, levels in contrary_levels | dictsort %}
    select
        match_scores.record_key_a as node_a,
        match_scores.record_key_b as node_b,
        '{{ comparison }} ' || match_scores.{{ comparison }}_level as reason,
        'idstitch' as decided_by
    from match_scores
    where match_scores.{{ comparison }}_level in ('{{ levels | join("', '") }}')
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- else %}
    select
        cast(null as {{ dbt.type_string() }}) as node_a,
        cast(null as {{ dbt.type_string() }}) as node_b,
        cast(null as {{ dbt.type_string() }}) as reason,
        cast(null as {{ dbt.type_string() }}) as decided_by
    where 1 = 0
    {%- endfor %}
),

final as (
    select * from decided
    union all
    select * from contrary
)

select * from final
