"""M7 Procurement and supply: unit tests of market_sim.economics.procurement."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose, assert_array_equal

from market_sim.economics import procurement as proc

REL = 1e-9


# ---------------------------------------------------------------- cost per effective unit
def test_cost_per_effective_unit_by_hand():
    # (1000 * 1.2 + 300) / 3 = 500
    assert float(proc.cost_per_effective_unit(1000.0, 300.0, 3.0, overhead=0.2)) == pytest.approx(500.0)
    assert float(proc.cost_per_effective_unit(1000.0, 500.0, 2.0)) == pytest.approx(750.0)


def test_chip_that_delivers_nothing_costs_infinity():
    out = proc.cost_per_effective_unit(np.array([100.0, 100.0, 100.0]), 10.0, np.array([0.0, 1e-15, 2.0]))
    assert math.isinf(out[0]) and math.isinf(out[1])
    assert out[2] == pytest.approx(55.0)


# ---------------------------------------------------------------- logit shares
def test_logit_shares_by_hand_for_two_options():
    # relative costs 1 and 2, beta = 1: shares 1 / (1 + e^-1), e^-1 / (1 + e^-1)
    s = proc.logit_shares(np.array([[1.0, 2.0]]), 1.0)
    e = math.exp(-1.0)
    assert_allclose(s, [[1 / (1 + e), e / (1 + e)]])


def test_logit_shares_do_not_depend_on_the_scale_of_prices():
    costs = np.array([[3.0, 4.0, 7.0], [1.0, 1.5, 1.2]])
    assert_allclose(proc.logit_shares(costs, 2.5), proc.logit_shares(1000.0 * costs, 2.5))


def test_unavailable_option_gets_zero_share_and_a_row_with_nothing_gets_none():
    s = proc.logit_shares(np.array([[2.0, np.inf, 2.0], [np.inf, np.inf, np.inf]]), 3.0)
    assert_allclose(s, [[0.5, 0.0, 0.5], [0.0, 0.0, 0.0]])


def test_zero_price_sensitivity_splits_evenly_over_available_options():
    s = proc.logit_shares(np.array([[1.0, 5.0, np.inf, 9.0]]), 0.0)
    assert_allclose(s, [[1 / 3, 1 / 3, 0.0, 1 / 3]])


def test_high_price_sensitivity_sends_everything_to_the_cheapest_option():
    s = proc.logit_shares(np.array([[1.0, 1.1]]), 500.0)
    assert s[0, 0] > 0.999999


def test_one_dimensional_costs_are_treated_as_one_buyer():
    assert proc.logit_shares(np.array([1.0, 1.0]), 1.0).shape == (1, 2)


cost_matrix = hnp.arrays(
    float,
    st.tuples(st.integers(1, 5), st.integers(1, 6)),
    elements=st.one_of(st.floats(1e-3, 1e6), st.just(np.inf)),
)


@settings(max_examples=200, deadline=None)
@given(costs=cost_matrix, beta=st.floats(0.0, 50.0))
def test_logit_share_rows_sum_to_one_and_lie_in_unit_interval(costs, beta):
    s = proc.logit_shares(costs, beta)
    assert s.shape == costs.shape
    assert np.all((s >= 0.0) & (s <= 1.0))
    has_any = np.isfinite(costs).any(axis=1)
    assert_allclose(s.sum(axis=1)[has_any], 1.0, rtol=1e-12)
    assert_array_equal(s.sum(axis=1)[~has_any], 0.0)
    assert np.all(s[~np.isfinite(costs)] == 0.0)


@settings(max_examples=200, deadline=None)
@given(costs=hnp.arrays(float, st.integers(2, 6), elements=st.floats(1e-3, 1e6)), beta=st.floats(0.01, 50.0))
def test_cheaper_option_never_gets_a_smaller_share(costs, beta):
    s = proc.logit_shares(costs[None, :], beta)[0]
    order = np.argsort(costs, kind="stable")
    assert np.all(np.diff(s[order]) <= 1e-12)


def test_free_option_takes_the_whole_row_when_buyers_care_about_price():
    s = proc.logit_shares(np.array([[0.0, 1.0, np.inf]]), 2.0)
    assert_allclose(s, [[1.0, 0.0, 0.0]])
    # two free options split the row
    assert_allclose(proc.logit_shares(np.array([[0.0, 0.0, 3.0]]), 1.0), [[0.5, 0.5, 0.0]])


@settings(max_examples=200, deadline=None)
@given(
    costs=hnp.arrays(
        float,
        st.tuples(st.integers(1, 5), st.integers(1, 6)),
        elements=st.one_of(st.just(0.0), st.floats(1e-3, 1e6), st.just(np.inf)),
    ),
    beta=st.floats(0.01, 50.0),
)
def test_logit_share_rows_sum_to_one_even_with_free_options(costs, beta):
    s = proc.logit_shares(costs, beta)
    has_any = np.isfinite(costs).any(axis=1)
    assert np.all((s >= 0.0) & (s <= 1.0))
    assert_allclose(s.sum(axis=1)[has_any], 1.0, rtol=1e-12)
    free = costs == 0.0
    rows_with_free = free.any(axis=1)
    # where something is free and buyers care about price, only free options are bought
    assert np.all(s[rows_with_free][~free[rows_with_free]] == 0.0)


def test_price_insensitive_buyers_split_evenly_even_when_one_option_is_free():
    with np.errstate(all="ignore"):
        s = proc.logit_shares(np.array([[0.0, 1e9]]), 0.0)
    assert_allclose(s, [[0.5, 0.5]])


# ---------------------------------------------------------------- procurement inertia
def test_partial_adjustment_moves_a_share_one_minus_inertia_toward_the_target():
    s = proc.adjust_shares(np.array([[1.0, 0.0]]), np.array([[0.0, 1.0]]), np.array([[True, True]]), 0.25)
    assert_allclose(s, [[0.75, 0.25]])


def test_previous_mix_on_a_withdrawn_option_is_renormalised_over_what_is_still_available():
    prev = np.array([[0.2, 0.6, 0.2]])
    available = np.array([[True, False, True]])
    target = np.array([[0.0, 0.0, 1.0]])
    # previous restricted and renormalised: [0.5, 0, 0.5]; 0.5 * target + 0.5 * that = [0.25, 0, 0.75]
    assert_allclose(proc.adjust_shares(target, prev, available, 0.5), [[0.25, 0.0, 0.75]])


def test_buyer_without_usable_history_takes_the_target_mix():
    target = np.array([[0.3, 0.7], [0.6, 0.4]])
    prev = np.array([[0.0, 0.0], [1.0, 0.0]])
    available = np.array([[True, True], [False, True]])  # row 2's only history is on a withdrawn option
    assert_allclose(proc.adjust_shares(target, prev, available, 0.9), target)


def test_zero_inertia_jumps_straight_to_the_target_and_full_inertia_keeps_the_old_mix():
    target, prev, avail = np.array([[0.9, 0.1]]), np.array([[0.2, 0.8]]), np.array([[True, True]])
    assert_allclose(proc.adjust_shares(target, prev, avail, 0.0), target)
    assert_allclose(proc.adjust_shares(target, prev, avail, 1.0), prev)


@settings(max_examples=100, deadline=None)
@given(data=st.data(), n=st.integers(1, 4), k=st.integers(1, 5), inertia=st.floats(0, 1))
def test_adjusted_mix_stays_on_the_simplex_and_off_unavailable_options(data, n, k, inertia):
    available = data.draw(hnp.arrays(bool, (n, k)))
    available[:, 0] = True  # every buyer has something to buy
    raw_target = data.draw(hnp.arrays(float, (n, k), elements=st.floats(1e-3, 1.0))) * available
    target = raw_target / raw_target.sum(axis=1, keepdims=True)
    prev = data.draw(hnp.arrays(float, (n, k), elements=st.floats(0.0, 1.0)))
    s = proc.adjust_shares(target, prev, available, inertia)
    assert np.all(s >= 0) and np.all(s <= 1 + 1e-12)
    assert_allclose(s.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(s[~available] == 0.0)


# ---------------------------------------------------------------- rationing
def test_orders_within_capacity_are_filled_in_full():
    assert_allclose(proc.ration(np.array([2.0, 3.0]), 10.0), [2.0, 3.0])
    assert_allclose(proc.ration(np.array([2.0, 3.0]), 10.0, np.array([1, 0])), [2.0, 3.0])


def test_pro_rata_gives_every_order_the_same_fill_fraction():
    # 8 ordered, 4 available: everyone gets half
    assert_allclose(proc.ration(np.array([2.0, 6.0]), 4.0), [1.0, 3.0])


def test_priority_serves_class_zero_in_full_then_pro_rata_in_the_class_that_runs_out():
    granted = proc.ration(np.array([5.0, 5.0, 5.0, 4.0]), 8.0, np.array([1, 0, 1, 2]))
    # class 0 takes 5; class 1 shares the last 3 equally; class 2 gets nothing
    assert_allclose(granted, [1.5, 5.0, 1.5, 0.0])


def test_negative_orders_and_capacity_are_treated_as_zero():
    assert_allclose(proc.ration(np.array([-3.0, 4.0]), 2.0), [0.0, 2.0])
    assert_allclose(proc.ration(np.array([1.0, 4.0]), -5.0), [0.0, 0.0])
    assert_allclose(proc.ration(np.array([1.0, 4.0]), -5.0, np.array([0, 1])), [0.0, 0.0])


# orders are zero or at least a millionth of a unit (no subnormal floats that underflow when scaled)
orders_st = hnp.arrays(float, st.integers(1, 8), elements=st.one_of(st.just(0.0), st.floats(1e-6, 1e6)))


@settings(max_examples=300, deadline=None)
@given(orders=orders_st, capacity=st.floats(0.0, 2e6), data=st.data(), use_priority=st.booleans())
def test_ration_never_grants_more_than_capacity_or_more_than_asked(orders, capacity, data, use_priority):
    priority = data.draw(hnp.arrays(int, len(orders), elements=st.integers(0, 3))) if use_priority else None
    granted = proc.ration(orders, capacity, priority)
    assert np.all(granted >= 0.0)
    assert np.all(granted <= orders * (1 + REL))
    assert granted.sum() <= capacity * (1 + REL) + 1e-12
    # capacity is not wasted: either every order is filled or capacity is used up
    assert granted.sum() == pytest.approx(min(orders.sum(), capacity), rel=1e-9, abs=1e-9)


@settings(max_examples=300, deadline=None)
@given(orders=orders_st, capacity=st.floats(0.0, 2e6), data=st.data())
def test_ration_with_priority_serves_lower_classes_first(orders, capacity, data):
    priority = data.draw(hnp.arrays(int, len(orders), elements=st.integers(0, 3)))
    granted = proc.ration(orders, capacity, priority)
    fill = np.where(orders > 0, granted / np.where(orders > 0, orders, 1.0), 1.0)
    for i in range(len(orders)):
        for j in range(len(orders)):
            # (granted beyond float round-off of the capacity left over)
            if priority[i] < priority[j] and granted[j] > REL * max(capacity, 1.0):
                # a higher class number got something only if the lower class was filled in full
                assert fill[i] == pytest.approx(1.0, rel=1e-9) or orders[i] == 0
    # within a class, everyone gets the same fill fraction
    for cls in np.unique(priority):
        f = fill[(priority == cls) & (orders > 0)]
        if len(f):
            # (fills are fractions in [0, 1]; a subnormal capacity leaves only absolute precision)
            assert_allclose(f, f[0], rtol=1e-9, atol=1e-12)


def test_switching_premium_is_a_fraction_of_the_cheapest_option():
    base = np.array([[2.0, 4.0, np.inf]])
    assert_allclose(proc.cost_with_switching(base, np.array([0.0, 0.5, 0.5])), [[2.0, 5.0, np.inf]])


def test_switching_premium_with_nothing_available_stays_infinite_without_nan():
    base = np.array([[np.inf, np.inf], [1.0, 3.0]])
    with np.errstate(all="raise"):
        cost = proc.cost_with_switching(base, np.array([[0.0, 1.0], [0.0, 1.0]]))
    assert_array_equal(cost, [[np.inf, np.inf], [1.0, 4.0]])


def test_qualification_premium_falls_linearly_to_nothing():
    from market_sim.economics.procurement import qualification_premium

    np.testing.assert_allclose(
        qualification_premium(np.array([0, 1, 2, 4, 9]), 0.5, 4), [0.5, 0.375, 0.25, 0, 0]
    )
    assert_allclose(proc.qualification_premium(np.array([0, 3]), 0.5, 0), [0.0, 0.0])


def test_ration_by_group_keeps_each_vendor_within_its_allocation():
    orders = np.array([10.0, 30.0, 20.0])
    group = np.array([0, 0, 1])
    granted = proc.ration_by_group(orders, group, [20.0, 20.0])
    assert granted == pytest.approx([5.0, 15.0, 20.0])  # vendor 0 pro rata, vendor 1 in full
    by_class = proc.ration_by_group(orders, group, [20.0, 5.0], priority=np.array([1, 0, 0]))
    assert by_class == pytest.approx([0.0, 20.0, 5.0])


def test_waiting_premium_grows_with_the_lead_time_up_to_the_horizon():
    premium = proc.waiting_premium(np.array([0.0, 1.0, 2.0, np.inf]), 0.25, 4)
    assert premium == pytest.approx([0.0, 0.25, 0.5, 1.0])


# --- an owner's chip serves what it was built for (M8) ----------------------------------------------
def test_capped_options_are_held_to_the_cap_and_the_rest_share_what_they_give_up():
    shares = np.array([[0.9, 0.06, 0.04], [0.5, 0.3, 0.2]])
    capped = np.array([[True, False, False], [True, False, False]])
    out = proc.held_to_cap(shares, capped, 0.6)
    assert_allclose(out[0], [0.6, 0.24, 0.16])  # 0.4 to the others, 3:2 as before
    assert_array_equal(out[1], shares[1])  # under the cap: the same floats


def test_a_row_with_nothing_else_to_buy_keeps_its_capped_option():
    shares = np.array([[1.0, 0.0]])
    assert_array_equal(proc.held_to_cap(shares, np.array([[True, False]]), 0.6), shares)


@settings(max_examples=60, deadline=None)
@given(
    raw=hnp.arrays(float, (4, 5), elements=st.one_of(st.just(0.0), st.floats(1e-6, 1.0))),
    capped=hnp.arrays(bool, (4, 5)),
    cap=st.floats(0.0, 1.0),
)
def test_holding_to_a_cap_keeps_every_row_on_its_total(raw, capped, cap):
    total = raw.sum(axis=1, keepdims=True)
    shares = np.divide(raw, total, out=np.zeros_like(raw), where=total > 0)
    out = proc.held_to_cap(shares, capped, cap)
    assert (out >= 0).all()
    assert_allclose(out.sum(axis=1), shares.sum(axis=1), atol=1e-12)
    held = np.where(capped, out, 0.0).sum(axis=1)
    others = np.where(capped, 0.0, shares).sum(axis=1)
    bound = np.where(others > 0, np.maximum(cap, 0.0) * shares.sum(axis=1), np.inf)
    assert (held <= bound + 1e-12).all()
    # the options not capped keep their proportions among themselves
    for row in range(len(shares)):
        free = ~capped[row] & (shares[row] > 0)
        if free.sum() >= 2:
            kept, before = out[row, free], shares[row, free]
            assert_allclose(kept / kept.sum(), before / before.sum())
