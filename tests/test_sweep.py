"""Batch experiments: plans, identical results on every executor, failures recorded, kill and resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from market_sim import ScenarioError
from market_sim.cli import main
from market_sim.experiments import (
    Experiment,
    ExperimentError,
    failures,
    progress,
    read_sweep,
    run_sweep,
    status,
)
from market_sim.model import ChipMarketModel

EXPERIMENTS = Path(__file__).resolve().parents[1] / "experiments"
SMALL = Experiment(
    name="small",
    scenarios=("baseline", "reasoning_models"),
    seeds=(1, 2),
    fixed={"steps": 6, "n_enterprises": 40},
    grid={"design_cycle_quarters": [8, 12]},
)


def read_all(out: Path) -> dict[str, pd.DataFrame]:
    frames = dict(read_sweep(out, ("model", "shares", "events", "projects", "vendors")).tables)
    frames["status"] = status(out).drop(columns="wall_seconds")
    return frames


def assert_same_results(a: Path, b: Path) -> None:
    left, right = read_all(a), read_all(b)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


@pytest.fixture(scope="module")
def serial_sweep(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    report = run_sweep(SMALL, out, executor="serial", progress=False)
    assert (report.total, report.done, report.failed) == (8, 8, 0)
    return out


# -- the plan ----------------------------------------------------------------------------------
def test_plan_is_scenarios_times_grid_times_seeds_with_stable_ids():
    plan = SMALL.runs()
    assert len(plan) == 2 * 2 * 2
    assert [r.run_id for r in plan] == [r.run_id for r in SMALL.runs()]
    assert len({r.run_id for r in plan}) == len(plan)
    assert {(r.scenario, dict(r.swept)["design_cycle_quarters"], r.seed) for r in plan} == {
        (s, d, seed) for s in ("baseline", "reasoning_models") for d in (8, 12) for seed in (1, 2)
    }


def test_run_id_names_the_resolved_parameters_not_how_they_were_written():
    # the same run asked for twice, once by grid and once by [set], is the same run
    a = Experiment(seeds=(3,), grid={"design_cycle_quarters": [8]}).runs()[0]
    b = Experiment(seeds=(3,), fixed={"design_cycle_quarters": 8}).runs()[0]
    c = Experiment(seeds=(4,), fixed={"design_cycle_quarters": 8}).runs()[0]
    assert a.run_id == b.run_id != c.run_id


@pytest.mark.parametrize(
    "data, words",
    [
        ({"senarios": ["baseline"]}, ["senarios", "scenarios"]),
        ({"tables": ["model", "prices"]}, ["prices", "vendors"]),
        ({"seeds": 0}, ["seeds", "0"]),
        ({"seeds": [1, 1]}, ["repeats"]),
        ({"seeds": [-1]}, ["-1", "non-negative"]),
        ({"grid": {"design_cycle_quarters": 8}}, ["design_cycle_quarters", "list"]),
        ({"set": {"steps": 8}, "grid": {"steps": [8, 12]}}, ["steps", "one place"]),
    ],
)
def test_bad_experiment_definitions_name_the_key_and_what_is_allowed(data, words):
    with pytest.raises(ExperimentError) as err:
        Experiment.from_dict(data).runs()
    for word in words:
        assert word in str(err.value)


def test_a_bad_parameter_in_the_grid_fails_before_anything_runs(tmp_path):
    bad = Experiment(seeds=(1,), grid={"design_cycle_quarters": [8, 400]})
    with pytest.raises(ScenarioError, match="design_cycle_quarters.*400.*allowed"):
        run_sweep(bad, tmp_path / "out", executor="serial", progress=False)
    assert not (tmp_path / "out").exists()


def test_shipped_experiment_files_parse_and_plan():
    files = sorted(EXPERIMENTS.glob("*.toml"))
    assert files, "experiments/ holds the shipped experiment definitions"
    for path in files:
        assert Experiment.from_toml(path).runs()


# -- outputs -----------------------------------------------------------------------------------
def test_tables_hold_every_run_once_in_plan_order(serial_sweep):
    plan = pd.read_parquet(serial_sweep / "plan.parquet")
    model = read_sweep(serial_sweep, ("model",))["model"]
    assert list(model.columns[:4]) == ["run_id", "scenario", "seed", "design_cycle_quarters"]
    # each table is a Parquet dataset directory that pandas reads as one table
    assert (serial_sweep / "model.parquet").is_dir()
    raw = pd.read_parquet(serial_sweep / "model.parquet")
    assert list(raw.columns[:4]) == list(model.columns[:4]) and len(raw) == len(model)
    assert model.groupby("run_id").size().eq(6).all()
    assert list(dict.fromkeys(model["run_id"])) == list(plan.sort_values("run_index")["run_id"])
    # each run's rows are exactly what a single run with the same scenario and seed gives
    first = plan.iloc[0]
    single = ChipMarketModel(
        first["scenario"],
        rng=int(first["seed"]),
        steps=6,
        n_enterprises=40,
        design_cycle_quarters=int(first["design_cycle_quarters"]),
    )
    for _ in range(6):
        single.step()
    mine = model[model["run_id"] == first["run_id"]].drop(
        columns=["run_id", "scenario", "seed", "design_cycle_quarters"]
    )
    expected = single.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    pd.testing.assert_frame_equal(
        mine.reset_index(drop=True), expected[list(mine.columns)], check_dtype=False
    )
    assert status(serial_sweep)["status"].eq("done").all()
    runs = pd.read_parquet(serial_sweep / "runs.parquet")  # one row per run, with its parameters
    assert sorted(runs["run_id"]) == sorted(plan["run_id"]) and runs["status"].eq("done").all()
    assert {"seed", "wall_seconds", "parameters", "traceback"} <= set(runs.columns)


@pytest.mark.parametrize("executor", ["processes", "dask"])
def test_every_executor_gives_identical_results(serial_sweep, tmp_path, executor):
    report = run_sweep(SMALL, tmp_path, executor=executor, workers=2, progress=False)
    assert (report.done, report.failed) == (8, 0)
    assert_same_results(serial_sweep, tmp_path)


def test_dask_runs_on_a_scheduler_given_by_address(serial_sweep, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        report = run_sweep(
            SMALL, tmp_path, executor="dask", scheduler=cluster.scheduler_address, progress=False
        )
    assert (report.done, report.failed) == (8, 0)
    assert_same_results(serial_sweep, tmp_path)


# -- failures and resuming -----------------------------------------------------------------------
def test_a_run_that_raises_is_recorded_and_the_others_carry_on_then_resume_retries_it(
    serial_sweep, tmp_path, monkeypatch
):
    real_step = ChipMarketModel.step

    def fragile_step(model):
        if model.params.design_cycle_quarters == 8 and model.steps == 3:
            raise FloatingPointError("injected failure in quarter 3")
        real_step(model)

    monkeypatch.setattr(ChipMarketModel, "step", fragile_step)
    report = run_sweep(SMALL, tmp_path, executor="serial", progress=False)
    assert (report.done, report.failed) == (4, 4)
    recorded = failures(tmp_path)
    assert len(recorded) == 4
    assert recorded["error"].str.contains("injected failure").all()
    assert recorded["traceback"].str.contains("fragile_step").all()
    assert set(status(tmp_path)["status"]) == {"done", "failed"}
    assert progress(tmp_path) | {"batches": 0} == {
        "runs": 8,
        "done": 4,
        "failed": 4,
        "pending": 0,
        "batches": 0,
    }
    assert read_sweep(tmp_path, ("model",))["model"]["design_cycle_quarters"].eq(12).all()

    monkeypatch.setattr(ChipMarketModel, "step", real_step)
    again = run_sweep(SMALL, tmp_path, executor="serial", progress=False)
    assert (again.skipped, again.done, again.failed) == (4, 8, 0)
    assert failures(tmp_path).empty
    assert_same_results(serial_sweep, tmp_path)


def test_a_killed_sweep_resumes_without_losing_or_repeating_a_run(serial_sweep, tmp_path, capsys):
    out = tmp_path / "killed"
    sweep_args = [
        "sweep",
        "--scenario",
        "baseline",
        "--scenario",
        "reasoning_models",
        "--seeds",
        "2",
        "--grid",
        "design_cycle_quarters=8,12",
        "--set",
        "steps=6",
        "--set",
        "n_enterprises=40",
        "--executor",
        "serial",
        "--quiet",
        "--out",
        str(out),
    ]
    cmd = [sys.executable, "-m", "market_sim.cli", *sweep_args]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    manifest = out / "manifest"
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and sum(1 for p in manifest.glob("*.json")) >= 2:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished_before = progress(out)["done"]
    assert 2 <= finished_before < 8, "the sweep was killed part-way"
    # what the reader sees is the committed batches only, each complete
    assert read_sweep(out, ("model",))["model"]["run_id"].nunique() == finished_before

    assert main(sweep_args) == 0
    assert f"8 of 8 runs done ({finished_before} from before)" in capsys.readouterr().out
    assert not [p for p in out.rglob(".*")], "no temporary file is left"
    model = pd.read_parquet(out / "model.parquet")
    assert model.groupby("run_id").size().eq(6).all() and model["run_id"].nunique() == 8
    assert_same_results(serial_sweep, out)


def test_a_different_experiment_in_the_same_directory_is_refused_unless_restarted(serial_sweep, tmp_path):
    run_sweep(Experiment(seeds=(1,), fixed={"steps": 4}), tmp_path, executor="serial", progress=False)
    other = Experiment(seeds=(1, 2), fixed={"steps": 4})
    with pytest.raises(ExperimentError, match="different experiment.*--restart"):
        run_sweep(other, tmp_path, executor="serial", progress=False)
    report = run_sweep(other, tmp_path, executor="serial", progress=False, restart=True)
    assert (report.total, report.done, report.skipped) == (2, 2, 0)


def test_a_batch_killed_half_written_is_never_read_and_is_removed_on_resume(serial_sweep, tmp_path):
    import shutil

    out = tmp_path / "copy"
    shutil.copytree(serial_sweep, out)
    before = read_all(out)
    # what a kill in the middle of a batch leaves: a complete part with no manifest entry, a temporary
    # part cut short, and a manifest entry cut short
    part = next((out / "model.parquet").glob("part-*.parquet"))
    (out / "model.parquet" / "part-9999999-deadbeef.parquet").write_bytes(part.read_bytes())
    (out / "shares.parquet" / ".part-9999999-deadbeef.parquet.tmp").write_bytes(b"PAR1 cut")
    (out / "manifest" / "9999999-deadbeef.json").write_text('{"batch": "9999999-dead')
    for name, frame in read_all(out).items():
        pd.testing.assert_frame_equal(before[name], frame, obj=name)
    assert progress(out)["done"] == 8

    report = run_sweep(SMALL, out, executor="serial", progress=False)
    assert (report.skipped, report.done) == (8, 8)
    assert not (out / "model.parquet" / "part-9999999-deadbeef.parquet").exists()
    assert not list(out.rglob(".*")) and not (out / "manifest" / "9999999-deadbeef.json").exists()
    pd.testing.assert_frame_equal(before["model"], read_sweep(out, ("model",))["model"])
    assert len(pd.read_parquet(out / "model.parquet")) == len(before["model"])  # a plain reader too


# -- command line --------------------------------------------------------------------------------
def test_cli_sweep_with_a_bad_grid_key_is_one_line_and_exit_2(tmp_path, capsys):
    code = main(["sweep", "--grid", "design_cycle_quarterz=8,12", "--out", str(tmp_path / "x"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "design_cycle_quarterz" in err and "design_cycle_quarters" in err


def test_cli_sweep_from_an_experiment_file_with_flags_on_top(tmp_path, capsys):
    spec = tmp_path / "exp.toml"
    spec.write_text(
        'name = "tiny"\nscenarios = ["baseline"]\nseeds = [5]\ntables = ["model"]\n[set]\nsteps = 4\n'
        "[grid]\nswitching_cost = [0.5, 2.0]\n"
    )
    assert (
        main(
            [
                "sweep",
                str(spec),
                "--set",
                "n_enterprises=10",
                "--executor",
                "serial",
                "--quiet",
                "--out",
                str(tmp_path / "o"),
            ]
        )
        == 0
    )
    assert "2 of 2 runs done" in capsys.readouterr().out
    meta = json.loads((tmp_path / "o" / "experiment.json").read_text())
    assert meta["experiment"]["fixed"] == {"steps": 4, "n_enterprises": 10}
    model = pd.read_parquet(tmp_path / "o" / "model.parquet")
    assert sorted(model["switching_cost"].unique()) == [0.5, 2.0] and len(model) == 8
    assert not (tmp_path / "o" / "shares.parquet").exists()
    assert main(["sweep", "--status", str(tmp_path / "o")]) == 0
    assert "2 of 2 runs done, 0 failed, 0 pending" in capsys.readouterr().out


def test_cli_sweep_with_zero_seeds_is_one_line_and_exit_2(tmp_path, capsys):
    assert main(["sweep", "--seeds", "0", "--out", str(tmp_path / "x"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "seeds" in err and "allowed" in err
