"""M2 design cycles and M3 forecasting: unit tests of market_sim.economics.design."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from market_sim.economics import design
from market_sim.economics.workload import INFERENCE


def _project(start=4, cycle=12, status="in_progress", first=True):
    return design.DesignProject(
        project_id="p1",
        designer="v",
        designer_kind="merchant",
        start_step=start,
        cycle_quarters=cycle,
        spec=np.full(5, 0.5),
        breadth=0.5,
        focus=design.BLEND,
        is_first_chip=first,
        nre=4e8,
        forecast_source="signals",
        status=status,
    )


# ---------------------------------------------------------------- M3 closeness and forecasts
def test_customer_at_the_frontier_has_closeness_one_and_decays_exponentially_with_distance():
    frontier = np.zeros(5)
    customers = np.array([[0.0] * 5, [0.3, 0.4, 0.0, 0.0, 0.0], [0.6, 0.8, 0.0, 0.0, 0.0]])  # d = 0, 0.5, 1
    c = design.closeness_to_frontier(customers, frontier, scale=0.5)
    assert_allclose(c, [1.0, math.exp(-1.0), math.exp(-2.0)])


def test_forecast_is_volume_and_closeness_weighted_mean_of_signals():
    signals = np.array([np.zeros(5), np.ones(5)])
    # weights: 1 * 1 = 1 and 1 * 3 = 3  ->  0.75
    assert_allclose(design.forecast_workload(signals, [1.0, 1.0], [1.0, 3.0], np.full(5, 0.2)), 0.75)
    # weights: 3 * 0.5 = 1.5 and 1 * 0.5 = 0.5  ->  0.25
    assert_allclose(design.forecast_workload(signals, [3.0, 1.0], [0.5, 0.5], np.full(5, 0.2)), 0.25)


def test_forecast_falls_back_when_there_are_no_signals_or_no_weight():
    fallback = np.array([0.1, 0.2, 0.3, 0.4, 0.5])
    assert_array_equal(design.forecast_workload(np.empty((0, 5)), [], [], fallback), fallback)
    assert_array_equal(design.forecast_workload(np.ones((2, 5)), [0.0, 0.0], [1.0, 1.0], fallback), fallback)


def test_fallback_forecast_is_a_copy_not_the_caller_array():
    fallback = np.full(5, 0.3)
    out = design.forecast_workload(np.empty((0, 5)), [], [], fallback)
    out[0] = 0.9
    assert fallback[0] == 0.3


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    n=st.integers(1, 6),
)
def test_forecast_lies_within_the_range_of_its_signals(data, n):
    signals = np.array(
        data.draw(st.lists(st.lists(st.floats(0, 1), min_size=5, max_size=5), min_size=n, max_size=n))
    )
    volumes = np.array(data.draw(st.lists(st.floats(0.01, 100), min_size=n, max_size=n)))
    closeness = np.array(data.draw(st.lists(st.floats(0.01, 1), min_size=n, max_size=n)))
    f = design.forecast_workload(signals, volumes, closeness, np.full(5, 0.5))
    tol = 1e-12
    assert np.all(f >= signals.min(axis=0) - tol) and np.all(f <= signals.max(axis=0) + tol)
    # weights matter only relative to one another
    assert_allclose(
        design.forecast_workload(signals, 7.0 * volumes, closeness, np.full(5, 0.5)), f, atol=1e-12
    )


def test_roadmap_signal_is_future_workload_plus_scaled_noise_clipped():
    future = np.array([0.5, 0.5, 0.5, 0.95, 0.02])
    eps = np.array([1.0, -2.0, 0.0, 1.0, -1.0])
    assert_allclose(design.roadmap_signal(future, 0.1, eps), [0.6, 0.3, 0.5, 1.0, 0.0])
    assert_allclose(design.roadmap_signal(future, 0.0, eps), future)


def test_inference_focus_design_target_sets_inference_intensity_to_one_and_keeps_the_rest():
    w = np.array([0.2, 0.4, 0.6, 0.8, 0.3])
    target = design.design_target(w, design.INFERENCE_FOCUS)
    assert target[INFERENCE] == 1.0
    assert_array_equal(np.delete(target, INFERENCE), np.delete(w, INFERENCE))
    assert w[INFERENCE] == 0.3  # the input is not modified


def test_blend_design_target_is_the_workload_itself():
    w = np.array([0.2, 0.4, 0.6, 0.8, 0.3])
    target = design.design_target(w, design.BLEND)
    assert_array_equal(target, w)
    assert target is not w


def test_forecast_error_is_the_distance_between_spec_and_workload_at_ship():
    assert design.forecast_error(np.zeros(5), np.array([0.3, 0.4, 0.0, 0.0, 0.0])) == pytest.approx(0.5)
    assert design.forecast_error(np.full(5, 0.7), np.full(5, 0.7)) == 0.0


# ---------------------------------------------------------------- M2 design cycles
def test_first_designs_fail_more_often_than_later_ones():
    p_first, p_later = 0.4, 0.1
    assert design.failure_probability(True, p_first, p_later) == 0.4
    assert design.failure_probability(False, p_first, p_later) == 0.1
    assert design.failure_probability(True, p_first, p_later) > design.failure_probability(
        False, p_first, p_later
    )


def test_first_silicon_works_above_the_failure_probability():
    for first in (True, False):
        assert design.first_silicon(0.30, 0.30, first, 2) == design.FirstSilicon.WORKS
        assert design.first_silicon(0.99, 0.30, first, 2) == design.FirstSilicon.WORKS


def test_a_failed_first_chip_is_lost_and_a_failed_later_one_respun():
    assert design.first_silicon(0.29, 0.30, True, 2) == design.FirstSilicon.LOST
    assert design.first_silicon(0.29, 0.30, False, 2) == design.FirstSilicon.RESPUN
    # Without a respin (0 quarters) a later chip that fails is lost, as before model version 20.
    assert design.first_silicon(0.29, 0.30, False, 0) == design.FirstSilicon.LOST


def test_a_respun_project_ships_late_on_the_node_it_was_designed_for():
    project = _project(first=False)
    project.hold_back(design.FirstSilicon.RESPUN, 3)
    assert project.status == "in_progress"
    assert project.planned_ship_step == 16
    assert project.ship_step == 19
    assert not project.due(16) and not project.due(18) and project.due(19)


def test_a_lost_project_fails_at_its_ship_step():
    project = _project(first=True)
    project.hold_back(design.FirstSilicon.LOST, 3)
    assert project.status == "failed"
    assert project.ship_step == 16
    assert not project.due(16)


def test_nre_is_spent_evenly_and_fully_over_the_cycle():
    per_q = design.nre_per_quarter(6e8, 12)
    assert per_q == pytest.approx(5e7)
    assert per_q * 12 == pytest.approx(6e8)


def test_cadence_starts_first_project_immediately_then_every_cadence_quarters():
    assert design.cadence_due(0, None, 8)
    assert not design.cadence_due(7, 0, 8)
    assert design.cadence_due(8, 0, 8)
    assert design.cadence_due(11, 0, 8)
    assert design.cadence_due(4, 0, 4) and not design.cadence_due(3, 0, 4)


def test_project_ships_exactly_one_design_cycle_after_it_starts():
    p = _project(start=4, cycle=12)
    assert p.ship_step == 16
    assert not p.due(15)
    assert p.due(16)


def test_project_that_is_no_longer_in_progress_is_never_due():
    for status in ("shipped", "failed", "cancelled"):
        assert not _project(status=status).due(100)


def test_new_project_has_unrecorded_forecast_error_and_peak():
    p = _project()
    assert p.status == "in_progress"
    assert math.isnan(p.forecast_error) and math.isnan(p.peak)


@settings(max_examples=200, deadline=None)
@given(start=st.integers(0, 200), cycle=st.integers(1, 40), step=st.integers(0, 300))
def test_nothing_ships_before_the_design_cycle_ends(start, cycle, step):
    p = _project(start=start, cycle=cycle)
    if step < start + cycle:
        assert not p.due(step)
    else:
        assert p.due(step)
