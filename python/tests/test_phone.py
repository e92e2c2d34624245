"""Phone numbers read the way libphonenumber reads them, on every target.

`idstitch.parse_phone` is SQL over two seeds generated from the phonenumbers package
(libphonenumber's metadata). Here it runs on DuckDB and on PostgreSQL over every region's
example numbers written every way people write them (international, E.164, national, with the
trunk prefix in parentheses, after a dialling prefix, with extensions) and over random digit
strings, and must give what libphonenumber itself gives. The two deliberate differences are
spelled out in `reference`.
"""

from __future__ import annotations

import csv
import random
import re

import phonenumbers
import pytest
from conftest import WORKER_B, dbt_show, sql_text
from phonenumbers import PhoneMetadata
from phonenumbers import PhoneNumberFormat as Format
from phonenumbers import PhoneNumberType as Type

from idstitch import phone

pytestmark = WORKER_B

# (raw value, region for numbers written nationally) -> normalize_phone / phone_issue
BY_HAND = {
    # the trunk prefix written after the country code is dropped, whatever its brackets
    ("+49 (0) 151 2345 6789", "US"): ("+4915123456789", None),
    ("+44 (0)20 7946 0123", "US"): ("+442079460123", None),
    ("+44 020 7946 0123", "US"): ("+442079460123", None),
    ("+33 (0)1 23 45 67 89", "US"): ("+33123456789", None),
    # extensions are cut off, never appended, whatever marks them
    ("+1 555 234 5678 x12", "US"): ("+15552345678", None),
    ("+1 555 234 5678 ext. 12", "US"): ("+15552345678", None),
    ("(608) 555-0142 #7", "US"): ("+16085550142", None),
    ("+44 20 7946 0123;ext=99", "US"): ("+442079460123", None),
    ("+49 30 123456, 89", "US"): ("+4930123456", None),
    # written nationally: the region's calling code, its trunk prefix dropped
    ("(608) 555-0142", "US"): ("+16085550142", None),
    ("1-608-555-0142", "US"): ("+16085550142", None),
    ("020 7946 0123", "GB"): ("+442079460123", None),
    ("0151 2345 6789", "DE"): ("+4915123456789", None),
    ("8 (912) 345-67-89", "RU"): ("+79123456789", None),
    ("06 12 34 56 78", "FR"): ("+33612345678", None),
    ("03-1234-5678", "JP"): ("+81312345678", None),
    ("011 15-2345-6789", "AR"): ("+5491123456789", None),  # mobile: '15' becomes '9'
    ("(11) 96123-4567", "BR"): ("+5511961234567", None),
    # Italy keeps its leading 0: it is part of the number, not a trunk prefix
    ("06 1234 5678", "IT"): ("+390612345678", None),
    ("+39 06 1234 5678", "US"): ("+390612345678", None),
    # international dialling prefixes: the region's own, and 00 everywhere
    ("011 44 20 7946 0123", "US"): ("+442079460123", None),
    ("0044 20 7946 0123", "US"): ("+442079460123", None),
    ("001 608 555 0142", "GB"): ("+16085550142", None),
    ("0011 61 2 1234 5678", "AU"): ("+61212345678", None),
    # Unicode digits and spaces, leading words
    ("１-６０８-５５５-０１４２", "US"): ("+16085550142", None),
    ("٠٢٠ ٧٩٤٦ ٠١٢٣", "GB"): ("+442079460123", None),
    ("555\u00a0234\u00a05678", "US"): ("+15552345678", None),
    ("tel: +44 20 7946 0123", "US"): ("+442079460123", None),
    # no number: a reason, never a different number
    ("020 7946 0123", "US"): (None, "invalid_format"),   # a UK number read as American
    ("555-0142", "US"): (None, "invalid_format"),        # too short
    ("+1 555 234 56789 0", "US"): (None, "invalid_format"),
    ("1-800-FLOWERS", "US"): (None, "invalid_format"),
    ("n/a", "US"): (None, "invalid_format"),
    ("+", "US"): (None, "invalid_format"),
    ("(555) 555-5555", "US"): (None, "placeholder"),
    ("+44 7777 777777", "US"): (None, "placeholder"),
    ("+4915123456789", "ZZ"): ("+4915123456789", None),  # unknown region: international only
    ("015123456789", "ZZ"): (None, "invalid_format"),
    # look-alike plus and dash signs, tabs, a spreadsheet's float
    ("＋44 20 7946 0123", "DE"): ("+442079460123", None),
    ("⁺49 30 1234567", "US"): ("+49301234567", None),
    ("03−1234−5678", "JP"): ("+81312345678", None),
    ("030\t1234567", "DE"): ("+49301234567", None),
    ("15123456789.0", "DE"): ("+4915123456789", None),
    # a stray letter inside a number: unreadable, never the digits before it (a valid
    # shorter number in a plan of many lengths)
    ("+49 30 1234 O567", "US"): (None, "invalid_format"),
    ("030 12345 l78", "DE"): (None, "invalid_format"),
    # a 7-digit local number fits no possible length of +1
    ("321-4567", "US"): (None, "invalid_format"),
    ("", "US"): (None, None),
    ("   ", "US"): (None, None),
}


