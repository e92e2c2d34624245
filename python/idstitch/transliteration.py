"""The transliteration table behind the `idstitch.transliterate` macro.

`idstitch transliteration-seed` writes `seeds/config/transliteration.csv` from the anyascii
package (ISC licence; its tables follow ICU/Unidecode practice): one row per non-ASCII
character of the Basic Multilingual Plane that is a letter, digit, combining mark,
punctuation or invisible format character, with its ASCII spelling ('ß' -> 'ss',
'Þ' -> 'Th', 'ı' -> 'i', 'Д' -> 'D', '’' -> "'", U+0301 -> '', Devanagari 'ु' -> 'u').

Both targets apply this one table, so a name folds to the same key on DuckDB and Postgres
(their own accent strippers disagree: DuckDB's strip_accents keeps 'ß', Postgres' unaccent
turns it into 'ss'). Left out on purpose:
- whitespace (category Z and the C0/C1 controls that are spaces): the macro maps every
  Unicode space to ' ' before the lookup (`idstitch.unicode_spaces`);
- symbols and emoji (category S): anyascii spells them as words (':grinning:'), which must
  never become part of a name;
- characters anyascii has no spelling for: they stay as they are, and the normalizers drop
  what is not a letter they keep.

Rows whose spelling is empty (combining marks, zero-width joiners, soft hyphen, BOM) load as
NULL: the macro deletes a character whose row has a NULL spelling.
"""

from __future__ import annotations

import csv
import unicodedata
from importlib.metadata import version
from pathlib import Path

from anyascii import anyascii

SEED = Path(__file__).resolve().parents[2] / "seeds" / "config" / "transliteration.csv"
COLUMNS = ("unicode_char", "ascii")
# Unicode categories that can stand in a person's name, address or identifier.
KEPT_CATEGORIES = ("L", "M", "N", "P", "Cf")
# dbt reads these seed values (after strip, lower-cased) as NULL; a real spelling never is one.
_NULL_LIKE = {"", "null"}


# Blocks whose vowel marks are optional points, mostly left unwritten (Hebrew niqqud, Arabic
# harakat, Syriac): spelling them would make a pointed name differ from its usual spelling.
OPTIONAL_VOWEL_POINTS = ((0x0590, 0x05FF), (0x0600, 0x077F), (0x08A0, 0x08FF), (0xFB1D, 0xFDFF),
                         (0xFE70, 0xFEFF))


def _spells_a_vowel(code_point: int, spelled: str) -> bool:
    """A combining mark that is a written vowel (Devanagari 'ु' -> 'u', Thai, Tamil, Bengali...):
    it keeps its spelling, or सुनील and सोनल would both fold to 'snl'. Accents and optional
    vowel points (see OPTIONAL_VOWEL_POINTS) are deleted."""
    if any(low <= code_point <= high for low, high in OPTIONAL_VOWEL_POINTS):
        return False
    return bool(spelled) and spelled.isascii() and spelled.isalpha()


def rows() -> list[tuple[str, str]]:
    """(character, ASCII spelling) for every BMP character the table covers, in code point
    order. Spelling '' means: delete the character."""
    table = []
    for code_point in range(0x80, 0x10000):
        char = chr(code_point)
        category = unicodedata.category(char)
        if not category.startswith(KEPT_CATEGORIES) or category in {"Cs", "Co"}:
            continue
        spelled = anyascii(char)
        if category == "Cf" or (category[0] == "M" and not _spells_a_vowel(code_point, spelled)):
            spelled = ""
        elif not spelled or spelled.isspace() or not spelled.isascii():
            continue  # nothing to say: the character stays itself
        if spelled and spelled.strip().lower() in _NULL_LIKE:
            raise ValueError(f"U+{code_point:04X} spells as {spelled!r}, which a seed reads as NULL")
        table.append((char, spelled))
    return table


def write_seed(path: Path = SEED) -> int:
    """Write the seed CSV; returns the number of rows."""
    table = rows()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(table)
    return len(table)


def describe() -> str:
    return (f"anyascii {version('anyascii')}, Unicode {unicodedata.unidata_version} "
            f"(Python's unicodedata)")
