"""The one reader of a sweep: verdicts, sensitivity, calibration and the notebooks read a sweep through it.

:func:`read_sweep` returns a :class:`Sweep`: the experiment that made it, the model version, the
plan, the swept keys as the store recorded them, and the tables asked for (read from the batches
the manifest commits, in plan order), with a clear error for whatever is missing. A sweep in the old
layout (``runs/<id>/`` and one consolidated file per table) is read too. Nothing else opens a
sweep's files (``store`` and ``batches`` write them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import store
from .spec import Experiment, ExperimentError
from .urls import UrlPath, store_path


@dataclass(frozen=True)
class Sweep:
    """A sweep read back: ``tables`` holds the tables asked for, by name, in plan order.

    ``sweep["model"]`` is ``sweep.tables["model"]`` and ``sweep["plan"]`` the plan, as the reader's
    dictionary used to give them.
    """

    out: Path | UrlPath  # a local directory, or a store at an fsspec URL
    experiment: Experiment
    model_version: int | None  # None: made before the model version was recorded
    plan: pd.DataFrame
    swept_keys: tuple[str, ...]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.plan if name == "plan" else self.tables[name]

    @property
    def scenarios(self) -> list[str]:
        """The scenarios of the plan, sorted."""
        return sorted(self.plan["scenario"].unique())

    @property
    def design_keys(self) -> tuple[str, ...]:
        """``design_point`` if the sweep sampled a design, then the swept keys."""
        return (*(("design_point",) if "design_point" in self.plan.columns else ()), *self.swept_keys)

    @property
    def cell_keys(self) -> tuple[str, ...]:
        """Columns that name one parameter set: runs that share them differ only in their seed."""
        return ("scenario", *self.design_keys)

    @property
    def pair_keys(self) -> tuple[str, ...]:
        """Columns that pair runs across scenarios: the seed, and the design point and swept keys."""
        return ("seed", *self.design_keys)

    @property
    def run_keys(self) -> tuple[str, ...]:
        """The plan's columns that describe a run (all but the model version)."""
        return ("run_id", "run_index", "scenario", "seed", *self.design_keys)

    def require_scenario(self, scenario: str, role: str = "compare with") -> None:
        """Raise a clear error unless the sweep ran ``scenario``."""
        if scenario not in set(self.plan["scenario"]):
            raise ExperimentError(
                f"the sweep in '{self.out}' has no '{scenario}' runs to {role}; "
                f"its scenarios: {', '.join(self.scenarios)}"
            )


def read_sweep(out: str | Path | UrlPath, names: Iterable[str] = ()) -> Sweep:
    """The sweep in ``out`` with its tables ``names``; a clear error for what is missing.

    Refuses a directory that is not a sweep, a sweep none of whose runs has finished, and a table
    the sweep did not keep (naming the ``--tables`` to ask for). ``out`` may be an fsspec URL.
    """
    out = store_path(out)
    if not store.is_sweep(out):
        raise ExperimentError(
            f"'{out}' is not a sweep directory (no {store.PLAN_FILE}); "
            f"run `market-sim sweep ... --out {out}` first"
        )
    if not store.finished_runs(out):
        raise ExperimentError(
            f"no run of the sweep in '{out}' has finished; see `market-sim sweep --status {out}` "
            "and market_sim.experiments.failures()"
        )
    tables = {}
    for name in names:
        table = store.load_table(out, name)
        if table is None:
            raise ExperimentError(
                f"the sweep in '{out}' did not keep the '{name}' table; run it with --tables including {name}"
            )
        tables[name] = table
    record = store.load_record(out)
    return Sweep(
        out=out,
        experiment=record.experiment,
        model_version=record.model_version,
        plan=store.load_plan(out),
        swept_keys=record.swept_keys,
        tables=tables,
    )
