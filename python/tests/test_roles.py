"""Who can read what on PostgreSQL (README, "Who can read what"; macros/identity/roles.sql).

The roles come from the DBA file (analyses/postgres_roles.sql, compiled and run as a role that
may create roles); the demo is built into a schema of its own, and every build grants the
schemas (idstitch.grant_roles, on-run-end). Logins of our own, members of one role each,
connect over TCP with a password, as an analyst or a steward would, and try to read every
relation the project has in the warehouse:

- a member of idstitch_analyst reads every published mart (the manifest's marts, and every
  table of the target schema) and is refused on every other schema of the build (vault,
  identity, work copies, snapshots, raw sources, config);
- a member of idstitch_steward also reads the vault, the review tables of var
  idstitch__review_models and the assignments history, and nothing else in the identity
  schema;
- tables created later follow their schema, and a rebuild that drops and recreates a
  published mart keeps every grant;
- a member of idstitch_transformer may create schemas; an analyst may not.

Red when grant_roles is skipped (the analyst reads no mart), when it grants the analyst the
identity schema, and when tables created later are not covered (no default privileges).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path

import psycopg2
import psycopg2.errors
import pytest
import yaml
from conftest import ROOT, WORKER_A, run_dbt

from idstitch import postgres

pytestmark = WORKER_A

ROLES = ("idstitch_transformer", "idstitch_analyst", "idstitch_steward")
# the schemas a build makes besides the target schema (the marts), as suffixes of it
EXPECTED_SCHEMAS = ("_identity", "_identity_vault", "_work", "_snapshots", "_raw", "_identity_config")
PROBE = "roles_probe"


def review_models() -> list[str]:
    project = yaml.safe_load((ROOT / "dbt_project.yml").read_text())
    return project["vars"]["idstitch__review_models"]


def as_admin(settings: postgres.Settings, sql: str) -> None:
    """Run SQL as a role that may create roles: dbt's login when it has CREATEROLE, else the
    local server's postgres superuser."""
    with contextlib.closing(settings.connect()) as con, con, con.cursor() as cur:
        cur.execute("select rolsuper or rolcreaterole from pg_catalog.pg_roles where rolname = current_user")
        if cur.fetchone()[0]:
            cur.execute(sql)
            return
    postgres._as_postgres(sql)


