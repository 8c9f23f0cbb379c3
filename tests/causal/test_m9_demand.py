"""M9 demand and business model: fast falls in the cost of compute strand capital (seed 001)."""

import pytest
from conftest import assert_effect

pytestmark = pytest.mark.causal


def stranded_per_dollar(r) -> float:
    m = r["model"]
    return m["stranded_capital"].sum() / m["accelerator_revenue"].sum()


def test_faster_fall_in_compute_cost_strands_more_capital(arms):
    slow, fast = arms(node_doubling_years=3.0), arms(node_doubling_years=1.5)
    assert_effect(
        [stranded_per_dollar(r) for r in fast],
        [stranded_per_dollar(r) for r in slow],
        +1,
        label="write-downs per dollar of hardware, faster process curve",
    )


def test_algorithmic_efficiency_gains_strand_capital(arms):
    """Seed 001's 10x from architecture and software: the same chips bought earlier are worth less."""
    base, fast = arms(), arms(algorithmic_efficiency_per_year=0.5)
    assert_effect(
        [stranded_per_dollar(r) for r in fast],
        [stranded_per_dollar(r) for r in base],
        +1,
        label="write-downs per dollar, algorithmic efficiency",
    )
    for r in fast:
        assert (r["model"]["stranded_capital"] >= 0).all()
