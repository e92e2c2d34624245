import csv
from pathlib import Path

from idstitch.generate import TABLES, generate

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
