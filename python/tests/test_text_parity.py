"""One meaning of text on every target.

Every normalizer and comparison macro runs on DuckDB and on PostgreSQL over the same hostile
strings (accents precomposed and combining, ß/ẞ, Turkish dotted and dotless i, CJK, emoji,
scripts, invisible characters, Unicode digits and spaces, placeholders, dates in every
shape). The two targets must agree value for value, and the similarity functions must equal
their definition (a reference implementation here, itself checked against values worked out
by hand), not one engine's output.
"""

from __future__ import annotations

import math
import random
import unicodedata

import pytest
from conftest import WORKER_B, dbt_show, sql_text

from idstitch.warehouse import ROOT

pytestmark = WORKER_B

HOSTILE = [
    "", " ", "\t", "  padded  ", "José", "jose\u0301", "JOSÉ", "Straße", "STRASSE", "ẞ",
    "Æsa", "Œlund", "Þórunn", "Yıldız", "İstanbul", "ISTANBUL", "ı", "Дмитрий", "Ελένη",
    "ΣΊΣΥΦΟΣ", "محمد", "日本語", "김민준", "😀", "👩\u200d👩\u200d👧", "Anna\u00a0Maria",
    "Anna\u3000Maria", "Anna\u2028Maria", "\ufeffJohn", "Jo\u00adhn", "Jo\u200bhn", "ﬁona",
    "Ǆuro", "Ｊｏｈｎ", "O’Brien", "O'Brien", "Smith–Jones", "Mr. Søren Müller",
    "Dr. Łukasz Żółć", "Nguyễn Văn An", "Đặng", "Ørsted", "x" * 300, "back\\slash",
    "100%", "a_b", "٠١٢٣٤٥٦٧٨٩", "+49 (0) 151 2345 6789", "+44 (0)20 7946 0123",
    "+1 555 234 5678 x12", "0044 20 7946 0123", "(608) 555-0142", "５５５-１２３-４５６７",
    "555\u00a0123\u00a04567", "JOHN.SMITH+tag@GoogleMail.com", "ÜNICODE@exämple.com",
    "user@例え.jp", "test@test.com", "a@b", "1900-01-01", "0001-01-01", "9999-12-31",
    "2024-02-30", "2024-1-5", " 2024-01-05 ", "2024-01-05T10:00:00", "2024-01-05 10:00:00.123456",
    "2024-01-05 10:00:00+02:00", "2024-01-05T10:00:00Z", "2024-01-05 25:00:00", "05/01/2024",
    "２０２４-01-05", "yesterday", "now", "NaN", "infinity", "1e5", "-0", "+12", "1.5", ".5",
    "12abc", "W12", "LC-0001234", "00000", "NULL", "N/A", "Unknown", "sw1a 1aa", "Ｗ１",
    "UNKNOWN UNKNOWN", "xxx", "Noemail@Example.com", "unknown@unknown.com", "1970-01-01",
    "12 Oak Street, Apartment 4", "1 NORTH MAIN ROAD", "07/04/1975", "7/4/1975", "19750704",
    "31.12.1999", "02/30/2024", "Ntumba Sr.", "Smith, Jr.", "Lee III", "Ng 2nd", "Jr", "Ivy V",
    "Smith Jr.,", "da Silva Filho", "-", "Walk-in", "xxx@xxx.com", "john@example.com",
    "1975-07-04 00:00:00", "1975-07-04T00:00:00Z", "＋44 20 7946 0123", "030 12345 l78",
    "15123456789.0", "321-4567", "सुनील", "सोनल", "مُحَمَّد",
]

