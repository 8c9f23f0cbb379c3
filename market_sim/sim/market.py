"""Market clearing (M7): what is on offer, what every buyer orders, and what the foundry can make.

Every buyer (one row of the population) splits each segment's budget by a logit over its cost per
effective unit of each option (M4 fit, M5 switching, M6 prices), moving there only gradually (M7
inertia). A customer of the supplier graph (a large buyer, or the enterprises together) places one
order per option it buys from; the foundry rations the units when orders exceed its capacity.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..economics import fit, procurement, supply
from ..economics.masked import masked
from ..kinds import SEGMENTS, BuyerKind, Segment
from . import rationing
from .bargaining import deployment_costs, negotiated_prices
from .foundry import VendorQueue
from .offer import Offer, Option, build_offer
from .orders import Orders, Purchases, Requests, customer_orders, purchases

__all__ = ["Clearing", "Offer", "Option", "Procurement", "SegmentDemand", "build_offer"]


@dataclass
class OptionPrices:
    """What a chip of every option costs every buyer, (N buyers, O options): the same in both segments."""

    end_price: np.ndarray  # price per chip the buyer pays (inf where the option is not open to it)
    overhead: np.ndarray  # ownership overhead, a fraction of the price
    all_in: np.ndarray  # price per chip with its overhead and running cost

    # What chips cost in the accounts, where no chips of a closed option cost 0 (not 0 x inf).
    @cached_property
    def payable_end_price(self) -> np.ndarray:
        return procurement.payable(self.end_price)

    @cached_property
    def payable_all_in(self) -> np.ndarray:
        return procurement.payable(self.all_in)


@dataclass
class SegmentDemand:
    """Every buyer's requests in one segment: (N buyers, O options) arrays."""

    segment: Segment
    compute: np.ndarray  # effective compute requested
    units: np.ndarray  # chips requested: compute over each chip's effective performance
    prices: OptionPrices
    budget: np.ndarray  # (N,) the segment's budget


@dataclass
class Clearing:
    offer: Offer
    demand: list[SegmentDemand]
    orders: Orders
    requested_compute: float
    capacity: float
    bought: list[Purchases]  # per segment: what each buyer got
    vendors: list[str]  # the suppliers with orders, in order of first order
    vendor_of_order: np.ndarray  # index into vendors
    accounts: dict[str, str]  # each vendor's account at the foundry

    def vendor_queues(self, cancel_share: float) -> dict[str, VendorQueue]:
        """Each vendor's chips ordered and made, and what waits (less what buyers cancel)."""
        n = len(self.vendors)
        ordered = np.bincount(self.vendor_of_order, weights=self.orders.units, minlength=n)
        made = np.bincount(self.vendor_of_order, weights=self.orders.units * self.orders.fill, minlength=n)
        waiting = supply.waiting_units(ordered - made, cancel_share)
        return {
            v: VendorQueue(float(o), float(m), float(w))
            for v, o, m, w in zip(self.vendors, ordered, made, waiting, strict=True)
        }

    @property
    def ordered_units(self) -> float:
        return float(self.orders.units.sum())

    @property
    def unfilled_units(self) -> float:
        return float((self.orders.units * (1.0 - self.orders.fill)).sum())


def option_prices(offer: Offer, negotiated: np.ndarray, population, cloud_markup: float):
    """Price per chip and ownership overhead of every option for every buyer, (N, O) each.

    Direct: the buyer's bargained price (enterprises pay list). In-house: the owner's unit price.
    Cloud: the hyperscaler's own price plus its markup, open to everyone but hyperscalers.
    """
    n = population.n
    prices = np.full((n, len(offer.options)), np.inf)
    overhead = np.zeros((n, len(offer.options)))
    chip = offer.option_chip
    direct = offer.direct_options
    prices[:, direct] = negotiated[:, chip[direct]]
    overhead[:, direct] = population.direct_overhead[:, None]
    in_house = offer.in_house_options
    owner = offer.party_row[in_house]
    prices[owner, in_house] = offer.list_price[chip[in_house]]
    overhead[owner, in_house] = population.direct_overhead[owner]
    cloud = offer.cloud_options
    host = offer.party_row[cloud]
    own_chip = ~offer.is_merchant[chip[cloud]]
    base = np.where(own_chip, offer.list_price[chip[cloud]], negotiated[host, chip[cloud]])
    # Open to every buyer but hyperscalers: set for all rows, then closed again to hyperscalers' rows.
    prices[:, cloud] = base * (1.0 + cloud_markup)
    prices[population.rows_of_kind(BuyerKind.HYPERSCALER)[:, None], cloud] = np.inf
    return prices, overhead


