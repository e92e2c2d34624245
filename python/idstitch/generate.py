"""Synthetic retailer data: six source systems with a hidden true person id.

Every person belongs to a household (shared address, sometimes a shared landline, a family
email or a shared tablet). Each source system sees a subset of persons through its own
identifiers and with its own kind of noise. `truth.csv` maps every identity record of every
source (`source:source_record_id`, the record key the dbt project builds) to its person.

Deterministic for a given seed: one `random.Random` drives everything, in a fixed order.
"""

from __future__ import annotations

import csv
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from idstitch import vocab

EPOCH = datetime(2019, 1, 1)
SPAN_SECONDS = int((datetime(2026, 6, 30) - EPOCH).total_seconds())

# Column headers of every file the generator writes (the raw source tables).
TABLES: dict[str, list[str]] = {
    "ecommerce_customers": [
        "customer_id", "email", "phone", "first_name", "last_name", "address_line1",
        "city", "postcode", "country", "created_at", "updated_at",
    ],
    "ecommerce_orders": [
        "order_id", "customer_id", "ordered_at", "amount", "currency", "status",
    ],
    "app_users": [
        "app_user_id", "device_id", "shop_customer_id", "email", "first_name", "platform",
        "created_at", "updated_at", "deleted_at",
    ],
    "app_events": ["event_id", "app_user_id", "event_type", "occurred_at"],
    "loyalty_members": [
        "loyalty_id", "email", "phone", "first_name", "last_name", "birth_date",
        "enrolled_at", "updated_at", "points_balance", "tier",
    ],
    "loyalty_events": ["loyalty_event_id", "loyalty_id", "event_type", "points", "occurred_at"],
    "pos_transactions": [
        "transaction_id", "store_id", "loyalty_card_number", "transacted_at", "amount",
        "currency",
    ],
    "callcenter_contacts": [
        "contact_id", "phone", "email", "first_name", "last_name", "created_at", "updated_at",
    ],
    "callcenter_tickets": ["ticket_id", "contact_id", "opened_at", "channel", "topic", "status"],
    "enrichment_persons": [
        "enrichment_id", "email", "phone", "first_name", "last_name", "birth_date", "gender",
        "age_band", "income_band", "city", "postcode", "updated_at",
    ],
}

# Noise levels: probability multipliers for every kind of corruption.
NOISE_LEVELS = {"low": 0.5, "medium": 1.0, "high": 2.0}

# Record-level corruptions that defeat rule-based matchers, each a probability per identity
# record, applied on top of the noise above (off by default):
#   given_name_replaced: the first name is another name of the same gender (a middle or
#                        preferred name, a clerk's mistake);
#   names_swapped:       first and last name exchanged;
#   short_name_typo:     a one-letter typo in a first name of fewer than five letters;
#   id_typo:             a one-character typo in an email's local part, and (separately) a
#                        mistyped digit in a phone number.
CORRUPTIONS = ("given_name_replaced", "names_swapped", "short_name_typo", "id_typo")
CORRUPTION_PRESETS: dict[str, dict[str, float]] = {
    "none": {},
    "heavy": {"given_name_replaced": 0.05, "names_swapped": 0.03, "short_name_typo": 0.10,
              "id_typo": 0.03},
}


def parse_corruptions(text: str) -> dict[str, float]:
    """'heavy', 'none', or 'given_name_replaced=0.05,names_swapped=0.03' -> {name: rate}."""
    if text in CORRUPTION_PRESETS:
        return dict(CORRUPTION_PRESETS[text])
    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, rate = part.partition("=")
        if name not in CORRUPTIONS:
            raise ValueError(f"unknown corruption {name!r} (known: {', '.join(CORRUPTIONS)}; "
                             f"presets: {', '.join(CORRUPTION_PRESETS)})")
        try:
            out[name] = float(rate)
        except ValueError as exc:
            raise ValueError(f"corruption {name} needs a rate, e.g. {name}=0.05") from exc
        if not 0 <= out[name] <= 1:
            raise ValueError(f"corruption {name}: rate {rate} is not in [0, 1]")
    return out


