"""The registry of office holders: the shipped data file checked whole, lookups by full
name, surname and spelling variants, answers that depend on the date, ambiguous short
forms, and holders added from the configuration (``[[registry]]`` tables read by the
real TOML parser) or learned from the archive. People in extend/learn tests are invented."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pycountry
import pytest

from briefing.errors import ConfigError
from briefing.extract import registry
from briefing.extract.registry import Holding, Registry
from briefing.extract.registry_format import name_key, parse_date, parse_end
from tests.conftest import ROOT

CHECKER = ROOT / "scripts" / "check_registry.py"
# The 193 member states of the United Nations (ISO 3166-1 alpha-3).
UN_MEMBERS = """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH
BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP
CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU
GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ
KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS
MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN
PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC
SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN
TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split()  # noqa: SIM905 (a list literal would take 193 lines)


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHECKER), *args], capture_output=True, text=True, cwd=ROOT
    )


# ---------------------------------------------------------------- the shipped data


def test_the_shipped_file_passes_the_checker_and_reports_its_size() -> None:
    result = _check()
    assert result.returncode == 0, result.stdout + result.stderr
    holdings = Registry().holdings()
    states = len({h.state for h in holdings})
    assert f"{states} states" in result.stdout
    assert f"{len(holdings)} holdings" in result.stdout
    assert f"as of {registry.as_of()}" in result.stdout


def test_every_un_member_and_the_four_others_are_covered_with_someone_in_office() -> None:
    assert len(set(UN_MEMBERS)) == 193
    holdings = Registry().holdings()
    by_state: dict[str, list[Holding]] = {}
    for holding in holdings:
        by_state.setdefault(holding.state, []).append(holding)
    assert set(by_state) == {*UN_MEMBERS, "TWN", "PSE", "XKX", "VAT"}
    as_of = registry.as_of()
    for state, held in by_state.items():
        assert any(h.in_force(as_of) for h in held), f"{state}: nobody in office on {as_of}"


def test_every_holding_is_well_formed() -> None:
    as_of = registry.as_of()
    for h in Registry().holdings():
        assert h.name.strip() == h.name and h.office.strip() == h.office and h.name and h.office
        assert h.state == "XKX" or pycountry.countries.get(alpha_3=h.state), h
        assert h.start <= as_of, h
        assert h.end is None or h.start <= h.end, h
        assert h.source == "registry" and h.match == "name"


@pytest.mark.parametrize(
    "text, problem",
    [
        (
            "  GBR: |\n    Prime Minister:\n      A Bc | 2019-01 | 2020-02\n      C De | 2020-01\n",
            "A Bc overlaps C De",
        ),
        ("  GBR: |\n    King:\n      X Y | 2020-01-01 | 2019-01-01\n", "'to' before 'from'"),
        ("  GBR: |\n    King:\n      X Y | 2030-01-01\n", "'from' after as_of"),
        ("  ZZZ: |\n    King:\n      X Y | 2020\n", "ZZZ: not an ISO 3166-1 alpha-3 code"),
        ("  GBR: |\n    King:\n      X Y | 2020-13-01\n", "month must be in 1..12"),
        ("  GBR: |\n    King:\n      X Y | 2020 | ?\n      Z W | 2021\n", "unknown end ('?')"),
        ("  GBR: |\n    King:\n      Z W | 2021\n      X Y | 2020 | 2020\n", "listed after"),
        ("  GBR: |\n    King:\n      X Y | 2019 | 2019\n      X Y | 2019 | 2019\n", "twice"),
        ("  GBR: |\n      X Y | 2020\n", "neither an 'office:' line"),
        ("  GBR: |\n    King:\n      X Y | 2020 | | X Y\n", "repeats the name"),
        (
            "  GBR: |\n    King:\n      Ann Q | 2020 | | Q\n  FRA: |\n    King:\n      Bo Q | 2020 | | Q\n",
            "short form 'q' shared by",
        ),
        (
            "  GBR: |\n    King:\n      X Y | 2020\n  GBR: |\n    Queen:\n      Z W | 2020\n",
            "given twice",
        ),
    ],
)
def test_the_checker_names_each_problem(tmp_path: Path, text: str, problem: str) -> None:
    bad = tmp_path / "holders.yaml"
    bad.write_text(f'as_of: "2025-06-30"\nshared_offices: []\nstates:\n{text}', encoding="utf-8")
    result = _check(str(bad))
    assert result.returncode == 1
    assert problem in result.stdout, result.stdout


