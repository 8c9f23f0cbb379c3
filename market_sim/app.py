"""Watch a run in the browser: Mesa's SolaraViz controls with the chip market's panels.

Start it with ``make ui`` or ``.venv/bin/solara run market_sim/app.py``. Each Step runs one quarter
and redraws (a) the supplier network, (b) revenue shares by supplier, (c) vendors' list prices and
gross margins, (d) the design pipeline, and (e) the market status and headline metrics.

The drawing functions are pure: they take a model (or its tables) and return a matplotlib
``Figure`` built without pyplot, so tests draw them without a browser and the server keeps no
figures alive between steps.
"""

from __future__ import annotations

import dataclasses
import math
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from html import escape
from pathlib import Path

import numpy as np
import pandas as pd
import solara
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator
from mesa.visualization import SolaraViz
from mesa.visualization.utils import update_counter

from market_sim.model import START_YEAR, ChipMarketModel
from market_sim.scenario import Scenario, ScenarioError, builtin_scenarios, load_scenario

# ---------------------------------------------------------------------------------- controls
_FIELDS = {f.name: f for f in dataclasses.fields(Scenario)}
BASELINE = load_scenario("baseline")


def _lever(name: str, label: str, *, lo=None, hi=None, step=None) -> dict:
    """A SolaraViz control for one scenario parameter, defaulting to its baseline value.

    The range is the parameter's declared range, or a narrower practical one (``lo``/``hi``)
    where the declared one is too wide for a slider (e.g. 0 to 2 million enterprises).
    """
    meta = _FIELDS[name].metadata
    value = getattr(BASELINE, name)
    if meta.get("choices"):
        return {"type": "Select", "label": label, "value": value, "values": list(meta["choices"])}
    lo = meta["lo"] if lo is None else lo
    hi = meta["hi"] if hi is None else hi
    if not (meta["lo"] <= lo <= value <= hi <= meta["hi"]):
        raise ValueError(
            f"control for '{name}': range {lo}..{hi} must hold the baseline {value} "
            f"and lie inside the declared {meta['lo']}..{meta['hi']}"
        )
    kind = "SliderInt" if _FIELDS[name].type == "int" else "SliderFloat"
    return {"type": kind, "label": label, "value": value, "min": lo, "max": hi, "step": step or 1}


# The levers the essays argue about; every key is a Scenario parameter.
LEVERS = {
    "design_cycle_quarters": _lever("design_cycle_quarters", "Design cycle (quarters)"),
    "switching_cost": _lever("switching_cost", "Switching cost", step=0.1),
    "roadmap_sharing_prob": _lever("roadmap_sharing_prob", "Roadmap sharing probability", step=0.05),
    "portability_growth_per_year": _lever(
        "portability_growth_per_year", "Portability growth / year", hi=0.5, step=0.01
    ),
    "incumbent_pricing": _lever("incumbent_pricing", "Incumbent pricing"),
    "foundry_capacity_growth_per_year": _lever(
        "foundry_capacity_growth_per_year", "Foundry capacity growth / year", lo=-0.5, hi=2.0, step=0.05
    ),
    "n_enterprises": _lever("n_enterprises", "Enterprises", lo=0, hi=3000, step=50),
    "make_or_buy_hurdle": _lever("make_or_buy_hurdle", "Make-or-buy hurdle", hi=20.0, step=0.25),
}

model_params = {
    "scenario_name": {
        "type": "Select",
        "label": "Scenario",
        "value": "baseline",
        "values": builtin_scenarios(),
    },
    "seed": {"type": "InputText", "label": "Random seed", "value": "1"},
    **LEVERS,
}


