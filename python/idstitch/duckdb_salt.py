"""dbt-duckdb plugin: the token salt as a DuckDB variable, never as SQL text.

Load it in the profile (`plugins: [{module: idstitch.duckdb_salt}]`). On every connection and
cursor dbt-duckdb opens it sets the variable `idstitch_token_salt` from env var
IDSTITCH_TOKEN_SALT with a bound parameter, so no statement holds the value: compiled SQL
reads `getvariable('idstitch_token_salt')` (macros/graph/tokenize.sql), which DuckDB binds to a
constant once per query. Unset or empty, the variable stays NULL and the build uses the
public development salt, which a production target refuses.
"""

from __future__ import annotations

import os

from dbt.adapters.duckdb.plugins import BasePlugin

ENV_VAR = "IDSTITCH_TOKEN_SALT"
VARIABLE = "idstitch_token_salt"


def set_salt(con, salt: str | None = None) -> None:
    """Set the salt variable on a DuckDB connection or cursor (from the env var by default)."""
    salt = os.environ.get(ENV_VAR) if salt is None else salt
    if salt:
        con.execute(f"set variable {VARIABLE} = $1", [salt])


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        set_salt(conn)

    def configure_cursor(self, cursor) -> None:
        # DuckDB variables belong to one connection: each thread's cursor gets its own
        set_salt(cursor)
