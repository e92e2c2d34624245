"""Lint the SQL that dbt macros write, with the house-style sqlfluff rules.

sqlfluff lints what a file renders to, and a file of ``{% macro %}`` definitions renders to
nothing: ``sqlfluff lint macros`` checks no SQL at all (sqlfluff/sqlfluff#1401). This driver
lints each block of SQL a macro writes on its own:

- a unit is the body of a ``{% macro %}``, ``{% test %}`` or ``{% materialization %}``, of a
  ``{% call statement(...) %}`` block and of a ``{% set name %}`` block (SQL kept for later);
  a unit's nested units are linted on their own and blanked out of it;
- every unit is linted as the whole file with everything outside the unit blanked (newlines
  kept), so a violation's line and position are the file's own;
- rendering uses sqlfluff's Jinja templater with ``ignore = templating``: an argument or a
  call of another macro renders as its name (``{{ idstitch.as_text(expr) }}`` ->
  ``idstitch_as_text``), loops run twice and both sides of an ``if`` are rendered
  (sqlfluff's variant rendering); ``return``, ``log``, ``run_hooks`` and
  ``exceptions.*`` render as nothing;
- a macro that writes an expression, a select list or a join is a fragment, not a
  statement: it is parsed behind ``select`` (or ``select * from``), written into the blank
  space before the unit, whichever parses;
- sqlfluff reports violations only where the SQL is literal text of the macro, never inside
  what a ``{{ ... }}`` rendered: SQL a macro builds in Jinja strings (``"lower(" ~ x ~ ")"``)
  is not checked.

Rule settings (lower case, trailing commas, explicit aliases) come from the project's
``.sqlfluff``; the rules are the ones the house style names (RULES), whatever that file
excludes for models. Exit status 1 when anything is found, so ``make lint`` fails.

Usage: python -m idstitch.lint_macros [PATH ...]   (default: macros)
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from sqlfluff.core import FluffConfig, Linter
from sqlfluff.core.dialects import dialect_selector
from sqlfluff.core.plugin import hookimpl
from sqlfluff.core.plugin.host import get_plugin_manager
from sqlfluff.core.templaters.jinja import DummyUndefined, JinjaTemplater

# The rules STYLE.md names: lower-case keywords, functions, literals, identifiers and types,
# trailing commas, explicit `as` for tables and columns, qualified columns in joins.
RULES = (
    "capitalisation.keywords",
    "capitalisation.identifiers",
    "capitalisation.functions",
    "capitalisation.literals",
    "capitalisation.types",
    "layout.commas",
    "aliasing.table",
    "aliasing.column",
    "references.qualification",
)

# sqlfluff dialect per dispatch prefix: a postgres__ macro writes PostgreSQL (plpgsql
# functions, `create index`), a duckdb__ macro DuckDB; the rest runs on both targets and is
# parsed as DuckDB, else as PostgreSQL (sqlfluff's DuckDB grammar has no `insert ... with`).
DIALECTS = {"duckdb": ("duckdb",), "postgres": ("postgres",), "default": ("duckdb", "postgres")}

# What a fragment is parsed between, tried in order until one parses: a statement as it is,
# an expression or select list, a table or join, the `when` clauses of a case, and the head of
# a union.
WRAPPERS = (
    ("", ""),
    ("select ", ""),
    ("select * from ", ""),
    ("select case ", " end"),
    ("", " select 1"),
)

_TAG = re.compile(r"{%-?\s*(?P<word>\w+)(?P<rest>.*?)-?%}", re.S)
_COMMENT = re.compile(r"{#.*?#}", re.S)
_STATEMENT_CALL = re.compile(
    r"(?m)^((?:[ \t]*(?:{{(?:(?!}}).)*}}|{#(?:(?!#}).)*#})[ \t]*\n)+)"
    r"(\s*(?:create|insert|delete|update|drop|alter|truncate)\b)",
    re.S,
)
# `{# noqa #}` or `{# noqa: PRS, CP01 #}` in a Jinja comment: on its line, or right before a
# macro (the whole macro); Jinja comments render as nothing, so the SQL is unchanged
_NOQA = re.compile(r"{#-?[^#]*?\bnoqa\b(?::\s*(?P<codes>[A-Z0-9, ]+))?[^#]*?-?#}")
_SUBQUERY_CALL = re.compile(r"(\(\s*\n[ \t]*)({{(?:(?!}}).)*}})([ \t]*\n\s*\))", re.S)
_TRIM = re.compile(r"{[%{#]-|-[%}#]}")
_JINJA = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_OPENERS = {"macro", "test", "materialization", "call", "set"}
_CLOSERS = {"end" + word: word for word in _OPENERS}


def _nothing(*_args: Any, **_kwargs: Any) -> str:
    return ""


def _sql_keywords() -> frozenset[str]:
    words: set[str] = set()
    for dialect in ("duckdb", "postgres"):
        for kind in ("reserved_keywords", "unreserved_keywords"):
            words |= {word.lower() for word in dialect_selector(dialect).sets(kind)}
    return frozenset(words)


class PairUndefined(DummyUndefined):
    """sqlfluff's stand-in for an undefined name that iterates as two stand-ins, so
    `{% for name, type in columns %}` unpacks (a loop body then renders twice)."""

    @classmethod
    def create(cls, name: str) -> PairUndefined:
        return cls(name)

    def __iter__(self) -> Any:
        return iter([self, self])


class MacroBodyTemplater(JinjaTemplater):
    """sqlfluff's Jinja templater, with dbt's side-effect functions rendering as nothing and
    arguments named like SQL keywords (`column`, `type`, `where`) rendering as `<name>_arg`:
    `cast({{ column }} as {{ type }})` must parse."""

    name = "idstitch_macro_body"
    keywords: frozenset[str] = frozenset()

    @staticmethod
    def _init_undefined_tracking(
        live_context: dict[str, Any], potentially_undefined_variables: Any, ignore_templating: bool = False
    ) -> set[str]:
        undefined = JinjaTemplater._init_undefined_tracking(
            live_context, potentially_undefined_variables, ignore_templating
        )
        for name, value in list(live_context.items()):
            if isinstance(value, DummyUndefined):
                safe = name.lower() in MacroBodyTemplater.keywords
                live_context[name] = PairUndefined.create(f"{name}_arg" if safe else name)
        return undefined

    def get_context(self, fname: Any, config: Any) -> dict[str, Any]:
        context = super().get_context(fname, config)
        context.update(
            {
                "return": _nothing,
                "log": _nothing,
                "run_hooks": _nothing,
                "exceptions": SimpleNamespace(raise_compiler_error=_nothing, warn=_nothing),
            }
        )
        return context


class _Plugin:
    @staticmethod
    @hookimpl
    def get_templaters() -> list[type]:
        return [MacroBodyTemplater]


@dataclass
class Unit:
    """A block of SQL a macro writes: text[body_start:body_end] minus its nested units."""

    label: str
    macro: str
    open_start: int
    body_start: int
    body_end: int = -1
    close_end: int = -1


def find_units(text: str) -> list[Unit]:
    """Every macro/test/materialization body, call block and block set, innermost too."""
    # tags inside Jinja comments are prose, not structure
    masked = _COMMENT.sub(lambda m: " " * len(m.group()), text)
    units: list[Unit] = []
    stack: list[tuple[str, Unit]] = []
    for match in _TAG.finditer(masked):
        word, rest = match.group("word"), match.group("rest").strip()
        if word in _OPENERS:
            if word == "set" and "=" in rest:
                continue  # `{% set x = ... %}` is an assignment, not a block
            outer = stack[-1][1] if stack else None
            head = (
                rest.split("(")[0].split(",")[0].strip()
                if word in ("macro", "test", "materialization")
                else rest
            )
            label = f"{outer.label} > {word} {head}" if outer else head
            macro = outer.macro if outer else head
            stack.append((word, Unit(label, macro, match.start(), match.end())))
        elif word in _CLOSERS and stack and stack[-1][0] == _CLOSERS[word]:
            _, unit = stack.pop()
            unit.body_end, unit.close_end = match.start(), match.end()
            units.append(unit)
    return sorted(units, key=lambda unit: unit.open_start)


def _as_query(tag: str) -> str:
    """A stand-in query as long as the tag (same positions), where the tag is long enough."""
    stand_in = "select 1"
    return stand_in + re.sub(r"[^\n]", " ", tag[len(stand_in) :]) if len(tag) >= len(stand_in) else tag


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def unit_text(text: str, unit: Unit, units: list[Unit]) -> str:
    """The file with everything but the unit's own SQL blanked: positions stay the file's."""
    chars = list(text)
    _blank(chars, 0, unit.body_start)
    _blank(chars, unit.body_end, len(chars))
    for inner in units:
        if inner is not unit and unit.body_start <= inner.open_start and inner.close_end <= unit.body_end:
            _blank(chars, inner.open_start, inner.close_end)
    text = "".join(chars)
    # a call alone on its line(s) before a DDL/DML statement writes a statement of its own
    # (`{{ idstitch.cc_drop_sql(work.edges) }}` then `create table ...`): not part of the next
    text = _STATEMENT_CALL.sub(lambda m: re.sub(r"[^\n]", " ", m.group(1)) + m.group(2), text)
    # a call alone between brackets writes a query (`unioned as (\n {{ x.rows() }}\n)`)
    text = _SUBQUERY_CALL.sub(lambda m: m.group(1) + _as_query(m.group(2)) + m.group(3), text)
    # no whitespace control: a wrapper's space and the source's line breaks stay as written
    return _TRIM.sub(lambda m: m.group().replace("-", " "), text)


def _wrapped(text: str, unit: Unit, wrapper: tuple[str, str]) -> str | None:
    """The wrapper written into the blank space around the unit (same length, same lines)."""
    prefix, suffix = wrapper
    if suffix:
        # the closing tag is blank now: the suffix goes where it was
        if (
            unit.close_end - unit.body_end < len(suffix)
            or "\n" in text[unit.body_end : unit.body_end + len(suffix)]
        ):
            return None
        text = text[: unit.body_end] + suffix + text[unit.body_end + len(suffix) :]
    if not prefix:
        return text
    # the last stretch of blanks before the body that is long enough and holds no newline
    for line_start in _line_starts_before(text, unit.body_start):
        line_end = text.find("\n", line_start)
        if line_end == -1 or line_end > unit.body_start:
            line_end = unit.body_start
        if line_end - line_start >= len(prefix):
            return text[:line_start] + prefix + text[line_start + len(prefix) :]
    return None


def _line_starts_before(text: str, position: int) -> list[int]:
    starts = [0] + [m.end() for m in re.finditer("\n", text[:position])]
    return list(reversed(starts))


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def has_literal_sql(text: str) -> bool:
    return bool(_JINJA.sub("", text).strip())


def make_linter(project_dir: Path, dialect: str) -> Linter:
    MacroBodyTemplater.keywords = _sql_keywords()
    manager = get_plugin_manager()
    if not manager.is_registered(_PLUGIN):
        manager.register(_PLUGIN, name="idstitch_macro_body")
    config = FluffConfig.from_path(
        str(project_dir),
        overrides={
            "templater": MacroBodyTemplater.name,
            "dialect": dialect,
            "rules": ",".join(RULES),
            "exclude_rules": "",
            "ignore": "templating",
        },
        plugin_manager=manager,
    )
    return Linter(config=config)


_PLUGIN = _Plugin()


@dataclass
class Finding:
    path: str
    line: int
    position: int
    code: str
    description: str
    unit: str


def _unparsable(violations: list[Any]) -> int:
    return sum(v.rule_code() in ("PRS", "LXR", "TMP") for v in violations)


def lint_unit(linters: list[Linter], path: str, text: str, unit: Unit, units: list[Unit]) -> list[Finding]:
    base = unit_text(text, unit, units)
    if not has_literal_sql(base):
        return []
    best: list[Any] | None = None
    for linter in linters:
        for wrapper in WRAPPERS:
            candidate = _wrapped(base, unit, wrapper)
            if candidate is None:
                continue
            try:
                violations = linter.lint_string(candidate, fname=path).get_violations()
            except Exception as error:  # Jinja on stand-in values: report it, go on
                line = _line_of(text, unit.body_start)
                return [Finding(path, line, 1, "SKIP", f"not rendered: {error}", unit.label)]
            if best is None or _unparsable(violations) < _unparsable(best):
                best = violations
            if not _unparsable(best):
                break
        if not _unparsable(best or []):
            break
    return [Finding(path, v.line_no, v.line_pos, v.rule_code(), v.desc(), unit.label) for v in best or []]


def noqa_lines(text: str, units: list[Unit]) -> dict[int, set[str] | None]:
    """Line -> codes to ignore there (None: all), from `{# noqa #}` comments."""
    ignored: dict[int, set[str] | None] = {}
    for match in _NOQA.finditer(text):
        codes = {c.strip() for c in match.group("codes").split(",")} if match.group("codes") else None
        lines = [_line_of(text, match.start())]
        # a noqa comment right before a macro covers the whole macro
        following = [
            u for u in units if u.open_start >= match.end() and not text[match.end() : u.open_start].strip()
        ]
        if following:
            unit = following[0]
            lines = range(_line_of(text, unit.open_start), _line_of(text, unit.close_end) + 1)
        for line in lines:
            ignored[line] = (
                None
                if codes is None or ignored.get(line, set()) is None
                else ignored.get(line, set()) | codes
            )
    return ignored


def macro_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        files.extend(sorted(path.rglob("*.sql")) if path.is_dir() else [path])
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["macros"])
    parser.add_argument("--project-dir", default=".", type=Path)
    args = parser.parse_args(argv)
    started = time.monotonic()
    by_dialect = {dialect: make_linter(args.project_dir, dialect) for dialect in ("duckdb", "postgres")}
    linters = {prefix: [by_dialect[d] for d in dialects] for prefix, dialects in DIALECTS.items()}
    findings: list[Finding] = []
    unit_count = 0
    files = macro_files(args.paths)
    for path in files:
        text = path.read_text()
        units = find_units(text)
        unit_count += len(units)
        ignored = noqa_lines(text, units)
        for unit in units:
            prefix = unit.macro.split("__")[0] if "__" in unit.macro else "default"
            for finding in lint_unit(linters.get(prefix, linters["default"]), str(path), text, unit, units):
                codes = ignored.get(finding.line, set())
                if codes is not None and finding.code not in codes:
                    findings.append(finding)
    seen = set()
    for finding in sorted(findings, key=lambda f: (f.path, f.line, f.position, f.code)):
        key = (finding.path, finding.line, finding.position, finding.code)
        if key in seen:
            continue
        seen.add(key)
        print(
            f"{finding.path}:{finding.line}:{finding.position}: {finding.code} "
            f"{finding.description} [{finding.unit}]"
        )
    print(
        f"lint_macros: {len(seen)} violations in {len(files)} files, {unit_count} blocks of SQL, "
        f"{time.monotonic() - started:.1f} s",
        file=sys.stderr,
    )
    return 1 if seen else 0


if __name__ == "__main__":
    sys.exit(main())