def corruption_label(corruptions: dict[str, float]) -> str:
    """A short stable name for a set of corruptions (dataset folder names)."""
    for name, preset in CORRUPTION_PRESETS.items():
        if corruptions == preset:
            return name
    return "-".join(f"{k}{v:g}" for k, v in sorted(corruptions.items()))


class Corruptor:
    """Applies CORRUPTIONS to written rows. Its own random stream: a corrupted dataset has the
    same persons, records and noise as the clean one of the same seed, so the two compare
    pair for pair."""

    def __init__(self, seed: int, rates: dict[str, float]) -> None:
        unknown = set(rates) - set(CORRUPTIONS)
        if unknown:
            raise ValueError(f"unknown corruptions {sorted(unknown)}")
        self.rng = random.Random(f"corrupt-{seed}")
        self.rates = rates
        self.counts = dict.fromkeys(rates, 0)
        self._gender = {_ascii(n).lower(): pool for pool in (vocab.FIRST_NAMES_MALE,
                                                            vocab.FIRST_NAMES_FEMALE) for n in pool}

    def _hit(self, name: str) -> bool:
        rate = self.rates.get(name, 0.0)
        if rate and self.rng.random() < rate:
            self.counts[name] += 1
            return True
        return False

    def _letter_typo(self, text: str, alphabet: str) -> str:
        positions = [i for i, c in enumerate(text) if c.isalnum()]
        if len(positions) < 2:
            return text
        i = self.rng.choice(positions[1:])  # the first character is kept, as people do
        c = self.rng.choice([x for x in alphabet if x != text[i].lower()])
        return text[:i] + c + text[i + 1:]

    def row(self, header: list[str], row: list) -> list:
        cols = {name: i for i, name in enumerate(header)}
        out = list(row)
        first, last = cols.get("first_name"), cols.get("last_name")
        if first is not None and out[first]:
            name = str(out[first])
            bare = _ascii(name.split()[-1]).lower()
            if self._hit("given_name_replaced"):
                pool = self._gender.get(bare) or self.rng.choice(
                    [vocab.FIRST_NAMES_MALE, vocab.FIRST_NAMES_FEMALE])
                out[first] = self.rng.choice([n for n in pool if _ascii(n).lower() != bare])
            elif len(bare) < 5 and self._hit("short_name_typo"):
                out[first] = self._letter_typo(name, "aeiounrstlm")
            if last is not None and out[last] and self._hit("names_swapped"):
                out[first], out[last] = out[last], out[first]
        email = cols.get("email")
        if email is not None and "@" in str(out[email]) and self._hit("id_typo"):
            local, _, domain = str(out[email]).partition("@")
            out[email] = f"{self._letter_typo(local, 'abcdefghijklmnopqrstuvwxyz')}@{domain}"
        phone = cols.get("phone")
        if phone is not None and sum(c.isdigit() for c in str(out[phone])) >= 7 \
                and self._hit("id_typo"):
            digits = [i for i, c in enumerate(str(out[phone])) if c.isdigit()]
            i = self.rng.choice(digits[-7:])  # a subscriber digit, not the country code
            text = str(out[phone])
            out[phone] = text[:i] + self.rng.choice([d for d in "0123456789" if d != text[i]]) \
                + text[i + 1:]
        return out


@dataclass
class Person:
    person_id: str
    first_name: str
    nicknames: list[str]
    last_name: str
    gender: str
    birth_date: date
    email: str
    mobile: str  # 10 national digits
    address: tuple[str, str, str]  # (line1 long form, city, postcode)
    old_address: tuple[str, str, str] | None
    household: Household
    is_adult: bool
    device_id: str
    shop_accounts: list[str] = field(default_factory=list)


@dataclass
class Household:
    household_id: int
    last_name: str
    address: tuple[str, str, str]
    landline: str | None
    family_email: str | None
    tablet_id: str | None
    members: list[Person] = field(default_factory=list)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


