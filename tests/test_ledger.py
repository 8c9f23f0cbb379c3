"""Money adds up: every dollar a buyer budgets (with the money of its orders still waiting) is paid
for chips (flows.parquet), spent running and owning them, carried with its unfilled orders to next
quarter, or recorded as unspent (ledger.parquet), and a vendor's cash moves by its gross profit
less NRE and operating cost. The two sides come from different code (orders and flows against each
buyer's requests), so dropping a flow fails the check (the neutralisation test at the end).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import market_sim.sim.accounting as accounting
from market_sim import ChipMarketModel
from market_sim.outputs import run_model, tables

REL = 1e-9


def check_money_adds_up(t: dict[str, pd.DataFrame]) -> None:
    ledger, flows = t["ledger"], t["flows"]
    buyers = ledger[ledger["budget"].notna()].set_index(["step", "agent"])
    paid = (flows["units"] * flows["end_price"]).where(flows["units"] > 0, 0.0)
    paid = paid.groupby([flows["step"], flows["buyer"]]).sum().reindex(buyers.index, fill_value=0.0)
    spent = paid + buyers["program_cost"] + buyers["operating_cost"] + buyers["unspent"] + buyers["carried"]
    gap = buyers["budget"] + buyers["carried_in"] - spent
    assert (gap.abs() <= REL * buyers["budget"].abs().clip(lower=1.0)).all(), gap[gap.abs() > 0].head()
    assert (buyers[["chip_spend", "operating_cost", "unspent", "carried"]] >= -REL).all().all()
    # what waits at the end of a quarter is what the next quarter starts with
    by_agent = buyers.reset_index().sort_values("step").groupby("agent")
    for name, rows in by_agent:
        carried_out, carried_in = rows["carried"].to_numpy()[:-1], rows["carried_in"].to_numpy()[1:]
        assert (abs(carried_out - carried_in) <= REL * abs(carried_out).clip(1.0)).all(), name
    # the hyperscalers' markup is the difference between what renters pay and what the supplier gets
    cloud = flows[flows["channel"] == "cloud"]
    markup = (
        (cloud["units"] * (cloud["end_price"] - cloud["price"]))
        .groupby([cloud["step"], cloud["owner"]])
        .sum()
    )
    earned = buyers["cloud_revenue"][buyers["cloud_revenue"] > 0]
    expected = markup[markup > 0].rename("cloud_revenue").rename_axis(["step", "agent"])
    pd.testing.assert_series_equal(earned.sort_index(), expected.sort_index(), check_exact=False, rtol=1e-9)
    # a vendor's cash runs on from row to row: each quarter's flows, and any acquisition it pays for
    for name, rows in ledger[ledger["cash"].notna()].groupby("agent"):
        before, after = rows["cash_before"].to_numpy()[1:], rows["cash"].to_numpy()[:-1]
        assert (abs(before - after) <= REL * abs(after).clip(1.0)).all(), f"{name}'s cash jumps between rows"
    paid = ledger[ledger["kind"] == "acquisition"]
    assert (
        (paid["cash_before"] - paid["cash"] - paid["acquisitions"]).abs().max() <= 1e-3 if len(paid) else True
    )
    vendors = ledger[ledger["revenue"].notna()].set_index(["step", "agent"])
    sales = flows.groupby(["step", "supplier"])["spend"].sum().reindex(vendors.index, fill_value=0.0)
    assert ((vendors["revenue"] - sales).abs() <= REL * sales.abs().clip(lower=1.0)).all()
    cash = vendors["cash"] - vendors["cash_before"]
    flow = vendors["revenue"] - vendors["cogs"] - vendors["nre"] - vendors["opex"]
    assert ((cash - flow).abs() <= REL * vendors["cash_before"].abs().clip(lower=1.0)).all()


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    capacity=st.floats(3.0, 7.0).map(lambda e: float(10.0**e)),
    enterprises=st.integers(0, 60),
    markup=st.floats(0.0, 2.0),
)
@example(seed=1, capacity=1e5, enterprises=30, markup=0.3)  # scarce: much of the budget is unspent
@example(seed=3, capacity=1e6, enterprises=0, markup=0.3)
def test_every_budgeted_dollar_is_spent_or_recorded_unspent(seed, capacity, enterprises, markup):
    model = ChipMarketModel(
        rng=seed, steps=8, foundry_capacity_units=capacity, n_enterprises=enterprises, cloud_markup=markup
    )
    check_money_adds_up(tables(run_model(model)))


def test_scarce_capacity_carries_orders_and_cancels_some_and_it_is_recorded():
    """Unfilled orders wait with their money (the backlog) and a share of them is cancelled each quarter."""
    model = ChipMarketModel(rng=2, steps=4, foundry_capacity_units=1e5, foundry_capacity_growth_per_year=0.0)
    t = tables(run_model(model))
    buyers = t["ledger"][t["ledger"]["budget"].notna()]
    assert buyers["carried"].sum() > 0.3 * buyers["budget"].sum()
    cancel = model.params.backlog_cancel_share
    # the cancelled share of the waiting money is unspent
    assert buyers["unspent"].sum() >= cancel / (1 - cancel) * buyers["carried"].sum() * (1 - REL)
    assert t["model"]["backlog_units"].iloc[-1] > 0 and t["model"]["lead_time_quarters"].iloc[-1] > 0
    check_money_adds_up(t)


def test_a_dropped_flow_is_money_that_does_not_add_up(monkeypatch):
    """Neutralisation: an order's flow row lost on the way fails the check."""
    original = accounting.book_orders

    def losing_one_flow(model, clearing):
        book = original(model, clearing)
        keep = np.ones(len(book.flow_table["units"]), dtype=bool)
        keep[np.flatnonzero(book.flow_table["units"] > 0)[0]] = False
        book.flow_table = {column: values[keep] for column, values in book.flow_table.items()}
        return book

    monkeypatch.setattr(accounting, "book_orders", losing_one_flow)
    with pytest.raises(AssertionError):
        check_money_adds_up(tables(run_model(ChipMarketModel(rng=1, steps=3))))