class BrowserMarketModel(ChipMarketModel):
    """A ChipMarketModel built from the page's controls.

    SolaraViz's Reset replaces a ``scenario`` argument with Mesa's own Scenario object, so this
    class takes the scenario by ``scenario_name`` instead, and lists every control as a named
    argument (Mesa checks control names against the signature).

    A lever left at its baseline value keeps the chosen scenario's own setting (so picking
    ``ai_designed_chips`` gives its 6-quarter cycle); a lever moved away from baseline overrides it.
    """

    def __init__(
        self,
        scenario_name: str = "baseline",
        seed: int | str = 1,
        *,
        design_cycle_quarters=None,
        switching_cost=None,
        roadmap_sharing_prob=None,
        portability_growth_per_year=None,
        incumbent_pricing=None,
        foundry_capacity_growth_per_year=None,
        n_enterprises=None,
        make_or_buy_hurdle=None,
    ):
        levers = {
            "design_cycle_quarters": design_cycle_quarters,
            "switching_cost": switching_cost,
            "roadmap_sharing_prob": roadmap_sharing_prob,
            "portability_growth_per_year": portability_growth_per_year,
            "incumbent_pricing": incumbent_pricing,
            "foundry_capacity_growth_per_year": foundry_capacity_growth_per_year,
            "n_enterprises": n_enterprises,
            "make_or_buy_hurdle": make_or_buy_hurdle,
        }
        self.seed_value = parse_seed(seed)
        self.lever_overrides = lever_overrides(levers)
        super().__init__(scenario_name, rng=self.seed_value, **self.lever_overrides)


def parse_seed(seed) -> int:
    try:
        return int(str(seed).strip())
    except ValueError:
        raise ScenarioError(f"random seed must be a whole number, not {seed!r}") from None


def lever_overrides(levers: dict) -> dict:
    """The levers moved away from their baseline value, as scenario overrides.

    Slider floats are rounded to 6 decimals so that 0.1 steps cannot land just outside a range.
    """
    out = {}
    for name, value in levers.items():
        if value is None:
            continue
        base = getattr(BASELINE, name)
        if isinstance(base, float):
            value = round(float(value), 6)
            if math.isclose(value, base, abs_tol=1e-9):
                continue
        elif isinstance(base, int):
            value = int(value)
            if value == base:
                continue
        elif value == base:
            continue
        out[name] = value
    return out


# ---------------------------------------------------------------------------------- colours
KIND_COLOURS = {
    "foundry": "#7f7f7f",
    "merchant": "#1f77b4",
    "start_up": "#ff7f0e",
    "in_house": "#2ca02c",
    "hyperscaler": "#9467bd",
    "frontier_lab": "#d62728",
    "open_lab": "#e377c2",
    "enterprise": "#8c564b",
}
KIND_LABELS = {
    "foundry": "foundry",
    "merchant": "merchant vendor",
    "start_up": "start-up",
    "in_house": "in-house chip",
    "hyperscaler": "hyperscaler",
    "frontier_lab": "frontier lab",
    "open_lab": "open-model lab",
    "enterprise": "enterprises",
}
EDGE_COLOURS = {"foundry": "#7f7f7f", "direct": "#1f77b4", "cloud": "#9467bd", "in_house": "#2ca02c"}
STATUS_COLOURS = {"shipped": "#3182bd", "in_progress": "#fdae6b", "failed": "#de2d26", "cancelled": "#bdbdbd"}
MERCHANT_COLOURS = {"incumbent": "#08306b", "challenger": "#e31a1c", "cpu_vendor": "#6baed6"}
# Shades per kind, so start-ups read as oranges and in-house chips as greens in every panel.
_SHADES = {
    "start_up": ["#fd8d3c", "#a63603", "#fdd0a2", "#e6550d", "#fdae6b", "#7f2704"],
    "in_house": ["#238b45", "#a1d99b", "#00441b", "#74c476", "#006d2c", "#c7e9c0", "#41ab5d"],
    "merchant": ["#9ecae1", "#4292c6", "#2171b5"],
}
DPI = 90


def _figure(size, **margins) -> Figure:
    """A figure with fixed margins: a layout engine would triple the time of each redraw."""
    fig = Figure(figsize=size, dpi=DPI)
    fig.subplots_adjust(**margins)
    return fig


def supplier_colours(model) -> dict[str, str]:
    """A colour per supplier, the same in every panel: merchant vendors fixed, start-ups in oranges and
    in-house chips in greens, handed out in order of creation so a supplier keeps its colour all run."""
    out, seen = {}, {}
    for d in sorted(model.designers + model.retired_designers, key=lambda d: d.unique_id):
        if d.name in MERCHANT_COLOURS:
            out[d.name] = MERCHANT_COLOURS[d.name]
            continue
        shades = _SHADES.get(d.kind, [KIND_COLOURS.get(d.kind, "#555555")])
        out[d.name] = shades[seen.get(d.kind, 0) % len(shades)]
        seen[d.kind] = seen.get(d.kind, 0) + 1
    return out


