"""The foundry (M7): advanced-packaging capacity, the binding stage, planned ``capacity_lag_quarters``
ahead on the orders it sees (``economics.supply``), which caps the units made per quarter.

Orders it cannot fill wait in a backlog. Scarce capacity is shared among the foundry's accounts by a
key that blends each account's units made over the last year (turn and earn; before 2020, its share
of the installed base) with its share of this quarter's orders, weighted by
``allocation_history_weight`` (0: one pool for every order). A merchant vendor is its own account;
in-house chips reach the foundry through a custom-silicon design partner (Broadcom-like, which held
the capacity for Google's TPUs), one account that earns on all of them. A supplier's lead time, its
backlog over what it was made, lets it price for its own scarcity (M6) and costs buyers the wait
(M7).

Capacity then price: each supplier also books its supply (packaging, memory) ``capacity_lag_quarters``
ahead for the sales it plans (``supply.booked_units``). Orders beyond its booking are units it can sell
only at another buyer's price, so they raise what it accepts in bargaining (``booking_pressure_of``),
whether or not the foundry's spare capacity could make them; it moves that price quarter by quarter
toward the one at which buyers take what it booked.
"""

from __future__ import annotations

from collections import deque
from dataclasses import astuple, dataclass

import mesa
import numpy as np

from ..economics import procurement, supply
from ..kinds import SupplierKind

YEAR = 4  # quarters of sales an account's allocation is earned on
DESIGN_PARTNER = "design_partner"  # the foundry account of every in-house chip
SETTLING_STEP = 0.5  # damping: any step in (0, 1) that converges lands on the same fixed point


def account_of(supplier: str, kind) -> str:
    """The foundry account a supplier's chips are made on."""
    return DESIGN_PARTNER if kind == SupplierKind.IN_HOUSE else supplier


@dataclass(frozen=True)
class SalesPlan:
    """What a supplier books its supply on: its orders this quarter valued at what its buyers paid,
    and the price it plans to sell at (an in-house programme: what its owner pays)."""

    order_value: float
    planned_price: float


def sales_plans(model, sales: dict, queues: dict[str, VendorQueue]) -> dict[str, SalesPlan]:
    """Each supplier with orders: their value at what its buyers paid per chip this quarter (its list,
    or its owner's unit price, where nothing was made) and the price it plans to sell at: a merchant
    vendor's ``planned_price``, an in-house programme's unit price (with ``capacity_booking`` "orders",
    what its buyers paid: it books the chips it is ordered)."""
    plans = {}
    for supplier, queue in queues.items():
        designer = model.designer_named(supplier)
        if designer is None:  # left the market this quarter: it books nothing
            continue
        sold = sales.get(supplier)
        if designer.kind == SupplierKind.IN_HOUSE:
            listed = planned = designer.unit_price
        else:
            listed, planned = designer.list_price, designer.planned_price()
        paid = sold.total_revenue / sold.units if sold is not None and sold.units > 0 else listed
        if model.params.capacity_booking == "orders" or planned <= 0:
            planned = paid  # books the chips it is ordered
        plans[supplier] = SalesPlan(queue.ordered * paid, planned)
    return plans


@dataclass(frozen=True)
class VendorQueue:
    """One vendor's quarter at the foundry, in chips."""

    ordered: float
    made: float
    backlog: float  # what waits for next quarter (cancellations taken off)

    def __add__(self, other: VendorQueue) -> VendorQueue:
        return VendorQueue(self.ordered + other.ordered, self.made + other.made, self.backlog + other.backlog)

    @property
    def lead_time(self) -> float:
        """Quarters its backlog takes at the rate it was served this quarter."""
        return supply.lead_time_quarters(self.backlog, self.made)

    def toward(self, other: VendorQueue, weight: float) -> VendorQueue:
        """This queue moved ``weight`` of the way to ``other`` (``supply.damped_step``)."""
        pairs = zip(astuple(self), astuple(other), strict=True)
        return VendorQueue(*(supply.damped_step(a, b, weight) for a, b in pairs))


def _mean_of(supplier: str, quarters: list[dict[str, float]]) -> float:
    """A supplier's mean over the quarters that have a value for it (0 if none do)."""
    values = [q[supplier] for q in quarters if supplier in q]
    return sum(values) / len(values) if values else 0.0


