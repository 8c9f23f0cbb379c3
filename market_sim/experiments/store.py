"""A sweep's output directory: the one module (with :mod:`.batches`, which writes) that knows its files.

::

    OUT/experiment.json        the experiment, its number of runs, swept keys, model version, package versions
    OUT/plan.parquet           one row per run: run_id, run_index, scenario, seed, [design_point], swept keys,
                               model_version
    OUT/<table>.parquet/       a Parquet dataset: one part-<batch>.parquet per batch of runs, with the
                               columns run_id, scenario, seed, [design_point] and the swept keys in front
    OUT/runs.parquet/          a dataset of one row per run attempted: status (done / failed), error,
                               traceback, wall_seconds, parameters (JSON), overrides (JSON), batch
    OUT/manifest/<batch>.json  a committed batch: its runs done and failed, and the files it wrote

A batch counts (for readers and for resuming) only once its manifest entry exists, and that entry is
written after its files are complete: a sweep that is killed loses at most the batches in flight,
never leaves half of one visible, and never runs a committed run again. A directory holding another
experiment, runs of another model version, or a sweep in the old layout (``runs/<id>/``) is refused
for resuming: it would mix two.

``OUT`` is a local directory or any fsspec URL (``s3://bucket/prefix``, ``memory://...``; see
:mod:`.urls`): every function here takes either, and reads and writes through the same few pathlib
operations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..version import package_versions
from .batches import MANIFEST_DIR, RUNS_TABLE, write_bytes
from .spec import Experiment, ExperimentError, RunSpec, current_model_version
from .urls import UrlPath, store_path

EXPERIMENT_FILE = "experiment.json"
PLAN_FILE = "plan.parquet"
OLD_RUNS_DIR = "runs"  # the old layout: one directory per run, and consolidated tables as single files


@dataclass(frozen=True)
class SweepRecord:
    """What experiment.json says of a sweep (``model_version`` None: made before it was recorded)."""

    experiment: Experiment
    runs: int
    swept_keys: tuple[str, ...]
    model_version: int | None


Where = Path | UrlPath  # a sweep's directory: local, or at an fsspec URL


def read_parquet(path: Where) -> pd.DataFrame:
    """One Parquet file (or a local dataset directory), wherever it is."""
    if isinstance(path, UrlPath):
        with path.open("rb") as file:
            return pd.read_parquet(file)
    return pd.read_parquet(path)


# -- reading ---------------------------------------------------------------------------------
def is_sweep(out: Where) -> bool:
    """Whether ``out`` holds a sweep's plan."""
    return (out / PLAN_FILE).exists()


def is_old_layout(out: Where) -> bool:
    """Whether ``out`` is a sweep written before the streaming store (``runs/<id>/``, no manifest)."""
    return (out / OLD_RUNS_DIR).is_dir() and not (out / MANIFEST_DIR).is_dir()


def manifest(out: Where) -> list[dict]:
    """The committed batches, oldest first (an entry cut short by a kill is not committed)."""
    entries = []
    for path in sorted((out / MANIFEST_DIR).glob("*.json")) if (out / MANIFEST_DIR).is_dir() else []:
        try:
            entries.append(json.loads(path.read_text()))
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
    return sorted(entries, key=lambda e: (e["committed_at"], e["batch"]))


def finished_runs(out: Where) -> set[str]:
    """The ids of the runs that finished, in committed batches (or, in the old layout, run directories)."""
    if is_old_layout(out):
        return {p.name for p in (out / OLD_RUNS_DIR).iterdir() if p.is_dir() and not p.name.startswith(".")}
    return {run for entry in manifest(out) for run in entry["done"]}


def load_plan(out: Where) -> pd.DataFrame:
    """The plan, one row per run."""
    return read_parquet(out / PLAN_FILE)


def load_record(out: Where) -> SweepRecord:
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


def load_table(out: Where, name: str) -> pd.DataFrame | None:
    """Every committed run's rows of table ``name``, in plan order; None if the sweep did not keep it.

    Reads only the files that committed batches name, each run from the first batch that committed
    it; an old-layout sweep's consolidated file is read as it is.
    """
    path = out / f"{name}.parquet"
    if path.is_file():  # the old layout
        return read_parquet(path)
    if name != RUNS_TABLE and name not in load_record(out).experiment.tables:
        return None
    entries = manifest(out)
    owner = {}  # each run from the first batch that committed it (a retried task writes the same batch)
    for entry in entries:
        for run in entry["done"]:
            owner.setdefault(run, entry["batch"])
    frames = []
    for entry in entries:
        if name in entry["files"]:
            frame = read_parquet(out / entry["files"][name])
            if name != RUNS_TABLE:
                mine = frame["run_id"].map(owner).eq(entry["batch"])
                frame = frame if mine.all() else frame[mine]
            frames.append(frame)
    if not frames:
        return _empty_table(out)
    frame = pd.concat(frames, ignore_index=True)
    order = load_plan(out).set_index("run_id")["run_index"]
    position = frame["run_id"].map(order).to_numpy()
    return frame.iloc[position.argsort(kind="stable")].reset_index(drop=True)


