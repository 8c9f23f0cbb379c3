"""M8: an in-house chip serves the share of its owner's inference it was built for (its production
models), not the rest (research, new architectures), which goes to merchant chips. The limit binds
where an owner's chip is its cheapest inference by far, which is the market after 2026, when every
large buyer has a programme (ODD section 7.8)."""

import numpy as np
import pytest
from conftest import assert_effect, window

from market_sim.economics import procurement

pytestmark = pytest.mark.causal
LIMITED = dict(in_house_servable_share=0.6)  # the lever at a value that binds (the estimate: 0.87)
UNLIMITED = dict(in_house_servable_share=1.0)
LATE = (28, 39)  # 2027-2029: every large buyer has, or is about to ship, a programme


def late_in_house_compute(r) -> float:
    """In-house chips' share of the compute in use over 2027-29."""
    return float(window(r["model"], *LATE)["in_house_installed_compute_share"].mean())


def check_m8_servable_share(limited, unlimited):
    """Owners' chips serving at most 0.6 of their inference, against all of it: in-house chips' share of
    the compute in use over 2027-29 falls by at least 0.10 (owners run 0.9-1.0 of their inference on
    their own chips without the limit, and inference is 0.7-0.8 of their compute by then; the model
    gives 0.69 -> 0.49 over seeds 1-10 at the version 19 estimate, and +0.008 with the limit on the
    mix neutralised)."""
    assert_effect(
        [late_in_house_compute(r) for r in limited],
        [late_in_house_compute(r) for r in unlimited],
        -1,
        min_effect=0.10,
        label="in-house share of compute in use 2027-29, chips serving 0.6 of their owners' inference",
    )


def test_an_owners_chip_serves_only_what_it_was_built_for(arms):
    check_m8_servable_share(arms(**LIMITED), arms(**UNLIMITED))


def test_a_chip_serving_all_its_owners_inference_is_caught(arms, monkeypatch):
    """Neutralised: owners' chips may take all of their inference in both arms (the limit on the mix
    is a no-op); what is left of the lever (the bargaining threat and the make-or-buy savings scaled
    to the servable share) does not pass the check."""
    monkeypatch.setattr(procurement, "held_to_cap", lambda shares, capped, cap: np.asarray(shares))
    with pytest.raises(AssertionError):
        check_m8_servable_share(arms.__class__()(**LIMITED), arms.__class__()(**UNLIMITED))
