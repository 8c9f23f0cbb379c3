"""M5 Ecosystem lock-in: unit tests of market_sim.economics.ecosystem."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from market_sim.economics import ecosystem as eco

unit = st.floats(0.0, 1.0)


# ---------------------------------------------------------------- maturity
def test_maturity_grows_with_installed_base_and_investment_and_decays_by_hand():
    # 0.5 + 0.1 * 0.6 + 0.05 * 0.4 - 0.2 * 0.5 = 0.48
    assert eco.next_stack_level(0.5, 0.6, 0.4, alpha=0.1, beta=0.05, delta=0.2) == pytest.approx(0.48)


def test_stack_is_vectorised_over_platforms_never_negative_and_has_no_ceiling():
    m = eco.next_stack_level([0.95, 0.02], [1.0, 0.0], [1.0, 0.0], alpha=0.2, beta=0.1, delta=0.01)
    # 0.95 + 0.3 - 0.0095 = 1.2405 (the leader keeps building); 0.02 - 0.0002 = 0.0198
    assert_allclose(m, [1.2405, 0.0198])
    assert eco.next_stack_level(0.1, 0.0, 0.0, alpha=0.1, beta=0.1, delta=2.0) == 0.0


def test_maturity_is_the_stack_against_the_frontier_which_is_never_below_2020s():
    levels = [1.6, 0.8, 0.4]
    frontier = eco.maturity_frontier(levels)
    assert frontier == 1.6
    assert_allclose(eco.relative_maturity(levels, frontier), [1.0, 0.5, 0.25])
    # before any stack passes 2020's state of the art, maturity is the stack itself
    assert eco.maturity_frontier([0.9, 0.4]) == 1.0
    assert eco.maturity_frontier([]) == 1.0


def test_a_challenger_chases_a_moving_frontier_to_about_its_share_ratio_to_the_power_e():
    """Steady state: L_v = (alpha I_v^e + beta S_v^e) / delta, so M_c = L_c / L_leader = (I_c / I_l)^e
    when the shares of the installed base and of investment are equal. With a ceiling at 1 both
    would reach 1 (the leader's stack stops improving), and the gap would close."""
    kw = dict(alpha=0.06, beta=0.03, delta=0.03, exponent=0.6)
    levels = np.array([0.9, 0.4])
    for _ in range(600):
        levels = eco.next_stack_level(levels, [0.6, 0.2], [0.6, 0.2], **kw)
    m = eco.relative_maturity(levels, eco.maturity_frontier(levels))
    assert_allclose(m, [1.0, (0.2 / 0.6) ** 0.6], rtol=1e-6)
    assert m[1] < 0.6


def test_maturity_converges_to_the_virtuous_cycle_steady_state():
    # fixed point: M* = (alpha s + beta i) / delta = (0.1 * 0.5 + 0.05 * 0.2) / 0.1 = 0.6
    m = 0.0
    for _ in range(300):
        m = eco.next_stack_level(m, 0.5, 0.2, alpha=0.1, beta=0.05, delta=0.1)
    assert float(m) == pytest.approx(0.6, abs=1e-9)


def test_platform_without_installed_base_or_investment_loses_maturity():
    assert eco.next_stack_level(0.8, 0.0, 0.0, alpha=0.1, beta=0.1, delta=0.05) == pytest.approx(0.76)


@settings(max_examples=100, deadline=None)
@given(m=unit, s1=unit, s2=unit, i=unit, alpha=st.floats(0, 1), beta=st.floats(0, 1), delta=st.floats(0, 1))
def test_stack_is_never_negative_and_larger_installed_base_never_lowers_it(
    *, m, s1, s2, i, alpha, beta, delta
):
    lo, hi = min(s1, s2), max(s1, s2)
    m_lo = float(eco.next_stack_level(m, lo, i, alpha=alpha, beta=beta, delta=delta))
    m_hi = float(eco.next_stack_level(m, hi, i, alpha=alpha, beta=beta, delta=delta))
    assert 0.0 <= m_lo <= m_hi


# ---------------------------------------------------------------- portability
def test_portability_rises_linearly_from_its_start():
    assert eco.portability(0.0, 0.1, 0.05, 0.8) == pytest.approx(0.1)
    assert eco.portability(4.0, 0.1, 0.05, 0.8) == pytest.approx(0.3)


def test_portability_is_capped_at_its_ceiling_and_never_negative():
    assert eco.portability(100.0, 0.1, 0.05, 0.8) == 0.8
    assert eco.portability(2.0, -0.5, 0.1, 0.8) == 0.0


# ---------------------------------------------------------------- switching cost
def test_switching_cost_is_c_switch_times_maturity_gap_times_unported_share():
    # 0.5 * (0.9 - 0.3) * (1 - 0.25) = 0.225
    assert eco.switching_cost(0.9, 0.3, 0.5, 0.25) == pytest.approx(0.225)


def test_full_portability_removes_the_switching_cost():
    assert eco.switching_cost(0.9, 0.1, 2.0, 1.0) == 0.0


def test_switching_cost_is_vectorised_over_targets():
    assert_allclose(eco.switching_cost(0.8, np.array([0.8, 0.4, 0.0, 1.0]), 1.0, 0.0), [0.0, 0.4, 0.8, 0.0])


@settings(max_examples=100, deadline=None)
@given(home=unit, target=unit, c=st.floats(0, 10), pi=unit)
def test_switching_cost_is_zero_when_the_target_platform_is_at_least_as_mature(home, target, c, pi):
    cost = float(eco.switching_cost(home, target, c, pi))
    assert cost >= 0.0
    if target >= home:
        assert cost == 0.0
    # moving to a less mature platform never costs less than moving to a more mature one
    assert cost >= float(eco.switching_cost(home, max(home, target), c, pi))


@settings(max_examples=100, deadline=None)
@given(home=unit, target=unit, c=st.floats(0, 10), pi1=unit, pi2=unit)
def test_more_portability_never_raises_the_switching_cost(home, target, c, pi1, pi2):
    lo, hi = min(pi1, pi2), max(pi1, pi2)
    assert (
        float(eco.switching_cost(home, target, c, hi))
        <= float(eco.switching_cost(home, target, c, lo)) + 1e-12
    )


def test_maturity_with_concave_returns_to_share_by_hand():
    # 0.5 + 0.1 * 0.25 ** 0.5 + 0.05 * 0.04 ** 0.5 - 0.2 * 0.5 = 0.5 + 0.05 + 0.01 - 0.1
    m = eco.next_stack_level(0.5, 0.25, 0.04, alpha=0.1, beta=0.05, delta=0.2, exponent=0.5)
    assert m == pytest.approx(0.46)


def test_concave_returns_favour_the_small_platform_and_leave_a_whole_market_unchanged():
    kw = dict(alpha=0.1, beta=0.05, delta=0.05)
    small_linear = eco.next_stack_level(0.3, 0.05, 0.05, **kw)
    small_concave = eco.next_stack_level(0.3, 0.05, 0.05, exponent=0.5, **kw)
    assert small_concave > small_linear + 0.01
    assert eco.next_stack_level(0.3, 1.0, 1.0, exponent=0.5, **kw) == pytest.approx(
        eco.next_stack_level(0.3, 1.0, 1.0, **kw)
    )


def test_steady_stack_is_the_fixed_point_of_the_stack_rule():
    kw = dict(alpha=0.06, beta=0.03, delta=0.03, exponent=0.6)
    settled = eco.steady_stack([0.7, 0.1], **kw)
    assert_allclose(eco.next_stack_level(settled, [0.7, 0.1], [0.7, 0.1], **kw), settled)
    # (0.06 + 0.03) * 0.7 ** 0.6 / 0.03
    assert settled[0] == pytest.approx(3 * 0.7**0.6)


def test_warm_start_sets_the_2020_state_of_the_art_by_the_largest_installed_base():
    """Every stack is its 2020 maturity times the stack the largest pre-2020 installed base settles at,
    so the leader starts near its steady state and the frontier does not race in 2020-21."""
    from types import SimpleNamespace

    from market_sim.scenario import load_scenario
    from market_sim.sim.installed import warm_stacks

    p = load_scenario("baseline")
    leader, small = SimpleNamespace(maturity=0.9), SimpleNamespace(maturity=0.4)
    state_of_the_art = warm_stacks([leader, small], {"leader": 8.0, "small": 2.0}, p)
    expected = float(
        eco.steady_stack(
            0.8,
            alpha=p.maturity_installed_base_gain,
            beta=p.maturity_investment_gain,
            delta=p.maturity_decay,
            exponent=p.maturity_share_exponent,
        )
    )
    assert state_of_the_art == pytest.approx(expected)
    assert (leader.stack_level, small.stack_level) == pytest.approx((0.9 * expected, 0.4 * expected))
    # the maturities buyers see are unchanged at the start
    assert_allclose(
        eco.relative_maturity([leader.stack_level, small.stack_level], state_of_the_art), [0.9, 0.4]
    )


def test_update_maturity_moves_the_frontier_and_keeps_an_in_house_stack_at_its_floor_of_it():
    """A leader whose stack passes the 2020 state of the art moves the frontier: the others' maturity
    falls though their stacks did not; an in-house stack is kept at ``in_house_maturity`` of it."""
    from types import SimpleNamespace

    from market_sim.kinds import SupplierKind
    from market_sim.scenario import load_scenario
    from market_sim.sim.installed import InstalledBase, update_maturity

    p = load_scenario("baseline").replace(maturity_installed_base_gain=0.5, maturity_decay=0.0)
    p = p.replace(maturity_investment_gain=0.0, maturity_share_exponent=1.0)
    chip = object()
    leader = SimpleNamespace(name="leader", kind=SupplierKind.MERCHANT, chip=chip, stack_level=1.0)
    rival = SimpleNamespace(name="rival", kind=SupplierKind.MERCHANT, chip=None, stack_level=0.5)
    own = SimpleNamespace(name="own", kind=SupplierKind.IN_HOUSE, chip=chip, stack_level=0.1)
    installed = InstalledBase({"leader": 1.0}, inference_share=0.5)
    frontier = update_maturity([leader, rival, own], installed, {}, p, state_of_the_art=1.0)
    # the leader has all of the installed base: 1 + 0.5 * 1 = 1.5
    assert frontier == pytest.approx(1.5)
    assert (leader.maturity, rival.maturity) == pytest.approx((1.0, 0.5 / 1.5))
    assert own.stack_level == pytest.approx(p.in_house_maturity * 1.5)
    assert own.maturity == pytest.approx(p.in_house_maturity)