def segment_performance(offer: Offer, workloads: np.ndarray, model) -> np.ndarray:
    """(2, N, K) each chip's effective performance on every buyer's training and inference workload:
    M4 fit x M5 software maturity x the algorithmic gain, as ``model.effective_performance``."""
    p = model.params
    perf = fit.segment_performance_matrices(
        workloads,
        *offer.fit_terms,
        maturity_penalty=p.maturity_perf_penalty,
        inference_weight=p.inference_dim_weight,
    )
    perf *= model.conditions.algorithmic_gain
    return perf


def budget_to_compute(budget, shares, base_cost):
    """Effective compute a budget buys at the share-weighted cost per effective unit."""
    # shares x cost where the cost is finite, 0 elsewhere (a zero's sign does not change a sum)
    avg = np.sum(masked(np.multiply, shares, base_cost, np.isfinite(base_cost)), axis=-1)
    return np.where(avg > 0, budget / np.where(avg > 0, avg, 1.0), 0.0)


def own_chip_reach(shares: np.ndarray, offer: Offer, n: int, servable: float) -> np.ndarray:
    """M8: an owner's own chip serves at most ``servable`` of its inference, the production models it
    was built for; the rest (research, new architectures) goes to the other options in the logit's
    mix among them. ``shares`` are both segments' rows, training's n above inference's."""
    if servable >= 1.0 or not len(offer.in_house_options):
        return shares
    owners, own_chip = offer.owners  # kept on the offer while its chips are the same
    shares = shares.copy()
    shares[n + owners] = procurement.held_to_cap(shares[n + owners], own_chip, servable)
    return shares


