"""Batch experiments: scenarios x grid x SALib design x seeds, run serially, in processes or on Dask.

- :mod:`.spec`: the :class:`Experiment`, its plan of :class:`RunSpec` and each run's :func:`run_id`;
- :mod:`.sampling`: SALib designs (:func:`design_points`);
- :mod:`.executors`: the worker (:func:`simulate`) and the serial, processes and Dask back ends;
- :mod:`.workers`: how local worker processes start (once, from a forkserver) and stay small;
- :mod:`.batches`: a batch of runs, run and written to the store by whoever runs it;
- :mod:`.store`: the output directory (plan, Parquet datasets per table, runs, manifest);
- :mod:`.read`: :func:`read_sweep`, the one reader of a sweep;
- :mod:`.sweep`: :func:`run_sweep`.

The names are imported on first use (:mod:`market_sim.lazy`), so a worker that imports
:mod:`.batches` does not import the coordinator's and the readers' modules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_exports

if TYPE_CHECKING:
    from .executors import FailedRun, FinishedRun, simulate
    from .read import Sweep, read_sweep
    from .sampling import design_points
    from .spec import (
        ALL_TABLES,
        DEFAULT_TABLES,
        EXECUTORS,
        EXPERIMENT_KEYS,
        RUN_COLUMNS,
        SAMPLE_KEYS,
        SAMPLE_METHODS,
        Experiment,
        ExperimentError,
        RunSpec,
        current_model_version,
        run_id,
        seed_list,
    )
    from .store import failures, progress, status
    from .sweep import SweepReport, run_sweep

_HOMES = {
    ".executors": ("FailedRun", "FinishedRun", "simulate"),
    ".read": ("Sweep", "read_sweep"),
    ".sampling": ("design_points",),
    ".spec": (
        "ALL_TABLES",
        "DEFAULT_TABLES",
        "EXECUTORS",
        "EXPERIMENT_KEYS",
        "RUN_COLUMNS",
        "SAMPLE_KEYS",
        "SAMPLE_METHODS",
        "Experiment",
        "ExperimentError",
        "RunSpec",
        "current_model_version",
        "run_id",
        "seed_list",
    ),
    ".store": ("failures", "progress", "status"),
    ".sweep": ("SweepReport", "run_sweep"),
}
__getattr__, __dir__ = lazy_exports(__name__, {n: home for home, names in _HOMES.items() for n in names})
__all__ = [
    "ALL_TABLES",
    "DEFAULT_TABLES",
    "EXECUTORS",
    "EXPERIMENT_KEYS",
    "RUN_COLUMNS",
    "SAMPLE_KEYS",
    "SAMPLE_METHODS",
    "Experiment",
    "ExperimentError",
    "FailedRun",
    "FinishedRun",
    "RunSpec",
    "Sweep",
    "SweepReport",
    "current_model_version",
    "design_points",
    "failures",
    "progress",
    "read_sweep",
    "run_id",
    "run_sweep",
    "seed_list",
    "simulate",
    "status",
]