def short_name(name: str) -> str:
    """``in_house:hyperscaler_1`` -> ``hyperscaler_1 chip`` (labels stay short)."""
    return f"{name.split(':', 1)[1]} chip" if name.startswith("in_house:") else name


def _year(step) -> float:
    return START_YEAR + np.asarray(step, dtype=float) / 4.0


def _empty(ax, title: str) -> None:
    ax.set_title(title, fontsize=10)
    ax.text(
        0.5,
        0.5,
        "Press Step to run the first quarter",
        ha="center",
        va="center",
        transform=ax.transAxes,
        color="grey",
    )
    ax.set_xticks([])
    ax.set_yticks([])


def _year_axis(ax, last_year: float) -> None:
    """Whole years on the x axis, from 2020 to at least 2021 so the first quarters are not a sliver."""
    ax.set_xlim(START_YEAR, max(float(last_year), START_YEAR + 1.0))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _current_period(model) -> str:
    return model.metrics.get("period") or "before 2020Q1"


# ---------------------------------------------------------------------------------- (a) network
# Left to right: who makes chips, who designs them, who resells them, who runs them.
NETWORK_LAYERS = {"foundry": 0, "merchant": 1, "start_up": 1, "in_house": 1, "hyperscaler": 2}
_LAYER_ORDER = {
    "merchant": 0,
    "start_up": 1,
    "in_house": 2,
    "frontier_lab": 0,
    "open_lab": 1,
    "enterprise": 2,
}


def layered_layout(graph) -> dict[str, tuple[float, float]]:
    """Fixed positions: foundry -> vendors and in-house chips -> hyperscalers -> labs and enterprises.

    Within a layer nodes are sorted by kind then name and spread evenly top to bottom, so a node
    keeps its place from quarter to quarter unless a supplier enters or exits.
    """
    layers: dict[int, list[str]] = {}
    for node, kind in graph.nodes(data="kind"):
        layers.setdefault(NETWORK_LAYERS.get(kind, 3), []).append(node)
    pos = {}
    for x, nodes in layers.items():
        nodes.sort(key=lambda n: (_LAYER_ORDER.get(graph.nodes[n].get("kind"), 9), n))
        ys = np.linspace(1.0, 0.0, len(nodes) + 2)[1:-1]
        pos.update({n: (float(x), float(y)) for n, y in zip(nodes, ys, strict=False)})
    return pos


def draw_supplier_network(model, edge_weight: str = "spend") -> Figure:
    """The supplier graph this quarter: nodes coloured by kind, sized by flow; edges' width by ``edge_weight``.

    Edges without flow this quarter (kept until stale) are drawn thin and faint.
    """
    if edge_weight not in ("spend", "volume", "units"):
        raise ValueError(f"edge_weight must be 'spend', 'volume' or 'units', not {edge_weight!r}")
    g = model.network.graph
    pos = layered_layout(g)
    fig = _figure((6.4, 4.6), left=0.02, right=0.98, bottom=0.2, top=0.93)
    ax = fig.add_subplot()
    nodes = list(g.nodes)
    edges = list(g.edges(data=True))
    weights = np.array([float(d.get(edge_weight, 0.0)) for _, _, d in edges])
    top = weights.max() if len(weights) and weights.max() > 0 else 1.0
    segments, colours, widths = [], [], []
    for (s, t, d), w in zip(edges, weights, strict=False):
        segments.append([pos[s], pos[t]])
        rgba = list(to_rgba(EDGE_COLOURS.get(d.get("kind"), "#999999")))
        rgba[3] = 0.55 if w > 0 else 0.15
        colours.append(rgba)
        widths.append(0.4 + 6.0 * math.sqrt(w / top))
    lines = LineCollection(segments, colors=colours, linewidths=widths, zorder=1)
    lines.set_gid("supplier-edges")
    ax.add_collection(lines)

    # Node size: spend flowing through the node this quarter (in or out, whichever is larger).
    through = {
        n: max(
            sum(d.get("spend", 0.0) for *_, d in g.in_edges(n, data=True)),
            sum(d.get("spend", 0.0) for *_, d in g.out_edges(n, data=True)),
        )
        for n in nodes
    }
    most = max(through.values(), default=0.0) or 1.0
    xy = np.array([pos[n] for n in nodes]).reshape(len(nodes), 2)
    kinds = [g.nodes[n].get("kind", "") for n in nodes]
    scatter = ax.scatter(
        xy[:, 0],
        xy[:, 1],
        s=[30 + 320 * math.sqrt(through[n] / most) for n in nodes],
        c=[KIND_COLOURS.get(k, "#555555") for k in kinds],
        edgecolors="white",
        linewidths=0.8,
        zorder=2,
    )
    scatter.set_gid("supplier-nodes")
    for n, (x, y) in zip(nodes, xy, strict=False):
        ax.annotate(
            short_name(n),
            (x, y),
            xytext=(6, 0),
            textcoords="offset points",
            fontsize=6.5,
            va="center",
            zorder=3,
            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.6},
        )
    ax.set_xlim(-0.25, 3.75)
    ax.set_ylim(-0.02, 1.02)
    ax.set_xticks(
        [0, 1, 2, 3], ["foundry", "vendors &\nin-house", "hyperscalers", "labs &\nenterprises"], fontsize=8
    )
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    present = [k for k in KIND_COLOURS if k in set(kinds)]
    handles = [
        Line2D([], [], marker="o", ls="", color=KIND_COLOURS[k], label=KIND_LABELS[k]) for k in present
    ]
    handles += [Line2D([], [], color=c, lw=2, label=f"{k} flow") for k, c in EDGE_COLOURS.items()]
    ax.legend(
        handles=handles, fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, frameon=False
    )
    ax.set_title(f"Supplier network, {_current_period(model)} (edge width: {edge_weight})", fontsize=10)
    return fig


