"""Estimation from the facts (ABC-SMC, pyabc): the distance, the identified rule, reproducibility,
resume, bad input, and recovery of a known parameter from facts it generated."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import market_sim
from market_sim.analysis.estimate import (
    covers,
    estimate,
    facts_distance,
    identified,
    simulate_facts,
    uniform_sd,
)
from market_sim.analysis.posterior import posterior_draws, shipped_posterior
from market_sim.cli import main
from market_sim.experiments import ExperimentError
from market_sim.scenario import load_scenario

SMALL = {"n_enterprises": 40}  # a cheaper market: the recovery needs only the incumbent's margin


def test_facts_distance_is_zero_inside_and_counts_seeds_outside_by_hand():
    bands = {"F1": (0.7, 0.9), "F2": (0.0, 1.0)}
    inside = pd.DataFrame({"F1": [0.75, 0.85], "F2": [0.5, 0.5]})
    assert facts_distance(inside, bands) == 0.0
    # F1: mean 1.0 is half a band width (0.2) above the band: 0.5^2; no seed inside: (1 - 0)^2.
    outside = pd.DataFrame({"F1": [0.95, 1.05], "F2": [0.5, 0.5]})
    assert facts_distance(outside, bands) == pytest.approx(np.sqrt(0.5**2 + 1.0))
    # The mean in the band with one seed of two outside still costs (1 - 0.5)^2.
    scattered = pd.DataFrame({"F1": [0.65, 0.85], "F2": [0.5, 0.5]})
    assert facts_distance(scattered, bands) == pytest.approx(0.5)
    # A conditional fact counted in no seed adds nothing.
    assert facts_distance(pd.DataFrame({"F1": [np.nan, np.nan]}), {"F1": (0.7, 0.9)}) == 0.0


def test_identified_means_the_posterior_sd_is_below_six_tenths_of_the_priors():
    prior = uniform_sd(0.0, 1.0)
    assert prior == pytest.approx(1 / np.sqrt(12))
    assert identified(0.5 * prior, prior) and not identified(0.7 * prior, prior)


def test_a_posterior_that_stays_at_its_prior_fails_the_recovery_check():
    rng = np.random.default_rng(1)
    at_prior = rng.uniform(1.5, 3.5, 400)
    weights = np.ones_like(at_prior)
    sd = float(np.sqrt(np.cov(at_prior, aweights=weights)))
    assert covers(at_prior, weights, 2.5)  # it covers the truth, as a prior does
    assert not identified(sd, uniform_sd(1.5, 3.5))  # but it has not contracted: recovery fails
    narrow = rng.normal(2.5, 0.1, 400)
    assert covers(narrow, np.ones(400), 2.5) and not covers(narrow, np.ones(400), 3.0)


@pytest.fixture(scope="module")
def recovery(tmp_path_factory):
    """Facts generated with incumbent_markup = 2.5, then estimated with that parameter free."""
    truth = 2.5
    observed = simulate_facts(load_scenario("baseline", SMALL), {"incumbent_markup": truth}, (1,))
    # The incumbent's margin facts, with bands a fifth of the real ones around what the truth gave.
    bands = {f: (observed[f].iloc[0] - 0.012, observed[f].iloc[0] + 0.012) for f in ("F3a", "F3b")}
    out = tmp_path_factory.mktemp("recovery")
    result = estimate(
        out, {"incumbent_markup": (1.5, 3.5)}, population=10, generations=3, seeds=(1,), budget=200,
        overrides=SMALL, bands=bands,
    )  # fmt: skip
    return truth, out, result


def test_a_known_parameter_is_recovered_the_posterior_contracts_and_covers_it(recovery):
    truth, _, result = recovery
    row = result.summary["parameters"]["incumbent_markup"]
    assert row["identified"], row  # sd below 0.6 of the prior's
    post = result.posterior
    assert covers(post["incumbent_markup"].to_numpy(), post["weight"].to_numpy(), truth), row


def test_an_estimation_writes_its_posterior_summary_and_figure_and_resumes(recovery):
    _, out, result = recovery
    posterior = pd.read_parquet(out / "posterior.parquet")
    assert list(posterior.columns) == ["incumbent_markup", "weight", "distance", "generation"]
    assert len(posterior) == 10 and posterior["weight"].sum() == pytest.approx(1.0)
    summary = json.loads((out / "estimate.json").read_text())
    # At most 3 generations: fewer when every particle fits the bands (pyabc stops at epsilon 0)
    done = summary["generations"]
    assert done == posterior["generation"].iloc[0] + 1 and 2 <= done <= 3
    assert summary["model_runs"] >= 10 * done
    assert (out / "marginals.png").stat().st_size > 0
    # Run again on the same directory with one more generation: it continues from the database.
    again = estimate(
        out, {"incumbent_markup": (1.5, 3.5)}, population=10, generations=done + 1, seeds=(1,), budget=400,
        overrides=SMALL, bands={"F3a": (0.6, 0.7)},
    )  # fmt: skip
    assert again.summary["generations"] == done + 1
    assert again.summary["model_runs"] > summary["model_runs"]


def test_the_same_seed_gives_the_same_posterior(tmp_path):
    args = dict(
        population=4, generations=1, seeds=(1,), budget=50, overrides=SMALL, bands={"F3a": (0.6, 0.7)}
    )
    a = estimate(tmp_path / "a", {"incumbent_markup": (1.5, 3.5)}, seed=7, **args)
    b = estimate(tmp_path / "b", {"incumbent_markup": (1.5, 3.5)}, seed=7, **args)
    pd.testing.assert_frame_equal(a.posterior, b.posterior)


def test_bad_free_parameters_are_clear_errors(tmp_path):
    with pytest.raises(ExperimentError, match="'incumbent_makup'.*did you mean incumbent_markup"):
        estimate(tmp_path, {"incumbent_makup": (1.5, 3.5)})
    with pytest.raises(ExperimentError, match=r"range \[3.0, 2.0\] is not allowed"):
        estimate(tmp_path, {"incumbent_markup": (3.0, 2.0)})
    with pytest.raises(ExperimentError, match="population = 1 is not allowed"):
        estimate(tmp_path, {"incumbent_markup": (1.5, 3.5)}, population=1)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["calibrate"], "needs a SWEEP directory, or --estimate --out DIR"),
        (["calibrate", "--estimate"], "needs --out DIR"),
        (["calibrate", "--estimate", "--out", "x", "--seeds", "0"], "--seeds 0"),
    ],
)
def test_calibrate_estimate_bad_input_is_one_line_and_status_2(argv, message, capsys):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_posterior_draws_follow_the_weights_and_the_seed():
    sample = pd.DataFrame({"a": [1.0, 2.0, 3.0], "weight": [0.0, 1.0, 3.0], "distance": 0.5, "generation": 4})
    draws = posterior_draws(sample, 400, seed=7)
    values = np.array([d["a"] for d in draws])
    assert set(values) <= {2.0, 3.0}  # a particle of weight 0 is never drawn
    assert 0.65 < (values == 3.0).mean() < 0.85  # ~3/4
    assert draws == posterior_draws(sample, 400, seed=7)
    assert list(draws[0]) == ["a"]  # weight, distance and generation are not parameters


def test_posterior_draws_bad_input_is_a_clear_error():
    with pytest.raises(ExperimentError, match="draws = 0"):
        posterior_draws(pd.DataFrame({"a": [1.0], "weight": [1.0]}), 0)
    with pytest.raises(ExperimentError, match="'weight'"):
        posterior_draws(pd.DataFrame({"a": [1.0]}), 2)


def test_the_shipped_posterior_is_small_and_covers_the_estimated_parameters():
    sample = shipped_posterior()
    estimate = json.loads(
        (Path(market_sim.__file__).parent / "scenarios" / "baseline_estimate.json").read_text()
    )
    assert 0 < len(sample) <= 500
    assert set(estimate["parameters"]) <= set(sample.columns)


def test_facts_over_the_posterior(tmp_path, capsys):
    assert main(["facts", "--posterior", "--draws", "2", "--seeds", "1", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "2 posterior draws x 1 seeds" in out and "facts hold" in out
    runs = pd.read_csv(tmp_path / "facts_per_seed.csv")
    assert sorted(runs["draw"]) == [0, 1] and (tmp_path / "validation.parquet").exists()


def test_facts_posterior_that_is_no_file_is_one_line_and_status_2(capsys):
    assert main(["facts", "--posterior", "no/such.parquet", "--draws", "1", "--seeds", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no/such.parquet" in err[0]


def test_held_out_facts_leave_the_distance_and_are_recorded(tmp_path):
    """Holding out the only fact with a band (one no particle meets) leaves nothing to fit: every
    particle then has distance 0."""
    args = dict(
        population=4, generations=1, seeds=(1,), budget=50, overrides=SMALL, bands={"F3a": (0.95, 0.99)}
    )
    kept = estimate(tmp_path / "kept", {"incumbent_markup": (1.5, 3.5)}, **args)
    out = estimate(tmp_path / "out", {"incumbent_markup": (1.5, 3.5)}, held_out=("F3a",), **args)
    assert (kept.posterior["distance"] > 0).any() and (out.posterior["distance"] == 0).all()
    assert json.loads((tmp_path / "out" / "estimate.json").read_text())["held_out"] == ["F3a"]


def test_holding_out_an_unknown_fact_names_the_facts(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["calibrate", "--estimate", "--out", "x", "--hold-out", "F5,F11"])
    assert exit_.value.code == 2
    assert "F11: not a fact; allowed: F1, F2, F3a" in capsys.readouterr().err


def test_the_shipped_estimates_are_the_baselines_and_its_held_out_twin():
    """Both posterior samples ship beside baseline.toml: the baseline's on every fact, the held-out one
    with F5, F8 and F10 left out (decided before the run) over the same free parameters."""
    from market_sim.analysis.posterior import shipped_estimate, shipped_posterior

    baseline, holdout = shipped_estimate(), shipped_estimate("holdout")
    assert baseline["held_out"] == [] and holdout["held_out"] == ["F5", "F8", "F10"]
    assert set(baseline["parameters"]) == set(holdout["parameters"])
    assert baseline["model_version"] == holdout["model_version"]
    assert set(holdout["parameters"]) <= set(shipped_posterior("holdout").columns)
    with pytest.raises(ValueError, match="allowed: baseline, holdout"):
        shipped_posterior("elsewhere")
