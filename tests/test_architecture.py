"""docs/architecture.md stays true to the tree, and the layers it promises hold: storage
imports no later stage, the worker pool nothing of briefing, no module grows past the
size a reader can take in."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "briefing"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
MAX_LINES = 450
#: Modules allowed over MAX_LINES (none: the last ones were split for issue 12).
OVERSIZE_FOR_NOW: set[str] = set()


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _imports(path: Path) -> set[str]:
    """Every briefing module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name == "briefing" or name.startswith("briefing.")}


def test_the_architecture_page_names_every_module_and_only_real_ones():
    named = {p.name for p in _modules() if p.name not in ("__init__.py", "__main__.py")}
    missing = sorted(n for n in named if n not in DOC)
    assert missing == [], f"docs/architecture.md does not mention {missing}"
    for path in re.findall(r"briefing/[\w/]+(?:\.py)?", DOC):
        assert (ROOT / path).exists(), f"docs/architecture.md names {path}, which is gone"


@pytest.mark.parametrize("path", sorted((PACKAGE / "archive").glob("*.py")), ids=str)
def test_the_archive_is_storage_only(path: Path):
    later = ("merge", "render", "deliver", "pool", "tasks", "pipeline", "extract", "incremental")
    wrong = sorted(m for m in _imports(path) if m.split(".")[1:2] and m.split(".")[1] in later)
    assert wrong == [], f"{path.name} imports a later stage: {wrong}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "pool").glob("*.py")), ids=str)
def test_the_worker_pool_is_generic(path: Path):
    wrong = sorted(
        m for m in _imports(path) if not m.startswith(("briefing.pool", "briefing.errors"))
    )
    assert wrong == [], f"{path.name} imports {wrong}"


def test_the_model_depends_on_nothing_of_briefing():
    assert _imports(PACKAGE / "model.py") == set()


def test_no_module_is_longer_than_a_reader_can_take_in():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert set(long) <= OVERSIZE_FOR_NOW, long
