"""M1 Workload space: unit tests of market_sim.economics.workload against cases worked by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from market_sim.economics import workload as wl
from market_sim.economics.workload import DENSE, INFERENCE, LOW_PRECISION, MEMORY, N_DIMS, SPARSITY

unit = st.floats(0.0, 1.0, allow_nan=False)


def test_workload_space_has_five_named_dimensions_with_inference_last():
    assert N_DIMS == 5 == len(wl.DIMENSION_NAMES)
    assert wl.DIMENSION_NAMES[INFERENCE] == "inference_intensity"
    assert wl.DIMENSION_NAMES[SPARSITY] == "sparsity"


# ---------------------------------------------------------------- discontinuities
def test_reasoning_jump_raises_inference_by_size_and_memory_by_half():
    jump = wl.discontinuity_jump(wl.REASONING, 0.4)
    expected = np.zeros(5)
    expected[INFERENCE] = 0.4
    expected[MEMORY] = 0.2
    assert_allclose(jump, expected)


def test_sparse_jump_raises_sparsity_by_size_and_lowers_dense_by_half():
    jump = wl.discontinuity_jump(wl.SPARSE, 0.3)
    expected = np.zeros(5)
    expected[SPARSITY] = 0.3
    expected[DENSE] = -0.15
    assert_allclose(jump, expected)


def test_unknown_discontinuity_kind_is_rejected():
    with pytest.raises(ValueError, match="unknown discontinuity kind"):
        wl.discontinuity_jump("quantum", 0.1)


# ---------------------------------------------------------------- frontier path
def test_frontier_without_noise_moves_by_drift_each_step():
    initial = np.array([0.5, 0.4, 0.1, 0.2, 0.3])
    drift = np.array([0.01, 0.0, 0.02, 0.0, -0.01])
    path, events = wl.frontier_path(initial, drift, 0.0, 4, np.random.default_rng(0))
    assert path.shape == (4, 5)
    for t in range(4):
        assert_allclose(path[t], initial + t * drift)
    assert events == []


def test_frontier_is_clipped_to_the_unit_cube():
    path, _ = wl.frontier_path(np.full(5, 0.95), np.full(5, 0.04), 0.0, 5, np.random.default_rng(0))
    # 0.95, 0.99, then clipped at 1 for ever after
    assert_allclose(path[1], 0.99)
    assert_allclose(path[2:], 1.0)


def test_initial_point_outside_unit_cube_is_clipped():
    path, _ = wl.frontier_path(
        np.array([1.5, -0.2, 0.5, 0.5, 0.5]), np.zeros(5), 0.0, 2, np.random.default_rng(0)
    )
    assert_allclose(path[0], [1.0, 0.0, 0.5, 0.5, 0.5])


def test_scripted_reasoning_discontinuity_jumps_at_its_step_and_is_recorded():
    initial = np.full(5, 0.4)
    path, events = wl.frontier_path(
        initial, np.zeros(5), 0.0, 6, np.random.default_rng(0), scripted=[(3, wl.REASONING, 0.2)]
    )
    assert_allclose(path[:3], np.tile(initial, (3, 1)))
    expected = initial.copy()
    expected[INFERENCE] += 0.2
    expected[MEMORY] += 0.1
    assert_allclose(path[3:], np.tile(expected, (3, 1)))
    assert events == [(3, wl.REASONING, 0.2)]


def test_certain_hazard_brings_a_random_discontinuity_every_step_after_the_first():
    path, events = wl.frontier_path(
        np.full(5, 0.5), np.zeros(5), 0.0, 5, np.random.default_rng(7), hazard=1.0, random_jump_size=0.05
    )
    assert [e[0] for e in events] == [1, 2, 3, 4]
    assert all(kind in (wl.REASONING, wl.SPARSE) for _, kind, _ in events)
    assert all(size == 0.05 for *_, size in events)
    # each step moves by exactly the jump of the recorded kind (no noise, no drift, no clipping here)
    for t, kind, size in events:
        assert_allclose(path[t] - path[t - 1], wl.discontinuity_jump(kind, size))


def test_zero_jump_size_means_no_random_discontinuities_even_with_hazard():
    _, events = wl.frontier_path(
        np.full(5, 0.5), np.zeros(5), 0.1, 20, np.random.default_rng(1), hazard=1.0, random_jump_size=0.0
    )
    assert events == []


def test_frontier_noise_is_drawn_up_front_so_levers_do_not_change_it():
    """Common random numbers: the hazard lever (with no jump size) and the drift lever leave the noise
    alone."""
    initial = np.full(5, 0.5)
    base, _ = wl.frontier_path(initial, np.zeros(5), 0.01, 10, np.random.default_rng(3))
    with_hazard, _ = wl.frontier_path(initial, np.zeros(5), 0.01, 10, np.random.default_rng(3), hazard=0.9)
    assert_array_equal(base, with_hazard)
    drift = np.full(5, 0.002)
    drifted, _ = wl.frontier_path(initial, drift, 0.01, 10, np.random.default_rng(3))
    # no clipping happens on these paths, so the drift shifts the same noisy path by t * drift
    assert np.all((base > 0) & (base < 1)) and np.all((drifted > 0) & (drifted < 1))
    assert_allclose(drifted - base, np.arange(10)[:, None] * drift[None, :], atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(
    initial=st.lists(st.floats(-0.5, 1.5), min_size=5, max_size=5),
    drift=st.lists(st.floats(-0.1, 0.1), min_size=5, max_size=5),
    noise=st.floats(0.0, 0.5),
    n_steps=st.integers(1, 30),
    seed=st.integers(0, 2**32 - 1),
    hazard=st.floats(0.0, 1.0),
    jump=st.floats(0.0, 0.5),
)
def test_frontier_path_stays_in_unit_cube_and_is_reproducible_from_the_same_seed(
    *, initial, drift, noise, n_steps, seed, hazard, jump
):
    args = (np.array(initial), np.array(drift), noise, n_steps)
    path1, events1 = wl.frontier_path(
        *args, np.random.default_rng(seed), hazard=hazard, random_jump_size=jump
    )
    path2, events2 = wl.frontier_path(
        *args, np.random.default_rng(seed), hazard=hazard, random_jump_size=jump
    )
    assert path1.shape == (n_steps, N_DIMS)
    assert np.all(path1 >= 0.0) and np.all(path1 <= 1.0)
    assert_array_equal(path1, path2)
    assert events1 == events2


def test_different_seeds_give_different_noisy_frontiers():
    a, _ = wl.frontier_path(np.full(5, 0.5), np.zeros(5), 0.02, 8, np.random.default_rng(1))
    b, _ = wl.frontier_path(np.full(5, 0.5), np.zeros(5), 0.02, 8, np.random.default_rng(2))
    assert not np.allclose(a, b)


# ---------------------------------------------------------------- followers
def _ramp_path(n=6):
    """Path whose point t has every coordinate equal to t / 10."""
    return np.tile(np.arange(n)[:, None] / 10.0, (1, N_DIMS))


def test_lagged_returns_the_frontier_lag_quarters_ago():
    path = _ramp_path()
    assert_allclose(wl.lagged(path, 4, 2), 0.2)


def test_lagged_holds_the_first_point_before_the_path_starts_and_the_last_after_it_ends():
    path = _ramp_path()
    assert_allclose(wl.lagged(path, 1, 3), 0.0)
    assert_allclose(wl.lagged(path, 20, 2), 0.5)


def test_follower_is_lagged_frontier_plus_offset_clipped():
    path = _ramp_path()
    offset = np.array([0.1, -0.5, 0.0, 0.9, 0.05])
    # frontier 2 quarters before t=5 is 0.3 everywhere
    out = wl.follower_workloads(path, 5, np.array([2]), offset[None, :], np.zeros((1, 5)))
    assert_allclose(out[0], [0.4, 0.0, 0.3, 1.0, 0.35])


def test_small_model_shift_lowers_dense_and_raises_low_precision_linearly_in_time():
    shift = wl.small_model_shift(8, 0.01)
    expected = np.zeros(5)
    expected[DENSE] = -0.08
    expected[LOW_PRECISION] = 0.08
    assert_allclose(shift, expected)
    assert_allclose(wl.small_model_shift(0, 0.01), 0.0)


def test_followers_add_their_own_lag_drift_and_offset_vectorised():
    path = np.full((10, N_DIMS), 0.5)
    offsets = np.array([[0.0] * 5, [0.1, 0.0, -0.1, 0.0, 0.6]])
    shifts = np.vstack([wl.small_model_shift(4, 0.02)] * 2)
    out = wl.follower_workloads(path, 4, np.array([2, 2]), offsets, shifts)
    centre = np.array([0.5 - 0.08, 0.5, 0.5, 0.5 + 0.08, 0.5])
    assert out.shape == (2, 5)
    assert_allclose(out[0], centre)
    assert_allclose(out[1], np.clip(centre + offsets[1], 0, 1))
    assert out[1, INFERENCE] == 1.0  # clipped


def test_each_follower_reads_the_frontier_at_its_own_lag():
    rng = np.random.default_rng(0)
    path, _ = wl.frontier_path(np.full(5, 0.5), np.full(5, 0.005), 0.02, 12, rng)
    lags = np.array([0, 3, 20])  # a lag past the path's start holds its first point
    out = wl.follower_workloads(path, 9, lags, np.zeros((3, 5)), np.zeros((3, 5)))
    for i, lag in enumerate(lags):
        assert_allclose(out[i], wl.lagged(path, 9, int(lag)))
