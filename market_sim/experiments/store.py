"""A sweep's output directory: the one module that knows its files.

::

    OUT/experiment.json        the experiment, its number of runs, swept keys, model version, package versions
    OUT/plan.parquet           one row per run: run_id, run_index, scenario, seed, [design_point], swept keys,
                               model_version
    OUT/runs/<run_id>/         one finished run: its tables as Parquet + run.json (appears atomically)
    OUT/failures/<run_id>.json a run that raised: its parameters, error and traceback
    OUT/status.parquet         one row per run: status (done / failed / pending), error, wall_seconds
    OUT/<table>.parquet        every finished run's rows of that table, in plan order, with the
                               columns run_id, scenario, seed, [design_point] and the swept keys in front

A run's directory is written under a hidden name and renamed into place only when complete, so a
sweep that is killed loses at most the runs in flight. A directory holding another experiment, or
runs of another model version, is refused: resuming it would mix two.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .executors import FailedRun, FinishedRun
from .spec import ALL_TABLES, Experiment, ExperimentError, RunSpec, current_model_version

EXPERIMENT_FILE = "experiment.json"
PLAN_FILE = "plan.parquet"
STATUS_FILE = "status.parquet"


@dataclass(frozen=True)
class SweepRecord:
    """What experiment.json says of a sweep (``model_version`` None: made before it was recorded)."""

    experiment: Experiment
    runs: int
    swept_keys: tuple[str, ...]
    model_version: int | None


# -- reading ---------------------------------------------------------------------------------
def is_sweep(out: Path) -> bool:
    """Whether ``out`` holds a sweep's plan."""
    return (out / PLAN_FILE).exists()


def finished_runs(out: Path) -> set[str]:
    """The ids of the runs whose directory is complete (in-flight ``.partial`` ones are not)."""
    runs = out / "runs"
    if not runs.is_dir():
        return set()
    return {p.name for p in runs.iterdir() if p.is_dir() and not p.name.startswith(".")}


def load_plan(out: Path) -> pd.DataFrame:
    """The plan, one row per run."""
    return pd.read_parquet(out / PLAN_FILE)


def load_record(out: Path) -> SweepRecord:
    """The sweep's experiment.json (older sweeps' swept keys come from their experiment's grid and sample)."""
    path = out / EXPERIMENT_FILE
    if not path.exists():
        raise ExperimentError(f"'{out}' is not a sweep directory (no {EXPERIMENT_FILE})")
    meta = json.loads(path.read_text())
    experiment = Experiment.from_record(meta["experiment"])
    return SweepRecord(
        experiment=experiment,
        runs=int(meta["runs"]),
        swept_keys=tuple(meta.get("swept_keys", experiment.swept_keys)),
        model_version=meta.get("model_version"),
    )


def load_table(out: Path, name: str) -> pd.DataFrame | None:
    """The consolidated table ``name``, or None if the sweep did not keep it."""
    path = out / f"{name}.parquet"
    return pd.read_parquet(path) if path.exists() else None


def failures(out: str | Path) -> pd.DataFrame:
    """The recorded failures of a sweep (run_id, scenario, seed, error, traceback)."""
    rows = [json.loads(p.read_text()) for p in sorted(Path(out, "failures").glob("*.json"))]
    return pd.DataFrame(
        rows, columns=["run_id", "run_index", "scenario", "seed", "overrides", "error", "traceback"]
    )


# -- starting or resuming ------------------------------------------------------------------------
def prepare(out: Path, experiment: Experiment, plan: list[RunSpec]) -> None:
    """Create ``out``, or check it holds this experiment by this model version (a resume cannot mix two)."""
    (out / "runs").mkdir(parents=True, exist_ok=True)
    (out / "failures").mkdir(exist_ok=True)
    version = current_model_version()
    plan_frame = plan_frame_of(plan, experiment.swept_keys, version)
    if is_sweep(out):
        before = load_plan(out)
        _check_model_version(out, before, version)
        if sorted(before["run_id"]) != sorted(plan_frame["run_id"]):
            raise ExperimentError(
                f"'{out}' holds a different experiment ({len(before)} runs, not these {len(plan)}); "
                "use another --out, or --restart to discard it"
            )
    else:
        _atomic_parquet(plan_frame, out / PLAN_FILE)
    from market_sim.outputs import _versions

    meta = {
        "experiment": experiment.to_dict(),
        "runs": len(plan),
        "swept_keys": list(experiment.swept_keys),
        "model_version": version,
        "versions": _versions(),
    }
    (out / EXPERIMENT_FILE).write_text(json.dumps(meta, indent=2, default=str))
    for stale in (out / "runs").glob(".*.partial"):  # runs in flight when a sweep was killed
        shutil.rmtree(stale)


