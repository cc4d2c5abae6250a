"""The Dask executor on a LocalCluster on 127.0.0.1 gives the same files as the local
process pool (PDFs byte-identical since conftest sets SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

import pytest
from _render_sample import sample_meeting

from briefing.config import Config
from briefing.pool import Limits, run_tasks
from briefing.tasks import render_many

distributed = pytest.importorskip("distributed")


def nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


@pytest.fixture(scope="module")
def scheduler():
    from dask.distributed import LocalCluster

    with LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    ) as cluster:
        yield cluster.scheduler_address


def _meetings():
    base = sample_meeting()
    return [dataclasses.replace(base, id=f"2025-05-0{n}-aze-chn") for n in range(1, 4)]


def test_dask_cluster_matches_local_run(tmp_path: Path, scheduler: str):
    assert os.environ.get("SOURCE_DATE_EPOCH")
    config = Config()
    meetings = _meetings()
    local, errors = render_many(
        meetings, out=tmp_path / "local", formats=("html", "pdf"), config=config, jobs=2
    )
    assert errors == []
    remote, errors = render_many(
        meetings,
        out=tmp_path / "dask",
        formats=("html", "pdf"),
        config=config,
        executor="dask",
        scheduler=scheduler,
    )
    assert errors == []
    assert sorted(p.name for p in remote) == sorted(p.name for p in local) and len(local) == 6
    for path in remote:
        assert path.read_bytes() == (tmp_path / "local" / path.name).read_bytes(), path.name


def test_dask_reports_a_hung_task_and_finishes_the_others(scheduler: str):
    items = [("slow", 30), ("a", 0.01), ("b", 0.01)]
    start = time.monotonic()
    results = {
        key: (value, error)
        for key, value, error in run_tasks(
            nap, items, executor="dask", scheduler=scheduler, limits=Limits(timeout=1)
        )
    }
    assert time.monotonic() - start < 15
    assert results["a"] == (0.01, None) and results["b"] == (0.01, None)
    assert str(results["slow"][1]) == "slow: timed out after 1 s"


def test_dask_without_scheduler_starts_a_local_cluster(tmp_path: Path):
    meeting = _meetings()[0]
    written, errors = render_many(
        [meeting], out=tmp_path, formats=("html",), config=Config(), jobs=1, executor="dask"
    )
    assert errors == []
    assert [p.name for p in written] == [f"{meeting.id}.html"]
    assert b"Li Qiang" in written[0].read_bytes()
