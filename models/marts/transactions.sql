-- Every purchase of the sources in var idstitch__transaction_sources (the demo: web orders
-- and in-store sales), one row each, with the customer of the identity record it came from
-- (idstitch.activity_mart).
{{ idstitch.activity_mart('transactions') }}