# Every macro whose result could depend on the engine, as (output column, SQL over `v`).
NORMALIZERS = {
    "transliterated": "{{ idstitch.transliterate('v') }}",
    "name": "{{ idstitch.normalize_name('v') }}",
    "street": "{{ idstitch.normalize_street('v') }}",
    "city": "{{ idstitch.normalize_city('v') }}",
    "postcode": "{{ idstitch.normalize_postcode('v') }}",
    "email": "{{ idstitch.normalize_email('v') }}",
    "email_issue": "{{ idstitch.email_issue('v') }}",
    "phone": "{{ idstitch.normalize_phone('v') }}",
    "phone_issue": "{{ idstitch.phone_issue('v') }}",
    "identifier": "{{ idstitch.normalize_identifier('v') }}",
    "numeric_id": "{{ idstitch.normalize_numeric_id('v') }}",
    "numeric_id_issue": "{{ idstitch.numeric_id_issue('v') }}",
    "blocked_address": "{{ idstitch.normalize_identifier_value('address', 'v') }}",
    "as_date": "cast({{ idstitch.lenient_cast('v', 'date') }} as {{ dbt.type_string() }})",
    "as_declared_date": "cast({{ idstitch.parse_date('v', ['MM/DD/YYYY', 'YYYYMMDD', 'DD.MM.YYYY']) }}"
                        " as {{ dbt.type_string() }})",
    "generation_suffix": "{{ idstitch.name_suffix('v') }}",
    "as_timestamp": "cast({{ idstitch.lenient_cast('v', dbt.type_timestamp()) }} as {{ dbt.type_string() }})",
    "as_integer": "{{ idstitch.lenient_cast('v', dbt.type_int()) }}",
    "as_numeric": "cast({{ idstitch.lenient_cast('v', 'numeric(18, 6)') }} as {{ dbt.type_string() }})",
    "is_word": "{{ idstitch.regexp_matches('v', '[a-z]+') }}",
    "name_placeholder": "{{ idstitch.placeholder_reason('first_name', idstitch.normalize_name('v')) }}",
    "email_placeholder": "{{ idstitch.placeholder_reason('email', idstitch.normalize_email('v')) }}",
    "date_placeholder": "{{ idstitch.placeholder_reason('birth_date', idstitch.lenient_cast('v', 'date')) }}",
    "has_space_run": "{{ idstitch.regexp_matches('v', '.*[[:space:]]{2,}.*') }}",
}


def jaro_winkler(a: str, b: str) -> float:
    """Jaro-Winkler as idstitch.jaro_winkler defines it (strcmp95 / rapidfuzz): code points of
    the NFC forms, window max(len)/2 - 1, transpositions halved with integer division, 0 when
    nothing matches, prefix boost 0.1 per character (up to 4) above 0.7."""
    a, b = unicodedata.normalize("NFC", a), unicodedata.normalize("NFC", b)
    if not a or not b:
        return 0.0
    window = max(max(len(a), len(b)) // 2 - 1, 0)
    a_matched, b_matched = [False] * len(a), [False] * len(b)
    matches = 0
    for i, char in enumerate(a):
        for j in range(max(0, i - window), min(len(b), i + window + 1)):
            if not b_matched[j] and b[j] == char:
                a_matched[i] = b_matched[j] = True
                matches += 1
                break
    if not matches:
        return 0.0
    b_order = iter(char for char, hit in zip(b, b_matched, strict=True) if hit)
    transpositions = sum(char != next(b_order)
                         for char, hit in zip(a, a_matched, strict=True) if hit) // 2
    jaro = (matches / len(a) + matches / len(b) + (matches - transpositions) / matches) / 3
    if jaro <= 0.7:
        return jaro
    prefix = 0
    while prefix < min(4, len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    return jaro + prefix * 0.1 * (1 - jaro)


def levenshtein(a: str, b: str) -> int:
    """Edit distance over code points of the NFC forms."""
    a, b = unicodedata.normalize("NFC", a), unicodedata.normalize("NFC", b)
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char != other)))
        previous = current
    return previous[-1]


# (a, b, Jaro-Winkler, edit distance) worked out by hand from the definitions above.
BY_HAND = [
    ("josé", "jose", (0.75 + 0.75 + 1) / 3 + 3 * 0.1 * (1 - 2.5 / 3), 1),  # 0.8833...
    ("jose\u0301", "josé", 1.0, 0),  # canonically equal: NFC makes them one string
    ("martha", "marhta", 0.9611111111111111, 2),
    ("dwayne", "duane", 0.84, 2),
    ("dixon", "dicksonx", 0.8133333333333332, 4),
    ("straße", "strasse", (5 / 6 + 5 / 7 + 1) / 3 + 0.4 * (1 - (5 / 6 + 5 / 7 + 1) / 3), 2),
    ("ß", "ss", 0.0, 2),
    ("日本語", "日本", (2 / 3 + 1 + 1) / 3 + 0.2 * (1 - (2 / 3 + 1 + 1) / 3), 1),
    ("😀a", "a😀", 0.0, 2),  # window 0: nothing lines up
    ("ıstanbul", "istanbul", (7 / 8 + 7 / 8 + 1) / 3, 1),  # no common prefix, no boost
    ("", "", 0.0, 0),
    ("a", "", 0.0, 1),
    # past fuzzystrmatch's 255-character limit: Postgres' fallback function answers
    ("x" * 300, "x" * 299 + "y", (299 / 300 * 2 + 1) / 3 + 0.4 * (1 - (299 / 300 * 2 + 1) / 3), 1),
]


