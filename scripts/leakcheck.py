"""What the project shares with the annotated corpus texts.

The corpora are for measuring only: their text must not be copied into code, data or
tests. This lists every project file that shares word sequences with the report texts
of ../shared/corpus (dev, dev2 and dev3, every report of them: the check reads them, it
never prints more of a report than the sequences shared):

- sequences of LONG words in the package (code and data) or the templates are a copied
  sentence: the script exits 1 (tests/test_leakcheck.py runs this in CI when the corpora
  sit beside the checkout);
- sequences of SHORT words anywhere are listed for a reader to judge: the formulas of
  diplomatic reporting ("between the two countries"), offices with names ("Foreign
  Minister Wang Yi") and places ("the Great Hall of the People") are expected; names,
  numbers, datelines and sentences of a report are not.

Usage: python scripts/leakcheck.py [CORPUS_FOLDER ...]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".venv", ".git", "output", "__pycache__", ".ruff_cache", ".pytest_cache", ".hypothesis"}
SUFFIXES = {
    ".py",
    ".yaml",
    ".yml",
    ".csv",
    ".tsv",
    ".txt",
    ".md",
    ".json",
    ".html",
    ".css",
    ".toml",
}
SHORT, LONG = 4, 7
STRICT = ("briefing", "templates")  # where a long shared sequence fails the check
DEFAULT = [ROOT.parent / "shared" / "corpus" / name for name in ("dev", "dev2", "dev3")]


def shingles(text: str, n: int = SHORT) -> set[str]:
    words = re.findall(r"[\w'’-]+", text)
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def corpus_shingles(corpora: list[Path], n: int) -> set[str]:
    found: set[str] = set()
    for corpus in corpora:
        for path in sorted(corpus.glob("*.json")):
            found |= shingles(json.loads(path.read_text(encoding="utf-8"))["text"], n)
    return found


def project_files() -> list[Path]:
    """Files of the project that could hold copied text (the seed reports, which may be
    shipped as examples, excepted)."""
    out = []
    for path in sorted(ROOT.rglob("*")):
        parts = set(path.relative_to(ROOT).parts)
        if path.suffix not in SUFFIXES or not path.is_file() or SKIP & parts:
            continue
        if "examples" in parts and path.name.startswith("s00"):
            continue
        out.append(path)
    return out


def long_overlaps(corpora: list[Path]) -> dict[str, list[str]]:
    """Package and template files sharing a LONG-word sequence with a report."""
    reports = corpus_shingles(corpora, LONG)
    out = {}
    for path in project_files():
        rel = path.relative_to(ROOT)
        if rel.parts[0] in STRICT:
            common = sorted(
                shingles(path.read_text(encoding="utf-8", errors="ignore"), LONG) & reports
            )
            if common:
                out[str(rel)] = common
    return out


def main(corpora: list[Path]) -> int:
    reports = corpus_shingles(corpora, SHORT)
    for path in project_files():
        common = sorted(shingles(path.read_text(encoding="utf-8", errors="ignore")) & reports)
        if common:
            print(f"{path.relative_to(ROOT)}\t{len(common)}\t{common[:12]}")
    copied = long_overlaps(corpora)
    for rel, common in copied.items():
        print(f"COPIED ({LONG} words or more) in {rel}: {common[:5]}", file=sys.stderr)
    return 1 if copied else 0


if __name__ == "__main__":
    sys.exit(main([Path(a) for a in sys.argv[1:]] or DEFAULT))