class Procurement:
    """M7: buyers' supplier mixes, carried from quarter to quarter (contracts, allocations)."""

    def __init__(self):
        # Each buyer's mix last quarter. None before 2020Q1: buyers enter it with the mix they had
        # settled on (the fixed point of the partial adjustment at 2020Q1's offer is its logit mix),
        # as their fleets enter it with the purchases of 2020Q1 run backwards (``Fleet.warm_start``).
        self.last_mix: dict[object, tuple[list, np.ndarray]] = {}
        self.last_offer: Offer | None = None  # last quarter's, whose options this quarter's may share

    def with_inertia(  # noqa: PLR0917
        self, segments, offer: Offer, target: np.ndarray, available: np.ndarray, inertia: float
    ):
        """Blend the logit mix with last quarter's mix over the same chips; a buyer's share of a chip
        that has left the market is carried to its supplier's current generation; with no last quarter
        (2020Q1) the mix is the logit's, the mix a market settled at 2020Q1's offer carries.
        ``segments`` names the mix carried over: one segment's rows, or both segments' rows one above
        the other."""
        keys = offer.option_keys()
        shares = target
        last = self.last_mix.get(segments)
        if last is not None and inertia > 0:
            last_keys, last_shares = last
            if last_keys == keys:  # the same options as last quarter (most quarters)
                prev = last_shares
            else:
                where, successor = offer.option_index, offer.successor_keys()
                column = np.array(
                    [where[k] if k in where else where.get(successor.get(k[:3]), -1) for k in last_keys]
                )
                prev = procurement.carried_mix(last_shares, column, target.shape)
            shares = procurement.adjust_shares(target, prev, available, inertia)
        self.last_mix[segments] = (keys, shares)
        return shares

    def clear(self, model) -> Clearing:
        """Every buyer's orders this quarter, and the foundry's fill of them."""
        p = model.params
        pop = model.population
        offer = self.last_offer = build_offer(model, self.last_offer)
        costs = deployment_costs(model, offer)
        prices, overhead = option_prices(offer, negotiated_prices(model, offer, costs), pop, p.cloud_markup)
        opt_chip = offer.option_chip
        # Elementwise, so per chip and then per option: the same floats on a third of the elements.
        switch = np.take(costs.switch, opt_chip, axis=1)  # in C order, as the arrays it is added to
        in_house = offer.in_house_options
        switch[offer.party_row[in_house], in_house] = 0.0  # an owner's own chip costs it no switch
        # A new part is dearer to deploy until it is qualified and its supply has ramped (M7).
        switch += costs.qualification[opt_chip]
        switch += costs.waiting[opt_chip]
        all_in = procurement.all_in_price(prices, p.running_cost_usd, overhead)
        option_cost = OptionPrices(prices, overhead, all_in)
        # Both segments at once, training's rows above inference's: every rule below works row by row,
        # so these are the same floats as one segment at a time, for half the numpy calls.
        # (2, N, O) in C order (an index on the last axis would leave the options outermost in memory)
        eff = np.take(segment_performance(offer, pop.workloads, model), opt_chip, axis=2)
        base = procurement.per_effective_unit(all_in, eff).reshape(2 * pop.n, -1)
        cost = procurement.cost_with_switching(base, np.tile(switch, (2, 1)))
        shares = procurement.logit_shares(cost, p.price_sensitivity)
        shares = own_chip_reach(shares, offer, pop.n, p.in_house_servable_share)
        shares = self.with_inertia(SEGMENTS, offer, shares, np.isfinite(cost), p.procurement_inertia)
        inference, budget = pop.inference_share, pop.compute_budget
        budget = np.concatenate([budget * (1.0 - inference), budget * inference])
        compute = budget_to_compute(budget, shares, base)[:, None] * shares
        compute = compute.reshape(2, pop.n, -1)
        # Effective compute of one chip, inf where it delivers none (so compute / it is 0 chips).
        per_unit = np.where(eff > 0, eff, np.inf)
        units = np.divide(compute, per_unit, out=np.empty_like(compute))
        requests = Requests(compute, per_unit, units, (shares > 0).reshape(compute.shape))
        budget = budget.reshape(2, pop.n)
        demand = [
            SegmentDemand(seg, compute[s], units[s], option_cost, budget[s]) for s, seg in enumerate(SEGMENTS)
        ]
        orders = customer_orders(requests, prices, pop)
        capacity = model.foundry.capacity(model.t)
        made = rationing.ration(model, orders, offer)
        orders.fill = np.where(
            orders.units > 0, made.granted / np.where(orders.units > 0, orders.units, 1.0), 0.0
        )
        requested = float(sum(d.compute.sum() for d in demand))
        bought = purchases(requests, orders, pop, option_cost, offer.cloud_options)
        return Clearing(
            offer,
            demand,
            orders,
            requested,
            capacity,
            bought,
            made.vendors,
            made.vendor_of_order,
            made.accounts,
        )


SETTLING_ROUNDS = 40  # at most: the queues settle to within the tolerance in about a dozen
SETTLING_TOLERANCE = 1e-9  # quarters of lead time


def enter_in_motion(model) -> None:
    """M7: the market enters 2020Q1 in motion. Each supplier's queue at the foundry (its lead time,
    which prices its scarcity and costs its buyers the wait) is the one a market settled at 2020Q1's
    offer carries, not an empty one: the fixed point of lead times -> list and bargained prices and
    waiting -> orders -> fill -> lead times, found by damped iteration (undamped, it alternates
    between two states, as a cobweb does). Only the queues and the list prices set on them are kept;
    the quarter is then cleared for real."""
    cancel = model.params.backlog_cancel_share
    for _ in range(SETTLING_ROUNDS):
        change = model.foundry.settle_queues(model.procurement.clear(model).vendor_queues(cancel))
        model.procurement.last_mix = {}  # 2020Q1's buyers carry the settled logit mix, not a trial's
        for v in model.vendors:
            v.set_price()
        if change < SETTLING_TOLERANCE:
            break
