"""The market as it stands in 2020Q1: established vendors with a chip on the market and projects
under way, the start-ups of 2020, the buyers, the in-house programmes already running (TPU-like and
Trainium-like), and the installed base that builds each platform's maturity.

The order of creation is the order of the random draws: keep it.
"""

from __future__ import annotations

import numpy as np

from ..calendar import step_of
from ..economics import design, workload
from ..kinds import BuyerKind, EventKind, Focus, SupplierKind
from .buyers import ENTERPRISES, BuyerPopulation, BuyerRow, LargeBuyer
from .designers import Chip, ChipDesigner, DesignerSpec
from .vendors import ChipVendor
from .world import chip_generation

INCUMBENT = "incumbent"


def build_market(model) -> None:
    """Create every agent of 2020Q1 and the buyer population."""
    build_vendors(model)
    build_buyers(model)
    build_in_house_programs(model)


def build_vendors(model) -> None:
    p = model.params
    established = [
        (INCUMBENT, p.incumbent_breadth, p.incumbent_cadence_quarters, p.incumbent_maturity,
         p.incumbent_pricing, p.incumbent_markup, p.incumbent_next_ship_step),
        ("challenger", p.challenger_breadth, p.merchant_cadence_quarters, p.challenger_maturity,
         p.challenger_pricing, p.challenger_markup, p.challenger_next_ship_step),
        ("cpu_vendor", p.cpu_vendor_breadth, p.merchant_cadence_quarters, p.cpu_vendor_maturity,
         p.cpu_vendor_pricing, p.cpu_vendor_markup, p.cpu_vendor_next_ship_step),
    ]  # fmt: skip
    for name, breadth, cadence, maturity, strategy, markup, first_ship in established:
        spec = DesignerSpec(
            name, SupplierKind.MERCHANT, breadth, Focus.BLEND, cadence, p.merchant_nre_usd, maturity
        )
        v = add_vendor(model, spec, strategy=strategy, markup=markup, cash=p.vendor_cash_usd)
        seed_pipeline(model, v, first_ship)
    incumbent = model.vendors[0]
    if p.incumbent_cadence_switch_year > 0:
        incumbent.cadence_switch_step = step_of(p.incumbent_cadence_switch_year)
        incumbent.cadence_after_switch = p.incumbent_cadence_after_switch
    for i in range(p.n_startups):
        funding = p.startup_funding_usd * model.entry_rng.uniform(p.seeded_startup_funding_min, 1.0)
        add_startup(model, f"startup_{i + 1}", funding, seeded=True)


def add_vendor(model, spec: DesignerSpec, *, strategy: str, markup: float, cash: float, opex: float = 0.0):
    v = ChipVendor(model, spec, strategy=strategy, target_markup=markup, cash=cash, opex=opex)
    model.network.add_designer(spec.name, spec.kind)
    return v


def add_startup(model, name: str, funding: float, *, seeded: bool = False) -> ChipVendor:
    """M10: a start-up enters with its funding; those of 2020 (Graphcore, Cerebras...) already ship a chip."""
    p = model.params
    focus = Focus.INFERENCE if model.entry_rng.random() < p.inference_startup_share else Focus.BLEND
    spec = DesignerSpec(
        name, SupplierKind.START_UP, p.startup_breadth, focus, p.startup_cadence_quarters, p.startup_nre_usd,
        p.startup_maturity,
    )  # fmt: skip
    v = add_vendor(model, spec, strategy=p.startup_pricing, markup=p.startup_markup, cash=funding,
                   opex=p.startup_opex_usd)  # fmt: skip
    if seeded:
        seed_pipeline(model, v, int(model.entry_rng.integers(1, p.startup_cadence_quarters + 1)))
        v.chips_shipped = 1
    model.recorder.event(model.t, EventKind.ENTRY, name, funding, focus)
    return v


def seed_pipeline(model, d: ChipDesigner, first_ship: int) -> None:
    """A designer's chip on the market in 2020Q1 and its projects already under way: its next chip
    ships at ``first_ship``, the one on the market shipped a cadence before (none if that falls
    after 2020Q1: a vendor with no product yet, like the CPU incumbent's accelerators before Gaudi).

    Specs of pre-2020 projects are frozen at the frontier as customers ran it a year before the
    start (what signals would have shown), plus noise; the current chip uses the node of its time.
    """
    p = model.params
    cycle, cadence = p.design_cycle_quarters, d.cadence
    spec = historic_forecast(model, first_ship - cadence - cycle, d.focus)  # drawn either way
    if first_ship - cadence <= 0:
        peak, unit_cost = chip_generation(first_ship - cadence - p.tapeout_lead_quarters, d.breadth, p)
        d.chip = Chip(
            f"{d.name}#0", d.name, d.kind, spec, d.breadth, peak, d.focus, first_ship - cadence, unit_cost
        )
    d.chips_shipped = max(d.chips_shipped, 1) if d.kind != SupplierKind.START_UP else d.chips_shipped
    start = first_ship - cycle
    while start <= 0:
        project = design.DesignProject(
            project_id=f"{d.name}#{len(d.projects) + 1}",
            designer=d.name,
            designer_kind=d.kind,
            start_step=start,
            cycle_quarters=cycle,
            spec=historic_forecast(model, start, d.focus),
            breadth=d.breadth,
            focus=d.focus,
            is_first_chip=False,
            nre=d.nre,
            forecast_source="pre-2020",
        )
        d.projects.append(project)
        d.in_progress.append(project)
        d.last_start = start
        start += cadence


