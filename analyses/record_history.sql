-- Which customer was a record in on a date?
--   dbt compile --select record_history --vars '{record_key: "ecommerce:100234", as_of: "2026-01-31"}'
-- then run target/compiled/idstitch/analyses/record_history.sql.
{{ idstitch.record_customer_as_of(var('record_key', ''), var('as_of', '2999-12-31')) }}
