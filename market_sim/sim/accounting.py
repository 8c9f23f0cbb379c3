"""Settlement of a quarter: who paid whom (M7), buyers' capital and write-downs (M9), platforms'
maturity (M5), vendors' cash (M10). The result is a typed :class:`QuarterBook`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from ..calendar import period_label
from ..kinds import SEGMENTS, EdgeKind, Segment
from .budgets import BudgetAccounts, budget_accounts
from .installed import update_maturity
from .market import Clearing
from .network import FOUNDRY, Flow
from .sales import EDGE_KINDS, EdgeLegs, SoldOrders, book_sales, edge_flows

SEGMENT_NAMES = np.array([str(s) for s in SEGMENTS], dtype=object)


@dataclass
class SupplierSales:
    """A supplier's sales this quarter, by segment."""

    revenue: dict[Segment, float] = field(default_factory=lambda: defaultdict(float))
    compute: dict[Segment, float] = field(default_factory=lambda: defaultdict(float))
    units: float = 0.0
    cost: float = 0.0  # the foundry's cost of the units: its chip's unit cost by generation
    at_list: float = 0.0  # what the units would have brought at list prices (M6 responsive pricing)
    units_by_chip: dict[str, float] = field(default_factory=dict)  # its products: current, run-down
    revenue_by_chip: dict[str, float] = field(default_factory=dict)

    @property
    def total_revenue(self) -> float:
        return sum(self.revenue.values())

    @property
    def total_compute(self) -> float:
        return sum(self.compute.values())


@dataclass
class QuarterBook:
    """The quarter's accounts."""

    sales: dict[str, SupplierSales]  # by supplier, in order of first sale
    flows: dict[tuple[str, str, str], Flow]  # what moved along each edge of the supplier graph
    flow_table: dict[str, np.ndarray]  # one row per order, filled or not (flows.parquet), as columns
    compute: float = 0.0  # effective compute delivered
    units: float = 0.0
    hardware_spend: float = 0.0
    inference_compute: float = 0.0
    requested_compute: float = 0.0
    capacity: float = 0.0
    stranded: float = 0.0
    budgets: BudgetAccounts | None = None  # where each buyer's budget went
    cash_flows: list[dict] = field(default_factory=list)  # each vendor's quarter, for the ledger


