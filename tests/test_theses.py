"""Thesis verdicts: paired effects with confidence bands, read from a sweep."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from market_sim import builtin_scenarios
from market_sim.analysis.claims import CLAIMS, Claim
from market_sim.analysis.measures import MEASURES
from market_sim.analysis.theses import paired_effect, verdict, verdicts
from market_sim.cli import main
from market_sim.experiments import Experiment, ExperimentError, run_sweep
from market_sim.scenario import load_scenario

# The reasoning shift lands in 2024Q4; 28 quarters reach 2026Q4.
SWEEP = Experiment(
    name="theses-small",
    scenarios=("baseline", "reasoning_models"),
    seeds=(1, 2, 3, 4),
    fixed={"steps": 28, "n_enterprises": 40},
)
INFERENCE_UP = Claim(
    "reasoning_models", "004", "compute moves to inference", "inference_compute_share", (2025, 2026), "up"
)


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("theses")
    run_sweep(SWEEP, out, executor="serial", progress=False)
    return out


def test_paired_effect_is_the_mean_difference_with_a_t_band():
    treated, control = np.array([3.0, 4.0, 5.0, 6.0]), np.array([1.0, 1.0, 1.0, 1.0])
    e = paired_effect(treated, control, confidence=0.95)
    assert e["n"] == 4 and e["effect"] == pytest.approx(3.5)
    se = np.std([2.0, 3.0, 4.0, 5.0], ddof=1) / 2
    assert e["se"] == pytest.approx(se)
    assert e["high"] - e["effect"] == pytest.approx(3.182446 * se, rel=1e-5)  # t(0.975, 3)
    assert (
        paired_effect(np.array([1.0]), np.array([0.0]))["low"]
        != paired_effect(np.array([1.0]), np.array([0.0]))["low"]
    )  # NaN


def test_paired_effect_ignores_pairs_with_a_missing_value():
    e = paired_effect(np.array([2.0, np.nan, 4.0]), np.array([1.0, 1.0, 1.0]))
    assert e["n"] == 2 and e["effect"] == pytest.approx(2.0)


@pytest.mark.parametrize(
    "low, high, direction, expected",
    [
        (0.1, 0.3, "up", "supported"),
        (-0.3, -0.1, "up", "contradicted"),
        (-0.1, 0.2, "up", "not resolved"),
        (-0.3, -0.1, "down", "supported"),
        (0.1, 0.3, "down", "contradicted"),
        (-0.1, 0.2, "down", "not resolved"),
        (np.nan, np.nan, "up", "not resolved"),
    ],
)
def test_verdict_reads_the_band_against_the_predicted_direction(low, high, direction, expected):
    assert verdict(low, high, direction) == expected


def test_every_claim_is_about_a_shipped_scenario_and_a_known_measure():
    references = {c.reference for c in CLAIMS if c.reference}
    assert {c.scenario for c in CLAIMS} | references == set(builtin_scenarios()) - {"baseline"}
    assert all(c.reference != c.scenario for c in CLAIMS)
    assert all(c.measure in MEASURES and c.years[0] <= c.years[1] for c in CLAIMS)
    with pytest.raises(ValueError, match="allowed"):
        Claim("reasoning_models", "004", "x", "no_such_measure", (2025, 2030), "up")


def test_the_reasoning_shift_is_read_as_supported_and_its_opposite_as_contradicted(sweep_dir):
    opposite = Claim(**{**INFERENCE_UP.__dict__, "direction": "down"})
    table = verdicts(sweep_dir, claims=(INFERENCE_UP, opposite))
    assert list(table["verdict"]) == ["supported", "contradicted"]
    row = table.iloc[0]
    assert row["n"] == 4 and row["low"] > 0 and row["scenario_value"] > row["baseline"]
    assert (
        row["relative_effect"] == pytest.approx(row["effect"] / row["baseline"]) and not row["small_effect"]
    )
    # the effect is the paired mean of the per-seed measures
    model = pd.read_parquet(sweep_dir / "model.parquet")
    window = model[(model["step"] >= 20) & (model["step"] < 28)]
    per_run = window.groupby(["scenario", "seed"])["inference_compute_share"].mean().unstack("scenario")
    assert row["effect"] == pytest.approx((per_run["reasoning_models"] - per_run["baseline"]).mean())


def test_verdicts_need_a_baseline_and_the_tables_the_claims_read(sweep_dir, tmp_path):
    with pytest.raises(ExperimentError, match="no 'nope' runs.*baseline, reasoning_models"):
        verdicts(sweep_dir, claims=(INFERENCE_UP,), baseline="nope")
    with pytest.raises(ExperimentError, match="not a sweep directory"):
        verdicts(tmp_path, claims=(INFERENCE_UP,))
    only_model = tmp_path / "only_model"
    run_sweep(
        Experiment(
            scenarios=("baseline", "reasoning_models"), seeds=(1,), fixed={"steps": 4}, tables=("model",)
        ),
        only_model,
        executor="serial",
        progress=False,
    )
    with pytest.raises(ExperimentError, match="'shares' table"):
        verdicts(
            only_model,
            claims=(
                Claim("reasoning_models", "004", "x", "inference_chip_compute_share", (2020, 2020), "up"),
            ),
        )


def test_cli_verdicts_prints_every_claim_and_writes_table_and_figure(sweep_dir, capsys):
    assert main(["verdicts", str(sweep_dir)]) == 0
    out = capsys.readouterr().out
    n_claims = sum(c.scenario == "reasoning_models" for c in CLAIMS)
    assert sum(line.startswith("  ") and "reasoning_models" in line for line in out.splitlines()) == n_claims
    table = pd.read_csv(sweep_dir / "verdicts.csv")
    assert len(table) == n_claims and set(table["verdict"]) <= {"supported", "contradicted", "not resolved"}
    assert (sweep_dir / "verdicts.png").stat().st_size > 10_000


def test_cli_verdicts_with_a_bad_confidence_is_one_line_and_exit_2(sweep_dir, capsys):
    assert main(["verdicts", str(sweep_dir), "--confidence", "1.5"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "confidence" in err and "allowed" in err


def test_a_sweep_with_no_finished_run_says_so_rather_than_blaming_a_table(tmp_path, monkeypatch):
    from market_sim.model import ChipMarketModel

    def broken_step(model):
        raise RuntimeError("broken")

    monkeypatch.setattr(ChipMarketModel, "step", broken_step)
    run_sweep(
        Experiment(scenarios=("baseline", "reasoning_models"), seeds=(1,), fixed={"steps": 4}),
        tmp_path,
        executor="serial",
        progress=False,
    )
    with pytest.raises(ExperimentError, match="no run of the sweep.*has finished.*failures"):
        verdicts(tmp_path, claims=(INFERENCE_UP,))


def test_the_theses_experiment_runs_every_claim_s_scenario_and_reference():
    import tomllib
    from pathlib import Path

    with open(Path(__file__).resolve().parents[1] / "experiments" / "theses.toml", "rb") as f:
        ran = set(tomllib.load(f)["scenarios"])
    assert {s for c in CLAIMS for s in (c.scenario, c.reference) if s} | {"baseline"} <= ran


def test_lab_vertical_integration_is_read_against_the_same_market_without_the_lab_s_chip():
    """The baseline's lab already launches its programme (2022), so the thesis names its counterfactual:
    lab_buys_chips differs from lab_vertical_integration only in the lab's chip (and the year that
    scripts it), nothing else."""
    claims = [c for c in CLAIMS if c.scenario == "lab_vertical_integration"]
    assert claims and {c.reference for c in claims} == {"lab_buys_chips"}
    thesis, reference = (load_scenario(n).to_dict() for n in ("lab_vertical_integration", "lab_buys_chips"))
    differ = {k for k in thesis if k not in ("name", "description") and thesis[k] != reference[k]}
    assert differ == {"frontier_lab_may_make", "frontier_lab_program_year"}


def test_a_claim_is_paired_with_the_reference_it_names(sweep_dir):
    """Read against reasoning_models itself, the reasoning shift has no effect at all; read against the
    baseline it has the effect of the test above."""
    against_itself = Claim(**{**INFERENCE_UP.__dict__, "reference": "reasoning_models"})
    table = verdicts(sweep_dir, claims=(INFERENCE_UP, against_itself))
    assert list(table["reference"]) == ["baseline", "reasoning_models"]
    assert table.iloc[0]["effect"] > 0 and table.iloc[1]["effect"] == 0.0
    assert table.iloc[1]["baseline"] == table.iloc[1]["scenario_value"]


def test_a_claim_whose_reference_the_sweep_did_not_run_is_a_clear_error(sweep_dir):
    unrun = Claim(**{**INFERENCE_UP.__dict__, "reference": "lab_buys_chips"})
    with pytest.raises(ExperimentError, match="no 'lab_buys_chips' runs to read reasoning_models's claims"):
        verdicts(sweep_dir, claims=(unrun,))