class Generator:
    def __init__(self, seed: int, noise: float = 1.0) -> None:
        self.rng = random.Random(seed)
        self.noise = noise
        self._serial = 0

    # -- small helpers -------------------------------------------------------------------
    def p(self, base: float) -> bool:
        """True with probability `base` scaled by the noise level (capped at 0.95)."""
        return self.rng.random() < min(0.95, base * self.noise)

    def chance(self, prob: float) -> bool:
        return self.rng.random() < prob

    def ts(self, after: datetime | None = None) -> datetime:
        start = after or EPOCH
        span = max(1, int((EPOCH + timedelta(seconds=SPAN_SECONDS) - start).total_seconds()))
        return start + timedelta(seconds=self.rng.randrange(span))

    def hexid(self, n: int = 16) -> str:
        return f"{self.rng.getrandbits(4 * n):0{n}x}"

    def phone_digits(self) -> str:
        r = self.rng
        return f"{r.randint(201, 989)}{r.randint(200, 999)}{r.randint(0, 9999):04d}"

    def address(self) -> tuple[str, str, str]:
        r = self.rng
        street_type = r.choice(vocab.STREET_TYPES)[0]
        line1 = f"{r.randint(1, 9999)} {r.choice(vocab.STREET_NAMES)} {street_type}"
        if r.random() < 0.15:
            line1 += f" Apartment {r.randint(1, 40)}"
        city, postcode = r.choice(vocab.CITIES)
        return (line1, city, postcode)

    def email_for(self, first: str, last: str, year: int) -> str:
        r = self.rng
        f, l_ = _ascii(first).lower().replace(" ", ""), _ascii(last).lower().replace(" ", "")
        l_ = l_.replace("'", "")
        pattern = r.randrange(6)
        local = [f"{f}.{l_}", f"{f}{l_}", f"{f[0]}{l_}", f"{f}.{l_}{year % 100:02d}",
                 f"{f}{r.randint(1, 999)}", f"{l_}.{f}{r.randint(1, 99)}"][pattern]
        domains, weights = zip(*vocab.EMAIL_DOMAINS, strict=True)
        domain = r.choices(domains, weights)[0]
        # a serial suffix keeps generated addresses of different people distinct
        self._serial += 1
        return f"{local}{self._serial % 97 if pattern in (0, 1, 2) else ''}@{domain}"

    # -- noise ---------------------------------------------------------------------------
    def noisy_email(self, email: str, allow_junk: bool = True) -> str:
        r = self.rng
        if allow_junk and self.p(0.01):
            return r.choice(vocab.JUNK_EMAILS)
        local, domain = email.split("@")
        if domain == "gmail.com" and self.p(0.15):
            # gmail ignores dots and +tags: people type them inconsistently
            local = local.replace(".", "") if "." in local else local[:2] + "." + local[2:]
        if self.p(0.05):
            local += "+" + r.choice(["shop", "promo", "news", "2024"])
        if self.p(0.05) and domain == "gmail.com":
            domain = "googlemail.com"
        out = f"{local}@{domain}"
        if self.p(0.10):
            out = out.upper() if r.random() < 0.3 else out.capitalize()
        if self.p(0.05):
            out = f" {out} "
        return out

    def typo(self, text: str) -> str:
        r = self.rng
        if len(text) < 3:
            return text
        i = r.randrange(1, len(text) - 1)
        kind = r.randrange(3)
        if kind == 0:  # swap
            return text[:i] + text[i + 1] + text[i] + text[i + 2:]
        if kind == 1:  # drop
            return text[:i] + text[i + 1:]
        return text[:i] + r.choice("aeiounrst") + text[i + 1:]  # substitute

    def fmt_phone(self, digits: str, allow_junk: bool = True) -> str:
        r = self.rng
        if allow_junk and self.p(0.01):
            return r.choice(vocab.JUNK_PHONES)
        a, b, c = digits[:3], digits[3:6], digits[6:]
        return r.choice([
            f"+1 ({a}) {b}-{c}", f"{a}.{b}.{c}", f"001{digits}", f"({a}) {b}-{c}",
            f"{a}-{b}-{c}", digits, f"1{digits}", f"+1{digits}", f"{a} {b} {c}",
        ])

    def noisy_first(self, person: Person, nickname_rate: float) -> str:
        r = self.rng
        name = person.first_name
        if person.nicknames and r.random() < nickname_rate:
            name = r.choice(person.nicknames)
        if self.p(0.03):
            name = self.typo(name)
        if self.p(0.05):
            name = _ascii(name)
        if self.p(0.08):
            name = name.upper() if r.random() < 0.5 else name.lower()
        if self.p(0.02):
            name = f"{r.choice(vocab.TITLES)} {name}"
        return name

    def noisy_last(self, person: Person) -> str:
        r = self.rng
        name = person.last_name
        if self.p(0.02):
            name = self.typo(name)
        if self.p(0.05):
            name = _ascii(name)
        if self.p(0.08):
            name = name.upper() if r.random() < 0.5 else name.lower()
        return name

    def noisy_address(self, addr: tuple[str, str, str]) -> tuple[str, str, str]:
        r = self.rng
        line1, city, postcode = addr
        if r.random() < 0.5:
            for long, short in vocab.STREET_TYPES:
                line1 = line1.replace(f" {long}", f" {short}" + ("." if r.random() < 0.3 else ""))
            line1 = line1.replace("Apartment", r.choice(["Apt", "Apt.", "#"]))
        if self.p(0.1):
            line1 = line1.upper()
        if self.p(0.05):
            line1 = line1.replace(" ", "  ")
        if self.p(0.05):
            city = _ascii(city).upper()
        return line1, city, postcode

    # -- people --------------------------------------------------------------------------
    def households(self, persons: int) -> list[Household]:
        r = self.rng
        out: list[Household] = []
        made = 0
        males = list(vocab.FIRST_NAMES_MALE.items())
        females = list(vocab.FIRST_NAMES_FEMALE.items())
        while made < persons:
            size = min(persons - made, r.choices([1, 2, 3, 4, 5], [35, 35, 15, 10, 5])[0])
            last = r.choice(vocab.LAST_NAMES)
            hh = Household(
                household_id=len(out) + 1, last_name=last, address=self.address(),
                landline=self.phone_digits() if r.random() < 0.35 else None,
                family_email=None, tablet_id=None,
            )
            if size >= 2 and r.random() < 0.06:
                hh.family_email = self.email_for(last, "family", 2000)
            if size >= 2 and r.random() < 0.15:
                hh.tablet_id = self.hexid(32)
            used: set[str] = set()
            junior = size >= 3 and r.random() < 0.02  # a Jr. sharing his father's name
            for i in range(size):
                is_adult = i < 2
                gender = "M" if (i == 0) != (r.random() < 0.5) else "F"
                pool = males if gender == "M" else females
                if junior and i == 2:
                    gender = "M"
                    first, nicks = hh.members[0].first_name, hh.members[0].nicknames
                else:
                    first, nicks = r.choice(pool)
                    while _ascii(first).lower() in used:
                        first, nicks = r.choice(pool)
                used.add(_ascii(first).lower())
                # a spouse sometimes keeps their own last name
                own_last = last if r.random() < 0.8 or not is_adult or i == 0 else r.choice(
                    vocab.LAST_NAMES)
                year = r.randint(1945, 2000) if is_adult else r.randint(2001, 2010)
                born = date(year, r.randint(1, 12), r.randint(1, 28))
                moved = r.random() < 0.15
                person = Person(
                    person_id=f"P{made + 1:08d}", first_name=first, nicknames=list(nicks),
                    last_name=own_last, gender=gender, birth_date=born,
                    email=self.email_for(first, own_last, year), mobile=self.phone_digits(),
                    address=hh.address, old_address=self.address() if moved else None,
                    household=hh, is_adult=is_adult, device_id=self.hexid(32),
                )
                hh.members.append(person)
                made += 1
            out.append(hh)
        return out


