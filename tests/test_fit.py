"""M4 Fit (specialisation versus breadth, process curve): unit tests of market_sim.economics.fit."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from market_sim.economics import fit
from market_sim.economics.workload import INFERENCE

SPEC = np.array([0.5, 0.5, 0.5, 0.5, 0.5])
OFF_SPEC = SPEC + np.array([0.3, 0.4, 0.0, 0.0, 0.0])  # distance 0.5 from SPEC
KAPPA = 0.2
NARROW, BROAD = 0.2, 0.6


def test_distance_is_euclidean_in_workload_space():
    assert fit.workload_distance(OFF_SPEC, SPEC) == pytest.approx(0.5)
    assert fit.workload_distance(SPEC, SPEC) == 0.0


def test_inference_weight_scales_only_the_inference_coordinate():
    w = SPEC.copy()
    w[INFERENCE] += 0.25
    assert fit.workload_distance(w, SPEC, inference_weight=2.0) == pytest.approx(0.5)
    assert fit.workload_distance(OFF_SPEC, SPEC, inference_weight=2.0) == pytest.approx(0.5)
    assert_array_equal(fit.dim_weights(3.0), [1, 1, 1, 1, 3])


def test_distance_broadcasts_over_many_workloads():
    ws = np.array([SPEC, OFF_SPEC, SPEC + 0.1])
    assert_allclose(fit.workload_distance(ws, SPEC), [0.0, 0.5, math.sqrt(5) * 0.1])


def test_process_node_performance_doubles_every_doubling_period():
    assert fit.node_performance(0.0, 2.46) == 1.0
    assert fit.node_performance(2.46, 2.46) == pytest.approx(2.0)
    assert fit.node_performance(4.92, 2.46) == pytest.approx(4.0)
    assert fit.node_performance(1.23, 2.46) == pytest.approx(math.sqrt(2))


def test_peak_is_node_performance_times_one_plus_kappa_over_breadth():
    assert fit.peak_performance(2.0, 0.5, 0.2) == pytest.approx(2.0 * 1.4)
    assert fit.peak_performance(1.0, 1.0, 0.0) == 1.0


def test_fit_factor_is_one_on_spec_and_gaussian_in_distance_over_breadth():
    assert fit.fit_factor(SPEC, SPEC, 0.3) == 1.0
    # d = 0.5, b = 0.5: exp(-0.25 / 0.5) = exp(-0.5)
    assert fit.fit_factor(OFF_SPEC, SPEC, 0.5) == pytest.approx(math.exp(-0.5))


def test_narrower_chip_has_higher_peak_and_lower_off_target_performance():
    assert fit.peak_performance(1.0, NARROW, KAPPA) > fit.peak_performance(1.0, BROAD, KAPPA)
    # by hand: exp(-0.25 / 0.08) = 0.0439 vs exp(-0.25 / 0.72) = 0.7066
    narrow_fit = fit.fit_factor(OFF_SPEC, SPEC, NARROW)
    broad_fit = fit.fit_factor(OFF_SPEC, SPEC, BROAD)
    assert narrow_fit == pytest.approx(0.04394, rel=1e-3)
    assert broad_fit == pytest.approx(0.70664, rel=1e-3)
    assert narrow_fit < broad_fit
    # the higher peak does not make up for it off target: 2.0 * 0.0439 < 1.333 * 0.7066
    narrow_e = fit.effective_performance(OFF_SPEC, SPEC, NARROW, fit.peak_performance(1.0, NARROW, KAPPA))
    broad_e = fit.effective_performance(OFF_SPEC, SPEC, BROAD, fit.peak_performance(1.0, BROAD, KAPPA))
    assert narrow_e < broad_e


def test_on_its_own_spec_a_narrow_chip_beats_a_broad_one():
    narrow_e = fit.effective_performance(SPEC, SPEC, NARROW, fit.peak_performance(1.0, NARROW, KAPPA))
    broad_e = fit.effective_performance(SPEC, SPEC, BROAD, fit.peak_performance(1.0, BROAD, KAPPA))
    assert narrow_e == pytest.approx(2.0)
    assert broad_e == pytest.approx(1.0 + KAPPA / BROAD)
    assert narrow_e > broad_e


@settings(max_examples=100, deadline=None)
@given(b1=st.floats(0.05, 2.0), b2=st.floats(0.05, 2.0), d=st.floats(0.01, 2.0))
def test_narrower_chip_always_falls_off_faster_away_from_spec(b1, b2, d):
    narrow, broad = min(b1, b2), max(b1, b2)
    w = SPEC.copy()
    w[0] += d
    assert fit.fit_factor(w, SPEC, narrow) <= fit.fit_factor(w, SPEC, broad)
    assert fit.peak_performance(1.0, narrow, KAPPA) >= fit.peak_performance(1.0, broad, KAPPA)


def test_fit_falls_monotonically_with_distance():
    ds = np.linspace(0, 1, 11)
    ws = SPEC[None, :] + np.outer(ds, [1, 0, 0, 0, 0])
    f = fit.fit_factor(ws, SPEC, 0.4)
    assert np.all(np.diff(f) < 0)
    assert np.all((f > 0) & (f <= 1))


def test_maturity_factor_is_one_for_mature_stack_and_one_minus_penalty_for_none():
    assert fit.maturity_factor(1.0, 0.6) == pytest.approx(1.0)
    assert fit.maturity_factor(0.0, 0.6) == pytest.approx(0.4)
    assert fit.maturity_factor(0.5, 0.6) == pytest.approx(0.7)
    assert_allclose(fit.maturity_factor(np.array([0.0, 1.0]), 0.5), [0.5, 1.0])


def test_effective_performance_is_peak_times_fit_times_maturity():
    e = fit.effective_performance(OFF_SPEC, SPEC, 0.5, peak=3.0, maturity=0.5, maturity_penalty=0.6)
    assert e == pytest.approx(3.0 * math.exp(-0.5) * 0.7)


def test_performance_matrix_matches_the_single_chip_formula_for_every_pair():
    rng = np.random.default_rng(0)
    w = rng.random((6, 5))
    specs = rng.random((3, 5))
    breadths = np.array([0.2, 0.5, 1.0])
    peaks = np.array([3.0, 2.0, 1.5])
    maturities = np.array([1.0, 0.4, 0.0])
    E = fit.effective_performance_matrix(
        w, specs, breadths, peaks, maturities, maturity_penalty=0.5, inference_weight=2.0
    )
    assert E.shape == (6, 3)
    for i in range(6):
        for k in range(3):
            expected = fit.effective_performance(
                w[i],
                specs[k],
                breadths[k],
                peaks[k],
                maturity=maturities[k],
                maturity_penalty=0.5,
                inference_weight=2.0,
            )
            assert E[i, k] == pytest.approx(float(expected), rel=1e-12)


def test_segment_workload_sets_inference_intensity_to_the_segment_and_keeps_architecture():
    w = np.array([[0.2, 0.4, 0.6, 0.8, 0.3], [0.1, 0.1, 0.1, 0.1, 0.9]])
    inf = fit.segment_workload(w, "inference")
    train = fit.segment_workload(w, "training")
    assert_array_equal(inf[:, INFERENCE], [1.0, 1.0])
    assert_array_equal(train[:, INFERENCE], [0.0, 0.0])
    assert_array_equal(inf[:, :INFERENCE], w[:, :INFERENCE])
    assert_array_equal(train[:, :INFERENCE], w[:, :INFERENCE])
    assert w[0, INFERENCE] == 0.3  # input untouched
