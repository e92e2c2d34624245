-- Every edge of the identity graph: deterministic key edges, probabilistic matches scored at
-- or above var idstitch__match_threshold (their probability is their confidence) and not
-- contradicted (var idstitch__match_vetoes), and analysts' force-links.

with

key_edges as (
    select * from {{ ref('int_identity__key_edges') }}
),

match_scores as (
    select * from {{ ref('int_identity__match_scores') }}
),

overrides as (
    select * from {{ ref('int_identity__overrides') }}
),

-- a pair deterministic keys already joined needs no second edge; a contradiction (different
-- generation suffixes; first names that disagree at one street) keeps a pair out of the graph
-- whatever else it shares: spouses share an address, a family email and a last name, and
-- these facts are not independent
matched as (
    select
        match_scores.record_key_b as record_key,
        match_scores.record_key_a as anchor_key,
        'match_score' as identifier_type,
        match_scores.record_key_a || ' ~ ' || match_scores.record_key_b as token,
        cast(match_scores.match_probability as {{ dbt.type_numeric() }}) as confidence,
        'match_weight' as corroborated_by
    from match_scores
    where
        not match_scores.is_key_linked
        and match_scores.match_probability >= {{ var('idstitch__match_threshold') }}
        {%- for veto in idstitch.match_vetoes() %}
        and not (
            {%- for comparison, levels in veto | dictsort %}
            coalesce(match_scores.{{ comparison }}_level, 'null') in ('{{ levels | join("', '") }}')
            {%- if not loop.last %} and{% endif %}
            {%- endfor %}
        )
        {%- endfor %}
),

forced as (
    select
        overrides.record_key_b as record_key,
        overrides.record_key_a as anchor_key,
        'force_link' as identifier_type,
        overrides.record_key_a || ' ~ ' || overrides.record_key_b as token,
        cast(1 as {{ dbt.type_numeric() }}) as confidence,
        'analyst' as corroborated_by
    from overrides
    where overrides.decision = 'force_link'
),

final as (
    select
        key_edges.record_key,
        key_edges.anchor_key,
        key_edges.identifier_type,
        key_edges.token,
        key_edges.confidence,
        key_edges.corroborated_by
    from key_edges
    where key_edges.contradicted_by is null
    union all
    select * from matched
    union all
    select * from forced
)

select * from final
