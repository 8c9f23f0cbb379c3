"""Buyers' fleets by vintage (M9, sim/fleet.py): retirement, straight-line depreciation, algorithmic
gains on installed chips, and impairment to recoverable value, written down once."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from market_sim import ChipMarketModel
from market_sim.outputs import run_model, tables
from market_sim.sim.fleet import Fleet

P = SimpleNamespace(book_life_quarters=4, impairment_smoothing_quarters=1.0)
LONG_BOOK = SimpleNamespace(book_life_quarters=6, impairment_smoothing_quarters=1.0)
STEADY = SimpleNamespace(cost_change=1.0, gain_growth=1.0)
NOTHING = (np.zeros(1), np.zeros(1))


def test_a_vintage_retires_after_its_life_and_its_book_is_written_off_with_it():
    fleet = Fleet(1, life=3)
    fleet.settle(
        0,
        (np.array([10.0]), np.array([100.0])),
        market=STEADY,
        p=LONG_BOOK,
    )
    for step in (1, 2):
        fleet.settle(step, NOTHING, market=STEADY, p=LONG_BOOK)
    assert fleet.installed[0] == 10.0 and fleet.book_value[0] == pytest.approx(100.0 - 2 * 100 / 6)
    written = fleet.settle(3, NOTHING, market=STEADY, p=LONG_BOOK)
    assert fleet.installed[0] == 0.0 and written[0] == pytest.approx(100.0 - 2 * 100 / 6)


def test_a_fall_in_replacement_cost_is_written_down_once_and_never_more_than_the_book():
    fleet = Fleet(1, life=8)
    fleet.settle(0, (np.array([10.0]), np.array([100.0])), market=STEADY, p=P)
    halved = SimpleNamespace(cost_change=0.5, gain_growth=1.0)
    written = fleet.settle(1, NOTHING, market=halved, p=P)
    # book after a quarter: 75; recoverable 10 units x 5 = 50
    assert written[0] == pytest.approx(25.0) and fleet.book_value[0] == pytest.approx(50.0)
    assert fleet.settle(2, NOTHING, market=STEADY, p=P)[0] == 0.0  # no second write-down of that fall
    assert written[0] <= 75.0


def test_algorithmic_gains_lift_installed_chips_and_strand_nothing():
    fleet = Fleet(1, life=8)
    fleet.settle(0, (np.array([10.0]), np.array([100.0])), market=STEADY, p=P)
    doubled = SimpleNamespace(cost_change=0.5, gain_growth=2.0)  # every unit twice the compute, half the cost
    written = fleet.settle(1, NOTHING, market=doubled, p=P)
    assert fleet.installed[0] == 20.0 and written[0] == 0.0


def test_write_downs_are_a_small_share_of_hardware_spend_and_no_quarter_exceeds_revenue():
    m = tables(run_model(ChipMarketModel(rng=1)))["model"]
    assert (m["stranded_capital"] <= m["accelerator_revenue"]).all()
    assert m["stranded_capital"].sum() < 0.1 * m["accelerator_revenue"].sum()


def test_a_warm_fleet_holds_the_vintages_bought_before_2020_by_hand():
    """Budget growth 100 % a year and a node doubling every year: a year before, the buyer spent half
    as much and got a quarter as much compute; book values depreciated k - 1 quarters of 4."""
    fleet = Fleet(1, life=5)
    p = SimpleNamespace(node_doubling_years=1.0, book_life_quarters=4)
    fleet.warm_start(0, (np.array([16.0]), np.array([160.0])), spend_growth=np.array([1.0]), p=p)
    a_year_ago = (0 - 4) % 5
    assert fleet.compute[0, a_year_ago] == pytest.approx(4.0)
    assert fleet.cost[0, a_year_ago] == pytest.approx(80.0)
    assert fleet.book[0, a_year_ago] == pytest.approx(80.0 * (1 - 3 / 4))
    assert fleet.book[0, (0 - 1) % 5] == pytest.approx(160.0 * 2**-0.25)  # not yet depreciated
    assert fleet.compute[0, 0] == 0.0  # this quarter's purchases join in settle


def test_warm_fleets_carry_compute_and_book_value_into_2020():
    cold = ChipMarketModel(rng=1, warm_fleets=False, steps=1)
    warm = ChipMarketModel(rng=1, warm_fleets=True, steps=1)
    cold.step()
    warm.step()
    assert warm.population.fleet.installed.sum() > 1.1 * cold.population.fleet.installed.sum()
    assert warm.population.fleet.book_value.sum() > 1.1 * cold.population.fleet.book_value.sum()