def _codes() -> dict[str, tuple[str, str]]:
    with phone.CODES_SEED.open(encoding="utf-8") as handle:
        return {row["calling_code"]: (row["national_number_pattern"], row["national_number_lengths"])
                for row in csv.DictReader(handle)}


def _international_prefixes() -> dict[str, str]:
    with phone.REGIONS_SEED.open(encoding="utf-8") as handle:
        return {row["region"]: row["international_prefix"] for row in csv.DictReader(handle)}


CODES = _codes()
PREFIXES = _international_prefixes()


def reference(value: str, region: str) -> str | None:
    """libphonenumber's E.164 reading of `value`, valid by its plan's general pattern and of a
    possible length, with
    idstitch's two differences: '00' is an international prefix in every region (libphonenumber
    accepts only the region's own), and a national number that is one digit repeated is a
    placeholder, not a number."""
    digits = re.match(r"[^0-9]*([0-9][0-9 ()./-]*)", value)
    lead = re.match(r"[^0-9]*", value).group(0)
    if digits and "+" not in lead:
        written = re.sub("[^0-9]", "", digits.group(1))
        if written.startswith("00") and written[2:3] not in ("", "0") \
                and not re.match(f"(?:{PREFIXES[region]})[1-9]", written):
            value = "+" + written[2:]
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    code, national = str(number.country_code), phonenumbers.national_significant_number(number)
    if code not in CODES or not re.fullmatch(CODES[code][0], national) or len(code + national) > 15:
        return None
    # a possible length (libphonenumber's is_possible) in the plan that read it: the region's
    # own for a number written nationally, else the calling code's main region
    written_nationally = bool(digits) and "+" not in lead and not re.match(
        f"(?:(?:{PREFIXES.get(region) or '00'})|00)[1-9]", re.sub("[^0-9]", "", digits.group(1)))
    plan = PhoneMetadata.metadata_for_region(region) if written_nationally else None
    if plan is None or plan.country_code != number.country_code:
        main = phonenumbers.region_code_for_country_code(number.country_code)
        plan = PhoneMetadata.metadata_for_region(main) if main != "001" \
            else PhoneMetadata.metadata_for_nongeo_region(number.country_code)
    if plan is not None and len(national) not in plan.general_desc.possible_length:
        return None
    if len(set(national)) == 1:
        return None
    return f"+{code}{national}"


def corpus(seed: int = 11) -> list[tuple[str, str]]:
    """Every region's example fixed-line and mobile numbers, each written in four of the ways
    people write them and read in its own region or a random other one, plus random digit
    strings with and without '+', '0', '00' and '1' in front."""
    rng = random.Random(seed)
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)
    rows = []
    for region in regions:
        metadata = PhoneMetadata.metadata_for_region(region)
        for kind in (Type.FIXED_LINE, Type.MOBILE):
            number = phonenumbers.example_number_for_type(region, kind)
            if number is None:
                continue
            other = rng.choice(regions)
            national = phonenumbers.national_significant_number(number)
            idd = PhoneMetadata.metadata_for_region(other).preferred_international_prefix \
                or PhoneMetadata.metadata_for_region(other).international_prefix
            forms = [
                (phonenumbers.format_number(number, Format.INTERNATIONAL), other),
                (phonenumbers.format_number(number, Format.E164), other),
                (phonenumbers.format_number(number, Format.NATIONAL), region),
                (phonenumbers.format_number(number, Format.NATIONAL), other),
                (phonenumbers.format_number(number, Format.INTERNATIONAL)
                 + rng.choice([" x123", " ext. 45", " #9", ";ext=7", ", 12"]), other),
            ]
            if metadata.national_prefix:
                forms.append((f"+{number.country_code} ({metadata.national_prefix}) {national}", other))
            if idd and re.fullmatch(r"\d+", idd):
                forms.append((f"{idd} {number.country_code} {national}", other))
            rows += rng.sample(forms, 4)
    for _ in range(500):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 16)))
        # not '+0': libphonenumber reads it as a national number; no calling code starts with 0
        rows.append((rng.choice(["", "+", "0", "00", "1"]) + digits, rng.choice(regions)))
    return rows


