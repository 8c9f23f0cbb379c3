"""Chip designers: merchant vendors and start-ups (``ChipVendor``); buyers' own programmes are in
``programs.py``. Each runs a pipeline of design projects (M2) frozen at its forecast (M3);
vendors price by strategy (M6) and live on their cash (M10).

They are thin: each decision is one call to a pure function in ``market_sim.economics``.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from ..economics import design, finance, pricing, procurement, supply
from ..kinds import EventKind, Focus, ProjectStatus, SupplierKind
from . import signals
from .world import chip_generation


@dataclass
class Chip:
    """A shipped product: what procurement chooses among."""

    chip_id: str
    supplier: str
    supplier_kind: SupplierKind
    spec: np.ndarray
    breadth: float
    peak: float
    focus: Focus
    ship_step: int
    unit_cost: float


@dataclass(frozen=True)
class DesignerSpec:
    """What a designer is: its name and kind and the chips it designs."""

    name: str
    kind: SupplierKind
    breadth: float
    focus: Focus
    cadence: int
    nre: float
    maturity: float


class ChipDesigner(mesa.Agent):
    """What vendors and in-house programmes share: a pipeline of design projects (M2).

    Each kind of designer says what it forecasts from (``forecast_workload``: customer signals, or
    its owner's roadmap) and what its chips are judged against at ship (``target_workload_at_ship``).
    """

    def __init__(self, model, spec: DesignerSpec):
        super().__init__(model)
        self.name = spec.name
        self.kind = spec.kind
        self.breadth = spec.breadth
        self.focus = spec.focus
        self.cadence = spec.cadence
        self.nre = spec.nre
        self.maturity = spec.maturity
        # Its software stack (M5): the maturity it enters with, times today's frontier (the 2020
        # market's designers are re-set by installed.warm_stacks).
        self.stack_level = spec.maturity * model.maturity_frontier
        self.projects: list[design.DesignProject] = []
        self.in_progress: list[design.DesignProject] = []  # those under way when last shipped, in order
        self.chip: Chip | None = None
        self.previous: Chip | None = None  # the generation being run down (merchant vendors)
        self.previous_leaves_step = 0  # the first quarter the previous generation is off the market
        self.previous_launch_price: float | None = None  # its list price before its successor shipped
        self.chips_shipped = 0
        self.last_start: int | None = None
        self.active = True
        # A scheduled change of cadence (the incumbent's move to annual releases, seed 003).
        self.cadence_switch_step: int | None = None
        self.cadence_after_switch = spec.cadence

    @property
    def unit_cost(self) -> float:
        """Foundry cost of one unit of its chip on the market (of this quarter's node before it has one)."""
        if self.chip is not None:
            return self.chip.unit_cost
        p = self.model.params
        return chip_generation(self.model.t - p.tapeout_lead_quarters, self.breadth, p)[1]

    @property
    def products(self) -> list[Chip]:
        """Its chips on the market: the current generation, then the previous one while it runs down."""
        if self.chip is None:
            return []
        if self.previous is not None and self.model.t < self.previous_leaves_step:
            return [self.chip, self.previous]
        return [self.chip]

    def current_cadence(self) -> int:
        switched = self.cadence_switch_step is not None and self.model.t >= self.cadence_switch_step
        return self.cadence_after_switch if switched else self.cadence

    @property
    def can_design(self) -> bool:
        return True

    def nre_spend(self) -> float:
        """NRE of all projects in progress this quarter, spread evenly over each cycle."""
        return sum(
            design.nre_per_quarter(p.nre, p.cycle_quarters)
            for p in self.in_progress
            if p.status == ProjectStatus.IN_PROGRESS
        )

    def start_project_if_due(self) -> None:
        m = self.model
        if not self.can_design or not design.cadence_due(m.t, self.last_start, self.current_cadence()):
            return
        forecast, source = self.forecast_workload()
        self.start_project(m.t, design.design_target(forecast, self.focus), source)

    def start_project(self, start_step: int, spec: np.ndarray, source: str) -> design.DesignProject:
        m = self.model
        # Established vendors have shipped before 2020; start-ups and in-house teams are new until they ship.
        first = self.chips_shipped == 0 and self.kind != SupplierKind.MERCHANT
        project = design.DesignProject(
            project_id=f"{self.name}#{len(self.projects) + 1}",
            designer=self.name,
            designer_kind=self.kind,
            start_step=start_step,
            cycle_quarters=m.params.design_cycle_quarters,
            spec=np.asarray(spec, dtype=float),
            breadth=self.breadth,
            focus=self.focus,
            is_first_chip=first,
            nre=self.nre,
            forecast_source=source,
        )
        self.projects.append(project)
        self.in_progress.append(project)  # shipping and NRE read these, not every project it ran
        self.last_start = start_step
        m.recorder.event(m.t, EventKind.PROJECT_START, self.name, project.nre, project.project_id)
        return project

    def ship_due_projects(self) -> None:
        """M2: a project ships at t + D, or fails; its forecast error is measured against what it meets."""
        m = self.model
        p = m.params
        for project in (due := [pr for pr in self.in_progress if pr.due(m.t)]):
            p_fail = design.failure_probability(
                project.is_first_chip, p.first_design_failure_prob, p.later_design_failure_prob
            )
            target = design.design_target(self.target_workload_at_ship(), self.focus)
            project.forecast_error = design.forecast_error(project.spec, target)
            if m.design_rng.random() < p_fail:
                project.status = ProjectStatus.FAILED
                m.recorder.event(m.t, EventKind.PROJECT_FAILED, self.name, project.nre, project.project_id)
                continue
            project.status = ProjectStatus.SHIPPED
            project.peak, unit_cost = chip_generation(
                project.ship_step - p.tapeout_lead_quarters, project.breadth, p
            )
            if self.chip is not None and self.kind != SupplierKind.IN_HOUSE:
                self.previous = self.chip
                self.previous_leaves_step = m.t + p.previous_generation_quarters
                self.previous_launch_price = self.list_price  # merchant vendors only: its list until now
            self.chip = Chip(
                chip_id=project.project_id,
                supplier=self.name,
                supplier_kind=self.kind,
                spec=project.spec,
                breadth=project.breadth,
                peak=project.peak,
                focus=project.focus,
                ship_step=m.t,
                unit_cost=unit_cost,
            )
            self.chips_shipped += 1
            m.recorder.event(m.t, EventKind.CHIP_SHIPPED, self.name, project.peak, project.project_id)
        if due:  # those shipped or failed (or cancelled when a vendor left) leave the list
            self.in_progress = [pr for pr in self.in_progress if pr.status == ProjectStatus.IN_PROGRESS]


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