class Foundry(mesa.Agent):
    """Packaging capacity, its plan, the backlog and lead times, and its allocation among vendors."""

    name = "foundry"

    def __init__(self, model):
        super().__init__(model)
        p = model.params
        # The capacity already being built in 2020Q1: its first lag quarters.
        growth = (1.0 + p.capacity_growth_2020_per_year) ** 0.25
        self.planned = [p.foundry_capacity_units * growth**q for q in range(p.capacity_lag_quarters)]
        self.orders: list[float] = []  # units ordered each quarter (the backlog included)
        self.backlog_units = 0.0
        self.lead_time = 0.0
        self.made: deque[dict[str, float]] = deque(maxlen=YEAR)  # units made per account, last year
        self.history_share: dict[str, float] = {}  # each account's share of what was made before 2020
        self.queues: dict[str, VendorQueue] = {}  # by supplier, this quarter
        self.order_values: deque[dict[str, float]] = deque(maxlen=2 * YEAR)  # by supplier, last 2 years
        self.bookings: dict[int, dict[str, float]] = {}  # chips booked per supplier, by quarter
        self.booked_now: dict[str, float] = {}  # this quarter's, once it has been made
        self.booking_pressure: dict[str, float] = {}  # by supplier, this quarter
        self.account_queues: dict[str, VendorQueue] = {}  # summed by account, this quarter

    def warm_start(self, installed_before_2020: dict[str, float], accounts: dict[str, str]) -> None:
        """Accounts enter 2020 having earned capacity by what they made before it: their suppliers'
        shares of the installed base."""
        total = sum(installed_before_2020.values()) or 1.0
        for supplier, compute in installed_before_2020.items():
            account = accounts[supplier]
            self.history_share[account] = self.history_share.get(account, 0.0) + compute / total

    def settle_queues(self, queues: dict[str, VendorQueue]) -> float:
        """One damped step of the queues a market carries into 2020Q1 toward the ones its clearing at
        2020Q1's offer gave (``market.enter_in_motion``); returns the largest change of a lead time."""
        # A supplier with no queue yet (all of them, the first round) takes the cleared one.
        settled = {s: self.queues.get(s, q).toward(q, SETTLING_STEP) for s, q in queues.items()}
        change = max((abs(q.lead_time - self.lead_time_of(s)) for s, q in settled.items()), default=0.0)
        self.queues = settled
        return change

    def capacity(self, step: int) -> float:
        """Units the foundry can make in a quarter (steps beyond the plan hold its last level)."""
        return self.planned[min(step, len(self.planned) - 1)]

    def earned(self, accounts: list[str]) -> np.ndarray:
        """Units each account was made over the last year; quarters before 2020 count at its share of
        the installed base times the first quarter's capacity."""
        missing = (YEAR - len(self.made)) * self.capacity(0)
        return np.array(
            [
                sum(q.get(a, 0.0) for q in self.made) + missing * self.history_share.get(a, 0.0)
                for a in accounts
            ]
        )

    def allocate(self, step: int, accounts: list[str], ordered: np.ndarray) -> np.ndarray | None:
        """Units each account may make this quarter; None where capacity is one pool (no weight on
        history)."""
        weight = self.model.params.allocation_history_weight
        if weight <= 0:
            return None
        if ordered.sum() <= self.capacity(step):
            return ordered.copy()  # no shortage: every order is made
        key = supply.allocation_key(ordered, self.earned(accounts), weight)
        return supply.turn_and_earn(ordered, key, self.capacity(step))

    def lead_time_of(self, supplier: str) -> float:
        """A supplier's lead time in quarters, its backlog over what it was made (0 before its first
        orders). The programmes of the design partner's account share its fill, so pro rata their lead
        times are alike."""
        queue = self.queues.get(supplier)
        return queue.lead_time if queue is not None else 0.0

    def booking_pressure_of(self, supplier: str) -> float:
        """How far a supplier prices for orders beyond the supply it booked, as of last quarter
        (``supply.booking_pressure``; 0 without a booking)."""
        return self.booking_pressure.get(supplier, 0.0)

    def yearly_order_value(self, supplier: str) -> tuple[float, float]:
        """A supplier's orders a quarter, valued at what its buyers paid, averaged over the quarters of
        the last year and of the year before in which it had orders (0 for a year without any): a year
        of orders, not one quarter's swings, is what a booking a year ahead rests on, and a part new to
        the market books on the quarters it has sold, not on the ones before it shipped."""
        quarters = list(self.order_values)
        return _mean_of(supplier, quarters[-YEAR:]), _mean_of(supplier, quarters[:-YEAR])

    def book(self, step: int, plans: dict[str, SalesPlan]) -> None:
        """Each supplier's booking for ``step + lag``, and how far this quarter's orders outran the
        booking for it."""
        lag = self.model.params.capacity_lag_quarters
        self.order_values.append({s: plan.order_value for s, plan in plans.items()})
        booked = {}
        for supplier, plan in plans.items():
            this_year, year_before = self.yearly_order_value(supplier)
            booked[supplier] = supply.booked_units(this_year, year_before, plan.planned_price, lag)
        self.bookings[step + lag] = booked
        self.booked_now = self.bookings.pop(step, {})
        p = self.model.params
        self.booking_pressure = {
            s: supply.booking_pressure(
                self.booking_pressure.get(s, 0.0),
                q.ordered,
                self.booked_now.get(s, float("inf")),
                p.booking_price_speed,
                p.booking_price_fall_ratio,
            )
            for s, q in self.queues.items()
        }

    def waiting_premium(self, chips) -> np.ndarray:
        """(K,): what the wait for each chip costs a buyer, from its supplier's lead time last quarter
        (``procurement.waiting_premium``)."""
        p = self.model.params
        lead = np.array([self.lead_time_of(c.supplier) for c in chips], dtype=float)
        return procurement.waiting_premium(lead, p.waiting_cost_per_quarter, p.capacity_lag_quarters)

    def plan(  # noqa: PLR0913, PLR0917
        self,
        step: int,
        orders_units: float,
        backlog_units: float,
        queues: dict[str, VendorQueue],
        accounts: dict[str, str],
        plans: dict[str, SalesPlan],
    ):
        """Record the quarter's orders, backlog and each supplier's queue, decide the capacity of
        ``step + lag`` and take each supplier's booking for it."""
        p = self.model.params
        self.orders.append(orders_units)
        year_ago = self.orders[-5] if len(self.orders) > 4 else 0.0
        target = supply.capacity_target(orders_units, year_ago, p.capacity_lag_quarters, p.capacity_headroom)
        while len(self.planned) <= step + p.capacity_lag_quarters:
            self.planned.append(
                supply.next_capacity(self.planned[-1], target, p.foundry_capacity_growth_per_year)
            )
        self.backlog_units = backlog_units
        self.lead_time = supply.lead_time_quarters(backlog_units, self.capacity(step))
        self.queues = queues
        self.account_queues = {}
        for supplier, queue in queues.items():
            account = accounts[supplier]
            self.account_queues[account] = (
                self.account_queues.get(account, VendorQueue(0.0, 0.0, 0.0)) + queue
            )
        self.made.append({a: q.made for a, q in self.account_queues.items()})
        self.book(step, plans)
