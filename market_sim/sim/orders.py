"""Buyers' requests as orders to the supplier graph: one per (segment, customer, option) that some buyer
of the customer wants, and the compute each buyer gets once the foundry has filled them (M7)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np


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


@dataclass
class Requests:
    """Every buyer's requests in every segment, (segments, N buyers, O options)."""

    compute: np.ndarray  # effective compute requested
    per_unit: np.ndarray  # effective compute of one chip, inf where it delivers none
    units: np.ndarray  # chips requested: compute / per_unit
    positive: np.ndarray  # where the buyer's share is positive


def customer_orders(requests: Requests, end_price: np.ndarray, population) -> Orders:
    """Sum buyers' requests per customer of the graph: one order per option some of them want, by
    segment, then customer, then option (``np.nonzero``'s order over (segment, customer, option))."""
    starts = population.customer_first_row
    wanted = np.logical_or.reduceat(requests.positive, starts, axis=1)
    segment, customer, option = np.nonzero(wanted)
    return Orders(
        segment=segment,
        customer=customer,
        option=option,
        compute=np.add.reduceat(requests.compute, starts, axis=1)[segment, customer, option],
        units=np.add.reduceat(requests.units, starts, axis=1)[segment, customer, option],
        end_price=end_price[starts[customer], option],
        fill=np.zeros(len(option)),
    )


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


def purchases(requests: Requests, orders: Orders, population, prices, cloud: np.ndarray) -> list[Purchases]:
    """What each buyer got of its requests, per segment: its requests times its customer's fill, in
    chips (compute over each chip's effective performance), and their cost at its end price."""
    n_segments, _, n_options = shape = requests.compute.shape
    fill = np.zeros((n_segments, len(population.customers), n_options))
    fill[orders.segment, orders.customer, orders.option] = orders.fill
    # In C order, as each segment's arrays were: their layout decides how numpy sums their rows.
    customer_fill = np.take(fill, population.customer_of_row, axis=1)  # C order, unlike fill[:, rows]
    compute = np.multiply(requests.compute, customer_fill, out=np.empty(shape))
    units = np.divide(compute, requests.per_unit, out=np.empty(shape))
    spend = units * prices.payable_end_price
    return [Purchases(compute[s], units[s], spend[s], cloud) for s in range(n_segments)]
