"""Buyers' requests as orders to the supplier graph: one per (segment, customer, option) that some buyer
of the customer wants, and the compute each buyer gets once the foundry has filled them (M7)."""

from __future__ import annotations

from dataclasses import dataclass
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
                end_price=d.end_price[starts[customer], option],
                fill=np.zeros(len(option)),
            )
        )
    return Orders.concatenate(parts)


def filled_compute(d: SegmentDemand, orders: Orders, population) -> np.ndarray:
    """(N, O): the effective compute each buyer got, its requests times its customer's fill."""
    fill = np.zeros((len(population.customers), d.compute.shape[1]))
    mine = orders.segment == SEGMENTS.index(d.segment)
    fill[orders.customer[mine], orders.option[mine]] = orders.fill[mine]
    return d.compute * fill[population.customer_of_row]
