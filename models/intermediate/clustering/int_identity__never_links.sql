-- Pairs of records that must end in different customers (cannot-link constraints): analysts'
-- never-link decisions, pairs the key path found to be two people on one shared value
-- (int_identity__key_edges.contradicted_by: birth dates or suffixes that disagree, a
-- source's two records under two first names on one inbox), and scored pairs at a level
-- that says "different people" (var idstitch__cannot_link_levels: different generation
-- suffixes, birth dates that disagree). The clustering
-- splits any component that holds both, cutting its weakest links, so a record without a
-- suffix cannot chain father and son into one customer.
with

overrides as (
    select * from {{ ref('int_identity__overrides') }}
),

match_scores as (
    select * from {{ ref('int_identity__match_scores') }}
),

key_edges as (
    select * from {{ ref('int_identity__key_edges') }}
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

contradicted as (
    select
        key_edges.anchor_key as node_a,
        key_edges.record_key as node_b,
        'key path ' || key_edges.identifier_type || ': ' || key_edges.contradicted_by as reason,
        'idstitch' as decided_by
    from key_edges
    where key_edges.contradicted_by is not null
),

final as (
    select * from decided
    union all
    select * from contradicted
    union all
    select * from contrary
)

select * from final
