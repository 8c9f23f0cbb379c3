"""Batch experiments: scenarios x grid x SALib design x seeds, run serially, in processes or on Dask.

- :mod:`.spec`: the :class:`Experiment`, its plan of :class:`RunSpec` and each run's :func:`run_id`;
- :mod:`.sampling`: SALib designs (:func:`design_points`);
- :mod:`.executors`: the worker (:func:`simulate`) and the serial, processes and Dask back ends;
- :mod:`.batches`: a batch of runs, run and written to the store by whoever runs it;
- :mod:`.store`: the output directory (plan, Parquet datasets per table, runs, manifest);
- :mod:`.read`: :func:`read_sweep`, the one reader of a sweep;
- :mod:`.sweep`: :func:`run_sweep`.
"""

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
