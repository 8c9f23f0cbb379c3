"""M3 information asymmetry: labs that withhold roadmaps blind merchant vendors (seed 000)."""

import pytest
from conftest import assert_effect, window

pytestmark = pytest.mark.causal
SHARE, WITHHOLD = dict(steps=48, roadmap_sharing_prob=1.0), dict(steps=48, roadmap_sharing_prob=0.0)


def merchant_forecast_error(r):
    p = r["projects"]
    done = p[
        (p["start_step"] >= 1) & p["status"].isin(["shipped", "failed"]) & (p["designer_kind"] == "merchant")
    ]
    return done["forecast_error"].mean()


def merchant_share_of_frontier_lab_compute(r):
    f = window(r["flows"], 20, 47)
    f = f[f["buyer"].str.startswith("frontier_lab")]
    return f.loc[f["supplier_kind"] != "in_house", "effective_compute"].sum() / f["effective_compute"].sum()


def test_withheld_roadmaps_raise_merchant_forecast_error(arms):
    assert_effect(
        [merchant_forecast_error(r) for r in arms(**WITHHOLD)],
        [merchant_forecast_error(r) for r in arms(**SHARE)],
        +1,
        label="merchant forecast error",
    )


def test_withheld_roadmaps_lower_merchant_share_of_frontier_lab_compute(arms):
    assert_effect(
        [merchant_share_of_frontier_lab_compute(r) for r in arms(**WITHHOLD)],
        [merchant_share_of_frontier_lab_compute(r) for r in arms(**SHARE)],
        -1,
        label="merchant share of frontier-lab compute 2025-31",
    )


def test_own_chip_team_sees_its_lab_roadmap_fully(arms):
    """With no noise on the in-house view, a lab's own chip meets exactly the workload it was designed for."""
    runs = arms(steps=40, frontier_lab_program_year=2020.0, in_house_roadmap_noise=0.0)
    errors = []
    for r in runs:
        p = r["projects"]
        own = p[(p["designer"] == "in_house:frontier_lab_1") & p["status"].isin(["shipped", "failed"])]
        errors.extend(own["forecast_error"].tolist())
    assert errors, "the lab's programme should have finished projects by 2029"
    assert max(errors) < 1e-9