def _empty_table(out: Where) -> pd.DataFrame:
    """A kept table none of whose runs has a row: just the columns in front."""
    plan = load_plan(out)
    front = ["run_id", "scenario", "seed", *(["design_point"] if "design_point" in plan.columns else [])]
    return plan[front + list(load_record(out).swept_keys)].iloc[:0].reset_index(drop=True)


def runs(out: str | Where) -> pd.DataFrame:
    """``runs.parquet``: every committed attempt of a run, done or failed, in plan order."""
    table = load_table(store_path(out), RUNS_TABLE)
    return table if table is not None else pd.DataFrame()


def failures(out: str | Where) -> pd.DataFrame:
    """Runs that failed and have not finished since: run_id, scenario, seed, overrides, error, traceback."""
    out = store_path(out)
    columns = ["run_id", "run_index", "scenario", "seed", "overrides", "error", "traceback"]
    done = finished_runs(out)
    failed = [entry for entry in manifest(out) if set(entry["failed"]) - done]
    if not failed:
        return pd.DataFrame(columns=columns)
    rows = pd.concat([read_parquet(out / e["files"][RUNS_TABLE]) for e in failed], ignore_index=True)
    rows = rows[rows["status"].eq("failed") & ~rows["run_id"].isin(done)]
    rows = rows.drop_duplicates("run_id", keep="last").sort_values("run_index")
    return rows[columns].reset_index(drop=True)


def status(out: str | Where) -> pd.DataFrame:
    """One row per run of the plan: status (done, failed or pending), error and wall_seconds."""
    out = store_path(out)
    table = load_plan(out).sort_values("run_index")[["run_id", "run_index", "scenario", "seed"]]
    table = table.reset_index(drop=True)
    attempts = runs(out)
    done = attempts[attempts["status"].eq("done")] if len(attempts) else attempts
    wall = dict(zip(done.get("run_id", []), done.get("wall_seconds", []), strict=True))
    failed = failures(out).set_index("run_id")["error"].to_dict()
    table["status"] = [
        "done" if r in wall else "failed" if r in failed else "pending" for r in table["run_id"]
    ]
    table["error"] = [failed.get(r) for r in table["run_id"]]
    table["wall_seconds"] = [float(wall.get(r, float("nan"))) for r in table["run_id"]]
    return table


def progress(out: str | Where) -> dict[str, int]:
    """How far a sweep (running, killed or finished) has got: runs in the plan, done, failed, pending."""
    out = store_path(out)
    total = int(load_record(out).runs)
    done = finished_runs(out)
    failed = {r for entry in manifest(out) for r in entry["failed"]} - done
    batches = len(manifest(out))
    return {
        "runs": total,
        "done": len(done),
        "failed": len(failed),
        "pending": total - len(done) - len(failed),
        "batches": batches,
    }


# -- starting or resuming ------------------------------------------------------------------------
def prepare(out: Where, experiment: Experiment, plan: list[RunSpec]) -> None:
    """Create ``out``, or check it holds this experiment by this model version (a resume cannot mix two).

    On a resume, the files of batches that never committed (the sweep was killed) are removed.
    """
    if is_old_layout(out):
        raise ExperimentError(
            f"'{out}' holds a sweep in the old layout (runs/<id>/ directories); it can still be read, "
            "but not resumed: use another --out, or --restart to discard it and run it again"
        )
    out.mkdir(parents=True, exist_ok=True)
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
        _write_parquet(plan_frame, out / PLAN_FILE)
    meta = {
        "experiment": experiment.to_dict(),
        "runs": len(plan),
        "swept_keys": list(experiment.swept_keys),
        "model_version": version,
        "versions": package_versions(),
    }
    (out / EXPERIMENT_FILE).write_text(json.dumps(meta, indent=2, default=str))
    (out / MANIFEST_DIR).mkdir(exist_ok=True)
    remove_uncommitted(out)


def remove_uncommitted(out: Where) -> list[Where]:
    """Delete part files no committed batch names, and hidden temporaries (a killed sweep's leftovers)."""
    committed = {out / f for entry in manifest(out) for f in entry["files"].values()}
    removed = []
    for directory in [out / MANIFEST_DIR, *out.glob("*.parquet")]:
        if not directory.is_dir():
            continue
        for path in directory.iterdir():
            leftover = path.name.startswith(".") or (path.suffix == ".parquet" and path not in committed)
            if directory.name == MANIFEST_DIR:
                leftover = path.name.startswith(".") or _unreadable(path)
            if leftover:
                path.unlink()
                removed.append(path)
    return removed


def _unreadable(path: Where) -> bool:
    try:
        json.loads(path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError):
        return True
    return False


def _check_model_version(out: Where, plan: pd.DataFrame, version: int) -> None:
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


def _write_parquet(frame: pd.DataFrame, path: Where) -> None:
    """A whole Parquet file (written under a hidden name, then moved into place)."""
    import io

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    write_bytes(path, buffer.getvalue())