def _check_model_version(out: Path, plan: pd.DataFrame, version: int) -> None:
    """Refuse a directory whose runs another model version made (or one from before versions were kept)."""
    recorded = int(plan["model_version"].iloc[0]) if "model_version" in plan.columns and len(plan) else None
    if recorded == version:
        return
    made_by = (
        f"model version {recorded}"
        if recorded is not None
        else "a model from before versions were recorded (no model_version in its plan)"
    )
    raise ExperimentError(
        f"'{out}' holds a sweep made by {made_by}, not by this model (version {version}); "
        "its runs cannot be mixed with new ones: use another --out, or --restart to discard it"
    )


def plan_frame_of(plan: list[RunSpec], swept_keys: tuple[str, ...], version: int) -> pd.DataFrame:
    """One row per run: run_id, run_index, scenario, seed, [design_point], the swept keys, model_version."""
    rows = []
    for s in plan:
        row = {"run_id": s.run_id, "run_index": s.run_index, "scenario": s.scenario_name, "seed": s.seed}
        if s.design_point is not None:  # only sampled experiments have design points
            row["design_point"] = s.design_point
        swept = dict(s.swept)
        rows.append(row | {key: swept[key] for key in swept_keys} | {"model_version": version})
    return pd.DataFrame(rows)


# -- writing runs --------------------------------------------------------------------------------
def write_run(out: Path, run: FinishedRun) -> None:
    """Write a finished run under a hidden name, then rename it into place (wholly there or not at all)."""
    final = out / "runs" / run.run_id
    partial = out / "runs" / f".{run.run_id}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    partial.mkdir()
    for name, df in run.tables.items():
        df.to_parquet(partial / f"{name}.parquet", index=False)
    meta = {
        "run_id": run.run_id,
        "wall_seconds": round(run.wall_seconds, 3),
        "parameters": run.parameters,
        "model_version": current_model_version(),
    }
    (partial / "run.json").write_text(json.dumps(meta, indent=2, default=str))
    os.replace(partial, final)
    (out / "failures" / f"{run.run_id}.json").unlink(missing_ok=True)  # an earlier failure, now retried


def record_failure(out: Path, run: FailedRun, spec: RunSpec) -> None:
    """Write ``failures/<run_id>.json``: the run's parameters, its error and its traceback."""
    record = {
        "run_id": spec.run_id,
        "run_index": spec.run_index,
        "scenario": spec.scenario,
        "seed": spec.seed,
        "overrides": dict(spec.overrides),
        "error": run.error,
        "traceback": run.traceback,
    }
    path = out / "failures" / f"{spec.run_id}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=2, default=str))
    os.replace(tmp, path)


def _atomic_parquet(df: pd.DataFrame, path: Path) -> None:
    """Write under a hidden name, then rename into place."""
    tmp = path.with_name(f".{path.name}.tmp")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)


# -- consolidating -------------------------------------------------------------------------------
def consolidate(out: str | Path) -> dict[str, Path]:
    """(Re)write ``OUT/<table>.parquet`` and ``OUT/status.parquet`` from the finished runs, in plan order."""
    out = Path(out)
    plan = load_plan(out).sort_values("run_index")
    finished = finished_runs(out)
    paths = {"status": write_status(out, plan, finished)}
    front = ["scenario", "seed", *(["design_point"] if "design_point" in plan.columns else [])]
    front += list(load_record(out).swept_keys)
    names = sorted(
        {f.stem for r in finished for f in (out / "runs" / r).glob("*.parquet")}, key=ALL_TABLES.index
    )
    for name in names:
        paths[name] = _consolidate_table(out, name, plan.set_index("run_id")[front], finished)
    return paths


def write_status(out: Path, plan: pd.DataFrame, finished: set[str]) -> Path:
    """``status.parquet``: each run of the plan done, failed or pending, with its error and wall time."""
    failed = {p.stem: json.loads(p.read_text()) for p in (out / "failures").glob("*.json")}
    status = plan[["run_id", "run_index", "scenario", "seed"]].copy()
    status["status"] = [
        "done" if r in finished else "failed" if r in failed else "pending" for r in status["run_id"]
    ]
    status["error"] = [failed.get(r, {}).get("error") for r in status["run_id"]]
    status["wall_seconds"] = [_wall(out, r) if r in finished else float("nan") for r in status["run_id"]]
    _atomic_parquet(status, out / STATUS_FILE)
    return out / STATUS_FILE


def _consolidate_table(out: Path, name: str, keys: pd.DataFrame, finished: set[str]) -> Path:
    """Every finished run's rows of one table, in plan order, with run_id and ``keys`` in front."""
    parts = []
    for run in keys.index:
        path = out / "runs" / run / f"{name}.parquet"
        if run in finished and path.exists():
            df = pd.read_parquet(path)
            for i, (col, value) in enumerate([("run_id", run), *keys.loc[run].items()]):
                df.insert(i, col if col not in df.columns else f"param_{col}", value)
            parts.append(df)
    frame = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
    _atomic_parquet(frame, out / f"{name}.parquet")
    return out / f"{name}.parquet"


def _wall(out: Path, run: str) -> float:
    """A finished run's wall time, from its run.json."""
    return float(json.loads((out / "runs" / run / "run.json").read_text())["wall_seconds"])
