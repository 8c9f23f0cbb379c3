"""M6 Pricing and negotiation: unit tests of market_sim.economics.pricing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from market_sim.economics import pricing
from market_sim.economics.procurement import cost_per_effective_unit

unit = st.floats(0.0, 1.0)
positive = st.floats(1e-3, 1e6)


# ---------------------------------------------------------------- list-price strategies
def test_cost_plus_price_is_cost_times_one_plus_markup():
    assert pricing.cost_plus_price(2500.0, 0.6) == pytest.approx(4000.0)
    assert pricing.cost_plus_price(2500.0, 0.0) == 2500.0


def test_penetration_prices_low_until_the_share_target_is_reached():
    assert pricing.penetration_markup(0.05, 0.10, 0.1, 0.5) == 0.1
    assert pricing.penetration_markup(0.10, 0.10, 0.1, 0.5) == 0.5
    assert pricing.penetration_markup(0.30, 0.10, 0.1, 0.5) == 0.5


def test_defensive_markup_cuts_gamma_per_unit_of_share_lost_by_hand():
    # lost 0.2 of share: 0.7 - 2.0 * 0.2 = 0.3
    assert pricing.defensive_markup(0.6, 0.8, 0.7, 2.0, 0.1) == pytest.approx(0.3)
    # at the peak: the target markup
    assert pricing.defensive_markup(0.8, 0.8, 0.7, 2.0, 0.1) == pytest.approx(0.7)
    # a big loss hits the floor
    assert pricing.defensive_markup(0.1, 0.8, 0.7, 2.0, 0.1) == pytest.approx(0.1)


def test_defensive_markup_never_exceeds_target_above_the_peak():
    assert pricing.defensive_markup(0.9, 0.8, 0.7, 2.0, 0.1) == pytest.approx(0.7)


@settings(max_examples=200, deadline=None)
@given(s1=unit, s2=unit, peak=unit, target=st.floats(0, 5), cut=st.floats(0, 100), floor=st.floats(-0.5, 5))
def test_defensive_markup_never_below_floor_and_falls_as_share_falls(*, s1, s2, peak, target, cut, floor):
    lo, hi = min(s1, s2), max(s1, s2)
    m_lo = pricing.defensive_markup(lo, peak, target, cut, floor)
    m_hi = pricing.defensive_markup(hi, peak, target, cut, floor)
    assert m_lo >= floor and m_hi >= floor
    assert m_lo <= m_hi  # less share: no higher markup
    assert m_hi <= max(target, floor)


def test_value_based_price_takes_a_share_of_the_surplus_over_cost():
    # 2500 + 0.5 * (6500 - 2500) = 4500
    assert pricing.value_based_price(2500.0, 6500.0, 0.5, 0.6) == pytest.approx(4500.0)
    assert pricing.value_based_price(2500.0, 6500.0, 1.0, 0.6) == pytest.approx(6500.0)


def test_value_based_price_never_goes_below_a_thin_cost_plus_price():
    # no surplus: c (1 + min(m, 5 %))
    assert pricing.value_based_price(2500.0, 2000.0, 0.5, 0.6) == pytest.approx(2500.0 * 1.05)
    assert pricing.value_based_price(2500.0, 2000.0, 0.5, 0.02) == pytest.approx(2500.0 * 1.02)
    # a thin surplus: 100 + 0.5 * 1 = 100.5 is below the floor 105
    assert pricing.value_based_price(100.0, 101.0, 0.5, 0.3) == pytest.approx(105.0)
    # a large one: 100 + 0.5 * 100 = 150 is above it
    assert pricing.value_based_price(100.0, 200.0, 0.5, 0.3) == pytest.approx(150.0)


@settings(max_examples=200, deadline=None)
@given(c=positive, v1=st.floats(0, 1e7), v2=st.floats(0, 1e7), capture=unit, m=st.floats(0, 5))
def test_value_based_price_never_falls_when_the_chip_is_worth_more(c, v1, v2, capture, m):
    lo, hi = min(v1, v2), max(v1, v2)
    p_lo = pricing.value_based_price(c, lo, capture, m)
    p_hi = pricing.value_based_price(c, hi, capture, m)
    assert p_lo <= p_hi
    assert p_lo >= c * (1.0 + min(m, 0.05)) * (1 - 1e-12)


# ---------------------------------------------------------------- margins
def test_gross_margin_by_hand_and_zero_at_zero_price():
    assert pricing.gross_margin(4000.0, 1000.0) == pytest.approx(0.75)
    assert pricing.gross_margin(1000.0, 1000.0) == 0.0
    assert pricing.gross_margin(0.0, 1000.0) == 0.0


def test_incumbent_78_percent_margin_is_a_markup_of_about_3_5():
    """Seed 002: 78 % gross margin vs 47 %; a markup m gives a margin m / (1 + m)."""
    assert pricing.gross_margin(pricing.cost_plus_price(1.0, 0.78 / 0.22), 1.0) == pytest.approx(0.78)
    assert pricing.gross_margin(pricing.cost_plus_price(1.0, 0.47 / 0.53), 1.0) == pytest.approx(0.47)


@settings(max_examples=100, deadline=None)
@given(cost=positive, markup=st.floats(0.0, 50.0))
def test_margin_of_a_cost_plus_price_is_markup_over_one_plus_markup(cost, markup):
    price = pricing.cost_plus_price(cost, markup)
    assert pricing.gross_margin(price, cost) == pytest.approx(markup / (1.0 + markup), rel=1e-6, abs=1e-9)


# ---------------------------------------------------------------- bargaining
def test_break_even_price_makes_the_chip_cost_the_same_as_the_outside_option():
    # c_out = 10 per effective unit, E = 500, r = 1500: p = 5000 - 1500 = 3500
    p = pricing.break_even_price(10.0, 500.0, 1500.0)
    assert p == pytest.approx(3500.0)
    assert float(cost_per_effective_unit(p, 1500.0, 500.0)) == pytest.approx(10.0)


def test_expected_price_with_programme_weights_the_two_bargains_by_the_ship_probability():
    # 0.25 * 80 + 0.75 * 100 = 95
    assert pricing.expected_price_with_programme(80.0, 100.0, 0.25) == pytest.approx(95.0)
    assert pricing.expected_price_with_programme(80.0, 100.0, 1.0) == pytest.approx(80.0)


def test_programme_sure_to_fail_changes_nothing_and_probabilities_are_clamped():
    assert pricing.expected_price_with_programme(80.0, 100.0, 0.0) == 100.0
    assert pricing.expected_price_with_programme(80.0, 100.0, -0.3) == 100.0
    assert pricing.expected_price_with_programme(80.0, 100.0, 1.7) == 80.0
    # continuous as the ship probability goes to zero
    assert pricing.expected_price_with_programme(80.0, 100.0, 1e-9) == pytest.approx(100.0, rel=1e-8)


def _bargain(outside_cost):
    """Nash price for a chip with E = 1, r = 0 (so V_out = outside cost), c = 5, list = 12, theta = 0.5."""
    return pricing.negotiated_price(5.0, 12.0, pricing.break_even_price(outside_cost, 1.0, 0.0), 0.5)


def test_programme_lowers_the_negotiated_price_before_it_ships():
    """Seed 001: a cheaper own chip that may still fail (ship probability 0.6) is leverage already."""
    merchant, own, ship = 10.0, 7.0, 0.6
    without = _bargain(merchant)  # 5 + 0.5 * (10 - 5) = 7.5
    if_it_ships = _bargain(min(own, merchant))  # 5 + 0.5 * (7 - 5) = 6.0
    expected = pricing.expected_price_with_programme(if_it_ships, without, ship)
    assert without == pytest.approx(7.5)
    assert if_it_ships == pytest.approx(6.0)
    assert expected == pytest.approx(0.6 * 6.0 + 0.4 * 7.5)  # 6.6
    assert expected < without


def test_programme_dearer_than_the_merchant_option_gives_no_leverage():
    merchant, own = 10.0, 12.0
    without = _bargain(merchant)
    assert pricing.expected_price_with_programme(_bargain(min(own, merchant)), without, 0.6) == pytest.approx(
        without
    )


@settings(max_examples=200, deadline=None)
@given(merchant=st.floats(5.0, 1e4), own=st.floats(0.0, 1e4), ship=st.floats(0.01, 0.99))
def test_cheaper_unshipped_programme_never_raises_and_usually_lowers_the_negotiated_price(
    merchant, own, ship
):
    without = _bargain(merchant)
    if_it_ships = _bargain(min(own, merchant))
    expected = pricing.expected_price_with_programme(if_it_ships, without, ship)
    assert if_it_ships <= without
    tol = 1e-12 * without  # q a + (1 - q) a may differ from a by round-off
    assert if_it_ships - tol <= expected <= without + tol
    if if_it_ships < without * (1 - 1e-9):
        assert expected < without


@settings(max_examples=200, deadline=None)
@given(with_p=st.floats(0, 1e6), extra=st.floats(0, 1e6), s1=unit, s2=unit)
def test_a_likelier_programme_never_raises_the_expected_price(with_p, extra, s1, s2):
    lo, hi = min(s1, s2), max(s1, s2)
    without = with_p + extra
    assert pricing.expected_price_with_programme(
        with_p, without, hi
    ) <= pricing.expected_price_with_programme(with_p, without, lo) + 1e-9 * max(1.0, without)


def test_nash_price_splits_the_surplus_by_bargaining_power():
    # c = 100, V = 180, theta = 0.5: 140
    assert pricing.negotiated_price(100.0, 200.0, 180.0, 0.5) == pytest.approx(140.0)
    assert pricing.negotiated_price(100.0, 200.0, 180.0, 0.0) == pytest.approx(100.0)
    assert pricing.negotiated_price(100.0, 200.0, 180.0, 1.0) == pytest.approx(180.0)


def test_nash_price_is_capped_at_list_and_floored_at_the_walk_away_price():
    assert pricing.negotiated_price(100.0, 200.0, 400.0, 0.5) == 200.0  # 250 > list
    assert pricing.negotiated_price(100.0, 200.0, 50.0, 0.5) == 100.0  # 75 < walk-away


@settings(max_examples=300, deadline=None)
@given(c=positive, extra=st.floats(0, 1e6), v=st.floats(-1e6, 1e7), theta=unit)
def test_negotiated_price_within_unit_cost_and_list_price(c, extra, v, theta):
    list_price = c + extra
    p = pricing.negotiated_price(c, list_price, v, theta)
    assert c <= p <= list_price


@settings(max_examples=200, deadline=None)
@given(c=positive, extra=st.floats(0, 1e6), v1=st.floats(0, 1e7), v2=st.floats(0, 1e7), theta=unit)
def test_better_outside_option_for_the_buyer_never_raises_the_negotiated_price(c, extra, v1, v2, theta):
    lo, hi = min(v1, v2), max(v1, v2)
    list_price = c + extra
    assert pricing.negotiated_price(c, list_price, lo, theta) <= pricing.negotiated_price(
        c, list_price, hi, theta
    )


def test_previous_generation_sells_at_parity_per_unit_of_peak_by_hand():
    # New part: $12,000 for 2.0 of peak; the old one has 1.0 of peak and costs $2,000 to make.
    assert pricing.previous_generation_price(12_000.0, 2.0, 1.0, 2_000.0) == pytest.approx(6_000.0)


def test_previous_generation_is_never_sold_below_its_unit_cost():
    assert pricing.previous_generation_price(3_000.0, 3.0, 1.0, 2_000.0) == 2_000.0


@given(
    price=st.floats(100, 1e5), new_peak=st.floats(0.1, 10), ratio=st.floats(0.01, 1), cost=st.floats(10, 1e4)
)
@settings(max_examples=50, deadline=None)
def test_previous_generation_is_no_cheaper_per_peak_than_parity_and_no_dearer_than_the_new_part(
    *, price, new_peak, ratio, cost
):
    old = pricing.previous_generation_price(price, new_peak, new_peak * ratio, cost)
    assert old >= cost
    assert old / (new_peak * ratio) >= price / new_peak * (1 - 1e-12)
    assert old <= max(price, cost)


def test_previous_generation_falls_from_its_launch_price_to_parity_over_the_run_down():
    # Parity is $6,000; the old part sold at $10,000 before its successor shipped.
    args = (12_000.0, 2.0, 1.0, 2_000.0, 10_000.0)
    assert pricing.previous_generation_price(*args, 0.25) == pytest.approx(9_000.0)
    assert pricing.previous_generation_price(*args, 0.5) == pytest.approx(8_000.0)
    assert pricing.previous_generation_price(*args, 1.0) == pytest.approx(6_000.0)
    assert pricing.previous_generation_price(*args, 2.0) == pytest.approx(6_000.0)  # progress is capped


def test_responsive_list_holds_at_the_street_discount_and_moves_by_hand():
    kw = dict(street_discount=0.2, adjustment=0.5, floor=0.1, ceiling=3.0)
    assert pricing.responsive_markup(1.0, 0.8, **kw) == pytest.approx(1.0)  # buyers pay list less d
    # Paid list: (1 + m') = 2 (1 + 0.5 (1 / 0.8 - 1)) = 2.25.
    assert pricing.responsive_markup(1.0, 1.0, **kw) == pytest.approx(1.25)
    # Bargained to 60 % of list: 2 (1 + 0.5 (0.6 / 0.8 - 1)) = 1.75.
    assert pricing.responsive_markup(1.0, 0.6, **kw) == pytest.approx(0.75)


def test_responsive_list_cuts_as_far_as_it_goes_without_sales_and_stays_within_its_bounds():
    kw = dict(street_discount=0.2, adjustment=0.5, floor=0.1, ceiling=1.2)
    assert pricing.responsive_markup(1.0, None, **kw) == pytest.approx(max(0.1, 2.0 * 0.5 - 1.0))
    assert pricing.responsive_markup(1.1, 1.0, **kw) == pytest.approx(1.2)  # the ceiling


@settings(max_examples=200, deadline=None)
@given(m=st.floats(0.0, 3.0), r1=unit, r2=unit, d=st.floats(0.0, 0.5), a=unit)
def test_responsive_list_never_falls_when_buyers_pay_more_of_it(m, r1, r2, d, a):
    lo, hi = sorted((r1, r2))
    kw = dict(street_discount=d, adjustment=a, floor=0.05, ceiling=3.0)
    assert pricing.responsive_markup(m, hi, **kw) >= pricing.responsive_markup(m, lo, **kw) - 1e-12


def test_walk_away_is_unit_cost_with_chips_to_spare_and_rises_to_list_with_scarcity_by_hand():
    assert pricing.walk_away_price(100.0, 300.0, 0.0) == pytest.approx(100.0)
    assert pricing.walk_away_price(100.0, 300.0, 0.5) == pytest.approx(200.0)
    assert pricing.walk_away_price(100.0, 300.0, 1.0) == pytest.approx(300.0)
    # A floor of list less the largest discount conceded, where one is set.
    assert pricing.walk_away_price(100.0, 300.0, 0.0, max_discount=0.25) == pytest.approx(225.0)


@settings(max_examples=200, deadline=None)
@given(c=positive, extra=positive, u1=unit, u2=unit, d=unit)
def test_walk_away_within_cost_and_list_and_never_lower_when_supply_is_scarcer(c, extra, u1, u2, d):
    lo, hi = sorted((u1, u2))
    list_price = c + extra
    w_lo = pricing.walk_away_price(c, list_price, lo, d)
    w_hi = pricing.walk_away_price(c, list_price, hi, d)
    assert c - 1e-9 <= w_lo <= w_hi + 1e-9 <= list_price * (1 + 1e-12) + 1e-9


def test_the_planned_price_is_the_strategys_list_less_the_street_discount():
    assert pricing.planned_price(100.0, 3.0, 0.25) == pytest.approx(300.0)
    assert pricing.planned_price(100.0, 0.0, 0.0) == 100.0
    # A low markup less a deep discount would plan sales below cost, where no bargain goes: cost.
    assert pricing.planned_price(100.0, 0.4, 0.4) == 100.0
