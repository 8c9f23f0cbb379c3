"""ChipMarketModel: the AI-accelerator market, one step per quarter from 2020Q1.

The model is built from one validated :class:`~market_sim.scenario.Scenario` and a seed; it holds
no global state. :meth:`ChipMarketModel.step` is the list of a quarter's phases, each in its own
module of ``market_sim.sim``.
"""

from __future__ import annotations

from functools import partial

import mesa
import numpy as np
from mesa.experimental.scenarios import Scenario as MesaScenario

from ..calendar import START_YEAR, period_label, step_of, year_of, years_since_start
from ..economics import fit, supply
from ..kinds import BuyerKind, EventKind
from ..scenario import Scenario
from .accounting import MarketCost, settle
from .buyers import ENTERPRISES, LargeBuyer
from .designers import Chip, ChipDesigner
from .entry import entry_and_exit
from .foundry import Foundry, account_of, sales_plans
from .installed import InstalledBase, warm_stacks
from .market import Procurement, enter_in_motion
from .network import SupplierNetwork
from .programs import InHouseProgram
from .recorder import MODEL_METRICS, MetricsCollector, Recorder, metric
from .scenario_input import from_mesa_scenario, resolve_scenario
from .setup import build_market, initial_installed_base
from .table_rows import project_row
from .vendors import ChipVendor
from .world import Conditions, Frontier


