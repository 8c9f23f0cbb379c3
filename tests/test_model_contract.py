"""The model's interface contract: reproducibility, Mesa batch_run, pickling, scale, CLI outputs, periods.

Only the interface and invariants are asserted, never specific numbers: the defaults are being
tuned. Every test runs a short model (a few quarters, default enterprises) and takes seconds.
"""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
from pathlib import Path

import mesa
import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from market_sim import ChipMarketModel, cli
from market_sim.economics.workload import DIMENSION_NAMES
from market_sim.model import MODEL_METRICS, period_label
from market_sim.outputs import tables

SHORT = 8  # quarters for most runs

# The output contract: file -> columns it must have (more columns are allowed, none may go missing).
OUTPUT_COLUMNS = {
    "model.parquet": [
        "step",
        "period",
        "year",
        "incumbent_revenue_share",
        "incumbent_compute_share",
        "incumbent_inference_revenue_share",
        "in_house_compute_share",
        "inference_compute_share",
        "hhi",
        "incumbent_gross_margin",
        "active_vendors",
        "active_in_house_programs",
        "compute_cost_index",
        "unmet_demand_share",
        "stranded_capital",
        "accelerator_revenue",
    ],
    "shares.parquet": [
        "step",
        "period",
        "supplier",
        "supplier_kind",
        "segment",
        "revenue_share",
        "compute_share",
    ],
    "events.parquet": ["step", "period", "kind", "agent", "value", "detail"],
    "projects.parquet": [
        "designer",
        "start_step",
        "ship_step",
        "breadth",
        "forecast_error",
        "status",
        *(f"spec_{name}" for name in DIMENSION_NAMES),
    ],
    "edges.parquet": ["step", "source", "target", "kind", "volume", "spend", "age"],
    "vendors.parquet": [
        "step",
        "period",
        "vendor",
        "kind",
        "price",
        "unit_cost",
        "gross_margin",
        "revenue",
        "units",
        "cash",
    ],
}
RUN_JSON_KEYS = ("scenario", "parameters", "seed", "versions", "wall_seconds")


def run(seed: int, steps: int = SHORT, **overrides) -> ChipMarketModel:
    model = ChipMarketModel(rng=seed, steps=steps, **overrides)
    for _ in range(steps):
        model.step()
    return model


def assert_same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        pdt.assert_frame_equal(a[name], b[name], check_exact=True, obj=f"table {name!r}")


def frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    try:
        pdt.assert_frame_equal(a, b, check_exact=True)
    except AssertionError:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Reproducibility
# ---------------------------------------------------------------------------------------------
def test_same_scenario_and_seed_give_identical_tables():
    first, second = tables(run(7)), tables(run(7))
    assert set(first) >= {"model", "shares", "events", "projects", "edges", "vendors"}
    empty = [name for name, df in first.items() if df.empty]
    assert not empty, f"empty tables make the comparison vacuous: {empty}"
    assert_same_tables(first, second)


def test_same_seed_identical_with_overrides_and_a_scenario_object():
    """The seed fixes everything also when parameters come as overrides or as a Scenario object."""
    a = ChipMarketModel(rng=3, steps=SHORT, design_cycle_quarters=8)
    b = ChipMarketModel(a.params, rng=3)
    for _ in range(SHORT):
        a.step()
        b.step()
    assert_same_tables(tables(a), tables(b))


def test_different_seeds_differ():
    one, two = tables(run(1)), tables(run(2))
    differing = [name for name in one if not frames_equal(one[name], two[name])]
    assert "model" in differing, "seeds 1 and 2 gave identical per-step metrics"
    assert len(differing) >= 2


# ---------------------------------------------------------------------------------------------
# mesa.batch_run
# ---------------------------------------------------------------------------------------------
BATCH_KW = dict(
    parameters={"design_cycle_quarters": [8, 12], "steps": 12},
    max_steps=12,
    number_processes=1,
    data_collection_period=1,
    display_progress=False,
)


def _check_batch(results: list[dict], n_seeds: int) -> pd.DataFrame:
    assert isinstance(results, list) and results
    df = pd.DataFrame(results)
    missing = [c for c in MODEL_METRICS if c not in df.columns]
    assert not missing, f"batch_run rows lack metrics {missing}"
    runs = df.groupby("RunId")
    assert runs.ngroups == 2 * n_seeds  # 2 design cycles x seeds
    for _, rows in runs:
        assert len(rows) == 12  # one row per step (data_collection_period=1)
        assert rows["step"].tolist() == list(range(12))
        assert rows["period"].tolist() == [period_label(t) for t in range(12)]
        assert rows["design_cycle_quarters"].nunique() == 1
    assert sorted(df["design_cycle_quarters"].unique()) == [8, 12]
    assert sorted(df["iteration"].unique()) == list(range(n_seeds))
    return df


def test_batch_run_returns_per_step_metrics_for_each_run():
    df = _check_batch(mesa.batch_run(ChipMarketModel, rng=[1, 2], **BATCH_KW), n_seeds=2)
    assert sorted(df["rng"].unique()) == [1, 2]
    # Each batch row is exactly what a direct run with the same parameters and seed collects.
    rows = df[(df["rng"] == 2) & (df["design_cycle_quarters"] == 8)].reset_index(drop=True)
    direct = tables(run(2, steps=12, design_cycle_quarters=8))["model"]
    pdt.assert_frame_equal(rows[list(MODEL_METRICS)], direct[list(MODEL_METRICS)], check_dtype=False)


def test_batch_run_deprecated_iterations_form():
    with pytest.warns(DeprecationWarning, match="iterations"):
        results = mesa.batch_run(ChipMarketModel, iterations=2, **BATCH_KW)
    _check_batch(results, n_seeds=2)


