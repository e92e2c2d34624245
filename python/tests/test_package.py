"""idstitch installed the way dbt users install packages: a separate dbt project with its own
two sources (CSV files read as dbt-duckdb external sources, typed by DuckDB's CSV reader)
adds idstitch from this working tree as a `local:` entry in its packages.yml, configures it
only through vars, and builds. This is the README's "Adding a source" path, step for step."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path

import duckdb
import pytest
from conftest import DBT, ROOT, WORKER_A

pytestmark = WORKER_A

NEWSLETTER = """\
signup_id,email,full_name,signed_up_at
1,Ana.Lopez@Example.com,"LOPEZ, Ana",2026-03-01 10:00:00
2,bob.smith@example.com,Bob Smith,2026-03-02 11:30:00
3,carol.jones@example.com,Carol A. Jones,2026-03-03 09:00:00
4,unknown,Unknown,2026-03-04 12:00:00
5,dave.brown@example.com,Dave Brown Jr.,2026-03-05 08:15:00
6,frontdesk@example.com,Zoe Quinn,2026-03-06 08:00:00
"""

CRM = """\
contact_id,email,phone,mobile,first_name,last_name,created_at
101,ana.lopez@example.com,+1 415 555 0101,415.555.0101,Ana,Lopez,2025-01-10 09:00:00
102,BOB.SMITH@example.com,(415) 555-0102,,Robert,Smith,2025-02-11 10:00:00
103,erin.white@example.com,415-555-0103,415 555 0199,Erin,White,2025-03-12 11:00:00
104,dave.brown@example.com,,,David,Brown,2025-04-13 12:00:00
105,frontdesk@example.com,,,Yusuf,Ahmed,2025-05-14 12:00:00
"""

# the project's own copy of a package config seed: dbt resolves the package's
# ref('identifier_blocklist') to the root project's seed first
BLOCKLIST = """\
identifier_type,value,reason
email,FrontDesk@example.com,the reception's shared inbox
"""

PROJECT = """\
name: acme
version: "1.0.0"
config-version: 2
profile: acme
flags: {send_anonymous_usage_stats: false, version_check: false}

models:
  acme:
    staging:
      +materialized: incremental_staging   # only new and changed rows normalized per run
      +schema: identity_vault  # normalized personal data: beside idstitch's vault

vars:
  idstitch__sources:
    - source: newsletter
      model: stg_newsletter__signups
      record_id: signup_id
      created_at: signed_up_at
      first_name: first_name
      generation_suffix: generation_suffix
      identifiers:
        - {type: email, column: email, issue_column: email_issue}
      attributes: {first_name: first_name, last_name: last_name, email: email}
    - source: crm
      model: stg_crm__contacts
      record_id: contact_id
      created_at: created_at
      first_name: first_name
      identifiers:
        - {type: email, column: email, issue_column: email_issue}
        - {type: phone, column: phone, issue_column: phone_issue}
        - {type: phone, column: mobile, issue_column: mobile_issue}   # two columns, one type
      attributes: {first_name: first_name, last_name: last_name, email: email, phone: phone}
    - source: legacy               # an extract that arrives empty (header only)
      model: stg_legacy__contacts
      record_id: contact_id
      created_at: created_at
      identifiers:
        - {type: email, column: email}
  idstitch__transaction_sources: []
  idstitch__event_sources:
    - {source: newsletter, model: stg_newsletter__signups, id: signup_id, record_id: signup_id,
       columns: {event_type: "'newsletter_signup'", occurred_at: signed_up_at}}
"""

SOURCES = """\
version: 2

sources:
  - name: acme_files
    meta:
      external_location: "{data}/{{name}}.csv"
    tables:
      - name: newsletter_signups
      - name: crm_contacts
      - name: legacy_contacts
"""

NEWSLETTER_MODEL = """\
with

source as (
    select source_rows.*
    from {{ idstitch.staging_rows(source('acme_files', 'newsletter_signups')) }} as source_rows
),

final as (
    select
        source.source_row_hash,
        {{ idstitch.trimmed_text('source.signup_id') }} as signup_id,
        {{ idstitch.normalize_email('source.email') }} as email,
        {{ idstitch.email_issue('source.email') }} as email_issue,
        {{ idstitch.split_full_name('source.full_name', 'first') }} as first_name,
        {{ idstitch.split_full_name('source.full_name', 'last') }} as last_name,
        {{ idstitch.split_full_name('source.full_name', 'suffix') }} as generation_suffix,
        {{ idstitch.lenient_cast('source.signed_up_at', dbt.type_timestamp()) }} as signed_up_at
    from source
)

select * from final
"""

CRM_MODEL = """\
with

source as (
    select source_rows.* from {{ idstitch.staging_rows(source('acme_files', 'crm_contacts')) }} as source_rows
),

final as (
    select
        source.source_row_hash,
        {{ idstitch.trimmed_text('source.contact_id') }} as contact_id,
        {{ idstitch.normalize_email('source.email') }} as email,
        {{ idstitch.email_issue('source.email') }} as email_issue,
        {{ idstitch.normalize_phone('source.phone') }} as phone,
        {{ idstitch.phone_issue('source.phone') }} as phone_issue,
        {{ idstitch.normalize_phone('source.mobile') }} as mobile,
        {{ idstitch.phone_issue('source.mobile') }} as mobile_issue,
        {{ idstitch.normalize_name('source.first_name') }} as first_name,
        {{ idstitch.normalize_name('source.last_name') }} as last_name,
        {{ idstitch.lenient_cast('source.created_at', dbt.type_timestamp()) }} as created_at
    from source
)

