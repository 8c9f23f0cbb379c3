"""Chip designers: what merchant vendors and start-ups (``vendors.py``) and buyers' own programmes
(``programs.py``) share. Each runs a pipeline of design projects (M2) frozen at its forecast (M3).

They are thin: each decision is one call to a pure function in ``market_sim.economics``.
"""

from __future__ import annotations

from dataclasses import dataclass

import mesa
import numpy as np

from ..economics import design
from ..kinds import EventKind, Focus, ProjectStatus, SupplierKind
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
            target = design.design_target(self.target_workload_at_ship(), self.focus)
            project.forecast_error = design.forecast_error(project.spec, target)
            if not project.respin_quarters and self.held_back(project):  # a respun part has been drawn
                continue
            project.status = ProjectStatus.SHIPPED
            project.peak, unit_cost = chip_generation(
                project.planned_ship_step - p.tapeout_lead_quarters, project.breadth, p
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

    def held_back(self, project: design.DesignProject) -> bool:
        """M2: whether the project's first silicon fails (one draw): a first chip is lost, a later one
        respun (it ships ``respin_quarters`` late)."""
        m, p, first = self.model, self.model.params, project.is_first_chip
        p_fail = design.failure_probability(first, p.first_design_failure_prob, p.later_design_failure_prob)
        silicon = design.first_silicon(m.design_rng.random(), p_fail, first, p.respin_quarters)
        if silicon != design.FirstSilicon.WORKS:
            project.hold_back(silicon, p.respin_quarters)
            lost = silicon == design.FirstSilicon.LOST
            kind = EventKind.PROJECT_FAILED if lost else EventKind.PROJECT_RESPUN
            m.recorder.event(m.t, kind, self.name, project.nre, project.project_id)
        return silicon != design.FirstSilicon.WORKS
