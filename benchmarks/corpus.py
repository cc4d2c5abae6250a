"""Synthetic news reports for benchmarks: N distinct reports, deterministic for a seed.

Every sentence is built here from our own templates (never from a real corpus): many
country pairs, invented leaders with titles, host cities, dates, trade figures,
agreements and relationship levels, several differently worded reports per meeting from
different outlets, and some stories that are not about a bilateral meeting at all.

    python benchmarks/corpus.py /tmp/corpus --n 1000 --seed 7
"""

from __future__ import annotations

import argparse
import calendar
import hashlib
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

# (name, adjective, capital, second city)
COUNTRIES = [
    ("Azerbaijan", "Azerbaijani", "Baku", "Ganja"),
    ("China", "Chinese", "Beijing", "Shanghai"),
    ("Kazakhstan", "Kazakh", "Astana", "Almaty"),
    ("Turkey", "Turkish", "Ankara", "Istanbul"),
    ("Germany", "German", "Berlin", "Munich"),
    ("France", "French", "Paris", "Lyon"),
    ("Italy", "Italian", "Rome", "Milan"),
    ("Spain", "Spanish", "Madrid", "Barcelona"),
    ("Poland", "Polish", "Warsaw", "Krakow"),
    ("Hungary", "Hungarian", "Budapest", "Debrecen"),
    ("Japan", "Japanese", "Tokyo", "Osaka"),
    ("India", "Indian", "New Delhi", "Mumbai"),
    ("Brazil", "Brazilian", "Brasilia", "Sao Paulo"),
    ("Egypt", "Egyptian", "Cairo", "Alexandria"),
    ("Kenya", "Kenyan", "Nairobi", "Mombasa"),
    ("Nigeria", "Nigerian", "Abuja", "Lagos"),
    ("Indonesia", "Indonesian", "Jakarta", "Surabaya"),
    ("Vietnam", "Vietnamese", "Hanoi", "Da Nang"),
    ("Mexico", "Mexican", "Mexico City", "Monterrey"),
    ("Canada", "Canadian", "Ottawa", "Toronto"),
    ("Uzbekistan", "Uzbek", "Tashkent", "Samarkand"),
    ("Georgia", "Georgian", "Tbilisi", "Batumi"),
    ("Saudi Arabia", "Saudi", "Riyadh", "Jeddah"),
    ("Qatar", "Qatari", "Doha", "Al Wakrah"),
    ("Pakistan", "Pakistani", "Islamabad", "Karachi"),
    ("Malaysia", "Malaysian", "Kuala Lumpur", "Penang"),
    ("South Africa", "South African", "Pretoria", "Cape Town"),
    ("Chile", "Chilean", "Santiago", "Valparaiso"),
    ("Argentina", "Argentine", "Buenos Aires", "Cordoba"),
    ("Norway", "Norwegian", "Oslo", "Bergen"),
    ("Greece", "Greek", "Athens", "Thessaloniki"),
    ("Romania", "Romanian", "Bucharest", "Cluj"),
    ("Serbia", "Serbian", "Belgrade", "Novi Sad"),
    ("Mongolia", "Mongolian", "Ulaanbaatar", "Darkhan"),
    ("Thailand", "Thai", "Bangkok", "Chiang Mai"),
    ("Morocco", "Moroccan", "Rabat", "Casablanca"),
]

