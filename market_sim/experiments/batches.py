"""A batch of runs, run and written by whoever runs it: a worker, or the coordinating process itself.

:func:`run_batch` runs each spec of a :class:`Batch`, writes one Parquet part per table into the
table's dataset directory, one part of ``runs.parquet`` (a row per run, done or failed, with its
parameters, wall time and any traceback), and last the batch's manifest entry. A batch is visible
only once its manifest entry exists, and that entry is written after every file it names is
complete, so a batch killed half-way is never read. Only a :class:`BatchStatus` goes back.

The batch id is chosen by the coordinator, so a task that a cluster retries (its worker died)
writes the same files and the same manifest entry again: a run is never committed twice.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import workers
from .executors import FailedRun, simulate
from .spec import RunSpec
from .urls import UrlPath, store_path

MANIFEST_DIR = "manifest"
RUNS_TABLE = "runs"


@dataclass(frozen=True)
class Batch:
    """Runs executed and written together: their specs, the tables kept and the store's path."""

    out: str  # a local path or an fsspec URL (what every worker can reach)
    batch_id: str
    specs: tuple[RunSpec, ...]
    tables: tuple[str, ...]
    swept_keys: tuple[str, ...]
    design: bool  # the plan has design points (a column in front of every table)
    model_version: int


@dataclass(frozen=True)
class BatchStatus:
    """What a batch sends back: the ids of its runs that finished and of those that failed."""

    batch_id: str
    done: tuple[str, ...]
    failed: tuple[str, ...]
    wall_seconds: float
    errors: dict[str, str] = field(default_factory=dict)


def part_name(batch_id: str) -> str:
    """The file a batch writes in each table's dataset directory."""
    return f"part-{batch_id}.parquet"


def run_batch(batch: Batch) -> BatchStatus:
    """Run every spec of ``batch``, write its parts and then its manifest entry; return its status."""
    started = time.perf_counter()
    tables: dict[str, list[pd.DataFrame]] = {name: [] for name in batch.tables}
    rows, finished, failed, errors = [], [], [], {}
    for spec in sorted(batch.specs, key=lambda s: s.run_index):
        outcome = simulate(spec, batch.tables)
        workers.after_run()
        row = _run_row(spec, batch)
        if isinstance(outcome, FailedRun):
            row |= {"status": "failed", "error": outcome.error, "traceback": outcome.traceback}
            row |= {"wall_seconds": outcome.wall_seconds, "parameters": None}
            failed.append(spec.run_id)
            errors[spec.run_id] = outcome.error
        else:
            row |= {"status": "done", "error": None, "traceback": None}
            row |= {"wall_seconds": outcome.wall_seconds, "parameters": json.dumps(outcome.parameters)}
            for name, frame in outcome.tables.items():
                tables[name].append(frame)
            finished.append(spec)
        rows.append(row)
    keys = [_keys(spec, batch) for spec in finished]
    parts = {name: _with_keys(frames, keys) for name, frames in tables.items()}
    commit(batch, rows=rows, parts=parts)
    done = tuple(spec.run_id for spec in finished)
    return BatchStatus(batch.batch_id, done, tuple(failed), time.perf_counter() - started, errors)


def failed_batch(batch: Batch, error: str, traceback: str) -> BatchStatus:
    """Record every run of a batch whose worker died as failed (the coordinator writes this one)."""
    rows = [
        _run_row(spec, batch)
        | {"status": "failed", "error": error, "traceback": traceback}
        | {"wall_seconds": float("nan"), "parameters": None}
        for spec in batch.specs
    ]
    commit(batch, rows=rows, parts={})
    ids = tuple(spec.run_id for spec in batch.specs)
    return BatchStatus(batch.batch_id, (), ids, float("nan"), dict.fromkeys(ids, error))


def commit(batch: Batch, *, rows: list[dict], parts: dict[str, pd.DataFrame | None]) -> None:
    """Write the batch's table parts and its ``runs`` part, then (last) its manifest entry."""
    out = store_path(batch.out)
    files, counts = {}, {}
    for name, frame in parts.items():
        if frame is not None:
            files[name] = _write_part(frame, out / f"{name}.parquet", batch.batch_id)
            counts[name] = len(frame)
    files[RUNS_TABLE] = _write_part(pd.DataFrame(rows), out / f"{RUNS_TABLE}.parquet", batch.batch_id)
    entry = {
        "batch": batch.batch_id,
        "committed_at": time.time(),
        "model_version": batch.model_version,
        "done": [r["run_id"] for r in rows if r["status"] == "done"],
        "failed": [r["run_id"] for r in rows if r["status"] == "failed"],
        "files": files,
        "rows": counts,
    }
    write_bytes(out / MANIFEST_DIR / f"{batch.batch_id}.json", json.dumps(entry, indent=1).encode())


def _run_row(spec: RunSpec, batch: Batch) -> dict:
    """A run's identity in ``runs.parquet``: the plan's columns and its overrides as JSON."""
    row = {"run_id": spec.run_id, "run_index": spec.run_index, "scenario": spec.scenario_name}
    row |= {"seed": spec.seed, "design_point": spec.design_point, "batch": batch.batch_id}
    return row | {"overrides": json.dumps(dict(spec.overrides)), "model_version": batch.model_version}


def _with_keys(frames: list[pd.DataFrame], keys: list[dict[str, Any]]) -> pd.DataFrame | None:
    """The runs' frames of one table as one, each run's keys (:func:`_keys`) as columns in front; None
    if no run has a row (an empty part would give the dataset a column of nulls).

    A key column is built from the runs' values, one row per run repeated over its rows: typed as
    inserting each run's value into its frame and concatenating the frames would type it.
    """
    kept = [(frame, values) for frame, values in zip(frames, keys, strict=True) if len(frame)]
    if not kept:
        return None
    frame = pd.concat([f for f, _ in kept], ignore_index=True)
    front = pd.DataFrame({col: [values[col] for _, values in kept] for col in kept[0][1]})
    front = front.iloc[np.repeat(np.arange(len(kept)), [len(f) for f, _ in kept])].reset_index(drop=True)
    front.columns = [col if col not in frame.columns else f"param_{col}" for col in front.columns]
    return pd.concat([front, frame], axis=1)


def _keys(spec: RunSpec, batch: Batch) -> dict[str, Any]:
    """A run's key columns and values: run_id, scenario, seed, [design_point], the swept keys."""
    swept = dict(spec.swept)
    keys = {"run_id": spec.run_id, "scenario": spec.scenario_name, "seed": spec.seed}
    keys |= {"design_point": spec.design_point} if batch.design else {}
    return keys | {key: swept[key] for key in batch.swept_keys}


def _write_part(frame: pd.DataFrame, directory: Path | UrlPath, batch_id: str) -> str:
    """One complete Parquet file in a table's dataset directory; its path relative to the store."""
    import io

    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    path = directory / part_name(batch_id)
    write_bytes(path, buffer.getvalue())
    return f"{directory.name}/{path.name}"


def write_bytes(path: Path | UrlPath, data: bytes) -> None:
    """Write under a hidden name, then move into place: a plain reader of the directory never meets a
    half-written file. Correctness does not rest on the move (the manifest entry commits a batch).

    At a URL the file is put whole in one call (an object store has no rename, and shows an object
    complete or not at all).
    """
    if isinstance(path, UrlPath):
        path.write_bytes(data)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