def _parse(rows: list[tuple[str, str]], env: dict[str, str]) -> list[tuple]:
    """(normalize_phone, phone_issue) per row, in order (in chunks: one argument of a command
    line holds at most 128 KiB)."""
    got = {}
    for start in range(0, len(rows), 1500):
        values = ", ".join(f"({start + i}, {sql_text(value)}, {sql_text(region)})"
                           for i, (value, region) in enumerate(rows[start:start + 1500]))
        for row in dbt_show(
                "select c.id, {{ idstitch.normalize_phone('c.v', 'c.region') }} as phone, "
                "{{ idstitch.phone_issue('c.v', 'c.region') }} as issue "
                f"from (values {values}) as c (id, v, region)", env):
            got[row["id"]] = (row["phone"], row["issue"])
    return [got[i] for i in range(len(rows))]


# Regions read with their plans as literals (parse_phone's fast path, used when the region is
# known when the model compiles): trunk prefixes '1', '0', '8', transform rules (AR, VI), the
# own-calling-code rule (RU, VI). Each region is a column of one query: kept to four, as every
# column carries the seed-join fallback for numbers of other calling codes.
KNOWN_REGIONS = ["US", "AR", "RU", "VI"]


def _parse_in_known_regions(rows: list[tuple[str, str]], env: dict[str, str]) -> list[dict]:
    """normalize_phone with each of KNOWN_REGIONS as a literal, per row, in order."""
    columns = ", ".join(f"{{{{ idstitch.normalize_phone('c.v', \"'{region}'\") }}}} as in_{region.lower()}"
                        for region in KNOWN_REGIONS)
    got = {}
    for start in range(0, len(rows), 1500):
        values = ", ".join(f"({start + i}, {sql_text(value)})"
                           for i, (value, _) in enumerate(rows[start:start + 1500]))
        for row in dbt_show(f"select c.id, {columns} from (values {values}) as c (id, v)", env):
            got[row["id"]] = row
    return [got[i] for i in range(len(rows))]


@pytest.fixture(scope="module")
def parsed(demo_build, postgres_demo_build):
    rows = corpus()
    return rows, {"duckdb": _parse(rows + list(BY_HAND), demo_build),
                  "postgres": _parse(rows + list(BY_HAND), postgres_demo_build)}


@pytest.fixture(scope="module")
def parsed_in_known_regions(demo_build, postgres_demo_build):
    rows = random.Random(5).sample(corpus(), 800)
    return rows, {"duckdb": _parse_in_known_regions(rows, demo_build),
                  "postgres": _parse_in_known_regions(rows, postgres_demo_build)}


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_numbers_read_in_a_known_region_as_libphonenumber_reads_them(parsed_in_known_regions, target):
    """The fast path (plans as literals) gives what the seed joins and libphonenumber give."""
    rows, by_target = parsed_in_known_regions
    wrong = [(value, region, got[f"in_{region.lower()}"], reference(value, region))
             for (value, _), got in zip(rows, by_target[target], strict=True) for region in KNOWN_REGIONS
             if got[f"in_{region.lower()}"] != reference(value, region)]
    assert not wrong, f"{len(wrong)} differ from libphonenumber, e.g. {wrong[:8]}"


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_numbers_written_every_way_read_as_libphonenumber_reads_them(parsed, target):
    rows, by_target = parsed
    got = by_target[target][:len(rows)]
    assert len(rows) > 2000
    assert sum(reference(*row) is not None for row in rows) > 1500  # mostly numbers, some junk
    wrong = [(row, phone_, reference(*row)) for row, (phone_, _) in zip(rows, got, strict=True)
             if phone_ != reference(*row)]
    assert not wrong, f"{len(wrong)} of {len(rows)} differ from libphonenumber, e.g. {wrong[:8]}"
    # a value without a number always says why
    assert all((phone_ is None) == (issue is not None) for phone_, issue in got)


@pytest.mark.parametrize("target", ["duckdb", "postgres"])
def test_hand_written_numbers(parsed, target):
    rows, by_target = parsed
    got = dict(zip(BY_HAND, by_target[target][len(rows):], strict=True))
    wrong = {case: (got[case], expected) for case, expected in BY_HAND.items() if got[case] != expected}
    assert not wrong, wrong


def test_seeds_are_the_installed_metadata():
    """The seeds are what `idstitch phone-seeds` writes from the locked phonenumbers: after a
    version change, regenerate them in the same commit."""
    for path, columns, rows in ((phone.REGIONS_SEED, phone.REGION_COLUMNS, phone.region_rows()),
                                (phone.CODES_SEED, phone.CODE_COLUMNS, phone.code_rows())):
        with path.open(encoding="utf-8", newline="") as handle:
            assert list(csv.reader(handle)) == [list(columns)] + [list(row) for row in rows], (
                f"{path.name} is stale: run `idstitch phone-seeds` ({phone.describe()})")
