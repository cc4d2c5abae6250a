"""``briefing templates init`` / ``list`` through the CLI."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from briefing.cli import app

runner = CliRunner()


def test_init_copies_the_defaults_and_refuses_to_overwrite(tmp_path: Path):
    dest = tmp_path / "mine"
    result = runner.invoke(app, ["templates", "init", str(dest)])
    assert result.exit_code == 0, result.output
    for name in ("base.html", "briefing.html", "briefing.css", "labels.yaml", "_macros.html"):
        assert (dest / name).is_file(), name
    assert "{% block header" in (dest / "base.html").read_text(encoding="utf-8")
    (dest / "briefing.css").write_text("/* my edits */", encoding="utf-8")
    again = runner.invoke(app, ["templates", "init", str(dest)])
    assert again.exit_code == 2
    assert "error:" in again.output and "--force" in again.output
    assert (dest / "briefing.css").read_text(encoding="utf-8") == "/* my edits */"
    forced = runner.invoke(app, ["templates", "init", str(dest), "--force"])
    assert forced.exit_code == 0
    assert "/* my edits */" not in (dest / "briefing.css").read_text(encoding="utf-8")


def test_list_shows_which_file_wins(tmp_path: Path):
    (tmp_path / "extra.css").write_text("h1 { color: red; }", encoding="utf-8")
    (tmp_path / "briefing.html").write_text('{% extends "base.html" %}', encoding="utf-8")
    result = runner.invoke(app, ["templates", "list", "--templates", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()}
    assert lines["briefing.html"] == ["user", str(tmp_path / "briefing.html")]
    assert lines["extra.css"][0] == "user"
    assert lines["base.html"][0] in ("package", "checkout")
    assert lines["base.html"][1].endswith("templates/base.html")


def test_list_without_user_folder_shows_defaults_only():
    result = runner.invoke(app, ["templates", "list"])
    assert result.exit_code == 0
    origins = {line.split()[1] for line in result.output.splitlines()}
    assert origins <= {"package", "checkout"}


def test_list_reads_the_folder_from_the_config(tmp_path: Path):
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "briefing.html").write_text('{% extends "base.html" %}')
    (tmp_path / "briefing.toml").write_text('[build]\ntemplates = "tpl"\n')
    result = runner.invoke(app, ["templates", "list", "--config", str(tmp_path / "briefing.toml")])
    assert result.exit_code == 0, result.output
    assert f"user      {tmp_path / 'tpl' / 'briefing.html'}" in result.output


def test_list_with_missing_folder_is_a_usage_error(tmp_path: Path):
    result = runner.invoke(app, ["templates", "list", "--templates", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "templates folder not found" in result.output


def test_help_has_examples():
    for args in (
        ["templates", "--help"],
        ["templates", "init", "--help"],
        ["templates", "list", "--help"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0 and "Example" in result.output
