import csv
from pathlib import Path

import pytest

from idstitch.generate import CORRUPTIONS, TABLES, generate, parse_corruptions

SOURCES = {"ecommerce", "mobile_app", "loyalty", "pos", "callcenter", "enrichment"}


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    generate(300, 7, tmp_path / "a")
    generate(300, 7, tmp_path / "b")
    generate(300, 8, tmp_path / "c")
    for name in [*TABLES, "truth"]:
        a = (tmp_path / "a" / f"{name}.csv").read_bytes()
        assert a == (tmp_path / "b" / f"{name}.csv").read_bytes(), name
    assert (tmp_path / "a" / "truth.csv").read_bytes() != (tmp_path / "c" / "truth.csv").read_bytes()


def test_truth_covers_every_identity_record_of_all_six_sources(tmp_path):
    counts = generate(500, 3, tmp_path)
    truth = {row["record_key"]: row["person_id"] for row in _read(tmp_path / "truth.csv")}
    assert len(truth) == counts["truth"]
    assert {key.split(":", 1)[0] for key in truth} == SOURCES
    expected = (
        [f"ecommerce:{r['customer_id']}" for r in _read(tmp_path / "ecommerce_customers.csv")]
        + [f"mobile_app:{r['app_user_id']}" for r in _read(tmp_path / "app_users.csv")]
        + [f"loyalty:{r['loyalty_id']}" for r in _read(tmp_path / "loyalty_members.csv")]
        + [f"callcenter:{r['contact_id']}" for r in _read(tmp_path / "callcenter_contacts.csv")]
        + [f"enrichment:{r['enrichment_id']}" for r in _read(tmp_path / "enrichment_persons.csv")]
    )
    cards = {r["loyalty_card_number"] for r in _read(tmp_path / "pos_transactions.csv")}
    expected += [f"pos:{card}" for card in cards if card]
    assert sorted(expected) == sorted(truth)


def test_noise_the_design_names_is_present(tmp_path):
    generate(2000, 11, tmp_path)
    customers = _read(tmp_path / "ecommerce_customers.csv")
    emails = [r["email"] for r in customers]
    phones = [r["phone"] for r in customers + _read(tmp_path / "callcenter_contacts.csv")]
    assert any("+" in e.split("@")[0] for e in emails if "@" in e), "plus tags"
    assert any(e.strip() != e or e.lower() != e for e in emails), "case and whitespace"
    assert any(p.startswith("001") for p in phones) and any("." in p for p in phones)
    assert any(p in {"0000000000", "n/a", "1234567890"} for p in phones), "junk phones"
    assert any(e in {"test@test.com", "n/a", "noemail@example.com"} for e in emails), "junk emails"
    devices = [r["device_id"].lower() for r in _read(tmp_path / "app_users.csv")]
    assert len(devices) > len(set(devices)), "shared devices"


def test_higher_noise_means_more_junk(tmp_path):
    low = generate(1500, 5, tmp_path / "low", noise=0.5)
    high = generate(1500, 5, tmp_path / "high", noise=2.0)
    assert low["truth"] > 0 and high["truth"] > 0

    def junk(folder: str) -> int:
        rows = _read(tmp_path / folder / "ecommerce_customers.csv")
        return sum(r["email"] in {"test@test.com", "noemail@example.com", "n/a", "none@none.com",
                                  "na@na.com"} for r in rows)

    assert junk("high") > junk("low")


def test_corruptions_change_only_what_they_name(tmp_path):
    """Corruptions come from their own random stream: the corrupted dataset is the clean one
    with some names replaced, swapped or mistyped and some email and phone characters
    changed; every record and every other column stays as it was."""
    clean = generate(1500, 9, tmp_path / "clean")
    heavy = generate(1500, 9, tmp_path / "heavy", corruptions=parse_corruptions("heavy"))
    assert {k: v for k, v in heavy.items() if not k.startswith("corrupted_")} == clean
    assert all(heavy[f"corrupted_{name}"] > 0 for name in CORRUPTIONS)
    touched = {"first_name", "last_name", "email", "phone"}
    swapped = replaced = 0
    for name, header in TABLES.items():
        a, b = _read(tmp_path / "clean" / f"{name}.csv"), _read(tmp_path / "heavy" / f"{name}.csv")
        assert len(a) == len(b), name
        for ra, rb in zip(a, b, strict=True):
            assert {c: ra[c] for c in header if c not in touched} == \
                   {c: rb[c] for c in header if c not in touched}, name
            if "last_name" in header and ra["first_name"] and ra["first_name"] == rb["last_name"]:
                swapped += ra["first_name"] != ra["last_name"]
            elif "first_name" in header and ra["first_name"] != rb["first_name"]:
                replaced += 1
    assert swapped > 0 and replaced > 0
    assert (tmp_path / "heavy" / "truth.csv").read_bytes() == (tmp_path / "clean" / "truth.csv").read_bytes()


def test_unknown_corruptions_are_refused():
    for bad in ["given_name_replaced", "nope=0.1", "names_swapped=2"]:
        with pytest.raises(ValueError):
            parse_corruptions(bad)
    assert parse_corruptions("names_swapped=0.1,id_typo=0") == {"names_swapped": 0.1, "id_typo": 0.0}
