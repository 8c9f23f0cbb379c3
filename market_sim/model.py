"""ChipMarketModel: the AI-accelerator market, one step per quarter from 2020Q1.

The model is built from one validated :class:`~market_sim.scenario.Scenario` and a seed; it holds
no global state. A step (one quarter) runs, in order:

1. the world moves: frontier workload (M1), process node, portability (M5), foundry capacity;
2. budgets grow (M9); designers ship projects that are due and start new ones on cadence (M2, M3);
3. large buyers review make-or-buy (M8); vendors set list prices (M6);
4. procurement (M7): large buyers negotiate (M6), every buyer splits demand by logit over cost per
   effective unit (M4 fit, M5 switching), the foundry rations, unmet demand is recorded;
5. accounting: revenue, margins, cash, installed base, stranded capital (M9), maturity (M5);
6. the supplier graph is updated from the quarter's flows; start-ups enter and exit (M10);
7. the DataCollector records the quarter's metrics.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from functools import partial
from pathlib import Path

import mesa
import numpy as np
from mesa.datacollection import DataCollector
from mesa.experimental.scenarios import Scenario as MesaScenario

from .agents import (
    IN_HOUSE,
    MERCHANT,
    START_UP,
    AILab,
    Buyer,
    Chip,
    ChipDesigner,
    ChipVendor,
    EnterprisePopulation,
    Foundry,
    Hyperscaler,
    InHouseProgram,
)
from .economics import design, ecosystem, finance, fit, pricing, procurement, workload
from .network import SupplierNetwork, aggregate_flows
from .scenario import Scenario, ScenarioError, load_scenario

START_YEAR = 2020
SEGMENTS = ("training", "inference")
INCUMBENT = "incumbent"

# Per-step metrics: model.parquet columns and DataCollector reporters (the output contract).
MODEL_METRICS = (
    "step",
    "period",
    "year",
    "incumbent_revenue_share",
    "incumbent_compute_share",
    "incumbent_inference_revenue_share",
    "in_house_compute_share",
    "inference_compute_share",
    "hhi",
    "incumbent_gross_margin",
    "active_vendors",
    "active_in_house_programs",
    "compute_cost_index",
    "unmet_demand_share",
    "stranded_capital",
    "accelerator_revenue",
    # added columns
    "merchant_revenue",
    "in_house_spend",
    "effective_compute",
    "requested_compute",
    "foundry_capacity_units",
    "units_delivered",
    "frontier_inference_intensity",
    "portability",
    "incumbent_list_price",
    "incumbent_maturity",
    "startups_active",
)


def period_label(step: int) -> str:
    return f"{START_YEAR + step // 4}Q{step % 4 + 1}"


def _resolve_scenario(scenario, overrides) -> Scenario:
    if scenario is None:
        scenario = load_scenario("baseline")
    elif isinstance(scenario, str | Path):
        scenario = load_scenario(scenario)
    elif isinstance(scenario, dict):
        scenario = load_scenario("baseline").replace(**scenario)
    elif not isinstance(scenario, Scenario):
        raise ScenarioError(
            f"scenario must be a Scenario, a name, a path or a dict, not {type(scenario).__name__}"
        )
    return scenario.replace(**overrides) if overrides else scenario


def from_mesa_scenario(mesa_scenario: MesaScenario, overrides: dict) -> tuple[str, dict]:
    """The scenario name and overrides a Mesa ``Scenario`` carries (what SolaraViz's Reset hands a model).

    Its ``scenario_name`` attribute names the built-in scenario (default baseline), its ``rng`` is the
    seed, and every other attribute that is not None overrides the scenario parameter of that name.
    """
    known = {f.name for f in dataclasses.fields(Scenario)}
    values = {k: v for k, v in mesa_scenario if k not in ("rng", "scenario_name") and v is not None}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ScenarioError(
            f"Mesa scenario attribute '{unknown[0]}' is not a scenario parameter "
            "(see `market-sim params` for all keys); allowed besides them: rng, scenario_name"
        )
    return getattr(mesa_scenario, "scenario_name", None) or "baseline", {**values, **overrides}


class ChipMarketModel(mesa.Model):
    """The AI-accelerator market (brief mechanisms M1-M10 on a networkx supplier graph).

    Args:
        scenario: a :class:`Scenario`, a built-in scenario name, a TOML path, or None (baseline).
        rng: seed or numpy Generator; all randomness flows from it.
        **overrides: scenario parameters by name, e.g. ``design_cycle_quarters=8``
            (this is what lets ``mesa.batch_run`` and SolaraViz sliders drive the model).
    """

    def __init__(self, scenario=None, *, rng=None, **overrides):
        mesa_scenario = scenario if isinstance(scenario, MesaScenario) else None
        if mesa_scenario is not None:
            scenario, overrides = from_mesa_scenario(mesa_scenario, overrides)
        params = _resolve_scenario(scenario, overrides)
        super().__init__(rng=rng, scenario=mesa_scenario)
        self.params = params
        p = params
        # Independent random streams per subsystem, all spawned from the model's seeded generator:
        # changing one lever does not reshuffle the noise of the others (common random numbers).
        (self.frontier_rng, self.design_rng, self.signal_rng, self.population_rng, self.entry_rng) = (
            self.rng.spawn(5)
        )

        self.start_year = START_YEAR
        self.t = 0
        self.year = float(START_YEAR)
        self.events: list[dict] = []
        self.event_count = 0

        self._build_frontier()
        self.network = SupplierNetwork(self)
        self.foundry = Foundry(self)
        self.designers: list[ChipDesigner] = []
        self.designer_by_name: dict[str, ChipDesigner] = {}
        self.retired_designers: list[ChipDesigner] = []
        self.buyers: list[Buyer] = []
        self.buyer_by_name: dict[str, Buyer] = {}
        self._build_vendors()
        self._build_buyers()
        self.enterprises = EnterprisePopulation(self, p.n_enterprises, self.population_rng)
        self.network.add_node(self.enterprises.name, "enterprise")
        self._build_in_house_start()

        # State carried between quarters.
        self.installed_by_supplier: dict[str, float] = defaultdict(float)
        for d in self.designers:
            self.installed_by_supplier[d.name] = self._initial_installed_weight(d) * 2e6
        self.base_cost_per_unit: float | None = None
        self.last_cost_per_unit: float | None = None
        self.metrics: dict = {}
        self.negotiated: dict[tuple[str, str], float] = {}
        self._signals_at, self._signals, self._graph_version = None, {}, 0
        self.last_mix: dict[tuple[str, str], dict] = {}  # (buyer, segment) -> option key -> share(s)
        # Per-step tables, appended once per quarter (cheap) and written by outputs.py.
        self.share_rows: list[dict] = []
        self.vendor_rows: list[dict] = []
        self.edge_rows: list[dict] = []
        self.flow_rows: list[dict] = []

        self.datacollector = DataCollector(model_reporters={k: partial(_metric, k) for k in MODEL_METRICS})
        self.running = True

    # ------------------------------------------------------------------ set-up
    def _build_frontier(self) -> None:
        p = self.params
        self.history = (
            max(p.open_lab_lag_quarters, p.enterprise_lag_quarters, 4) + p.design_cycle_quarters + 16
        )
        future = p.steps + p.design_cycle_quarters + 4
        scripted = []
        for year, kind, size in (
            (p.reasoning_shift_year, workload.REASONING, p.reasoning_shift_size),
            (p.sparse_shift_year, workload.SPARSE, p.sparse_shift_size),
        ):
            if year > 0:
                scripted.append((max(1, int(round((year - START_YEAR) * 4))), kind, size))
        forward, self.discontinuities = workload.frontier_path(
            np.array(p.initial_frontier),
            np.array(p.workload_drift),
            p.workload_noise,
            future,
            self.frontier_rng,
            hazard=p.discontinuity_hazard,
            random_jump_size=p.discontinuity_size,
            scripted=scripted,
        )
        # Before 2020 the frontier is the drift extrapolated backwards (no noise, no jumps).
        back = np.arange(-self.history, 0)[:, None] * np.array(p.workload_drift)[None, :]
        past = np.clip(np.array(p.initial_frontier)[None, :] + back, 0.0, 1.0)
        self.frontier = np.vstack([past, forward])

    def frontier_at(self, t: int) -> np.ndarray:
        return workload.lagged(self.frontier, t + self.history, 0)

    @property
    def frontier_now(self) -> np.ndarray:
        return self.frontier_at(self.t)

    def node_perf(self, step: int) -> float:
        """P_node at a step, relative to 2020Q1 (architecture/software gains apply in _effective_matrix)."""
        return fit.node_performance(step / 4.0, self.params.node_doubling_years)

    def _build_vendors(self) -> None:
        p = self.params
        specs = [
            (
                INCUMBENT,
                MERCHANT,
                p.incumbent_breadth,
                p.incumbent_cadence_quarters,
                p.incumbent_maturity,
                p.incumbent_pricing,
                p.incumbent_markup,
                1,
            ),
            (
                "challenger",
                MERCHANT,
                p.challenger_breadth,
                p.merchant_cadence_quarters,
                p.challenger_maturity,
                p.challenger_pricing,
                p.challenger_markup,
                3,
            ),
            (
                "cpu_vendor",
                MERCHANT,
                p.cpu_vendor_breadth,
                p.merchant_cadence_quarters,
                p.cpu_vendor_maturity,
                p.cpu_vendor_pricing,
                p.cpu_vendor_markup,
                6,
            ),
        ]
        for name, kind, breadth, cadence, maturity, strategy, markup, phase in specs:
            v = self._add_vendor(
                name,
                kind,
                breadth,
                design.BLEND,
                cadence,
                p.merchant_nre_usd,
                maturity,
                strategy,
                markup,
                cash=2e10,
            )
            self._seed_pipeline(v, phase)
        incumbent = self.vendors[0]
        if p.incumbent_cadence_switch_year > 0:
            incumbent.cadence_switch_step = int(round((p.incumbent_cadence_switch_year - START_YEAR) * 4))
            incumbent.cadence_after_switch = p.incumbent_cadence_after_switch
        for i in range(p.n_startups):
            self._add_startup(
                f"startup_{i + 1}",
                funding=p.startup_funding_usd * self.entry_rng.uniform(0.3, 1.0),
                seeded=True,
            )

    def _add_vendor(
        self, name, kind, breadth, focus, cadence, nre, maturity, strategy, markup, cash, opex=0.0
    ) -> ChipVendor:
        v = ChipVendor(self, name, kind, breadth, focus, cadence, nre, maturity, strategy, markup, cash, opex)
        self.designers.append(v)
        self.designer_by_name[name] = v
        self.network.add_node(name, kind)
        self.network.graph.add_edge(
            "foundry", name, kind="foundry", age=0, idle=0, units=0.0, volume=0.0, spend=0.0
        )
        return v

    def _add_startup(self, name: str, funding: float, seeded: bool = False) -> ChipVendor:
        p = self.params
        focus = (
            design.INFERENCE_FOCUS if self.entry_rng.random() < p.inference_startup_share else design.BLEND
        )
        v = self._add_vendor(
            name,
            START_UP,
            p.startup_breadth,
            focus,
            p.startup_cadence_quarters,
            p.startup_nre_usd,
            p.startup_maturity,
            p.startup_pricing,
            p.startup_markup,
            cash=funding,
            opex=p.startup_opex_usd,
        )
        if seeded:  # start-ups of 2020 (Graphcore, Cerebras...) already ship a first chip
            self._seed_pipeline(v, int(self.entry_rng.integers(1, p.startup_cadence_quarters + 1)))
            v.chips_shipped = 1
        self.record_event("entry", name, funding, focus)
        return v

    def _seed_pipeline(self, d: ChipDesigner, first_ship: int) -> None:
        """A designer's chip on the market in 2020Q1 and its projects already under way.

        Specs of pre-2020 projects are frozen at the frontier as customers ran it a year before the
        start (what signals would have shown), plus noise; the current chip uses the node of its time.
        """
        p = self.params
        D, c = p.design_cycle_quarters, d.cadence
        current_start = first_ship - c - D
        spec = self._historic_forecast(current_start, d.focus)
        node = self.node_perf(first_ship - c - p.tapeout_lead_quarters)
        peak = fit.peak_performance(node, d.breadth, p.specialisation_gain)
        d.chip = Chip(
            f"{d.name}#0", d.name, d.kind, spec, d.breadth, peak, d.focus, first_ship - c, p.unit_cost_usd
        )
        d.chips_shipped = max(d.chips_shipped, 1) if d.kind != START_UP else d.chips_shipped
        start = first_ship - D
        while start <= 0:
            project = design.DesignProject(
                project_id=f"{d.name}#{len(d.projects) + 1}",
                designer=d.name,
                designer_kind=d.kind,
                start_step=start,
                cycle_quarters=D,
                spec=self._historic_forecast(start, d.focus),
                breadth=d.breadth,
                focus=d.focus,
                is_first_chip=False,
                nre=d.nre,
                forecast_source="pre-2020",
            )
            d.projects.append(project)
            d.last_start = start
            start += c

    def _historic_forecast(self, start: int, focus: str) -> np.ndarray:
        noisy = self.frontier_at(start - 4) + self.signal_rng.normal(0.0, 0.02, size=workload.N_DIMS)
        return design.design_target(np.clip(noisy, 0.0, 1.0), focus)

    def _build_buyers(self) -> None:
        p = self.params
        rng = self.population_rng
        for i in range(p.n_frontier_labs):
            self._add_buyer(
                AILab(
                    self,
                    f"frontier_lab_{i + 1}",
                    "frontier_lab",
                    0,
                    rng.normal(0, p.lab_workload_spread, workload.N_DIMS),
                    p.frontier_lab_budget_usd,
                    p.lab_growth_per_year,
                    p.lab_direct_overhead,
                )
            )
        for i in range(p.n_open_labs):
            self._add_buyer(
                AILab(
                    self,
                    f"open_lab_{i + 1}",
                    "open_lab",
                    p.open_lab_lag_quarters,
                    rng.normal(0, p.lab_workload_spread, workload.N_DIMS),
                    p.open_lab_budget_usd,
                    p.lab_growth_per_year,
                    p.lab_direct_overhead,
                )
            )
        for i in range(p.n_hyperscalers):
            # A hyperscaler's own services run close behind the frontier.
            self._add_buyer(
                Hyperscaler(
                    self,
                    f"hyperscaler_{i + 1}",
                    "hyperscaler",
                    2,
                    rng.normal(0, p.lab_workload_spread, workload.N_DIMS),
                    p.hyperscaler_budget_usd,
                    p.hyperscaler_growth_per_year,
                    0.0,
                )
            )

    def _add_buyer(self, b: Buyer) -> None:
        self.buyers.append(b)
        self.buyer_by_name[b.name] = b
        self.network.add_node(b.name, b.kind)

    @property
    def hyperscalers(self) -> list[Hyperscaler]:
        return [b for b in self.buyers if isinstance(b, Hyperscaler)]

    @property
    def labs(self) -> list[AILab]:
        return [b for b in self.buyers if isinstance(b, AILab)]

    def _build_in_house_start(self) -> None:
        p = self.params
        hs = self.hyperscalers
        for h in hs[: p.hyperscalers_with_chip]:  # TPU-like: in production since 2015
            prog = self.launch_program(h, 0.0, ready_step=-p.hiring_quarters, announce=False)
            self._seed_pipeline(prog, 4)
            prog.chips_shipped = 1
            h.home_maturity = 0.5 * (p.incumbent_maturity + p.in_house_maturity)
        for h in hs[p.hyperscalers_with_chip : p.hyperscalers_with_chip + p.hyperscalers_with_program]:
            prog = self.launch_program(h, 0.0, ready_step=-p.hiring_quarters, announce=False)
            start = -(p.design_cycle_quarters // 2)  # Trainium-like: first chip half-way through its cycle
            prog.start_project(
                start,
                design.design_target(h.workload_at(start + p.design_cycle_quarters), prog.focus),
                "own roadmap",
            )
        self.scripted_program_step = (
            int(round((p.frontier_lab_program_year - START_YEAR) * 4))
            if p.frontier_lab_program_year > 0
            else None
        )

    def _initial_installed_weight(self, d: ChipDesigner) -> float:
        weights = {INCUMBENT: 0.8, "challenger": 0.04, "cpu_vendor": 0.02}
        if d.kind == START_UP:
            return 0.01
        if d.kind == IN_HOUSE:
            return 0.1 if d.chip is not None else 0.0
        return weights.get(d.name, 0.0)

    # ------------------------------------------------------------------ agents' hooks
    def launch_program(
        self, owner: Buyer, expected_net_savings: float, ready_step: int | None = None, announce: bool = True
    ) -> InHouseProgram:
        """M8: a buyer starts its own chip programme; the team is ready after hiring."""
        ready = self.t + self.params.hiring_quarters if ready_step is None else ready_step
        prog = InHouseProgram(self, owner, self.t, ready)
        owner.program = prog
        self.designers.append(prog)
        self.designer_by_name[prog.name] = prog
        self.network.add_node(prog.name, IN_HOUSE)
        self.network.graph.add_edge(
            "foundry", prog.name, kind="foundry", age=0, idle=0, units=0.0, volume=0.0, spend=0.0
        )
        if announce:
            self.record_event(
                "program_launch", owner.name, expected_net_savings, f"team ready {period_label(ready)}"
            )
        return prog

    def record_event(self, kind: str, agent: str, value: float = 0.0, detail: str = "") -> None:
        self.events.append(
            {
                "step": self.t,
                "period": period_label(self.t),
                "kind": kind,
                "agent": agent,
                "value": float(value),
                "detail": str(detail),
            }
        )

    def signal_of(self, name: str) -> np.ndarray:
        """The current workload a customer reveals on its edges (a hyperscaler passes on its cloud mix)."""
        if self._signals_at != (self.t, self._graph_version):
            self._signals_at, self._signals = (self.t, self._graph_version), {}
        if name not in self._signals:
            self._signals[name] = self._signal(name)
        return self._signals[name]

    def _signal(self, name: str) -> np.ndarray:
        if name == self.enterprises.name:
            return self.enterprises.mean_workload()
        b = self.buyer_by_name.get(name)
        if b is None:
            return self.frontier_now
        if isinstance(b, Hyperscaler):
            signals, weights = [b.workload], [max(b.budget, 1.0)]
            for _, customer, data in self.network.graph.out_edges(name, data=True):
                if data.get("kind") == "cloud" and data.get("spend", 0) > 0:
                    signals.append(self.signal_of(customer) if customer != name else b.workload)
                    weights.append(data["spend"])
            return np.average(np.array(signals), axis=0, weights=np.array(weights))
        return b.workload

    @property
    def vendors(self) -> list[ChipVendor]:
        return [d for d in self.designers if isinstance(d, ChipVendor)]

    @property
    def programs(self) -> list[InHouseProgram]:
        return [d for d in self.designers if isinstance(d, InHouseProgram)]

    def value_of_chip(self, vendor: ChipVendor) -> float:
        """For value-based pricing: the price at which the vendor's chip matches the next-best
        merchant chip at its list price on the workload its customers run."""
        if vendor.chip is None:
            return 0.0
        w = self.network.served_workload(vendor)
        p = self.params
        e_own = self._effective(vendor.chip, w[None, :])[0]
        best_other = np.inf
        for v in self.vendors:
            if v is vendor or v.chip is None:
                continue
            e = self._effective(v.chip, w[None, :])[0]
            best_other = min(
                best_other, float(procurement.cost_per_effective_unit(v.list_price, p.running_cost_usd, e))
            )
        if not np.isfinite(best_other):
            return vendor.list_price
        return pricing.break_even_price(best_other, e_own, p.running_cost_usd)

    # ------------------------------------------------------------------ the quarter
    def step(self) -> None:
        p = self.params
        self.t = self.steps - 1
        self.year = START_YEAR + self.t / 4.0
        self.portability = ecosystem.portability(
            self.t / 4.0, p.portability_start, p.portability_growth_per_year, p.portability_max
        )
        self.algorithmic_gain = (1.0 + p.algorithmic_efficiency_per_year) ** (self.t / 4.0)
        for b in self.buyers:
            b.grow_budget()
        self.enterprises.grow_budget()
        for d in list(self.designers):
            d.ship_due_projects()
        for d in list(self.designers):
            d.start_project_if_due()
        lab = self.labs[0]
        if (
            self.t == self.scripted_program_step and lab.program is None
        ):  # the vertical-integration thesis, scripted
            self.launch_program(lab, 0.0)
        for b in self.buyers:
            b.review_make_or_buy()
        for v in self.vendors:
            v.set_price()
        self._clear_market()
        self._entry_and_exit()
        self.datacollector.collect(self)
        if self.steps >= p.steps:
            self.running = False

    # ------------------------------------------------------------------ M7 procurement
    def _effective(self, chip: Chip, w: np.ndarray) -> np.ndarray:
        """Effective performance of one chip on workloads ``w`` (n, 5)."""
        return self._effective_matrix([chip], w)[:, 0]

    def _effective_matrix(self, chips: list[Chip], w: np.ndarray) -> np.ndarray:
        """Effective performance (n, K) of K chips on n workloads: M4 fit x M5 software maturity."""
        p = self.params
        designer_of = self.designer_by_name
        specs = np.array([c.spec for c in chips]).reshape(len(chips), workload.N_DIMS)
        maturity = np.array(
            [designer_of[c.supplier].maturity if c.supplier in designer_of else 0.5 for c in chips]
        )
        return (
            fit.effective_performance_matrix(
                np.atleast_2d(w),
                specs,
                np.array([c.breadth for c in chips]),
                np.array([c.peak for c in chips]),
                maturity,
                maturity_penalty=p.maturity_perf_penalty,
                inference_weight=p.inference_dim_weight,
            )
            * self.algorithmic_gain
        )

    def _clear_market(self) -> None:
        p = self.params
        chips = [d.chip for d in self.designers if d.active and d.chip is not None]
        designer_of = self.designer_by_name
        maturity = np.array([designer_of[c.supplier].maturity for c in chips])
        merchant_idx = [k for k, c in enumerate(chips) if c.supplier_kind != IN_HOUSE]
        owner_of_chip = {
            k: designer_of[c.supplier].owner.name for k, c in enumerate(chips) if c.supplier_kind == IN_HOUSE
        }
        # A merchant chip's list price; an in-house chip's price to its owner (foundry cost + design partner).
        list_price = np.array(
            [
                designer_of[c.supplier].list_price
                if c.supplier_kind != IN_HOUSE
                else designer_of[c.supplier].unit_price
                for c in chips
            ]
        )
        hs = self.hyperscalers

        # Options: (channel, party that owns the chips, chip index). Party = who pays the supplier.
        options: list[tuple[str, str, int]] = [("direct", "", k) for k in merchant_idx]
        options += [("in_house", owner_of_chip[k], k) for k in owner_of_chip]
        for h in hs:
            options += [("cloud", h.name, k) for k in merchant_idx]
            options += [("cloud", h.name, k) for k, o in owner_of_chip.items() if o == h.name]
        opt_chip = np.array([o[2] for o in options], dtype=int)
        # Inertia follows a supplier across its chip generations: key options by supplier, not chip.
        opt_keys = [(channel, party, chips[k].supplier) for channel, party, k in options]

        # M6: negotiated prices for large buyers (labs, hyperscalers) on merchant chips.
        self.negotiated = {}
        price_for = {}
        for b in self.buyers:
            price_for[b.name] = self._negotiate(b, chips, merchant_idx, list_price)
        party_price = {h.name: price_for[h.name] for h in hs}

        def option_prices(own: str | None, is_hyperscaler: bool) -> tuple[np.ndarray, np.ndarray]:
            """Price per chip and ownership overhead of every option for one buyer (None: an enterprise)."""
            prices = np.full(len(options), np.inf)
            overhead = np.zeros(len(options))
            own_overhead = (
                self.buyer_by_name[own].direct_overhead if own else self.enterprises.direct_overhead
            )
            for j, (channel, party, k) in enumerate(options):
                if channel == "direct":
                    prices[j] = price_for[own][k] if own else list_price[k]
                    overhead[j] = own_overhead
                elif channel == "in_house" and party == own:
                    prices[j] = list_price[k]
                    overhead[j] = own_overhead
                elif channel == "cloud" and not is_hyperscaler:
                    base = party_price[party][k] if chips[k].supplier_kind != IN_HOUSE else list_price[k]
                    prices[j] = base * (1.0 + p.cloud_markup)
            return prices, overhead

        orders = []  # (end buyer, option j, segment, effective compute requested, units requested, price per unit)
        requested_total = 0.0
        ent = self.enterprises
        ent_orders = {}  # segment -> (effective compute requested (n, O), effective perf (n, O), prices (O,))
        for seg in SEGMENTS:
            # Large buyers, one at a time (there are few).
            for b in self.buyers:
                w = fit.segment_workload(b.workload, seg)[None, :]
                eff_chip = self._effective_matrix(chips, w)[0]
                prices, overhead = option_prices(b.name, isinstance(b, Hyperscaler))
                eff = eff_chip[opt_chip]
                base = procurement.cost_per_effective_unit(prices, p.running_cost_usd, eff, overhead)
                switch = self._switching(b.home_maturity, maturity[opt_chip], options, b.name)
                cost = procurement.cost_with_switching(base, switch)[0]
                shares = procurement.logit_shares(cost[None, :], p.price_sensitivity)[0]
                shares = self._with_inertia(
                    (b.name, seg), opt_keys, shares[None, :], np.isfinite(cost)[None, :]
                )[0]
                seg_budget = b.budget * (b.inference_share if seg == "inference" else 1.0 - b.inference_share)
                demand = _budget_to_compute(seg_budget, shares, base)
                requested_total += float(demand)
                for j in np.nonzero(shares > 0)[0]:
                    e = float(demand * shares[j])
                    orders.append((b.name, int(j), seg, e, e / eff[j], float(prices[j])))
            # Enterprises, all at once: (n, options) arrays, no Python loop over enterprises.
            if ent.n:
                w = fit.segment_workload(ent.workloads(), seg)
                eff = self._effective_matrix(chips, w)[:, opt_chip]
                prices, overhead = option_prices(None, False)
                base = procurement.cost_per_effective_unit(
                    prices[None, :], p.running_cost_usd, eff, overhead[None, :]
                )
                switch = ecosystem.switching_cost(
                    ent.home_maturity[:, None],
                    maturity[opt_chip][None, :],
                    p.switching_cost,
                    self.portability,
                )
                cost = procurement.cost_with_switching(base, switch)
                shares = procurement.logit_shares(cost, p.price_sensitivity)
                shares = self._with_inertia((ent.name, seg), opt_keys, shares, np.isfinite(cost))
                inf_share = ent.inference_shares()
                seg_budget = ent.budget * (inf_share if seg == "inference" else 1.0 - inf_share)
                demand = _budget_to_compute(seg_budget, shares, base)
                eff_req = demand[:, None] * shares
                units_req = eff_req / np.where(eff > 0, eff, np.inf)
                requested_total += float(demand.sum())
                ent_orders[seg] = (eff_req, eff, prices)
                eff_sum, units_sum = eff_req.sum(axis=0), units_req.sum(axis=0)
                for j in np.nonzero(units_sum > 0)[0]:
                    orders.append(
                        (ent.name, int(j), seg, float(eff_sum[j]), float(units_sum[j]), float(prices[j]))
                    )

        # Foundry rationing over all orders (in units).
        capacity = self.foundry.capacity()
        units = np.array([o[4] for o in orders])
        priority = None
        if p.rationing_rule == "priority":
            priority = np.array([self._priority(o, options) for o in orders])
        granted = procurement.ration(units, capacity, priority)
        fill = np.where(units > 0, granted / np.where(units > 0, units, 1.0), 0.0)

        self._settle(orders, fill, options, chips, requested_total, capacity, ent_orders)

    def _with_inertia(self, key, opt_keys, target: np.ndarray, available: np.ndarray) -> np.ndarray:
        """M7 partial adjustment: blend the logit mix with last quarter's mix over the same suppliers."""
        inertia = self.params.procurement_inertia
        last = self.last_mix.get(key)
        shares = target
        if last is not None and inertia > 0:
            last_keys, last_shares = last
            where = {k: j for j, k in enumerate(last_keys)}
            idx = np.array([where.get(k, -1) for k in opt_keys])
            prev = np.where(idx[None, :] >= 0, last_shares[:, np.maximum(idx, 0)], 0.0)
            shares = procurement.adjust_shares(target, prev, available, inertia)
        self.last_mix[key] = (list(opt_keys), shares)
        return shares

    def _priority(self, order, options) -> int:
        buyer, j, *_ = order
        channel, party, _ = options[j]
        if channel == "cloud" or isinstance(self.buyer_by_name.get(buyer), Hyperscaler):
            return 0
        return 2 if buyer == self.enterprises.name else 1

    def _switching(
        self, home_maturity: float, target_maturity: np.ndarray, options, buyer: str
    ) -> np.ndarray:
        """M5 switching cost per option; a programme's owner does not pay it on its own chip."""
        p = self.params
        cost = ecosystem.switching_cost(home_maturity, target_maturity, p.switching_cost, self.portability)
        own = np.array([o[0] == "in_house" and o[1] == buyer for o in options])
        return np.where(own, 0.0, cost)

    def _negotiate(
        self, b: Buyer, chips: list[Chip], merchant_idx: list[int], list_price: np.ndarray
    ) -> dict[int, float]:
        """M6: Nash-bargained price per merchant chip, given the buyer's outside option (incl. its programme)."""
        p = self.params
        w = b.workload[None, :]
        eff_all = self._effective_matrix(chips, w)[0]
        eff = {k: float(eff_all[k]) for k in merchant_idx}
        # Moving to another platform costs the buyer its switching cost (M5): lock-in is bargaining power.
        switch = {
            k: float(
                ecosystem.switching_cost(
                    b.home_maturity,
                    self.designer_by_name[chips[k].supplier].maturity,
                    p.switching_cost,
                    self.portability,
                )
            )
            for k in merchant_idx
        }
        raw = {
            k: float(procurement.cost_per_effective_unit(list_price[k], p.running_cost_usd, eff[k]))
            for k in merchant_idx
        }
        cpe = {k: raw[k] * (1.0 + switch[k]) for k in merchant_idx}
        own_cpe, ship_prob = None, 0.0
        if b.program is not None:
            ship_prob = b.program.ship_probability()
            if b.program.chip is not None:
                e_own = self._effective(
                    b.program.chip, fit.segment_workload(b.workload, "inference")[None, :]
                )[0]
                own_cpe = float(
                    procurement.cost_per_effective_unit(b.program.unit_price, p.running_cost_usd, e_own)
                )
            elif raw:  # not shipped yet: the co-design gain on today's best merchant cost
                own_cpe = min(raw.values()) * (1.0 - p.codesign_gain)
        prices = {}
        phi = b.inference_share
        for k in merchant_idx:
            others = [cpe[j] for j in merchant_idx if j != k]
            merchant_out = min(others) if others else np.inf
            if eff[k] <= 0:
                prices[k] = float(list_price[k])
                continue
            floor = max(p.unit_cost_usd, float(list_price[k]) * (1.0 - p.max_negotiated_discount))
            deal = dict(
                walk_away=floor, list_price=float(list_price[k]), effective_perf=eff[k], switch=switch[k]
            )
            # The buyer bargains over its training and inference volumes; an (inference) programme
            # is an outside option only for the inference part, and only if it ships.
            without = self._nash_price(merchant_out, **deal)
            inference_price = without
            if own_cpe is not None:
                with_programme = self._nash_price(min(own_cpe, merchant_out), **deal)
                inference_price = pricing.expected_price_with_programme(with_programme, without, ship_prob)
            prices[k] = phi * inference_price + (1.0 - phi) * without
            self.negotiated[(b.name, chips[k].supplier)] = prices[k]
        return prices

    def _nash_price(
        self, outside_cost: float, walk_away: float, list_price: float, effective_perf: float, switch: float
    ) -> float:
        """M6: the bargained price for an outside option costing ``outside_cost`` per effective unit
        (switching cost included), which the buyer would pay for this chip only net of switching."""
        if not np.isfinite(outside_cost):
            return list_price
        p = self.params
        v_out = pricing.break_even_price(outside_cost / (1.0 + switch), effective_perf, p.running_cost_usd)
        return pricing.negotiated_price(walk_away, list_price, v_out, p.vendor_bargaining_power)

    # ------------------------------------------------------------------ accounting
    def _settle(self, orders, fill, options, chips, requested_total, capacity, ent_orders) -> None:
        """Accounting for the quarter: who paid whom (M7), capital and write-downs (M9), maturity (M5)."""
        book = self._book_purchases(orders, fill, options, chips)
        stranded = self._update_capital(book, orders, fill, options, chips, ent_orders)
        self._update_maturity(book["by_supplier"])
        for v in self.vendors:
            v.settle_quarter()
        flows = aggregate_flows(book["flow_rows"])
        self.network.update(flows)
        # Signals come from the whole updated graph (a hyperscaler passes on its new cloud mix), so they
        # do not depend on the order in which the flows were set.
        self._graph_version += 1
        self.network.set_signals({target: self.signal_of(target) for _, target, _ in flows})
        self._record_quarter(
            book["by_supplier"],
            chips,
            book["hardware_spend"],
            book["eff_total"],
            book["inference_eff"],
            requested_total,
            capacity,
            book["delivered_units"],
            stranded,
        )

    def _book_purchases(self, orders, fill, options, chips) -> dict:
        """Revenue to suppliers, spend and compute by owner, flows for the graph and flows.parquet."""
        p = self.params
        t = self.t
        designer_of = self.designer_by_name
        for v in self.vendors:
            v.revenue = v.cogs = v.units = 0.0
        by_supplier = defaultdict(
            lambda: {"revenue": defaultdict(float), "compute": defaultdict(float), "units": 0.0}
        )
        flow_rows = []
        party_spend = defaultdict(float)
        party_eff = defaultdict(float)
        end_inference_spend = defaultdict(float)
        end_merchant_spend = defaultdict(float)
        eff_total = delivered_units = hardware_spend = inference_eff = 0.0
        for (buyer, j, seg, eff_req, units_req, end_price), f in zip(orders, fill, strict=True):
            channel, party, k = options[j]
            chip = chips[k]
            units = units_req * f
            eff = eff_req * f
            owner = party if channel == "cloud" else buyer
            supplier_price = end_price / (1.0 + p.cloud_markup) if channel == "cloud" else end_price
            # Every order is a row, filled or not: unmet demand per buyer is requested - delivered.
            self.flow_rows.append(
                {
                    "step": t,
                    "period": period_label(t),
                    "buyer": buyer,
                    "owner": owner,
                    "supplier": chip.supplier,
                    "supplier_kind": chip.supplier_kind,
                    "channel": channel,
                    "segment": seg,
                    "chip": chip.chip_id,
                    "units": units,
                    "effective_compute": eff,
                    "price": supplier_price,
                    "end_price": end_price,
                    "spend": units * supplier_price,
                    "fill": float(f),
                    "requested_units": units_req,
                    "requested_compute": eff_req,
                    "unmet_compute": eff_req - eff,
                }
            )
            if units <= 0:
                continue
            spend = units * supplier_price
            agg = by_supplier[chip.supplier]
            agg["revenue"][seg] += spend
            agg["compute"][seg] += eff
            agg["units"] += units
            party_spend[owner] += spend
            party_eff[owner] += eff
            eff_total += eff
            delivered_units += units
            hardware_spend += spend
            if seg == "inference":
                inference_eff += eff
                end_inference_spend[buyer] += units * end_price
                end_inference_spend[owner] += spend if owner != buyer else 0.0
            if chip.supplier_kind != IN_HOUSE:
                end_merchant_spend[buyer] += units * end_price
                if owner != buyer:
                    end_merchant_spend[owner] += spend
            d = designer_of[chip.supplier]
            if isinstance(d, ChipVendor):
                d.revenue += spend
                d.cogs += units * p.unit_cost_usd
                d.units += units
            flow_rows.append(
                (
                    chip.supplier,
                    owner,
                    "in_house" if chip.supplier_kind == IN_HOUSE else "direct",
                    units,
                    eff,
                    spend,
                )
            )
            if channel == "cloud":
                flow_rows.append((party, buyer, "cloud", units, eff, units * end_price))
        for supplier, agg in by_supplier.items():
            flow_rows.append(
                (
                    "foundry",
                    supplier,
                    "foundry",
                    agg["units"],
                    sum(agg["compute"].values()),
                    agg["units"] * p.unit_cost_usd,
                )
            )

        # Large buyers' spend feeds their next make-or-buy review.
        for b in self.buyers:
            b.last_inference_spend = end_inference_spend.get(b.name, 0.0)
            b.last_merchant_spend = end_merchant_spend.get(b.name, 0.0)
        return {
            "by_supplier": by_supplier,
            "flow_rows": flow_rows,
            "party_spend": party_spend,
            "party_eff": party_eff,
            "eff_total": eff_total,
            "delivered_units": delivered_units,
            "hardware_spend": hardware_spend,
            "inference_eff": inference_eff,
        }

    def _update_capital(self, book, orders, fill, options, chips, ent_orders) -> float:
        """M9: depreciate installed chips, add the quarter's, write book value down to replacement cost."""
        p = self.params
        designer_of = self.designer_by_name
        party_spend, party_eff = book["party_spend"], book["party_eff"]
        hardware_spend, eff_total = book["hardware_spend"], book["eff_total"]
        cost_per_unit = hardware_spend / eff_total if eff_total > 0 else (self.last_cost_per_unit or 1.0)
        cost_change = cost_per_unit / self.last_cost_per_unit if self.last_cost_per_unit else 1.0
        if self.base_cost_per_unit is None and eff_total > 0:
            self.base_cost_per_unit = cost_per_unit
        stranded = 0.0
        for b in self.buyers:
            b.installed, b.book_value = finance.depreciate(
                b.installed, b.book_value, p.chip_life_quarters, p.book_life_quarters
            )
            b.installed = float(b.installed) + party_eff.get(b.name, 0.0)
            b.book_value = float(b.book_value) + party_spend.get(b.name, 0.0)
            prev = b.replacement_cost
            b.replacement_cost = (
                (party_spend[b.name] / party_eff[b.name])
                if party_eff.get(b.name, 0) > 0
                else (prev * cost_change if prev else cost_per_unit)
            )
            w, bv = finance.stranded_write_down(b.installed, b.book_value, b.replacement_cost)
            b.book_value = float(bv)
            stranded += float(w)
        ent = self.enterprises
        if ent.n:
            fill_of = {(o[2], o[1]): f for o, f in zip(orders, fill, strict=False) if o[0] == ent.name}
            maturity_opt = np.array([designer_of[chips[k].supplier].maturity for _, _, k in options])
            direct = np.array([channel == "direct" for channel, _, _ in options])
            used_eff = np.zeros(ent.n)
            used_maturity = np.zeros(ent.n)
            direct_eff = np.zeros(ent.n)
            direct_spend = np.zeros(ent.n)
            for seg, (eff_req, eff, prices) in ent_orders.items():
                f = np.array([fill_of.get((seg, j), 0.0) for j in range(len(options))])
                got = eff_req * f[None, :]
                used_eff += got.sum(axis=1)
                used_maturity += got @ maturity_opt
                direct_eff += got[:, direct].sum(axis=1)
                direct_spend += (
                    got[:, direct] / np.where(eff[:, direct] > 0, eff[:, direct], np.inf)
                ) @ np.where(np.isfinite(prices[direct]), prices[direct], 0.0)
            ent.installed, ent.book_value = finance.depreciate(
                ent.installed, ent.book_value, p.chip_life_quarters, p.book_life_quarters
            )
            used_avg = used_maturity / np.maximum(used_eff, 1e-300)
            ent.home_maturity = ecosystem.next_home_maturity(
                ent.home_maturity, used_avg, used_eff, 1.0 / p.chip_life_quarters
            )
            ent.installed = ent.installed + direct_eff
            ent.book_value = ent.book_value + direct_spend
            bought = direct_eff > 0
            ent.replacement_cost = np.where(
                bought, direct_spend / np.where(bought, direct_eff, 1.0), ent.replacement_cost * cost_change
            )
            written, ent.book_value = finance.stranded_write_down(
                ent.installed, ent.book_value, ent.replacement_cost
            )
            stranded += float(written.sum())
        # M5 home platform of large buyers: what they ran this quarter, direct, cloud or in-house.
        used_eff, used_maturity = defaultdict(float), defaultdict(float)
        for (buyer, j, _, eff_req, *_), f in zip(orders, fill, strict=True):
            used_eff[buyer] += eff_req * f
            used_maturity[buyer] += eff_req * f * designer_of[chips[options[j][2]].supplier].maturity
        for b in self.buyers:
            used = used_eff.get(b.name, 0.0)
            avg = used_maturity[b.name] / used if used > 0 else b.home_maturity
            b.home_maturity = float(
                ecosystem.next_home_maturity(b.home_maturity, avg, used, 1.0 / p.chip_life_quarters)
            )
        self.last_cost_per_unit = cost_per_unit
        return stranded

    def _update_maturity(self, by_supplier) -> None:
        """M5: maturity grows with installed base and software investment (revenue), decays otherwise."""
        p = self.params
        retire = 1.0 / p.chip_life_quarters
        for name in list(self.installed_by_supplier):
            self.installed_by_supplier[name] *= 1.0 - retire
        for supplier, agg in by_supplier.items():
            self.installed_by_supplier[supplier] += sum(agg["compute"].values())
        total_installed = sum(self.installed_by_supplier.values()) or 1.0
        total_revenue = sum(sum(a["revenue"].values()) for a in by_supplier.values()) or 1.0
        for d in self.designers:
            if d.chip is None:
                continue
            inst = self.installed_by_supplier.get(d.name, 0.0) / total_installed
            inv = (
                sum(by_supplier[d.name]["revenue"].values()) / total_revenue if d.name in by_supplier else 0.0
            )
            d.maturity = float(
                ecosystem.next_maturity(
                    d.maturity,
                    inst,
                    inv,
                    alpha=p.maturity_installed_base_gain,
                    beta=p.maturity_investment_gain,
                    delta=p.maturity_decay,
                )
            )
            if d.kind == IN_HOUSE:
                d.maturity = max(d.maturity, p.in_house_maturity)  # its owner maintains its own stack

    def _record_quarter(
        self,
        by_supplier,
        chips,
        hardware_spend,
        eff_total,
        inference_eff,
        requested_total,
        capacity,
        delivered_units,
        stranded,
    ) -> None:
        t = self.t
        period = period_label(t)
        kinds = {d.name: d.kind for d in self.designers}
        focus = {c.supplier: c.focus for c in chips}
        suppliers = sorted({c.supplier for c in chips} | set(by_supplier))
        rev_total = {seg: sum(a["revenue"][seg] for a in by_supplier.values()) for seg in SEGMENTS}
        comp_total = {seg: sum(a["compute"][seg] for a in by_supplier.values()) for seg in SEGMENTS}
        for s in suppliers:
            agg = by_supplier.get(s)
            for seg in SEGMENTS:
                r = agg["revenue"][seg] if agg else 0.0
                c = agg["compute"][seg] if agg else 0.0
                self.share_rows.append(
                    {
                        "step": t,
                        "period": period,
                        "supplier": s,
                        "supplier_kind": kinds.get(s, MERCHANT),
                        "focus": focus.get(s, design.BLEND),
                        "segment": seg,
                        "revenue_share": r / rev_total[seg] if rev_total[seg] > 0 else 0.0,
                        "compute_share": c / comp_total[seg] if comp_total[seg] > 0 else 0.0,
                        "revenue": r,
                        "effective_compute": c,
                    }
                )
        all_rev = sum(rev_total.values())
        supplier_rev = {s: sum(a["revenue"].values()) for s, a in by_supplier.items()}
        supplier_eff = {s: sum(a["compute"].values()) for s, a in by_supplier.items()}
        for v in self.vendors:
            v.revenue_share = supplier_rev.get(v.name, 0.0) / all_rev if all_rev > 0 else 0.0
            self.vendor_rows.append(
                {
                    "step": t,
                    "period": period,
                    "vendor": v.name,
                    "kind": v.kind,
                    "price": v.list_price / self._peak_of(v),
                    "list_price": v.list_price,
                    "unit_cost": self.params.unit_cost_usd,
                    "gross_margin": pricing.gross_margin(v.revenue / v.units, self.params.unit_cost_usd)
                    if v.units > 0
                    else pricing.gross_margin(v.list_price, self.params.unit_cost_usd),
                    "realized_price": v.revenue / v.units if v.units > 0 else float("nan"),
                    "revenue": v.revenue,
                    "units": v.units,
                    "cash": v.cash,
                    "markup": v.markup,
                    "maturity": v.maturity,
                    "revenue_share": v.revenue_share,
                    "peak": self._peak_of(v),
                }
            )
        for prog in self.programs:
            self.vendor_rows.append(
                {
                    "step": t,
                    "period": period,
                    "vendor": prog.name,
                    "kind": IN_HOUSE,
                    "price": prog.unit_price / self._peak_of(prog),
                    "list_price": prog.unit_price,
                    "unit_cost": self.params.unit_cost_usd,
                    "gross_margin": float("nan"),
                    "realized_price": prog.unit_price,
                    "revenue": supplier_rev.get(prog.name, 0.0),
                    "units": supplier_rev.get(prog.name, 0.0) / prog.unit_price,
                    "cash": float("nan"),
                    "markup": self.params.in_house_overhead,
                    "maturity": prog.maturity,
                    "revenue_share": supplier_rev.get(prog.name, 0.0) / all_rev if all_rev > 0 else 0.0,
                    "peak": self._peak_of(prog),
                }
            )
        inc = self.designer_by_name[INCUMBENT]
        cost_per_unit = hardware_spend / eff_total if eff_total > 0 else float("nan")
        in_house_eff = sum(e for s, e in supplier_eff.items() if kinds.get(s) == IN_HOUSE)
        in_house_rev = sum(r for s, r in supplier_rev.items() if kinds.get(s) == IN_HOUSE)
        shares = [r / all_rev for r in supplier_rev.values() if r > 0] if all_rev > 0 else []
        self.metrics = {
            "step": t,
            "period": period,
            "year": START_YEAR + t / 4.0,
            "incumbent_revenue_share": supplier_rev.get(INCUMBENT, 0.0) / all_rev if all_rev > 0 else 0.0,
            "incumbent_compute_share": supplier_eff.get(INCUMBENT, 0.0) / eff_total if eff_total > 0 else 0.0,
            "incumbent_inference_revenue_share": by_supplier[INCUMBENT]["revenue"]["inference"]
            / rev_total["inference"]
            if rev_total["inference"] > 0 and INCUMBENT in by_supplier
            else 0.0,
            "in_house_compute_share": in_house_eff / eff_total if eff_total > 0 else 0.0,
            "inference_compute_share": inference_eff / eff_total if eff_total > 0 else 0.0,
            "hhi": float(sum((100 * s) ** 2 for s in shares)),
            "incumbent_gross_margin": pricing.gross_margin(inc.revenue / inc.units, self.params.unit_cost_usd)
            if inc.units > 0
            else pricing.gross_margin(inc.list_price, self.params.unit_cost_usd),
            "active_vendors": len(self.vendors),
            "active_in_house_programs": len(self.programs),
            "compute_cost_index": cost_per_unit / self.base_cost_per_unit
            if self.base_cost_per_unit
            else float("nan"),
            "unmet_demand_share": max(0.0, 1.0 - eff_total / requested_total) if requested_total > 0 else 0.0,
            "stranded_capital": stranded,
            "accelerator_revenue": all_rev,
            "merchant_revenue": all_rev - in_house_rev,
            "in_house_spend": in_house_rev,
            "effective_compute": eff_total,
            "requested_compute": requested_total,
            "foundry_capacity_units": capacity,
            "units_delivered": delivered_units,
            "frontier_inference_intensity": float(self.frontier_now[workload.INFERENCE]),
            "portability": self.portability,
            "incumbent_list_price": inc.list_price,
            "incumbent_maturity": inc.maturity,
            "startups_active": sum(1 for v in self.vendors if v.kind == START_UP),
        }
        self.edge_rows.extend(self.network.snapshot(t, period))

    def _peak_of(self, d: ChipDesigner) -> float:
        return d.chip.peak if d.chip is not None else float("nan")

    # ------------------------------------------------------------------ M10 entry and exit
    def _entry_and_exit(self) -> None:
        p = self.params
        for v in list(self.vendors):
            if v.kind != START_UP:
                continue
            best_fit = 0.0
            if v.chip is not None:
                w = design.design_target(self.frontier_now, v.focus)
                best_fit = float(fit.fit_factor(w, v.chip.spec, v.chip.breadth, p.inference_dim_weight))
            outcome = finance.exit_kind(v.cash, best_fit, p.acquisition_fit_threshold)
            if outcome is not None:
                self.record_event(outcome, v.name, v.cash, f"fit {best_fit:.2f}")
                for project in v.projects:
                    if project.status == "in_progress":
                        project.status = "cancelled"
                v.active = False
                self.designers.remove(v)
                del self.designer_by_name[v.name]
                self.retired_designers.append(v)
                self.network.remove_node(v.name)
                self.installed_by_supplier.pop(v.name, None)
                v.remove()
        for _ in range(finance.entries(p.startup_entry_rate, self.entry_rng)):
            self.event_count += 1
            funding = p.startup_funding_usd * self.entry_rng.lognormal(-0.125, 0.5)
            self._add_startup(f"entrant_{self.event_count}", funding)

    # ------------------------------------------------------------------ outputs
    def projects_table(self) -> list[dict]:
        rows = []
        for d in self.designers + self.retired_designers:
            rows.extend(_project_row(pr) for pr in d.projects)
        return rows


def _project_row(pr: design.DesignProject) -> dict:
    row = {
        "project_id": pr.project_id,
        "designer": pr.designer,
        "designer_kind": pr.designer_kind,
        "start_step": pr.start_step,
        "ship_step": pr.ship_step,
        "cycle_quarters": pr.cycle_quarters,
        "breadth": pr.breadth,
        "focus": pr.focus,
        "is_first_chip": pr.is_first_chip,
        "nre": pr.nre,
        "forecast_source": pr.forecast_source,
        "status": pr.status,
        "forecast_error": pr.forecast_error,
        "peak": pr.peak,
    }
    for name, value in zip(workload.DIMENSION_NAMES, pr.spec, strict=False):
        row[f"spec_{name}"] = float(value)
    return row


def _budget_to_compute(budget, shares, base_cost):
    """Effective compute a budget buys at the share-weighted cost per effective unit."""
    avg = np.sum(shares * np.where(np.isfinite(base_cost), base_cost, 0.0), axis=-1)
    return np.where(avg > 0, budget / np.where(avg > 0, avg, 1.0), 0.0)


def _metric(key: str, model) -> float | str | None:
    """DataCollector reporter for one metric (used through functools.partial, so the model pickles)."""
    return model.metrics.get(key)
