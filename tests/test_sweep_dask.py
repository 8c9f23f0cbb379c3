"""A sweep on a real Dask cluster survives a worker killed in the middle of a batch: the scheduler
gives the batch to another worker, which writes the same batch again, so every run is committed once
and the tables are those of an uninterrupted sweep."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from test_sweep import SMALL

from market_sim.experiments import progress, read_sweep, run_sweep, status
from market_sim.experiments.store import runs

distributed = pytest.importorskip("distributed")

# Two batches of four runs (test_sweep's small experiment): each worker holds one, long enough (~0.5 s)
# that a kill lands inside it
TABLES = ("model", "shares", "events", "projects", "vendors")


def read_all(out: Path) -> dict[str, pd.DataFrame]:
    frames = dict(read_sweep(out, TABLES).tables)
    frames["status"] = status(out).drop(columns="wall_seconds")
    return frames


def executing(dask_worker) -> list[str]:
    """The keys a worker is running right now (called on each worker by ``client.run``)."""
    return [str(task.key) for task in dask_worker.state.executing]


def kill_a_busy_worker(client, pids: dict[str, int], sweeping: threading.Thread) -> str:
    """SIGKILL the first worker seen running a batch, as soon as it is seen; that batch's id."""
    deadline = time.monotonic() + 120
    while sweeping.is_alive() and time.monotonic() < deadline:
        busy = {address: keys for address, keys in client.run(executing).items() if keys}
        if busy:
            address, keys = next(iter(busy.items()))
            os.kill(pids[address], signal.SIGKILL)
            return keys[0].removeprefix("batch-")
        time.sleep(0.01)
    raise AssertionError("no worker was seen running a batch")


def test_a_dask_worker_killed_mid_batch_loses_and_repeats_no_run(tmp_path):
    reference = tmp_path / "uninterrupted"
    run_sweep(SMALL, reference, executor="serial", progress=False)
    out, reports = tmp_path / "killed", []
    cluster_args = dict(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.LocalCluster(**cluster_args) as cluster, distributed.Client(cluster) as client:
        pids = client.run(os.getpid)  # each worker's own process (its nanny starts a new one once killed)
        on_cluster = dict(executor="dask", scheduler=cluster.scheduler_address, batch_size=4, progress=False)
        # an exception in the sweep's thread leaves `reports` empty (and pytest shows it)
        sweeping = threading.Thread(target=lambda: reports.append(run_sweep(SMALL, out, **on_cluster)))
        sweeping.start()
        batch = kill_a_busy_worker(client, pids, sweeping)
        assert not (out / "manifest" / f"{batch}.json").exists(), "the batch was cut short, uncommitted"
        sweeping.join(timeout=180)
        assert reports, "the sweep finished after the kill"
        story = client.run_on_scheduler(lambda dask_scheduler: dask_scheduler.story(f"batch-{batch}"))
        starts = [step for step in story if step[1:3] == ("waiting", "processing")]
        assert len(starts) == 2, "the killed batch was given to a worker again, once"

    (report,) = reports
    assert (report.total, report.done, report.failed) == (8, 8, 0)
    assert progress(out) | {"batches": 0} == {"runs": 8, "done": 8, "failed": 0, "pending": 0, "batches": 0}
    attempts = runs(out)
    assert sorted(attempts["run_id"]) == sorted(spec.run_id for spec in SMALL.runs())
    assert attempts["run_id"].is_unique and attempts["status"].eq("done").all()
    expected, got = read_all(reference), read_all(out)
    for name in expected:
        pd.testing.assert_frame_equal(expected[name], got[name], obj=name)
    model = pd.read_parquet(out / "model.parquet")  # a plain reader sees every run once too
    assert model.groupby("run_id").size().eq(6).all() and model["run_id"].nunique() == 8
