"""M1 workload space: a reasoning discontinuity moves compute to inference (seed 004)."""

import pytest
from conftest import assert_effect, window

pytestmark = pytest.mark.causal
CALM = dict(discontinuity_hazard=0.0)
REASONING = dict(discontinuity_hazard=0.0, reasoning_shift_year=2024.0)


def test_reasoning_discontinuity_raises_inference_share_of_compute(arms):
    control, treated = arms(**CALM), arms(**REASONING)
    measure = lambda r: window(r["model"], 20, 39)["inference_compute_share"].mean()  # noqa: E731
    assert_effect(
        [measure(r) for r in treated], [measure(r) for r in control], +1, label="inference share 2025-29"
    )


def test_inference_specialised_chips_gain_share_after_reasoning_shift(arms):
    """Inference-focused chips (in-house ASICs, Groq-like start-ups) take more of all compute.

    Within the inference segment alone they do not gain: the jump also moves memory bandwidth away
    from the specs they froze before it, and broad GPUs absorb that better (seed 001's case for
    flexible chips). The gain comes from the inference segment growing.
    """
    control, treated = arms(**CALM), arms(**REASONING)

    def inference_chip_share(r):
        s = window(r["shares"], 24, 39)
        return s.loc[s["focus"] == "inference", "effective_compute"].sum() / s["effective_compute"].sum()

    assert_effect(
        [inference_chip_share(r) for r in treated],
        [inference_chip_share(r) for r in control],
        +1,
        label="inference-focused chips' share of compute 2026-29",
    )
