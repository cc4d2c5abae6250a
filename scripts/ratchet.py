"""The evaluation ratchet: per-field floors for every annotated corpus the project has.

`check` scores each corpus (``briefing eval``) and fails if any field scores below its
floor: an extraction change may not lose what was reached. `update` raises the floors to
the scores reached now and refuses to lower one (a drop is fixed, not written down).
Floors live in tests/floors.json; tests/test_ratchet.py runs `check` in CI for every
corpus present (the shared corpora sit beside the checkout, not in it).

Usage: python scripts/ratchet.py check|update [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "tests" / "floors.json"
# name -> (folders relative to the shared folder or the checkout, part of the split)
CORPORA: dict[str, tuple[list[str], str | None]] = {
    "examples/gold": (["@/examples/gold"], None),
    "tests/corpus": (["@/tests/corpus"], None),
    "seeds": (["corpus/seeds"], None),
    "dev": (["corpus/dev"], None),
    "dev2+dev3 (dev part)": (["corpus/dev2", "corpus/dev3"], "dev"),
}


def folders(name: str, shared: Path) -> list[Path] | None:
    """The corpus's folders, or None when they are not on this machine."""
    paths = [ROOT / p[2:] if p.startswith("@/") else shared / p for p in CORPORA[name][0]]
    return paths if all(p.is_dir() for p in paths) else None


def scores(name: str, shared: Path) -> dict[str, float] | None:
    """Field -> score (3 decimals) of a corpus, None when it is absent."""
    sys.path.insert(0, str(ROOT))
    from briefing.evaluate import evaluate

    paths = folders(name, shared)
    if paths is None:
        return None
    report = evaluate(paths, CORPORA[name][1])
    return {field: round(s.value, 3) for field, s in report.scores.items()}


def drops(floors: dict[str, float], reached: dict[str, float]) -> list[str]:
    """Fields that score below their floor, as "field 0.812 < floor 0.830"."""
    return [
        f"{field} {reached.get(field, 0.0):.3f} < floor {floor:.3f}"
        for field, floor in sorted(floors.items())
        if reached.get(field, 0.0) < floor
    ]


def raised(floors: dict[str, float], reached: dict[str, float]) -> dict[str, float]:
    """The floors raised to ``reached``; ValueError if a score is below its floor."""
    below = drops(floors, reached)
    if below:
        raise ValueError("refusing to lower a floor: " + "; ".join(below))
    return {field: max(floors.get(field, 0.0), value) for field, value in sorted(reached.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["check", "update"])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    floors: dict[str, dict[str, float]] = json.loads(FLOORS.read_text(encoding="utf-8"))
    failed = False
    for name in CORPORA:
        reached = scores(name, args.shared)
        if reached is None:
            print(f"{name}: not on this machine, skipped")
            continue
        if args.command == "check":
            below = drops(floors.get(name, {}), reached)
            failed = failed or bool(below)
            print(
                f"{name}: " + ("; ".join(below) if below else "every field at or above its floor")
            )
        else:
            try:
                floors[name] = raised(floors.get(name, {}), reached)
            except ValueError as exc:
                sys.exit(f"{name}: {exc}")
            print(f"{name}: floors set to the scores reached")
    if args.command == "update":
        FLOORS.write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
