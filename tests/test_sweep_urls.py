"""A sweep's store at an fsspec URL (``memory://`` here; ``s3://`` and ``gs://`` work alike where
their filesystems are installed): written, read back, resumed, and refused where workers could
not reach it."""

from __future__ import annotations

import uuid
from pathlib import Path

import fsspec
import pandas as pd
import pytest

from market_sim.cli import main
from market_sim.experiments import Experiment, ExperimentError, progress, read_sweep, run_sweep, status
from market_sim.experiments.store import runs
from market_sim.experiments.urls import UrlPath, is_url, store_path

SMALL = Experiment(
    name="small", scenarios=("baseline",), seeds=(1, 2, 3), fixed={"steps": 4, "n_enterprises": 40}
)
TABLES = ("model", "shares", "vendors")


def memory_url() -> str:
    return f"memory://sweeps/{uuid.uuid4().hex}"


def test_a_url_is_an_fsspec_store_and_a_path_stays_a_path(tmp_path):
    assert is_url("s3://bucket/prefix") and not is_url(str(tmp_path))
    assert store_path(str(tmp_path)) == tmp_path
    assert store_path(f"file://{tmp_path}") == tmp_path
    where = store_path("memory://a/b")
    assert isinstance(where, UrlPath) and str(where / "c.json") == str(store_path("memory://a/b/c.json"))
    assert (where / "c.json").name == "c.json" and (where / "c.json").parent == where


def test_a_sweep_into_memory_reads_back_as_the_same_sweep_on_disk(tmp_path):
    url = memory_url()
    report = run_sweep(SMALL, url, executor="serial", progress=False)
    assert (report.total, report.done, report.failed) == (3, 3, 0)
    run_sweep(SMALL, tmp_path, executor="serial", progress=False)
    in_memory, on_disk = read_sweep(url, TABLES), read_sweep(tmp_path, TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(in_memory.tables[name], on_disk.tables[name], obj=name)
    assert progress(url) == progress(tmp_path)
    assert (status(url)["status"] == "done").all()
    # Nothing was written to the working directory: the files are in fsspec's memory filesystem.
    assert fsspec.filesystem("memory").exists((store_path(url) / "plan.parquet").path)


def test_a_sweep_at_a_url_resumes_without_running_a_run_twice():
    url = memory_url()
    run_sweep(Experiment(name="small", scenarios=("baseline",), seeds=(1,), fixed={"steps": 4}), url,
              executor="serial", progress=False)  # fmt: skip
    with pytest.raises(ExperimentError, match="holds a different experiment"):
        run_sweep(SMALL, url, executor="serial", progress=False)
    url = memory_url()
    first = run_sweep(SMALL, url, executor="serial", progress=False)
    again = run_sweep(SMALL, url, executor="serial", progress=False)
    assert first.done == 3 and first.skipped == 0 and again.skipped == 3
    assert len(runs(url)) == 3  # every run attempted once
    assert len(read_sweep(url, ("model",)).tables["model"]) == 3 * 4


def test_a_memory_store_is_refused_for_workers_in_other_processes():
    with pytest.raises(ExperimentError, match="memory.*--executor serial"):
        run_sweep(SMALL, memory_url(), executor="processes", progress=False)


def test_the_cli_takes_a_url_for_out_and_status(capsys):
    url = memory_url()
    experiment = Path(__file__).resolve().parents[1] / "experiments" / "smoke.toml"
    assert main(["sweep", str(experiment), "--out", url, "--executor", "serial", "--set", "steps=2"]) == 0
    capsys.readouterr()
    assert main(["sweep", "--status", url]) == 0
    assert "4 of 4 runs done" in capsys.readouterr().out