GIVEN = [
    "Arman",
    "Lena",
    "Tomas",
    "Mira",
    "Kenji",
    "Aylin",
    "Rafael",
    "Ines",
    "Oskar",
    "Nadia",
    "Viktor",
    "Sara",
    "Daniel",
    "Amara",
    "Jonas",
    "Leila",
    "Marco",
    "Elif",
    "Pavel",
    "Yuki",
    "Samir",
    "Clara",
    "Hugo",
    "Zara",
    "Emil",
    "Noor",
    "Anton",
    "Maya",
    "Rustam",
    "Ada",
]
FAMILY = [
    "Valenko",
    "Morrow",
    "Qadiri",
    "Lindqvist",
    "Okafor",
    "Tanaka",
    "Ferreira",
    "Novak",
    "Haddad",
    "Brennan",
    "Suleimen",
    "Castell",
    "Demir",
    "Iwata",
    "Mbeki",
    "Roussel",
    "Kowal",
    "Nakamura",
    "Petrov",
    "Amadi",
    "Vance",
    "Oyelaran",
    "Berisha",
    "Halden",
    "Sandoval",
    "Karimov",
    "Weller",
    "Duarte",
    "Aksoy",
    "Lindgren",
]
TITLES = [
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Vice President",
    "Minister of Economy",
    "Speaker of Parliament",
]
PUBLISHERS = [
    "Northern Ledger",
    "Meridian Wire",
    "Harbour Gazette",
    "Continental Post",
    "Daily Compass",
    "Eastgate News",
    "The Round Table",
    "Atlas Bulletin",
    "Signal Press",
    "Crossroads Times",
]
FIELDS = [
    "renewable energy",
    "transport and logistics",
    "agriculture",
    "digital technology",
    "education",
    "healthcare",
    "tourism",
    "oil and gas",
    "water management",
    "culture",
    "customs",
    "civil aviation",
    "defence industry",
    "mining",
    "banking and finance",
]
LEVELS = [
    "strategic partnership",
    "comprehensive strategic partnership",
    "comprehensive partnership",
    "all-round strategic partnership",
]
DOCUMENTS = [
    "memorandum of understanding on cooperation in {f}",
    "agreement on {f}",
    "intergovernmental agreement on cooperation in {f}",
    "action plan on {f} for the next three years",
    "protocol on {f}",
]

OPENINGS = [
    "{city}, {month} {day} ({pub}). {t1} {n1} of {c1} held talks with {t2} {n2} of {c2} in "
    "{place} on {weekday}.",
    "{n1}, the {t1l} of {c1}, met {t2} {n2} of {c2} in {place} on {month} {day}.",
    "{t1} {n1} received {t2} {n2} of {c2}, who is on an official visit to {c1}, in {place} "
    "on {weekday}.",
    "{adj1} {t1} {n1} and {adj2} {t2} {n2} met in {place} on {weekday}, {month} {day}, "
    "{pub} reports.",
]
CALL_OPENINGS = [
    "{city}, {month} {day} ({pub}). {t1} {n1} of {c1} held a telephone conversation with "
    "{t2} {n2} of {c2} on {weekday}.",
    "{n1}, the {t1l} of {c1}, spoke by phone with {t2} {n2} of {c2} on {month} {day}.",
]
VIDEO_OPENINGS = [
    "{city}, {month} {day} ({pub}). {t1} {n1} of {c1} and {t2} {n2} of {c2} held talks by "
    "video link on {weekday}.",
]
BODY = [
    "The sides discussed cooperation in {f1} and {f2}.",
    "The two leaders reviewed the state of relations and prospects for cooperation in {f1}.",
    "Particular attention was paid to {f1}, as well as to joint projects in {f2}.",
    "{n2s} noted that {c2} attaches great importance to its relations with {c1}.",
    "{n1s} said the talks had been constructive and open.",
    "Both sides stressed the importance of regular contacts at the highest level.",
    "The parties also exchanged views on regional and international issues.",
]
TRADE = [
    "Bilateral trade turnover reached ${v} {unit} in {year}, up {g} percent from a year earlier.",
    "Trade between the two countries grew by {g} percent last year to ${v} {unit}.",
    "According to official data, mutual trade amounted to about ${v} {unit} in {year}.",
    "In the first {q} months of this year, trade increased by {g} percent.",
]
AGREEMENT = [
    "Following the talks, the sides signed a {doc}.",
    "A {doc} was signed in the presence of the two leaders.",
    "The ministers signed a {doc} and agreed to prepare a {doc2}.",
]
RELATION = [
    "The leaders agreed to raise relations to the level of {a_level}.",
    "The two countries have maintained {a_level} since {since}.",
    "{n1s} recalled that relations had been upgraded to {a_level} in {since}.",
]
CLOSING = [
    "The visit will continue with a business forum in {city2}.",
    "{n2s} invited {n1s} to pay a visit to {c2} at a convenient time.",
    "The next meeting of the intergovernmental commission is planned for {nextmonth}.",
    "Earlier in the day, the delegation laid flowers at a memorial in {place}.",
]
NON_MEETING = [
    "{city}, {month} {day} ({pub}). Heavy rain is expected across {c1} over the weekend, the "
    "national weather service said. Rivers in the north may rise by up to {g} centimetres. "
    "Residents of {city2} were advised to avoid low-lying roads.",
    "{city}, {month} {day} ({pub}). The central bank of {c1} kept its key rate at {g} percent "
    "on {weekday}, citing stable inflation. Analysts had expected the decision. The {adj1} "
    "currency was little changed against the dollar.",
    "{city}, {month} {day} ({pub}). The national football team of {c1} beat {c2} {s1}-{s2} in "
    "a friendly match in {city2} on {weekday}. The coach praised the young defenders.",
    "{city}, {month} {day} ({pub}). Ministers from more than {g} countries gathered in "
    "{city2} on {weekday} for a regional conference on {f1}. No joint declaration was "
    "adopted; delegates will meet again next year.",
]


