"""Where templates come from, and the one Jinja2 environment that loads them.

Search order, first match by file name wins (as datasette does it):
  1. the user's folder (``--templates DIR`` or ``[build] templates`` in briefing.toml);
  2. ``briefing/templates`` inside the installed package (the wheel ships them there);
  3. ``templates/`` at the root of a source checkout.
A user template can extend the default of the same name as ``default:<name>``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from briefing.config import Config
from briefing.errors import ConfigError, TemplateError

if TYPE_CHECKING:
    import jinja2

_PACKAGE_DIR = Path(__file__).resolve().parent.parent
MAIN_TEMPLATE = "briefing.html"


def default_dirs() -> list[tuple[str, Path]]:
    """The built-in template folders that exist here, as (origin, path)."""
    candidates = [
        ("package", _PACKAGE_DIR / "templates"),
        ("checkout", _PACKAGE_DIR.parent / "templates"),
    ]
    return [(origin, path) for origin, path in candidates if path.is_dir()]


def user_dir(config: Config | None, templates_dir: Path | str | None) -> Path | None:
    """The user's template folder: the option wins over the config file."""
    path: Path | None = None
    if templates_dir is not None:
        path = Path(templates_dir).expanduser()
    elif config is not None and config.build.templates:
        path = config.resolve(config.build.templates)
    if path is None:
        return None
    if not path.is_dir():
        raise ConfigError(f"templates folder not found: {path}")
    return path


def search_path(
    config: Config | None = None, templates_dir: Path | str | None = None
) -> list[tuple[str, Path]]:
    """All template folders in lookup order, as (origin, path)."""
    user = user_dir(config, templates_dir)
    dirs = ([("user", user)] if user else []) + default_dirs()
    if not any(origin != "user" for origin, _ in dirs):
        raise TemplateError(
            "default templates not found (neither briefing/templates nor "
            "templates/ exists); reinstall the package"
        )
    return dirs


def make_environment(dirs: list[tuple[str, Path]]) -> jinja2.Environment:
    """Autoescaping on for every template but plain-text ones (``*.txt``: the e-mail
    subject and text body, which are not markup; article text is data, never a template)
    and StrictUndefined, so a misspelt variable in a user template is an error rather
    than an empty string."""
    import jinja2

    defaults = [str(p) for origin, p in dirs if origin != "user"]
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(p) for _, p in dirs]),
            jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(defaults)}, delimiter=":"),
        ]
    )
    return jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(
            disabled_extensions=("txt",), default_for_string=True, default=True
        ),
        finalize=_printable,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def _printable(value: object) -> object:
    """Every printed string loses control and bidi-override characters, whatever its
    source (ingest cleans reports, but an Article can be built in Python or come from an
    older archive); markup the code marked safe (CSS, chart SVG) is left alone."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        from briefing.ingest.article import clean_text

        return clean_text(value)
    return value


def read_asset(dirs: list[tuple[str, Path]], name: str) -> str | None:
    """A non-template file (CSS, labels) by name through the same search path."""
    for _, folder in dirs:
        path = folder / name
        if path.is_file():
            try:
                return path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateError(f"{path}: cannot read ({exc})") from None
    return None


def template_error(exc: BaseException, dirs: list[tuple[str, Path]]) -> TemplateError:
    """Turn a Jinja2 exception into a TemplateError that names the file and line."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError):
        where = exc.filename or exc.name or "template"
        return TemplateError(f"{where}:{exc.lineno}: template syntax error: {exc.message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        folders = ", ".join(str(p) for _, p in dirs)
        return TemplateError(f"template {exc.name!r} not found in {folders}")
    where = _template_frame(exc.__traceback__, dirs)
    kind = "undefined variable" if isinstance(exc, jinja2.UndefinedError) else "template error"
    return TemplateError(f"{where}: {kind}: {exc}")


def _template_frame(tb: TracebackType | None, dirs: list[tuple[str, Path]]) -> str:
    """The innermost traceback frame that belongs to a template file (Jinja2 rewrites
    frames so they carry the template's file name and line)."""
    roots = [str(p.resolve()) for _, p in dirs]
    found = "template"
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if any(str(Path(filename).resolve()).startswith(r) for r in roots):
            found = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found


def list_templates(
    config: Config | None = None, templates_dir: Path | str | None = None
) -> list[tuple[str, str, Path]]:
    """Every template/asset name with the origin and file that a build would use."""
    dirs = search_path(config, templates_dir)
    chosen: dict[str, tuple[str, Path]] = {}
    for origin, folder in dirs:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and name not in chosen and not _hidden(name):
                chosen[name] = (origin, path)
    return [(name, origin, path) for name, (origin, path) in sorted(chosen.items())]


def _hidden(name: str) -> bool:
    return any(part.startswith((".", "__")) for part in name.split("/"))


def copy_defaults(dest: Path | str, *, force: bool = False) -> list[Path]:
    """Copy the default templates into ``dest`` to edit. Refuses to overwrite files that
    already exist unless ``force`` (a user's edits are never clobbered silently)."""
    dest = Path(dest)
    sources = [(name, path) for name, origin, path in list_templates() if origin != "user"]
    clashes = [dest / name for name, _ in sources if (dest / name).exists()]
    if clashes and not force:
        raise ConfigError(f"{clashes[0]} already exists; use --force to overwrite")
    written = []
    try:
        for name, path in sources:
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            written.append(target)
    except OSError as exc:
        raise ConfigError(f"{dest}: cannot copy templates ({exc})") from None
    return written
