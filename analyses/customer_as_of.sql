-- What did a customer consist of at a point in time?
--   dbt compile --select customer_as_of --vars '{customer_id: "cus_..."}'
-- then run target/compiled/idstitch/analyses/customer_as_of.sql.
-- as_of ('YYYY-MM-DD' or 'YYYY-MM-DD HH:MM:SS', on the warehouse's clock) is compared with
-- the assignments snapshot's dbt_valid_from: when the build that published a state ran its
-- snapshot, not a date from the source data. History starts at the first build, so an
-- earlier as_of returns no rows. Without as_of: the warehouse's time at compile, i.e. the
-- latest published state.
-- The times states changed: select distinct dbt_valid_from from
-- <schema>_snapshots.identity_assignments_snapshot order by 1.
{%- set as_of = var('as_of', none) %}
{%- if as_of is none and execute %}
    {%- set as_of = run_query('select cast(' ~ snapshot_get_time() ~ ' as ' ~ dbt.type_string() ~ ')').columns[0].values()[0] %}
{%- endif %}
{{ idstitch.customer_records_as_of(var('customer_id', ''), as_of or '2999-12-31') }}