def _iso(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return value.isoformat()


def generate(persons: int, seed: int, out_dir: Path, noise: float = 1.0,
             corruptions: dict[str, float] | None = None) -> dict[str, int]:
    """Write the six sources (ten tables) and truth.csv to out_dir; return row counts (and,
    with corruptions, how many records each corruption hit, as corrupted_<name>)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    g = Generator(seed, noise)
    corruptor = Corruptor(seed, corruptions) if corruptions else None
    r = g.rng
    files = {name: open(out_dir / f"{name}.csv", "w", newline="", encoding="utf-8")
             for name in [*TABLES, "truth"]}
    writers = {name: csv.writer(fh) for name, fh in files.items()}
    for name, header in TABLES.items():
        writers[name].writerow(header)
    writers["truth"].writerow(["record_key", "person_id"])
    counts = dict.fromkeys([*TABLES, "truth"], 0)

    def emit(table: str, row: list) -> None:
        if corruptor is not None and table in TABLES:
            row = corruptor.row(TABLES[table], row)
        writers[table].writerow(row)
        counts[table] += 1

    def truth(source: str, record_id: str, person: Person) -> None:
        emit("truth", [f"{source}:{record_id}", person.person_id])

    ids = {"customer": 100000, "order": 5000000, "event": 0, "loyalty": 0, "loyalty_event": 0,
           "txn": 0, "contact": 0, "ticket": 0, "enrichment": 0}

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    try:
        for hh in g.households(persons):
            for person in hh.members:
                first_seen = g.ts()
                _ecommerce(g, person, first_seen, emit, truth, next_id)
                _mobile_app(g, person, first_seen, emit, truth, next_id)
                _loyalty_and_pos(g, person, first_seen, emit, truth, next_id)
                _callcenter(g, person, first_seen, emit, truth, next_id)
                _enrichment(g, person, emit, truth, next_id)
        # anonymous in-store purchases (no card swiped): transactions, not identity records
        for _ in range(max(1, persons // 3)):
            emit("pos_transactions", [
                f"T{next_id('txn'):09d}", f"S{r.randint(1, 40):03d}", "", _iso(g.ts()),
                f"{r.uniform(2, 300):.2f}", "USD",
            ])
    finally:
        for fh in files.values():
            fh.close()
    if corruptor is not None:
        counts.update({f"corrupted_{name}": n for name, n in corruptor.counts.items()})
    return counts


def _ecommerce(g: Generator, person: Person, first_seen, emit, truth, next_id) -> None:
    r = g.rng
    if r.random() >= 0.70:
        return
    accounts = 2 if r.random() < 0.06 else 1
    for n in range(accounts):
        cid = str(next_id("customer"))
        person.shop_accounts.append(cid)
        created = g.ts(first_seen)
        updated = g.ts(created)
        hh = person.household
        email = person.email
        if hh.family_email and person.is_adult and r.random() < 0.5:
            email = hh.family_email
        addr = person.old_address if (person.old_address and n == 0) else person.address
        line1, city, postcode = g.noisy_address(addr)
        phone_digits = person.mobile if r.random() < 0.8 or not hh.landline else hh.landline
        emit("ecommerce_customers", [
            cid, g.noisy_email(email) if r.random() < 0.97 else "",
            g.fmt_phone(phone_digits) if r.random() < 0.8 else "",
            g.noisy_first(person, 0.1), g.noisy_last(person), line1, city, postcode, "US",
            _iso(created), _iso(updated),
        ])
        truth("ecommerce", cid, person)
        for _ in range(r.choices(range(9), [20, 25, 18, 12, 9, 6, 4, 3, 3])[0]):
            emit("ecommerce_orders", [
                next_id("order"), cid, _iso(g.ts(created)), f"{r.uniform(5, 500):.2f}", "USD",
                r.choices(["completed", "returned", "cancelled"], [90, 6, 4])[0],
            ])


def _mobile_app(g: Generator, person: Person, first_seen, emit, truth, next_id) -> None:
    r = g.rng
    if r.random() >= 0.40:
        return
    for n in range(2 if r.random() < 0.1 else 1):
        uid = g.hexid(12)
        device = person.device_id
        if person.household.tablet_id and (not person.is_adult or r.random() < 0.3):
            device = person.household.tablet_id
        elif n == 1 and r.random() < 0.5:
            device = g.hexid(32)  # a new phone
        created = g.ts(first_seen)
        # signed in with the web-shop account: the app stores that account's id
        shop_id = r.choice(person.shop_accounts) if person.shop_accounts and r.random() < 0.5 else ""
        emit("app_users", [
            uid, device.upper() if r.random() < 0.1 else device, shop_id,
            g.noisy_email(person.email) if r.random() < 0.6 else "",
            g.noisy_first(person, 0.3) if r.random() < 0.7 else "",
            r.choice(["ios", "android"]), _iso(created), _iso(g.ts(created)),
            "",  # deleted_at: the generator deletes no account
        ])
        truth("mobile_app", uid, person)
        for _ in range(r.randint(0, 10)):
            emit("app_events", [
                f"E{next_id('event'):010d}", uid,
                r.choice(["app_open", "product_view", "add_to_cart", "search", "checkout"]),
                _iso(g.ts(created)),
            ])


def _loyalty_and_pos(g: Generator, person: Person, first_seen, emit, truth, next_id) -> None:
    r = g.rng
    if r.random() >= 0.50:
        return
    number = next_id("loyalty")
    loyalty_id = f"{number:08d}"
    enrolled = g.ts(first_seen)
    hh = person.household
    phone = hh.landline if (hh.landline and r.random() < 0.3) else person.mobile
    emit("loyalty_members", [
        loyalty_id, g.noisy_email(person.email) if r.random() < 0.9 else "",
        g.fmt_phone(phone) if r.random() < 0.8 else "", g.noisy_first(person, 0.15),
        g.noisy_last(person), _iso(person.birth_date) if r.random() < 0.7 else "",
        _iso(enrolled), _iso(g.ts(enrolled)), r.randint(0, 20000),
        r.choices(["bronze", "silver", "gold"], [60, 30, 10])[0],
    ])
    truth("loyalty", loyalty_id, person)
    for _ in range(r.randint(0, 6)):
        emit("loyalty_events", [
            f"LE{next_id('loyalty_event'):09d}", loyalty_id,
            r.choices(["earn", "redeem", "tier_change"], [70, 25, 5])[0], r.randint(10, 2000),
            _iso(g.ts(enrolled)),
        ])
    if r.random() >= 0.75:
        return
    # the POS prints the card number its own way: a prefix, no zero padding
    card = f"LC-{number}" if r.random() < 0.7 else f"{number:08d}"
    truth("pos", card, person)
    for _ in range(r.randint(1, 10)):
        emit("pos_transactions", [
            f"T{next_id('txn'):09d}", f"S{r.randint(1, 40):03d}", card, _iso(g.ts(enrolled)),
            f"{r.uniform(2, 300):.2f}", "USD",
        ])


def _callcenter(g: Generator, person: Person, first_seen, emit, truth, next_id) -> None:
    r = g.rng
    if r.random() >= 0.25:
        return
    cid = f"C{next_id('contact'):07d}"
    created = g.ts(first_seen)
    hh = person.household
    phone = hh.landline if (hh.landline and r.random() < 0.4) else person.mobile
    raw_phone = g.fmt_phone(phone)
    if g.p(0.01):
        raw_phone = "800-555-0199"  # the call center's own number, typed by agents
    emit("callcenter_contacts", [
        cid, raw_phone, g.noisy_email(person.email) if r.random() < 0.3 else "",
        g.noisy_first(person, 0.35), g.noisy_last(person), _iso(created), _iso(g.ts(created)),
    ])
    truth("callcenter", cid, person)
    for _ in range(r.randint(1, 4)):
        emit("callcenter_tickets", [
            f"TK{next_id('ticket'):08d}", cid, _iso(g.ts(created)),
            r.choice(["phone", "chat", "email"]),
            r.choice(["delivery", "refund", "account", "product", "loyalty"]),
            r.choices(["closed", "open"], [85, 15])[0],
        ])


def _enrichment(g: Generator, person: Person, emit, truth, next_id) -> None:
    r = g.rng
    if r.random() >= 0.60:
        return
    eid = f"X{next_id('enrichment'):08d}"
    email = g.noisy_email(person.email)
    if g.p(0.05) and "@" in email:
        local, domain = email.split("@")
        email = f"{g.typo(local)}@{domain}"
    age = 2026 - person.birth_date.year
    band = "18-24" if age < 25 else "25-34" if age < 35 else "35-49" if age < 50 else "50+"
    if age < 18:
        band = "under 18"
    _, city, postcode = person.address
    emit("enrichment_persons", [
        eid, email if r.random() < 0.85 else "", g.fmt_phone(person.mobile) if r.random() < 0.7
        else "", g.noisy_first(person, 0.05), g.noisy_last(person),
        _iso(person.birth_date) if r.random() < 0.8 else "", person.gender, band,
        r.choice(["<50k", "50-100k", "100-150k", ">150k"]), city, postcode, _iso(g.ts()),
    ])
    truth("enrichment", eid, person)
