"""M2 design cycles: specs are frozen D quarters before they meet the workload (seeds 000, 001)."""

import pytest
from conftest import assert_effect, window

pytestmark = pytest.mark.causal
LONG, SHORT = dict(design_cycle_quarters=12), dict(design_cycle_quarters=6)


def merchant_forecast_error(r):
    p = r["projects"]
    done = p[
        (p["start_step"] >= 1)
        & p["status"].isin(["shipped", "failed"])
        & p["designer_kind"].isin(["merchant", "start_up"])
    ]
    return done["forecast_error"].mean()


def merchant_chip_distance(first, last):
    """Mean distance of the merchants' and start-ups' chips on the market from the design target of
    the workload their customers run, over the quarters first..last: the design lag as buyers meet it."""

    def measure(r):
        c = window(r["_chips"], first, last)
        return c.loc[c["merchant"], "distance"].mean()

    return measure


def check_m2_design_lag(long_cycle, short_cycle, *, first=24, last=47):
    """A shorter cycle freezes the spec closer to ship, so both the recorded forecast error and the
    distance of the chips actually sold from their customers' workload fall.

    Minimum effects: the frontier moves ~0.02 per quarter (drift and noise over five coordinates), so
    six quarters less of lag should remove at least 0.05 of forecast error (a third of its ~0.15 span)
    and at least 0.03 of the distance of the chips on the market (which also age on the market for up
    to a cadence after they ship, in both arms alike). The second check is the one that sees the chip
    buyers get: a model that shipped chips built to the workload at ship and kept the frozen spec only
    for the record would pass the first and fail it.
    """
    assert_effect(
        [merchant_forecast_error(r) for r in short_cycle],
        [merchant_forecast_error(r) for r in long_cycle],
        -1,
        min_effect=0.05,
        label="merchant forecast error (frozen spec), D=6 vs D=12",
    )
    measure = merchant_chip_distance(first, last)
    assert_effect(
        [measure(r) for r in short_cycle],
        [measure(r) for r in long_cycle],
        -1,
        min_effect=0.03,
        label=f"distance of merchant chips on the market from the workload, steps {first}-{last}",
    )


def test_shorter_design_cycle_brings_chips_closer_to_the_workload(arms):
    check_m2_design_lag(
        arms(steps=48, observe_chips=True, **LONG), arms(steps=48, observe_chips=True, **SHORT)
    )


@pytest.mark.parametrize("cycle", [6, 12])
def test_nothing_ships_before_the_design_cycle_ends(arms, cycle):
    for r in arms(steps=48, observe_chips=True, design_cycle_quarters=cycle):
        model = r["_model"]
        for d in model.designers + model.retired_designers:
            for pr in d.projects:
                if pr.status == "shipped":
                    assert pr.ship_step - pr.start_step == cycle
        shipped = r["events"][r["events"]["kind"] == "chip_shipped"]
        starts = r["projects"].set_index("project_id")["start_step"]
        for _, ev in shipped.iterrows():
            assert ev["step"] - starts[ev["detail"]] >= cycle
