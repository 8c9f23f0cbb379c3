"""One registry of the measures that facts, thesis verdicts, sensitivity and calibration read from runs.

A :class:`Measure` takes output tables holding one or many runs (each row tagged with its
``run_id``, as a sweep's tables are) and a window of calendar years, and returns one
value per run: a Series indexed by ``run_id``. Step 0 is 2020Q1, so a step's calendar year is
``2020 + step // 4``. The shared pieces (:class:`Measure`, :func:`in_years`) live in :mod:`.measure_base`;
the measures of the later theses (prices to hyperscalers, frontier labs' sourcing, challengers' share,
cash and exits) in :mod:`.measures_theses`.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from ..calendar import calendar_year
from .measure_base import GPU_CHALLENGER, INCUMBENT, Measure, Tables, Years, in_years
from .measures_theses import THESIS_MEASURES

__all__ = ["GPU_CHALLENGER", "INCUMBENT", "MEASURES", "Measure", "Tables", "Years", "in_years"]


# -- building blocks ----------------------------------------------------------------------------
def model_mean(column: str) -> Callable[[Tables, Years], pd.Series]:
    """Mean over the window's quarters of a column of model.parquet."""

    def measure(t: Tables, years: Years) -> pd.Series:
        return in_years(t["model"], *years).groupby("run_id")[column].mean()

    return measure


def compute_share_where(column: str, value: str) -> Callable[[Tables, Years], pd.Series]:
    """Share of all effective compute delivered in the window by suppliers with ``column == value``."""

    def measure(t: Tables, years: Years) -> pd.Series:
        s = in_years(t["shares"], *years)
        total = s.groupby("run_id")["effective_compute"].sum()
        part = s[s[column] == value].groupby("run_id")["effective_compute"].sum()
        return (part.reindex(total.index, fill_value=0.0) / total).rename(None)

    return measure


def stranded_per_revenue(t: Tables, years: Years) -> pd.Series:
    """Capital written down per dollar of accelerator revenue over the window."""
    m = in_years(t["model"], *years).groupby("run_id")[["stranded_capital", "accelerator_revenue"]].sum()
    return m["stranded_capital"] / m["accelerator_revenue"]


def merchant_forecast_error(t: Tables, years: Years) -> pd.Series:
    """Mean forecast error of the merchant chips that shipped in the window."""
    p = t["projects"]
    ship_year = calendar_year(p["ship_step"])
    shipped = p[
        (p["designer_kind"] == "merchant")
        & (p["status"] == "shipped")
        & (ship_year >= years[0])
        & (ship_year <= years[1])
    ]
    return shipped.groupby("run_id")["forecast_error"].mean()


def revenue_growth(t: Tables, years: Years) -> pd.Series:
    """Accelerator revenue in the window's last year over that in its first year."""
    model = t["model"]
    last = in_years(model, years[1], years[1]).groupby("run_id")["accelerator_revenue"].sum()
    first = in_years(model, years[0], years[0]).groupby("run_id")["accelerator_revenue"].sum()
    return last / first


def mean_change(column: str) -> Callable[[Tables, Years], pd.Series]:
    """Mean of a model.parquet column over the window's last year over its mean over the first year."""

    def measure(t: Tables, years: Years) -> pd.Series:
        model = t["model"]
        last = in_years(model, years[1], years[1]).groupby("run_id")[column].mean()
        first = in_years(model, years[0], years[0]).groupby("run_id")[column].mean()
        return last / first

    return measure


def gpu_challenger_gap(column: str, *, ratio: bool) -> Callable[[Tables, Years], pd.Series]:
    """The incumbent's mean ``column`` over the window against the GPU challenger's (the AMD-like
    vendor): their ratio if ``ratio``, else their difference."""

    def measure(t: Tables, years: Years) -> pd.Series:
        incumbent = vendor_mean(t, years, column, INCUMBENT)
        challenger = vendor_mean(t, years, column, GPU_CHALLENGER)
        return incumbent / challenger if ratio else incumbent - challenger

    return measure


def largest_challenger(t: Tables, year: int) -> pd.Series:
    """Per run, the merchant vendor other than the incumbent with the most revenue in ``year``.

    Ties go to the vendor whose name sorts first.
    """
    v = in_years(t["vendors"], year, year)
    v = v[(v["kind"] == "merchant") & (v["vendor"] != INCUMBENT)]
    revenue = v.groupby(["run_id", "vendor"])["revenue"].sum()
    best = revenue.groupby(level="run_id").idxmax()
    return best.map(lambda key: key[1])