def historic_forecast(model, start: int, focus: Focus) -> np.ndarray:
    noise = model.signal_rng.normal(0.0, model.params.pre_2020_forecast_noise, size=workload.N_DIMS)
    return design.design_target(np.clip(model.frontier.at(start - 4) + noise, 0.0, 1.0), focus)


def build_buyers(model) -> None:
    """Labs and hyperscalers (rows and thin agents), then the enterprises (rows only)."""
    p = model.params
    rng = model.population_rng
    kinds = (
        (BuyerKind.FRONTIER_LAB, p.n_frontier_labs, 0, p.frontier_lab_budget_usd, p.lab_growth_per_year,
         p.lab_direct_overhead),
        (BuyerKind.OPEN_LAB, p.n_open_labs, p.open_lab_lag_quarters, p.open_lab_budget_usd,
         p.lab_growth_per_year, p.lab_direct_overhead),
        # A hyperscaler's own services run close behind the frontier.
        (BuyerKind.HYPERSCALER, p.n_hyperscalers, p.hyperscaler_lag_quarters, p.hyperscaler_budget_usd,
         p.hyperscaler_growth_per_year, 0.0),
    )  # fmt: skip
    rows = []
    for kind, count, lag, budget, growth, overhead in kinds:
        for i in range(count):
            offset = rng.normal(0, p.lab_workload_spread, workload.N_DIMS)
            rows.append(BuyerRow(f"{kind}_{i + 1}", kind, lag, offset, budget, growth, overhead))
    agents = [LargeBuyer(model, i, row.name, row.kind) for i, row in enumerate(rows)]
    model.population = BuyerPopulation(rows, p, rng)
    model.population.attach_frontier(model.frontier)
    for agent in agents:
        model.population.review_offset[agent.row] = agent.unique_id
        model.network.add_node(agent.name, agent.kind)
    model.network.add_node(ENTERPRISES, BuyerKind.ENTERPRISE)
    model.population.compute_workloads(model.frontier.path, model.frontier.history, model.t)


def build_in_house_programs(model) -> None:
    p = model.params
    pop = model.population
    hyperscalers = [model.large_buyer(pop.names[r]) for r in pop.rows_of_kind(BuyerKind.HYPERSCALER)]
    with_chip = hyperscalers[: p.hyperscalers_with_chip]
    with_program = hyperscalers[
        p.hyperscalers_with_chip : p.hyperscalers_with_chip + p.hyperscalers_with_program
    ]
    for h in with_chip:  # TPU-like: in production since 2015
        prog = model.launch_program(h, 0.0, ready_step=-p.hiring_quarters, announce=False)
        seed_pipeline(model, prog, 4)
        prog.chips_shipped = 1
        pop.home_maturity[h.row] = p.incumbent_maturity + p.chip_owner_home_blend * (
            p.in_house_maturity - p.incumbent_maturity
        )
    for h in with_program:
        prog = model.launch_program(h, 0.0, ready_step=-p.hiring_quarters, announce=False)
        prog.chips_shipped = 1  # its team has shipped before (AWS's Inferentia, 2019): not a first chip
        start = -(p.design_cycle_quarters // 2)  # Trainium-like: first chip half-way through its cycle
        roadmap = pop.workload_of(h.name, start + p.design_cycle_quarters)
        prog.start_project(start, design.design_target(roadmap, prog.focus), "own roadmap")


def initial_installed_base(model) -> dict[str, float]:
    """Effective compute installed before 2020, by supplier: it seeds the platforms' maturity (M5)."""
    p = model.params
    share = {
        INCUMBENT: p.incumbent_installed_share_2020,
        "challenger": p.challenger_installed_share_2020,
        "cpu_vendor": p.cpu_vendor_installed_share_2020,
    }
    out = {}
    for d in model.designers:
        if d.kind == SupplierKind.START_UP:
            weight = p.startup_installed_share_2020
        elif d.kind == SupplierKind.IN_HOUSE:
            weight = p.in_house_installed_share_2020 if d.chip is not None else 0.0
        else:
            weight = share.get(d.name, 0.0)
        out[d.name] = weight * p.installed_compute_2020
    return out
