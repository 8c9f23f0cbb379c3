"""summary.png: a run's six-panel summary, drawn from its Parquet files (so notebooks can redraw it too)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure  # no pyplot: drawing never changes the caller's backend

from .figures import grouped_revenue_shares, plot_shares, plot_vendor_lines, with_year
from .palette import supplier_colours

SUMMARY_TABLES = ("model", "shares", "vendors", "projects")


def read_tables(run_dir: Path, names=SUMMARY_TABLES) -> dict[str, pd.DataFrame]:
    """Some of a run directory's tables, by name (``model`` reads ``model.parquet``)."""
    return {name: pd.read_parquet(Path(run_dir) / f"{name}.parquet") for name in names}


def draw_summary(tables: dict[str, pd.DataFrame], *, title: str) -> Figure:
    """The six panels of summary.png (see the README's "What `make run` wrote")."""
    model = with_year(tables["model"])
    vendors = with_year(tables["vendors"])
    colours = supplier_colours(tables)
    fig = Figure(figsize=(16, 8.5), layout="constrained")
    axes = fig.subplots(2, 3)

    ax = axes[0, 0]
    plot_shares(ax, grouped_revenue_shares(tables["shares"]), colours, legend_outside=False)
    ax.set_title("Revenue share by supplier")

    ax = axes[0, 1]
    ax.plot(model["year"], model["incumbent_compute_share"], label="incumbent (compute)")
    ax.plot(model["year"], model["in_house_compute_share"], label="in-house chips (compute)")
    ax.plot(model["year"], model["inference_compute_share"], "--", label="inference share of compute")
    ax.plot(
        model["year"],
        model["incumbent_inference_revenue_share"],
        ":",
        label="incumbent share of inference revenue",
    )
    ax.set(title="Compute shares", ylim=(0, 1))
    ax.legend(fontsize=8)

    ax = axes[0, 2]
    ax.plot(model["year"], model["hhi"], color="k")
    ax.axhspan(4000, 8500, color="grey", alpha=0.15, label="2023-24 target band (F9)")
    ax.set(title="Concentration (HHI, revenue)", ylim=(0, 10_000))
    ax.legend(fontsize=8)

    ax = axes[1, 0]
    plot_vendor_lines(ax, vendors[vendors["kind"] == "merchant"], "gross_margin", colours)
    ax.set(title="Gross margin (merchant vendors)", ylim=(0, 1))
    ax.legend(fontsize=8)

    ax = axes[1, 1]
    ax.semilogy(model["year"], model["compute_cost_index"], label="cost per effective unit (2020Q1 = 1)")
    ax.set(title="Compute cost index")
    ax.legend(fontsize=8)

    ax = axes[1, 2]
    ax.plot(model["year"], model["unmet_demand_share"], color="tab:red", label="unmet demand share")
    ax.set(title="Supply and stranded capital", ylabel="unmet share of requested compute", ylim=(0, 1))
    ax2 = ax.twinx()
    ax2.bar(
        model["year"],
        model["stranded_capital"] / 1e9,
        width=0.2,
        alpha=0.4,
        color="tab:grey",
        label="write-downs ($B)",
    )
    ax2.set_ylabel("stranded capital, $B per quarter")
    ax.legend(loc="upper left", fontsize=8)
    ax2.legend(loc="upper right", fontsize=8)

    for a in axes.flat:
        a.set_xlabel("year")
        a.grid(alpha=0.3)
    fig.suptitle(title, fontsize=13)
    return fig


def summary_figure(run_dir: Path) -> Path:
    """Draw ``run_dir/summary.png`` from the run's Parquet files; returns its path."""
    run_dir = Path(run_dir)
    fig = draw_summary(read_tables(run_dir), title=f"market-sim run: {run_dir.name}")
    path = run_dir / "summary.png"
    fig.savefig(path, dpi=110)
    return path
