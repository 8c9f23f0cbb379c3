"""Who gets what the foundry makes (M7): each order's supplier and account at the foundry, the
account's allocation (``Foundry.allocate``), and rationing within it, pro rata or by priority class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..economics import procurement
from ..kinds import BuyerKind, Channel
from .foundry import account_of

if TYPE_CHECKING:
    from .market import Offer
    from .orders import Orders


@dataclass(frozen=True)
class Rationed:
    """Units granted per order, and the suppliers and accounts they were made for."""

    granted: np.ndarray
    vendors: list[str]  # the suppliers with orders, in order of first order
    vendor_of_order: np.ndarray  # index into vendors
    accounts: dict[str, str]  # each vendor's account at the foundry


def ration(model, orders: Orders, offer: Offer) -> Rationed:
    """Every order's units made this quarter: within the foundry's capacity, each account within its
    allocation (one pool where there is none), pro rata or by the priority classes of
    ``order_priority``."""
    priority = (
        order_priority(orders, offer, model.population) if model.params.rationing_rule == "priority" else None
    )
    vendors, vendor_of_order = order_vendors(orders, offer)
    accounts = vendor_accounts(vendors, offer)
    names = list(dict.fromkeys(accounts.values()))
    account_of_order = np.array([names.index(accounts[v]) for v in vendors], dtype=np.intp)[vendor_of_order]
    ordered = np.bincount(account_of_order, weights=orders.units, minlength=len(names))
    allocation = model.foundry.allocate(model.t, names, ordered)
    if allocation is None:
        granted = procurement.ration(orders.units, model.foundry.capacity(model.t), priority)
    else:
        granted = procurement.ration_by_group(orders.units, account_of_order, allocation, priority)
    return Rationed(granted, vendors, vendor_of_order, accounts)


def order_vendors(orders: Orders, offer: Offer) -> tuple[list[str], np.ndarray]:
    """The suppliers that have orders (in order of first order) and each order's index among them."""
    names = [c.supplier for c in offer.chips]
    suppliers = list(dict.fromkeys(names))
    code = np.array([suppliers.index(n) for n in names], dtype=np.intp)[offer.option_chip[orders.option]]
    # Each supplier's first order: a supplier by order table of a few suppliers by a few hundred orders,
    # cheaper than np.unique's sort for the same integers.
    present = np.flatnonzero(np.bincount(code, minlength=len(suppliers)))
    first = (code[None, :] == present[:, None]).argmax(axis=1) if len(code) else present
    ordered = present[np.argsort(first)]
    index = np.full(len(suppliers), -1, dtype=np.intp)
    index[ordered] = np.arange(len(ordered))
    return [suppliers[i] for i in ordered], index[code]


def vendor_accounts(vendors: list[str], offer: Offer) -> dict[str, str]:
    """Each vendor's account at the foundry (``foundry.account_of``)."""
    kind = {c.supplier: c.supplier_kind for c in offer.chips}
    return {v: account_of(v, kind[v]) for v in vendors}


def order_priority(orders: Orders, offer: Offer, population) -> np.ndarray:
    """Rationing classes: hyperscalers (their own and all cloud capacity) 0, labs 1, enterprises 2."""
    kind_of_customer = population.kind[population.customer_first_row]
    out = np.ones(len(orders.option), dtype=int)
    for i, (c, j) in enumerate(zip(orders.customer, orders.option, strict=True)):
        kind = kind_of_customer[c]
        if offer.options[j].channel == Channel.CLOUD or kind == BuyerKind.HYPERSCALER:
            out[i] = 0
        elif kind == BuyerKind.ENTERPRISE:
            out[i] = 2
    return out