# ---------------------------------------------------------------------------------- (b) shares
def revenue_shares(
    share_rows: list[dict], min_peak_share: float = 0.01
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Revenue share of accelerator spend by supplier (rows: year, columns: supplier), and each supplier's kind.

    Both segments are summed; in-house chips are suppliers in their own right (their "revenue" is
    what their owner spends on them). Suppliers whose share never reaches ``min_peak_share`` are
    summed into "others" so the legend stays readable.
    """
    if not share_rows:
        return pd.DataFrame(), {}
    df = pd.DataFrame(share_rows)
    kinds = dict(zip(df["supplier"], df["supplier_kind"], strict=False))
    revenue = df.groupby(["step", "supplier"])["revenue"].sum().unstack(fill_value=0.0)
    total = revenue.sum(axis=1)
    shares = revenue.div(total.where(total > 0), axis=0).fillna(0.0)
    small = [c for c in shares if shares[c].max() < min_peak_share]
    if small:
        shares["others"] = shares[small].sum(axis=1)
        shares = shares.drop(columns=small)
        kinds["others"] = "other"
    order = sorted(
        shares.columns,
        key=lambda c: (
            {"merchant": 0, "start_up": 1, "in_house": 2}.get(kinds[c], 3),
            list(MERCHANT_COLOURS).index(c) if c in MERCHANT_COLOURS else 9,
            c,
        ),
    )
    shares = shares[order]
    shares.index = _year(shares.index)
    shares.index.name = "year"
    return shares, {c: kinds[c] for c in order}


def draw_revenue_shares(model) -> Figure:
    fig = _figure((6.4, 4.2), left=0.1, right=0.74, bottom=0.12, top=0.92)
    ax = fig.add_subplot()
    title = "Revenue share by supplier (in-house chips as suppliers)"
    shares, kinds = revenue_shares(model.share_rows)
    if shares.empty:
        _empty(ax, title)
        return fig
    palette = supplier_colours(model)
    colours = [palette.get(c, "#d9d9d9") for c in shares]
    ax.stackplot(
        shares.index, shares.T.values, labels=[short_name(c) for c in shares], colors=colours, alpha=0.9
    )
    ax.set(ylim=(0, 1), ylabel="share of accelerator spend", xlabel="year")
    _year_axis(ax, shares.index.max())
    ax.set_title(title, fontsize=10)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(
        handles[::-1], labels[::-1], fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False
    )
    ax.grid(alpha=0.3)
    return fig


# ---------------------------------------------------------------------------------- (c) prices
def vendor_table(vendor_rows: list[dict]) -> pd.DataFrame:
    if not vendor_rows:
        return pd.DataFrame()
    df = pd.DataFrame(vendor_rows)
    df["year"] = _year(df["step"])
    return df


def draw_prices_and_margins(model) -> Figure:
    """List price per accelerator and gross margin of each merchant vendor and start-up.

    In-house chips are priced at cost plus the design partner's margin; one dashed line shows it.
    """
    fig = _figure((6.4, 4.2), left=0.1, right=0.98, bottom=0.3, top=0.92, wspace=0.25)
    ax_price, ax_margin = fig.subplots(1, 2)
    df = vendor_table(model.vendor_rows)
    if df.empty:
        _empty(ax_price, "List price")
        _empty(ax_margin, "Gross margin")
        return fig
    sellers = df[df["kind"] != "in_house"]
    palette = supplier_colours(model)
    for name, g in sellers.groupby("vendor", sort=False):
        colour = palette.get(name, "#555555")
        ax_price.plot(
            g["year"],
            g["list_price"] / 1e3,
            color=colour,
            label=name,
            lw=1.6 if name in MERCHANT_COLOURS else 1.0,
        )
        ax_margin.plot(
            g["year"],
            g["gross_margin"],
            color=colour,
            label=name,
            lw=1.6 if name in MERCHANT_COLOURS else 1.0,
        )
    in_house = df[df["kind"] == "in_house"].groupby("year")["list_price"].mean()
    if len(in_house):
        ax_price.plot(
            in_house.index,
            in_house.values / 1e3,
            "--",
            color=KIND_COLOURS["in_house"],
            label="in-house (cost + partner)",
        )
    ax_price.axhline(
        model.params.unit_cost_usd / 1e3, color="grey", lw=0.8, ls=":", label="foundry unit cost"
    )
    ax_price.set_title("List price per accelerator", fontsize=10)
    ax_price.set(ylabel="thousand USD", xlabel="year", ylim=(0, None))
    ax_margin.set_title("Gross margin", fontsize=10)
    ax_margin.set(
        ylim=(min(0.0, float(np.nanmin(sellers["gross_margin"])) - 0.05) if len(sellers) else 0.0, 1.0),
        xlabel="year",
    )
    for ax in (ax_price, ax_margin):
        ax.grid(alpha=0.3)
        _year_axis(ax, df["year"].max())
    handles, labels = ax_price.get_legend_handles_labels()
    fig.legend(
        handles, [short_name(x) for x in labels], fontsize=7, loc="lower center", ncol=4, frameon=False
    )
    return fig


# ---------------------------------------------------------------------------------- (d) pipeline
def pipeline_lanes(projects: pd.DataFrame) -> pd.Series:
    """Lane of each project within its designer's row, so overlapping projects do not hide each other.

    A designer starts a project every cadence quarters and each takes a whole design cycle, so
    several are under way at once; each goes to the first lane free at its start.
    """
    lane = pd.Series(0, index=projects.index, dtype=int)
    for _, group in projects.sort_values("start_step").groupby("designer", sort=False):
        lane_end: list[int] = []
        for i, start, ship in zip(group.index, group["start_step"], group["ship_step"], strict=False):
            free = next((k for k, end in enumerate(lane_end) if end <= start), len(lane_end))
            lane_end[free : free + 1] = [ship]
            lane[i] = free
    return lane


def draw_design_pipeline(model, history_quarters: int = 12) -> Figure:
    """Gantt chart of design projects: a bar per project from start to (planned) ship, coloured by status.

    Projects that ended more than ``history_quarters`` before 2020Q1 are left out.
    """
    fig = _figure((6.4, 4.6), left=0.2, right=0.98, bottom=0.18, top=0.93)
    ax = fig.add_subplot()
    projects = pd.DataFrame(model.projects_table())
    now = model.steps - 1  # the quarter last run (-1 before the first step)
    designers: list[str] = []
    if not projects.empty:
        projects = projects[projects["ship_step"] >= -history_quarters].copy()
        kind_rank = {"merchant": 0, "start_up": 1, "in_house": 2}
        first = projects.groupby("designer")["designer_kind"].first()
        designers = sorted(
            first.index,
            key=lambda d: (
                kind_rank.get(first[d], 3),
                list(MERCHANT_COLOURS).index(d) if d in MERCHANT_COLOURS else 9,
                d,
            ),
        )
        row = {d: i for i, d in enumerate(designers)}
        projects["lane"] = pipeline_lanes(projects)
        lanes = projects.groupby("designer")["lane"].transform("max") + 1
        height = 0.8 / lanes
        y = projects["designer"].map(row) - 0.4 + height * (projects["lane"] + 0.5)
        ax.barh(
            y,
            (projects["ship_step"] - projects["start_step"]) / 4.0,
            left=_year(projects["start_step"]),
            height=height * 0.9,
            color=[STATUS_COLOURS.get(s, "#555555") for s in projects["status"]],
        )
    ax.axvline(_year(max(now, 0)), color="black", lw=1, ls="--")
    ax.set_yticks(range(len(designers)), [short_name(d) for d in designers], fontsize=7)
    ax.set_ylim(len(designers) - 0.5, -0.5)
    ax.set_xlabel("year (bar: project start to ship; dashed line: now)")
    ax.set_title(f"Design pipeline, {_current_period(model)}", fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    handles = [Patch(color=c, label=s.replace("_", " ")) for s, c in STATUS_COLOURS.items()]
    fig.legend(handles=handles, fontsize=7, loc="lower center", ncol=4, frameon=False)
    return fig


# ---------------------------------------------------------------------------------- (e) metrics
HEADLINE_METRICS = {
    "incumbent_revenue_share": "incumbent revenue share",
    "in_house_compute_share": "in-house compute share",
    "inference_compute_share": "inference share of compute",
    "unmet_demand_share": "unmet demand share",
}


def draw_headline_metrics(model) -> Figure:
    """The headline shares over time, with HHI / 10,000 on the same 0-1 scale."""
    fig = _figure((6.4, 4.2), left=0.1, right=0.66, bottom=0.12, top=0.92)
    ax = fig.add_subplot()
    title = "Headline metrics"
    df = model.datacollector.get_model_vars_dataframe()
    if df.empty:
        _empty(ax, title)
        return fig
    year = df["year"].astype(float)
    for key, label in HEADLINE_METRICS.items():
        ax.plot(year, df[key].astype(float), label=label, lw=1.6)
    ax.plot(year, df["hhi"].astype(float) / 10_000, color="black", ls="--", label="HHI / 10,000 (revenue)")
    ax.set(ylim=(0, 1), xlabel="year", ylabel="share")
    _year_axis(ax, year.max())
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    ax.grid(alpha=0.3)
    return fig


def status_html(model) -> str:
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
            ("incumbent gross margin", f"{m['incumbent_gross_margin']:.0%}"),
            ("compute cost index (2020Q1 = 1)", f"{m['compute_cost_index']:.2f}"),
            (
                "active vendors / in-house programmes",
                f"{m['active_vendors']} / {m['active_in_house_programs']}",
            ),
        ]
    cell = 'style="padding:1px 12px 1px 0"'
    table = "".join(
        f"<tr><td {cell}>{escape(k)}</td><td {cell}><b>{escape(v)}</b></td></tr>" for k, v in rows
    )
    seed = getattr(model, "seed_value", None)
    overrides = getattr(model, "lever_overrides", {})
    levers = ", ".join(f"{k} = {getattr(p, k)}" + (" (set)" if k in overrides else "") for k in LEVERS)
    return "".join(
        [
            f'<h3 class="market-period">{escape(_current_period(model))} (quarter {model.steps} of {p.steps})</h3>',
            f"<table>{table}</table>"
            if rows
            else "<p>No quarter run yet: press <b>Step</b> or <b>&#9654;</b>.</p>",
            f"<p><b>Scenario:</b> {escape(p.name)}"
            + (f", seed {seed}" if seed is not None else "")
            + f". {escape(p.description)}</p>",
            f'<p style="font-size:85%"><b>Levers in effect</b> (a lever left at its baseline value keeps the scenario\'s): {escape(levers)}</p>',
        ]
    )


# ---------------------------------------------------------------------------------- offline assets
def solara_cdn_packages() -> list[str]:
    """The npm packages (``name@version``) that solara's page template and grid layout load from its CDN."""
    import solara.server.settings as settings

    root = Path(solara.__file__).parent
    sources = [*root.glob("server/templates/*.j2"), *root.glob("widgets/vue/*.vue")]
    text = "".join(p.read_text() for p in sources) + "cdn}}" + settings.assets.fontawesome_path
    # Only exact versions: a range (vega@5) belongs to components this page does not use.
    found = re.findall(r"(?:cdn\}\}|getCdn\(\)\})/(@?[\w.-]+(?:/[\w.-]+)?@\d+\.\d+\.\d+(?:-[\w.]+)?)/", text)
    return sorted(set(found))


def ensure_browser_assets(cache_dir: Path | None = None) -> list[str]:
    """Put solara's front-end packages into its asset cache from the npm registry, where missing.

    Solara's server fetches them from a CDN at the first page load; on a machine that reaches
    package registries but not that CDN the page stays blank. Returns the packages fetched;
    raises RuntimeError naming what to install when npm is missing.
    """
    import solara.server.settings as settings

    cache_dir = Path(cache_dir or settings.assets.proxy_cache_dir)
    missing = [pkg for pkg in solara_cdn_packages() if not (cache_dir / pkg / "package.json").is_file()]
    if not missing:
        return []
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            f"solara's browser assets {', '.join(missing)} are not in {cache_dir} and npm is missing: "
            "apt-get install npm (or let the page load them from the CDN)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in missing:
            out = subprocess.run(
                [npm, "pack", "--silent", "--pack-destination", tmp, pkg],
                capture_output=True,
                text=True,
                timeout=300,
            )
            if out.returncode != 0:
                raise RuntimeError(f"npm pack {pkg} failed: {out.stderr.strip()[-500:]}")
            target = cache_dir / pkg
            staging = Path(tmp) / "unpacked"
            with tarfile.open(Path(tmp) / out.stdout.strip().splitlines()[-1]) as tar:
                tar.extractall(staging, filter="data")
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staging / "package", target)  # npm tarballs hold their files under package/
            shutil.rmtree(staging)
    return missing


