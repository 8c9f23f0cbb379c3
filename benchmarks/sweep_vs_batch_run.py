"""market-sim sweep against mesa.batch_run on the same runs: throughput, peak memory, overhead.

1. The same 40 baseline runs of 64 quarters with ``mesa.batch_run`` (2 processes) and with
   ``market-sim sweep`` (serial, and 2 worker processes): runs/s, peak memory of the whole process
   tree (sampled every 50 ms), and the ratios.
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


@contextmanager
def peak_memory():
    """Yields a dict whose "peak" (bytes) is the largest RSS of this process and its children seen."""
    me, seen, stop = psutil.Process(), {"peak": 0}, threading.Event()

    def sample():
        while not stop.is_set():
            try:
                tree = [me, *me.children(recursive=True)]
                seen["peak"] = max(seen["peak"], sum(p.memory_info().rss for p in tree if p.is_running()))
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


def timed(label: str, runs: int, call) -> dict:
    with peak_memory() as memory:
        started = time.perf_counter()
        call()
        seconds = time.perf_counter() - started
    row = {"label": label, "runs": runs, "seconds": seconds, "rate": runs / seconds, "peak": memory["peak"]}
    print(
        f"  {label:34s} {seconds:7.1f} s  {row['rate']:6.2f} runs/s  peak {memory['peak'] / 2**20:7.0f} MiB"
    )
    return row


def sweep(tmp: Path, name: str, *, seeds: int, steps: int, executor: str, workers: int = 2):
    experiment = Experiment(name=name, seeds=tuple(range(1, seeds + 1)), fixed={"steps": steps})
    return lambda: run_sweep(experiment, tmp / name, executor=executor, workers=workers, progress=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="baseline runs of 64 quarters (default 40)")
    parser.add_argument("--big", type=int, default=0, help="also one sweep of this many 1-quarter runs")
    args = parser.parse_args(argv)
    print(f"{os.cpu_count()} cores, mesa {mesa.__version__}")
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        print(f"1. {args.runs} baseline runs of 64 quarters")
        batch = timed(
            "mesa.batch_run, 2 processes",
            args.runs,
            lambda: mesa.batch_run(
                ChipMarketModel,
                parameters={},
                rng=list(range(1, args.runs + 1)),
                max_steps=64,
                number_processes=2,
                data_collection_period=-1,
                display_progress=False,
            ),  # fmt: skip
        )
        serial = timed(
            "market-sim sweep, serial",
            args.runs,
            sweep(tmp, "s", seeds=args.runs, steps=64, executor="serial"),
        )
        parallel = timed(
            "market-sim sweep, 2 workers",
            args.runs,
            sweep(tmp, "p", seeds=args.runs, steps=64, executor="processes"),
        )
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
            f"  peak memory 2,000 / 100 runs: x{large['peak'] / small['peak']:.2f}; overhead per run "
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
