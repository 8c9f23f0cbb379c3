"""M8 Make or buy: unit tests of market_sim.economics.make_or_buy."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from market_sim.economics import make_or_buy as mob


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


# ---------------------------------------------------------------- projected spend
def test_projected_spend_by_hand_sums_the_next_quarters_of_a_growing_spend():
    # 100 growing 10 % a quarter over 2 quarters: 110 + 121 = 231
    assert mob.projected_spend(100.0, 0.1, 2) == pytest.approx(231.0)


def test_projected_spend_without_growth_is_spend_times_quarters():
    assert mob.projected_spend(100.0, 0.0, 12) == pytest.approx(1200.0)


def test_projected_spend_is_continuous_at_zero_growth():
    assert mob.projected_spend(100.0, 1e-9, 12) == pytest.approx(1200.0, rel=1e-6)
    assert mob.projected_spend(100.0, -1e-9, 12) == pytest.approx(1200.0, rel=1e-6)


@settings(max_examples=200, deadline=None)
@given(spend=st.floats(0.0, 1e9), growth=st.floats(-0.5, 0.5), quarters=st.integers(0, 40))
def test_projected_spend_equals_the_explicit_sum_of_future_quarters(spend, growth, quarters):
    explicit = sum(spend * (1.0 + growth) ** k for k in range(1, quarters + 1))
    assert mob.projected_spend(spend, growth, quarters) == pytest.approx(explicit, rel=1e-8, abs=1e-6)


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
