{% snapshot identity_assignments_snapshot %}
{#- The publish step of write-audit-publish. dbt runs a node only after every test on its
    ancestors passed, so the snapshot depends on every mart: when it runs, the whole build
    and its tests are green. In the snapshot's own transaction it records this run's
    assignments and publishes the marts and the change log (post-hook idstitch.publish_marts),
    so a failed test or a killed run leaves the published marts, the change log and this
    history exactly as the last good run left them. -#}
-- depends_on: {{ ref('customers') }}
-- depends_on: {{ ref('contacts') }}
-- depends_on: {{ ref('transactions') }}
-- depends_on: {{ ref('events') }}
-- depends_on: {{ ref('identity_changes') }}
-- depends_on: {{ ref('identity_run_metrics') }}
-- depends_on: {{ ref('identity_match_parameters') }}
-- depends_on: {{ ref('int_identity__suppressions') }}
select * from {{ ref('customer_records') }}
{% endsnapshot %}
