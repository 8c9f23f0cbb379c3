"""Watch a run in the browser: Mesa's SolaraViz controls with the chip market's panels.

Serve it with ``market-sim ui`` (or ``solara run market_sim/viz/app.py``). Each Step runs one quarter
and redraws the supplier network, the market status, revenue shares by supplier, the headline metrics,
vendors' prices and margins and the design pipeline, all drawn from the run's output tables as far
as it has run. ``MARKET_SIM_UI_SCENARIO`` names the built-in scenario the page starts with.
"""

from __future__ import annotations

import os
from html import escape

import solara
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from market_sim.model import ChipMarketModel
from market_sim.viz.controls import LEVERS, BrowserRun, model_params
from market_sim.viz.events import event_log_html
from market_sim.viz.figures import (
    BASES,
    SEGMENT_VIEWS,
    MetricsPanel,
    NetworkPanel,
    PipelinePanel,
    PricesPanel,
    SharePanel,
    current_period,
    draw_compute_shares,
    draw_design_pipeline,
    draw_headline_metrics,
    draw_prices_and_margins,
    draw_revenue_shares,
    draw_supplier_network,
)
from market_sim.viz.palette import supplier_colours
from market_sim.viz.tables import GrowingTables

TITLE = "market-sim: AI-accelerator market"
SCENARIO_ENV = "MARKET_SIM_UI_SCENARIO"


def panel_tables(model: ChipMarketModel, kept: GrowingTables | None = None) -> dict:
    """The output tables the panels draw from, as far as the model has run, and the suppliers' colours.

    ``kept``: the page's tables of this model, which frame only the rows added since the last quarter.
    """
    tables = (kept or GrowingTables(model)).tables()
    return {"tables": tables, "colours": supplier_colours(tables)}


# Each drawing takes the model (only for its supplier graph), the panel tables and the page's figure of
# it (LIVE_PANELS: kept between quarters and redrawn in place; None draws a new figure).
DRAWINGS = {
    "network": lambda model, d, panel=None: draw_supplier_network(
        model.network.graph, period=current_period(d["tables"]), panel=panel
    ),
    "revenue_shares": lambda model, d, panel=None: draw_revenue_shares(
        d["tables"], colours=d["colours"], panel=panel
    ),
    "headline_metrics": lambda model, d, panel=None: draw_headline_metrics(d["tables"], panel=panel),
    "prices_and_margins": lambda model, d, panel=None: draw_prices_and_margins(
        d["tables"], colours=d["colours"], panel=panel
    ),
    "design_pipeline": lambda model, d, panel=None: draw_design_pipeline(d["tables"], panel=panel),
}
LIVE_PANELS = {
    "network": NetworkPanel,
    "revenue_shares": SharePanel,
    "headline_metrics": MetricsPanel,
    "prices_and_margins": PricesPanel,
    "design_pipeline": PipelinePanel,
}
# The panels, two to a row; "compute_shares" has its own switches, "status" and "events" are text.
PANEL_ROWS = (
    ("network", "status"),
    ("revenue_shares", "compute_shares"),
    ("headline_metrics", "events"),
    ("prices_and_margins", "design_pipeline"),
)


