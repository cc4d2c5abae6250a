"""Benchmark: how fast and how lean ``briefing`` is, against the targets of the issue.

    python benchmarks/run.py                 # sizes 100,1000; 3 repeats; RSS at 10,000
    python benchmarks/run.py --quick         # CI-sized: 100 reports, 1 repeat, RSS at 1,000
    python benchmarks/run.py --profile       # also cProfile extraction and one render

Every figure is the median of ``--repeats`` runs on a synthetic corpus
(benchmarks/corpus.py, fixed seed). Prints a table and writes benchmarks/results.json.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

TARGETS = {  # name: (comparison, value)
    "extract_reports_per_s": (">=", 150.0),
    "build_over_bare_weasyprint": ("<=", 1.15),
    "noop_incremental_s": ("<=", 2.0),
    "help_s": ("<=", 0.3),
    "peak_rss_mb": ("<=", 500.0),
}
ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]),
    "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1767225600"),
}


def median_time(fn: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    """Median wall time of ``fn`` over ``repeats`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "briefing", *args], cwd=ROOT, env=ENV, capture_output=True, text=True
    )
    if check and proc.returncode not in (0, 1):
        raise RuntimeError(f"briefing {' '.join(args)} failed:\n{proc.stderr[-2000:]}")
    return proc


def corpus_dir(base: Path, n: int) -> Path:
    """The synthetic corpus of ``n`` reports, written by a child process (see
    ``bench_rss`` for why this process must stay small)."""
    folder = base / f"corpus-{n}"
    if not folder.is_dir():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmarks" / "corpus.py"),
                str(folder),
                "--n",
                str(n),
                "--seed",
                "7",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return folder


# --------------------------------------------------------------------------- measures


def bench_help(repeats: int) -> dict[str, float]:
    cli("--help")  # warm the OS file cache and the bytecode cache
    t, _ = median_time(lambda: cli("--help"), max(repeats, 5))
    bare, _ = median_time(lambda: subprocess.run([sys.executable, "-c", "pass"]), max(repeats, 5))
    return {"help_s": t, "python_startup_s": bare}


def bench_extract(folder: Path, repeats: int, profile: bool) -> dict[str, float]:
    """Reports/s of ``extract`` on one core, in this process, after a warm-up."""
    from briefing.extract import extract
    from briefing.ingest import read_paths
    from briefing.model import Article

    articles = [a for a in read_paths([folder]) if isinstance(a, Article)]
    for article in articles[:20]:
        extract(article)  # start-up: data files, gazetteers, compiled patterns
    t, _ = median_time(lambda: [extract(a) for a in articles], repeats)
    if profile:
        print_profile("extract", lambda: [extract(a) for a in articles])
    return {"extract_reports": len(articles), "extract_reports_per_s": len(articles) / t}


def bench_build(
    folder: Path, base: Path, repeats: int, jobs: int, fmt: str = "both"
) -> dict[str, Any]:
    """``briefing build`` wall time (a fresh output folder each run)."""
    outs = []

    def run() -> subprocess.CompletedProcess:
        out = Path(tempfile.mkdtemp(prefix="out-", dir=base))
        outs.append(out)
        return cli("build", str(folder), "--out", str(out), "--format", fmt, "--jobs", str(jobs))

    t, proc = median_time(run, repeats)
    last = outs[-1]
    briefings = len(list(last.glob("*.html"))) - int((last / "index.html").exists())
    for out in outs[:-1]:
        shutil.rmtree(out, ignore_errors=True)
    return {"seconds": t, "briefings": briefings, "out": last, "exit": proc.returncode}


BARE = """
import sys
from pathlib import Path
from weasyprint import HTML
for page in sys.argv[2:]:
    HTML(string=Path(page).read_text(encoding="utf-8")).write_pdf(pdf_variant=sys.argv[1])
"""
BARE_WARM = """
import statistics, sys, time
from pathlib import Path
from weasyprint import HTML
repeats, variant, pages = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
pages = [Path(p).read_text(encoding="utf-8") for p in pages]
HTML(string=pages[0]).write_pdf(pdf_variant=variant)  # import done, fonts loaded
times = []
for _ in range(repeats):
    start = time.perf_counter()
    for page in pages:
        HTML(string=page).write_pdf(pdf_variant=variant)
    times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def bare_weasyprint(out: Path, repeats: int) -> dict[str, float]:
    """WeasyPrint alone turning the build's HTML files into PDFs, one core, same PDF
    variant as the build, measured two ways:

    - ``process``: a fresh Python process that imports WeasyPrint and renders the pages,
      the least any program rendering them pays. The build is a process too, so the
      ratio to it leaves only our own work: reading, extraction, merge, archive, charts,
      templates, writing files. This is the ratio the target applies to.
    - ``warm``: the render calls alone, in a process that has WeasyPrint imported and its
      fonts loaded. The ratio to it also counts WeasyPrint's own start-up (import and
      first layout) against the build, so it is the stricter figure, reported beside it.
    """
    from briefing.config import Config

    variant = Config().report.pdf_variant
    paths = [str(p) for p in sorted(out.glob("*.html")) if p.name != "index.html"]
    process, _ = median_time(
        lambda: subprocess.run([sys.executable, "-c", BARE, variant, *paths], check=True), repeats
    )
    warm = subprocess.run(
        [sys.executable, "-c", BARE_WARM, str(repeats), variant, *paths],
        check=True,
        capture_output=True,
        text=True,
    )
    return {"process": process, "warm": float(warm.stdout)}


def bench_render_profile(folder: Path) -> None:
    """cProfile of rendering the build's meetings in this process (template, charts,
    WeasyPrint), to see where the time over the bare render goes."""
    from briefing.config import Config
    from briefing.pipeline import extract_paths
    from briefing.tasks import RenderJob, render_task

    meetings = extract_paths([folder]).meetings[:10]
    jobs = [RenderJob(m, ("html", "pdf"), Config()) for m in meetings]
    render_task(jobs[0])
    print_profile("render", lambda: [render_task(j) for j in jobs])


def bench_noop(folder: Path, base: Path, repeats: int) -> dict[str, Any]:
    """A second ``briefing build`` over reports that were all built already."""
    out = base / "noop-out"
    first = cli("build", str(folder), "--out", str(out))
    t, proc = median_time(lambda: cli("build", str(folder), "--out", str(out)), repeats)
    return {
        "noop_incremental_s": t,
        "first_run_exit": first.returncode,
        "noop_output": proc.stdout.strip().splitlines()[-1:] or [""],
    }


def bench_rss(folder: Path, base: Path, fmt: str) -> dict[str, float]:
    """Peak memory of one ``briefing build``: ru_maxrss of the build process, and the
    sampled peak of the whole process tree (build process + fork server + workers, each
    process's RSS added up, so pages they share are counted once per process). Workers
    are the fork server's children, not the build process's: only the tree covers them.

    A child's ru_maxrss starts from the size of this process when it forked (Linux keeps
    the larger of the two across exec), so this runs before anything big is loaded here:
    corpora are written and bare WeasyPrint is timed in child processes."""
    out = base / "rss-out"
    cmd = [
        sys.executable,
        "-m",
        "briefing",
        "build",
        str(folder),
        "--out",
        str(out),
        "--format",
        fmt,
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    tree_peak = [0]
    sampler = threading.Thread(target=_sample_tree, args=(proc.pid, tree_peak), daemon=True)
    sampler.start()
    start = time.perf_counter()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.join(timeout=1)
    return {
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "peak_tree_rss_mb": tree_peak[0] / 2**20,
        "rss_build_s": seconds,
        "rss_exit": proc.returncode,
    }


def _sample_tree(pid: int, peak: list[int]) -> None:
    try:
        import psutil
    except ImportError:
        return
    try:
        root = psutil.Process(pid)
        while root.is_running() and root.status() != psutil.STATUS_ZOMBIE:
            total = 0
            for p in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
            peak[0] = max(peak[0], total)
            time.sleep(0.1)
    except psutil.Error:
        return


def print_profile(name: str, fn: Callable[[], Any]) -> None:
    prof = cProfile.Profile()
    prof.runcall(fn)
    path = Path(tempfile.gettempdir()) / f"briefing-profile-{name}.prof"
    prof.dump_stats(path)
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
    print(f"\n--- cProfile: {name} (saved to {path}) ---")
    print("\n".join(buf.getvalue().splitlines()[:45]))


# --------------------------------------------------------------------------- report


def verdict(name: str, value: float | None) -> str:
    if name not in TARGETS or value is None:
        return ""
    op, target = TARGETS[name]
    ok = value >= target if op == ">=" else value <= target
    return f"{op} {target:g}  {'ok' if ok else 'MISSED'}"


def print_table(rows: list[tuple[str, str, float | None, str]]) -> None:
    print(f"\n{'measure':<46} {'value':>10}  {'unit':<12} target")
    print("-" * 86)
    for label, key, value, unit in rows:
        shown = "n/a" if value is None else f"{value:,.3g}" if value < 100 else f"{value:,.0f}"
        print(f"{label:<46} {shown:>10}  {unit:<12} {verdict(key, value)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100,1000", help="corpus sizes for the extraction and build figures"
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--rss-size", type=int, default=10_000)
    parser.add_argument(
        "--rss-format",
        default="html",
        help="format of the peak-RSS build (html keeps it to minutes)",
    )
    parser.add_argument("--noop-size", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None, help="default: all cores")
    parser.add_argument("--quick", action="store_true", help="CI-sized run")
    parser.add_argument("--profile", action="store_true", help="cProfile extract and render")
    parser.add_argument("--keep", type=Path, default=None, help="work folder to keep")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "results.json")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.repeats, args.rss_size, args.noop_size = "100", 1, 1000, 200
    from briefing.pool import default_jobs

    jobs = args.jobs or default_jobs()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    base = args.keep or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "jobs": jobs,
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "repeats": args.repeats,
        "sizes": {},
    }
    rows: list[tuple[str, str, float | None, str]] = []
    try:
        r = bench_help(args.repeats)
        results.update(r)
        rows += [
            ("briefing --help", "help_s", r["help_s"], "s"),
            ("  (python -c pass, for reference)", "", r["python_startup_s"], "s"),
        ]
        # First, while this process is small (see bench_rss).
        rss = bench_rss(corpus_dir(base, args.rss_size), base, args.rss_format)
        results["rss"] = {**rss, "reports": args.rss_size, "format": args.rss_format}
        rss_rows = [
            (
                f"peak RSS, build of {args.rss_size} reports ({args.rss_format})",
                "peak_rss_mb",
                rss["peak_rss_mb"],
                "MB",
            ),
            ("  whole process tree (sampled)", "", rss["peak_tree_rss_mb"], "MB"),
            ("  wall time of that build", "", rss["rss_build_s"], "s"),
        ]
        for n in sizes:
            folder = corpus_dir(base, n)
            ex = bench_extract(folder, args.repeats, args.profile and n == sizes[-1])
            par = bench_build(folder, base, args.repeats, jobs)
            entry = {
                **ex,
                "meetings": par["briefings"],
                "build_s_all_cores": par["seconds"],
                "briefings_per_s_all_cores": par["briefings"] / par["seconds"],
            }
            rows += [
                (
                    f"[{n} reports] extraction, one core",
                    "extract_reports_per_s",
                    entry["extract_reports_per_s"],
                    "reports/s",
                ),
                (
                    f"[{n} reports] build, {jobs} jobs ({entry['meetings']} briefings)",
                    "",
                    entry["briefings_per_s_all_cores"],
                    "briefings/s",
                ),
            ]
            results["sizes"][n] = entry
            one = bench_build(folder, base, args.repeats, 1)
            bare = bare_weasyprint(one["out"], args.repeats)
            entry.update(
                build_s_one_core=one["seconds"],
                bare_weasyprint_process_s=bare["process"],
                bare_weasyprint_warm_s=bare["warm"],
                build_over_bare_weasyprint=one["seconds"] / bare["process"],
                build_over_warm_weasyprint=one["seconds"] / bare["warm"],
            )
            rows += [
                (f"[{n} reports] build, 1 job", "", entry["build_s_one_core"], "s"),
                (f"[{n} reports] bare WeasyPrint process, same HTML", "", bare["process"], "s"),
                (
                    f"[{n} reports] build / bare WeasyPrint process",
                    "build_over_bare_weasyprint",
                    entry["build_over_bare_weasyprint"],
                    "x",
                ),
                (f"[{n} reports] bare WeasyPrint, warm, render calls only", "", bare["warm"], "s"),
                (
                    f"[{n} reports] build / warm WeasyPrint (stricter)",
                    "",
                    entry["build_over_warm_weasyprint"],
                    "x",
                ),
            ]
            if args.profile and n == sizes[0]:
                bench_render_profile(folder)
        noop = bench_noop(corpus_dir(base, args.noop_size), base, args.repeats)
        results["noop"] = {**noop, "reports": args.noop_size}
        rows.append(
            (
                f"no-op re-build over {args.noop_size} reports",
                "noop_incremental_s",
                noop["noop_incremental_s"],
                "s",
            )
        )
        rows += rss_rows
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print_table(rows)
    results["targets"] = {k: {"op": op, "target": v} for k, (op, v) in TARGETS.items()}
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"\nJSON: {args.json}")


if __name__ == "__main__":
    main()
