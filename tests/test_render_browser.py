"""The HTML briefing in a real browser: headless Chromium screenshots, wide and narrow."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from _render_sample import sample_meeting
from browser import CHROMIUM, HEADLESS

from briefing.config import Config
from briefing.render import render_html

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")

ACCENT = (0x1F, 0x3A, 0x5F)
PAGE_BG = (0xE9, 0xED, 0xF2)


def _screenshot(html_path: Path, out: Path, width: int, height: int) -> Path:
    png = out / f"shot-{width}.png"
    subprocess.run(
        [
            CHROMIUM,
            *HEADLESS,
            f"--user-data-dir={out / 'profile'}",
            f"--screenshot={png}",
            f"--window-size={width},{height}",
            html_path.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=90,
    )
    return png


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("browser")
    path = folder / "briefing.html"
    path.write_text(render_html(sample_meeting(), config=Config()), encoding="utf-8")
    return path


def _near(pixel: tuple[int, ...], colour: tuple[int, int, int], tol: int = 12) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(pixel[:3], colour, strict=True))


def test_wide_screen_shows_a_centred_note(page: Path, tmp_path: Path):
    from PIL import Image

    shot = Image.open(_screenshot(page, tmp_path, 1280, 1600)).convert("RGB")
    assert shot.size == (1280, 1600)
    # Grey page background at the edges, white note in the middle.
    assert _near(shot.getpixel((10, 800)), PAGE_BG)
    colours = shot.getcolors(maxcolors=1 << 20)
    accent = sum(n for n, c in colours if _near(c, ACCENT, tol=20))
    dark = sum(n for n, c in colours if sum(c) < 300)
    assert accent > 2000, "accent-coloured masthead, title and rules are visible"
    assert dark > 5000, "text is drawn"
    # The note is 50rem (800 px) plus padding wide: its white column is centred.
    row = [shot.getpixel((x, 1200)) for x in range(1280)]
    white = [x for x, p in enumerate(row) if _near(p, (255, 255, 255), tol=2)]
    assert white and 150 < min(white) < 260 and 1020 < max(white) < 1130
    assert abs((min(white) + max(white)) / 2 - 640) < 5


def test_narrow_screen_uses_the_full_width(page: Path, tmp_path: Path):
    from PIL import Image

    shot = Image.open(_screenshot(page, tmp_path, 420, 1400)).convert("RGB")
    assert shot.size == (420, 1400)
    assert _near(shot.getpixel((3, 700)), (255, 255, 255), tol=3)  # no grey margin on phones
    # Nothing overflows into the right padding (text would be cut off at the edge).
    edge = [shot.getpixel((x, y)) for x in range(412, 420) for y in range(1400)]
    assert all(_near(p, (255, 255, 255), tol=3) for p in edge)
    colours = shot.getcolors(maxcolors=1 << 20)
    assert sum(n for n, c in colours if sum(c) < 300) > 3000