def _random_pairs(count: int) -> list[tuple[str, str]]:
    rng = random.Random(7)
    names = [row.split(",")[0] for row in (ROOT / "seeds/config/nicknames.csv").read_text()
             .splitlines()[1:] if row]
    names += ["josé", "zoë", "jürgen", "łukasz", "dmitrий", "дмитрий", "μαρία", "李小龍", "yıldız"]

    def corrupt(s: str) -> str:
        if len(s) < 3:
            return s
        i = rng.randrange(1, len(s) - 1)
        return rng.choice([s[:i] + s[i + 1] + s[i] + s[i + 2:], s[:i] + s[i + 1:],
                           s[:i] + rng.choice("aeiouéøß") + s[i + 1:]])

    return [(a, rng.choice([corrupt(a), rng.choice(names), a[::-1], a[: rng.randrange(len(a) + 1)]]))
            for a in (rng.choice(names) for _ in range(count))]


PAIRS = [(a, b) for a, b, _, _ in BY_HAND] + _random_pairs(2000)


def _values(rows: list[tuple]) -> str:
    return ", ".join("(" + ", ".join(str(v) if isinstance(v, int) else sql_text(v) for v in row) + ")"
                     for row in rows)


def _normalized(env) -> dict[int, dict]:
    columns = ",\n".join(f"{sql} as {name}" for name, sql in NORMALIZERS.items())
    rows = dbt_show(f"select id, {columns} from (values {_values(list(enumerate(HOSTILE)))}) "
                    "as hostile (id, v)", env)
    return {row["id"]: row for row in rows}


def _compared(env) -> dict[int, dict]:
    rows = dbt_show(
        "select id, {{ idstitch.jaro_winkler('a', 'b') }} as jaro_winkler, "
        "{{ idstitch.edit_distance('a', 'b') }} as edit_distance, "
        "case when {{ idstitch.names_agree('a', 'b') }} then 1 else 0 end as names_agree "
        f"from (values {_values([(i, a, b) for i, (a, b) in enumerate(PAIRS)])}) as p (id, a, b)",
        env)
    return {row["id"]: row for row in rows}


@pytest.fixture(scope="module")
def on_duckdb(demo_build):
    return _normalized(demo_build), _compared(demo_build)


@pytest.fixture(scope="module")
def on_postgres(postgres_demo_build):
    return _normalized(postgres_demo_build), _compared(postgres_demo_build)


def test_reference_similarity_equals_the_hand_worked_values():
    for a, b, similarity, distance in BY_HAND:
        assert math.isclose(jaro_winkler(a, b), similarity, abs_tol=1e-12), (a, b)
        assert levenshtein(a, b) == distance, (a, b)


@pytest.mark.parametrize("target", ["on_duckdb", "on_postgres"])
def test_similarity_is_the_definition_over_characters(request, target):
    """Fails on a target whose Jaro-Winkler or edit distance counts bytes ('josé'/'jose' would
    give 0.848 and 2) or skips NFC (a combining accent would not equal a precomposed one)."""
    _, compared = request.getfixturevalue(target)
    assert len(compared) == len(PAIRS)
    wrong = [(a, b, compared[i]["jaro_winkler"], jaro_winkler(a, b),
              compared[i]["edit_distance"], levenshtein(a, b))
             for i, (a, b) in enumerate(PAIRS)
             if not math.isclose(compared[i]["jaro_winkler"], jaro_winkler(a, b), abs_tol=1e-12)
             or compared[i]["edit_distance"] != levenshtein(a, b)]
    assert not wrong, wrong[:5]


def test_every_text_function_agrees_across_targets(on_duckdb, on_postgres):
    (normalized_d, compared_d), (normalized_p, compared_p) = on_duckdb, on_postgres
    differ = [(HOSTILE[i], name, normalized_d[i][name], normalized_p[i][name])
              for i in normalized_d for name in NORMALIZERS
              if normalized_d[i][name] != normalized_p[i][name]]
    assert not differ, f"{len(differ)} values differ, e.g. {differ[:8]}"
    differ = [(PAIRS[i], compared_d[i]["names_agree"], compared_p[i]["names_agree"])
              for i in compared_d if compared_d[i]["names_agree"] != compared_p[i]["names_agree"]]
    assert not differ, differ[:5]