# ---------------------------------------------------------------------------------- page
TITLE = "market-sim: AI-accelerator market"

# The panels, two to a row: (a) network and status (e), (b) shares and (e) metrics, (c) prices and (d) pipeline.
PANEL_ROWS = (
    ("draw_supplier_network", "status"),
    ("draw_revenue_shares", "draw_headline_metrics"),
    ("draw_prices_and_margins", "draw_design_pipeline"),
)
DRAWINGS = {
    f.__name__: f
    for f in (
        draw_supplier_network,
        draw_revenue_shares,
        draw_headline_metrics,
        draw_prices_and_margins,
        draw_design_pipeline,
    )
}


@solara.component
def FigurePanel(draw_name: str, model, steps: int):
    """One drawing, redrawn only when the model or its step changes (``steps`` is that dependency)."""
    fig = solara.use_memo(lambda: DRAWINGS[draw_name](model), dependencies=[model, steps])
    return solara.FigureMatplotlib(fig, format="png", dependencies=[model, steps])


@solara.component
def MarketPanels(model):
    update_counter.get()  # SolaraViz bumps this after each Step or Play tick
    for row in PANEL_ROWS:
        with solara.Columns([1, 1]):
            for name in row:
                if name == "status":
                    with solara.Card("Market status"):
                        solara.HTML(tag="div", unsafe_innerHTML=status_html(model))
                else:
                    FigurePanel(name, model, model.steps)


@solara.component
def MarketPage():
    """Mesa's SolaraViz (app bar, controls, parameters) with the market's panels laid out below it.

    The panels are not passed as SolaraViz ``components``: those go into a draggable grid whose
    script (vue-grid-layout 2) fails under the Vue 3 front end of this solara, leaving the page empty.
    Each browser session gets its own model.
    """
    model = solara.use_reactive(solara.use_memo(BrowserMarketModel, dependencies=[]))
    SolaraViz(model, components=[], model_params=model_params, name=TITLE)
    MarketPanels(model.value)


page = MarketPage()
page  # noqa: B018 (solara run looks for `page`)

if __name__ == "__main__" and sys.argv[1:] == ["--assets"]:
    # `python -m market_sim.app --assets`: what `make ui` runs before the server.
    try:
        fetched = ensure_browser_assets()
    except RuntimeError as exc:
        sys.exit(f"market-sim ui: {exc}")
    print(
        f"solara assets fetched from the npm registry: {', '.join(fetched)}"
        if fetched
        else "solara assets: in place"
    )
