"""M7 capacity then price: each vendor books its supply a year ahead for the sales it plans at its
planned price (its strategy's list less the street discount), and orders beyond the booking raise
what it accepts in bargaining. Booking the orders it sees instead (``capacity_booking = "orders"``)
leaves it the walk-away of a vendor with chips to spare once the shortage is over."""

import pytest
from conftest import assert_effect, window

pytestmark = pytest.mark.causal
PLANNED, ORDERS = dict(capacity_booking="planned_sales"), dict(capacity_booking="orders")
AFTER_THE_SHORTAGE = (32, 43)  # 2028-2030


def check_m7_capacity_then_price(orders, planned, *, first=AFTER_THE_SHORTAGE[0], last=AFTER_THE_SHORTAGE[1]):
    """A vendor that books for its planned sales rather than for its orders holds its price once
    supply is ample: the incumbent's gross margin over 2028-30 is at least 0.05 higher (about a
    sixth of the ~0.3 gap between the margin it plans, ~0.7, and the ~0.41 it earns booking its
    orders; the model gives 0.077 over 10 seeds at version 15)."""

    def margin(r):
        return window(r["model"], first, last)["incumbent_gross_margin"].mean()

    assert_effect(
        [margin(r) for r in planned],
        [margin(r) for r in orders],
        +1,
        min_effect=0.05,
        label=f"incumbent gross margin, booking planned sales vs orders, steps {first}-{last}",
    )


def test_vendors_that_book_for_their_planned_sales_hold_their_margin_after_the_shortage(arms):
    check_m7_capacity_then_price(arms(steps=44, **ORDERS), arms(steps=44, **PLANNED))
