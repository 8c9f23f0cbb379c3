"""Where every dollar goes (M7, M9): each buyer's budget is spent on chips (its supplier's price, and
the hyperscaler's cloud markup where it rents), on running and owning them, carried to next quarter
with its orders the foundry could not fill (the backlog), or left unspent where it cancels such orders
or nothing was on offer to it. A hyperscaler earns the markup.

An owner first pays its chip programme (team and NRE). A buyer splits what is left of a segment's
budget, b, over options by cost per effective unit, so the units it asks for cost exactly b all in,
b = sum_j q_j (p_j (1 + o_j) + r). Of what it gets (fill f_j):

    chips = sum_j f_j q_j p_j,   operating = sum_j f_j q_j (p_j o_j + r),
    unfilled = sum_j (1 - f_j) q_j (p_j (1 + o_j) + r),
    carried = (1 - kappa) unfilled,   unspent = kappa unfilled  (+ b where it could place nothing),

kappa the share of waiting orders cancelled a quarter; b includes what was carried in, so
budget + carried in = programme + chips + operating + unspent + carried.

The ledger's columns are computed from the orders, not from each other, so a dropped flow shows as
money that does not add up (tests/test_ledger.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..economics import supply
from .market import Clearing


@dataclass
class BudgetAccounts:
    """Per buyer (population row), this quarter, USD."""

    budget: np.ndarray
    program: np.ndarray  # its own chip programme: team and NRE
    chips: np.ndarray  # what it paid for chips, the cloud markup included
    operating: np.ndarray  # running and ownership costs of what it got
    unspent: np.ndarray  # cancelled orders, and budget it could place nowhere
    cloud_revenue: np.ndarray  # a hyperscaler's markup on what it rents out
    carried_in: np.ndarray  # money of its orders still waiting from last quarter
    carried: np.ndarray  # money of its unfilled orders that wait for next quarter (the backlog)


def budget_accounts(model, clearing: Clearing) -> BudgetAccounts:
    pop, offer = model.population, clearing.offer
    p = model.params
    accounts = BudgetAccounts(*(np.zeros(pop.n) for _ in range(8)))
    accounts.budget += pop.budget
    accounts.carried_in += pop.carried
    accounts.program += pop.program_cost
    cloud = offer.cloud_options
    renter = offer.party_row[cloud]
    for d, bought in zip(clearing.demand, clearing.bought, strict=True):
        got, chips = bought.units, bought.spend
        per_chip = d.prices.payable_all_in  # 0 where an option is closed to a buyer: it has no chips of it
        accounts.chips += bought.spend_by_buyer
        operating = got * per_chip
        operating -= chips
        accounts.operating += operating.sum(axis=1)
        unfilled = ((d.units - got) * per_chip).sum(axis=1)
        waiting, cancelled = supply.carried_orders(unfilled, p.backlog_cancel_share)
        accounts.carried += waiting
        accounts.unspent += cancelled + np.where(d.compute.sum(axis=1) > 0, 0.0, d.budget)
        # the markup on cloud chips is the hyperscaler's: end price - end price / (1 + markup)
        markup = bought.cloud_spend * (1.0 - 1.0 / (1.0 + p.cloud_markup))
        np.add.at(accounts.cloud_revenue, renter, markup)
    return accounts