# ---------------------------------------------------------------------------------------------
# Pickling
# ---------------------------------------------------------------------------------------------
def test_model_pickles_and_the_copy_steps_identically():
    original = ChipMarketModel(rng=11, steps=10)
    for _ in range(4):
        original.step()
    copy = pickle.loads(pickle.dumps(original))
    assert copy is not original
    assert copy.steps == original.steps and copy.params == original.params
    assert_same_tables(tables(copy), tables(original))
    for _ in range(6):
        original.step()
        copy.step()
    assert_same_tables(tables(copy), tables(original))
    assert copy.running == original.running


# ---------------------------------------------------------------------------------------------
# Scale
# ---------------------------------------------------------------------------------------------
def test_ten_thousand_enterprises_run_with_finite_metrics():
    steps = 4
    model = run(5, steps=steps, n_enterprises=10_000)
    assert model.population.n_enterprises == 10_000
    df = tables(model)["model"]
    assert df["step"].tolist() == list(range(steps))
    numeric = [c for c in MODEL_METRICS if c != "period"]
    values = df[numeric].to_numpy(dtype=float)
    bad = {c: df[c].tolist() for j, c in enumerate(numeric) if not np.isfinite(values[:, j]).all()}
    assert not bad, f"non-finite metrics at 10,000 enterprises: {bad}"


# ---------------------------------------------------------------------------------------------
# CLI and the output contract
# ---------------------------------------------------------------------------------------------
def test_cli_writes_every_file_of_the_output_contract(tmp_path):
    out = tmp_path / "run"
    steps = 6
    status = cli.main(
        [
            "run",
            "--scenario",
            "baseline",
            "--seed",
            "4",
            "--steps",
            str(steps),
            "--set",
            "design_cycle_quarters=8",
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert status == 0
    for filename, columns in OUTPUT_COLUMNS.items():
        path = out / filename
        assert path.is_file(), f"{filename} not written"
        df = pd.read_parquet(path)
        missing = [c for c in columns if c not in df.columns]
        assert not missing, f"{filename} lacks columns {missing}"
    model_df = pd.read_parquet(out / "model.parquet")
    assert model_df["step"].tolist() == list(range(steps))
    assert len(pd.read_parquet(out / "shares.parquet")) > 0
    assert len(pd.read_parquet(out / "projects.parquet")) > 0

    meta = json.loads((out / "run.json").read_text())
    missing = [k for k in RUN_JSON_KEYS if k not in meta]
    assert not missing, f"run.json lacks {missing}"
    assert meta["scenario"] == "baseline"
    assert meta["seed"] == 4
    assert meta["parameters"]["steps"] == steps
    assert meta["parameters"]["design_cycle_quarters"] == 8
    assert "mesa" in meta["versions"] and "python" in meta["versions"]
    assert isinstance(meta["wall_seconds"], int | float) and meta["wall_seconds"] >= 0

    png = out / "summary.png"
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_cli_output_matches_the_in_process_tables(tmp_path):
    """What the CLI writes for a seed is what the model produces for that seed."""
    out = tmp_path / "run"
    assert cli.main(["run", "--seed", "9", "--steps", "4", "--out", str(out), "--quiet", "--no-figure"]) == 0
    expected = tables(run(9, steps=4))["model"]
    written = pd.read_parquet(out / "model.parquet")
    pdt.assert_frame_equal(written[list(MODEL_METRICS)], expected[list(MODEL_METRICS)], check_dtype=False)


def test_console_script_exits_zero(tmp_path):
    script = Path(sys.executable).parent / "market-sim"
    assert script.is_file(), f"console script not installed at {script}"
    out = tmp_path / "run"
    proc = subprocess.run(
        [str(script), "run", "--steps", "2", "--seed", "1", "--out", str(out), "--quiet", "--no-figure"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert (out / "model.parquet").is_file() and (out / "run.json").is_file()


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------
def test_period_labels():
    assert period_label(0) == "2020Q1"
    assert period_label(3) == "2020Q4"
    assert period_label(4) == "2021Q1"
    assert period_label(63) == "2035Q4"


def test_default_run_spans_2020q1_to_2035q4():
    model = ChipMarketModel(rng=1)  # the scenario's default length: 64 quarters
    while model.running:
        model.step()
    out = tables(model)
    df = out["model"].set_index("step")
    assert df.index.tolist() == list(range(64))
    assert df.loc[0, "period"] == "2020Q1"
    assert df.loc[0, "year"] == 2020.0
    assert df.loc[63, "period"] == "2035Q4"
    assert 2035.0 <= df.loc[63, "year"] < 2036.0
    # Every table with a step and a period labels them the same way.
    for name, table in out.items():
        if {"step", "period"} <= set(table.columns) and len(table):
            labels = table["step"].map(lambda s: period_label(int(s)))
            assert (table["period"] == labels).all(), f"{name}: period does not match step"


def test_batch_run_takes_scenario_names_and_reports_them():
    """``scenario`` is a parameter of batch_run like any other: names in, names in the results."""
    results = mesa.batch_run(
        ChipMarketModel,
        parameters={"scenario": ["baseline", "reasoning_models"], "switching_cost": [1.0, 2.0], "steps": 22},
        rng=[1, 2],
        max_steps=22,
        data_collection_period=-1,
        number_processes=1,
        display_progress=False,
    )
    df = pd.DataFrame(results)
    assert len(df) == 2 * 2 * 2
    assert sorted(df["scenario"].unique()) == ["baseline", "reasoning_models"]
    by_scenario = df.groupby("scenario")["frontier_inference_intensity"].mean()
    # The reasoning shift of 2024Q4 has happened by 2025Q2 in the reasoning scenario only.
    assert by_scenario["reasoning_models"] > by_scenario["baseline"] + 0.1
