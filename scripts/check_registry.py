"""Check briefing/data/officeholders.yaml (or another file in its syntax) and print its size.

Every line must parse; state codes must be ISO 3166-1 alpha-3 (or XKX for Kosovo); dates
in order and not after the file's as_of; holders of one office oldest first and never
overlapping (dates compared at the precision both are written in), unless the office is
in shared_offices; no holder listed twice; no alias repeating the name; a one-word form
shared by two people marked `~`. Also prints the counts and the CPU time of a fresh load.

Usage: python scripts/check_registry.py [FILE]      exit status 1 when a problem is found
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from briefing import vocab
from briefing.extract import registry
from briefing.extract.registry_format import name_key, offices, parse_date, parse_line
from briefing.vocab import fold_key


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice (the plain loaders keep the last one,
    silently dropping a state's block)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        twice = sorted({str(k) for k in keys if keys.count(k) > 1})
        if twice:
            raise yaml.constructor.ConstructorError(None, None, f"key(s) given twice: {twice}")
        return super().construct_mapping(node, deep=deep)


def problems(path: Path) -> list[str]:
    """Every problem of the file at ``path``, one line each; empty when it is sound."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader)  # safe
        as_of = date.fromisoformat(str(data["as_of"]))
        shared, states = set(data["shared_offices"]), dict(data["states"])
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        return [f"{path}: unreadable, or as_of, shared_offices or states missing: {exc}"]
    found: list[str] = []
    short_forms: dict[str, set[tuple[str, str]]] = {}
    for state, block in states.items():
        if state not in registry.known_states():
            found.append(f"{state}: not an ISO 3166-1 alpha-3 code")
        try:
            listed = offices(str(block))
        except ValueError as exc:
            found.append(f"{state}: {exc}")
            continue
        titles = [office for office, _ in listed]
        found += [f"{state}: office {t!r} listed twice" for t in set(titles) if titles.count(t) > 1]
        for office, lines in listed:
            held = []
            for line in lines:
                where = f"{state} {office}: {line!r}"
                try:
                    name, start, end, aliases = parse_line(line)
                    first = parse_date(start)
                    last = parse_date(start if end in (None, "?") else end, last=True)
                except ValueError as exc:
                    found.append(f"{where}: {exc}")
                    continue
                if last < first or first > as_of:
                    found.append(f"{where}: 'to' before 'from', or 'from' after as_of")
                for alias, ambiguous in aliases:
                    # written the same (another romanisation is harmless, if redundant)
                    if fold_key(alias) == fold_key(name):
                        found.append(f"{where}: alias {alias!r} repeats the name")
                    elif not ambiguous and " " not in name_key(alias):
                        short_forms.setdefault(name_key(alias), set()).add((state, name))
                held.append((start, end, name))
            found += _order_problems(f"{state} {office}", held, office in shared)
    for form, people in sorted(short_forms.items()):
        if len(people) > 1:
            found.append(f"short form {form!r} shared by {sorted(people)}: mark it '~'")
    return found


def _order_problems(where: str, held: list[tuple[str, str | None, str]], shared: bool) -> list[str]:
    """Duplicates, order and overlaps among one office's holders, oldest first."""
    found = []
    if len({(start, name) for start, _, name in held}) < len(held):
        found.append(f"{where}: the same holder and start listed twice")
    for (start, end, name), (following, _, successor) in zip(held, held[1:], strict=False):
        if _before(following, start):
            found.append(f"{where}: {successor} listed after a later holder")
        elif shared:
            continue
        elif end == "?":
            found.append(f"{where}: {name} has an unknown end ('?') but a successor")
        elif end is None or _before(following, end):
            found.append(f"{where}: {name} overlaps {successor}")
    return found


def _before(one: str, other: str) -> bool:
    """Whether date text ``one`` is before ``other`` at the precision both are written in
    ("2023-09" is not before "2023-09-14")."""
    width = min(len(one), len(other))
    return one[:width] < other[:width]


def load_time_ms(runs: int = 5) -> float:
    """Fastest of ``runs`` fresh loads (parse and index) of the shipped file, in ms of
    CPU time (wall time on a shared machine measures the neighbours)."""
    best = float("inf")
    for _ in range(runs):
        vocab.load_data.cache_clear()
        registry._shipped.cache_clear()
        start = time.process_time()
        registry.Registry()
        best = min(best, time.process_time() - start)
    return best * 1000


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else vocab.DATA_DIR / registry.DATA_FILE
    found = problems(path)
    for problem in found:
        print(f"error: {problem}")
    if not argv and not found:
        holdings = registry.Registry().holdings()
        people = {(h.state, name_key(h.name)) for h in holdings}
        print(
            f"{len({h.state for h in holdings})} states, {len(people)} people, "
            f"{len(holdings)} holdings, {len({h.office for h in holdings})} office titles, "
            f"as of {registry.as_of()}; fresh load {load_time_ms():.1f} ms CPU"
        )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
