"""market-sim sweep against mesa.batch_run on the same runs: throughput, peak memory, overhead.

0. What a worker imports (time and memory of a fresh interpreter).
1. The same 40 baseline runs of 64 quarters with ``mesa.batch_run`` (2 processes) and with
   ``market-sim sweep`` (serial, and 2 worker processes), each tried ``--repeat`` times in turn:
   runs/s, peak memory of the whole process tree (sampled every 50 ms; RSS, and PSS, which counts
   pages shared by forked workers once) and of its largest worker, and the ratios of the best tries.
2. 100 and 2,000 runs of 4 quarters with the serial sweep: peak memory of each, and the sweep's
   overhead per run (wall time beyond the model's own stepping, timed alone on the same runs).
3. With ``--big N``: one sweep of N one-quarter runs (2 workers): wall time, peak memory, files.

    .venv/bin/python benchmarks/sweep_vs_batch_run.py               # parts 1 and 2, a few minutes
    .venv/bin/python benchmarks/sweep_vs_batch_run.py --big 10000   # and part 3

Printed figures, not assertions. Aims (issue 9): throughput >= batch_run's; 2,000 runs' peak memory
within 15 % of 100 runs'; overhead <= 5 ms a run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import mesa
import psutil

from market_sim import ChipMarketModel
from market_sim.experiments import Experiment, run_sweep
from market_sim.outputs import run_model

MIB = 2**20


@contextmanager
def peak_memory():
    """Yields a dict of the peaks (bytes) seen every 50 ms: "rss" and "pss" summed over this process and
    its descendants, and "worker_rss" and "worker_pss" of the largest descendant.

    RSS counts a page shared by forked workers (the imported modules) once per process; PSS splits it
    between them, so its sum is the memory the tree really takes.
    """
    me, seen, stop = (
        psutil.Process(),
        dict.fromkeys(("rss", "pss", "worker_rss", "worker_pss"), 0),
        threading.Event(),
    )

    def sample():
        while not stop.is_set():
            try:
                children = [m for p in me.children(recursive=True) if (m := _memory(p))]
                tree = [_memory(me), *children]
                for key in ("rss", "pss"):
                    seen[key] = max(seen[key], sum(getattr(m, key) for m in tree if m))
                    seen[f"worker_{key}"] = max([seen[f"worker_{key}"], *(getattr(m, key) for m in children)])
            except psutil.Error:
                pass
            time.sleep(0.05)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join()


def _memory(process: psutil.Process):
    try:
        return process.memory_full_info()
    except psutil.Error:  # ended meanwhile
        return None


def timed(label: str, runs: int, call) -> dict:
    stop_workers_server()
    with peak_memory() as memory:
        started = time.perf_counter()
        call()
        seconds = time.perf_counter() - started
    row = {"label": label, "runs": runs, "seconds": seconds, "rate": runs / seconds} | memory
    print(
        f"  {label:30s} {seconds:6.1f} s {row['rate']:6.2f} runs/s  peak RSS {memory['rss'] / MIB:5.0f} MiB, "
        f"PSS {memory['pss'] / MIB:5.0f} MiB (a worker: RSS {memory['worker_rss'] / MIB:3.0f}, "
        f"PSS {memory['worker_pss'] / MIB:3.0f})"
    )
    return row


def worker_imports() -> tuple[float, float]:
    """Seconds and peak MiB of a fresh interpreter importing what a sweep's worker imports (best of 3)."""
    code = (
        "import importlib, resource, time; t = time.perf_counter()\n"
        "from market_sim.experiments.workers import WORKER_MODULES\n"
        "for name in WORKER_MODULES: importlib.import_module(name)\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
    )
    tries = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True) for _ in range(3)]
    seconds, mib = min(tuple(map(float, t.stdout.split())) for t in tries)
    return seconds, mib


def sweep(tmp: Path, name: str, *, seeds: int, executor: str, steps: int = 64, workers: int = 2):
    experiment = Experiment(name=name, seeds=tuple(range(1, seeds + 1)), fixed={"steps": steps})
    return lambda: run_sweep(experiment, tmp / name, executor=executor, workers=workers, progress=False)


def stop_workers_server() -> None:
    """Stop the local workers' server an earlier sweep left running: each try pays its workers' start-up,
    as a new `market-sim sweep` command does, and each try's memory is its own."""
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # private: CPython's own tests stop the server so


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="baseline runs of 64 quarters (default 40)")
    parser.add_argument("--big", type=int, default=0, help="also one sweep of this many 1-quarter runs")
    parser.add_argument("--repeat", type=int, default=3, help="tries of part 1, best kept (default 3)")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores, mesa {mesa.__version__}, load average {os.getloadavg()[0]:.1f}")
    seconds, mib = worker_imports()
    print(f"0. a worker's imports: {seconds:.2f} s, {mib:.0f} MiB (paid once, by the workers' forkserver)")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        print(f"1. {args.runs} baseline runs of 64 quarters, best of {args.repeat} tries (taken in turn)")
        calls = {
            "mesa.batch_run, 2 processes": lambda _: (
                lambda: mesa.batch_run(
                    ChipMarketModel,
                    parameters={},
                    rng=list(range(1, args.runs + 1)),
                    max_steps=64,
                    number_processes=2,
                    data_collection_period=-1,
                    display_progress=False,
                )
            ),
            "market-sim sweep, serial": lambda n: sweep(tmp, f"s{n}", seeds=runs, executor="serial"),
            "market-sim sweep, 2 workers": lambda n: sweep(tmp, f"p{n}", seeds=runs, executor="processes"),
        }
        best, runs = {}, args.runs
        for n in range(args.repeat):  # on a shared machine the fastest try is the least disturbed
            for label, call in calls.items():
                row = timed(label, args.runs, call(n))
                best[label] = min(best.get(label, row), row, key=lambda r: r["seconds"])
        batch, serial, parallel = best.values()
        print(
            f"  sweep / batch_run throughput: x{parallel['rate'] / batch['rate']:.2f}; parallel efficiency "
            f"{parallel['rate'] / (2 * serial['rate']):.0%}"
        )
        print("2. serial sweeps of 4-quarter runs")
        small = timed("100 runs", 100, sweep(tmp, "r100", seeds=100, steps=4, executor="serial"))
        large = timed("2,000 runs", 2000, sweep(tmp, "r2000", seeds=2000, steps=4, executor="serial"))
        started = time.perf_counter()
        for seed in range(1, 101):
            run_model(ChipMarketModel(rng=seed, steps=4))
        model_only = (time.perf_counter() - started) / 100
        overhead = small["seconds"] / 100 - model_only
        print(
            f"  peak memory 2,000 / 100 runs: x{large['rss'] / small['rss']:.2f}; overhead per run "
            f"{1e3 * overhead:.1f} ms (model alone {1e3 * model_only:.1f} ms a run)"
        )
        if args.big:
            print(f"3. one sweep of {args.big:,} one-quarter runs, 2 workers")
            out = tmp / "big"
            timed(
                f"{args.big:,} runs",
                args.big,
                sweep(tmp, "big", seeds=args.big, steps=1, executor="processes"),
            )
            files = sum(len(names) for _, _, names in os.walk(out))
            print(f"  files in the sweep directory: {files:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
