"""PostgreSQL target: connection settings (the same env vars profiles.yml reads) and bringing
up the local PostgreSQL 15 server the tests use."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass

import psycopg2

START_HINT = (
    "start one with `pg_ctlcluster 15 main start` (as root), or point IDSTITCH_PG_HOST, "
    "IDSTITCH_PG_PORT, IDSTITCH_PG_USER, IDSTITCH_PG_PASSWORD and IDSTITCH_PG_DATABASE at a "
    "server you have"
)


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    user: str
    password: str
    database: str
    schema: str = "public"

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ
        return cls(
            host=env.get("IDSTITCH_PG_HOST", "127.0.0.1"),
            port=int(env.get("IDSTITCH_PG_PORT", "5432")),
            user=env.get("IDSTITCH_PG_USER", "idstitch"),
            password=env.get("IDSTITCH_PG_PASSWORD", "idstitch"),
            database=env.get("IDSTITCH_PG_DATABASE", "idstitch"),
            schema=env.get("IDSTITCH_PG_SCHEMA", "public"),
        )

    def connect(self, **kwargs):
        return psycopg2.connect(host=self.host, port=self.port, user=self.user,
                                password=self.password, dbname=self.database,
                                connect_timeout=5, **kwargs)


def can_connect(settings: Settings) -> str | None:
    """None when a connection works, else the server's or driver's reason."""
    try:
        settings.connect().close()
        return None
    except psycopg2.Error as exc:
        return str(exc).strip()


def _as_postgres(sql: str) -> str:
    """Run SQL as the postgres superuser through the local socket (peer auth)."""
    if shutil.which("runuser") is None:
        raise RuntimeError("runuser is not available to act as the postgres user")
    proc = subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-v", "ON_ERROR_STOP=1", "-qAtc", sql],
        capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"psql as postgres failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def ensure_local_server(settings: Settings | None = None) -> Settings:
    """Make the configured server reachable: if it is the local cluster and it is down or
    lacks our role and database, start it and create them (password auth, UTF8). Raises
    RuntimeError with a hint on how to start one when that is not possible here."""
    settings = settings or Settings.from_env()
    reason = can_connect(settings)
    if reason is None:
        return settings
    local = settings.host in {"127.0.0.1", "localhost", "::1"}
    if not local or os.geteuid() != 0 or shutil.which("pg_ctlcluster") is None:
        raise RuntimeError(f"PostgreSQL at {settings.host}:{settings.port} is not reachable "
                           f"({reason}); {START_HINT}")
    status = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True)
    if " online " not in f" {status.stdout} ":
        subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=True,
                       capture_output=True, text=True)
    user, password, database = settings.user, settings.password, settings.database
    for name in (user, database):
        if not name.replace("_", "").isalnum():
            raise RuntimeError(f"refusing to create PostgreSQL role/database named {name!r}")
    _as_postgres(
        "do $$ begin "
        f"if not exists (select from pg_roles where rolname = '{user}') then "
        f"create role {user} login password '{password.replace(chr(39), chr(39) * 2)}'; "
        f"else alter role {user} login password '{password.replace(chr(39), chr(39) * 2)}'; "
        "end if; end $$;"
    )
    if _as_postgres(f"select 1 from pg_database where datname = '{database}'") != "1":
        # byte-order collation, as DuckDB compares strings: ties break the same way
        _as_postgres(f"create database {database} owner {user} encoding 'UTF8' "
                     "template template0 lc_collate 'C' lc_ctype 'C.UTF-8'")
    reason = can_connect(settings)
    if reason is not None:
        raise RuntimeError(f"started PostgreSQL but cannot connect ({reason}); {START_HINT}")
    return settings


def drop_schemas(settings: Settings, schema: str, keep: list[str] | tuple = ()) -> None:
    """Drop `schema` and every `<schema>_*` schema dbt derived from it (a clean start), but
    the schemas named in `keep`."""
    with settings.connect() as con, con.cursor() as cur:
        cur.execute("select nspname from pg_namespace where nspname = %s or nspname like %s",
                    (schema, schema.replace("_", "\\_") + "\\_%"))
        for (name,) in cur.fetchall():
            if name not in keep:
                cur.execute(f'drop schema "{name}" cascade')


# --- the token salt: a session setting, never SQL text (macros/graph/tokenize.sql) ---------

SALT_ENV_VAR = "IDSTITCH_TOKEN_SALT"
SALT_SETTING = "idstitch.token_salt"


def salt_pgoptions(salt: str, pgoptions: str = "") -> str:
    """PGOPTIONS that also give every libpq session the setting idstitch.token_salt = `salt`
    (libpq splits the options at spaces: a space or backslash in the salt is escaped)."""
    escaped = salt.replace("\\", "\\\\").replace(" ", "\\ ")
    return " ".join(part for part in (pgoptions.strip(), f"-c {SALT_SETTING}={escaped}") if part)


def with_token_salt(env: dict[str, str]) -> dict[str, str]:
    """`env` for a dbt run on Postgres: when it sets IDSTITCH_TOKEN_SALT and its PGOPTIONS
    carry no salt yet, PGOPTIONS pass the salt to the session (Postgres cannot read the dbt
    process's env vars; the DuckDB profile's plugin reads IDSTITCH_TOKEN_SALT itself)."""
    salt = env.get(SALT_ENV_VAR, "")
    if not salt or SALT_SETTING in env.get("PGOPTIONS", ""):
        return env
    return {**env, "PGOPTIONS": salt_pgoptions(salt, env.get("PGOPTIONS", ""))}


def salt_hint(env: dict[str, str] | None = None) -> str | None:
    """What to do when IDSTITCH_TOKEN_SALT is set but a plain `dbt` run on Postgres would not
    see it (PGOPTIONS carry no idstitch.token_salt); None when nothing is missing."""
    env = os.environ if env is None else env
    if not env.get(SALT_ENV_VAR) or SALT_SETTING in env.get("PGOPTIONS", ""):
        return None
    return (f"{SALT_ENV_VAR} is set, but Postgres reads the token salt from the session setting "
            f"{SALT_SETTING}: export PGOPTIONS=\"-c {SALT_SETTING}=${SALT_ENV_VAR}\" before dbt "
            "runs, or the build uses the public development salt (a production target refuses it)")