def book_orders(model, clearing: Clearing) -> QuarterBook:
    """Revenue to suppliers and the flows of every order (an order's end buyer may rent from a party),
    for all orders at once."""
    p, t = model.params, model.t
    offer, orders = clearing.offer, clearing.orders
    chip = offer.option_chip[orders.option]
    cloud = offer.is_cloud[orders.option]
    buyer = np.array(model.population.customers, dtype=object)[orders.customer]
    party = offer.option_party[orders.option]
    supplier = offer.chip_supplier[chip]
    in_house = ~offer.is_merchant[chip]
    units, eff = orders.units * orders.fill, orders.compute * orders.fill
    made_cost = units * offer.unit_cost[chip]  # the foundry's, per order
    at_list = units * offer.list_price[chip]  # what they would have brought at list (responsive pricing)
    price = np.where(cloud, orders.end_price / (1.0 + p.cloud_markup), orders.end_price)
    spend = units * price
    owner = np.where(cloud, party, buyer)
    period = np.empty(len(units), dtype=object)
    period.fill(period_label(t))  # (np.full of a string into an object array is slower)
    # Every order is a row, filled or not: unmet demand per buyer is requested - delivered.
    flow_table = {
        "step": np.full(len(units), t),
        "period": period,
        "buyer": buyer,
        "owner": owner,
        "supplier": supplier,
        "supplier_kind": offer.chip_kind_name[chip],
        "channel": offer.option_channel_name[orders.option],
        "segment": SEGMENT_NAMES[orders.segment],
        "chip": offer.chip_id[chip],
        "units": units,
        "effective_compute": eff,
        "price": price,
        "end_price": orders.end_price,
        "spend": spend,
        "fill": orders.fill,
        "requested_units": orders.units,
        "requested_compute": orders.compute,
        "unmet_compute": orders.compute - eff,
    }
    book = QuarterBook(
        defaultdict(SupplierSales), {}, flow_table, requested_compute=clearing.requested_compute
    )
    book.capacity = clearing.capacity
    sold = units > 0
    sold_rows = np.flatnonzero(sold)
    # The sold orders' amounts in one gather; each a contiguous row, summed as the array alone would be.
    sold_units, sold_eff, sold_spend, sold_cost, sold_at_list = np.take(
        np.array([units, eff, spend, made_cost, at_list]), sold_rows, axis=1
    )
    book.compute, book.units = float(sold_eff.sum()), float(sold_units.sum())
    book.hardware_spend = float(sold_spend.sum())
    book.inference_compute = float(eff[sold & (orders.segment == SEGMENTS.index(Segment.INFERENCE))].sum())
    sold_orders = SoldOrders(
        chip[sold_rows], orders.segment[sold_rows], sold_units, sold_eff, sold_spend, sold_cost, sold_at_list
    )
    book_sales(book.sales, offer.chips, sold_orders)
    vendors = {v.name: v for v in model.vendors}
    for v in vendors.values():
        v.open_quarter()
        sales = book.sales.get(v.name)
        if sales is not None:
            v.revenue, v.units = sales.total_revenue, sales.units
            v.cogs, v.at_list = sales.cost, sales.at_list
    customers = model.population.customers
    parties = offer.option_party.tolist()
    names = list(dict.fromkeys([*customers, *[x for x in parties if x], *offer.chip_supplier]))
    code = {name: i for i, name in enumerate(names)}
    customer_code = np.array([code[c] for c in customers], dtype=np.intp)[orders.customer]
    party_code = np.array([code.get(x, -1) for x in parties], dtype=np.intp)[orders.option]
    owner_code = np.where(cloud, party_code, customer_code)
    supplier_code = np.array([code[x] for x in offer.chip_supplier.tolist()], dtype=np.intp)[chip]
    kind = np.where(in_house, EDGE_KINDS.index(EdgeKind.IN_HOUSE), EDGE_KINDS.index(EdgeKind.DIRECT))
    # Each sold order's supplier -> owner leg, then, for a rented order, its hyperscaler -> renter leg.
    legs_of_order = 1 + cloud[sold_rows]
    row = np.repeat(sold_rows, legs_of_order)
    rented_leg = np.zeros(len(row), dtype=bool)
    rented_leg[np.cumsum(legs_of_order)[cloud[sold_rows]] - 1] = True
    legs = EdgeLegs(
        source=np.where(rented_leg, party_code[row], supplier_code[row]),
        target=np.where(rented_leg, customer_code[row], owner_code[row]),
        kind=np.where(rented_leg, EDGE_KINDS.index(EdgeKind.CLOUD), kind[row]),
        units=units[row],
        volume=eff[row],
        paid=np.where(rented_leg, (units * orders.end_price)[row], spend[row]),
    )
    book.flows = edge_flows(legs, names)
    for name, sales in book.sales.items():
        book.flows[(FOUNDRY, name, EdgeKind.FOUNDRY)] = Flow(
            FOUNDRY, name, EdgeKind.FOUNDRY, sales.units, sales.total_compute, sales.cost
        )
    return book


@dataclass
class BuyerLedger:
    """Per buyer (population row): what it owns, what it ran, and what it spent where."""

    owned_compute: np.ndarray
    owned_spend: np.ndarray
    used_compute: np.ndarray
    used_maturity: np.ndarray  # compute-weighted maturity of what it ran
    inference_spend: np.ndarray
    merchant_spend: np.ndarray


