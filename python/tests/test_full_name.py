"""idstitch.split_full_name: a full-name column read into first, middle and last name (and the
generation suffix), the same on DuckDB and on PostgreSQL, by a table of hand-written cases."""

from __future__ import annotations

import pytest
from conftest import WORKER_B, dbt_show, run_dbt, sql_text

pytestmark = WORKER_B

PARTS = ("first", "middle", "last", "suffix")

# (raw full name, expected first, middle, last, suffix): normalize_name's form (ASCII, lower case).
CASES = [
    ("John Smith", "john", None, "smith", None),
    ("John Ronald Reuel Tolkien", "john", "ronald reuel", "tolkien", None),
    ("SMITH, John", "john", None, "smith", None),
    ("Smith, John Robert", "john", "robert", "smith", None),
    ("Smith,John", "john", None, "smith", None),
    # initials: a period ends one, with or without a space after it
    ("J. R. Smith", "j", "r", "smith", None),
    ("J.R. Smith", "j", "r", "smith", None),
    ("John R. Smith", "john", "r", "smith", None),
    # a generation suffix is no part of the last name, wherever it is written
    ("John Smith Jr", "john", None, "smith", "jr"),
    ("John Smith, Jr.", "john", None, "smith", "jr"),
    ("Smith Jr., John", "john", None, "smith", "jr"),
    ("Smith, John III", "john", None, "smith", "iii"),
    ("Robert Downey 2nd", "robert", None, "downey", "ii"),
    # titles at the start, or after the comma, are dropped; a title before one word marks a surname
    ("Dr. Jane Doe", "jane", None, "doe", None),
    ("Mrs Jane Doe", "jane", None, "doe", None),
    ("DOE, Mrs Jane", "jane", None, "doe", None),
    ("Mr Smith", None, None, "smith", None),
    # one word is a first name; nothing is invented for the rest
    ("Madonna", "madonna", None, None, None),
    ("Jr", "jr", None, None, None),
    # extra whitespace and wrapping punctuation
    ("   John \t  Smith  ", "john", None, "smith", None),
    ('"John Smith"', "john", None, "smith", None),
    ("(Dr. John Smith)", "john", None, "smith", None),
    ("John Smith.", "john", None, "smith", None),
    # hyphenated and multi-word last names: the comma form says where the last name is; without
    # one, the particles before the last word belong to it
    ("Mary-Jane Smith-Jones", "mary-jane", None, "smith-jones", None),
    ("Mary Smith - Jones", "mary", None, "smith-jones", None),
    ("de la Cruz, Maria", "maria", None, "de la cruz", None),
    ("Maria de la Cruz", "maria", None, "de la cruz", None),
    ("Ludwig van Beethoven", "ludwig", None, "van beethoven", None),
    ("García Márquez, Gabriel José", "gabriel", "jose", "garcia marquez", None),
    ("Seán O'Brien", "sean", None, "o'brien", None),
    # other scripts fold to ASCII; Han, Kana and Hangul names are written family name first
    ("Дмитрий Иванов", "dmitriy", None, "ivanov", None),
    ("山田 太郎", "tailang", None, "shantian", None),
    ("Taro Yamada", "taro", None, "yamada", None),
    ("김민준", "gimminjun", None, None, None),
    # nothing to read
    ("", None, None, None, None),
    ("   ", None, None, None, None),
    ("--", None, None, None, None),
    ("😀", None, None, None, None),
    (None, None, None, None, None),
]

# A raw column a loader typed: nothing in it is a name, and reading it must not fail.
TYPED = ["cast(1234 as integer)", "cast(null as integer)", "cast('2024-01-05' as date)"]


def _query() -> str:
    """The cases as rows, and each typed column passed to the macro as it is (not as text)."""
    columns = ", ".join(f"{{{{ idstitch.split_full_name('v', '{part}') }}}} as {part}_name" for part in PARTS)
    values = ", ".join(f"({i}, {'null' if raw is None else sql_text(raw)})"
                       for i, (raw, *_) in enumerate(CASES))
    return " union all ".join(
        [f"select id, {columns} from (values {values}) as c (id, v)"]
        + [f"select {-1 - i} as id, {columns} from (select {literal} as v) as raw"
           for i, literal in enumerate(TYPED)])


@pytest.fixture(scope="module", params=["demo_build", "postgres_demo_build"])
def split(request) -> dict[int, dict]:
    """Every case split on one target (the transliteration seed comes from the demo build)."""
    return {row["id"]: row for row in dbt_show(_query(), request.getfixturevalue(request.param))}


def test_full_names_split_into_their_parts(split):
    got = {CASES[i][0]: tuple(split[i][f"{part}_name"] for part in PARTS) for i in range(len(CASES))}
    wrong = {raw: (got[raw], tuple(expected)) for raw, *expected in CASES if got[raw] != tuple(expected)}
    assert not wrong, wrong


def test_typed_and_null_columns_have_no_parts(split):
    assert all(split[-1 - i][f"{part}_name"] is None for i in range(len(TYPED)) for part in PARTS)


def test_the_parts_are_in_normalize_name_form(split, request):
    """A part goes through normalize_name unchanged: a source with one name column compares
    with sources that send first_name and last_name."""
    parts = [split[i][f"{part}_name"] for i in split for part in ("first", "middle", "last")]
    parts = sorted({p for p in parts if p})
    values = ", ".join(f"({sql_text(p)})" for p in parts)
    rows = dbt_show(f"select v, {{{{ idstitch.normalize_name('v') }}}} as normalized "
                    f"from (values {values}) as p (v)",
                    request.getfixturevalue(request.node.callspec.params["split"]))
    assert [row["v"] for row in rows if row["v"] != row["normalized"]] == []


def test_an_unknown_part_is_a_compile_error(demo_build):
    proc = run_dbt(["compile", "--inline", "select {{ idstitch.split_full_name('v', 'given') }}"],
                   demo_build, check=False)
    assert proc.returncode != 0
    assert "part 'given' is not one of first, middle, last, suffix" in proc.stdout
