"""``briefing.toml`` is checked whole before any work: one error naming the file, the
setting and what is allowed, "did you mean" for near misses, exit code 2, nothing
written; every setting is documented in the README (as datasette checks its settings)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app
from briefing.config import SECTIONS, TABLE_LISTS, Config, ReportConfig, check_config, load_config
from briefing.config_checks import CHECKS
from briefing.errors import ConfigError
from tests.conftest import EXAMPLES, ROOT

runner = CliRunner()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _load(tmp_path: Path, text: str) -> Config:
    path = tmp_path / "briefing.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path)


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        (
            '[report]\npage_size = "B5"\n',
            "report.page_size: 'B5' is not one of A4, Letter, Legal, A5",
        ),
        (
            '[report]\naccent_color = "maroonish"\n',
            "report.accent_color: 'maroonish' is not a colour",
        ),
        ('[report]\naccent_color = "#12345"\n', "use #rrggbb (e.g. #7a1f3d) or a CSS colour name"),
        ('[report]\nlogo = "missing.png"\n', "report.logo: {dir}/missing.png: no such file"),
        ('[report]\nlogo = "briefing.toml"\n', "is not a PNG, JPEG, GIF, WebP or SVG file"),
        ('[report]\nlogo = "fake.png"\n', "report.logo: {dir}/fake.png: its content is not a PNG"),
        (
            '[report]\nlocale = "en-GB"\n',
            "report.locale: unknown locale 'en-GB' (did you mean en_GB?)",
        ),
        ('[report]\ntimezone = "Europe/Londn"\n', "(did you mean Europe/London?)"),
        ('[report]\npdf_variant = "pdf/x"\n', "report.pdf_variant: 'pdf/x' is not one of pdf/ua-1"),
        ("[report]\norganisation = 7\n", "report.organisation: expected text, got 7"),
        (
            '[email]\nto = ["not an address"]\n',
            "email.to: 'not an address' is not an email address",
        ),
        ('[email]\nsender = "desk@"\n', "email.sender: 'desk@' is not an email address"),
        ('[email]\nmode = "digets"\n', "not one of per_briefing, digest (did you mean digest?)"),
        ('[email]\nsecurity = "tls"\n', "email.security: 'tls' is not one of starttls, ssl, none"),
        ("[email]\nport = 70000\n", "email.port: 70000 is not a port (1-65535)"),
        ('[email]\npassword_env = "MY PASSWORD"\n', "is not the name of an environment variable"),
        ('[build]\nformats = "docx"\n', "build.formats: 'docx' is not one of pdf, html, both"),
        ('[build]\ntemplates = "nowhere"\n', "build.templates: {dir}/nowhere: no such folder"),
        ("[build]\nrender_memory_mb = -1\n", "build.render_memory_mb: -1: must be at least 0"),
        ("[build]\nmax_input_bytes = 1.5\n", "build.max_input_bytes: expected a whole number"),
        (
            '[sources]\npaths = ["nowhere"]\n',
            "sources.paths: {dir}/nowhere: no such file or folder",
        ),
        (
            '[sources]\nurls = ["ftp://example.org/x"]\n',
            "sources.urls: 'ftp://example.org/x' is not",
        ),
        ('[sources]\nuser_agent = "a\\nb"\n', "sources.user_agent: must be one line of text"),
        (
            '[report]\norganization = "Desk"\n',
            "unknown key(s) organization (did you mean organisation?)",
        ),
        ('[report]\noutput = "out"\n', "unknown key(s) output (did you mean build.output?)"),
        ('[reports]\norganisation = "Desk"\n', "unknown section(s) reports (did you mean report?)"),
    ],
)
def test_each_bad_setting_is_one_error_naming_file_setting_and_allowed(
    tmp_path: Path, toml: str, says: str
) -> None:
    (tmp_path / "fake.png").write_bytes(b"GIF89a not really a png")
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, toml)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'briefing.toml'}: ")
    assert says.format(dir=tmp_path) in message


def test_good_settings_load(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    (tmp_path / "reports").mkdir()
    cfg = _load(
        tmp_path,
        '[report]\nlogo = "logo.png"\naccent_color = "Teal"\npage_size = "letter"\n'
        'locale = "de_DE"\ntimezone = "Europe/Berlin"\npdf_variant = ""\n'
        '[build]\nformats = "pdf"\nrender_timeout = 0\n'
        '[sources]\npaths = ["reports"]\nfeeds = ["https://example.org/rss.xml"]\n'
        '[email]\nsender = "Desk <desk@example.org>"\nto = "analysts@example.org"\n'
        'mode = "digest"\nport = 465\nsecurity = "ssl"\npassword_env = "SMTP_PASSWORD"\n',
    )
    assert cfg.email.to == ["analysts@example.org"] and cfg.report.page_size == "letter"
    assert load_config(EXAMPLES / "custom" / "briefing.toml").report.page_size == "Letter"


def test_defaults_pass_every_check_and_every_check_names_a_setting() -> None:
    """Defaults are not re-checked when loading, so each must pass its own check."""
    known = {f"{s}.{f.name}" for s, cls in SECTIONS.items() for f in fields(cls)}
    assert set(CHECKS) <= known
    cfg = Config()
    for key, check in CHECKS.items():
        section, name = key.split(".")
        default = getattr(getattr(cfg, section), name)
        if default is not None:
            assert check(default, cfg) is None, key


def test_a_config_built_in_python_is_checked_by_build(tmp_path: Path) -> None:
    from briefing.pipeline import build

    bad = Config(report=ReportConfig(page_size="B5"))
    with pytest.raises(ConfigError, match="report.page_size"):
        check_config(bad)
    with pytest.raises(ConfigError, match="report.page_size: 'B5' is not one of"):
        build([EXAMPLES], out=tmp_path / "out", config=bad)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", [["build"], ["meetings"], ["send"], ["schedule"]])
def test_every_command_refuses_a_bad_config_with_exit_code_2(
    tmp_path: Path, command: list[str]
) -> None:
    cfg = tmp_path / "briefing.toml"
    cfg.write_text('[report]\norganization = "Desk"\n')
    result = runner.invoke(app, [*command, "--config", str(cfg)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {cfg}: unknown key(s) organization (did you mean organisation?) in [report]\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.toml"]


def _readme_settings() -> dict[str, set[str]]:
    """``section -> keys`` of every ```toml block of the README (each must parse)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented: dict[str, set[str]] = {}
    for block in re.findall(r"```toml\n(.*?)```", readme, re.S):
        for section, keys in tomllib.loads(block).items():
            if isinstance(keys, list):  # [[registry]]: an array of tables
                keys = {k for table in keys for k in table}
            documented.setdefault(section, set()).update(keys)
    return documented


def test_every_setting_is_documented_in_the_readme() -> None:
    documented = _readme_settings()
    for section, cls in SECTIONS.items():
        missing = {f.name for f in fields(cls)} - documented.get(section, set())
        assert not missing, f"[{section}] {', '.join(sorted(missing))} not in the README"


def test_the_readme_documents_no_setting_that_does_not_exist() -> None:
    for section, keys in _readme_settings().items():
        if section in TABLE_LISTS:
            assert keys <= set(TABLE_LISTS[section]), section
            continue
        assert section in SECTIONS, section
        assert keys <= {f.name for f in fields(SECTIONS[section])}, section


def test_every_table_list_is_documented_in_the_readme() -> None:
    documented = _readme_settings()
    for section, keys in TABLE_LISTS.items():
        assert set(keys) <= documented.get(section, set()), section