def vendor_mean(t: Tables, years: Years, column: str, vendor: str | pd.Series) -> pd.Series:
    """Mean over the window of a vendor's column: one vendor by name, or a vendor per run (a Series)."""
    v = in_years(t["vendors"], *years)
    chosen = v["vendor"] == (vendor if isinstance(vendor, str) else v["run_id"].map(vendor))
    return v[chosen].groupby("run_id")[column].mean()


def challenger_gap(column: str, *, ratio: bool) -> Callable[[Tables, Years], pd.Series]:
    """The incumbent's mean ``column`` over the window against the largest challenger's (by revenue in
    the window's last year): their ratio if ``ratio``, else their difference."""

    def measure(t: Tables, years: Years) -> pd.Series:
        incumbent = vendor_mean(t, years, column, INCUMBENT)
        challenger = vendor_mean(t, years, column, largest_challenger(t, years[1]))
        return incumbent / challenger if ratio else incumbent - challenger

    return measure


# -- the registry -------------------------------------------------------------------------------
def _model(name: str, description: str) -> Measure:
    """A measure that is the window's mean of the model.parquet column of the same name."""
    return Measure(name, description, ("model",), model_mean(name))


_ALL = (
    _model("inference_compute_share", "inference share of all compute"),
    Measure(
        "inference_chip_compute_share",
        "inference-specialised chips' share of all compute",
        ("shares",),
        compute_share_where("focus", "inference"),
    ),
    Measure(
        "start_up_compute_share",
        "start-ups' share of all compute",
        ("shares",),
        compute_share_where("supplier_kind", "start_up"),
    ),
    _model("in_house_compute_share", "in-house chips' share of compute"),
    _model("incumbent_revenue_share", "incumbent's share of accelerator revenue"),
    _model("incumbent_compute_share", "incumbent's share of compute"),
    _model("incumbent_inference_revenue_share", "incumbent's share of inference revenue"),
    _model("incumbent_gross_margin", "incumbent's gross margin"),
    _model("active_in_house_programs", "active in-house chip programmes"),
    _model("accelerator_revenue", "accelerator revenue per quarter, USD"),
    _model("effective_compute", "effective compute delivered per quarter"),
    _model("units_delivered", "accelerator units delivered per quarter"),
    _model("compute_cost_index", "cost per unit of effective compute (2020Q1 = 1)"),
    Measure(
        "stranded_capital_per_revenue",
        "write-downs per dollar of accelerator revenue",
        ("model",),
        stranded_per_revenue,
    ),
    Measure(
        "merchant_forecast_error",
        "forecast error of merchant chips shipped",
        ("projects",),
        merchant_forecast_error,
    ),
    _model("hhi", "HHI of accelerator revenue (0-10,000)"),
    Measure(
        "accelerator_revenue_growth",
        "accelerator revenue in the last year over the first",
        ("model",),
        revenue_growth,
    ),
    Measure(
        "challenger_margin_gap",
        "incumbent minus largest merchant challenger gross margin",
        ("vendors",),
        challenger_gap("gross_margin", ratio=False),
    ),
    Measure(
        "challenger_price_ratio",
        "incumbent / largest merchant challenger price per unit of peak compute",
        ("vendors",),
        challenger_gap("price", ratio=True),
    ),
)
_ALL += (
    Measure(
        "gpu_challenger_margin_gap",
        "incumbent minus the GPU challenger's gross margin",
        ("vendors",),
        gpu_challenger_gap("gross_margin", ratio=False),
    ),
    Measure(
        "gpu_challenger_price_ratio",
        "incumbent / GPU challenger price per unit of peak compute",
        ("vendors",),
        gpu_challenger_gap("price", ratio=True),
    ),
    Measure(
        "compute_cost_change",
        "compute cost index in the last year over the first",
        ("model",),
        mean_change("compute_cost_index"),
    ),
    _model("inference_installed_compute_share", "inference share of compute in use (installed base)"),
    _model("in_house_installed_compute_share", "in-house chips' share of compute in use (installed base)"),
    _model("incumbent_installed_compute_share", "incumbent's share of compute in use (installed base)"),
    Measure(
        "merchant_compute_share",
        "merchants' (broad GPU and CPU-vendor chips') share of all compute",
        ("shares",),
        compute_share_where("supplier_kind", "merchant"),
    ),
    *THESIS_MEASURES,
)
MEASURES: dict[str, Measure] = {m.name: m for m in _ALL}


def tables_needed(names: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The output tables the named measures read, sorted."""
    return tuple(sorted({table for name in names for table in MEASURES[name].tables}))


def legacy_measures() -> dict[str, tuple[str, tuple[str, ...], Callable[[Tables, Years], pd.Series]]]:
    """The registry in the form ``theses.MEASURES`` had: name -> (description, tables, per-run function)."""
    return {name: (m.description, m.tables, m.per_run) for name, m in MEASURES.items()}
