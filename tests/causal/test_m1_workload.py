"""M1 workload space: a reasoning discontinuity moves compute to inference (seed 004)."""

import pytest
from conftest import assert_effect, window

pytestmark = pytest.mark.causal
CALM = dict(discontinuity_hazard=0.0)
REASONING = dict(discontinuity_hazard=0.0, reasoning_shift_year=2024.0)


def check_m1_inference_share(control, treated, *, first=20, last=39):
    """The scripted jump adds 0.2 to the frontier's inference coordinate, which is the share of each
    buyer's budget spent on inference; followers take it up after their lags, so the inference share of
    compute should rise by most of the jump: at least 0.1 of compute share (half the jump)."""
    measure = lambda r: window(r["model"], first, last)["inference_compute_share"].mean()  # noqa: E731
    assert_effect(
        [measure(r) for r in treated],
        [measure(r) for r in control],
        +1,
        min_effect=0.1,
        label=f"inference share of compute, steps {first}-{last}",
    )


def test_reasoning_discontinuity_raises_inference_share_of_compute(arms):
    check_m1_inference_share(arms(**CALM), arms(**REASONING))


def check_m1_inference_chips(control, treated, *, first=32, last=59):
    """Inference-focused chips serve the inference segment, which grows by ~0.2 of compute after the
    shift. But the jump also moves memory bandwidth away from the specs they froze before it, and broad
    GPUs absorb that better (seed 001's case for flexible chips; seed 004: "GPUs stay strong"). In the
    first years the growth of the segment wins (+0.017 of compute in 2026-29, 6 seeds of 10); from 2028
    the misfit does, as the incumbent's broad parts take the grown segment: inference-focused chips end
    with at least 0.02 less of all compute (the model gives -0.041, 10 seeds of 10; model version 10,
    with the previous generation run down and new parts qualified, M6/M7). The essay's hope that an
    inference-chip class takes inference share is not what the model produces."""

    def inference_chip_share(r):
        s = window(r["shares"], first, last)
        return s.loc[s["focus"] == "inference", "effective_compute"].sum() / s["effective_compute"].sum()

    assert_effect(
        [inference_chip_share(r) for r in treated],
        [inference_chip_share(r) for r in control],
        -1,
        min_effect=0.02,
        label=f"inference-focused chips' share of compute, steps {first}-{last}",
    )


def test_inference_specialised_chips_lose_share_after_reasoning_shift(arms):
    """Inference-focused chips (in-house ASICs, Groq-like start-ups) end with less of all compute:
    broad parts absorb the jump that the specialised parts' frozen specs miss."""
    check_m1_inference_chips(arms(steps=60, **CALM), arms(steps=60, **REASONING))
