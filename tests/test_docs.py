"""The README stays true: its commands and options exist, CI runs its test command."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
runner = CliRunner()


def _readme_commands() -> list[list[str]]:
    """Every ``briefing ...`` line of the README's shell blocks, as argument lists."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():
            line = line.split("#")[0].strip()
            if line.startswith("briefing "):
                commands.append(line.split()[1:])
    return commands


def test_setup_commands_are_the_makefile_targets_and_ci_runs_the_tests() -> None:
    assert "make examples" in README and "make test" in README
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^examples:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, re.M)


@pytest.mark.parametrize("args", _readme_commands(), ids=" ".join)
def test_every_documented_command_and_option_exists(args: list[str]) -> None:
    command = [a for a in args if not a.startswith("-")][:1]
    if args[0] == "templates":
        command = args[:2]
    result = runner.invoke(app, [*command, "--help"], terminal_width=200)
    assert result.exit_code == 0, f"briefing {' '.join(command)} is not a command"
    help_text = result.output
    for option in (a.split("=")[0] for a in args if a.startswith("--")):
        assert option in help_text, f"{option} not an option of briefing {' '.join(command)}"


def test_the_screenshots_the_readme_shows_are_in_docs() -> None:
    shown = re.findall(r"!\[[^\]]+\]\((docs/[\w.-]+\.png)\)", README)
    assert {"docs/note.png", "docs/index.png"} <= set(shown)
    for path in shown:
        assert (ROOT / path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", path


def test_the_readme_names_every_block_of_the_note() -> None:
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    blocks = set(re.findall(r"{%-? block (\w+)", base)) - {"head_extra"}
    assert blocks and all(f"`{b}`" in README for b in blocks), sorted(blocks)


def _exit_codes(text: str) -> set[int]:
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    return {int(code) for code in re.findall(r"^\| (\d+) \| ", section, re.M)}


def test_the_exit_code_tables_are_the_cli_s() -> None:
    from briefing.cli import _common

    codes = {value for name, value in vars(_common).items() if name.startswith("EXIT_")}
    architecture = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    assert _exit_codes(README) == codes
    assert _exit_codes(architecture) == codes


def test_the_csv_paragraph_names_every_formula_character() -> None:
    from briefing.tables import FORMULA_START

    paragraph = README.split("CSV files (`extract --csv`", 1)[1].split("\n\n", 1)[0]
    names = {"\t": "TAB", "\r": "CR"}
    for char in FORMULA_START:
        assert names.get(char, f"`{char}`") in paragraph, repr(char)


def test_the_memory_sampling_the_readme_describes_is_the_pool_s() -> None:
    from briefing.pool.local import NEAR_LIMIT, SAMPLE_SECONDS

    text = " ".join(README.split())
    assert f"(every {SAMPLE_SECONDS * 1000:g} ms, from `/proc`)" in text
    assert f"came within {NEAR_LIMIT * 100:g} % of the limit" in text
