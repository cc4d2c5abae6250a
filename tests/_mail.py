"""Briefings and an [email] config for the e-mail tests (invented meetings, blank PDFs)."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from _render_sample import sample_meeting
from pypdf import PdfWriter

from briefing.config import Config, EmailConfig
from briefing.deliver.email import Briefing


def pdf_bytes(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def briefings(out: Path) -> list[Briefing]:
    first = sample_meeting()
    second = dataclasses.replace(
        first, id="2025-06-12-mar-prt", countries=["MAR", "PRT"], date="2025-06-12"
    )
    result = []
    for m in (first, second):
        out.mkdir(parents=True, exist_ok=True)
        (out / f"{m.id}.pdf").write_bytes(pdf_bytes(m.id))
        (out / f"{m.id}.html").write_text(f"<html><body>{m.id}</body></html>")
        result.append(Briefing.of(m, [out / f"{m.id}.html", out / f"{m.id}.pdf"]))
    return result


def config(tmp_path: Path, port: int, **email) -> Config:
    cfg = Config(path=tmp_path / "briefing.toml")
    cfg.build.output = "out"
    cfg.email = EmailConfig(
        host="127.0.0.1",
        port=port,
        security="none",
        sender="desk@briefing.test",
        to=["analysts@briefing.test"],
        cc=["chief@briefing.test"],
        bcc=["archive@briefing.test"],
        timeout=5,
        **email,
    )
    return cfg
