"""Neutralisation of capacity then price (M7): orders beyond a vendor's booking that do not raise its
walk-away must fail the causal check (see ``test_neutralised.py``)."""

import pytest
from test_m7_booking import ORDERS, PLANNED, check_m7_capacity_then_price
from test_neutralised import caught

from market_sim.economics import supply

pytestmark = pytest.mark.causal


def bookings_bind_nothing(mp):
    """Orders beyond the booking cost the vendor nothing: its walk-away ignores them."""
    mp.setattr(supply, "booking_pressure", lambda ordered, booked: 0.0)


def test_m7_bookings_that_bind_nothing_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_capacity_then_price(arm(**ORDERS), arm(**PLANNED)),
        neutralise=bookings_bind_nothing,
        steps=44,
    )
