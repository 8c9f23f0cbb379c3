"""Buyers' requests as orders to the supplier graph: one per (segment, customer, option) that some buyer
of the customer wants, and the compute each buyer gets once the foundry has filled them (M7)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from ..kinds import SEGMENTS

if TYPE_CHECKING:
    from .market import SegmentDemand


@dataclass
class Orders:
    """One order per (segment, customer, option) that some buyer of the customer wants."""

    segment: np.ndarray  # index into SEGMENTS
    customer: np.ndarray  # index into the population's customers
    option: np.ndarray
    compute: np.ndarray  # effective compute requested
    units: np.ndarray  # chips requested
    end_price: np.ndarray
    fill: np.ndarray  # share of the units the foundry made

    @classmethod
    def concatenate(cls, parts: list[Orders]) -> Orders:
        return cls(
            segment=np.concatenate([part.segment for part in parts]),
            customer=np.concatenate([part.customer for part in parts]),
            option=np.concatenate([part.option for part in parts]),
            compute=np.concatenate([part.compute for part in parts]),
            units=np.concatenate([part.units for part in parts]),
            end_price=np.concatenate([part.end_price for part in parts]),
            fill=np.concatenate([part.fill for part in parts]),
        )


def customer_orders(demand: list[SegmentDemand], population) -> Orders:
    """Sum buyers' requests per customer of the graph: one order per option some of them want, by
    segment, then customer, then option."""
    starts = population.customer_first_row
    parts = []
    for d in demand:
        wanted = np.logical_or.reduceat(d.positive, starts, axis=0)
        chips = d.units
        customer, option = np.nonzero(wanted)  # row-major: customers in order, options within each
        parts.append(
            Orders(
                segment=np.full(len(option), SEGMENTS.index(d.segment)),
                customer=customer,
                option=option,
                compute=np.add.reduceat(d.compute, starts, axis=0)[customer, option],
                units=np.add.reduceat(chips, starts, axis=0)[customer, option],
                end_price=d.prices.end_price[starts[customer], option],
                fill=np.zeros(len(option)),
            )
        )
    return Orders.concatenate(parts)


@dataclass
class Purchases:
    """What every buyer got in one segment, (N buyers, O options): read by the budget accounts and by
    the buyers' ledger, so each array is computed once."""

    compute: np.ndarray  # effective compute received
    units: np.ndarray  # chips received
    spend: np.ndarray  # what the buyer paid for them at its end price, 0 where it got none
    cloud: np.ndarray  # the options that rent a hyperscaler's chips

    @cached_property
    def spend_by_buyer(self) -> np.ndarray:
        return self.spend.sum(axis=1)

    @cached_property
    def cloud_spend(self) -> np.ndarray:
        """(cloud options,) what all buyers paid for each, the hyperscaler's markup included."""
        return self.spend[:, self.cloud].sum(axis=0)


def filled_compute(d: SegmentDemand, orders: Orders, population) -> np.ndarray:
    """(N, O): the effective compute each buyer got, its requests times its customer's fill."""
    fill = np.zeros((len(population.customers), d.compute.shape[1]))
    mine = orders.segment == SEGMENTS.index(d.segment)
    fill[orders.customer[mine], orders.option[mine]] = orders.fill[mine]
    return d.compute * fill[population.customer_of_row]


def purchases(d: SegmentDemand, orders: Orders, population, cloud: np.ndarray) -> Purchases:
    """What each buyer got of its requests: compute, chips (compute over each chip's effective
    performance) and their cost at its end price."""
    compute = filled_compute(d, orders, population)
    units = compute / d.per_unit
    spend = units * d.prices.payable_end_price
    return Purchases(compute, units, spend, cloud)
