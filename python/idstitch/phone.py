"""The numbering plans behind the `idstitch.parse_phone` macro.

`idstitch phone-seeds` writes two seeds from the `phonenumbers` package (Apache 2.0; it
carries Google libphonenumber's metadata, updated with every libphonenumber release):

- `seeds/config/phone_regions.csv`: one row per region (ISO 3166-1 alpha-2, or '001' for
  non-geographic services) with its country calling code and international dialling prefix
  (a pattern: '011' in the US, '00' in most of Europe, '0(?:0|1[12])' elsewhere). A number
  written in a region's own format is read with this: its dialling prefix marks an
  international number, anything else is national and gets the calling code.
- `seeds/config/phone_calling_codes.csv`: one row per country calling code with the national
  (trunk) prefix pattern of its main region ('0' in Germany and the UK, '1' in the NANP,
  '8' in Russia), the transform rule some plans apply instead of plain stripping, and the
  pattern every national significant number must match (libphonenumber's general
  description; the alternation of every region sharing the code, main region first).

Both targets read the same two tables, so a number parses the same way on DuckDB and
Postgres, and updating libphonenumber is `make lock UPGRADE=1` plus `idstitch phone-seeds`.
What libphonenumber does that the macro does not: vanity letters (1-800-FLOWERS), carrier
codes kept apart, per-type validation (fixed line vs mobile): the general description
accepts every number any type could have.
"""

from __future__ import annotations

import csv
import re
from importlib.metadata import version
from pathlib import Path

import phonenumbers
from phonenumbers import PhoneMetadata

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "config"
REGIONS_SEED = SEEDS / "phone_regions.csv"
CODES_SEED = SEEDS / "phone_calling_codes.csv"
REGION_COLUMNS = ("region", "calling_code", "international_prefix", "national_prefix_for_parsing",
                  "national_prefix_transform_rule", "national_prefix_last_group",
                  "national_number_pattern", "national_number_lengths", "national_number_max_length")
CODE_COLUMNS = ("calling_code", "main_region", "national_number_pattern", "national_number_lengths")


def region_rows() -> list[tuple[str, ...]]:
    """One row per supported region: calling code, international prefix pattern, the national
    prefix pattern with its transform rule (and the back-reference to the pattern's last
    group, whose taking part decides between transforming and stripping), and the pattern and
    possible lengths (',7,9,10,') of its national significant numbers."""
    rows = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        metadata = PhoneMetadata.metadata_for_region(region)
        prefix = metadata.national_prefix_for_parsing or ""
        rule = metadata.national_prefix_transform_rule or ""
        last_group = f"\\{re.compile(prefix).groups}" if rule and re.compile(prefix).groups else ""
        lengths = metadata.general_desc.possible_length
        rows.append((region, str(metadata.country_code), metadata.international_prefix or "",
                     prefix, rule, last_group, metadata.general_desc.national_number_pattern,
                     _lengths(lengths), str(max(lengths))))
    return rows


def _lengths(lengths) -> str:
    """Possible lengths as the seeds hold them: ',7,9,10,'."""
    return "," + ",".join(map(str, sorted(lengths))) + ","


def code_rows() -> list[tuple[str, str, str, str]]:
    """One row per country calling code: its main region ('001' for non-geographic codes such
    as +800), the alternation of the national number patterns of all its regions, main region
    first, and the union of their possible lengths: a number is valid under the code when it
    fits one of them and has a possible length (a 7-digit US local number has neither)."""
    rows = []
    for code, regions in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()):
        if regions == ("001",):
            metadata = PhoneMetadata.metadata_for_nongeo_region(code)
            if metadata is not None:
                rows.append((str(code), "001", metadata.general_desc.national_number_pattern,
                             _lengths(metadata.general_desc.possible_length)))
            continue
        metadatas = [PhoneMetadata.metadata_for_region(region) for region in regions if region != "001"]
        main = next((m for m in metadatas if m.main_country_for_code), metadatas[0])
        patterns = []
        for metadata in [main] + [m for m in metadatas if m is not main]:
            pattern = metadata.general_desc.national_number_pattern
            if pattern and pattern not in patterns:
                patterns.append(pattern)
        pattern = "|".join(f"(?:{p})" for p in patterns) if len(patterns) > 1 else patterns[0]
        lengths = {n for m in metadatas for n in m.general_desc.possible_length}
        rows.append((str(code), main.id, pattern, _lengths(lengths)))
    return rows


def _write(path: Path, columns: tuple[str, ...], rows: list[tuple]) -> int:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
    return len(rows)


def write_seeds() -> tuple[int, int]:
    """Write both seeds; returns (regions, calling codes)."""
    return _write(REGIONS_SEED, REGION_COLUMNS, region_rows()), _write(CODES_SEED, CODE_COLUMNS, code_rows())


def describe() -> str:
    return f"phonenumbers {version('phonenumbers')}"


def e164(value: str, region: str) -> str | None:
    """libphonenumber's reading of `value` for the seeds' tests: E.164 when the number parses
    and is possible for its plan, else None."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
