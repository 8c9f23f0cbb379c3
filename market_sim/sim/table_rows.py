"""Rows of the tables beside the model's metrics: products.parquet, ledger.parquet, the foundry's queue
columns of vendors.parquet (per quarter), and projects.parquet (at the end of a run)."""

from __future__ import annotations

import numpy as np

from ..economics.workload import DIMENSION_NAMES
from ..kinds import SupplierKind
from .accounting import QuarterBook


def product_rows(model, book: QuarterBook, chips, period: str) -> list[dict]:
    """One row per product on the market: its generation's list and realised price, unit cost, units."""
    by_name = {d.name: d for d in model.designers}
    rows = []
    for chip in chips:
        designer = by_name[chip.supplier]
        sales = book.sales.get(chip.supplier)
        units = sales.units_by_chip.get(chip.chip_id, 0.0) if sales else 0.0
        revenue = sales.revenue_by_chip.get(chip.chip_id, 0.0) if sales else 0.0
        in_house = chip.supplier_kind == SupplierKind.IN_HOUSE
        rows.append(
            {"step": model.t, "period": period, "vendor": chip.supplier, "kind": str(chip.supplier_kind),
             "generation": chip.chip_id, "ship_step": chip.ship_step,
             "list_price": designer.unit_price if in_house else designer.price_of(chip),
             "realized_price": revenue / units if units > 0 else float("nan"),
             "unit_cost": chip.unit_cost, "units": units, "revenue": revenue, "peak": chip.peak}
        )  # fmt: skip
    return rows


def ledger_rows(model, book: QuarterBook, period: str) -> list[dict]:
    """Where the quarter's money went: each customer's budget (the enterprises together) and each
    vendor's cash flow."""
    pop, accounts = model.population, book.budgets
    first = pop.customer_first_row
    sums = {
        column: np.add.reduceat(values, first)
        for column, values in (
            ("budget", accounts.budget),
            ("program_cost", accounts.program),
            ("chip_spend", accounts.chips),
            ("operating_cost", accounts.operating),
            ("unspent", accounts.unspent),
            ("cloud_revenue", accounts.cloud_revenue),
            ("carried_in", accounts.carried_in),
            ("carried", accounts.carried),
        )
    }
    rows = [
        {"step": model.t, "period": period, "agent": name, "kind": str(pop.kind[first[c]]),
         **{column: float(values[c]) for column, values in sums.items()}}
        for c, name in enumerate(pop.customers)
    ]  # fmt: skip
    rows += [{"step": model.t, "period": period, **flow} for flow in book.cash_flows]
    return rows


def queue_columns(foundry, vendor: str) -> dict[str, float]:
    """A vendor's chips waiting for the foundry, their lead time, and the chips it booked for the quarter
    (M7; NaN where it has no booking of its own: an in-house programme books through its design
    partner, a vendor in its first year has none)."""
    queue = foundry.queues.get(vendor)
    return {
        "backlog_units": queue.backlog if queue is not None else 0.0,
        "lead_time_quarters": foundry.lead_time_of(vendor),
        "booked_units": foundry.booked_now.get(vendor, float("nan")),
    }


def project_row(pr) -> dict:
    """One row of projects.parquet."""
    row = {
        "project_id": pr.project_id,
        "designer": pr.designer,
        "designer_kind": str(pr.designer_kind),
        "start_step": pr.start_step,
        "ship_step": pr.ship_step,
        "cycle_quarters": pr.cycle_quarters,
        "breadth": pr.breadth,
        "focus": str(pr.focus),
        "is_first_chip": pr.is_first_chip,
        "nre": pr.nre,
        "forecast_source": pr.forecast_source,
        "status": str(pr.status),
        "forecast_error": pr.forecast_error,
        "peak": pr.peak,
        "respin_quarters": pr.respin_quarters,
    }
    return row | {f"spec_{name}": float(value) for name, value in zip(DIMENSION_NAMES, pr.spec, strict=False)}