@dataclass(frozen=True)
class Meeting:
    """The facts all reports of one synthetic meeting share."""

    a: tuple[str, str, str, str]
    b: tuple[str, str, str, str]
    when: date
    host: int  # 0: in country a, 1: in country b
    kind: str  # meeting | phone_call | video_call
    people: tuple[tuple[str, str], tuple[str, str]]
    fields: tuple[str, ...]
    trade: tuple[float, str, int]  # value, unit, growth %
    docs: tuple[str, ...]
    level: str
    since: int


def _person(rng: random.Random) -> tuple[str, str]:
    return rng.choice(TITLES), f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _meeting(rng: random.Random, used: set[tuple[str, str, date]]) -> Meeting:
    while True:
        a, b = rng.sample(COUNTRIES, 2)
        when = date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        key = (*sorted((a[0], b[0])), when)
        if key not in used:
            used.add(key)
            break
    kind = rng.choices(["meeting", "phone_call", "video_call"], [8, 2, 1])[0]
    unit = rng.choice(["billion", "million"])
    value = round(rng.uniform(1.1, 9.9), 1) if unit == "billion" else rng.randrange(120, 990)
    return Meeting(
        a,
        b,
        when,
        rng.randrange(2),
        kind,
        (_person(rng), _person(rng)),
        tuple(rng.sample(FIELDS, 3)),
        (value, unit, rng.randrange(3, 60)),
        tuple(rng.choice(DOCUMENTS).format(f=f) for f in rng.sample(FIELDS, 2)),
        rng.choice(LEVELS),
        rng.randrange(2005, 2022),
    )


def _slots(m: Meeting, rng: random.Random, swap: bool, pub: str) -> dict[str, str]:
    a, b = (m.b, m.a) if swap else (m.a, m.b)
    (t1, n1), (t2, n2) = m.people[::-1] if swap else m.people
    host = m.a if m.host == 0 else m.b
    published = m.when + timedelta(days=rng.choice([0, 0, 1]))
    return {
        "c1": a[0],
        "c2": b[0],
        "adj1": a[1],
        "adj2": b[1],
        "city": host[2],
        "city2": host[3],
        "place": host[2],
        "t1": t1,
        "t2": t2,
        "t1l": t1.lower() if t1 != "President" else t1,
        "n1": n1,
        "n2": n2,
        "n1s": n1.split()[-1],
        "n2s": n2.split()[-1],
        "pub": pub,
        "month": calendar.month_name[m.when.month],
        "day": str(m.when.day),
        "weekday": calendar.day_name[m.when.weekday()],
        "year": str(m.when.year - 1),
        "published": published.isoformat(),
        "nextmonth": calendar.month_name[(m.when.month % 12) + 1],
        "f1": m.fields[0],
        "f2": m.fields[1],
        "a_level": ("an " if m.level[0] in "aeiou" else "a ") + m.level,
        "since": str(m.since),
        "v": str(m.trade[0]),
        "unit": m.trade[1],
        "g": str(m.trade[2]),
        "q": str(rng.randrange(2, 10)),
    }


