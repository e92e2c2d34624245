-- Every event of the sources in var idstitch__event_sources (the demo: app activity, loyalty
-- points and support tickets) on one timeline, one row each, with the customer of the
-- identity record it came from (idstitch.activity_mart).
{{ idstitch.activity_mart('events') }}
