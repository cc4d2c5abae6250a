"""The local process pool (briefing.pool) and briefing's tasks on it (briefing.tasks):
same outputs as a sequential render, and a task that hangs, exhausts its memory or kills
its worker is one error while the other tasks complete."""

from __future__ import annotations

import dataclasses
import os
import signal
import time
from pathlib import Path

import pytest
from _render_sample import sample_meeting

from briefing.config import Config
from briefing.errors import ConfigError, RenderError, TaskError
from briefing.pool import Limits, check_options, run_tasks
from briefing.tasks import RenderJob, render_many, render_task

# ---- test-only tasks (module level so that worker processes can import them) ----


def nap(seconds: float) -> str:
    """Sleeps, then answers with its pid (to see which worker ran it)."""
    time.sleep(seconds)
    return f"slept {seconds} in {os.getpid()}"


def hog(megabytes: int) -> int:
    """Allocates and touches ``megabytes`` of memory."""
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def c_hog(ending: str) -> None:
    """Allocates memory from C, 8 MB at a time and touched, as a runaway render does in
    cairo, until ``malloc`` fails at the worker's limit; then ends as such code does: it
    writes through the null pointer it got (SIGSEGV), aborts (SIGABRT), or is taken by the
    kernel's OOM killer (SIGKILL)."""
    import ctypes

    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    step = 8 << 20
    while block := libc.malloc(step):
        ctypes.memset(block, 1, step)
        time.sleep(0.005)
    if ending == "SIGSEGV":
        ctypes.memset(0, 1, step)  # what C code that ignores a failed malloc does
    os.kill(os.getpid(), signal.Signals[ending])


def segfault(_: object) -> None:
    """Dies by SIGSEGV with little memory in use: a crash that is not about memory."""
    import ctypes

    ctypes.string_at(0)


def crash(_: object) -> None:
    """Dies the way the kernel's OOM killer would end a worker."""
    os.kill(os.getpid(), signal.SIGKILL)


def fail(message: str) -> None:
    raise ValueError(message)


def warm_state(_: object) -> dict[str, object]:
    """What a worker has loaded before its first task."""
    import sys

    from briefing.render import html, pdf

    return {
        "matplotlib": "matplotlib.figure" in sys.modules,
        "fonts": pdf._font_config.cache_info().currsize,
        "templates": html._environment.cache_info().currsize,
    }


def collect(results):
    ok, errors = {}, {}
    for key, value, error in results:
        if error is None:
            ok[key] = value
        else:
            errors[key] = error
    return ok, errors


# ---- tests ----


def test_hung_task_is_stopped_and_the_others_complete():
    items = [("slow", 60), ("a", 0.1), ("b", 0.1), ("c", 0.1)]
    start = time.monotonic()
    ok, errors = collect(run_tasks(nap, items, jobs=2, limits=Limits(timeout=1.5)))
    assert time.monotonic() - start < 20
    assert set(ok) == {"a", "b", "c"}
    assert set(errors) == {"slow"}
    assert isinstance(errors["slow"], TaskError)
    assert str(errors["slow"]).startswith("slow: timed out after 1.5 s")


def test_task_over_the_memory_limit_is_reported_and_the_others_complete():
    items = [("small", 10), ("huge", 4096), ("small2", 10)]
    ok, errors = collect(run_tasks(hog, items, jobs=1, limits=Limits(memory_mb=700)))
    assert ok == {"small": 10 * 1024 * 1024, "small2": 10 * 1024 * 1024}
    assert "huge: exceeded the memory limit (700 MB)" in str(errors["huge"])


@pytest.mark.parametrize("ending", ["SIGSEGV", "SIGABRT", "SIGKILL"])
def test_a_worker_killed_by_a_signal_at_its_memory_limit_reports_the_limit(ending: str):
    items = [("small", 10), ("runaway", ending), ("small2", 10)]
    ok, errors = collect(run_tasks(_hog_or_c_hog, items, jobs=1, limits=Limits(memory_mb=700)))
    assert ok == {"small": 10 * 1024 * 1024, "small2": 10 * 1024 * 1024}
    message = str(errors["runaway"])
    assert message.startswith("runaway: exceeded the memory limit (700 MB): its worker"), message
    assert f"ended by signal {signal.Signals[ending].value}: {ending}" in message


def test_a_crash_far_below_the_memory_limit_is_not_blamed_on_memory():
    ok, errors = collect(run_tasks(segfault, [("crash", None)], limits=Limits(memory_mb=700)))
    message = str(errors["crash"])
    assert message.startswith("crash: worker process died (signal 11: SIGSEGV;"), message
    assert "of its 700 MB memory limit" in message and "exceeded" not in message


def _hog_or_c_hog(arg):
    return c_hog(arg) if isinstance(arg, str) else hog(arg)


def test_dead_worker_is_replaced_and_named():
    items = [("a", 0.05), ("boom", None), ("b", 0.05), ("c", 0.05)]
    lazily = (item for item in items)  # a generator: items are pulled as workers free up
    results = list(run_tasks(_dispatch, lazily, jobs=2, limits=Limits(timeout=30)))
    ok, errors = collect(results)
    assert set(ok) == {"a", "b", "c"}
    assert str(errors["boom"]) == "boom: worker process died (signal 9: SIGKILL)"


def _dispatch(arg):
    return crash(arg) if arg is None else nap(arg)


