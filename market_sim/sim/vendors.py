"""Merchant vendors and start-ups (``ChipVendor``, a ``ChipDesigner``): they forecast from what their
customers share (M3), price by strategy (M6) and live on their cash (M10).

They are thin: each decision is one call to a pure function in ``market_sim.economics``.
"""

from __future__ import annotations

import numpy as np

from ..economics import finance, pricing, procurement, supply
from . import signals
from .designers import Chip, ChipDesigner, DesignerSpec


class ChipVendor(ChipDesigner):
    """A merchant vendor or start-up: forecasts from customer signals, prices by strategy."""

    def __init__(
        self, model, spec: DesignerSpec, *, strategy: str, target_markup: float, cash: float, opex=0.0
    ):
        super().__init__(model, spec)
        self.strategy = strategy
        self.target_markup = target_markup
        self.markup = target_markup
        self.base_markup = target_markup  # a responsive pricer's markup before scarcity
        self.plan_markup = target_markup  # its strategy's markup, before scarcity: what it plans sales at
        self.list_price = pricing.cost_plus_price(model.params.unit_cost_usd, target_markup)
        self.previous_price = self.list_price
        self.cash = cash
        self.opex = opex
        self.revenue_share = 0.0
        self.peak_share = 0.0
        self.revenue = 0.0
        self.cogs = 0.0
        self.units = 0.0
        self.at_list = 0.0  # last quarter's units valued at list

    def forecast_workload(self) -> tuple[np.ndarray, str]:
        """M3: the workload it designs for, from what its customers share (``signals.vendor_forecast``)."""
        return signals.vendor_forecast(self)

    def target_workload_at_ship(self) -> np.ndarray:
        return self.served_workload()

    def served_workload(self) -> np.ndarray:
        """The workload its chip meets (``signals.served_workload``)."""
        return signals.served_workload(self)

    def value_of_chip(self) -> float:
        """For value-based pricing: the price at which its chip matches the next-best merchant chip at
        its list price on the workload its customers run."""
        if self.chip is None:
            return 0.0
        m = self.model
        w = self.served_workload()[None, :]
        e_own = m.effective_performance([self.chip], w)[0, 0]
        best_other = np.inf
        for v in m.vendors:
            if v is self or v.chip is None:
                continue
            e = m.effective_performance([v.chip], w)[0, 0]
            cost = procurement.cost_per_effective_unit(v.list_price, m.params.running_cost_usd, e)
            best_other = min(best_other, float(cost))
        if not np.isfinite(best_other):
            return self.list_price
        return pricing.break_even_price(best_other, e_own, m.params.running_cost_usd)

    def set_price(self) -> None:
        """M6: the list price for this quarter from the vendor's strategy, on its chip's unit cost,
        raised for scarcity by last quarter's lead time (M7)."""
        p = self.model.params
        c = self.unit_cost
        if self.strategy == "cost_plus":
            self.markup = self.target_markup
        elif self.strategy == "penetration":
            self.markup = pricing.penetration_markup(
                self.revenue_share, p.penetration_share_target, p.penetration_markup, self.target_markup
            )
        elif self.strategy == "defensive":
            self.peak_share = max(self.peak_share, self.revenue_share)
            self.markup = pricing.defensive_markup(
                self.revenue_share,
                self.peak_share,
                self.target_markup,
                p.defensive_markup_cut,
                p.markup_floor,
            )
        elif self.strategy == "value_based":
            value = self.value_of_chip()
            self.markup = pricing.value_based_price(c, value, p.value_capture, self.target_markup) / c - 1.0
        elif self.strategy == "responsive":
            if self.model.t > 0:  # 2020Q1 has no last quarter to follow
                self.base_markup = pricing.responsive_markup(
                    self.base_markup,
                    self.revenue / self.at_list if self.at_list > 0 else None,
                    street_discount=p.street_discount,
                    adjustment=p.list_price_adjustment,
                    floor=p.markup_floor,
                    ceiling=self.target_markup,
                )
            self.markup = self.base_markup
        self.plan_markup = self.markup
        self.markup = supply.scarcity_markup(
            self.markup, self.model.foundry.lead_time_of(self.name), p.scarcity_markup
        )
        self.list_price = pricing.cost_plus_price(c, self.markup)
        if self.previous is not None and self.chip is not None:
            old = self.previous
            quarters = self.model.params.previous_generation_quarters
            run_down = 1.0 - (self.previous_leaves_step - self.model.t - 1) / max(quarters, 1)
            self.previous_price = pricing.previous_generation_price(
                self.list_price, self.chip.peak, old.peak, old.unit_cost, self.previous_launch_price, run_down
            )

    def planned_price(self) -> float:
        """The price it books packaging for (M7): its strategy's list before scarcity, less the discount
        large buyers bargain (``pricing.planned_price``)."""
        return pricing.planned_price(self.unit_cost, self.plan_markup, self.model.params.street_discount)

    def price_of(self, chip: Chip) -> float:
        """The list price of one of its products: the current generation's, or the run-down price."""
        return self.previous_price if chip is self.previous else self.list_price

    def open_quarter(self) -> None:
        """Sales are counted per quarter."""
        self.revenue = self.cogs = self.units = self.at_list = 0.0

    def settle_quarter(self) -> None:
        """Cash: gross profit minus NRE and operating cost (M10 runway)."""
        self.cash = finance.startup_cash_flow(
            self.cash, self.revenue - self.cogs, self.opex, self.nre_spend()
        )
