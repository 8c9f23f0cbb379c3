"""What a sweep runs: an :class:`Experiment` (scenarios x grid x design x seeds), its :class:`RunSpec` plan.

Each run is named by :func:`run_id`, a content hash of its fully resolved parameters, its seed, its
design point (if any) and the model version, so the plan is the same wherever and however often it
is built, and runs of two model versions never share a name.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import version
from ..scenario import Scenario, ScenarioError, load_scenario

EXECUTORS = ("serial", "processes", "dask")
ALL_TABLES = ("model", "shares", "events", "projects", "edges", "vendors", "flows", "ledger", "products")
# edges and flows grow with buyers x suppliers x steps: opt in for sweeps
DEFAULT_TABLES = ("model", "shares", "events", "projects", "vendors")
RUN_COLUMNS = ("run_id", "scenario", "seed")
EXPERIMENT_KEYS = ("name", "description", "scenarios", "seeds", "set", "grid", "sample", "tables")
SAMPLE_METHODS = ("sobol", "morris", "latin")
SAMPLE_KEYS = ("method", "n", "bounds", "seed", "num_levels")


class ExperimentError(ScenarioError):
    """A bad experiment definition or output directory (a ScenarioError: the CLI prints one line)."""


def current_model_version() -> int:
    """The model version runs are made by now (``market_sim.version.MODEL_VERSION``), read when called."""
    return version.MODEL_VERSION


@dataclass(frozen=True)
class RunSpec:
    """One run of a sweep: a scenario (name or path), parameter overrides and a seed."""

    run_id: str
    run_index: int
    scenario: str
    seed: int
    overrides: tuple[tuple[str, Any], ...]
    swept: tuple[tuple[str, Any], ...]  # the grid and sampled values of this run (a subset of overrides)
    design_point: int | None = None  # row of the SALib design, when the experiment samples one

    def resolve(self) -> Scenario:
        """The run's validated scenario: its scenario file or name with the overrides applied."""
        return load_scenario(self.scenario, dict(self.overrides))

    @property
    def scenario_name(self) -> str:
        """The scenario as the plan names it: a file's stem, or the built-in name."""
        return Path(self.scenario).stem if self.scenario.endswith(".toml") else self.scenario


