"""M6 bargaining with real gains from trade: the price is the vendor's walk-away plus its share of the
gains over the buyer's outside option; the walk-away is the vendor's opportunity cost (unit cost with
chips to spare, rising toward list as supply runs short); a responsive list follows what buyers pay;
maturity's returns to share (M5) decide what a small platform's chip is worth."""

import pytest
from conftest import assert_effect, current_generation, window

pytestmark = pytest.mark.causal
# No floor below list: the vendor's walk-away is its opportunity cost alone.
AT_COST = dict(max_negotiated_discount=1.0, scarcity_markup=0.0)
WEAK_ROCM, STRONG_ROCM = dict(challenger_maturity=0.35), dict(challenger_maturity=0.75)
AMPLE = dict(foundry_capacity_units=2_000_000.0)
SHORT = dict(foundry_capacity_units=200_000.0, foundry_capacity_growth_per_year=0.2)
# Supply ample in the responsive arms: in a shortage the walk-away nears list whoever has the upper hand.
# The street discount the list is set against at 0.24 (version 15's estimate): at version 16's 0.39
# buyers of either challenger pay more of its list than that, so both lists sit at the strategy's cap
# (a responsive list rises no higher) and the arms cannot differ.
RESPONSIVE = dict(challenger_pricing="responsive", street_discount=0.24, challenger_markup=1.5, **AMPLE)
LINEAR, CONCAVE = dict(maturity_share_exponent=1.0), dict(maturity_share_exponent=0.5)


def margin_of(vendor, first, last):
    """A vendor's realised gross margin on its current generation, unit-weighted over the window."""

    def measure(r):
        p = current_generation(r, vendor, first, last)
        return float(1.0 - (p["unit_cost"] * p["units"]).sum() / (p["realized_price"] * p["units"]).sum())

    return measure


def realised_to_list(vendor, first, last):
    """What buyers pay of a vendor's list on its current generation, unit-weighted over the window."""

    def measure(r):
        p = current_generation(r, vendor, first, last)
        return float((p["realized_price"] * p["units"]).sum() / (p["list_price"] * p["units"]).sum())

    return measure


def check_m6_gains_from_trade(weak, strong, *, first=8, last=31):
    """A challenger whose software delivers more of its chip's peak is worth more to buyers against the
    same outside option, and Nash bargaining gives the vendor its share of the larger gains: its margin
    rises. Maturity 0.75 against 0.35 lifts its effective performance by ~28 % (penalty 0.7), so the
    buyers' break-even price rises by at least as much; with the vendor taking 0.36 of the gains the
    margin on its current part should rise by at least 0.03 (the model gives ~0.16). Supply is ample in
    both arms, so that the walk-away stays at unit cost and no buyer waits: in a shortage the
    challenger's own queue moves its price as much as its software does (model version 13). (With the
    walk-away pinned at a discount off list the bargained price is the floor and the margin a
    parameter: the effect vanishes.)"""
    measure = margin_of("challenger", first, last)
    assert_effect(
        [measure(r) for r in strong],
        [measure(r) for r in weak],
        +1,
        min_effect=0.03,
        label=f"challenger margin on its current part, maturity 0.75 vs 0.35, steps {first}-{last}",
    )


def test_a_challenger_worth_more_to_buyers_earns_more(arms):
    check_m6_gains_from_trade(arms(**AT_COST, **AMPLE, **WEAK_ROCM), arms(**AT_COST, **AMPLE, **STRONG_ROCM))


def check_m6_scarce_walk_away(ample, short, *, first=4, last=23):
    """With supply short a unit a buyer refuses sells to another buyer, so the vendor's walk-away rises
    from unit cost toward list by the scarcity pressure L / (1 + L): large buyers pay more of the GPU
    challenger's list. Scarcity's markup on the list is off in both arms (AT_COST), so the list is the
    strategy's; a short foundry should lift what buyers pay by at least 0.02 of list. Measured on the
    challenger, whose buyers have outside options worth bargaining with: since model version 20 large
    buyers pay the incumbent 0.98-0.99 of its list even with supply ample, leaving scarcity no room to
    show (it closes most of what is left: +0.011). The model gives 0.933 -> 0.997 (+0.064) over seeds
    1-10 at the version 20 estimate; until version 19 this check was on the incumbent (+0.02)."""
    measure = realised_to_list("challenger", first, last)
    assert_effect(
        [measure(r) for r in short],
        [measure(r) for r in ample],
        +1,
        min_effect=0.02,
        label=f"GPU challenger realised price / list, short vs ample foundry, steps {first}-{last}",
    )


def test_scarce_supply_raises_what_large_buyers_pay(arms):
    check_m6_scarce_walk_away(arms(**AT_COST, **AMPLE), arms(**AT_COST, **SHORT))


def check_m6_responsive_list(weak, strong, *, first=8, last=31):
    """A responsive challenger lowers its list when large buyers bargain it down beyond the usual street
    discount and raises it when they pay near list: when its chips are worth more to buyers (its
    software maturity 0.75 against 0.35) they pay more of its list, and its list should be at least
    5 % higher. A cost-plus list would not move."""

    def list_price(r):
        v = window(r["vendors"], first, last)
        v = v[v["vendor"] == "challenger"]
        return float((v["list_price"] / v["unit_cost"]).mean())

    assert_effect(
        [list_price(r) for r in strong],
        [list_price(r) for r in weak],
        +1,
        min_relative=0.05,
        label=f"challenger list / unit cost, maturity 0.75 vs 0.35, steps {first}-{last}",
    )


def test_a_responsive_list_follows_what_buyers_pay(arms):
    check_m6_responsive_list(
        arms(**AT_COST, **RESPONSIVE, **WEAK_ROCM), arms(**AT_COST, **RESPONSIVE, **STRONG_ROCM)
    )


def check_m5_concave_maturity(linear, concave, *, first=16, last=39):
    """With concave returns to share (e = 0.5) a platform with a twentieth of the installed base gains
    as if it had ~a fifth: the challenger's maturity should stay at least 0.05 higher."""

    def maturity(r):
        v = window(r["vendors"], first, last)
        return float(v.loc[v["vendor"] == "challenger", "maturity"].mean())

    assert_effect(
        [maturity(r) for r in concave],
        [maturity(r) for r in linear],
        +1,
        min_effect=0.05,
        label=f"challenger maturity, returns to share 0.5 vs 1, steps {first}-{last}",
    )


def test_concave_returns_to_share_keep_a_small_platform_mature(arms):
    check_m5_concave_maturity(arms(**LINEAR), arms(**CONCAVE))
