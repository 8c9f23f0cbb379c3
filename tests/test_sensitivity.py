"""SALib designs in experiments, and sensitivity indices read back from a sweep."""

from __future__ import annotations

import pandas as pd
import pytest

from market_sim.analysis.fact_sensitivity import fact_sensitivity
from market_sim.analysis.facts import FACTS
from market_sim.analysis.sensitivity import sensitivity
from market_sim.cli import main
from market_sim.experiments import Experiment, ExperimentError, design_points, run_sweep

BOUNDS = {"switching_cost": [0.5, 5.0], "design_cycle_quarters": [6, 16]}


@pytest.mark.parametrize(
    "method, n, points", [("sobol", 8, 8 * (2 + 2)), ("morris", 3, 3 * (2 + 1)), ("latin", 10, 10)]
)
def test_designs_have_salibs_size_stay_in_bounds_and_round_integer_parameters(method, n, points):
    names, rows = design_points({"method": method, "n": n, "bounds": BOUNDS, "seed": 3})
    assert names == ["switching_cost", "design_cycle_quarters"] and len(rows) == points
    assert all(0.5 <= r[0] <= 5.0 and 6 <= r[1] <= 16 and isinstance(r[1], int) for r in rows)
    assert rows == design_points({"method": method, "n": n, "bounds": BOUNDS, "seed": 3})[1]  # seeded
    assert rows != design_points({"method": method, "n": n, "bounds": BOUNDS, "seed": 4})[1]


@pytest.mark.parametrize(
    "sample, words",
    [
        ({"method": "fast", "n": 8, "bounds": BOUNDS}, ["fast", "sobol, morris, latin"]),
        ({"method": "sobol", "n": 12, "bounds": BOUNDS}, ["12", "power of two"]),
        ({"method": "latin", "n": 8, "bounds": {"switching_cost": [0.5, 50.0]}}, ["switching_cost", "10.0"]),
        ({"method": "latin", "n": 8, "bounds": {"switching_kost": [0.5, 5.0]}}, ["switching_kost"]),
        ({"method": "latin", "n": 8, "bounds": {"rationing_rule": [0, 1]}}, ["rationing_rule", "numeric"]),
        ({"method": "latin", "n": 8, "bounds": BOUNDS, "size": 3}, ["size", "allowed"]),
    ],
)
def test_bad_designs_name_the_key_and_what_is_allowed(sample, words):
    with pytest.raises(ExperimentError) as err:
        Experiment(seeds=(1,), sample=sample)
    for word in words:
        assert word in str(err.value)


def test_a_sampled_key_may_not_also_be_set_or_gridded():
    with pytest.raises(ExperimentError, match="switching_cost.*one place"):
        Experiment(
            seeds=(1,), fixed={"switching_cost": 1.0}, sample={"method": "latin", "n": 4, "bounds": BOUNDS}
        )


def test_plan_runs_every_design_point_with_every_seed_even_when_points_repeat():
    experiment = Experiment(seeds=(1, 2), sample={"method": "morris", "n": 4, "bounds": BOUNDS, "seed": 1})
    plan = experiment.runs()
    assert len(plan) == 4 * 3 * 2 and len({r.run_id for r in plan}) == len(plan)
    assert sorted({r.design_point for r in plan}) == list(range(12))


@pytest.fixture(scope="module")
def morris_sweep(tmp_path_factory):
    # 12 quarters end in 2022Q4, before the reasoning shift (2024Q4): its size cannot matter.
    out = tmp_path_factory.mktemp("morris")
    experiment = Experiment(
        name="morris",
        seeds=(1,),
        fixed={"steps": 12, "n_enterprises": 40},
        tables=("model",),
        sample={
            "method": "morris",
            "n": 4,
            "seed": 2,
            "bounds": {"switching_cost": [0.0, 6.0], "reasoning_shift_size": [0.0, 0.4]},
        },
    )
    report = run_sweep(experiment, out, executor="serial", progress=False)
    assert report.failed == 0
    return out


