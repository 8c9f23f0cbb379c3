"""The market's agents. They are thin: each decision is one call to a pure function in
``market_sim.economics``; the model wires them together and clears the market.

- ``ChipVendor``: a merchant vendor (incumbent GPU, challenger GPU, CPU vendor) or a start-up.
  Designs chips on a cadence from a forecast built from its customer edges (M2, M3), prices them
  by strategy (M6), burns and earns cash (M10).
- ``InHouseProgram``: a lab's or hyperscaler's own chip team: hires (M8), then designs from its
  owner's roadmap, which it sees almost exactly (M3).
- ``AILab`` and ``Hyperscaler``: buyers with a workload (M1), a budget (M9), an installed base,
  and a make-or-buy review (M8). Hyperscalers also resell compute as cloud.
- ``EnterprisePopulation``: all enterprises as numpy arrays, so cost grows linearly with their number.
- ``Foundry``: capacity that grows and caps the units made per quarter (M7).
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from .economics import design, finance, fit, make_or_buy, pricing, workload

MERCHANT, START_UP, IN_HOUSE = "merchant", "start_up", "in_house"


@dataclass
class Chip:
    """A shipped product: what procurement chooses among."""

    chip_id: str
    supplier: str
    supplier_kind: str
    spec: np.ndarray
    breadth: float
    peak: float
    focus: str
    ship_step: int
    unit_cost: float


class ChipDesigner(mesa.Agent):
    """What vendors and in-house programmes share: a pipeline of design projects (M2).

    Each kind of designer says what it forecasts from (``forecast_workload``: customer signals, or
    its owner's roadmap) and what its chips are judged against at ship (``target_workload_at_ship``).
    """

    def __init__(
        self,
        model,
        name: str,
        kind: str,
        breadth: float,
        focus: str,
        cadence: int,
        nre: float,
        maturity: float,
    ):
        super().__init__(model)
        self.name = name
        self.kind = kind
        self.breadth = breadth
        self.focus = focus
        self.cadence = cadence
        self.nre = nre
        self.maturity = maturity
        self.projects: list[design.DesignProject] = []
        self.chip: Chip | None = None
        self.chips_shipped = 0
        self.last_start: int | None = None
        self.active = True
        # A scheduled change of cadence (the incumbent's move to annual releases, seed 003).
        self.cadence_switch_step: int | None = None
        self.cadence_after_switch = cadence

    def current_cadence(self) -> int:
        switched = self.cadence_switch_step is not None and self.model.t >= self.cadence_switch_step
        return self.cadence_after_switch if switched else self.cadence

    # -- M2 design cycle ----------------------------------------------------------------
    @property
    def can_design(self) -> bool:
        return True

    def nre_spend(self) -> float:
        """NRE of all projects in progress this quarter, spread evenly over each cycle."""
        return sum(
            design.nre_per_quarter(p.nre, p.cycle_quarters)
            for p in self.projects
            if p.status == "in_progress"
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
        first = self.chips_shipped == 0 and self.kind != MERCHANT
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
        self.last_start = start_step
        m.record_event("project_start", self.name, project.nre, project.project_id)
        return project

    def ship_due_projects(self) -> None:
        m = self.model
        for project in self.projects:
            if not project.due(m.t):
                continue
            p_fail = design.failure_probability(
                project.is_first_chip, m.params.first_design_failure_prob, m.params.later_design_failure_prob
            )
            target = design.design_target(self.target_workload_at_ship(), self.focus)
            project.forecast_error = design.forecast_error(project.spec, target)
            if m.design_rng.random() < p_fail:
                project.status = "failed"
                m.record_event("project_failed", self.name, project.nre, project.project_id)
                continue
            project.status = "shipped"
            node = m.node_perf(project.ship_step - m.params.tapeout_lead_quarters)
            project.peak = fit.peak_performance(node, project.breadth, m.params.specialisation_gain)
            self.chip = Chip(
                project.project_id,
                self.name,
                self.kind,
                project.spec,
                project.breadth,
                project.peak,
                project.focus,
                m.t,
                m.params.unit_cost_usd,
            )
            self.chips_shipped += 1
            m.record_event("chip_shipped", self.name, project.peak, project.project_id)


class ChipVendor(ChipDesigner):
    """A merchant vendor or start-up: forecasts from customer signals, prices by strategy."""

    def __init__(
        self,
        model,
        name,
        kind,
        breadth,
        focus,
        cadence,
        nre,
        maturity,
        strategy,
        target_markup,
        cash,
        opex=0.0,
    ):
        super().__init__(model, name, kind, breadth, focus, cadence, nre, maturity)
        self.strategy = strategy
        self.target_markup = target_markup
        self.markup = target_markup
        self.list_price = pricing.cost_plus_price(model.params.unit_cost_usd, target_markup)
        self.cash = cash
        self.opex = opex
        self.revenue_share = 0.0
        self.peak_share = 0.0
        self.revenue = 0.0
        self.cogs = 0.0
        self.units = 0.0

    def forecast_workload(self) -> tuple[np.ndarray, str]:
        """M3: volume- and closeness-weighted customer signals; shared roadmaps where labs share them."""
        return self.model.network.forecast_for(self)

    def target_workload_at_ship(self) -> np.ndarray:
        return self.model.network.served_workload(self)

    def set_price(self) -> None:
        """M6: the list price for this quarter from the vendor's strategy."""
        p = self.model.params
        c = p.unit_cost_usd
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
            value = self.model.value_of_chip(self)
            self.markup = pricing.value_based_price(c, value, p.value_capture, self.target_markup) / c - 1.0
        self.list_price = pricing.cost_plus_price(c, self.markup)

    def settle_quarter(self) -> None:
        """Cash: gross profit minus NRE and operating cost (M10 runway)."""
        self.cash = finance.startup_cash_flow(
            self.cash, self.revenue - self.cogs, self.opex, self.nre_spend()
        )


class InHouseProgram(ChipDesigner):
    """A buyer's own chip team (M8): hires for ``hiring_quarters``, then designs from its owner's roadmap."""

    def __init__(self, model, owner, launched_step: int, ready_step: int):
        p = model.params
        super().__init__(
            model,
            f"in_house:{owner.name}",
            IN_HOUSE,
            p.in_house_breadth,
            design.INFERENCE_FOCUS,
            p.in_house_cadence_quarters,
            p.in_house_nre_usd,
            p.in_house_maturity,
        )
        self.owner = owner
        self.launched_step = launched_step
        self.ready_step = ready_step

    @property
    def can_design(self) -> bool:
        return self.model.t >= self.ready_step

    @property
    def unit_price(self) -> float:
        """What the owner pays per chip: foundry cost plus the design partner's margin."""
        return self.model.params.unit_cost_usd * (1.0 + self.model.params.in_house_overhead)

    def ship_probability(self) -> float:
        """Probability the programme delivers a chip: 1 once it has shipped one."""
        if self.chip is not None:
            return 1.0
        return 1.0 - self.model.params.first_design_failure_prob

    def forecast_workload(self) -> tuple[np.ndarray, str]:
        """M3: the lab's own team sees the roadmap w(t + D) with small noise."""
        m = self.model
        future = self.owner.workload_at(m.t + m.params.design_cycle_quarters)
        eps = m.signal_rng.normal(size=workload.N_DIMS)
        return design.roadmap_signal(future, m.params.in_house_roadmap_noise, eps), "own roadmap"

    def target_workload_at_ship(self) -> np.ndarray:
        return self.owner.workload_at(self.model.t)


class Buyer(mesa.Agent):
    """A large buyer (lab or hyperscaler): workload, budget, installed base, make-or-buy."""

    priority = 1

    def __init__(
        self,
        model,
        name: str,
        kind: str,
        lag: int,
        offset: np.ndarray,
        budget: float,
        growth_per_year: float,
        direct_overhead: float,
    ):
        super().__init__(model)
        self.name = name
        self.kind = kind
        self.lag = lag
        self.offset = offset
        self.budget = budget
        self.growth_per_year = growth_per_year
        self.direct_overhead = direct_overhead
        self.program: InHouseProgram | None = None
        self.home_maturity = model.params.incumbent_maturity
        self.installed = 0.0
        self.book_value = 0.0
        self.replacement_cost: float | None = None  # latest cost per effective unit it paid (M9)
        self.last_inference_spend = 0.0
        self.last_merchant_spend = 0.0
        self._workload_at: int | None = None
        self._workload = None

    def workload_at(self, t: int) -> np.ndarray:
        """M1: the frontier ``lag`` quarters ago plus this buyer's own offset."""
        return workload.follower_workload(self.model.frontier, t + self.model.history, self.lag, self.offset)

    @property
    def workload(self) -> np.ndarray:
        """This quarter's workload (computed once per quarter)."""
        t = self.model.t
        if self._workload_at != t:
            self._workload, self._workload_at = self.workload_at(t), t
        return self._workload

    @property
    def inference_share(self) -> float:
        return float(self.workload[workload.INFERENCE])

    def grow_budget(self) -> None:
        """M9: budgets grow with end-user revenue, at a rate that slows."""
        m = self.model
        if m.t > 0:
            self.budget *= finance.budget_growth(
                self.growth_per_year, m.year - m.start_year, m.params.growth_halflife_years
            )

    def review_make_or_buy(self) -> None:
        """M8: launch a programme when savings over a chip's life beat NRE plus the team's cost."""
        m = self.model
        p = m.params
        if self.program is not None or (m.t + self.unique_id) % p.make_or_buy_review_quarters != 0:
            return
        savings = make_or_buy.program_savings(
            self.last_inference_spend * p.program_horizon_quarters,
            p.codesign_gain,
            self.last_merchant_spend * p.program_horizon_quarters,
            p.negotiating_discount,
        )
        cost = make_or_buy.program_cost(
            p.in_house_nre_usd,
            p.team_cost_usd_per_year,
            p.hiring_quarters,
            p.design_cycle_quarters + p.program_horizon_quarters,
        )
        if make_or_buy.should_make(savings, cost, p.make_or_buy_hurdle):
            m.launch_program(self, savings - cost)


class AILab(Buyer):
    """A frontier lab (defines the frontier) or an open-model lab (follows with a lag)."""

    priority = 1

    def shares_roadmap(self) -> bool:
        """M3: whether the lab shares its roadmap with an outside vendor this time (IP, or not designed yet)."""
        return bool(self.model.signal_rng.random() < self.model.params.roadmap_sharing_prob)


class Hyperscaler(Buyer):
    """A cloud provider: its own AI services' demand, and cloud resale of what it buys."""

    priority = 0


class EnterprisePopulation(mesa.Agent):
    """All enterprises at once (M1, M7, M9): numpy arrays of budgets, workload offsets and installed base."""

    priority = 2
    name = "enterprises"
    kind = "enterprise"

    def __init__(self, model, n: int, rng: np.random.Generator):
        super().__init__(model)
        p = model.params
        self.n = n
        sigma = 1.0
        # Lognormal sizes with the given mean: a few large enterprises, many small ones.
        self.budget = p.enterprise_budget_usd * rng.lognormal(-(sigma**2) / 2, sigma, size=n)
        self.offsets = rng.normal(0.0, p.enterprise_workload_spread, size=(n, workload.N_DIMS))
        self.direct_overhead = p.enterprise_direct_overhead
        self.home_maturity = np.full(n, p.incumbent_maturity)
        self.installed = np.zeros(n)
        self.book_value = np.zeros(n)
        self.replacement_cost = np.full(n, np.nan)
        self._workloads_at = None
        self._workloads = None

    def workloads(self) -> np.ndarray:
        """(n, 5) workloads this quarter, computed once per quarter."""
        m = self.model
        if self._workloads_at != m.t:
            # The small-model drift runs from 2020Q1 (step 0), not from the start of the frontier's history.
            self._workloads = workload.enterprise_workloads(
                m.frontier,
                m.t + m.history,
                m.params.enterprise_lag_quarters,
                self.offsets,
                m.params.enterprise_small_model_drift,
                drift_quarters=m.t,
            )
            self._workloads_at = m.t
        return self._workloads

    def inference_shares(self) -> np.ndarray:
        return self.workloads()[:, workload.INFERENCE]

    def mean_workload(self) -> np.ndarray:
        """Budget-weighted mean workload: the signal the population passes on its edges."""
        if not self.n:
            return self.model.frontier_now
        w = self.workloads()
        return (self.budget[:, None] * w).sum(axis=0) / max(self.budget.sum(), 1e-12)

    def grow_budget(self) -> None:
        m = self.model
        if m.t > 0:
            self.budget *= finance.budget_growth(
                m.params.enterprise_growth_per_year, m.year - m.start_year, m.params.growth_halflife_years
            )


class Foundry(mesa.Agent):
    """The foundry: packaging capacity that grows yearly and caps units made per quarter (M7)."""

    name = "foundry"

    def capacity(self) -> float:
        p = self.model.params
        return p.foundry_capacity_units * (1.0 + p.foundry_capacity_growth_per_year) ** (self.model.t / 4.0)