def test_an_acquisition_is_paid_by_the_acquirer():
    """A start-up out of cash whose chip still fits is bought: the established vendor with the most cash
    pays its debts, recorded in the ledger, and the money still adds up."""
    t = tables(run_model(ChipMarketModel(rng=5, steps=20, startup_entry_rate=1.0)))
    events = t["events"]
    acquired = events[events["kind"] == "acquisition"]
    assert len(acquired), "no acquisition in this run: choose another seed"
    paid = t["ledger"][t["ledger"]["kind"] == "acquisition"]
    assert len(paid) == len(acquired)
    assert paid["acquisitions"].to_numpy() == pytest.approx(-acquired["value"].clip(upper=0.0).to_numpy())
    check_money_adds_up(t)


def test_owners_pay_their_programmes_team_and_nre_every_quarter():
    """In-house chips are not free: each quarter an owner pays its team and the NRE of its projects in
    progress (spread over their cycle), out of the budget it would otherwise spend on compute."""
    model = ChipMarketModel(rng=1, steps=16, frontier_lab_program_year=2020.0)
    t = tables(run_model(model))
    p = model.params
    programmes = t["vendors"][t["vendors"]["kind"] == "in_house"]
    projects = t["projects"]
    for row in programmes.itertuples():
        mine = projects[(projects["designer"] == row.vendor) & (projects["start_step"] <= row.step)]
        in_progress = mine[mine["ship_step"] > row.step]
        expected = p.team_cost_usd_per_year / 4 + (in_progress["nre"] / in_progress["cycle_quarters"]).sum()
        assert row.program_cost == pytest.approx(expected), (row.vendor, row.step)
    by_step = programmes.groupby("step")["program_cost"].sum()
    assert t["model"].set_index("step")["in_house_program_cost"].to_numpy() == pytest.approx(
        by_step.to_numpy()
    )
    assert by_step.min() > 0
