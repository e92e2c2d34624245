"""Tiny hand-made identity scenarios: a Warehouse to run SQL on the target a scenario builds
into, the ids the project mints, and the records the scenarios share (the fixtures that
give each scenario a fresh seeded warehouse live in conftest.py)."""

from __future__ import annotations

import hashlib

import duckdb
from conftest import run_dbt

from idstitch import postgres
from idstitch.generate import TABLES


def plain_id(record_key: str) -> str:
    """The id the project mints for a new customer whose oldest record is record_key."""
    return "cus_" + hashlib.md5(record_key.encode()).hexdigest()[:16]


class Warehouse:
    """Run SQL on the target a scenario builds into (dbt is not running meanwhile)."""

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.is_postgres = env["IDSTITCH_TARGET"] == "postgres"
        self.schema = env["IDSTITCH_PG_SCHEMA"] if self.is_postgres else "main"

    def execute(self, sql: str, params: list | None = None) -> list[tuple]:
        sql = sql.format(s=self.schema)
        if self.is_postgres:
            with postgres.Settings.from_env().connect() as con, con.cursor() as cur:
                cur.execute(sql.replace("?", "%s"), params)
                return cur.fetchall() if cur.description else []
        con = duckdb.connect(self.env["IDSTITCH_DUCKDB_PATH"])
        try:
            result = con.execute(sql, params)
            return result.fetchall() if result.description else []
        finally:
            con.close()

    def insert(self, table: str, rows: list[dict]) -> None:
        columns = TABLES[table]
        for row in rows:
            assert set(row) <= set(columns), set(row) - set(columns)
            self.execute(f"insert into {{s}}_raw.{table} ({', '.join(columns)}) values "
                         f"({', '.join('?' * len(columns))})", [row.get(c) for c in columns])

    def override(self, decision: str, a: str, b: str) -> None:
        self.execute("insert into {s}_identity_config.identity_overrides "
                     "(decision, record_key_a, record_key_b, reason, decided_by, decided_at) "
                     "values (?, ?, ?, 'test', 'pytest', '2026-11-22')", [decision, a, b])

    def clear_overrides(self) -> None:
        self.execute("delete from {s}_identity_config.identity_overrides")

    def assignments(self) -> dict[str, str]:
        return dict(self.execute("select record_key, customer_id from {s}.customer_records"))

    def published_state(self) -> dict:
        """Everything a run publishes, without the run's own invocation id and times:
        assignments, customers, the change log, how many runs the run figures and the
        parameter history hold, and the assignments history."""
        return {
            "assignments": self.assignments(),
            "customers": sorted(self.execute("select customer_id, record_count, source_count "
                                             "from {s}.customers")),
            "changes": sorted(self.execute("select change_type, old_customer_id, new_customer_id, "
                                           "new_record_count from {s}.identity_changes")),
            "runs": self.execute("select count(distinct invocation_id) from {s}.identity_run_metrics"),
            "parameter_runs": self.execute("select count(distinct invocation_id) "
                                           "from {s}.identity_match_parameters"),
            "history": sorted(self.execute("select record_key, customer_id, origin_customer_id, "
                                           "dbt_valid_to is null "
                                           "from {s}_snapshots.identity_assignments_snapshot")),
        }

    def changes(self) -> list[tuple]:
        return self.execute("""
            select change_type, old_customer_id, new_customer_id from {s}.identity_changes
            where run_started_at = (select max(run_started_at) from {s}.identity_changes)
            order by 1, 2, 3""")


def build(wh: Warehouse) -> dict[str, str]:
    # dbt unit tests depend on no data: the demo builds run them on both targets
    run_dbt(["build", "--exclude", "resource_type:seed", "resource_type:unit_test"], wh.env)
    return wh.assignments()


ANN = [
    ("ecommerce_customers", {"customer_id": "A1", "email": "ann@example.org", "first_name": "Ann",
                             "last_name": "Lee", "created_at": "2020-01-01 00:00:00"}),
    ("loyalty_members", {"loyalty_id": "7001", "email": "ANN@example.org", "first_name": "Ann",
                         "birth_date": "1980-05-05", "enrolled_at": "2020-02-01 00:00:00"}),
]
BOB = [
    ("ecommerce_customers", {"customer_id": "B1", "email": "bob@example.org", "first_name": "Bob",
                             "last_name": "Ray", "created_at": "2021-01-01 00:00:00"}),
    ("callcenter_contacts", {"contact_id": "B2", "email": "bob@example.org", "first_name": "Robert",
                             "phone": "555-000-2222", "created_at": "2021-03-01 00:00:00"}),
    ("enrichment_persons", {"enrichment_id": "B3", "email": " bob@example.org", "first_name": "Bob",
                            "birth_date": "1975-01-02", "updated_at": "2021-06-01 00:00:00"}),
]
# signed in to the app with Ann's web-shop account, but with Bob's email: a wrong bridge
BRIDGE = ("app_users", {"app_user_id": "X1", "shop_customer_id": "A1", "email": "bob@example.org",
                        "created_at": "2022-01-01 00:00:00"})

ANN_KEYS = {"ecommerce:A1", "loyalty:7001"}
BOB_KEYS = {"ecommerce:B1", "callcenter:B2", "enrichment:B3"}


def insert_rows(wh: Warehouse, rows) -> None:
    for table, row in rows:
        wh.insert(table, [row])
