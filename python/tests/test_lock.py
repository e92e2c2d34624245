"""The environment the tests run in is exactly requirements.lock: `make setup` installs the
locked versions with their hashes and nothing else, so a dependency release cannot change a
build (duckdb 2.0.0 -> 2.0.1 changed what Jaro-Winkler counts)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from idstitch.warehouse import ROOT

LOCK = ROOT / "requirements.lock"
# pip comes with the venv (ensurepip) and idstitch is the project itself: neither is resolved
NOT_LOCKED = {"pip", "idstitch"}


def _locked() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, hashes) from the pip-compile lock file."""
    pins: dict[str, tuple[str, list[str]]] = {}
    name = None
    for line in LOCK.read_text().splitlines():
        pin = re.match(r"^([A-Za-z0-9._-]+)==([^ ;\\]+)", line)
        if pin:
            name = canonicalize_name(pin[1])
            pins[name] = (pin[2], [])
        elif name and (digest := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            pins[name][1].append(digest[1])
    return pins


def _installed() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def test_every_locked_pin_carries_hashes():
    locked = _locked()
    assert {"dbt-core", "dbt-duckdb", "dbt-postgres", "duckdb", "anyascii"} <= set(locked)
    assert all(hashes for _, hashes in locked.values()), [n for n, (_, h) in locked.items() if not h]


def test_installed_environment_is_exactly_the_lock():
    """Goes red when `make setup` resolves instead of installing the lock: a package at a
    version the lock does not name, a package the lock does not have, or a pin left out."""
    locked, installed = _locked(), _installed()
    off = {name: (version, locked.get(name, (None,))[0])
           for name, version in installed.items()
           if name not in NOT_LOCKED and locked.get(name, (None,))[0] != version}
    assert not off, f"installed (version, locked version) differ: {off}"
    missing = sorted(set(locked) - set(installed))
    assert not missing, f"locked but not installed: {missing}"


def test_lock_satisfies_the_declared_ranges():
    """pyproject.toml keeps the ranges users install into their own environment; the lock is
    one resolution of them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["dev"]
    locked = _locked()
    outside = [str(req) for req in map(Requirement, declared)
               if locked[canonicalize_name(req.name)][0] not in req.specifier]
    assert not outside, outside
