-- The roles of "Who can read what" (README) for a DBA: idstitch_transformer (builds, dbt's
-- login is a member), idstitch_analyst (reads the marts), idstitch_steward (also the vault and
-- the review tables). Compile on the Postgres target, with the profile dbt builds with:
--   IDSTITCH_TARGET=postgres dbt compile --select postgres_roles
-- then run target/compiled/idstitch/analyses/postgres_roles.sql as a role with CREATEROLE that
-- may grant on the database (`dbt run-operation idstitch.create_roles` runs the same SQL).
-- A person logs in as their own user, a member of one role:
--   create role alice login password '...' in role idstitch_analyst;
-- dbt grants the schemas after every build (idstitch.grant_roles, on-run-end).
{{ idstitch.roles_sql() }}
