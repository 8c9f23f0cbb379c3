"""Running a sweep's runs: the worker (:func:`simulate`) and the three back ends that call it.

Every back end takes batches of runs (:class:`~.batches.Batch`) and yields one
:class:`~.batches.BatchStatus` per batch, as batches complete. Whoever runs a batch writes it to the
store (:func:`~.batches.run_batch`): a worker writes its own, and only its status travels back. A
run is determined by its scenario and seed alone, so results are identical on every back end.
"""

from __future__ import annotations

import itertools
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import workers
from .spec import RunSpec

if TYPE_CHECKING:
    from .batches import Batch, BatchStatus


@dataclass(frozen=True)
class FinishedRun:
    """A run that completed: the tables asked for, its resolved parameters and how long it took."""

    run_id: str
    tables: dict[str, pd.DataFrame]
    parameters: dict[str, Any]
    wall_seconds: float


@dataclass(frozen=True)
class FailedRun:
    """A run that raised (or whose worker died): the error in one line and its full traceback."""

    run_id: str
    error: str
    traceback: str
    wall_seconds: float = float("nan")


RunOutcome = FinishedRun | FailedRun


@dataclass(frozen=True)
class Backend:
    """How runs execute and what they send back.

    ``workers`` run in parallel (ignored serially); ``scheduler`` is a Dask address (None: a local
    cluster).
    """

    workers: int = 1
    scheduler: str | None = None


def simulate(spec: RunSpec, tables_wanted: tuple[str, ...]) -> RunOutcome:
    """Run one spec; never raises: an exception comes back as a :class:`FailedRun` with its traceback."""
    from market_sim.model import ChipMarketModel
    from market_sim.outputs import run_model, table

    started = time.perf_counter()
    try:
        model = run_model(ChipMarketModel(spec.resolve(), rng=spec.seed))
        frames = {name: table(model, name) for name in tables_wanted}  # only what the sweep keeps
        return FinishedRun(spec.run_id, frames, model.params.to_dict(), time.perf_counter() - started)
    except Exception as exc:  # recorded, and the sweep carries on
        return FailedRun(
            spec.run_id,
            f"{type(exc).__name__}: {exc}",
            traceback.format_exc(),
            time.perf_counter() - started,
        )


def run_serial(batches: Iterable[Batch], backend: Backend) -> Iterator[BatchStatus]:
    """One batch after another, in this process."""
    from .batches import run_batch

    for batch in batches:
        yield run_batch(batch)


def run_processes(batches: Iterable[Batch], backend: Backend) -> Iterator[BatchStatus]:
    """A pool of ``backend.workers`` local processes (started as :mod:`.workers` says).

    At most two batches per worker are in flight, so the plan is never all submitted at once.
    """
    from concurrent.futures import FIRST_COMPLETED, wait

    from .batches import run_batch

    todo = iter(batches)
    with process_pool(backend.workers) as pool:
        running = {}
        while True:
            while len(running) < 2 * backend.workers and (batch := next(todo, None)) is not None:
                running[pool.submit(run_batch, batch)] = batch
            if not running:
                return
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                yield _status_or_crash(future, running.pop(future))


def run_dask(batches: Iterable[Batch], backend: Backend) -> Iterator[BatchStatus]:
    """A Dask cluster: the scheduler at ``backend.scheduler``, or a local one of ``backend.workers``.

    Workers write their batches to the store themselves; only each batch's status comes back.
    """
    from distributed import as_completed

    from .batches import run_batch

    with dask_client(backend) as client:
        todo = iter(batches)
        in_flight = 2 * max(1, len(client.scheduler_info().get("workers", {})) or backend.workers)
        running = {}

        def submit(batch):
            future = client.submit(run_batch, batch, key=f"batch-{batch.batch_id}", pure=False)
            running[future] = batch
            return future

        queue = as_completed([submit(b) for b in itertools.islice(todo, in_flight)])
        for future in queue:
            yield _status_or_crash(future, running.pop(future))
            if (batch := next(todo, None)) is not None:
                queue.add(submit(batch))


def process_pool(n: int):
    """A pool of ``n`` local worker processes, started as :mod:`.workers` says (a context manager)."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(n, workers.context(), initializer=workers.worker_started)


@contextmanager
def dask_client(backend: Backend):
    """A Dask client of the scheduler at ``backend.scheduler``, or of a local cluster of
    ``backend.workers`` single-threaded processes started here; both closed on exit."""
    from distributed import Client, LocalCluster

    cluster = None
    if backend.scheduler is None:
        cluster = LocalCluster(
            n_workers=backend.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    client = Client(backend.scheduler or cluster)
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _status_or_crash(future, batch: Batch) -> BatchStatus:
    """A worker that died (not a run that raised: those come back in the status) fails its batch."""
    from .batches import failed_batch

    try:
        return future.result()
    except Exception as exc:
        return failed_batch(batch, f"worker failed: {type(exc).__name__}: {exc}", traceback.format_exc())


BACKENDS: dict[str, Callable[[Iterable[Batch], Backend], Iterator[BatchStatus]]] = {
    "serial": run_serial,
    "processes": run_processes,
    "dask": run_dask,
}
