"""M8 Make or buy (seeds 000, 001, 003).

A lab or hyperscaler launches its own chip programme when, over the horizon H of a chip's life,

    savings = sum_H (inference spend * co-design gain) + negotiating discount * merchant spend
    savings > hurdle * (NRE + team cost over the hiring period and the design cycle).

The essays' rule of thumb: a $1B training run implies more than $1B of inference, and a 20 %
saving on that ($200M+) funds a ~$200M tape-out, so the bottleneck is the timeline, not cost.
"""

from __future__ import annotations


def lifetime_inference_spend(training_cost: float, inference_multiple: float) -> float:
    """Inference spend a model's training run implies over its life (seed 000: > training cost)."""
    return training_cost * inference_multiple


def program_savings(
    inference_spend: float, codesign_gain: float, merchant_spend: float, negotiating_discount: float
) -> float:
    """Savings of a programme: co-design gain on inference plus the discount it wins on merchant spend."""
    return inference_spend * codesign_gain + merchant_spend * negotiating_discount


def program_cost(nre: float, team_cost_per_year: float, hiring_quarters: int, staffed_quarters: int) -> float:
    """NRE plus the team's cost while hiring and for ``staffed_quarters`` after (the model counts the
    design cycle and the chip's life)."""
    return nre + team_cost_per_year * (hiring_quarters + staffed_quarters) / 4.0


def should_make(savings: float, cost: float, hurdle: float = 1.0) -> bool:
    """Launch when expected savings exceed hurdle x cost."""
    return savings > hurdle * cost


def tapeout_funded(
    training_cost: float, inference_multiple: float, saving: float, tapeout_cost: float
) -> bool:
    """The essays' check: does a `saving` on the inference a training run implies pay for a tape-out?"""
    return lifetime_inference_spend(training_cost, inference_multiple) * saving >= tapeout_cost