# Raw columns a loader typed, beside their text: every normalizer reads both alike (trim() or
# a regular expression over an INTEGER or TIMESTAMP fails on both targets unless the
# normalizer casts to text first, idstitch.as_text). The two regexp_matches columns are no
# normalizers: they take text by contract.
TYPED = [("cast(1234 as integer)", "1234"), ("cast(15123456789 as bigint)", "15123456789"),
         ("cast('2024-01-05 10:00:00' as timestamp)", "2024-01-05 10:00:00"),
         ("cast('1975-07-04' as date)", "1975-07-04")]


@pytest.mark.parametrize("target", ["demo_build", "postgres_demo_build"])
def test_typed_raw_columns_normalize_as_their_text(request, target):
    env = request.getfixturevalue(target)
    normalizers = {k: v for k, v in NORMALIZERS.items() if k not in {"is_word", "has_space_run"}}
    columns = ", ".join(f"{sql} as {name}" for name, sql in normalizers.items())
    rows = dbt_show(" union all ".join(
        f"select {i} as id, {typed} as typed, {columns} from (select {value} as v) as raw"
        for i, (literal, text) in enumerate(TYPED)
        for typed, value in ((1, literal), (0, sql_text(text)))), env)
    by = {(row["id"], row["typed"]): row for row in rows}
    assert len(by) == 2 * len(TYPED)
    differ = [(TYPED[i][0], name, by[(i, 1)][name], by[(i, 0)][name])
              for i in range(len(TYPED)) for name in normalizers
              if by[(i, 1)][name] != by[(i, 0)][name]]
    assert not differ, differ
    # and they read as something: the numbers as ids, the times as times
    assert by[(0, 1)]["numeric_id"] == "1234" and by[(2, 1)]["as_timestamp"].startswith("2024-01-05")
    assert by[(3, 1)]["as_declared_date"] is None and by[(3, 1)]["as_date"] == "1975-07-04"


def test_a_blocklisted_address_is_the_key_staging_builds(demo_build):
    """A blocklist entry for an address ('street|postcode', as it arrives) goes through the
    steps staging builds address_key with, so the two compare (an upper(trim()) of the
    entry could never equal '12 OAK ST APT 4|SW1A1AA')."""
    [row] = dbt_show(
        "select {{ idstitch.normalize_identifier_value('address', 'v') }} as blocked, "
        "{{ idstitch.address_key(idstitch.normalize_street('street'), "
        "idstitch.normalize_postcode('postcode')) }} as staged "
        "from (values ('12 Oak Street, Apartment 4|sw1a 1aa', '12 Oak Street, Apartment 4', "
        "'sw1a 1aa')) as entry (v, street, postcode)", demo_build)
    assert row["blocked"] == row["staged"] == "12 OAK ST APT 4|SW1A1AA", row


# Hand-written canonical forms (the transliteration table's spelling, folded by the normalizer).
EXPECTED_NAMES = {
    "José": "jose", "jose\u0301": "jose", "Straße": "strasse", "ẞ": "ss", "Æsa": "aesa",
    "Œlund": "oelund", "Þórunn": "thorunn", "Yıldız": "yildiz", "İstanbul": "istanbul",
    "Дмитрий": "dmitriy", "Ελένη": "eleni", "Anna\u00a0Maria": "anna maria",
    "Anna\u3000Maria": "anna maria", "\ufeffJohn": "john", "Jo\u00adhn": "john",
    "Jo\u200bhn": "john", "ﬁona": "fiona", "Ｊｏｈｎ": "john", "O’Brien": "o'brien",
    "Smith–Jones": "smith-jones", "Mr. Søren Müller": "soren muller", "Dr. Łukasz Żółć": "lukasz zolc",
    "Nguyễn Văn An": "nguyen van an", "Đặng": "dang", "Ørsted": "orsted", "😀": None, "": None,
    # written vowels of Indic scripts are kept (Sunil and Sonal differ); Arabic's optional
    # vowel points are not (a pointed name equals its usual spelling)
    "सुनील": "sunil", "सोनल": "sonl", "مُحَمَّد": "mhmd", "محمد": "mhmd",
}


@pytest.mark.parametrize("target", ["on_duckdb", "on_postgres"])
def test_names_fold_to_their_ascii_spelling(request, target):
    normalized, _ = request.getfixturevalue(target)
    got = {HOSTILE[i]: row["name"] for i, row in normalized.items() if HOSTILE[i] in EXPECTED_NAMES}
    assert got == EXPECTED_NAMES
    # a name in a script other than Latin keeps a key: it never becomes NULL
    for script_name in ("محمد", "日本語", "김민준", "ΣΊΣΥΦΟΣ"):
        assert normalized[HOSTILE.index(script_name)]["name"], script_name