class ChipMarketModel(mesa.Model):
    """The AI-accelerator market (brief mechanisms M1-M10 on a networkx supplier graph).

    Args:
        scenario: a :class:`Scenario`, a built-in scenario name, a TOML path, a dict of overrides of
            the baseline, None (baseline), or a Mesa ``Scenario`` (as SolaraViz's Reset builds it:
            its ``scenario_name``, its ``rng`` as the seed, its other non-None attributes as overrides).
        rng: seed or numpy Generator; all randomness flows from it.
        **overrides: scenario parameters by name, e.g. ``design_cycle_quarters=8``
            (this is what lets ``mesa.batch_run`` and SolaraViz sliders drive the model).
    """

    def __init__(self, scenario=None, *, rng=None, **overrides):
        mesa_scenario = scenario if isinstance(scenario, MesaScenario) else None
        if mesa_scenario is not None:
            scenario, overrides = from_mesa_scenario(mesa_scenario, overrides)
        params = resolve_scenario(scenario, overrides)
        super().__init__(rng=rng, scenario=mesa_scenario)
        self._registries: dict = {}
        self.params = params
        # Independent random streams per subsystem, all spawned from the model's seeded generator:
        # changing one lever does not reshuffle the noise of the others (common random numbers).
        (self.frontier_rng, self.design_rng, self.signal_rng, self.population_rng, self.entry_rng) = (
            self.rng.spawn(5)
        )
        self.t = 0
        self.entrants = 0
        self.frontier = Frontier.draw(params, self.frontier_rng)
        self.conditions = Conditions.at(0, self.frontier, params)
        self.recorder = Recorder()
        self.network = SupplierNetwork()
        self.foundry = Foundry(self)
        self.retired_designers: list[ChipDesigner] = []
        # M5: the best software stack on the market, in 2020's units until warm_stacks sets the state
        # of the art once the installed base is known
        self.state_of_the_art = self.maturity_frontier = 1.0
        build_market(self)
        before_2020 = initial_installed_base(self)
        self.installed_base = InstalledBase(before_2020, params.inference_installed_share_2020)
        self.state_of_the_art = self.maturity_frontier = warm_stacks(self.designers, before_2020, params)
        self.foundry.warm_start(before_2020, {d.name: account_of(d.name, d.kind) for d in self.designers})
        self.market_cost = MarketCost()
        self.procurement = Procurement()
        self._signals: dict[str, np.ndarray] = {}
        self.scripted_program_step = step_or_none(params.frontier_lab_program_year)
        self.datacollector = MetricsCollector(model_reporters={k: partial(metric, k) for k in MODEL_METRICS})
        self.running = True

    # -- the quarter -------------------------------------------------------------------------------
    def step(self) -> None:
        p = self.params
        self.t = self.steps - 1
        self.move_world()  # M1 frontier, M4 node, M5 portability
        self.grow_budgets()  # M9
        self.design()  # M2, M3: ship what is due, start what the cadence asks for
        self.make_or_buy()  # M8: launch programmes; owners pay theirs
        self.population.pay_programs(p.team_cost_usd_per_year)
        for v in self.vendors:  # M6 list prices
            v.set_price()
        if self.t == 0:
            enter_in_motion(self)  # M7: 2020Q1's lead times are a settled market's
        clearing = self.procurement.clear(self)  # M6 bargaining, M7 procurement and rationing
        book = settle(self, clearing)  # M7 payments, M9 capital, M5 maturity, M10 cash
        backlog = float(supply.waiting_units(clearing.unfilled_units, p.backlog_cancel_share))
        queues = clearing.vendor_queues(p.backlog_cancel_share)
        plans = sales_plans(self, book.sales, queues)
        self.foundry.plan(
            self.t, clearing.ordered_units, backlog, queues, clearing.accounts, plans
        )  # M7 bookings, capacity, backlog, lead time
        self.update_network(book)  # the supplier graph and its signals (M3)
        self.recorder.record_quarter(self, book, clearing.offer.chips)
        entry_and_exit(self)  # M10
        self.datacollector.collect(self)
        if self.steps >= p.steps:
            self.running = False

    def move_world(self) -> None:
        self.conditions = Conditions.at(self.t, self.frontier, self.params)
        self.population.compute_workloads(self.frontier.path, self.frontier.history, self.t)
        self._signals = {}
        for step, kind, size in self.frontier.discontinuities:
            if step == self.t:
                self.recorder.event(self.t, EventKind.DISCONTINUITY, "frontier", size, kind)

    def grow_budgets(self) -> None:
        p = self.params
        if self.t > 0:
            self.population.grow_budgets(years_since_start(self.t), p.growth_halflife_years, demand_boom(p))

    def design(self) -> None:
        for d in list(self.designers):
            d.ship_due_projects()
        for d in list(self.designers):
            d.start_project_if_due()

    def make_or_buy(self) -> None:
        lab = self.large_buyer(self.population.names[0])
        if self.t == self.scripted_program_step and lab.program is None:  # the vertical-integration thesis
            self.launch_program(lab, 0.0)
        for row, net_savings in self.population.make_or_buy(self.t, self.params):
            if row == lab.row and not self.params.frontier_lab_may_make:
                continue  # the thesis's counterfactual: frontier lab 1 buys its chips throughout
            self.launch_program(self.large_buyer(self.population.names[row]), net_savings)

    def update_network(self, book) -> None:
        self.network.update(book.flows)
        # Signals come from the whole updated graph (a hyperscaler passes on its new cloud mix), so they
        # do not depend on the order in which the flows were set.
        self._signals = {}
        customers = dict.fromkeys(f.target for f in book.flows.values())  # each once, in order of first flow
        self.network.set_signals({name: self.signal_of(name) for name in customers})

    # -- what agents ask of the model --------------------------------------------------------------
    def launch_program(
        self, owner: LargeBuyer, expected_net_savings: float, *, ready_step=None, announce=True
    ):
        """M8: a buyer starts its own chip programme; the team is ready after hiring."""
        ready = self.t + self.params.hiring_quarters if ready_step is None else ready_step
        prog = InHouseProgram(self, owner, launched_step=self.t, ready_step=ready)
        self.population.programs[owner.row] = prog
        self.network.add_designer(prog.name, prog.kind)
        if announce:
            detail = f"team ready {period_label(ready)}"
            self.recorder.event(self.t, EventKind.PROGRAM_LAUNCH, owner.name, expected_net_savings, detail)
        return prog

    def signal_of(self, name: str) -> np.ndarray:
        """The current workload a customer reveals on its edges (a hyperscaler passes on its cloud mix)."""
        if name not in self._signals:
            self._signals[name] = self._signal(name)
        return self._signals[name]

    def _signal(self, name: str) -> np.ndarray:
        pop = self.population
        if name == ENTERPRISES:
            return pop.mean_enterprise_workload(self.conditions.frontier)
        row = pop.row_of.get(name)
        if row is None:
            return self.conditions.frontier
        own = pop.workloads[row]
        if not pop.is_hyperscaler[row]:
            return own
        signals, weights = [own], [max(pop.budget[row], 1.0)]
        for customer, spend in self.network.cloud_customers(name):
            signals.append(self.signal_of(customer) if customer != name else own)
            weights.append(spend)
        return weighted_mean(np.array(signals), np.array(weights))

    def effective_performance(self, chips: list[Chip], w: np.ndarray) -> np.ndarray:
        """Effective performance (n, K) of K chips on n workloads: M4 fit x M5 software maturity."""
        p = self.params
        specs = np.array([c.spec for c in chips]).reshape(len(chips), -1)
        designers = [self.designer_named(c.supplier) for c in chips]
        maturity = np.array([d.maturity if d is not None else 0.5 for d in designers])
        perf = fit.effective_performance_matrix(
            np.atleast_2d(w),
            specs,
            np.array([c.breadth for c in chips]),
            np.array([c.peak for c in chips]),
            maturity,
            maturity_penalty=p.maturity_perf_penalty,
            inference_weight=p.inference_dim_weight,
        )
        perf *= self.conditions.algorithmic_gain
        return perf

    # -- registries (Mesa's, in order of creation) ------------------------------------------------
    # Read many times a quarter and changed only by entry, exit and launches: each is selected from
    # Mesa's registry once and kept until an agent of its type registers or deregisters (a launch
    # leaves the list of buyers as it was).
    def register_agent(self, agent) -> None:
        super().register_agent(agent)
        self._forget_registries_of(agent)

    def deregister_agent(self, agent) -> None:
        super().deregister_agent(agent)
        self._forget_registries_of(agent)

    def _forget_registries_of(self, agent) -> None:
        kept = self.__dict__.get("_registries", {})  # (none yet while Mesa sets the model up)
        # The lists of its types, and the designers by name ("by_name") if it is a designer.
        for key in [k for k in kept if isinstance(agent, k if isinstance(k, type) else ChipDesigner)]:
            del kept[key]

    def _registry(self, agent_type) -> list:
        if agent_type not in self._registries:
            self._registries[agent_type] = list(self.agents.select(agent_type=agent_type))
        return list(self._registries[agent_type])

    @property
    def designers(self) -> list[ChipDesigner]:
        return self._registry(ChipDesigner)

    @property
    def vendors(self) -> list[ChipVendor]:
        return self._registry(ChipVendor)

    @property
    def programs(self) -> list[InHouseProgram]:
        return self._registry(InHouseProgram)

    @property
    def buyers(self) -> list[LargeBuyer]:
        return self._registry(LargeBuyer)

    def designer_named(self, name: str) -> ChipDesigner | None:
        """The active designer of that name (None if it has left the market)."""
        if "by_name" not in self._registries:
            self._registries["by_name"] = {d.name: d for d in self.designers}
        return self._registries["by_name"].get(name)

    @property
    def labs(self) -> list[LargeBuyer]:
        return [b for b in self.buyers if b.kind != BuyerKind.HYPERSCALER]

    def large_buyer(self, name: str) -> LargeBuyer:
        return next(b for b in self.buyers if b.name == name)

    @property
    def year(self) -> float:
        return year_of(self.t)

    @property
    def metrics(self) -> dict:
        return self.recorder.metrics

    def projects_table(self) -> list[dict]:
        return [project_row(pr) for d in self.designers + self.retired_designers for pr in d.projects]


def weighted_mean(rows: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted mean of ``rows`` (m, d) with positive ``weights`` (m,): the same floats as
    ``np.average(rows, axis=0, weights=weights)``, without its checks (a few times a quarter)."""
    return (rows * weights[:, None]).sum(axis=0) / weights.sum()


def demand_boom(p: Scenario) -> tuple[float, float, float] | None:
    """(years from 2020Q1 to the boom, its extra yearly growth, its half-life), or None without one."""
    if p.demand_boom_year <= 0:
        return None
    return (p.demand_boom_year - START_YEAR, p.demand_boom_growth_per_year, p.demand_boom_halflife_years)


def step_or_none(year: float) -> int | None:
    """The step of a scripted year, or None where the year is 0 (never)."""
    return step_of(year) if year > 0 else None
