-- What did a customer consist of on a date?
--   dbt compile --select customer_as_of --vars '{customer_id: "cus_...", as_of: "2026-01-31"}'
-- then run target/compiled/idstitch/analyses/customer_as_of.sql.
{{ idstitch.customer_records_as_of(var('customer_id', ''), var('as_of', '2999-12-31')) }}
