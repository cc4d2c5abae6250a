"""Shared fixtures: paths to the project's examples and the shared corpus."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from briefing.extract.nlp import Sentence, split_sentences

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("BRIEFING_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"

# Deterministic outputs in every test run (PDF dates, generation date).
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


@pytest.fixture
def seed_paths() -> list[Path]:
    return sorted(EXAMPLES.glob("s00*.json"))


def assert_follows_schema(meetings: list[dict]) -> None:
    """Every meeting record validated against the schema shipped in the package. A missing
    schema file fails the test (FileNotFoundError): it is never skipped."""
    import jsonschema

    from briefing.spec import load_schema

    validator = jsonschema.Draft202012Validator(load_schema())
    for meeting in meetings:
        validator.validate(meeting)


def story_sentences(text: str, article_id: str = "t1") -> list[Sentence]:
    """Sentences of ``text`` taking each non-blank line as a paragraph, as the
    extractors receive them from the story selection."""
    spans, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return split_sentences(article_id, text, spans)


def needs_shared(path: Path) -> pytest.MarkDecorator:
    """Skip tests that read ../shared when it is not beside the checkout."""
    return pytest.mark.skipif(not path.exists(), reason=f"{path} not available")


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[[str, str], Path]]:
    """Mount small tmpfs file systems (needs root and mount rights, else skip)."""
    mounted: list[Path] = []

    def mount(name: str, size: str) -> Path:
        where = tmp_path / name
        where.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip(
                f"cannot mount a tmpfs here ({done.stderr.strip()}): a full disk "
                "and a read-only folder need one"
            )
        mounted.append(where)
        return where

    yield mount
    for where in mounted:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill_disk(folder: Path) -> None:
    """Fill the file system of ``folder`` to the last byte (unbuffered writes)."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        for chunk in (65536, 512, 1):
            try:
                while os.write(fd, b"\0" * chunk):
                    pass
            except OSError:
                pass
    finally:
        os.close(fd)
