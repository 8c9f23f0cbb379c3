"""The product ladder: a vendor's previous generation stays on the market while it runs down, buyers'
mixes follow each chip and pass to the successor when a part leaves, and bargaining does not count a
vendor's own older part as the buyer's outside option against it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from market_sim import ChipMarketModel
from market_sim.kinds import Channel
from market_sim.outputs import run_model, tables
from market_sim.sim.bargaining import best_other
from market_sim.sim.designers import Chip
from market_sim.sim.market import Offer, Option, Procurement


def chip(chip_id: str, supplier: str, ship_step: int = 0) -> Chip:
    return Chip(chip_id, supplier, "merchant", np.zeros(3), 1.0, 1.0, "blend", ship_step, 1000.0)


def offer_of(*chips: Chip) -> Offer:
    options = [Option(Channel.DIRECT, "", k) for k in range(len(chips))]
    return Offer(list(chips), np.ones(len(chips)), np.ones(len(chips)), options)


def test_best_other_leaves_out_the_vendors_own_other_generation():
    cost = np.array([[1.0, 2.0, 3.0]])
    suppliers = np.array(["a", "a", "b"], dtype=object)
    np.testing.assert_array_equal(best_other(cost, suppliers), [[3.0, 3.0, 1.0]])
    np.testing.assert_array_equal(best_other(cost), [[2.0, 1.0, 1.0]])  # every chip its own supplier
    assert np.isinf(best_other(cost[:, :2], suppliers[:2])).all()  # one supplier: no outside option


def test_a_mix_on_a_chip_that_left_the_market_passes_to_its_suppliers_current_generation():
    procurement = Procurement()
    old_a, new_a, b = chip("a#1", "a"), chip("a#2", "a", 4), chip("b#1", "b")
    first = offer_of(old_a, b)
    last = np.array([[0.8, 0.2]])
    procurement.with_inertia("training", first, last, np.ones((1, 2), bool), 0.5)
    # a#1 has left; a#2 is on sale, and the target is all b: half of last quarter's a#1 goes to a#2.
    later = offer_of(new_a, b)
    shares = procurement.with_inertia("training", later, np.array([[0.0, 1.0]]), np.ones((1, 2), bool), 0.5)
    np.testing.assert_allclose(shares, [[0.4, 0.6]])


def test_a_mix_stays_on_the_old_part_while_it_is_on_sale():
    procurement = Procurement()
    old_a, new_a, b = chip("a#1", "a"), chip("a#2", "a", 4), chip("b#1", "b")
    procurement.with_inertia(
        "training", offer_of(old_a, b), np.array([[1.0, 0.0]]), np.ones((1, 2), bool), 0.5
    )
    later = offer_of(new_a, old_a, b)
    target = np.array([[1.0, 0.0, 0.0]])
    shares = procurement.with_inertia("training", later, target, np.ones((1, 3), bool), 0.5)
    np.testing.assert_allclose(shares, [[0.5, 0.5, 0.0]])


@pytest.fixture(scope="module")
def products() -> pd.DataFrame:
    return tables(run_model(ChipMarketModel(rng=1, steps=16)))["products"]


def test_the_previous_generation_is_sold_for_its_run_down_quarters_then_leaves(products):
    p = ChipMarketModel(rng=1, steps=1).params
    inc = products[products["vendor"] == "incumbent"]
    launches = sorted(set(inc["ship_step"]) - {inc["ship_step"].min()})
    assert launches, "the incumbent ships in 2020-23"
    for launch in launches:
        on_sale = inc.groupby("step")["generation"].nunique()
        during = on_sale.loc[launch : launch + p.previous_generation_quarters - 1]
        assert (during == 2).all(), on_sale
        after = launch + p.previous_generation_quarters
        if after in on_sale.index and after not in launches:
            assert on_sale.loc[after] == 1


def test_an_old_part_falls_to_parity_per_peak_with_the_new_one_over_its_run_down(products):
    p = ChipMarketModel(rng=1, steps=1).params
    inc = products[products["vendor"] == "incumbent"]
    reached_parity = 0
    for step, quarter in inc.groupby("step"):
        if len(quarter) < 2:
            continue
        new, old = quarter.sort_values("ship_step", ascending=False).iloc[:2].itertuples()
        parity = max(new.list_price * old.peak / new.peak, old.unit_cost)
        assert old.list_price < new.list_price
        assert old.list_price >= parity - 1e-6  # it falls toward parity, never below it
        if step - new.ship_step == p.previous_generation_quarters - 1:  # its last quarter on sale
            assert old.list_price == pytest.approx(parity)
            reached_parity += 1
    assert reached_parity


def test_product_units_and_revenue_add_up_to_the_vendors(products):
    vendors = tables(run_model(ChipMarketModel(rng=1, steps=16)))["vendors"]
    merchants = vendors[vendors["kind"] != "in_house"].set_index(["step", "vendor"])
    by_product = products.groupby(["step", "vendor"])[["units", "revenue"]].sum()
    joined = merchants.join(by_product.add_suffix("_products"), how="inner")
    np.testing.assert_allclose(joined["units"], joined["units_products"], rtol=1e-9)
    np.testing.assert_allclose(joined["revenue"], joined["revenue_products"], rtol=1e-9)
