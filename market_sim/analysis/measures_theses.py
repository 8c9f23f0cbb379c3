"""Measures that the later theses of the essays read (issue 8): what the incumbent charges hyperscalers,
where frontier labs get their compute, and how challengers fare: their compute share, cash and exits.

Each is a small pure function over a sweep's tables (or one run's, tagged with ``run_id``), as in
:mod:`.measures`, which registers them. The supplier graph (edges.parquet) is kept by the theses sweep
for the first two; it is a tenth of the size of flows.parquet.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..kinds import BuyerKind, EdgeKind, EventKind, SupplierKind
from .measure_base import INCUMBENT, Measure, Tables, Years, in_years

CHALLENGER_KINDS = (str(SupplierKind.MERCHANT), str(SupplierKind.START_UP))  # everyone but the incumbent
EXIT_KINDS = (str(EventKind.EXIT), str(EventKind.ACQUISITION))  # a start-up out of cash, closed or bought


def incumbent_price_to(buyer_kind: str) -> Callable[[Tables, Years], pd.Series]:
    """The incumbent's realised price per unit to buyers of ``buyer_kind`` over the window: what they
    paid it on their direct edges over the units they got (generations mixed as sold)."""

    def measure(t: Tables, years: Years) -> pd.Series:
        e = in_years(t["edges"], *years)
        sold = e[
            (e["kind"] == str(EdgeKind.DIRECT))
            & (e["source"] == INCUMBENT)
            & e["target"].str.startswith(f"{buyer_kind}_")
        ]
        sums = sold.groupby("run_id")[["spend", "units"]].sum()
        return (sums["spend"] / sums["units"]).rename(None)

    return measure


def frontier_lab_merchant_share(t: Tables, years: Years) -> pd.Series:
    """Merchants' share of the compute frontier labs procure themselves over the window: bought directly
    (from merchants or start-ups) or made by their own chip programmes. The compute they rent from
    hyperscalers is left out: its edges do not say whose chips it ran on (flows.parquet does)."""
    e = in_years(t["edges"], *years)
    own = e[
        e["target"].str.startswith(f"{BuyerKind.FRONTIER_LAB}_")
        & e["kind"].isin([str(EdgeKind.DIRECT), str(EdgeKind.IN_HOUSE)])
    ]
    kinds = t["vendors"][["run_id", "vendor", "kind"]].drop_duplicates(["run_id", "vendor"])
    kinds = kinds.rename(columns={"vendor": "source", "kind": "supplier_kind"})
    own = own.merge(kinds, on=["run_id", "source"], how="left")
    total = own.groupby("run_id")["volume"].sum()
    merchant = own[own["supplier_kind"] == str(SupplierKind.MERCHANT)].groupby("run_id")["volume"].sum()
    return (merchant.reindex(total.index, fill_value=0.0) / total).rename(None)


def challenger_compute_share(t: Tables, years: Years) -> pd.Series:
    """Share of all effective compute delivered in the window by the incumbent's merchant challengers
    and the start-ups."""
    s = in_years(t["shares"], *years)
    total = s.groupby("run_id")["effective_compute"].sum()
    rivals = s[s["supplier_kind"].isin(CHALLENGER_KINDS) & (s["supplier"] != INCUMBENT)]
    part = rivals.groupby("run_id")["effective_compute"].sum()
    return (part.reindex(total.index, fill_value=0.0) / total).rename(None)


def challenger_cash(t: Tables, years: Years) -> pd.Series:
    """The cash the incumbent's merchant challengers and the start-ups hold together, mean over the
    window's quarters (a start-up that has left holds none)."""
    v = in_years(t["vendors"], *years)
    rivals = v[v["kind"].isin(CHALLENGER_KINDS) & (v["vendor"] != INCUMBENT)]
    return rivals.groupby(["run_id", "step"])["cash"].sum().groupby("run_id").mean().rename(None)


def startup_exits(t: Tables, years: Years) -> pd.Series:
    """Start-ups that ran out of cash in the window, closed or acquired: 0 in a run that reached the
    window and saw none, no value for a run that ended before it."""
    e = in_years(t["events"], *years)
    exits = e[e["kind"].isin(EXIT_KINDS)].groupby("run_id").size()
    runs = pd.Index(in_years(t["model"], *years)["run_id"].unique(), name="run_id")
    return exits.reindex(runs, fill_value=0).astype(float).rename(None)


THESIS_MEASURES = (
    Measure(
        "incumbent_hyperscaler_price",
        "incumbent's realised price per unit to hyperscalers, USD",
        ("edges",),
        incumbent_price_to(str(BuyerKind.HYPERSCALER)),
    ),
    Measure(
        "frontier_lab_merchant_share",
        "merchants' share of the compute frontier labs buy directly or make (cloud left out)",
        ("edges", "vendors"),
        frontier_lab_merchant_share,
    ),
    Measure(
        "challenger_compute_share",
        "share of all compute from the incumbent's merchant challengers and start-ups",
        ("shares",),
        challenger_compute_share,
    ),
    Measure(
        "challenger_cash",
        "cash of the incumbent's merchant challengers and start-ups together, USD",
        ("vendors",),
        challenger_cash,
    ),
    Measure(
        "startup_exits", "start-ups out of cash (closed or acquired)", ("events", "model"), startup_exits
    ),
)
