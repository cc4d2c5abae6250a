"""Redraw the screenshots the README shows (docs/*.png), from the repository alone.

    python scripts/screenshots.py            # writes docs/note.png, docs/note-topics.png,
                                             # docs/index.png

The note: the example briefing (examples/, the two seed reports) built as `make examples`
builds it, its first two PDF pages drawn by pdftoppm. The index: the meetings merged from
400 synthetic reports of benchmarks/corpus.py, opened in headless Chromium with a word
typed into the search box and grouped by pair. Needs pdftoppm (poppler-utils) and
chromium. The pictures do not change between runs: the note's dates come from its
sources, the corpus from a fixed seed.
"""

from __future__ import annotations

import base64
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MEETING = "2025-04-23-aze-chn"


def note(work: Path) -> None:
    from briefing.pipeline import build

    build([ROOT / "examples"], out=work / "output", formats="pdf")
    pdf = work / "output" / f"{MEETING}.pdf"
    for page, name in ((1, "note.png"), (2, "note-topics.png")):
        stem = work / f"page{page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile"]
            + [str(pdf), str(stem)],
            check=True,
        )
        (DOCS / name).write_bytes(stem.with_suffix(".png").read_bytes())


def index(work: Path) -> None:
    sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]
    from browser import Browser
    from corpus import write_corpus

    from briefing.config import Config
    from briefing.pipeline import extract_paths
    from briefing.render.index import render_index
    from briefing.serialize import meeting_summary

    write_corpus(work / "reports", 400, seed=11)
    meetings = [meeting_summary(m.to_dict()) for m in extract_paths([work / "reports"]).meetings]
    page_file = work / "index.html"
    page_file.write_text(render_index(meetings, config=Config()), encoding="utf-8")
    with Browser(work / "profile") as browser:
        page = browser.open(page_file.as_uri())
        page.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1360, "height": 900, "deviceScaleFactor": 1, "mobile": False},
        )
        page.type("#q", "energy")
        page.evaluate("document.getElementById('group').click()")
        shot = page.call("Page.captureScreenshot", {"format": "png"})
    (DOCS / "index.png").write_bytes(base64.b64decode(shot["data"]))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        note(Path(tmp))
        index(Path(tmp))
    for name in ("note.png", "note-topics.png", "index.png"):
        print(DOCS / name)


if __name__ == "__main__":
    main()