def owner_query(settings: postgres.Settings, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of a query as dbt's login (the owner of everything the build made)."""
    with contextlib.closing(settings.connect()) as con, con, con.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall() if cur.description else []


def schemas_of_build(settings: postgres.Settings, schema: str) -> list[str]:
    """The target schema's derived schemas (<schema>_*) that exist."""
    rows = owner_query(settings,
                       "select nspname from pg_catalog.pg_namespace where nspname like %s order by 1",
                       (schema.replace("_", "\\_") + "\\_%",))
    return [name for (name,) in rows]


def relations_in(settings: postgres.Settings, schema: str) -> list[str]:
    """Every table and view of a schema, as 'schema.name'."""
    rows = owner_query(settings, """
        select format('%%I.%%I', namespace.nspname, class.relname)
        from pg_catalog.pg_class as class
        inner join pg_catalog.pg_namespace as namespace on class.relnamespace = namespace.oid
        where namespace.nspname = %s and class.relkind in ('r', 'p', 'v', 'm', 'f')
        order by 1""", (schema,))
    return [name for (name,) in rows]


def published_marts(env: dict[str, str]) -> list[str]:
    """The marts, from the manifest of the build (not a list that could go stale)."""
    manifest = json.loads((Path(env["DBT_TARGET_PATH"]) / "manifest.json").read_text())
    marts = [node["alias"] for node in manifest["nodes"].values()
             if node["resource_type"] == "model" and node["package_name"] == "idstitch"
             and node["fqn"][1] == "marts"]
    assert len(marts) >= 8, marts
    return sorted(marts)


class Login:
    """A login role of our own, member of one group role, connecting over TCP with a password."""

    def __init__(self, settings: postgres.Settings, name: str, role: str):
        self.settings, self.name, self.role = settings, name, role
        self.password = secrets.token_hex(16)

    def create(self) -> None:
        as_admin(self.settings, f"drop role if exists {self.name}; create role {self.name} "
                                f"login password '{self.password}' in role {self.role}")

    def drop(self) -> None:
        as_admin(self.settings, f"drop role if exists {self.name}")

    @contextlib.contextmanager
    def session(self):
        con = psycopg2.connect(host=self.settings.host, port=self.settings.port, user=self.name,
                               password=self.password, dbname=self.settings.database, connect_timeout=5)
        con.autocommit = True
        try:
            with con.cursor() as cur:
                # a TCP session (a Unix-socket session has no server address)
                cur.execute("select inet_server_addr() is not null, current_user")
                assert cur.fetchone() == (True, self.name)
            yield con
        finally:
            con.close()

    def readable(self, relations: list[str]) -> dict[str, bool]:
        """relation -> whether this login may select from it (refused: permission denied)."""
        found = {}
        with self.session() as con, con.cursor() as cur:
            for relation in relations:
                try:
                    cur.execute(f"select * from {relation} limit 1")
                    found[relation] = True
                except psycopg2.errors.InsufficientPrivilege:
                    found[relation] = False
        return found


@pytest.fixture(scope="module")
def roles_build(postgres_env, tmp_path_factory):
    """The roles (from the DBA file), a login per role, and the demo built in a schema of this
    module's own (a rebuild here must not disturb the shared demo)."""
    settings = postgres.Settings.from_env()
    schema = postgres_env["IDSTITCH_PG_SCHEMA"] + "_roles"
    base = tmp_path_factory.mktemp("roles")
    env = {**postgres_env, "IDSTITCH_PG_SCHEMA": schema,
           "DBT_TARGET_PATH": str(base / "target"), "DBT_LOG_PATH": str(base / "logs")}
    postgres.drop_schemas(settings, schema)
    run_dbt(["compile", "--select", "postgres_roles"], env)
    compiled = Path(env["DBT_TARGET_PATH"]) / "compiled" / "idstitch" / "analyses" / "postgres_roles.sql"
    try:
        as_admin(settings, compiled.read_text())
    except RuntimeError as exc:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            raise
        pytest.skip(f"no role here may create roles: {exc}")
    # roles are cluster-wide: the logins are named after this build's schema
    logins = {kind: Login(settings, f"{schema}_{kind}", f"idstitch_{kind}")
              for kind in ("analyst", "steward", "transformer")}
    for login in logins.values():
        login.create()
    try:
        run_dbt(["build", "--select", "resource_type:seed", "--indirect-selection", "cautious"], env)
        run_dbt(["build", "--exclude", "resource_type:seed"], env)
        yield {"env": env, "settings": settings, "schema": schema, **logins}
    finally:
        for login in logins.values():
            login.drop()


def review_relations(schema: str) -> list[str]:
    return [f"{schema}_identity.{name}" for name in review_models()]


def assert_analyst_reads_marts_only(build) -> None:
    settings, schema = build["settings"], build["schema"]
    published = relations_in(settings, schema)
    assert {f"{schema}.{mart}" for mart in published_marts(build["env"])} <= set(published)
    others = schemas_of_build(settings, schema)
    assert {schema + suffix for suffix in EXPECTED_SCHEMAS} <= set(others)
    elsewhere = [relation for other in others for relation in relations_in(settings, other)]
    reads = build["analyst"].readable(published + elsewhere)
    assert [r for r in published if not reads[r]] == [], "marts the analyst may not read"
    assert [r for r in elsewhere if reads[r]] == [], "relations outside the marts the analyst reads"


def assert_steward_reads_vault_and_review(build) -> None:
    settings, schema = build["settings"], build["schema"]
    vault = relations_in(settings, schema + "_identity_vault")
    assert f"{schema}_identity_vault.int_identity__vault" in vault
    allowed = (relations_in(settings, schema) + vault + review_relations(schema)
               + [f"{schema}_snapshots.identity_assignments_snapshot"])
    everything = [relation for other in [schema, *schemas_of_build(settings, schema)]
                  for relation in relations_in(settings, other)]
    assert set(allowed) <= set(everything)
    reads = build["steward"].readable(everything)
    assert [r for r in allowed if not reads[r]] == [], "relations the steward may not read"
    refused = [r for r in everything if r not in allowed]
    assert [r for r in refused if r.startswith(f"{schema}_identity.")], "nothing else in identity to refuse"
    assert [r for r in refused if reads[r]] == [], "relations the steward reads beyond vault and review"


def test_an_analyst_reads_every_published_mart_and_nothing_else(roles_build):
    assert_analyst_reads_marts_only(roles_build)


def test_a_steward_reads_the_vault_review_tables_and_history_and_nothing_else(roles_build):
    assert_steward_reads_vault_and_review(roles_build)


def test_tables_created_later_follow_their_schema(roles_build):
    """Default privileges: a table created after the build's grants is readable by whoever
    reads its schema whole (analyst: the marts' schema; steward: the vault), by nobody
    elsewhere (a new table in the identity schema is no review table)."""
    settings, schema = roles_build["settings"], roles_build["schema"]
    schemas = [schema, *schemas_of_build(settings, schema)]
    probes = [f"{name}.{PROBE}" for name in schemas]
    owner_query(settings, ";".join(f"create table {probe} (x integer)" for probe in probes))
    try:
        analyst = roles_build["analyst"].readable(probes)
        steward = roles_build["steward"].readable(probes)
    finally:
        owner_query(settings, ";".join(f"drop table if exists {probe}" for probe in probes))
    assert [p for p in probes if analyst[p]] == [f"{schema}.{PROBE}"]
    assert [p for p in probes if steward[p]] == [f"{schema}.{PROBE}", f"{schema}_identity_vault.{PROBE}"]


def test_a_member_of_the_transformer_may_create_schemas_an_analyst_may_not(roles_build):
    settings, schema = roles_build["settings"], roles_build["schema"]
    member = owner_query(settings, "select pg_has_role(current_user, 'idstitch_transformer', 'member')")
    assert member == [(True,)], "dbt's login is no member of idstitch_transformer"
    for kind, allowed in (("transformer", True), ("analyst", False)):
        with roles_build[kind].session() as con, con.cursor() as cur:
            cur.execute("begin")
            try:
                cur.execute(f"create schema {schema}_probe_{kind}")
                created = True
            except psycopg2.errors.InsufficientPrivilege:
                created = False
            cur.execute("rollback")
        assert created is allowed, kind


def test_create_roles_is_idempotent_and_names_the_dba_file_to_a_login_that_may_not(roles_build):
    env = roles_build["env"]
    done = run_dbt(["run-operation", "idstitch.create_roles"], env)
    assert "(all existed)" in done.stdout
    analyst = roles_build["analyst"]
    refused = run_dbt(["run-operation", "idstitch.create_roles"],
                      {**env, "IDSTITCH_PG_USER": analyst.name, "IDSTITCH_PG_PASSWORD": analyst.password},
                      check=False)
    assert refused.returncode != 0
    assert "may not create roles" in refused.stdout and "analyses/postgres_roles.sql" in refused.stdout


def test_grants_hold_after_a_rebuild_that_recreates_a_published_mart(roles_build):
    """A published mart whose columns changed is dropped and recreated by the publish step;
    every model is rebuilt. Afterwards both roles read what they read before."""
    settings, schema = roles_build["settings"], roles_build["schema"]

    def customers_oid() -> int:
        return owner_query(settings, "select %s::regclass::oid", (f"{schema}.customers",))[0][0]

    owner_query(settings, f"alter table {schema}.customers add column {PROBE} integer")
    before = customers_oid()
    run_dbt(["build", "--exclude", "resource_type:seed"], roles_build["env"])
    assert customers_oid() != before, "the publish step did not recreate customers"
    assert_analyst_reads_marts_only(roles_build)
    assert_steward_reads_vault_and_review(roles_build)


def test_a_steward_files_erasure_requests_an_analyst_may_not(roles_build):
    """README, "Erasing a person": a steward inserts a request into the vault's requests
    table (the build carries it out); an analyst cannot reach that table at all."""
    requests = f"{roles_build['schema']}_identity_vault.identity_erasure_requests"
    for kind, allowed in (("steward", True), ("analyst", False)):
        with roles_build[kind].session() as con, con.cursor() as cur:
            cur.execute("begin")
            try:
                cur.execute(f"insert into {requests} (request_ref, requested_at, customer_id) "
                            "values ('probe', current_timestamp, 'cus_probe')")
                filed = True
            except psycopg2.errors.InsufficientPrivilege:
                filed = False
            cur.execute("rollback")
        assert filed is allowed, kind
