"""M6 pricing: programmes as negotiating leverage (seed 001); the defensive margin cushion (seed 002)."""

import pytest
from conftest import assert_effect, window

pytestmark = pytest.mark.causal
# Other buyers' reviews are switched off so that only frontier lab 1's programme differs.
NO_PROGRAMME = dict(make_or_buy_hurdle=100.0)
PROGRAMME_2024 = dict(make_or_buy_hurdle=100.0, frontier_lab_program_year=2024.0)


def lab_price_from_incumbent(r, first=17, last=31):
    f = window(r["flows"], first, last)
    f = f[(f["buyer"] == "frontier_lab_1") & (f["supplier"] == "incumbent") & (f["channel"] == "direct")]
    return f["spend"].sum() / f["units"].sum()


def test_unshipped_programme_lowers_negotiated_price(arms):
    with_programme = arms(steps=32, **PROGRAMME_2024)
    # Its first chip cannot ship before hiring + the design cycle: the whole window is before it.
    for r in with_programme:
        first_ship = r["events"].query("kind == 'chip_shipped' and agent == 'in_house:frontier_lab_1'")[
            "step"
        ]
        assert first_ship.empty or first_ship.min() > 31
    assert_effect(
        [lab_price_from_incumbent(r) for r in with_programme],
        [lab_price_from_incumbent(r) for r in arms(steps=32, **NO_PROGRAMME)],
        -1,
        label="frontier lab 1's price for incumbent chips 2024Q2-2027Q4",
    )


def _margin_and_markup(r):
    m = window(r["model"], 8, 39)
    v = window(r["vendors"], 8, 39)
    return m["incumbent_gross_margin"].mean(), v.loc[v["vendor"] == "incumbent", "markup"].mean()


def test_defensive_incumbent_cuts_margin_when_it_loses_share(arms):
    """Lower switching costs cut the incumbent's share; a defensive pricer answers with its margin,
    a cost-plus pricer does not change its list markup (the difference in differences)."""
    locked, open_ = arms(switching_cost=1.5), arms(switching_cost=0.3)
    share = lambda r: window(r["model"], 8, 39)["incumbent_revenue_share"].mean()  # noqa: E731
    assert_effect([share(r) for r in open_], [share(r) for r in locked], -1, label="incumbent share")
    assert_effect(
        [_margin_and_markup(r)[0] for r in open_],
        [_margin_and_markup(r)[0] for r in locked],
        -1,
        label="defensive incumbent gross margin",
    )
    assert_effect(
        [_margin_and_markup(r)[1] for r in open_],
        [_margin_and_markup(r)[1] for r in locked],
        -1,
        label="defensive incumbent markup",
    )
    cp_locked = arms(switching_cost=1.5, incumbent_pricing="cost_plus")
    cp_open = arms(switching_cost=0.3, incumbent_pricing="cost_plus")
    cp_markup_change = [
        _margin_and_markup(a)[1] - _margin_and_markup(b)[1] for a, b in zip(cp_open, cp_locked, strict=False)
    ]
    assert max(abs(x) for x in cp_markup_change) < 1e-12