select * from final
"""


LEGACY_MODEL = """\
select
    src.source_row_hash,
    {{ idstitch.trimmed_text('src.contact_id') }} as contact_id,
    {{ idstitch.normalize_email('src.email') }} as email,
    {{ idstitch.lenient_cast('src.created_at', dbt.type_timestamp()) }} as created_at
from {{ idstitch.staging_rows(source('acme_files', 'legacy_contacts')) }} as src
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture(scope="module")
def acme(tmp_path_factory) -> Path:
    """The installing project, built once: deps, then `dbt build`."""
    project = tmp_path_factory.mktemp("acme")
    write(project / "data" / "newsletter_signups.csv", NEWSLETTER)
    write(project / "data" / "crm_contacts.csv", CRM)
    write(project / "data" / "legacy_contacts.csv", "contact_id,email,created_at\n")
    write(project / "seeds" / "identifier_blocklist.csv", BLOCKLIST)
    write(project / "dbt_project.yml", PROJECT)
    write(project / "packages.yml", f"packages:\n  - local: {ROOT}\n")
    write(project / "profiles.yml", textwrap.dedent(f"""\
        acme:
          target: dev
          outputs:
            dev: {{type: duckdb, path: "{project / 'acme.duckdb'}", threads: 2}}
        """))
    write(project / "models" / "staging" / "_acme__sources.yml",
          SOURCES.format(data=project / "data"))
    write(project / "models" / "staging" / "stg_newsletter__signups.sql", NEWSLETTER_MODEL)
    write(project / "models" / "staging" / "stg_crm__contacts.sql", CRM_MODEL)
    write(project / "models" / "staging" / "stg_legacy__contacts.sql", LEGACY_MODEL)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBT_", "IDSTITCH_"))}
    for args in (["deps"], ["build"]):
        proc = subprocess.run([DBT, *args, "--profiles-dir", str(project)], cwd=project, env=env,
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, f"dbt {args[0]} failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
        (project / f"{args[0]}.out").write_text(proc.stdout)
    return project


def query(project: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(project / "acme.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_installed_package_builds_only_the_projects_own_sources(acme):
    # nothing of the demo: no demo raw tables, no demo staging models
    relations = {name for (name,) in query(acme, "select table_name from information_schema.tables")}
    assert "ecommerce_customers" not in relations and "stg_ecommerce__customers" not in relations
    assert {"stg_newsletter__signups", "stg_crm__contacts", "customers", "customer_records"} <= relations
    sources = query(acme, "select distinct source from main.customer_records order by 1")
    assert sources == [("crm",), ("newsletter",)]


def test_installed_package_links_the_projects_records(acme):
    rows = query(acme, """
        select record_key, customer_id from main.customer_records order by record_key""")
    customer = dict(rows)
    assert len(customer) == 11, "every source record is accounted for"
    # one inbox, whatever the case and the name order ("LOPEZ, Ana" split by split_full_name)
    assert customer["newsletter:1"] == customer["crm:101"]
    # one inbox under a nickname (Bob = Robert)
    assert customer["newsletter:2"] == customer["crm:102"]
    assert customer["newsletter:5"] == customer["crm:104"]
    # a placeholder address links nothing; records without a shared value stay alone
    others = {customer[k] for k in ("newsletter:3", "newsletter:4", "crm:103")}
    assert len(others) == 3 and not others & {customer["crm:101"], customer["crm:102"], customer["crm:104"]}
    # the project's blocklist, not the package's: one inbox under two first names and no
    # family seen would link (an inbox is one person's until the data shows a family)
    assert customer["newsletter:6"] != customer["crm:105"]
    assert query(acme, "select count(*) from main.customers") == [(8,)]


def test_installed_package_types_and_activity(acme):
    # the package's activity var is the project's: sign-ups are events of their customers
    events = query(acme, """
        select event_type, count(*), count(customer_id), min(typeof(occurred_at))
        from main.events group by 1""")
    assert events == [("newsletter_signup", 6, 6, "TIMESTAMP")]
    assert query(acme, "select count(*) from main.transactions") == [(0,)]
    revenue = query(acme, "select distinct typeof(revenue), typeof(amount) from main.customers, "
                          "(select amount from main.transactions union all select null) as t")
    assert revenue == [("DECIMAL(28,6)", "DECIMAL(28,6)")]


def test_two_columns_of_one_type_are_one_occurrence_per_value(acme):
    # crm:101 holds one number in phone and mobile (two spellings): one occurrence, so the
    # graph's (record, type, token) key holds (its uniqueness test ran in the build); crm:103
    # holds two numbers: both
    phones = query(acme, """
        select record_key, count(*) from main_identity_vault.int_identity__identifiers
        where identifier_type = 'phone' and record_key in ('crm:101', 'crm:103')
        group by 1 order by 1""")
    assert phones == [("crm:101", 1), ("crm:103", 2)]


def test_an_empty_source_is_counted_and_warned(acme):
    # a first run with an empty extract: a 0 in the run figures and a warning naming it,
    # never a source that silently is not there
    figures = query(acme, """
        select dimension, metric_value from main.identity_run_metrics
        where metric = 'source_records' order by 1""")
    assert figures == [("crm", 5), ("legacy", 0), ("newsletter", 6)]
    build = (acme / "build.out").read_text()
    assert "WARN 1 assert_no_source_is_empty" in build.replace("\x1b[33m", "").replace("\x1b[0m", "")
