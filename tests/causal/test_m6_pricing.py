"""M6 pricing: programmes as negotiating leverage (seed 001); the defensive margin cushion (seed 002)."""

import pytest
from conftest import assert_consistent, assert_effect, current_generation, window

pytestmark = pytest.mark.causal
# Other buyers' reviews are switched off so that only frontier lab 1's programme differs.
# Supply is ample in both arms: in a shortage the vendor's walk-away nears list (a unit the lab refuses
# sells to another buyer), and a programme is then no threat (model version 12).
NO_PROGRAMME = dict(make_or_buy_hurdle=100.0, foundry_capacity_units=2_000_000.0)
PROGRAMME_2024 = dict(NO_PROGRAMME, frontier_lab_program_year=2024.0)
LOCKED, OPEN = dict(switching_cost=1.5), dict(switching_cost=0.3)
COST_PLUS = dict(incumbent_pricing="cost_plus")
DEAR_RIVALS, CHEAP_RIVALS = dict(in_house_overhead=3.0), dict(in_house_overhead=0.3)


def lab_price_from_incumbent(first, last):
    """What frontier lab 1 pays for the incumbent's chips bought directly, relative to what the other
    large buyers pay for the same chip in the same quarter (so that the incumbent's list price and
    its mix of generations, which the programme also moves, do not count)."""

    def measure(r):
        f = window(r["flows"], first, last)
        f = f[(f["supplier"] == "incumbent") & (f["channel"] == "direct") & (f["buyer"] != "enterprises")]
        lab = f[f["buyer"] == "frontier_lab_1"]
        others = f[f["buyer"] != "frontier_lab_1"].groupby(["step", "chip"])[["spend", "units"]].sum()
        others = (others["spend"] / others["units"]).rename("others_price").reset_index()
        lab = lab.merge(others, on=["step", "chip"])
        return lab["spend"].sum() / (lab["units"] * lab["others_price"]).sum()

    return measure


def check_m6_programme_leverage(without, with_programme, *, first=17, last=31):
    """An unshipped programme is an outside option for the lab's inference volume (its share phi of
    the budget), weighted by its chance of shipping (q = 0.65), at 30 % below the cheapest merchant
    deal. It lowers the break-even price against which the lab bargains only where the programme
    beats the lab's best merchant alternative (switching included), and the lab gains (1 - theta) of
    that fall; against the incumbent, whose rivals cost the lab 20-40 % more after switching, the
    programme's threat is the cheaper by about a third, and with phi ~ 0.3, q = 0.65 and the vendor's
    share of the range theta ~ 0.8 the lab should pay about (1 - theta) phi q / 3 ~ 1.3 % less,
    relative to what the other large buyers pay for the same chip in the same quarter, than without a
    programme: at least 0.75 % (the model gives ~0.9 % in 2024-27 at model version 13, whose estimate
    has dearer switching; 2.3 % at version 12; ~4 % before version 12, whose walk-away was a floor
    below list). With supply short the walk-away nears list and the programme is no threat: the arms
    hold supply ample.
    """
    for r in with_programme:  # its first chip cannot ship before hiring + the design cycle
        ships = r["events"].query("kind == 'chip_shipped' and agent == 'in_house:frontier_lab_1'")["step"]
        assert ships.empty or ships.min() > last
    measure = lab_price_from_incumbent(first, last)
    assert_effect(
        [measure(r) for r in with_programme],
        [measure(r) for r in without],
        -1,
        min_relative=0.0075,
        label=f"frontier lab 1's price for incumbent chips, steps {first}-{last}",
    )


def test_unshipped_programme_lowers_negotiated_price(arms):
    check_m6_programme_leverage(arms(steps=32, **NO_PROGRAMME), arms(steps=32, **PROGRAMME_2024))


def incumbent_margin(first, last):
    """The incumbent's realised gross margin on its current generation, mean over the window: the
    margin its strategy and bargaining set, without the mix of old and new parts it sells."""

    def measure(r):
        current = current_generation(r, "incumbent", first, last)
        return float((1.0 - current["unit_cost"] / current["realized_price"]).mean())

    return measure


def check_m6_defensive_pricing(runs, *, first=8, last=39):
    """Cheaper rival chips cut the incumbent's share; a defensive pricer answers with its margin, a
    cost-plus pricer only through what bargaining gives up (a cheaper programme is a better outside
    option in both).

    ``runs`` maps (pricing, rivals) to arms: ("defensive" | "cost_plus", "dear" | "cheap"), the lever
    being the design partner's margin on in-house chips (3.0 against 0.3): cheap in-house chips take
    share from the incumbent after its early peak. The check is the difference in differences: the
    change in the incumbent's gross margin on its current generation (the part its list price is set
    for) from dear to cheap rivals under defensive pricing, minus the same change under cost-plus.
    The defensive markup is cut by 2 per unit of share lost from the running peak; with cheap rivals
    the markup is ~0.3 lower (the model gives -0.28), ~0.03 of list margin (dm / (1 + m)^2), less
    what large buyers bargain below list. The defensive pricer should give up at least 0.005 more of
    gross margin than the cost-plus one. The lever itself must move the share: with cheap rivals the
    incumbent holds at least 0.05 less of revenue.

    (Until model version 10 the lever was switching cost; with the run-down of old parts and the
    qualification of new ones the incumbent's share dips after every launch in both arms, so lock-in
    no longer changes how far it falls from its peak, and the markups differed by 0.02.)
    """
    share = lambda r: window(r["model"], first, last)["incumbent_revenue_share"].mean()  # noqa: E731
    assert_effect(
        [share(r) for r in runs["defensive", "cheap"]],
        [share(r) for r in runs["defensive", "dear"]],
        -1,
        min_effect=0.05,
        label=f"incumbent revenue share, cheap vs dear in-house chips, steps {first}-{last}",
    )
    margin = incumbent_margin(first, last)

    def change(pricing):
        return [
            margin(c) - margin(d) for c, d in zip(runs[pricing, "cheap"], runs[pricing, "dear"], strict=True)
        ]

    # A sign test across seeds: where cheap rivals take the incumbent far from its peak share, the
    # cut runs to the floor, which swamps standard errors.
    assert_consistent(
        change("defensive"),
        change("cost_plus"),
        -1,
        min_effect=0.005,
        label=f"incumbent margin change, cheap vs dear rivals, defensive - cost-plus, steps {first}-{last}",
    )


def defensive_runs(arms, **common):
    """The four arms, scarcity pricing held off in all: the lever also moves lead times, and
    scarcity's markup on top of the strategy's would blur the margin the strategy sets."""
    common = common | dict(scarcity_markup=0.0)
    return {
        ("defensive", "dear"): arms(**common, **DEAR_RIVALS),
        ("defensive", "cheap"): arms(**common, **CHEAP_RIVALS),
        ("cost_plus", "dear"): arms(**common, **DEAR_RIVALS, **COST_PLUS),
        ("cost_plus", "cheap"): arms(**common, **CHEAP_RIVALS, **COST_PLUS),
    }


def test_defensive_incumbent_cuts_margin_when_it_loses_share(arms):
    check_m6_defensive_pricing(defensive_runs(arms))
