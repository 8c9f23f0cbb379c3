"""Figures drawn from a run's output tables (dicts of DataFrames, ``outputs.TABLE_COLUMNS``).

Shared by summary.png, the browser UI and the notebooks. Every function returns (or draws on) a
matplotlib ``Figure`` built without pyplot, so drawing never changes the caller's backend and a
server keeps no figures alive between steps. A table with no row yet gives a placeholder.
"""

from .common import current_period, last_step, new_figure, with_year, year_axis, year_of
from .metrics import HEADLINE_METRICS, draw_headline_metrics
from .network import draw_supplier_network, graph_from_edges, layered_layout
from .pipeline import designer_order, draw_design_pipeline, pipeline_lanes
from .shares import (
    BASES,
    SEGMENT_VIEWS,
    draw_compute_shares,
    draw_revenue_shares,
    grouped_revenue_shares,
    plot_shares,
    revenue_shares,
    supplier_shares,
)
from .vendors import draw_prices_and_margins, plot_vendor_lines

__all__ = [
    "BASES",
    "HEADLINE_METRICS",
    "SEGMENT_VIEWS",
    "draw_compute_shares",
    "current_period",
    "designer_order",
    "draw_design_pipeline",
    "draw_headline_metrics",
    "draw_prices_and_margins",
    "draw_revenue_shares",
    "draw_supplier_network",
    "graph_from_edges",
    "grouped_revenue_shares",
    "last_step",
    "layered_layout",
    "new_figure",
    "pipeline_lanes",
    "plot_shares",
    "plot_vendor_lines",
    "revenue_shares",
    "supplier_shares",
    "with_year",
    "year_axis",
    "year_of",
]