@dataclass(frozen=True)
class Experiment:
    """Scenarios x full-factorial grid x sampled design points x seeds.

    ``fixed`` overrides apply to every run; ``sample`` is a SALib design over parameter bounds
    (``{"method": "sobol" | "morris" | "latin", "n": 64, "bounds": {key: [lo, hi]}, "seed": 1}``).
    """

    name: str = "experiment"
    description: str = ""
    scenarios: tuple[str, ...] = ("baseline",)
    seeds: tuple[int, ...] = tuple(range(1, 11))
    fixed: dict[str, Any] = field(default_factory=dict)
    grid: dict[str, list] = field(default_factory=dict)
    sample: dict[str, Any] = field(default_factory=dict)
    tables: tuple[str, ...] = DEFAULT_TABLES

    def __post_init__(self):
        _check_scenarios_and_seeds(self)
        for name in self.tables:
            if name not in ALL_TABLES:
                raise ExperimentError(
                    f"experiment table '{name}' is not allowed; allowed: {', '.join(ALL_TABLES)}"
                )
        for key, values in self.grid.items():
            if not isinstance(values, list) or not values:
                raise ExperimentError(
                    f"experiment grid key '{key}' = {values!r} must be a non-empty list of values"
                )
            if key in self.fixed:
                raise ExperimentError(
                    f"experiment key '{key}' is both in [set] and in [grid]; give it in one place"
                )
        for key in self.sampled_keys:
            if key in self.fixed or key in self.grid:
                raise ExperimentError(
                    f"experiment key '{key}' is both in [sample.bounds] and in [set] or [grid]; "
                    "give it in one place"
                )

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "experiment") -> Experiment:
        """An experiment from its TOML form (``set`` for the fixed overrides; ``seeds`` a count or list)."""
        unknown = [k for k in data if k not in EXPERIMENT_KEYS]
        if unknown:
            raise ExperimentError(
                f"unknown key '{unknown[0]}' in {where}; allowed: {', '.join(EXPERIMENT_KEYS)}"
            )
        values = dict(data)
        if "scenarios" in values:
            scenarios = values["scenarios"]
            values["scenarios"] = tuple([scenarios] if isinstance(scenarios, str) else scenarios)
        if "seeds" in values:
            values["seeds"] = seed_list(values["seeds"])
        if "tables" in values:
            values["tables"] = tuple(values["tables"])
        values["fixed"] = dict(values.pop("set", {}))
        values["grid"] = dict(values.get("grid", {}))
        values["sample"] = dict(values.get("sample", {}))
        return cls(**values)

    @classmethod
    def from_toml(cls, path: str | Path) -> Experiment:
        """An experiment file; its scenario paths are relative to the file."""
        path = Path(path)
        if not path.is_file():
            raise ExperimentError(f"experiment file '{path}' does not exist")
        try:
            data = tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError as exc:
            raise ExperimentError(f"malformed TOML in {path}: {exc}") from None
        data.setdefault("name", path.stem)
        experiment = cls.from_dict(data, where=str(path))
        scenarios = tuple(
            str((path.parent / s).resolve()) if s.endswith(".toml") else s for s in experiment.scenarios
        )
        return cls(**{**experiment.to_dict(), "scenarios": scenarios})

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Experiment:
        """The experiment as :meth:`to_dict` wrote it into experiment.json (lists back to tuples)."""
        values = dict(record)
        for key in ("scenarios", "seeds", "tables"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        """The experiment's fields by name (what experiment.json records)."""
        return {
            "name": self.name,
            "description": self.description,
            "scenarios": self.scenarios,
            "seeds": self.seeds,
            "fixed": self.fixed,
            "grid": self.grid,
            "sample": self.sample,
            "tables": self.tables,
        }

    # -- what varies -----------------------------------------------------------------------
    @property
    def sampled_keys(self) -> tuple[str, ...]:
        """The parameters of the SALib design, in the design's column order (validated)."""
        if not self.sample:
            return ()
        from .sampling import check_sample

        return check_sample(self.sample)

    @property
    def swept_keys(self) -> tuple[str, ...]:
        """Every parameter that varies between runs of one scenario and seed: grid keys, then sampled keys."""
        return (*self.grid, *self.sampled_keys)

    # -- the plan ------------------------------------------------------------------------
    def runs(self) -> list[RunSpec]:
        """Every run, validated (a bad key or value fails here, before anything runs)."""
        from .sampling import design_points

        keys = list(self.grid)
        if self.sample:
            names, points = design_points(self.sample, rounded=True)
            design = [(i, tuple(zip(names, row, strict=True))) for i, row in enumerate(points)]
        else:
            design = [(None, ())]
        plan = []
        for scenario in self.scenarios:
            for combo in itertools.product(*(self.grid[k] for k in keys)):
                for point, sampled in design:
                    swept = tuple(zip(keys, combo, strict=True)) + sampled
                    overrides = tuple(sorted({**self.fixed, **dict(swept)}.items()))
                    params = load_scenario(scenario, dict(overrides)).to_dict()
                    for seed in self.seeds:
                        plan.append(
                            RunSpec(
                                run_id(params, seed, point),
                                len(plan),
                                scenario,
                                seed,
                                overrides,
                                swept,
                                point,
                            )
                        )
        ids = [r.run_id for r in plan]
        if len(set(ids)) != len(ids):
            raise ExperimentError(
                "the experiment names the same run twice (identical scenario, parameters and seed)"
            )
        return plan


def _check_scenarios_and_seeds(experiment: Experiment) -> None:
    """Scenarios non-empty; seeds non-empty, non-negative integers, none twice."""
    if not experiment.scenarios:
        raise ExperimentError(
            "experiment 'scenarios' is empty; allowed: a list of built-in names or .toml paths"
        )
    if not experiment.seeds:
        raise ExperimentError(
            "experiment 'seeds' is empty; allowed: a positive count or a list of non-negative integers"
        )
    for seed in experiment.seeds:
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ExperimentError(f"experiment seed {seed!r} is not allowed; allowed: non-negative integers")
    if len(set(experiment.seeds)) != len(experiment.seeds):
        raise ExperimentError(
            f"experiment 'seeds' repeats a seed: {list(experiment.seeds)}; each seed may appear once"
        )


def seed_list(value) -> tuple[int, ...]:
    """``seeds = 10`` means seeds 1..10; a list is taken as it is."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 1:
            raise ExperimentError(
                f"experiment 'seeds' = {value} is not allowed; allowed: a count >= 1 or a list of seeds"
            )
        return tuple(range(1, value + 1))
    if isinstance(value, list | tuple):
        return tuple(value)
    raise ExperimentError(
        f"experiment 'seeds' = {value!r} has the wrong type; allowed: a count or a list of integers"
    )


def run_id(
    params: dict[str, Any], seed: int, design_point: int | None = None, *, model_version: int | None = None
) -> str:
    """Hash of the resolved parameters, seed and model version: the same run has the same id anywhere.

    ``model_version`` defaults to the current one (:func:`current_model_version`), so a run of
    another model version is another run. A sampled design may hold the same point twice (Morris
    trajectories cross, integer parameters round together); its design-point index keeps those
    runs apart, as the analysis needs each.
    """
    key = {
        "params": params,
        "seed": seed,
        "model_version": current_model_version() if model_version is None else model_version,
    }
    if design_point is not None:
        key["design_point"] = design_point
    blob = json.dumps(key, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]
