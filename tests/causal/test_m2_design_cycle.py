"""M2 design cycles: specs are frozen D quarters before they meet the workload (seeds 000, 001)."""

import pytest
from conftest import assert_effect, window

from market_sim.economics import design

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
                    assert pr.respin_quarters in (0, model.params.respin_quarters)
                    assert pr.ship_step - pr.start_step == cycle + pr.respin_quarters
        shipped = r["events"][r["events"]["kind"] == "chip_shipped"]
        starts = r["projects"].set_index("project_id")["start_step"]
        for _, ev in shipped.iterrows():
            assert ev["step"] - starts[ev["detail"]] >= cycle


# An experienced team's first silicon fails often enough to show in ten seeds (the baseline: 0.08).
RESPUN = dict(later_design_failure_prob=0.5, respin_quarters=2)
LOST = dict(later_design_failure_prob=0.5, respin_quarters=0)
MERCHANTS = ("incumbent", "challenger", "cpu_vendor")


def newest_merchant_chip_age(r, first=8, last=39) -> float:
    """Quarters since the newest chip a merchant vendor sells shipped, over its quarters on the market
    in 2022-29, averaged over the three merchant vendors."""
    products = window(r["products"], first, last)
    mine = products[products["vendor"].isin(MERCHANTS)]
    newest = mine.groupby(["vendor", "step"])["ship_step"].max().reset_index()
    return float((newest["step"] - newest["ship_step"]).mean())


def check_m2_respin(respun, lost):
    """A failed later chip respun (two quarters late) against one lost: the merchants' newest chips on
    the market are at least 3 quarters younger over 2022-29. With half of their later chips failing, a
    lost one leaves the vendor selling the generation before for a whole cadence (4-8 quarters) more, or
    longer when the next fails too; a respun one for two quarters. The model gives 10.8 -> 3.4 quarters
    over seeds 1-10 (a respin neutralised to a loss: no change)."""
    assert_effect(
        [newest_merchant_chip_age(r) for r in respun],
        [newest_merchant_chip_age(r) for r in lost],
        -1,
        min_effect=3.0,
        label="age of the merchants' newest chips 2022-29 (quarters), failed parts respun vs lost",
    )


def test_an_experienced_teams_failed_part_is_respun_not_lost(arms):
    check_m2_respin(arms(**RESPUN), arms(**LOST))


def test_a_respin_that_loses_the_part_is_caught(arms, monkeypatch):
    """Neutralised: a failed later chip is lost even where a respin is allowed."""
    real = design.first_silicon

    def no_respin(draw, p_fail, is_first_chip, respin_quarters):
        return real(draw, p_fail, is_first_chip, 0)

    monkeypatch.setattr(design, "first_silicon", no_respin)
    with pytest.raises(AssertionError):
        check_m2_respin(arms.__class__()(**RESPUN), arms.__class__()(**LOST))
