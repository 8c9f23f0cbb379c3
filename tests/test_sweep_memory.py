"""Memory stays flat: a sweep's coordinating process holds the plan and batch statuses, never the runs."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pandas as pd

from market_sim.experiments import Experiment, read_sweep, run_sweep

RUNS = 400
# Batches big enough that two of them (~1.1 MB) stand clear of the coordinator's fixed ~0.55-0.75 MB
# (pools, futures, the plan, more under a loaded full suite): with 50 runs two batches of model version
# 14's one-quarter tables were ~0.7 MB, and the check failed by 8 % under load. All runs together are
# still more than twice two batches.
BATCH = 80
TINY = dict(
    fixed={"steps": 1, "n_enterprises": 4}, tables=("model", "shares", "events", "projects", "vendors")
)


def batch_bytes(out: Path) -> int:
    """The in-memory size of one committed batch's tables (what a process holding it would hold)."""
    entry = json.loads(next((out / "manifest").glob("*.json")).read_text())
    frames = [pd.read_parquet(out / path) for name, path in entry["files"].items() if name != "runs"]
    return int(sum(frame.memory_usage(deep=True).sum() for frame in frames))


def test_the_coordinating_process_never_holds_more_than_two_batches(tmp_path):
    # a first small sweep imports everything a sweep needs, so the measure below is the sweep's own
    run_sweep(Experiment(seeds=(1,), **TINY), tmp_path / "warm", executor="serial", progress=False)
    import concurrent.futures.process  # noqa: F401
    import multiprocessing.forkserver  # noqa: F401  (local workers fork from a server: executors.py)
    import multiprocessing.popen_forkserver  # noqa: F401
    import multiprocessing.popen_spawn_posix  # noqa: F401
    import multiprocessing.queues  # noqa: F401
    import multiprocessing.synchronize  # noqa: F401

    experiment = Experiment(name="flat", seeds=tuple(range(1, RUNS + 1)), **TINY)
    tracemalloc.start()
    try:
        report = run_sweep(
            experiment, tmp_path / "flat", executor="processes", workers=2, batch_size=BATCH, progress=False
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (report.done, report.failed) == (RUNS, 0)
    size = batch_bytes(tmp_path / "flat")
    model = read_sweep(tmp_path / "flat", ("model",))["model"]
    assert model["run_id"].nunique() == RUNS
    all_runs = size * RUNS // BATCH
    assert peak < 2 * size, (
        f"peak {peak / 1e3:.0f} kB, two batches {2 * size / 1e3:.0f} kB, all runs {all_runs / 1e3:.0f} kB"
    )
