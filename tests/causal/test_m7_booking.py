"""M7 capacity then price: each vendor books its supply a year ahead for the sales it plans at its
planned price (its strategy's list less the street discount), and orders beyond the booking raise
what it accepts in bargaining. A vendor that plans a higher price books fewer chips for the same
orders, so after the shortage its orders outrun its booking sooner and it holds a higher margin.

Until model version 15 the check compared booking planned sales with booking orders
(``capacity_booking``). At version 16's estimate the sign of that comparison depends on the market:
the incumbent plans at c (1 + 3.8)(1 - 0.39) = 2.9 c, below what buyers paid it in the shortage, so
booking planned sales books more chips than it is ordered and its margin after the shortage is
lower (-0.05 to -0.09 in 2025-27 over six seeds). The mechanism is the planned price; the check
varies it."""

import pytest
from conftest import assert_effect, window
from test_m7_supply import mean_quarterly_change

pytestmark = pytest.mark.causal
HIGH_PLAN, LOW_PLAN = dict(street_discount=0.1), dict(street_discount=0.6)
AFTER_THE_SHORTAGE = (20, 35)  # 2025-2028


def check_m7_capacity_then_price(
    low_plan, high_plan, *, first=AFTER_THE_SHORTAGE[0], last=AFTER_THE_SHORTAGE[1]
):
    """Planning its sales at 0.9 rather than 0.4 of its strategy's list, a vendor books fewer chips
    per dollar of orders, and the incumbent's gross margin over 2025-28 is at least 0.05 higher (the
    model gives 0.114 over 10 seeds at version 16; the street discount also sets a responsive
    challenger's list, which alone moves the margin by -0.01, so the effect is the booking's)."""

    def margin(r):
        return window(r["model"], first, last)["incumbent_gross_margin"].mean()

    assert_effect(
        [margin(r) for r in high_plan],
        [margin(r) for r in low_plan],
        +1,
        min_effect=0.05,
        label=f"incumbent gross margin, street discount 0.1 vs 0.6, steps {first}-{last}",
    )


def test_vendors_that_plan_a_higher_price_hold_their_margin_after_the_shortage(arms):
    check_m7_capacity_then_price(arms(steps=36, **LOW_PLAN), arms(steps=36, **HIGH_PLAN))


STEP_BY_STEP, AT_ONCE = dict(booking_price_speed=0.05), dict(booking_price_speed=1.0)
BOOKED_MARKET = (24, 43)  # 2026-2030: bookings bind, the shortage has passed


def assert_steadier(steady, swinging, *, first: int, last: int, min_effect: float, arms: str) -> None:
    """The incumbent's revenue share changes at least ``min_effect`` a quarter less, on average over
    steps ``first``-``last``, in the steady arm than in the swinging one."""
    measure = mean_quarterly_change(first, last)
    assert_effect(
        [measure(r) for r in steady],
        [measure(r) for r in swinging],
        -1,
        min_effect=min_effect,
        label=f"mean quarterly change in incumbent revenue share, {arms}, steps {first}-{last}",
    )


def check_m7_price_found_step_by_step(
    at_once, step_by_step, *, first=BOOKED_MARKET[0], last=BOOKED_MARKET[1]
):
    """A vendor that moves its price for orders beyond its booking a step at a time (k = 0.05) finds
    the price at which buyers take what it booked; one that moves it at once (k = 1) overshoots, its
    price swinging between its walk-away with chips to spare and with none, its buyers with it. The
    incumbent's revenue share changes at least 0.01 a quarter less over 2026-30 (about a fifth of the
    ~0.05 when the price moves at once; the model gives 0.055 -> 0.022 over 10 seeds at version 17)."""
    assert_steadier(step_by_step, at_once, first=first, last=last, min_effect=0.01, arms="k 0.05 vs 1")


def test_a_price_found_step_by_step_keeps_buyers_from_swinging(arms):
    check_m7_price_found_step_by_step(arms(steps=44, **AT_ONCE), arms(steps=44, **STEP_BY_STEP))


FALLS_SLOWLY, FALLS_AS_FAST = dict(booking_price_fall_ratio=0.25), dict(booking_price_fall_ratio=1.0)
LATE_MARKET = (24, 63)  # 2026-2035


def check_m7_price_falls_slowly(falls_as_fast, falls_slowly, *, first=LATE_MARKET[0], last=LATE_MARKET[1]):
    """A vendor that lowers its price for a slack booking at a quarter of the speed it raises it
    (r = 0.25) holds it through a slack quarter instead of dropping to its floor and winning back the
    buyers it lost the quarter before. The incumbent's revenue share changes at least 0.015 a quarter
    less over 2026-35 than when the price falls as fast as it rises (r = 1; the model gives 0.083 ->
    0.034 over 10 seeds at version 17's estimate)."""
    assert_steadier(
        falls_slowly, falls_as_fast, first=first, last=last, min_effect=0.015, arms="fall ratio 0.25 vs 1"
    )


def test_a_price_that_falls_slowly_keeps_buyers_from_swinging(arms):
    check_m7_price_falls_slowly(arms(steps=64, **FALLS_AS_FAST), arms(steps=64, **FALLS_SLOWLY))
