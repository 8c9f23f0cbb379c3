"""Model version: in every run id, the plan, experiment.json and runs.parquet; no resume across versions."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import market_sim.version
from market_sim.cli import main
from market_sim.experiments import Experiment, ExperimentError, progress, read_sweep, run_id, run_sweep
from market_sim.version import MODEL_VERSION

TINY = Experiment(name="tiny", seeds=(1, 2), fixed={"steps": 2, "n_enterprises": 10}, tables=("model",))


@pytest.fixture
def tiny_sweep(tmp_path) -> Path:
    out = tmp_path / "tiny"
    assert run_sweep(TINY, out, executor="serial", progress=False).done == 2
    return out


def test_the_run_id_hashes_the_model_version():
    params = {"steps": 2}
    assert run_id(params, 1) == run_id(params, 1, model_version=MODEL_VERSION)
    assert run_id(params, 1, model_version=MODEL_VERSION) != run_id(
        params, 1, model_version=MODEL_VERSION + 1
    )
    assert run_id(params, 1, 3) != run_id(params, 1, 3, model_version=MODEL_VERSION + 1)


def test_bumping_the_model_version_renames_every_run(monkeypatch):
    before = [r.run_id for r in TINY.runs()]
    monkeypatch.setattr(market_sim.version, "MODEL_VERSION", MODEL_VERSION + 1)
    after = [r.run_id for r in TINY.runs()]
    assert not set(before) & set(after)


def test_the_sweep_records_its_model_version_everywhere(tiny_sweep):
    assert json.loads((tiny_sweep / "experiment.json").read_text())["model_version"] == MODEL_VERSION
    plan = pd.read_parquet(tiny_sweep / "plan.parquet")
    assert plan["model_version"].eq(MODEL_VERSION).all()
    runs = pd.read_parquet(tiny_sweep / "runs.parquet")
    assert sorted(runs["run_id"]) == sorted(plan["run_id"]) and runs["model_version"].eq(MODEL_VERSION).all()
    assert read_sweep(tiny_sweep).model_version == MODEL_VERSION


def test_resuming_a_sweep_of_another_model_version_is_refused_naming_both(tiny_sweep, monkeypatch):
    monkeypatch.setattr(market_sim.version, "MODEL_VERSION", MODEL_VERSION + 1)
    with pytest.raises(ExperimentError) as err:
        run_sweep(TINY, tiny_sweep, executor="serial", progress=False)
    message = str(err.value)
    assert f"model version {MODEL_VERSION}," in message and f"(version {MODEL_VERSION + 1})" in message
    assert "another --out" in message and "--restart" in message
    # nothing was run or rewritten
    assert pd.read_parquet(tiny_sweep / "plan.parquet")["model_version"].eq(MODEL_VERSION).all()
    assert progress(tiny_sweep)["done"] == 2
    # --restart discards the old runs and makes the sweep again with this version
    report = run_sweep(TINY, tiny_sweep, executor="serial", progress=False, restart=True)
    assert (report.done, report.skipped) == (2, 0)
    assert read_sweep(tiny_sweep).model_version == MODEL_VERSION + 1


def test_resuming_a_sweep_from_before_versions_were_recorded_is_refused(tiny_sweep):
    plan = pd.read_parquet(tiny_sweep / "plan.parquet").drop(columns="model_version")
    plan.to_parquet(tiny_sweep / "plan.parquet", index=False)
    with pytest.raises(
        ExperimentError, match=rf"before versions were recorded.*version {MODEL_VERSION}\).*--restart"
    ):
        run_sweep(TINY, tiny_sweep, executor="serial", progress=False)


def test_the_same_version_resumes_as_before(tiny_sweep):
    report = run_sweep(TINY, tiny_sweep, executor="serial", progress=False)
    assert (report.total, report.done, report.skipped, report.failed) == (2, 2, 2, 0)


def test_cli_refusal_is_one_line_and_exit_2(tiny_sweep, monkeypatch, capsys):
    monkeypatch.setattr(market_sim.version, "MODEL_VERSION", MODEL_VERSION + 1)
    args = ["sweep", "--seeds", "2", "--set", "steps=2", "--set", "n_enterprises=10", "--tables", "model"]
    assert main([*args, "--executor", "serial", "--quiet", "--out", str(tiny_sweep)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"model version {MODEL_VERSION}" in err and "--restart" in err
