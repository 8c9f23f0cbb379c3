"""Figures drawn from a run's output tables (dicts of DataFrames, ``outputs.TABLE_COLUMNS``).

Shared by summary.png, the browser UI and the notebooks. Every function returns (or draws on) a
matplotlib ``Figure`` built without pyplot, so drawing never changes the caller's backend. The browser
page keeps one figure per panel and redraws it in place each quarter (``live.py``: the ``*Panel``
classes, passed as ``panel=``). A table with no row yet gives a placeholder.
"""

from .common import current_period, growing_year_axis, last_step, new_figure, with_year, year_axis, year_of
from .live import LivePanel
from .metrics import HEADLINE_METRICS, MetricsPanel, draw_headline_metrics
from .network import NetworkPanel, draw_supplier_network, graph_from_edges, layered_layout
from .pipeline import PipelinePanel, designer_order, draw_design_pipeline, pipeline_lanes
from .shares import (
    BASES,
    SEGMENT_VIEWS,
    SharePanel,
    draw_compute_shares,
    draw_revenue_shares,
    grouped_revenue_shares,
    plot_shares,
    revenue_shares,
    supplier_shares,
)
from .vendors import PricesPanel, draw_prices_and_margins, plot_vendor_lines

__all__ = [
    "BASES",
    "HEADLINE_METRICS",
    "SEGMENT_VIEWS",
    "LivePanel",
    "MetricsPanel",
    "NetworkPanel",
    "PipelinePanel",
    "PricesPanel",
    "SharePanel",
    "draw_compute_shares",
    "current_period",
    "designer_order",
    "draw_design_pipeline",
    "draw_headline_metrics",
    "draw_prices_and_margins",
    "draw_revenue_shares",
    "draw_supplier_network",
    "graph_from_edges",
    "growing_year_axis",
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
