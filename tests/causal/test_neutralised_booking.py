"""Neutralisation of capacity then price (M7): orders beyond a vendor's booking that do not raise its
walk-away must fail the causal check (see ``test_neutralised.py``)."""

import pytest
from test_m7_booking import (
    AT_ONCE,
    FALLS_AS_FAST,
    FALLS_SLOWLY,
    HIGH_PLAN,
    LOW_PLAN,
    STEP_BY_STEP,
    check_m7_capacity_then_price,
    check_m7_price_falls_slowly,
    check_m7_price_found_step_by_step,
)
from test_neutralised import caught

from market_sim.economics import supply

pytestmark = pytest.mark.causal


def bookings_bind_nothing(mp):
    """Orders beyond the booking cost the vendor nothing: its walk-away ignores them."""
    mp.setattr(supply, "booking_pressure", lambda previous, ordered, booked, speed, fall_ratio=1.0: 0.0)


def test_m7_bookings_that_bind_nothing_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_capacity_then_price(arm(**LOW_PLAN), arm(**HIGH_PLAN)),
        neutralise=bookings_bind_nothing,
        steps=36,
    )


def price_set_on_last_quarter_alone(mp):
    """The v15 rule: the price for orders beyond the booking is set on last quarter's excess alone,
    1 - K / o, whatever it was before and at any speed."""
    mp.setattr(
        supply,
        "booking_pressure",
        lambda previous, ordered, booked, speed, fall_ratio=1.0: (
            max(0.0, 1.0 - booked / ordered) if ordered > 0 else 0.0
        ),
    )


def test_m7_a_price_set_on_last_quarter_alone_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_price_found_step_by_step(arm(**AT_ONCE), arm(**STEP_BY_STEP)),
        neutralise=price_set_on_last_quarter_alone,
        steps=44,
        seeds=tuple(range(1, 11)),  # three seeds cannot tell the swing's size from noise
    )


def price_falls_as_fast_as_it_rises(mp):
    """The fall ratio ignored: a vendor lowers its price for a slack booking as fast as it raises it."""
    original = supply.booking_pressure
    mp.setattr(
        supply,
        "booking_pressure",
        lambda previous, ordered, booked, speed, fall_ratio=1.0: original(previous, ordered, booked, speed),
    )


def test_m7_a_price_that_falls_as_fast_as_it_rises_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_price_falls_slowly(arm(**FALLS_AS_FAST), arm(**FALLS_SLOWLY)),
        neutralise=price_falls_as_fast_as_it_rises,
        steps=64,
    )
