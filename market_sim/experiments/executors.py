"""Running a sweep's runs: the worker (:func:`simulate`) and the three back ends that call it.

Every back end yields one :class:`FinishedRun` or :class:`FailedRun` per spec, as runs complete.
A run is determined by its scenario and seed alone, so results are identical on every back end;
the workers only compute and return, and the caller alone writes.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .spec import RunSpec


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
    cluster); ``tables`` are the output tables each run returns.
    """

    workers: int = 1
    scheduler: str | None = None
    tables: tuple[str, ...] = ()


def simulate(spec: RunSpec, tables_wanted: tuple[str, ...]) -> RunOutcome:
    """Run one spec; never raises: an exception comes back as a :class:`FailedRun` with its traceback."""
    from market_sim.model import ChipMarketModel
    from market_sim.outputs import run_model, tables

    started = time.perf_counter()
    try:
        model = run_model(ChipMarketModel(spec.resolve(), rng=spec.seed))
        frames = {name: df for name, df in tables(model).items() if name in tables_wanted}
        return FinishedRun(spec.run_id, frames, model.params.to_dict(), time.perf_counter() - started)
    except Exception as exc:  # recorded, and the sweep carries on
        return FailedRun(
            spec.run_id,
            f"{type(exc).__name__}: {exc}",
            traceback.format_exc(),
            time.perf_counter() - started,
        )


def run_serial(specs: Iterable[RunSpec], backend: Backend) -> Iterator[RunOutcome]:
    """One run after another, in this process."""
    for spec in specs:
        yield simulate(spec, backend.tables)


def run_processes(specs: Iterable[RunSpec], backend: Backend) -> Iterator[RunOutcome]:
    """A pool of ``backend.workers`` local processes, started clean (spawn), as on Dask."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=backend.workers, mp_context=context) as pool:
        futures = {pool.submit(simulate, spec, backend.tables): spec for spec in specs}
        for future in as_completed(futures):
            yield _outcome_or_crash(future, futures[future])


def run_dask(specs: Iterable[RunSpec], backend: Backend) -> Iterator[RunOutcome]:
    """A Dask cluster: the scheduler at ``backend.scheduler``, or a local one of ``backend.workers``."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if backend.scheduler is None:
        cluster = LocalCluster(
            n_workers=backend.workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    client = Client(backend.scheduler or cluster)
    try:
        futures = {
            client.submit(simulate, spec, backend.tables, key=f"run-{spec.run_id}", pure=False): spec
            for spec in specs
        }
        for future in as_completed(futures):
            yield _outcome_or_crash(future, futures[future])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _outcome_or_crash(future, spec: RunSpec) -> RunOutcome:
    """A worker that died (not a run that raised: those return their traceback) is a failure too."""
    try:
        return future.result()
    except Exception as exc:
        return FailedRun(spec.run_id, f"worker failed: {type(exc).__name__}: {exc}", traceback.format_exc())


BACKENDS: dict[str, Callable[[Iterable[RunSpec], Backend], Iterator[RunOutcome]]] = {
    "serial": run_serial,
    "processes": run_processes,
    "dask": run_dask,
}