def test_morris_finds_the_lever_that_acts_and_the_one_that_cannot(morris_sweep):
    table = sensitivity(morris_sweep, "incumbent_revenue_share", (2021, 2022)).set_index("parameter")
    assert table.loc["reasoning_shift_size", "mu_star"] == 0.0
    assert table.loc["switching_cost", "mu_star"] > 0.01
    assert list(table.index) == ["switching_cost", "reasoning_shift_size"]  # most influential first


def test_sensitivity_needs_a_sampled_sweep_and_a_known_measure(morris_sweep, tmp_path):
    run_sweep(
        Experiment(seeds=(1,), fixed={"steps": 4}, tables=("model",)),
        tmp_path,
        executor="serial",
        progress=False,
    )
    with pytest.raises(ExperimentError, match=r"sampled no design.*\[sample\]"):
        sensitivity(tmp_path, "incumbent_revenue_share", (2020, 2020))
    with pytest.raises(
        ExperimentError, match="measure 'share' is unknown; allowed: .*incumbent_revenue_share"
    ):
        sensitivity(morris_sweep, "share", (2021, 2022))
    with pytest.raises(ExperimentError, match="design points have no finished run.*2030-2031"):
        sensitivity(morris_sweep, "incumbent_revenue_share", (2030, 2031))


def test_cli_sensitivity_prints_the_indices_and_writes_table_and_figure(morris_sweep, capsys):
    assert (
        main(
            ["sensitivity", str(morris_sweep), "--measure", "incumbent_revenue_share", "--years", "2021-2022"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "morris design, 12 design points" in out and "switching_cost" in out
    table = pd.read_csv(morris_sweep / "sensitivity_incumbent_revenue_share.csv")
    assert list(table["parameter"]) == ["switching_cost", "reasoning_shift_size"]
    assert (morris_sweep / "sensitivity_incumbent_revenue_share.png").stat().st_size > 5_000


def test_cli_sensitivity_with_bad_years_is_one_line_and_exit_2(morris_sweep, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["sensitivity", str(morris_sweep), "--years", "2030-2020"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "years" in err


@pytest.fixture(scope="module")
def facts_sobol_sweep(tmp_path_factory):
    # 2020-2025 with the reasoning shift moved to 2030: its size cannot move a fact.
    out = tmp_path_factory.mktemp("facts_sobol")
    experiment = Experiment(
        name="facts_sobol",
        seeds=(1,),
        fixed={"steps": 24, "n_enterprises": 40, "reasoning_shift_year": 2030.0},
        tables=("model", "vendors"),
        sample={
            "method": "sobol",
            "n": 8,
            "seed": 3,
            "bounds": {"challenger_maturity": [0.15, 0.75], "reasoning_shift_size": [0.0, 0.4]},
        },
    )
    assert run_sweep(experiment, out, executor="serial", progress=False).failed == 0
    return out


def test_fact_sensitivity_tells_a_parameter_the_facts_see_from_one_they_cannot(facts_sobol_sweep):
    table = fact_sensitivity(facts_sobol_sweep).set_index("parameter")
    assert {f.fact_id for f in FACTS} <= set(table.columns)
    assert (
        table.loc["challenger_maturity", "influential"] and table.loc["challenger_maturity", "max_ST"] > 0.5
    )
    assert table.loc["reasoning_shift_size", "max_ST"] == pytest.approx(0.0, abs=1e-9)
    assert not table.loc["reasoning_shift_size", "influential"]
    assert list(table.index) == ["challenger_maturity", "reasoning_shift_size"]  # most influential first


def test_fact_sensitivity_needs_a_sobol_design(morris_sweep):
    with pytest.raises(ExperimentError, match='morris design.*method = "sobol"'):
        fact_sensitivity(morris_sweep)


def test_cli_sensitivity_facts_prints_the_verdicts_and_writes_table_and_figure(facts_sobol_sweep, capsys):
    assert main(["sensitivity", str(facts_sobol_sweep), "--facts"]) == 0
    out = capsys.readouterr().out
    assert "influential  challenger_maturity" in out and "1 of 2 parameters influential" in out
    assert (
        pd.read_csv(facts_sobol_sweep / "sensitivity_facts.csv")["parameter"].tolist()[0]
        == "challenger_maturity"
    )
    assert (facts_sobol_sweep / "sensitivity_facts.png").stat().st_size > 5_000
