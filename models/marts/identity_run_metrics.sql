-- One row per figure per run, appended to the published figures (the work copy is the
-- published table plus this run's rows; publishing replaces it): how many records came in,
-- how they clustered, what was rejected. Read the latest run with `where invocation_id = (select max(...))` or
-- `idstitch summary`.
{%- set clusters = ref('int_identity__clusters') %}

with

records as (
    select * from {{ ref('int_identity__records') }}
),

customer_records as (
    select * from {{ ref('customer_records') }}
),

-- every configured source, so an empty extract is a 0, not a missing row
configured_sources as (
    {{- idstitch.configured_sources() }}
),

source_counts as (
    select
        configured_sources.source,
        count(records.record_key) as record_count
    from configured_sources
    left join records
        on configured_sources.source = records.source
    group by 1
),

quarantined_records as (
    select * from {{ ref('int_identity__quarantined_records') }}
),

record_changes as (
    select * from {{ ref('int_identity__record_changes') }}
),

-- what each incremental staging model's build did: rows normalized, rows kept as they were
staging_builds as (
    {{- idstitch.staging_build_counts() }}
),

-- rows a source marks deleted (its deleted_flag), per configured source (0 when none)
soft_deleted_counts as (
    {{- idstitch.soft_deleted_counts() }}
),

-- the sources records changed in: every configured one, and one taken out of the
-- configuration since the last published run (its records are deleted)
change_sources as (
    select configured_sources.source
    from configured_sources
    union
    select record_changes.source
    from record_changes
),

{#- figures per source and kind, 0 when none: (cte, sources, rows, kind column, kinds) -#}
{%- set per_source_kinds = [
    ('quarantine_counts', 'configured_sources', 'quarantined_records', 'reason',
     ['missing_record_id', 'duplicate_record_id', 'missing_activity_id', 'duplicate_activity_id']),
    ('record_change_counts', 'change_sources', 'record_changes', 'record_change',
     ['new', 'changed', 'retimed', 'unchanged', 'deleted']),
] %}
-- rows left out of the graph per reason (every source row is a record or one of these), and
-- what changed since the last published run, per configured source and kind (0 when none)
{%- for cte, sources, rows, kind_column, kinds in per_source_kinds %}
{{ cte }}_kinds as (
    {%- for kind in kinds %}
    select '{{ kind }}' as {{ kind_column }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

{{ cte }} as (
    select
        sources.source,
        kinds.{{ kind_column }},
        count({{ rows }}.source) as row_count
    from {{ sources }} as sources
    cross join {{ cte }}_kinds as kinds
    left join {{ rows }}
        on
            sources.source = {{ rows }}.source
            and kinds.{{ kind_column }} = {{ rows }}.{{ kind_column }}
    group by 1, 2
),
{%- endfor %}

edges as (
    select * from {{ ref('int_identity__edges') }}
),

match_pairs as (
    select * from {{ ref('int_identity__match_pairs') }}
),

match_blocks as (
    select * from {{ ref('int_identity__match_blocks') }}
),

match_review as (
    select * from {{ ref('int_identity__match_review') }}
),

rejected_values as (
    select * from {{ ref('int_identity__rejected_values') }}
),

normalization_issues as (
    select * from {{ ref('int_identity__normalization_issues') }}
),

suppressions as (
    select * from {{ ref('int_identity__suppressions') }}
),

erasure_requests as (
    select * from {{ source('identity_erasure', 'identity_erasure_requests') }}
),

-- records that carry an email or phone an erasure suppressed (no evidence: they link to no
-- one through it), per type, 0 when none: a value's records, summed over its values
suppressed_counts as (
    {%- for identifier_type in idstitch.suppressible_identifier_types() %}
    select
        '{{ identifier_type }}' as identifier_type,
        coalesce(sum(rejected_values.record_count), 0) as record_count
    from rejected_values
    where
        rejected_values.identifier_type = '{{ identifier_type }}'
        and rejected_values.reason = 'erased'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

carried_out_requests as (
    select distinct suppressions.request_ref
    from suppressions
),

-- erasure requests carried out (by this run or an earlier one) and still pending
request_states as (
    select
        case when carried_out_requests.request_ref is null then 'pending' else 'carried_out' end as state,
        count(*) as request_count
    from erasure_requests
    left join carried_out_requests
        on erasure_requests.request_ref = carried_out_requests.request_ref
    group by 1
),

transactions as (
    select * from {{ ref('transactions') }}
),

events as (
    select * from {{ ref('events') }}
),

clustering_rounds as (
    select * from {{ idstitch.connected_components_log(clusters, 'rounds') }}
),

-- every configured blocking rule, with its blocks' comparisons (0 for a rule with none)
rule_blocks as (
    {%- for rule in idstitch.blocking_rules() %}
    select
        '{{ rule.name }}' as blocking_rule,
        coalesce(sum(match_blocks.comparisons), 0) as comparisons,
        coalesce(sum(case when match_blocks.is_skipped then 1 else 0 end), 0) as blocks_skipped,
        coalesce(sum(case when match_blocks.is_skipped then match_blocks.comparisons else 0 end), 0)
            as comparisons_skipped
    from match_blocks
    where match_blocks.blocking_rule = '{{ rule.name }}'
    union all
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as blocking_rule,
        0 as comparisons,
        0 as blocks_skipped,
        0 as comparisons_skipped
    where 1 = 0
),

customer_sizes as (
    select
        customer_records.customer_id,
        count(*) as record_count
    from customer_records
    group by 1
),

figures as (
    {%- set figures = [
        ("'source_records'", "source_counts.source", "source_counts.record_count", "source_counts", ""),
        ("'record_changes'", "record_change_counts.source || ':' || record_change_counts.record_change", "record_change_counts.row_count", "record_change_counts", ""),
        ("'staged_rows_normalized'", "staging_builds.staging_model || ':' || staging_builds.build", "staging_builds.rows_normalized", "staging_builds", ""),
        ("'staged_rows_kept'", "staging_builds.staging_model", "staging_builds.rows_kept", "staging_builds", ""),
        ("'soft_deleted_records'", "soft_deleted_counts.source", "soft_deleted_counts.soft_deleted_rows", "soft_deleted_counts", ""),
        ("'quarantined_records'", "quarantine_counts.source || ':' || quarantine_counts.reason", "quarantine_counts.row_count", "quarantine_counts", ""),
        ("'records_assigned'", "customer_records.source", "count(*)", "customer_records", "group by 2"),
        ("'customers'", "'all'", "count(*)", "customer_sizes", ""),
        ("'customers'", "'multi_record'", "count(*)", "customer_sizes", "where customer_sizes.record_count > 1"),
        ("'largest_customer_records'", "'all'", "coalesce(max(customer_sizes.record_count), 0)", "customer_sizes", ""),
        ("'edges'", "edges.identifier_type", "count(*)", "edges", "group by 2"),
        ("'blocking_comparisons'", "rule_blocks.blocking_rule", "rule_blocks.comparisons", "rule_blocks", ""),
        ("'blocks_skipped'", "rule_blocks.blocking_rule", "rule_blocks.blocks_skipped", "rule_blocks", ""),
        ("'comparisons_skipped'", "rule_blocks.blocking_rule", "rule_blocks.comparisons_skipped", "rule_blocks", ""),
        ("'match_candidate_pairs'", "match_pairs.blocked_by", "count(*)", "match_pairs", "group by 2"),
        ("'match_candidate_pairs'", "'already_key_linked'", "count(*)", "match_pairs", "where match_pairs.is_key_linked"),
        ("'match_review_pairs'", "'all'", "count(*)", "match_review", ""),
        ("'rejected_values'", "rejected_values.identifier_type || ':' || rejected_values.reason", "count(*)", "rejected_values", "group by 2"),
        ("'normalization_issues'", "normalization_issues.source || ':' || normalization_issues.identifier_type || ':' || normalization_issues.issue", "sum(normalization_issues.record_count)", "normalization_issues", "group by 2"),
        ("'suppressed_records'", "suppressed_counts.identifier_type", "suppressed_counts.record_count", "suppressed_counts", ""),
        ("'erasure_requests'", "request_states.state", "request_states.request_count", "request_states", ""),
        ("'clustering_rounds'", "'hook'", "coalesce(max(clustering_rounds.round), 0)", "clustering_rounds", ""),
        ("'clustering_rounds'", "'passes'", "coalesce(max(clustering_rounds.pass), 0)", "clustering_rounds", ""),
        ("'transactions'", "transactions.identity_status || case when transactions.customer_id is null then ':without_customer' else ':with_customer' end", "count(*)", "transactions", "group by 2"),
        ("'events'", "events.identity_status || case when events.customer_id is null then ':without_customer' else ':with_customer' end", "count(*)", "events", "group by 2"),
    ] %}
    {%- for metric, dimension, value, relation, tail in figures %}
    select
        {{ metric }} as metric,
        {{ dimension }} as dimension,
        {{ value }} as metric_value
    from {{ relation }}
    {%- if tail %}
    {{ tail }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

this_run as (
    select
        '{{ invocation_id }}' as invocation_id,
        {{ idstitch.run_started_at_timestamp() }} as run_started_at,
        figures.metric,
        figures.dimension,
        cast(figures.metric_value as {{ dbt.type_bigint() }}) as metric_value
    from figures
),

final as (
    {{ idstitch.published_log_rows('identity_run_metrics', ['invocation_id', 'run_started_at', 'metric', 'dimension', 'metric_value']) }}
    select * from this_run
)

select * from final