def _report(m: Meeting, rng: random.Random, n: int) -> dict[str, str]:
    pub = rng.choice(PUBLISHERS)
    s = _slots(m, rng, swap=rng.random() < 0.5, pub=pub)
    openings = {"meeting": OPENINGS, "phone_call": CALL_OPENINGS, "video_call": VIDEO_OPENINGS}[
        m.kind
    ]
    paras = [rng.choice(openings)]
    paras.append(" ".join(rng.sample(BODY, rng.randrange(2, 5))))
    if rng.random() < 0.8:
        paras.append(" ".join(rng.sample(TRADE, rng.randrange(1, 3))))
    if m.kind == "meeting" and rng.random() < 0.7:
        doc, doc2 = m.docs
        paras.append(rng.choice(AGREEMENT).replace("{doc}", doc).replace("{doc2}", doc2))
    if rng.random() < 0.6:
        paras.append(rng.choice(RELATION))
    paras.append(" ".join(rng.sample(CLOSING, rng.randrange(1, 3))))
    text = "\n\n".join(p.format(**s) for p in paras)
    verb = {
        "meeting": "meets",
        "phone_call": "speaks by phone with",
        "video_call": "holds video talks with",
    }[m.kind]
    return {
        "title": f"{s['n1']} {verb} {s['n2']} ({n})",
        "text": text,
        "published": s["published"],
        "publisher": pub,
        "url": f"https://news.example/{s['published']}/{n}",
    }


def _other(rng: random.Random, n: int) -> dict[str, str]:
    a, b = rng.sample(COUNTRIES, 2)
    when = date(2023, 1, 1) + timedelta(days=rng.randrange(3 * 365))
    pub = rng.choice(PUBLISHERS)
    slots = {
        "city": a[2],
        "city2": a[3],
        "c1": a[0],
        "c2": b[0],
        "adj1": a[1],
        "pub": pub,
        "month": calendar.month_name[when.month],
        "day": str(when.day),
        "weekday": calendar.day_name[when.weekday()],
        "g": str(rng.randrange(5, 60)),
        "s1": str(rng.randrange(1, 5)),
        "s2": str(rng.randrange(0, 3)),
        "f1": rng.choice(FIELDS),
    }
    return {
        "title": f"News from {a[0]} ({n})",
        "text": rng.choice(NON_MEETING).format(**slots),
        "published": when.isoformat(),
        "publisher": pub,
        "url": f"https://news.example/{when.isoformat()}/{n}",
    }


def generate(n: int, seed: int = 1, *, other_share: float = 0.1) -> Iterator[dict[str, str]]:
    """Yield ``n`` distinct reports (dicts with title, text, published, publisher, url).

    Meetings get 1-4 reports each (about 2.5 on average); ``other_share`` of the reports
    are not about a bilateral meeting. Same ``n`` and ``seed``, same reports."""
    rng = random.Random(seed)
    used: set[tuple[str, str, date]] = set()
    seen: set[str] = set()
    count = 0
    while count < n:
        batch = (
            [_other(rng, count)]
            if rng.random() < other_share
            else [
                _report(m, rng, count + i)
                for m in [_meeting(rng, used)]
                for i in range(rng.choice([1, 2, 2, 3, 3, 4]))
            ]
        )
        for report in batch:
            digest = hashlib.sha256(" ".join(report["text"].split()).encode()).hexdigest()
            if digest in seen or count >= n:
                continue
            seen.add(digest)
            count += 1
            yield report


def write_corpus(folder: Path, n: int, seed: int = 1) -> list[Path]:
    """Write ``n`` reports as ``folder/r00000.json`` ... (one JSON article per file)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, report in enumerate(generate(n, seed)):
        path = folder / f"r{i:05d}.json"
        path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--n", type=int, default=1000, help="number of reports")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = write_corpus(args.folder, args.n, args.seed)
    print(f"{len(paths)} reports in {args.folder}")


if __name__ == "__main__":
    main()