def status_html(model: ChipMarketModel) -> str:
    """The quarter last run and its headline numbers, the scenario and the levers in effect.

    Plain HTML rather than solara.Markdown: Markdown pulls mermaid and KaTeX scripts into the page.
    """
    p, m = model.params, model.metrics
    rows = []
    if m:
        rows = [
            ("HHI (revenue)", f"{m['hhi']:,.0f}"),
            ("incumbent revenue share", f"{m['incumbent_revenue_share']:.0%}"),
            ("in-house compute share", f"{m['in_house_compute_share']:.0%}"),
            ("inference share of compute", f"{m['inference_compute_share']:.0%}"),
            ("unmet demand share", f"{m['unmet_demand_share']:.0%}"),
            (
                "foundry backlog / lead time",
                f"{m['backlog_units'] / 1e3:,.0f}k chips / {m['lead_time_quarters']:.2f} quarters",
            ),
            ("incumbent gross margin", f"{m['incumbent_gross_margin']:.0%}"),
            ("compute cost index (2020Q1 = 1)", f"{m['compute_cost_index']:.2f}"),
            (
                "active vendors / in-house programmes",
                f"{m['active_vendors']} / {m['active_in_house_programs']}",
            ),
        ]
    period = m.get("period") or "before 2020Q1"
    cell = 'style="padding:1px 12px 1px 0"'
    rows_html = "".join(
        f"<tr><td {cell}>{escape(k)}</td><td {cell}><b>{escape(v)}</b></td></tr>" for k, v in rows
    )
    seed = getattr(model.scenario, "rng", None)
    levers_set = model.scenario.levers_set() if isinstance(model.scenario, BrowserRun) else {}
    levers = ", ".join(f"{k} = {getattr(p, k)}" + (" (set)" if k in levers_set else "") for k in LEVERS)
    return "".join(
        [
            f'<h3 class="market-period">{escape(period)} (quarter {model.steps} of {p.steps})</h3>',
            f"<table>{rows_html}</table>"
            if rows
            else "<p>No quarter run yet: press <b>Step</b> or <b>&#9654;</b>.</p>",
            f"<p><b>Scenario:</b> {escape(p.name)}"
            + (f", seed {seed}" if isinstance(seed, int) else "")
            + f". {escape(p.description)}</p>",
            '<p style="font-size:85%"><b>Levers in effect</b> (a lever left at its baseline value keeps '
            f"the scenario's): {escape(levers)}</p>",
        ]
    )


def initial_scenario() -> str:
    return os.environ.get(SCENARIO_ENV) or "baseline"


def initial_model() -> ChipMarketModel:
    """The model a new browser session starts with: the initial scenario, seed 1, every lever at baseline."""
    return ChipMarketModel(BrowserRun(scenario_name=initial_scenario(), rng=1))


@solara.component
def FigurePanel(draw_name: str, model, data: dict):
    """One drawing, redrawn in its figure (kept for the page) only when the panel tables change."""
    panel = solara.use_memo(LIVE_PANELS[draw_name], dependencies=[])

    def redraw() -> bytes:
        DRAWINGS[draw_name](model, data, panel)
        return panel.png()

    solara.Image(solara.use_memo(redraw, dependencies=[model, data]))


@solara.component
def ComputeSharePanel(data: dict):
    """Compute share by supplier, with a segment switch and a deliveries / in-use switch."""
    segment, basis = solara.use_reactive("all"), solara.use_reactive("deliveries")
    panel = solara.use_memo(SharePanel, dependencies=[])

    def redraw() -> bytes:
        draw_compute_shares(
            data["tables"], segment=segment.value, basis=basis.value, colours=data["colours"], panel=panel
        )
        return panel.png()

    png = solara.use_memo(redraw, dependencies=[data, segment.value, basis.value])
    with solara.Column(gap="0px", classes=["market-compute"]):
        with solara.Row():
            solara.ToggleButtonsSingle(value=segment, values=list(SEGMENT_VIEWS), classes=["market-segment"])
            solara.ToggleButtonsSingle(value=basis, values=list(BASES), classes=["market-basis"])
        solara.Image(png)


@solara.component
def MarketPanels(model):
    update_counter.get()  # SolaraViz bumps this after each Step or Play tick
    kept = solara.use_memo(lambda: GrowingTables(model), dependencies=[model])
    data = solara.use_memo(lambda: panel_tables(model, kept), dependencies=[model, model.steps])
    for row in PANEL_ROWS:
        with solara.Columns([1, 1]):
            for name in row:
                if name == "status":
                    with solara.Card("Market status"):
                        solara.HTML(tag="div", unsafe_innerHTML=status_html(model))
                elif name == "events":
                    with solara.Card("Events"):
                        solara.HTML(tag="div", unsafe_innerHTML=event_log_html(data["tables"]["events"]))
                elif name == "compute_shares":
                    ComputeSharePanel(data)
                else:
                    FigurePanel(name, model, data)


@solara.component
def MarketPage():
    """Mesa's SolaraViz (app bar, controls, parameters) with the market's panels laid out below it.

    The panels are not passed as SolaraViz ``components``: those go into a draggable grid whose
    script (vue-grid-layout 2) fails under the Vue 3 front end of this solara, leaving the page empty.
    Each browser session gets its own model.
    """
    model = solara.use_reactive(solara.use_memo(initial_model, dependencies=[]))
    SolaraViz(model, components=[], model_params=model_params(initial_scenario()), name=TITLE)
    MarketPanels(model.value)


page = MarketPage()
page  # noqa: B018 (solara run looks for `page`)
