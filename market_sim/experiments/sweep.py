"""Running an experiment into an output directory: :func:`run_sweep` and its :class:`SweepReport`.

Started again on the same ``out``, a sweep runs only what has not finished (no run is lost or done
twice); a run that raises is recorded with its traceback, the others carry on, and a resumed sweep
retries it. Results are identical whichever executor runs them: workers return their tables and
only this process writes.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from . import store
from .executors import BACKENDS, Backend, FailedRun
from .spec import EXECUTORS, Experiment, ExperimentError


@dataclass
class SweepReport:
    """What a call of :func:`run_sweep` did: ``skipped`` runs had finished in an earlier invocation."""

    out: Path
    total: int
    done: int
    failed: int
    skipped: int
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
    store.prepare(out, experiment, plan)
    finished = store.finished_runs(out)
    pending = [spec for spec in plan if spec.run_id not in finished]
    done = failed = 0
    if pending:
        backend = Backend(workers or os.cpu_count() or 1, scheduler, experiment.tables)
        bar = _progress_bar(len(pending), f"{experiment.name} ({executor})") if progress else None
        by_id = {spec.run_id: spec for spec in pending}
        for outcome in BACKENDS[executor](pending, backend):
            if isinstance(outcome, FailedRun):
                store.record_failure(out, outcome, by_id[outcome.run_id])
                failed += 1
            else:
                store.write_run(out, outcome)
                done += 1
            if bar is not None:
                bar.update()
                bar.set_postfix(failed=failed)
        if bar is not None:
            bar.close()
    store.consolidate(out)
    return SweepReport(
        out, len(plan), len(finished) + done, failed, len(finished), time.perf_counter() - started
    )


def _progress_bar(total: int, desc: str):
    """A tqdm bar over the pending runs."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="run")
