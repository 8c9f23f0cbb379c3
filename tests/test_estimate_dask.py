"""The estimation on a real 2-worker Dask cluster and in a pool of local processes: the posterior of a
single process for the same seed; killed mid-generation, it resumes as the uninterrupted run; bad
executor options are clear errors."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time

import pandas as pd
import pytest

from market_sim.analysis.estimate import estimate
from market_sim.cli import main
from market_sim.experiments import ExperimentError

distributed = pytest.importorskip("distributed")

SMALL = {"n_enterprises": 40}  # a cheaper market, as in test_estimate.py
FREE = {"incumbent_markup": (1.5, 3.5), "vendor_bargaining_power": (0.3, 0.95)}
# Bands narrow enough that proposals are rejected and distances differ: the sample is not the prior's
TINY = dict(
    population=6, generations=2, seeds=(1,), budget=200, seed=3, overrides=SMALL,
    bands={"F3a": (0.64, 0.66), "F3b": (0.6, 0.65)},
)  # fmt: skip


@pytest.fixture(scope="module")
def scheduler():
    cluster_args = dict(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with distributed.LocalCluster(**cluster_args) as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def in_one_process(tmp_path_factory):
    return estimate(tmp_path_factory.mktemp("processes"), FREE, **TINY)


def test_a_dask_estimation_gives_the_posterior_of_one_process_for_the_same_seed(
    in_one_process, scheduler, tmp_path
):
    on_dask = estimate(tmp_path, FREE, executor="dask", scheduler=scheduler, **TINY)
    posterior = pd.read_parquet(tmp_path / "posterior.parquet")
    assert list(posterior.columns) == [*FREE, "weight", "distance", "generation"]
    assert (posterior["distance"] > 0).any() and len(posterior) == 6
    pd.testing.assert_frame_equal(posterior, in_one_process.posterior)
    for key in ("generations", "model_runs", "parameters"):
        assert on_dask.summary[key] == in_one_process.summary[key], key
    assert json.loads((tmp_path / "estimate.json").read_text())["executor"] == "dask"


def test_a_pool_of_local_processes_gives_the_same_posterior_too(in_one_process, tmp_path):
    in_a_pool = estimate(tmp_path, FREE, workers=2, **TINY)
    pd.testing.assert_frame_equal(in_a_pool.posterior, in_one_process.posterior)
    assert in_a_pool.summary["model_runs"] == in_one_process.summary["model_runs"]


def generations_stored(out) -> int:
    if not (out / "abc.db").exists():
        return 0
    with sqlite3.connect(out / "abc.db") as db:
        try:
            return db.execute("SELECT COUNT(*) FROM populations WHERE t >= 0").fetchone()[0]
        except sqlite3.OperationalError:  # pyabc has not made its tables yet
            return 0


def test_a_dask_estimation_killed_mid_generation_resumes_as_an_uninterrupted_one(
    in_one_process, scheduler, tmp_path
):
    """SIGKILL the command's process once its first generation is in the database (the second then
    under way on the cluster); run again on the same directory: the posterior is the uninterrupted one."""
    call = f"estimate({str(tmp_path)!r}, {FREE!r}, executor='dask', scheduler={scheduler!r}, **{TINY!r})"
    code = f"from market_sim.analysis.estimate import estimate; {call}"
    env = os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)}
    command = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while generations_stored(tmp_path) < 1 and command.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    command.kill()
    command.wait()
    assert command.returncode == -9 and generations_stored(tmp_path) == 1, "killed in the 2nd generation"
    assert not (tmp_path / "posterior.parquet").exists()
    resumed = estimate(tmp_path, FREE, executor="dask", scheduler=scheduler, **TINY)
    pd.testing.assert_frame_equal(resumed.posterior, in_one_process.posterior)
    assert resumed.summary["model_runs"] == in_one_process.summary["model_runs"]


def test_bad_executor_options_are_clear_errors(tmp_path):
    with pytest.raises(ExperimentError, match="executor 'threads' is not allowed; allowed: processes, dask"):
        estimate(tmp_path, FREE, executor="threads")
    with pytest.raises(ExperimentError, match="needs executor 'dask', not 'processes'"):
        estimate(tmp_path, FREE, scheduler="tcp://127.0.0.1:8786")
    assert not any(tmp_path.iterdir()), "nothing written before the options are checked"


def test_calibrate_estimate_scheduler_without_dask_is_one_line_and_status_2(capsys):
    argv = ["calibrate", "--estimate", "--out", "x", "--scheduler", "tcp://127.0.0.1:8786"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert (
        "--scheduler tcp://127.0.0.1:8786 needs --executor dask (--executor allowed: processes, dask)"
        in err[0]
    )


def test_calibrate_estimate_unknown_executor_names_the_allowed_ones(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["calibrate", "--estimate", "--out", "x", "--executor", "threads"])
    assert exit_.value.code == 2
    assert (
        "--executor: invalid choice: 'threads' (choose from 'processes', 'dask')" in capsys.readouterr().err
    )


def test_calibrate_estimate_passes_the_executor_and_scheduler_on(monkeypatch, tmp_path):
    import market_sim.analysis.estimate as module

    seen = {}

    def record(out, free, **kwargs):
        seen.update(kwargs)
        raise ExperimentError("recorded")

    monkeypatch.setattr(module, "estimate", record)
    argv = ["calibrate", "--estimate", "--out", str(tmp_path), "--executor", "dask", "--workers", "3"]
    assert main([*argv, "--scheduler", "tcp://10.0.0.5:8786"]) == 2
    assert (seen["executor"], seen["scheduler"], seen["workers"]) == ("dask", "tcp://10.0.0.5:8786", 3)
