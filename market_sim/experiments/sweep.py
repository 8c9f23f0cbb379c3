"""Running an experiment into an output directory: :func:`run_sweep` and its :class:`SweepReport`.

The pending runs go out in batches (:class:`~.batches.Batch`); whoever runs a batch writes it to the
store and commits it in the manifest, and only its status comes back here, so this process never
holds more than the plan and the batches' statuses. Started again on the same ``out``, a sweep runs
only what no committed batch holds (no run is lost or done twice); a run that raises is recorded
with its traceback, the others carry on, and a resumed sweep retries it. Results are identical
whichever executor runs them.
"""

from __future__ import annotations

import math
import os
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import store
from .batches import Batch
from .executors import BACKENDS, Backend
from .spec import EXECUTORS, Experiment, ExperimentError, current_model_version
from .urls import UrlPath, remove_tree, store_path
from .workers import start_server

MAX_BATCH = 100  # runs per batch at most: a batch's tables are held in memory by whoever runs it


@dataclass
class SweepReport:
    """What a call of :func:`run_sweep` did: ``skipped`` runs had finished in an earlier invocation."""

    out: Path | UrlPath
    total: int
    done: int
    failed: int
    skipped: int
    wall_seconds: float

    def __str__(self) -> str:
        return (
            f"{self.done} of {self.total} runs done ({self.skipped} from before), {self.failed} failed, "
            f"{self.wall_seconds:.1f}s -> {self.out}/"
        )


def run_sweep(
    experiment: Experiment,
    out: str | Path | UrlPath,
    *,
    executor: str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    restart: bool = False,
    batch_size: int | None = None,
) -> SweepReport:
    """Run every run of ``experiment`` not yet committed in ``out``, in batches of ``batch_size`` runs.

    ``out`` is a local directory or an fsspec URL (``s3://bucket/prefix``) that every worker can
    reach; ``batch_size`` None: batches that shrink towards the end (:func:`_guided`).
    """
    if executor not in EXECUTORS:
        raise ExperimentError(f"executor '{executor}' is not allowed; allowed: {', '.join(EXECUTORS)}")
    if workers is not None and workers < 1:
        raise ExperimentError(f"workers = {workers} is not allowed; allowed: an integer >= 1")
    if batch_size is not None and batch_size < 1:
        raise ExperimentError(f"batch_size = {batch_size} is not allowed; allowed: an integer >= 1")
    started = time.perf_counter()
    out = store_path(out)
    _check_reachable(out, executor)
    if executor == "processes":
        start_server()  # its imports overlap the planning
    plan = experiment.runs()
    if restart and out.exists():
        remove_tree(out)
    store.prepare(out, experiment, plan)
    finished = store.finished_runs(out)
    pending = [spec for spec in plan if spec.run_id not in finished]
    del plan
    done = failed = 0
    if pending:
        backend = Backend(workers or os.cpu_count() or 1, scheduler)
        bar = _progress_bar(len(pending), f"{experiment.name} ({executor})") if progress else None
        batches = _batches(out, experiment, pending, batch_size or _guided(len(pending), backend.workers))
        for status in BACKENDS[executor](batches, backend):
            done += len(status.done)
            failed += len(status.failed)
            if bar is not None:
                bar.update(len(status.done) + len(status.failed))
                bar.set_postfix(failed=failed)
        if bar is not None:
            bar.close()
    return SweepReport(
        out,
        len(finished) + len(pending),
        len(finished) + done,
        failed,
        len(finished),
        time.perf_counter() - started,
    )


def _check_reachable(out: Path | UrlPath, executor: str) -> None:
    """A ``memory://`` store lives in this process: workers in other processes would write elsewhere."""
    if isinstance(out, UrlPath) and "memory" in out.fs.protocol and executor != "serial":
        raise ExperimentError(
            f"'{out}' is this process's memory, which workers in other processes cannot reach; "
            "use --executor serial, or a local directory or a URL that every worker reaches"
        )


def _guided(total: int, workers: int) -> Callable[[int], int]:
    """Batch sizes that shrink as the sweep goes: each batch half a worker's share of the runs
    not yet handed out, so the last batches are small and the workers finish together; at most
    :data:`MAX_BATCH`, and not below a 64th of a worker's share of the whole (the store's file count).
    """
    floor = math.ceil(total / (64 * workers))
    return lambda remaining: max(1, min(MAX_BATCH, max(floor, math.ceil(remaining / (2 * workers)))))


def _batches(
    out: Path | UrlPath, experiment: Experiment, pending: list, size: int | Callable[[int], int]
) -> Iterator[Batch]:
    """The pending runs in plan order, ``size`` at a time (or ``size(runs left)``); each batch named by
    its first run and a token."""
    design = bool(experiment.sample)
    version = current_model_version()
    start = 0
    while start < len(pending):
        count = size(len(pending) - start) if callable(size) else size
        specs = tuple(pending[start : start + count])
        start += len(specs)
        batch_id = f"{specs[0].run_index:07d}-{uuid.uuid4().hex[:8]}"
        yield Batch(str(out), batch_id, specs, experiment.tables, experiment.swept_keys, design, version)


def _progress_bar(total: int, desc: str):
    """A tqdm bar over the pending runs (runs done, failures, runs/s and ETA)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="run")
