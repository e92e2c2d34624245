"""House rules of the project's SQL that sqlfluff cannot check.

An import CTE (``name as (select * from {{ ref(...) }})``, optionally filtered) that the rest
of its file reads more than once is declared ``as not materialized``: DuckDB materializes a
CTE referenced more than once, so such an import copies the whole table before the query
starts (about 5 s per 10 M-row table, and the copy's memory), where reading the table twice
costs two scans. Postgres (12 and later) reads the keyword the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

IMPORT_CTE = re.compile(
    r"^(?P<name>\w+) as (?P<not_materialized>not materialized )?\(\s*"
    r"select \* from \{\{ (?:ref|source)\(", re.MULTILINE)


def import_ctes_read_twice(text: str) -> list[tuple[str, bool]]:
    """(name, declared not materialized) of every import CTE the rest of `text` reads from
    or joins more than once."""
    found = []
    for match in IMPORT_CTE.finditer(text):
        name = match["name"]
        reads = re.findall(rf"\b(?:from|join)\s+{name}\b", text[match.end():])
        if len(reads) > 1:
            found.append((name, bool(match["not_materialized"])))
    return found


def test_the_check_finds_an_import_read_twice():
    text = ("with\n\nrecords as (\n    select * from {{ ref('x') }}\n),\n\n"
            "a as (select * from records), b as (select * from records)\n")
    assert import_ctes_read_twice(text) == [("records", False)]
    assert import_ctes_read_twice(text.replace("records as (", "records as not materialized (")) \
        == [("records", True)]
    assert import_ctes_read_twice(text.replace("b as (select * from records)", "")) == []


def test_imports_read_twice_are_not_materialized():
    files = [*ROOT.joinpath("models").rglob("*.sql"), *ROOT.joinpath("tests").rglob("*.sql")]
    assert files
    copied = [f"{path.relative_to(ROOT)}: {name}"
              for path in files
              for name, not_materialized in import_ctes_read_twice(Path(path).read_text())
              if not not_materialized]
    assert not copied, ("import CTEs read more than once, so DuckDB copies them: declare "
                        f"them `as not materialized`: {copied}")
