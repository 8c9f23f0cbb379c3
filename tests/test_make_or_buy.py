"""M8 Make or buy: unit tests of market_sim.economics.make_or_buy."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from market_sim.economics import make_or_buy as mob
from market_sim.kinds import Channel
from market_sim.sim.market import Offer, Option, own_chip_reach


# ---------------------------------------------------------------- the essays' rule of thumb
@pytest.mark.parametrize("multiple", [1.01, 1.5, 3.0, 10.0])
def test_billion_dollar_training_run_implies_more_than_a_billion_of_inference(multiple):
    assert mob.lifetime_inference_spend(1e9, multiple) > 1e9
    assert mob.lifetime_inference_spend(1e9, multiple) == pytest.approx(1e9 * multiple)


def test_twenty_percent_saving_on_over_a_billion_of_inference_funds_a_200m_tapeout():
    # 1.5e9 * 0.2 = 3e8 >= 2e8
    assert mob.tapeout_funded(1e9, 1.5, 0.2, 2e8) is True


def test_five_percent_saving_does_not_fund_a_200m_tapeout():
    # 1.5e9 * 0.05 = 7.5e7 < 2e8
    assert mob.tapeout_funded(1e9, 1.5, 0.05, 2e8) is False


def test_tapeout_is_funded_exactly_at_break_even():
    assert mob.tapeout_funded(1e9, 2.0, 0.25, 5e8)  # 5e8 >= 5e8
    assert not mob.tapeout_funded(1e9, 2.0, 0.25, 5e8 + 1.0)


# ---------------------------------------------------------------- savings, cost and the decision
def test_programme_savings_are_codesign_gain_on_inference_plus_discount_on_merchant_spend():
    # 1e9 * 0.2 + 5e8 * 0.1 = 2.5e8
    assert mob.program_savings(1e9, 0.2, 5e8, 0.1) == pytest.approx(2.5e8)
    assert mob.program_savings(1e9, 0.0, 5e8, 0.0) == 0.0


def test_programme_cost_is_nre_plus_team_cost_through_hiring_and_the_first_cycle():
    # 2e8 + 4e7 per year * (4 + 12) quarters / 4 = 3.6e8
    assert mob.program_cost(2e8, 4e7, 4, 12) == pytest.approx(3.6e8)


def test_launch_only_when_savings_exceed_hurdle_times_cost():
    assert mob.should_make(3.7e8, 3.6e8)
    assert not mob.should_make(3.6e8, 3.6e8)  # strictly more
    assert not mob.should_make(3.7e8, 3.6e8, hurdle=1.5)
    assert mob.should_make(5.5e8, 3.6e8, hurdle=1.5)


def test_longer_hiring_makes_a_marginal_programme_not_worth_launching():
    savings = mob.program_savings(1e9, 0.2, 0.0, 0.0)  # 2e8
    assert mob.should_make(savings, mob.program_cost(1e8, 4e7, 2, 6))  # 1e8 + 8e7 = 1.8e8
    assert not mob.should_make(savings, mob.program_cost(1e8, 4e7, 8, 6))  # 1e8 + 1.4e8 = 2.4e8


@settings(max_examples=100, deadline=None)
@given(
    inf=st.floats(0, 1e10),
    g1=st.floats(0, 1),
    g2=st.floats(0, 1),
    merchant=st.floats(0, 1e10),
    disc=st.floats(0, 1),
)
def test_larger_codesign_gain_never_lowers_savings(inf, g1, g2, merchant, disc):
    lo, hi = min(g1, g2), max(g1, g2)
    assert mob.program_savings(inf, lo, merchant, disc) <= mob.program_savings(inf, hi, merchant, disc)


def test_an_owners_chip_serves_at_most_the_servable_share_of_its_inference():
    """Only the owner's inference row is held to the servable share; its training, and other buyers,
    are not (row 1 rents nothing of the owner's chip; the chip's cloud option is another channel)."""
    options = [
        Option(Channel.DIRECT, "", 0),
        Option(Channel.IN_HOUSE, "owner", 1),
        Option(Channel.CLOUD, "owner", 1),
    ]
    offer = Offer([], np.zeros(2), np.zeros(2), options, party_row=np.array([-1, 0, 0]))
    # training rows (owner, other), then inference rows (owner, other)
    shares = np.array([[0.1, 0.9, 0.0], [1.0, 0.0, 0.0], [0.05, 0.95, 0.0], [0.2, 0.0, 0.8]])
    out = own_chip_reach(shares, offer, 2, 0.6)
    np.testing.assert_allclose(out[2], [0.4, 0.6, 0.0])
    np.testing.assert_array_equal(out[[0, 1, 3]], shares[[0, 1, 3]])
    assert own_chip_reach(shares, offer, 2, 1.0) is shares  # no limit: untouched


# ---------------------------------------------------------------- seed 000's counterfactual
def _launches(**overrides) -> set[str]:
    from market_sim import ChipMarketModel
    from market_sim.kinds import EventKind

    model = ChipMarketModel(rng=1, steps=12, n_enterprises=20, **overrides)
    for _ in range(12):
        model.step()
    return {e["agent"] for e in model.recorder.events if e["kind"] == EventKind.PROGRAM_LAUNCH}


def test_a_frontier_lab_that_may_not_make_buys_its_chips_whatever_its_review_says():
    """With every review clearing the hurdle, every large buyer launches a programme within a year,
    frontier lab 1 too; forbidden to make, that lab alone never does, and the others still do."""
    every_review_says_make = {"make_or_buy_hurdle": 0.0}
    allowed = _launches(**every_review_says_make)
    forbidden = _launches(**every_review_says_make, frontier_lab_may_make=False)
    assert "frontier_lab_1" in allowed
    assert forbidden == allowed - {"frontier_lab_1"}
