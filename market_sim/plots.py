"""The summary figure of a run, drawn from its Parquet files (so notebooks can redraw it too)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure  # no pyplot: drawing never changes the caller's backend

SUPPLIER_GROUPS = {"merchant": None, "start_up": "start-ups", "in_house": "in-house chips"}


def grouped_revenue_shares(shares: pd.DataFrame) -> pd.DataFrame:
    """Revenue share by step for each merchant vendor, with start-ups and in-house chips grouped."""
    df = shares.copy()
    df["group"] = [
        s if k == "merchant" else SUPPLIER_GROUPS[k]
        for s, k in zip(df["supplier"], df["supplier_kind"], strict=False)
    ]
    revenue = df.groupby(["year", "group"])["revenue"].sum().unstack(fill_value=0.0)
    return revenue.div(revenue.sum(axis=1).where(lambda s: s > 0), axis=0).fillna(0.0)


def summary_figure(run_dir: Path) -> Path:
    run_dir = Path(run_dir)
    model = pd.read_parquet(run_dir / "model.parquet")
    shares = pd.read_parquet(run_dir / "shares.parquet")
    vendors = pd.read_parquet(run_dir / "vendors.parquet")
    shares["year"] = 2020 + shares["step"] / 4.0
    vendors["year"] = 2020 + vendors["step"] / 4.0

    fig = Figure(figsize=(16, 8.5), layout="constrained")
    axes = fig.subplots(2, 3)
    ax = axes[0, 0]
    grouped = grouped_revenue_shares(shares)
    order = [
        c for c in ["incumbent", "challenger", "cpu_vendor", "start-ups", "in-house chips"] if c in grouped
    ] + [
        c
        for c in grouped
        if c not in ("incumbent", "challenger", "cpu_vendor", "start-ups", "in-house chips")
    ]
    ax.stackplot(grouped.index, [grouped[c] for c in order], labels=order, alpha=0.85)
    ax.set(title="Revenue share by supplier", ylabel="share of accelerator spend", ylim=(0, 1))
    ax.legend(loc="lower left", fontsize=8)

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
    for name, g in vendors[vendors["kind"] == "merchant"].groupby("vendor"):
        ax.plot(g["year"], g["gross_margin"], label=name)
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
    name = run_dir.name
    fig.suptitle(f"market-sim run: {name}", fontsize=13)
    path = run_dir / "summary.png"
    fig.savefig(path, dpi=110)
    return path