def buyer_ledger(model, clearing: Clearing) -> BuyerLedger:
    """Each buyer's share of every filled order: the compute it got, and who owns the chips."""
    pop, offer = model.population, clearing.offer
    p = model.params
    ledger = BuyerLedger(*(np.zeros(pop.n) for _ in range(6)))
    cloud, merchant = offer.is_cloud, offer.is_merchant_option
    maturity = offer.maturity[offer.option_chip]
    owned = (~cloud).astype(float)  # direct and in-house chips belong to the buyer
    merchant_chip = merchant.astype(float)
    rented = offer.cloud_options
    renter_of = offer.party_row[rented]
    for d, bought in zip(clearing.demand, clearing.bought, strict=True):
        # What the buyer paid: chips (compute / performance) times its price, where it got any.
        got, end_spend = bought.compute, bought.spend
        ledger.used_compute += got.sum(axis=1)
        ledger.used_maturity += got @ maturity
        ledger.owned_compute += got @ owned
        ledger.owned_spend += end_spend @ owned
        if d.segment == Segment.INFERENCE:
            ledger.inference_spend += bought.spend_by_buyer
        ledger.merchant_spend += end_spend @ merchant_chip
        # A hyperscaler owns the chips its cloud customers rent, and paid their supplier for them.
        paid = bought.cloud_spend / (1.0 + p.cloud_markup)
        np.add.at(ledger.owned_compute, renter_of, got[:, rented].sum(axis=0))
        np.add.at(ledger.owned_spend, renter_of, paid)
        if d.segment == Segment.INFERENCE:
            np.add.at(ledger.inference_spend, renter_of, paid)
        np.add.at(ledger.merchant_spend, renter_of, np.where(merchant[rented], paid, 0.0))
    return ledger


@dataclass(frozen=True)
class MarketMove:
    """How the market moved this quarter: its cost per effective unit (a ratio to last quarter's), and
    the algorithmic efficiency every chip, old or new, gained."""

    cost_change: float
    gain_growth: float


class MarketCost:
    """The market's cost per unit of effective compute, against 2020Q1 and last quarter (M9)."""

    def __init__(self):
        self.base: float | None = None
        self.last: float | None = None

    def update(self, hardware_spend: float, compute: float) -> tuple[float, float]:
        """(cost per effective unit this quarter, its change since last quarter)."""
        cost = hardware_spend / compute if compute > 0 else (self.last or 1.0)
        change = cost / self.last if self.last else 1.0
        if self.base is None and compute > 0:
            self.base = cost
        self.last = cost
        return cost, change


def settle(model, clearing: Clearing) -> QuarterBook:
    """The quarter's accounts: sales, buyers' capital and platforms, maturity, vendors' cash and shares."""
    p = model.params
    book = book_orders(model, clearing)
    book.budgets = budget_accounts(model, clearing)
    model.population.carried = book.budgets.carried  # the backlog's money waits for next quarter
    ledger = buyer_ledger(model, clearing)
    pop = model.population
    pop.last_inference_spend, pop.last_merchant_spend = ledger.inference_spend, ledger.merchant_spend
    _, change = model.market_cost.update(book.hardware_spend, book.compute)
    move = MarketMove(
        cost_change=change,
        gain_growth=(1.0 + p.algorithmic_efficiency_per_year) ** 0.25 if model.t > 0 else 1.0,
    )
    purchases = (ledger.owned_compute, ledger.owned_spend)
    if model.t == 0 and p.warm_fleets:
        pop.fleet.warm_start(model.t, purchases, spend_growth=pop.growth_per_year, p=p)
    book.stranded = float(pop.fleet.settle(model.t, purchases, market=move, p=p).sum())
    pop.update_home_platform(ledger.used_compute, ledger.used_maturity, 1.0 / p.chip_life_quarters)
    model.installed_base.install(book.sales, p.chip_life_quarters)
    model.maturity_frontier = update_maturity(
        model.designers, model.installed_base, book.sales, p, model.state_of_the_art
    )
    total = sum(s.total_revenue for s in book.sales.values())
    for v in model.vendors:
        cash_before, nre = v.cash, v.nre_spend()
        v.settle_quarter()
        book.cash_flows.append(
            {"agent": v.name, "kind": str(v.kind), "revenue": v.revenue, "cogs": v.cogs, "nre": nre,
             "opex": v.opex, "cash_before": cash_before, "cash": v.cash}
        )  # fmt: skip
        v.revenue_share = (
            book.sales[v.name].total_revenue / total if total > 0 and v.name in book.sales else 0.0
        )
    return book
