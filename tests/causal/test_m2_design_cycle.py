"""M2 design cycles: specs are frozen D quarters before they meet the workload (seeds 000, 001)."""

import pytest
from conftest import assert_effect

pytestmark = pytest.mark.causal


def merchant_forecast_error(r):
    p = r["projects"]
    done = p[
        (p["start_step"] >= 1)
        & p["status"].isin(["shipped", "failed"])
        & p["designer_kind"].isin(["merchant", "start_up"])
    ]
    return done["forecast_error"].mean()


def test_shorter_design_cycle_lowers_forecast_error(arms):
    long_cycle, short_cycle = (
        arms(steps=48, design_cycle_quarters=12),
        arms(steps=48, design_cycle_quarters=6),
    )
    assert_effect(
        [merchant_forecast_error(r) for r in short_cycle],
        [merchant_forecast_error(r) for r in long_cycle],
        -1,
        label="merchant forecast error, D=6 vs D=12",
    )


@pytest.mark.parametrize("cycle", [6, 12])
def test_nothing_ships_before_the_design_cycle_ends(arms, cycle):
    for r in arms(steps=48, design_cycle_quarters=cycle):
        model = r["_model"]
        for d in model.designers + model.retired_designers:
            for pr in d.projects:
                if pr.status == "shipped":
                    assert pr.ship_step - pr.start_step == cycle
        shipped = r["events"][r["events"]["kind"] == "chip_shipped"]
        starts = r["projects"].set_index("project_id")["start_step"]
        for _, ev in shipped.iterrows():
            assert ev["step"] - starts[ev["detail"]] >= cycle