def test_a_shared_office_may_have_several_holders_at_once(tmp_path: Path) -> None:
    good = tmp_path / "holders.yaml"
    good.write_text(
        'as_of: "2025-06-30"\nshared_offices: [Member of the Presidency]\nstates:\n'
        "  BIH: |\n    Member of the Presidency:\n      Ana Ba | 2018\n      Cem Da | 2018\n",
        encoding="utf-8",
    )
    assert _check(str(good)).returncode == 0


def test_loading_is_lazy_and_done_once_per_process() -> None:
    code = (
        "from briefing.extract import registry\n"
        "assert registry._shipped.cache_info().currsize == 0\n"
        "registry.Registry(); registry.Registry().lookup('Putin')\n"
        "print(registry._shipped.cache_info().misses)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


def test_as_of_is_the_date_written_in_the_file() -> None:
    text = (ROOT / "briefing" / "data" / "officeholders.yaml").read_text(encoding="utf-8")
    assert f'as_of: "{registry.as_of().isoformat()}"' in text


# ---------------------------------------------------------------- lookups


@pytest.mark.parametrize(
    "name",
    [
        "Recep Tayyip Erdoğan",
        "Recep Tayyip Erdogan",
        "RECEP TAYYIP ERDOGAN",
        "Erdogan",
        "Erdoğan",
        "Mr. Erdoğan's",
        "H.E. Recep Tayyip Erdogan",
        "Recep Erdogan",
    ],
)
def test_full_name_surname_and_spelling_variants_find_the_same_person(name: str) -> None:
    best = Registry().resolve(name, date(2024, 5, 1))
    assert best is not None
    assert (best.name, best.state, best.office) == ("Recep Tayyip Erdoğan", "TUR", "President")


def test_match_says_whether_the_full_name_or_an_alias_matched() -> None:
    reg = Registry()
    assert reg.lookup("Cyril Ramaphosa")[0].match == "name"
    assert reg.lookup("Ramaphosa")[0].match == "alias"
    assert [h.match for h in reg.lookup("Wang")] == ["ambiguous"] * len(reg.lookup("Wang"))


@pytest.mark.parametrize(
    "variant, full",
    [
        ("Zelensky", "Volodymyr Zelenskyy"),
        ("Zelenskiy", "Volodymyr Zelenskyy"),
        ("Kramp Karrenbauer", "Annegret Kramp-Karrenbauer"),
        ("Gideon Saar", "Gideon Sa'ar"),
        ("Gideon Sa’ar", "Gideon Sa'ar"),
        ("J. D. Vance", "JD Vance"),
        ("Lula", "Luiz Inácio Lula da Silva"),
        ("MBS", "Mohammed bin Salman"),
        ("Sheikh Tamim", "Tamim bin Hamad Al Thani"),
        ("Kishida Fumio", "Fumio Kishida"),
        ("Djukanovic", "Milo Đukanović"),
        ("Teodoro Locsin", "Teodoro Locsin Jr."),
    ],
)
def test_aliases_transliterations_and_name_order(variant: str, full: str) -> None:
    found = Registry().resolve(variant)
    assert found is not None and found.name == full


@pytest.mark.parametrize(
    "written",
    [
        "Faysal bin Farhan",  # another romanisation, the registry lists no such alias
        "Prince Feisal bin Farhan",
        "Faisal bin Farhan bin Abdallah",  # a longer chain of descent
        "Faysal bin Farhan bin Abdallah",
    ],
)
def test_romanisations_and_longer_chains_of_descent_find_the_person(written: str) -> None:
    found = Registry().resolve(written, date(2023, 7, 11))
    assert found is not None and (found.state, found.office) == ("SAU", "Foreign Minister")
    # a name of one given name and "bin" is no one's: the first "bin" is never cut
    assert Registry().resolve("Faisal bin Abdallah", date(2023, 7, 11)) is None


def test_holdings_in_force_on_the_date_come_first() -> None:
    reg = Registry()
    as_chancellor = reg.resolve("Sunak", date(2021, 6, 1))
    as_prime_minister = reg.resolve("Sunak", date(2023, 6, 1))
    assert as_chancellor is not None and as_chancellor.office == "Chancellor of the Exchequer"
    assert as_prime_minister is not None and as_prime_minister.office == "Prime Minister"
    offices = [reg.resolve("Lai Ching-te", date(y, 6, 1)) for y in (2018, 2021, 2025)]
    assert [h.office if h else None for h in offices] == ["Premier", "Vice President", "President"]


@pytest.mark.parametrize(
    "on, holder",
    [
        (date(2024, 6, 1), "Mark Rutte"),
        (date(2024, 7, 2), "Dick Schoof"),
        (date(2025, 1, 1), "Dick Schoof"),
    ],
)
def test_the_head_of_government_in_force_is_the_one_of_that_date(on: date, holder: str) -> None:
    held = [
        h.name
        for h in Registry().holdings()
        if h.state == "NLD" and h.office == "Prime Minister" and h.in_force(on)
    ]
    assert held == [holder]
    found = Registry().resolve(holder.split()[-1], on)
    assert found is not None and found.in_force(on)


def test_a_former_holder_still_resolves_to_his_state_not_in_force() -> None:
    found = Registry().resolve("Rutte", date(2025, 3, 1))
    assert found is not None and (found.state, found.office) == ("NLD", "Prime Minister")
    assert found.in_force(date(2025, 3, 1)) is False


def test_without_a_date_current_holdings_come_first() -> None:
    found = Registry().lookup("Lars Løkke Rasmussen")
    assert [h.office for h in found] == ["Foreign Minister", "Prime Minister", "Prime Minister"]
    assert [h.start.year for h in found] == [2022, 2015, 2009]  # then the latest past first


@pytest.mark.parametrize(
    ("name", "day", "state", "office"),
    [
        ("Sarkozy", date(2011, 6, 1), "FRA", "President"),
        ("Hu Jintao", date(2010, 3, 1), "CHN", "President"),
        ("Mujica", date(2012, 1, 1), "URY", "President"),
        ("Panetta", date(2012, 1, 1), "USA", "Secretary of Defense"),
        ("Lavrov", date(2010, 1, 1), "RUS", "Foreign Minister"),
    ],
)
def test_the_shipped_registry_reaches_back_to_2010(
    name: str, day: date, state: str, office: str
) -> None:
    found = Registry().resolve(name, day)
    assert found is not None and (found.state, found.office) == (state, office)
    assert found.in_force(day) is True


def test_month_precise_dates_cover_the_whole_month() -> None:
    assert parse_date("2024-02", last=True) == date(2024, 2, 29)
    assert parse_date("2024-02") == date(2024, 2, 1)
    assert parse_date("2023", last=True) == date(2023, 12, 31)
    assert parse_date(date(2020, 5, 17)) == date(2020, 5, 17)
    with pytest.raises(ValueError):
        parse_date("May 2020")
    # a 'to' is the successor's first day: the last day in office is the one before
    assert parse_end("2024-07-02", date(2010, 10, 14)) == date(2024, 7, 1)
    assert parse_end("2023-09", date(2022, 1, 10)) == date(2023, 9, 30)
    assert parse_end(date(2020, 1, 1), date(2020, 1, 1)) == date(2020, 1, 1)


def test_name_keys_ignore_spelling_noise() -> None:
    assert name_key("Mevlüt Çavuşoğlu") == name_key("MEVLUT CAVUSOGLU")
    assert name_key("Ferdinand Marcos Jr.") == name_key("Ferdinand Marcos")
    assert name_key("R. K. Singh") == "rk singh"
    assert name_key("Dr. S. Jaishankar", strip_honorifics=True) == "s jaishankar"
    assert name_key("He Lifeng") == "he lifeng"  # a name, not the honorific "HE"


# ---------------------------------------------------------------- ambiguity


@pytest.mark.parametrize("short", ["Wang", "Lee", "Harris", "Aoun", "May", "Li"])
def test_ambiguous_short_forms_give_candidates_never_an_answer(short: str) -> None:
    reg = Registry()
    candidates = reg.lookup(short, date(2025, 3, 1))
    assert len({(h.state, name_key(h.name)) for h in candidates}) >= 1
    assert all(h.match == "ambiguous" for h in candidates)
    assert reg.resolve(short, date(2025, 3, 1)) is None


def test_a_short_form_shared_by_people_of_two_states_gives_both() -> None:
    reg = Registry()
    reg.extend(
        [
            {
                "name": "Ilse Varnholt",
                "state": "AUT",
                "office": "Finance Minister",
                "from": "2025-07",
                "aliases": "Varnholt",
            },
            {
                "name": "Pieter Varnholt",
                "state": "NLD",
                "office": "Finance Minister",
                "from": "2025-07",
                "aliases": ["Varnholt"],
            },
        ]
    )
    candidates = reg.lookup("Varnholt", date(2025, 9, 1))
    assert {h.state for h in candidates} == {"AUT", "NLD"}
    assert reg.resolve("Varnholt", date(2025, 9, 1)) is None
    found = reg.resolve("Pieter Varnholt", date(2025, 9, 1))
    assert found is not None and found.state == "NLD"


def test_a_one_word_name_of_a_common_first_name_is_marked() -> None:
    reg = Registry()
    assert reg.resolve("Pope Francis", date(2024, 1, 1)) is not None
    assert reg.resolve("Francis", date(2024, 1, 1)) is None


# ---------------------------------------------------------------- config and archive

TOML = """
[[registry]]
name = "Marguerite Okonjo-Delacroix"
state = "sen"
office = "Foreign Minister"
from = 2025-09-15
aliases = ["Okonjo-Delacroix", "~Marguerite"]

[[registry]]
name = "Keir Starmer"
state = "GBR"
office = "Leader of the Opposition"
from = 2020-04-04
to = 2024-07-05
"""


def test_config_tables_read_by_tomllib_extend_the_registry_and_come_first() -> None:
    reg = Registry()
    assert reg.extend(tomllib.loads(TOML)["registry"]) == 2
    found = reg.resolve("Okonjo Delacroix", date(2025, 10, 1))
    assert found is not None
    assert (found.state, found.office, found.source) == ("SEN", "Foreign Minister", "config")
    assert found.start == date(2025, 9, 15) and found.end is None
    assert reg.resolve("Marguerite", date(2025, 10, 1)) is None
    # a configured office of a shipped person: found by the shipped alias, config first
    opposition = reg.resolve("Starmer", date(2022, 1, 1))
    assert opposition is not None and opposition.source == "config"
    assert opposition.office == "Leader of the Opposition"
    later = reg.resolve("Starmer", date(2024, 9, 1))
    assert later is not None and (later.office, later.source) == ("Prime Minister", "registry")


def test_additions_stay_in_their_registry() -> None:
    mine = Registry()
    mine.extend(tomllib.loads(TOML)["registry"])
    assert Registry().lookup("Okonjo-Delacroix") == []
    assert len(Registry().holdings()) == len(mine.holdings()) - 2


@pytest.mark.parametrize(
    "entry, reason",
    [
        ({"state": "SEN", "office": "King", "from": "2020"}, "'name' must be non-empty text"),
        ({"name": "A B", "state": "XXX", "office": "King", "from": "2020"}, "'XXX' is not an ISO"),
        ({"name": "A B", "state": "SEN", "office": "King"}, "'from' is missing"),
        ({"name": "A B", "state": "SEN", "office": "King", "from": "2020-02-31"}, "day is out"),
        (
            {"name": "A B", "state": "SEN", "office": "King", "from": "2021", "to": "2020"},
            "'to' is before 'from'",
        ),
        (
            {
                "name": "A B",
                "state": "SEN",
                "office": "K",
                "from": "2021-05-02",
                "to": "2021-05-01",
            },
            "'to' is before 'from'",
        ),
        ({"name": "A B", "state": "SEN", "office": "King", "from": 2020}, "is not a date"),
        ({"name": "A B", "state": "SEN", "office": "K", "from": "2020", "term": 2}, "term"),
        ({"name": "A B", "state": "SEN", "office": "K", "from": "2020", "aliases": [3]}, "alias"),
    ],
)
def test_a_bad_config_table_is_named_and_nothing_is_added(entry: dict, reason: str) -> None:
    reg = Registry()
    good = {"name": "Ayo Ndiaye", "state": "SEN", "office": "Trade Minister", "from": "2024"}
    with pytest.raises(ConfigError) as raised:
        reg.extend([good, entry])
    assert "[[registry]] entry 2" in str(raised.value) and reason in str(raised.value)
    assert reg.lookup("Ayo Ndiaye") == []


def test_learned_holders_resolve_later_reports_and_widen_with_each_sighting() -> None:
    reg = Registry()
    assert reg.learn("Tavita Leausa", "WSM", "Foreign Minister", date(2024, 3, 1))
    found = reg.resolve("Leausa", date(2024, 11, 1))
    assert found is not None
    assert (found.state, found.office, found.source) == ("WSM", "Foreign Minister", "archive")
    assert found.end_unknown and found.in_force(date(2024, 11, 1)) is None
    assert found.in_force(date(2024, 3, 1)) is True
    assert not reg.learn("Tavita Leausa", "WSM", "Foreign Minister", date(2024, 3, 1))
    assert reg.learn("Tavita Leausa", "WSM", "Foreign Minister", date(2024, 10, 5))
    widened = reg.lookup("Tavita Leausa")[0]
    assert (widened.start, widened.end) == (date(2024, 3, 1), date(2024, 10, 5))
    assert widened.in_force(date(2024, 6, 1)) is True
    assert len([h for h in reg.holdings() if h.source == "archive"]) == 1


def test_learning_what_the_data_say_adds_nothing() -> None:
    reg = Registry()
    assert not reg.learn("Rishi Sunak", "GBR", "Prime Minister", date(2023, 5, 1))
    assert [h.source for h in reg.lookup("Rishi Sunak")] == ["registry", "registry"]


def test_learned_holders_rank_after_the_data_and_the_config() -> None:
    reg = Registry()
    reg.learn("Paul Kagame", "UGA", "President", date(2024, 2, 1))  # a misreading
    candidates = reg.lookup("Kagame", date(2024, 6, 1))
    assert [(h.state, h.source) for h in candidates] == [("RWA", "registry"), ("UGA", "archive")]
    found = reg.resolve("Kagame", date(2024, 6, 1))
    assert found is not None and found.state == "RWA"
    reg.extend(
        [
            {
                "name": "Odile Ferrand-Baye",
                "state": "CMR",
                "office": "Trade Minister",
                "from": "2024-01",
            }
        ]
    )
    reg.learn("Odile Ferrand-Baye", "GAB", "Trade Minister", date(2024, 4, 1))
    assert [h.source for h in reg.lookup("Odile Ferrand-Baye", date(2024, 5, 1))] == [
        "config",
        "archive",
    ]


def test_archive_rows_reload_as_learned_holdings() -> None:
    reg = Registry()
    rows = [
        {
            "name": "Tavita Leausa",
            "state": "WSM",
            "office": "Foreign Minister",
            "from": "2024-03-01",
            "to": "2024-10-05",
        }
    ]
    assert reg.extend(rows, source="archive") == 1
    held = reg.lookup("Leausa")[0]
    assert (held.source, held.end_unknown, held.end) == ("archive", True, date(2024, 10, 5))
    assert not reg.learn("Tavita Leausa", "WSM", "Foreign Minister", date(2024, 5, 1))
    with pytest.raises(ValueError):
        reg.extend(rows, source="rumour")


def test_a_surname_is_learned_only_for_names_of_two_words_or_more() -> None:
    reg = Registry()
    reg.learn("Ngata", "TON", "Minister of Finance", date(2024, 1, 1))
    reg.learn("Sione Vakalahi", "TON", "Foreign Minister", date(2024, 1, 1), surname=False)
    assert reg.lookup("Vakalahi") == []
    assert reg.resolve("Ngata", date(2024, 2, 1)) is not None
