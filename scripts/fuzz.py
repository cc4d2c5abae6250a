"""Coverage-guided fuzzing of the ingest and extract path with atheris (libFuzzer).

Not part of the test suite and not a dependency: ``pip install atheris`` first. Each
input is written as a report file of every kind (.txt, .md, .html, .json, .rss) and goes
through ``read_paths`` and ``extract``; a reader may refuse it with an ``InputError``
(that is its job), anything else that escapes is a crash libFuzzer records.

    python scripts/fuzz.py -atheris_runs=20000                       # a bounded run
    python scripts/fuzz.py /tmp/corpus examples -max_total_time=600  # seeded by examples/

libFuzzer adds the inputs it finds to the first folder only, so examples/ stays as is.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

with atheris.instrument_imports():
    from briefing.errors import InputError
    from briefing.extract import extract
    from briefing.ingest import read_file

SUFFIXES = (".txt", ".md", ".html", ".json", ".rss")
WORK = Path(tempfile.mkdtemp(prefix="briefing-fuzz-"))
MAX_BYTES = 64 * 1024


def one_input(data: bytes) -> None:
    """Read ``data`` as each kind of report and extract whatever comes out."""
    for suffix in SUFFIXES:
        path = WORK / f"report{suffix}"
        path.write_bytes(data)
        try:
            articles = read_file(path, max_bytes=MAX_BYTES)
        except InputError:
            continue
        for article in articles:
            extract(article)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
