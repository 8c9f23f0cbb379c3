"""Sweep throughput: runs per second on each executor, as a ratio to the serial loop in the same run.

Runs the same experiment (the baseline, full 64 quarters, N seeds) serially, in local processes
and on a local Dask cluster, each into a fresh directory, and prints runs per second and the
speed-up over serial. The parallel executors pay for starting workers (local ones fork from a server
that imports the model once; Dask's start and import one by one); on 2 cores the ideal ratio is 2.

    .venv/bin/python benchmarks/sweep.py              # 16 runs per executor
    .venv/bin/python benchmarks/sweep.py --runs 8
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from market_sim.experiments import Experiment, run_sweep


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=16, help="runs per executor (seeds 1..N)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    experiment = Experiment(name="bench", seeds=tuple(range(1, args.runs + 1)), tables=("model", "shares"))
    print(
        f"{args.runs} baseline runs of 64 quarters per executor, "
        f"{args.workers} workers, {os.cpu_count()} cores"
    )
    reference = None
    with tempfile.TemporaryDirectory() as tmp:
        for executor in ("serial", "processes", "dask"):
            started = time.perf_counter()
            report = run_sweep(
                experiment, Path(tmp) / executor, executor=executor, workers=args.workers, progress=False
            )
            seconds = time.perf_counter() - started
            assert report.done == args.runs and report.failed == 0, report
            rate = args.runs / seconds
            reference = reference or rate
            print(f"  {executor:9s} {seconds:6.1f} s  {rate:5.2f} runs/s  x{rate / reference:4.2f} vs serial")


if __name__ == "__main__":
    main()
