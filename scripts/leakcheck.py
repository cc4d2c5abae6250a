"""List project files that share 4-word sequences with the dev corpus report texts.

The dev reports are for measuring only: their text must not be copied into code, data or
tests. Generic diplomatic phrases ("between the two countries") will show up and are fine;
names, numbers, datelines and whole sentences of a report are not.

Usage: python scripts/leakcheck.py [../shared/corpus/dev]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".git", "output", "__pycache__", ".ruff_cache", ".pytest_cache", ".hypothesis"}
SUFFIXES = {".py", ".yaml", ".yml", ".csv", ".txt", ".md", ".json", ".html", ".css", ".toml"}


def shingles(text: str, n: int = 4) -> set[str]:
    words = re.findall(r"[\w'’-]+", text)
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def main(corpus: Path) -> None:
    dev: set[str] = set()
    for path in sorted(corpus.glob("*.json")):
        dev |= shingles(json.loads(path.read_text(encoding="utf-8"))["text"])
    for path in sorted(ROOT.rglob("*")):
        if (
            path.suffix not in SUFFIXES
            or not path.is_file()
            or SKIP & set(path.relative_to(ROOT).parts)
            or path.parent.name == "examples"
            and path.name.startswith("s00")
        ):
            continue
        common = sorted(shingles(path.read_text(encoding="utf-8", errors="ignore")) & dev)
        if common:
            print(f"{path.relative_to(ROOT)}\t{len(common)}\t{common[:12]}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/corpus/dev")
