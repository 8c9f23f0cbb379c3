"""M5 ecosystem lock-in: switching cost, portability and the installed-base cycle (seed 002)."""

import pytest
from conftest import assert_effect, window

pytestmark = pytest.mark.causal


def incumbent_share(first, last):
    return lambda r: window(r["model"], first, last)["incumbent_revenue_share"].mean()


def test_higher_switching_cost_raises_incumbent_share(arms):
    measure = incumbent_share(4, 39)
    low, high = arms(switching_cost=0.5), arms(switching_cost=2.5)
    assert_effect(
        [measure(r) for r in high], [measure(r) for r in low], +1, label="incumbent revenue share 2021-29"
    )


def test_portability_erosion_lowers_incumbent_share(arms):
    measure = incumbent_share(16, 47)
    closed = arms(steps=48, portability_growth_per_year=0.0)
    open_ = arms(steps=48, portability_growth_per_year=0.1, portability_max=0.9)
    assert_effect(
        [measure(r) for r in open_], [measure(r) for r in closed], -1, label="incumbent revenue share 2024-31"
    )


def test_ecosystem_maturity_grows_with_installed_base(arms):
    """A cheaper challenger sells more, builds an installed base, and its platform matures."""

    def final_maturity(r):
        v = r["vendors"]
        return v.loc[v["vendor"] == "challenger", "maturity"].iloc[-1]

    def installed_share(r):
        v = r["vendors"]
        return v.loc[v["vendor"] == "challenger", "revenue_share"].mean()

    dear, cheap = arms(challenger_markup=0.9), arms(challenger_markup=0.2)
    assert_effect(
        [installed_share(r) for r in cheap], [installed_share(r) for r in dear], +1, label="challenger share"
    )
    assert_effect(
        [final_maturity(r) for r in cheap],
        [final_maturity(r) for r in dear],
        +1,
        label="challenger maturity 2029",
    )
