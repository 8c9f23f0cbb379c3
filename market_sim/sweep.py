"""Batch experiments (kept for its import path): the code lives in :mod:`market_sim.experiments`.

``from market_sim.sweep import Experiment, run_sweep`` keeps working. The experiment and its plan
are in ``experiments/spec.py``, SALib designs in ``sampling.py``, the worker and back ends in
``executors.py``, batches in ``batches.py``, the output directory in ``store.py``, the one reader
in ``read.py`` and :func:`run_sweep` in ``sweep.py``.
"""

from .experiments import (
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
    Sweep,
    SweepReport,
    design_points,
    failures,
    read_sweep,
    run_id,
    run_sweep,
    seed_list,
    simulate,
)

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
    "RunSpec",
    "Sweep",
    "SweepReport",
    "design_points",
    "failures",
    "read_sweep",
    "run_id",
    "run_sweep",
    "seed_list",
    "simulate",
]