def test_exceptions_are_errors_naming_the_task():
    ok, errors = collect(run_tasks(fail, [("x", "bad input"), ("y", "also bad")], jobs=2))
    assert ok == {}
    assert str(errors["x"]) == "x: ValueError: bad input"
    assert str(errors["y"]) == "y: ValueError: also bad"


def test_workers_are_reused_within_a_batch():
    items = [(str(n), 0) for n in range(6)]
    ok, _ = collect(run_tasks(nap, items, jobs=2))
    assert len({v.rsplit(" ", 1)[1] for v in ok.values()}) <= 2


def test_workers_start_warm():
    """The fork server laid out a placeholder briefing (briefing.warmup): a worker's
    first task finds WeasyPrint's fonts, matplotlib and the templates loaded."""
    ok, errors = collect(run_tasks(warm_state, [("first", None)], jobs=1))
    assert errors == {}
    assert ok["first"] == {"matplotlib": True, "fonts": 1, "templates": 1}


def test_options_are_checked():
    with pytest.raises(ConfigError, match="unknown executor"):
        check_options(None, "threads", None)
    with pytest.raises(ConfigError, match="needs --executor dask"):
        check_options(2, "local", "tcp://127.0.0.1:8786")
    with pytest.raises(ConfigError, match="at least 1"):
        check_options(0, "local", None)
    assert check_options(None, "local", None) >= 1


def _meetings():
    base = sample_meeting()
    return [dataclasses.replace(base, id=f"2025-04-2{n}-aze-chn") for n in range(3)]


def test_parallel_render_matches_sequential(tmp_path: Path):
    config = Config()
    meetings = _meetings()
    seq = tmp_path / "seq"
    seq.mkdir()
    for meeting in meetings:  # in this process, one after the other
        for fmt, data in render_task(RenderJob(meeting, ("html", "pdf"), config)).items():
            (seq / f"{meeting.id}.{fmt}").write_bytes(data)
    par = tmp_path / "par"
    written, errors = render_many(meetings, out=par, formats=("html", "pdf"), config=config, jobs=2)
    assert errors == []
    assert sorted(p.name for p in written) == sorted(p.name for p in seq.iterdir())
    for path in written:
        assert path.read_bytes() == (seq / path.name).read_bytes(), path.name


def test_render_failure_names_the_meeting(tmp_path: Path):
    config = Config()
    config.report.pdf_variant = "pdf/x-9"  # refused by render_pdf inside the worker
    meetings = _meetings()[:2]
    written, errors = render_many(meetings, out=tmp_path, formats=("pdf",), config=config, jobs=2)
    assert written == []
    assert sorted(str(e).split(":")[0] for e in errors) == sorted(m.id for m in meetings)
    assert all(isinstance(e, RenderError) for e in errors)
    assert list(tmp_path.iterdir()) == []


def test_parallel_extraction_matches_in_process(tmp_path: Path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import corpus

    from briefing.model import Article
    from briefing.tasks import EXTRACT_BATCH, extract_many

    reports = list(corpus.generate(2 * EXTRACT_BATCH + 7, seed=11))
    articles = [
        Article(
            Article.make_id(r["text"]),
            r["text"],
            r["title"],
            r["published"],
            r["publisher"],
            r["url"],
        )
        for r in reports
    ]
    inline = list(extract_many(articles, jobs=1))
    pooled = list(extract_many(iter(articles), jobs=2))
    assert [a.id for a, _, _ in pooled] == [a.id for a in articles]
    assert [(e.to_dict() if e else r) for _, e, r in pooled] == [
        (e.to_dict() if e else r) for _, e, r in inline
    ]
    assert sum(1 for _, e, _ in inline if e and e.is_bilateral_meeting) > EXTRACT_BATCH


HOSTILE_TEMPLATE = """{% extends "default:briefing.html" %}
{% block title %}{% if meeting.id.endswith("-hang") %}{% for i in range(10**9) %}
{% for j in range(10**9) %}{% endfor %}{% endfor %}{% elif meeting.id.endswith("-hog") %}
{{ "x" * (meeting.id|length * 10**8) }}{% else %}{{ super() }}{% endif %}{% endblock %}
"""


def test_briefing_that_hangs_or_explodes_is_stopped_and_the_run_goes_on(tmp_path: Path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.html").write_text(HOSTILE_TEMPLATE, encoding="utf-8")
    config = Config()
    config.build.render_timeout = 8
    config.build.render_memory_mb = 800
    base = sample_meeting()
    meetings = [
        dataclasses.replace(base, id=f"2025-04-23-aze-chn{s}") for s in ("-hang", "", "-hog")
    ]
    out = tmp_path / "out"
    start = time.monotonic()
    written, errors = render_many(
        meetings, out=out, formats=("html", "pdf"), config=config, templates=templates, jobs=2
    )
    assert time.monotonic() - start < 30
    assert sorted(p.name for p in written) == ["2025-04-23-aze-chn.html", "2025-04-23-aze-chn.pdf"]
    messages = sorted(str(e) for e in errors)
    assert messages[0].startswith("2025-04-23-aze-chn-hang: timed out after 8 s")
    assert messages[1].startswith("2025-04-23-aze-chn-hog: exceeded the memory limit (800 MB)")
    assert sorted(p.name for p in out.iterdir()) == [p.name for p in written]
