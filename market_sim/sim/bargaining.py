"""M6 negotiation: each large buyer bargains a price for every merchant chip (Nash), with its outside
options: the best other merchant chip, switching cost and the qualification of a new part included
(lock-in is bargaining power; a part buyers have not yet qualified is a weak threat), and
its own chip programme, weighted by the chance the programme ships (seed 001: custom chips as
negotiating leverage before they ship). Enterprises pay list.

All large buyers and merchant chips at once: (L buyers, M chips) arrays.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

import numpy as np

from ..economics import ecosystem, fit, pricing, procurement, supply
from ..kinds import Segment


class DeploymentCosts(NamedTuple):
    """What deploying each chip costs each buyer beyond its price, as fractions of the cheapest option's
    cost: read by the bargaining and by the buyers' mix (M7), so computed once a quarter."""

    switch: np.ndarray  # (N buyers, K chips) moving to the chip's platform (M5)
    qualification: np.ndarray  # (K,) a part not yet qualified
    waiting: np.ndarray  # (K,) the wait for the foundry, from the supplier's lead time last quarter


def deployment_costs(model, offer) -> DeploymentCosts:
    """Each buyer's switching cost to each chip's platform, and each chip's qualification and waiting
    premiums (all elementwise, so any buyer's or chip's entries are the same floats as alone)."""
    pop, p = model.population, model.params
    switch = ecosystem.switching_cost(
        pop.home_maturity[:, None], offer.maturity[None, :], p.switching_cost, model.conditions.portability
    )
    age = (model.t - offer.ship_step).astype(float)
    return DeploymentCosts(
        switch,
        procurement.qualification_premium(age, p.qualification_premium, p.qualification_quarters),
        model.foundry.waiting_premium(offer.chips),
    )


