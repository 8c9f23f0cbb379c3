"""M6 negotiation: each large buyer bargains a price for every merchant chip (Nash), with its outside
options: the best other merchant chip, switching cost and the qualification of a new part included
(lock-in is bargaining power; a part buyers have not yet qualified is a weak threat), and
its own chip programme, weighted by the chance the programme ships (seed 001: custom chips as
negotiating leverage before they ship). Enterprises pay list.

All large buyers and merchant chips at once: (L buyers, M chips) arrays.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..economics import ecosystem, fit, pricing, procurement, supply
from ..kinds import Segment, SupplierKind


def negotiated_prices(model, offer) -> np.ndarray:
    """(N buyers, K chips): what each buyer pays per merchant chip bought directly."""
    pop, p = model.population, model.params
    prices = np.tile(offer.list_price, (pop.n, 1))
    merchant = np.array(
        [k for k, c in enumerate(offer.chips) if c.supplier_kind != SupplierKind.IN_HOUSE], int
    )
    rows = np.flatnonzero(~pop.is_enterprise)
    if not len(merchant) or not len(rows):
        return prices
    list_price = offer.list_price[merchant][None, :]
    unit_cost = np.array([offer.chips[k].unit_cost for k in merchant])[None, :]
    eff = model.effective_performance(offer.chips, pop.workloads[rows])[:, merchant]
    # Moving to another platform costs the buyer its switching cost (M5): lock-in is bargaining power.
    switch = ecosystem.switching_cost(
        pop.home_maturity[rows][:, None], offer.maturity[merchant][None, :], p.switching_cost,
        model.conditions.portability,
    )  # fmt: skip
    # A part not yet qualified is worth less to the buyer, as an outside option too (as in its mix, M7).
    age = np.array([model.t - offer.chips[k].ship_step for k in merchant], dtype=float)
    # So is one that waits for the foundry: a rival's queue weakens the buyer's threat, a chip's own
    # queue what it is worth to the buyer (M7).
    chips = [offer.chips[k] for k in merchant]
    switch = (
        switch
        + procurement.qualification_premium(age, p.qualification_premium, p.qualification_quarters)
        + model.foundry.waiting_premium(chips)
    )
    own_cost, ship_prob = own_chip_costs(model, rows)
    suppliers = np.array([c.supplier for c in chips], dtype=object)
    terms = dict(
        walk_away=pricing.walk_away_price(
            unit_cost,
            list_price,
            # Each vendor prices for the wait on its own chips (M7), its backlog over what it made, and
            # for orders beyond the supply it booked (capacity then price).
            np.array([vendor_scarcity(model.foundry, s) for s in suppliers])[None, :],
            p.max_negotiated_discount,
        ),
        list_price=list_price,
        effective_perf=eff,
        switch=switch,
        running_cost=p.running_cost_usd,
        bargaining_power=p.vendor_bargaining_power,
    )
    deal = BargainingRound(
        terms=terms,
        suppliers=suppliers,
        own_cost=own_cost,
        ship_prob=ship_prob,
        phi=pop.inference_share[rows][:, None],
        codesign_gain=p.codesign_gain,
    )
    # A buyer threatens each vendor with what it would pay another, not with the other's list: the
    # rivals' chips are priced at the deals of a first round bargained against list prices.
    first = deal.prices(np.broadcast_to(list_price, eff.shape))
    bargained = deal.prices(first)
    prices[np.ix_(rows, merchant)] = np.where(eff > 0, bargained, list_price)
    return prices


@dataclass(frozen=True)
class BargainingRound:
    """One round of every large buyer's bargains over every merchant chip, (L buyers, M chips): the
    outside option for chip k is the cheapest chip of another vendor at the prices given, switching
    included, and the buyer's own programme for its inference share phi, weighted by its chance of
    shipping: its chip's cost once shipped, before that the co-design gain on the cheapest merchant
    chip at the prices given."""

    terms: dict
    suppliers: np.ndarray
    own_cost: np.ndarray  # (L,) a shipped programme's cost per effective unit, else NaN
    ship_prob: np.ndarray  # (L,) 0 without a programme
    phi: np.ndarray  # (L, 1) inference share
    codesign_gain: float

    def prices(self, rivals_prices: np.ndarray) -> np.ndarray:
        """The bargained prices when the buyer's rivals' chips cost it ``rivals_prices``."""
        t = self.terms
        raw = procurement.cost_per_effective_unit(rivals_prices, t["running_cost"], t["effective_perf"])
        merchant_out = best_other(raw * (1.0 + t["switch"]), self.suppliers)
        without = pricing.nash_price_against(merchant_out, **t)
        unshipped = (self.ship_prob > 0) & np.isnan(self.own_cost)
        own = np.where(unshipped, raw.min(axis=1) * (1.0 - self.codesign_gain), self.own_cost)[:, None]
        with_programme = pricing.nash_price_against(np.minimum(own, merchant_out), **t)
        inference_price = np.where(
            np.isnan(own),
            without,
            pricing.expected_price_with_programme(with_programme, without, self.ship_prob[:, None]),
        )
        return self.phi * inference_price + (1.0 - self.phi) * without


def vendor_scarcity(foundry, supplier: str) -> float:
    """How scarce a vendor's chips are to it (``supply.combined_scarcity``): its lead time and its
    orders beyond its booking, last quarter."""
    lead = supply.scarcity_pressure(foundry.lead_time_of(supplier))
    return supply.combined_scarcity(lead, foundry.booking_pressure_of(supplier))


def best_other(cost: np.ndarray, suppliers: np.ndarray | None = None) -> np.ndarray:
    """For each chip k of a row, the lowest cost among the row's chips of other suppliers (inf if
    there is none): a vendor's own other generation is not the buyer's outside option against it.
    Without ``suppliers`` every chip is its own supplier."""
    if suppliers is None:
        suppliers = np.arange(cost.shape[1])
    if not cost.shape[1]:
        return np.full(cost.shape, np.inf)
    names = list(dict.fromkeys(suppliers.tolist()))
    code = {name: i for i, name in enumerate(names)}
    group = np.array([code[s] for s in suppliers.tolist()], dtype=np.intp)
    # Each supplier's cheapest chip, then for each supplier the cheapest of the others' (prefix and suffix
    # minima): minima are exact in any order, and NaN propagates as it does through one min.
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(group[order]) != 0])
    own_min = np.minimum.reduceat(cost[:, order], starts, axis=1)
    pad = np.full((cost.shape[0], 1), np.inf)
    before = np.minimum.accumulate(np.hstack([pad, own_min[:, :-1]]), axis=1)
    after = np.minimum.accumulate(np.hstack([pad, own_min[:, :0:-1]]), axis=1)[:, ::-1]
    return np.minimum(before, after)[:, group]


def own_chip_costs(model, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per large buyer: its shipped programme's cost per effective unit on its inference (NaN without
    a programme or before it ships) and the chance the programme delivers (0 without one)."""
    pop, p = model.population, model.params
    own_cost, ship_prob = np.full(len(rows), np.nan), np.zeros(len(rows))
    programs = [pop.programs[row] for row in rows.tolist()]
    for i, program in enumerate(programs):
        if program is not None:
            ship_prob[i] = program.ship_probability()
    shipped = [i for i, program in enumerate(programs) if program is not None and program.chip is not None]
    if shipped:
        # Every shipped programme's chip on its owner's inference workload in one call: entry (i, i).
        w = fit.segment_workload(pop.workloads[rows[shipped]], Segment.INFERENCE)
        e_own = np.diagonal(model.effective_performance([programs[i].chip for i in shipped], w))
        price = np.array([programs[i].unit_price for i in shipped])
        own_cost[shipped] = procurement.cost_per_effective_unit(price, p.running_cost_usd, e_own)
    return own_cost, ship_prob
