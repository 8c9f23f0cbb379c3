"""M9 demand and business model, M10 entry and exit: unit tests of market_sim.economics.finance."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from numpy.testing import assert_allclose

from market_sim.economics import finance


# ---------------------------------------------------------------- M9 budgets
def test_budget_growth_is_the_quarterly_root_of_the_yearly_rate_by_hand():
    # 100 % a year at the start: 2 ** 0.25 a quarter
    assert finance.budget_growth(1.0, 0.0, 3.0) == pytest.approx(2.0**0.25)
    # after one half-life the yearly rate is halved: 44 % -> 22 %
    assert finance.budget_growth(0.44, 3.0, 3.0) == pytest.approx(1.22**0.25)
    # four quarters compound back to the yearly rate
    assert finance.budget_growth(0.44, 0.0, 3.0) ** 4 == pytest.approx(1.44)


def test_budget_growth_slows_over_time():
    rates = [finance.budget_growth(0.8, y, 4.0) for y in range(0, 16)]
    assert all(a > b for a, b in zip(rates, rates[1:], strict=False))
    assert all(r > 1.0 for r in rates)
    assert rates[-1] == pytest.approx((1 + 0.8 * 0.5 ** (15 / 4)) ** 0.25)


def test_no_base_growth_means_a_flat_budget():
    assert finance.budget_growth(0.0, 5.0, 2.0) == 1.0


# ---------------------------------------------------------------- M9 depreciation
def test_straight_line_takes_cost_over_book_life_off_the_book_until_zero():
    assert_allclose(
        finance.straight_line(np.array([1200.0, 50.0]), np.array([1200.0, 1200.0]), 12), [1100.0, 0.0]
    )


def test_smoothed_replacement_cost_blends_the_quarters_purchases_into_the_last():
    previous = np.array([np.nan, 10.0, 10.0])
    rho = finance.smoothed_replacement_cost(
        previous,
        purchases=(np.array([2.0, 2.0, 0.0]), np.array([12.0, 12.0, 0.0])),
        cost_change=0.5,
        quarters=4,
    )
    # first purchase sets it; then 3/4 of the last plus 1/4 of 6; no purchase: the last moved with the market
    assert_allclose(rho, [6.0, 9.0, 0.75 * 10.0 + 0.25 * 5.0])


def test_algorithmic_gains_lower_the_smoothed_cost_at_once():
    """Gains lift every chip's compute, so the cost of a unit already counted falls with them."""
    rho = finance.smoothed_replacement_cost(
        np.array([10.0]),
        purchases=(np.array([0.0]), np.array([0.0])),
        cost_change=0.5,
        quarters=4,
        gain_growth=2.0,
    )
    assert_allclose(rho, [0.75 * 5.0 + 0.25 * 5.0])


# ---------------------------------------------------------------- M9 stranded capital
def test_stranded_write_down_is_book_minus_market_value_when_market_cost_falls():
    # 10 units on the books at 100; market now sells the same compute at 8 a unit: market value 80
    write, new_book = finance.stranded_write_down(10.0, 100.0, 8.0)
    assert float(write) == pytest.approx(20.0)
    assert float(new_book) == pytest.approx(80.0)


def test_nothing_is_written_down_when_market_cost_rises():
    write, new_book = finance.stranded_write_down(10.0, 100.0, 12.0)
    assert float(write) == 0.0
    assert float(new_book) == 100.0


def test_nothing_is_written_down_without_installed_base_or_known_market_cost():
    write, new_book = finance.stranded_write_down(
        np.array([0.0, 5.0, 5.0, 5.0]),
        np.array([50.0, 50.0, 50.0, 50.0]),
        np.array([1.0, np.nan, np.inf, 2.0]),
    )
    # only the last one is known: 5 * 2 = 10, so 40 is written down
    assert_allclose(write, [0.0, 0.0, 0.0, 40.0])
    assert_allclose(new_book, [50.0, 50.0, 50.0, 10.0])
    assert not np.isnan(write).any() and not np.isnan(new_book).any()


@settings(max_examples=200, deadline=None)
@given(
    installed=hnp.arrays(float, 6, elements=st.floats(0.0, 1e6)),
    book=hnp.arrays(float, 6, elements=st.floats(0.0, 1e9)),
    cost=hnp.arrays(float, 6, elements=st.one_of(st.floats(0.0, 1e4), st.just(np.nan), st.just(np.inf))),
)
def test_write_down_is_non_negative_and_book_never_rises(installed, book, cost):
    write, new_book = finance.stranded_write_down(installed, book, cost)
    assert write.shape == installed.shape == new_book.shape
    assert np.all(write >= 0.0)
    assert np.all(new_book <= book)
    assert_allclose(write + new_book, book, rtol=1e-12)
    known = (installed > 0) & np.isfinite(cost)
    with np.errstate(invalid="ignore"):  # 0 * inf where the cost is unknown: masked out by `known`
        market_value = installed * cost
    assert_allclose(new_book[known], np.minimum(book, market_value)[known], rtol=1e-12, atol=1e-6)
    assert np.all(write[~known] == 0.0)


# ---------------------------------------------------------------- M10 start-ups
def test_startup_cash_flow_adds_gross_profit_and_burns_opex_and_nre():
    assert finance.startup_cash_flow(100.0, 20.0, 15.0, 30.0) == pytest.approx(75.0)


def test_exit_kind_is_none_while_the_startup_has_cash():
    assert finance.exit_kind(1.0, 0.1, 0.5) is None
    assert finance.exit_kind(1e-6, 0.9, 0.5) is None


def test_exit_kind_is_acquisition_when_out_of_cash_with_good_fit():
    assert finance.exit_kind(0.0, 0.9, 0.5) == "acquisition"
    assert finance.exit_kind(-10.0, 0.5, 0.5) == "acquisition"  # fit exactly at the threshold


def test_exit_kind_is_exit_when_out_of_cash_with_poor_fit():
    assert finance.exit_kind(0.0, 0.1, 0.5) == "exit"
    assert finance.exit_kind(-10.0, 0.49, 0.5) == "exit"


def test_runway_runs_out_after_the_quarters_funding_covers():
    cash, quarters = 100.0, 0
    while finance.exit_kind(cash, 0.2, 0.5) is None:
        cash = finance.startup_cash_flow(cash, 5.0, 20.0, 10.0)  # burns 25 a quarter
        quarters += 1
    assert quarters == 4
    assert finance.exit_kind(cash, 0.2, 0.5) == "exit"


def test_no_entries_at_zero_rate():
    rng = np.random.default_rng(0)
    assert all(finance.entries(0.0, rng) == 0 for _ in range(50))


def test_entries_are_reproducible_and_average_the_poisson_rate():
    a = [finance.entries(0.5, np.random.default_rng(11)) for _ in range(3)]
    assert len(set(a)) == 1
    rng = np.random.default_rng(12)
    draws = np.array([finance.entries(0.5, rng) for _ in range(20000)])
    assert all(isinstance(x, int) for x in draws.tolist())
    # Poisson(0.5): mean 0.5, sd of the mean sqrt(0.5 / 20000) = 0.005
    assert draws.mean() == pytest.approx(0.5, abs=0.025)
    assert draws.var() == pytest.approx(0.5, abs=0.05)
