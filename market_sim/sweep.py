"""Batch experiments: scenarios x parameter grid x seeds, run serially, in local processes or on Dask.

An :class:`Experiment` expands into a plan of runs. Each run is named by a content hash of its fully
resolved parameters and seed (``run_id``), so the plan is the same wherever and however often it is
built. :func:`run_sweep` writes into one output directory::

    OUT/experiment.json        the experiment, its plan size and package versions
    OUT/plan.parquet           one row per run: run_id, run_index, scenario, seed, swept keys
    OUT/runs/<run_id>/         one finished run: its tables as Parquet + run.json (appears atomically)
    OUT/failures/<run_id>.json a run that raised: its parameters, error and traceback
    OUT/status.parquet         one row per run: status (done / failed / pending), wall_seconds, error
    OUT/<table>.parquet        every finished run's rows of that table, in plan order, with the
                               columns run_id, scenario, seed and the swept keys in front

A run's directory is written under a temporary name and renamed into place only when complete, so
a sweep that is killed loses at most the runs in flight; started again on the same ``OUT`` it runs
only what has not finished (no run is lost or done twice). A run that raises is recorded with its
traceback and the others carry on; a resumed sweep retries it.

Results are identical whichever executor runs them: every run is determined by its scenario and
seed alone, workers return their tables, and only this process writes, in plan order.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import time
import tomllib
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .scenario import Scenario, ScenarioError, load_scenario

EXECUTORS = ("serial", "processes", "dask")
ALL_TABLES = ("model", "shares", "events", "projects", "edges", "vendors", "flows")
# edges and flows grow with buyers x suppliers x steps: opt in for sweeps
DEFAULT_TABLES = ("model", "shares", "events", "projects", "vendors")
RUN_COLUMNS = ("run_id", "scenario", "seed")
EXPERIMENT_KEYS = ("name", "description", "scenarios", "seeds", "set", "grid", "sample", "tables")
SAMPLE_METHODS = ("sobol", "morris", "latin")
SAMPLE_KEYS = ("method", "n", "bounds", "seed", "num_levels")


class ExperimentError(ScenarioError):
    """A bad experiment definition or output directory (a ScenarioError: the CLI prints one line)."""


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
        return load_scenario(self.scenario, dict(self.overrides))


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
        if not self.scenarios:
            raise ExperimentError(
                "experiment 'scenarios' is empty; allowed: a list of built-in names or .toml paths"
            )
        if not self.seeds:
            raise ExperimentError(
                "experiment 'seeds' is empty; allowed: a positive count or a list of non-negative integers"
            )
        for seed in self.seeds:
            if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
                raise ExperimentError(
                    f"experiment seed {seed!r} is not allowed; allowed: non-negative integers"
                )
        if len(set(self.seeds)) != len(self.seeds):
            raise ExperimentError(
                f"experiment 'seeds' repeats a seed: {list(self.seeds)}; each seed may appear once"
            )
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
        if self.sample:
            for key in design_points(self.sample)[0]:
                if key in self.fixed or key in self.grid:
                    raise ExperimentError(
                        f"experiment key '{key}' is both in [sample.bounds] and in [set] or [grid]; give it in one place"
                    )

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "experiment") -> Experiment:
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
        path = Path(path)
        if not path.is_file():
            raise ExperimentError(f"experiment file '{path}' does not exist")
        try:
            data = tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError as exc:
            raise ExperimentError(f"malformed TOML in {path}: {exc}") from None
        data.setdefault("name", path.stem)
        experiment = cls.from_dict(data, where=str(path))
        # scenario paths are relative to the experiment file
        scenarios = tuple(
            str((path.parent / s).resolve()) if s.endswith(".toml") else s for s in experiment.scenarios
        )
        return cls(**{**experiment.to_dict(), "scenarios": scenarios})

    def to_dict(self) -> dict[str, Any]:
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

    # -- the plan ------------------------------------------------------------------------
    def runs(self) -> list[RunSpec]:
        """Every run, validated (a bad key or value fails here, before anything runs)."""
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


def design_points(sample: dict[str, Any], rounded: bool = True) -> tuple[list[str], list[list]]:
    """The SALib design of ``sample``: parameter names, and one row of values per design point.

    Integer parameters are rounded when ``rounded`` (what the runs use); the analysis of a Morris
    design needs the unrounded trajectories.
    """
    unknown = [k for k in sample if k not in SAMPLE_KEYS]
    if unknown:
        raise ExperimentError(f"unknown key '{unknown[0]}' in [sample]; allowed: {', '.join(SAMPLE_KEYS)}")
    method, n, bounds = sample.get("method"), sample.get("n"), sample.get("bounds")
    if method not in SAMPLE_METHODS:
        raise ExperimentError(
            f"[sample] method = {method!r} is not allowed; allowed: {', '.join(SAMPLE_METHODS)}"
        )
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ExperimentError(f"[sample] n = {n!r} is not allowed; allowed: an integer >= 2")
    if method == "sobol" and n & (n - 1):
        raise ExperimentError(
            f"[sample] n = {n} is not allowed for sobol; allowed: a power of two (Sobol' sequences converge only then)"
        )
    if not isinstance(bounds, dict) or not bounds:
        raise ExperimentError("[sample.bounds] is missing or empty; allowed: parameter = [low, high] lines")
    specs = {row["key"]: row for row in Scenario.describe()}
    for key, pair in bounds.items():
        if key not in specs:
            raise ExperimentError(
                f"unknown scenario key '{key}' in [sample.bounds] (see `market-sim params` for all keys)"
            )
        spec = specs[key]
        if spec["lo"] is None or isinstance(spec["default"], bool | str | list):
            raise ExperimentError(
                f"[sample.bounds] '{key}' is not a number; allowed: numeric parameters only"
            )
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(v, int | float) for v in pair)
            or not spec["lo"] <= pair[0] < pair[1] <= spec["hi"]
        ):
            raise ExperimentError(
                f"[sample.bounds] {key} = {pair!r} is not allowed; allowed: [low, high] with "
                f"{spec['lo']} <= low < high <= {spec['hi']}"
            )
    from SALib.sample import latin, morris, sobol

    names = list(bounds)
    problem = {"num_vars": len(names), "names": names, "bounds": [list(map(float, bounds[k])) for k in names]}
    seed = int(sample.get("seed", 1))
    if method == "sobol":
        points = sobol.sample(problem, n, calc_second_order=False, seed=seed)
    elif method == "morris":
        points = morris.sample(problem, n, num_levels=int(sample.get("num_levels", 4)), seed=seed)
    else:
        points = latin.sample(problem, n, seed=seed)
    is_int = [isinstance(specs[k]["default"], int) for k in names]
    rows = [
        [int(round(v)) if (rounded and whole) else float(v) for v, whole in zip(row, is_int, strict=True)]
        for row in points
    ]
    return names, rows


def run_id(params: dict[str, Any], seed: int, design_point: int | None = None) -> str:
    """Content hash of the resolved parameters and the seed: the same run has the same id anywhere.

    A sampled design may hold the same point twice (Morris trajectories cross, integer parameters
    round together); its design-point index keeps those runs apart, as the analysis needs each.
    """
    key = {"params": params, "seed": seed} | ({} if design_point is None else {"design_point": design_point})
    blob = json.dumps(key, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:16]


# -- one run (executed in workers) ----------------------------------------------------------
def simulate(spec: RunSpec, tables_wanted: tuple[str, ...]) -> dict[str, Any]:
    """Run one spec; never raises: an exception comes back as its traceback."""
    from .model import ChipMarketModel
    from .outputs import run_model, tables

    started = time.perf_counter()
    try:
        model = run_model(ChipMarketModel(spec.resolve(), rng=spec.seed))
        frames = {name: df for name, df in tables(model).items() if name in tables_wanted}
        return {
            "run_id": spec.run_id,
            "tables": frames,
            "wall_seconds": time.perf_counter() - started,
            "parameters": model.params.to_dict(),
        }
    except Exception as exc:  # recorded, and the sweep carries on
        return {
            "run_id": spec.run_id,
            "error": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
            "wall_seconds": time.perf_counter() - started,
        }


# -- executors: each yields results as they complete ---------------------------------------
def _serial(specs, tables_wanted, workers, scheduler) -> Iterator[dict]:
    for spec in specs:
        yield simulate(spec, tables_wanted)


def _processes(specs, tables_wanted, workers, scheduler) -> Iterator[dict]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    # spawn: workers start clean (no inherited threads or state), as on Dask
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(simulate, spec, tables_wanted): spec for spec in specs}
        for future in as_completed(futures):
            yield _result_or_crash(future, futures[future])


def _dask(specs, tables_wanted, workers, scheduler) -> Iterator[dict]:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
    client = Client(scheduler or cluster)
    try:
        futures = {
            client.submit(simulate, spec, tables_wanted, key=f"run-{spec.run_id}", pure=False): spec
            for spec in specs
        }
        for future in as_completed(futures):
            yield _result_or_crash(future, futures[future])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _result_or_crash(future, spec: RunSpec) -> dict:
    """A worker that died (not a run that raised: those return their traceback) is a failure too."""
    try:
        return future.result()
    except Exception as exc:
        return {
            "run_id": spec.run_id,
            "error": f"worker failed: {type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(),
            "wall_seconds": float("nan"),
        }


_EXECUTE: dict[str, Callable[..., Iterator[dict]]] = {
    "serial": _serial,
    "processes": _processes,
    "dask": _dask,
}


# -- the sweep -------------------------------------------------------------------------------
@dataclass
class SweepReport:
    out: Path
    total: int
    done: int
    failed: int
    skipped: int  # finished in an earlier invocation
    wall_seconds: float

    def __str__(self) -> str:
        return (
            f"{self.done} of {self.total} runs done ({self.skipped} from before), {self.failed} failed, "
            f"{self.wall_seconds:.1f}s -> {self.out}/"
        )


def run_sweep(
    experiment: Experiment,
    out: str | Path,
    *,
    executor: str = "processes",
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    restart: bool = False,
) -> SweepReport:
    """Run every run of ``experiment`` not yet finished in ``out``; then consolidate the tables."""
    if executor not in EXECUTORS:
        raise ExperimentError(f"executor '{executor}' is not allowed; allowed: {', '.join(EXECUTORS)}")
    if workers is not None and workers < 1:
        raise ExperimentError(f"workers = {workers} is not allowed; allowed: an integer >= 1")
    started = time.perf_counter()
    out = Path(out)
    plan = experiment.runs()
    if restart and out.exists():
        shutil.rmtree(out)
    _prepare(out, experiment, plan)
    finished = {p.name for p in (out / "runs").iterdir() if p.is_dir() and not p.name.startswith(".")}
    pending = [spec for spec in plan if spec.run_id not in finished]
    done = failed = 0
    if pending:
        workers = workers or os.cpu_count() or 1
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(pending), desc=f"{experiment.name} ({executor})", unit="run")
        by_id = {spec.run_id: spec for spec in pending}
        for result in _EXECUTE[executor](pending, experiment.tables, workers, scheduler):
            if "error" in result:
                _record_failure(out, result, by_id[result["run_id"]])
                failed += 1
            else:
                _write_run(out, result)
                done += 1
            if bar is not None:
                bar.update()
                bar.set_postfix(failed=failed)
        if bar is not None:
            bar.close()
    consolidate(out)
    return SweepReport(
        out, len(plan), len(finished) + done, failed, len(finished), time.perf_counter() - started
    )


def _prepare(out: Path, experiment: Experiment, plan: list[RunSpec]) -> None:
    """Create ``out``, or check that it holds this same experiment (so a resume cannot mix two)."""
    (out / "runs").mkdir(parents=True, exist_ok=True)
    (out / "failures").mkdir(exist_ok=True)
    plan_frame = _plan_frame(plan)
    plan_path = out / "plan.parquet"
    if plan_path.exists():
        before = pd.read_parquet(plan_path)
        if sorted(before["run_id"]) != sorted(plan_frame["run_id"]):
            raise ExperimentError(
                f"'{out}' holds a different experiment ({len(before)} runs, not these {len(plan)}); "
                "use another --out, or --restart to discard it"
            )
    else:
        _atomic_parquet(plan_frame, plan_path)
    from .outputs import _versions

    meta = {"experiment": experiment.to_dict(), "runs": len(plan), "versions": _versions()}
    (out / "experiment.json").write_text(json.dumps(meta, indent=2, default=str))
    for stale in (out / "runs").glob(".*.partial"):  # runs in flight when a sweep was killed
        shutil.rmtree(stale)


def _plan_frame(plan: list[RunSpec]) -> pd.DataFrame:
    rows = []
    for s in plan:
        row = {
            "run_id": s.run_id,
            "run_index": s.run_index,
            "scenario": Path(s.scenario).stem if s.scenario.endswith(".toml") else s.scenario,
            "seed": s.seed,
        }
        if s.design_point is not None:  # only sampled experiments have design points
            row["design_point"] = s.design_point
        rows.append(row | dict(s.swept))
    return pd.DataFrame(rows)


def _write_run(out: Path, result: dict) -> None:
    final = out / "runs" / result["run_id"]
    partial = out / "runs" / f".{result['run_id']}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir()
    for name, df in result["tables"].items():
        df.to_parquet(partial / f"{name}.parquet", index=False)
    meta = {
        "run_id": result["run_id"],
        "wall_seconds": round(result["wall_seconds"], 3),
        "parameters": result["parameters"],
    }
    (partial / "run.json").write_text(json.dumps(meta, indent=2, default=str))
    os.replace(partial, final)  # atomic: a run is either wholly there or not at all
    (out / "failures" / f"{result['run_id']}.json").unlink(missing_ok=True)  # an earlier failure, now retried


def _record_failure(out: Path, result: dict, spec: RunSpec) -> None:
    record = {
        "run_id": spec.run_id,
        "run_index": spec.run_index,
        "scenario": spec.scenario,
        "seed": spec.seed,
        "overrides": dict(spec.overrides),
        "error": result["error"],
        "traceback": result["traceback"],
    }
    path = out / "failures" / f"{spec.run_id}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=2, default=str))
    os.replace(tmp, path)


def _atomic_parquet(df: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)


def consolidate(out: str | Path) -> dict[str, Path]:
    """(Re)write ``OUT/<table>.parquet`` and ``OUT/status.parquet`` from the finished runs, in plan order."""
    out = Path(out)
    plan = pd.read_parquet(out / "plan.parquet").sort_values("run_index")
    finished = {p.name for p in (out / "runs").iterdir() if p.is_dir() and not p.name.startswith(".")}
    failures = {p.stem: json.loads(p.read_text()) for p in (out / "failures").glob("*.json")}
    status = plan[["run_id", "run_index", "scenario", "seed"]].copy()
    status["status"] = [
        "done" if r in finished else "failed" if r in failures else "pending" for r in status["run_id"]
    ]
    status["error"] = [failures.get(r, {}).get("error") for r in status["run_id"]]
    status["wall_seconds"] = [_wall(out, r) if r in finished else float("nan") for r in status["run_id"]]
    _atomic_parquet(status, out / "status.parquet")

    keys = plan.set_index("run_id")
    names = sorted(
        {f.stem for r in finished for f in (out / "runs" / r).glob("*.parquet")}, key=ALL_TABLES.index
    )
    paths = {"status": out / "status.parquet"}
    for name in names:
        parts = []
        for run in plan["run_id"]:
            path = out / "runs" / run / f"{name}.parquet"
            if run in finished and path.exists():
                df = pd.read_parquet(path)
                front = keys.loc[run].drop("run_index")
                for i, (col, value) in enumerate([("run_id", run), *front.items()]):
                    df.insert(i, col if col not in df.columns else f"param_{col}", value)
                parts.append(df)
        frame = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
        _atomic_parquet(frame, out / f"{name}.parquet")
        paths[name] = out / f"{name}.parquet"
    return paths


def _wall(out: Path, run: str) -> float:
    return float(json.loads((out / "runs" / run / "run.json").read_text())["wall_seconds"])


def failures(out: str | Path) -> pd.DataFrame:
    """The recorded failures of a sweep (run_id, scenario, seed, error, traceback)."""
    rows = [json.loads(p.read_text()) for p in sorted(Path(out, "failures").glob("*.json"))]
    return pd.DataFrame(
        rows, columns=["run_id", "run_index", "scenario", "seed", "overrides", "error", "traceback"]
    )


def read_sweep(out: str | Path, names: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    """The consolidated tables ``names`` of a sweep, and its plan; a clear error for what is missing."""
    out = Path(out)
    if not (out / "plan.parquet").exists():
        raise ExperimentError(
            f"'{out}' is not a sweep directory (no plan.parquet); run `market-sim sweep ... --out {out}` first"
        )
    if not any(p.is_dir() and not p.name.startswith(".") for p in (out / "runs").iterdir()):
        raise ExperimentError(
            f"no run of the sweep in '{out}' has finished; see {out / 'status.parquet'} and {out / 'failures'}/"
        )
    tables = {}
    for name in names:
        path = out / f"{name}.parquet"
        if not path.exists():
            raise ExperimentError(
                f"the sweep in '{out}' did not keep the '{name}' table; run it with --tables including {name}"
            )
        tables[name] = pd.read_parquet(path)
    tables["plan"] = pd.read_parquet(out / "plan.parquet")
    return tables
