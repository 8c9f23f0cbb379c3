"""M6 negotiation: each large buyer bargains a price for every merchant chip (Nash), with its outside
options: the best other merchant chip, switching cost included (lock-in is bargaining power), and
its own chip programme, weighted by the chance the programme ships (seed 001: custom chips as
negotiating leverage before they ship). Enterprises pay list.
"""

from __future__ import annotations

import numpy as np

from ..economics import ecosystem, fit, pricing, procurement
from ..kinds import BuyerKind, Segment, SupplierKind


def negotiated_prices(model, offer) -> np.ndarray:
    """(N buyers, K chips): what each buyer pays per merchant chip bought directly."""
    pop = model.population
    prices = np.tile(offer.list_price, (pop.n, 1))
    merchant = [k for k, c in enumerate(offer.chips) if c.supplier_kind != SupplierKind.IN_HOUSE]
    for row in np.flatnonzero(pop.kind != BuyerKind.ENTERPRISE):
        for k, price in bargain(model, offer, row, merchant).items():
            prices[row, k] = price
    return prices


def bargain(model, offer, row: int, merchant: list[int]) -> dict[int, float]:
    """M6: one buyer's Nash-bargained price per merchant chip, given its outside options."""
    p = model.params
    pop = model.population
    workload = pop.workloads[row]
    home = pop.home_maturity[row]
    program = pop.programs[row]
    eff_all = model.effective_performance(offer.chips, workload[None, :])[0]
    eff = {k: float(eff_all[k]) for k in merchant}
    switch = {
        k: float(
            ecosystem.switching_cost(home, offer.maturity[k], p.switching_cost, model.conditions.portability)
        )
        for k in merchant
    }
    raw = {
        k: float(procurement.cost_per_effective_unit(offer.list_price[k], p.running_cost_usd, eff[k]))
        for k in merchant
    }
    cpe = {k: raw[k] * (1.0 + switch[k]) for k in merchant}
    own_cpe, ship_prob = None, 0.0
    if program is not None:
        ship_prob = program.ship_probability()
        if program.chip is not None:
            w = fit.segment_workload(workload, Segment.INFERENCE)[None, :]
            e_own = model.effective_performance([program.chip], w)[0, 0]
            own_cpe = float(
                procurement.cost_per_effective_unit(program.unit_price, p.running_cost_usd, e_own)
            )
        elif raw:  # not shipped yet: the co-design gain on today's best merchant cost
            own_cpe = min(raw.values()) * (1.0 - p.codesign_gain)
    prices = {}
    phi = pop.inference_share[row]
    for k in merchant:
        others = [cpe[j] for j in merchant if j != k]
        merchant_out = min(others) if others else np.inf
        list_price = float(offer.list_price[k])
        if eff[k] <= 0:
            prices[k] = list_price
            continue
        terms = dict(
            walk_away=max(p.unit_cost_usd, list_price * (1.0 - p.max_negotiated_discount)),
            list_price=list_price,
            effective_perf=eff[k],
            switch=switch[k],
            running_cost=p.running_cost_usd,
            bargaining_power=p.vendor_bargaining_power,
        )
        # The buyer bargains over its training and inference volumes; an (inference) programme
        # is an outside option only for the inference part, and only if it ships.
        without = pricing.nash_price_against(merchant_out, **terms)
        inference_price = without
        if own_cpe is not None:
            with_programme = pricing.nash_price_against(min(own_cpe, merchant_out), **terms)
            inference_price = pricing.expected_price_with_programme(with_programme, without, ship_prob)
        prices[k] = phi * inference_price + (1.0 - phi) * without
    return prices