def negotiated_prices(model, offer, costs: DeploymentCosts) -> np.ndarray:
    """(N buyers, K chips): what each buyer pays per merchant chip bought directly."""
    pop, p = model.population, model.params
    prices = np.empty((pop.n, len(offer.list_price)))
    prices[...] = offer.list_price  # every buyer's row at list (np.tile's array, in one assignment)
    merchant = offer.merchant_chips
    rows = np.flatnonzero(~pop.is_enterprise)
    if not len(merchant) or not len(rows):
        return prices
    list_price = offer.list_price[merchant][None, :]
    unit_cost = offer.unit_cost[merchant][None, :]
    eff = chip_performance(model, offer, pop.workloads[rows])[:, merchant]
    # Moving to another platform costs the buyer its switching cost (M5): lock-in is bargaining power.
    # A part not yet qualified is worth less to the buyer, as an outside option too (as in its mix, M7).
    # So is one that waits for the foundry: a rival's queue weakens the buyer's threat, a chip's own
    # queue what it is worth to the buyer (M7).
    switch = costs.switch[rows[:, None], merchant] + costs.qualification[merchant] + costs.waiting[merchant]
    own_cost, ship_prob = own_chip_costs(model, rows)
    suppliers = offer.chip_supplier[merchant]
    # Each vendor prices for the wait on its own chips (M7), its backlog over what it made, and for
    # orders beyond the supply it booked (capacity then price): once per vendor, not per chip.
    scarcity = {s: vendor_scarcity(model.foundry, s) for s in dict.fromkeys(suppliers.tolist())}
    terms = dict(
        walk_away=pricing.walk_away_price(
            unit_cost,
            list_price,
            np.array([scarcity[s] for s in suppliers.tolist()])[None, :],
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
        rivals=SupplierGroups.of(suppliers),
        own_cost=own_cost,
        ship_prob=ship_prob,
        # Its own chip could replace the share of its inference it is built to serve (M8).
        phi=pop.inference_share[rows][:, None] * p.in_house_servable_share,
        codesign_gain=p.codesign_gain,
    )
    # A buyer threatens each vendor with what it would pay another, not with the other's list: the
    # rivals' chips are priced at the deals of a first round bargained against list prices (a row that
    # broadcasts over the buyers: the same floats as every buyer's copy of it).
    first = deal.prices(list_price)
    bargained = deal.prices(first)
    prices[rows[:, None], merchant] = np.where(eff > 0, bargained, list_price)
    return prices


def chip_performance(model, offer, w: np.ndarray) -> np.ndarray:
    """(n, K) every chip of the offer on workloads ``w``: ``model.effective_performance`` of the offer's
    chips, from the offer's arrays rather than rebuilt from its chips."""
    p = model.params
    perf = fit.effective_performance_matrix(
        np.atleast_2d(w),
        *offer.fit_terms,
        maturity_penalty=p.maturity_perf_penalty,
        inference_weight=p.inference_dim_weight,
    )
    perf *= model.conditions.algorithmic_gain
    return perf


@dataclass(frozen=True)
class BargainingRound:
    """One round of every large buyer's bargains over every merchant chip, (L buyers, M chips): the
    outside option for chip k is the cheapest chip of another vendor at the prices given, switching
    included, and the buyer's own programme for the share phi of its chips it could replace (its
    inference share times the share of it its chip is built to serve), weighted by its chance of
    shipping: its chip's cost once shipped, before that the co-design gain on the cheapest merchant
    chip at the prices given."""

    terms: dict
    rivals: SupplierGroups  # the chips' suppliers
    own_cost: np.ndarray  # (L,) a shipped programme's cost per effective unit, else NaN
    ship_prob: np.ndarray  # (L,) 0 without a programme
    phi: np.ndarray  # (L, 1) share of its chips its own programme could replace
    codesign_gain: float

    # What does not depend on the rivals' prices: worked out once for both rounds.
    @cached_property
    def _with_switch(self) -> np.ndarray:
        return 1.0 + self.terms["switch"]

    @cached_property
    def _unshipped(self) -> np.ndarray:
        return (self.ship_prob > 0) & np.isnan(self.own_cost)

    def prices(self, rivals_prices: np.ndarray) -> np.ndarray:
        """The bargained prices when the buyer's rivals' chips cost it ``rivals_prices``."""
        t = self.terms
        raw = procurement.cost_per_effective_unit(rivals_prices, t["running_cost"], t["effective_perf"])
        merchant_out = self.rivals.best_other(raw * self._with_switch)
        own = np.where(self._unshipped, raw.min(axis=1) * (1.0 - self.codesign_gain), self.own_cost)[:, None]
        # The bargains against the merchant outside option and against the better of it and the
        # programme, in one call over both (elementwise: the same floats as one call each).
        outside = np.empty((2, *merchant_out.shape))
        outside[0] = merchant_out
        np.minimum(own, merchant_out, out=outside[1])
        without, with_programme = pricing.nash_price_against(outside, **t)
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


class SupplierGroups(NamedTuple):
    """Chips grouped by supplier, for ``best_other``: each chip's supplier (codes in order of first
    appearance), the chips in supplier order (stable), and where each supplier's run starts."""

    group: np.ndarray
    order: np.ndarray
    starts: np.ndarray

    @classmethod
    def of(cls, suppliers: np.ndarray) -> SupplierGroups:
        return supplier_groups(tuple(suppliers.tolist()))

    def best_other(self, cost: np.ndarray) -> np.ndarray:
        """For each chip k of a row of ``cost``, the lowest cost among the row's chips of other suppliers
        (inf if there is none)."""
        if not cost.shape[1]:
            return np.full(cost.shape, np.inf)
        # Each supplier's cheapest chip, then for each supplier the cheapest of the others' (prefix and
        # suffix minima): minima are exact in any order, and NaN propagates as it does through one min.
        own_min = np.minimum.reduceat(cost[:, self.order], self.starts, axis=1)
        # Each supplier's minimum shifted one place right (and, for the suffix, the row reversed) behind
        # an inf: np.hstack's arrays, filled in place.
        shifted = np.empty_like(own_min)
        shifted[:, 0] = np.inf
        shifted[:, 1:] = own_min[:, :-1]
        before = np.minimum.accumulate(shifted, axis=1)
        shifted[:, 1:] = own_min[:, :0:-1]
        after = np.minimum.accumulate(shifted, axis=1)[:, ::-1]
        return np.minimum(before, after)[:, self.group]


@lru_cache(maxsize=64)
def supplier_groups(suppliers: tuple[str, ...]) -> SupplierGroups:
    """``SupplierGroups`` of the chips' suppliers, read-only: the merchant chips change only when a chip
    ships or leaves, so most quarters bargain over the groups of the quarter before."""
    names = list(dict.fromkeys(suppliers))
    code = {name: i for i, name in enumerate(names)}
    group = np.array([code[s] for s in suppliers], dtype=np.intp)
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(group[order]) != 0])
    for array in (group, order, starts):
        array.flags.writeable = False
    return SupplierGroups(group, order, starts)


def best_other(cost: np.ndarray, suppliers: np.ndarray | None = None) -> np.ndarray:
    """For each chip k of a row, the lowest cost among the row's chips of other suppliers (inf if
    there is none): a vendor's own other generation is not the buyer's outside option against it.
    Without ``suppliers`` every chip is its own supplier."""
    if suppliers is None:
        suppliers = np.arange(cost.shape[1])
    return SupplierGroups.of(suppliers).best_other(cost)


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
