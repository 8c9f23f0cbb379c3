"""What a run records: the per-quarter metrics (``model.parquet``, through Mesa's DataCollector) and
the rows of the other output tables, appended once per quarter from the quarter's book."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from mesa.datacollection import DataCollector

from ..calendar import period_label, year_of
from ..economics import pricing, workload
from ..kinds import SEGMENTS, Focus, Segment, SupplierKind
from .accounting import QuarterBook
from .table_rows import ledger_rows, product_rows, queue_columns

INCUMBENT = "incumbent"

# Per-step metrics: model.parquet columns and DataCollector reporters (the output contract).
MODEL_METRICS = (
    "step",
    "period",
    "year",
    "incumbent_revenue_share",
    "incumbent_compute_share",
    "incumbent_inference_revenue_share",
    "in_house_compute_share",
    "inference_compute_share",
    "hhi",
    "incumbent_gross_margin",
    "active_vendors",
    "active_in_house_programs",
    "compute_cost_index",
    "unmet_demand_share",
    "stranded_capital",
    "accelerator_revenue",
    # added columns
    "merchant_revenue",
    "in_house_spend",
    "effective_compute",
    "requested_compute",
    "foundry_capacity_units",
    "units_delivered",
    "frontier_inference_intensity",
    "portability",
    "incumbent_list_price",
    "incumbent_maturity",
    "maturity_frontier",  # the best software stack on the market, 2020's = 1 (M5)
    "startups_active",
    # compute in use (the installed base), which is what the sources of facts F7 and F8 count
    "installed_compute",
    "incumbent_installed_compute_share",
    "in_house_installed_compute_share",
    "inference_installed_compute_share",
    "in_house_program_cost",  # what owners paid their chip programmes: teams and NRE
    # supply that binds (M7): orders waiting for the foundry, and how long they wait
    "backlog_units",
    "lead_time_quarters",
)


def ratio(part: float, whole: float) -> float:
    """part / whole, 0 where there is no whole."""
    return part / whole if whole > 0 else 0.0


def _peak(d) -> float:
    return d.chip.peak if d.chip is not None else float("nan")


@dataclass
class Recorder:
    """The rows of a run's tables, as far as it has run."""

    metrics: dict = field(default_factory=dict)  # the last quarter's metrics
    shares: list[dict] = field(default_factory=list)
    vendors: list[dict] = field(default_factory=list)
    products: list[dict] = field(default_factory=list)
    edges: list[dict[str, list]] = field(default_factory=list)  # a quarter's edges, as columns
    flows: list[dict[str, np.ndarray]] = field(default_factory=list)  # a quarter's orders, as columns
    events: list[dict] = field(default_factory=list)
    ledger: list[dict] = field(default_factory=list)

    def event(self, step: int, kind: str, agent: str, value: float = 0.0, detail: str = "") -> None:  # noqa: PLR0917
        self.events.append(
            {
                "step": step,
                "period": period_label(step),
                "kind": str(kind),
                "agent": agent,
                "value": float(value),
                "detail": str(detail),
            }
        )

    def record_quarter(self, model, book: QuarterBook, chips) -> None:
        """Append the quarter's rows of shares, vendors, flows and edges, and set its metrics."""
        t, p = model.t, model.params
        period = period_label(t)
        kinds = {d.name: d.kind for d in model.designers}
        focus = {c.supplier: c.focus for c in chips}
        sales = book.sales
        installed = model.installed_base
        rev_total = {seg: sum(s.revenue[seg] for s in sales.values()) for seg in SEGMENTS}
        comp_total = {seg: sum(s.compute[seg] for s in sales.values()) for seg in SEGMENTS}
        in_use_total = {seg: installed.total(seg) for seg in SEGMENTS}  # the same for every supplier
        # What every row of a supplier, or of a segment, shares: computed once.
        kind_name = {name: str(kind) for name, kind in kinds.items()}
        merchant, blend = str(SupplierKind.MERCHANT), str(Focus.BLEND)
        nothing_in_use = dict.fromkeys(SEGMENTS, 0.0)
        segments = [(seg, str(seg), rev_total[seg], comp_total[seg], in_use_total[seg]) for seg in SEGMENTS]
        for supplier in sorted({c.supplier for c in chips} | set(sales)):
            s = sales.get(supplier)
            in_use = installed.compute.get(supplier, nothing_in_use)
            supplier_kind = kind_name.get(supplier, merchant)
            supplier_focus = str(focus[supplier]) if supplier in focus else blend
            for seg, segment, all_revenue, all_compute, all_in_use in segments:
                r = s.revenue[seg] if s else 0.0
                c = s.compute[seg] if s else 0.0
                self.shares.append(
                    {
                        "step": t,
                        "period": period,
                        "supplier": supplier,
                        "supplier_kind": supplier_kind,
                        "focus": supplier_focus,
                        "segment": segment,
                        "revenue_share": ratio(r, all_revenue),
                        "compute_share": ratio(c, all_compute),
                        "revenue": r,
                        "effective_compute": c,
                        "installed_compute": in_use[seg],
                        "installed_compute_share": ratio(in_use[seg], all_in_use),
                    }
                )
        all_rev = sum(rev_total.values())
        supplier_rev = {name: s.total_revenue for name, s in sales.items()}
        supplier_eff = {name: s.total_compute for name, s in sales.items()}
        for v in model.vendors:
            unit_cost, peak = v.unit_cost, _peak(v)
            self.vendors.append(
                {
                    "step": t,
                    "period": period,
                    "vendor": v.name,
                    "kind": str(v.kind),
                    "price": v.list_price / peak,
                    "list_price": v.list_price,
                    "unit_cost": unit_cost,
                    "gross_margin": vendor_margin(v),
                    "realized_price": v.revenue / v.units if v.units > 0 else float("nan"),
                    "revenue": v.revenue,
                    "units": v.units,
                    "cash": v.cash,
                    "markup": v.markup,
                    "maturity": v.maturity,
                    "revenue_share": v.revenue_share,
                    "peak": peak,
                    "planned_price": v.planned_price(),
                    **queue_columns(model.foundry, v.name),
                }
            )
        for prog in model.programs:
            spend = supplier_rev.get(prog.name, 0.0)
            # Its unit price and peak once: before its first chip, each is its generation's, worked out anew.
            unit_price, peak = prog.unit_price, _peak(prog)
            self.vendors.append(
                {
                    "step": t,
                    "period": period,
                    "vendor": prog.name,
                    "kind": str(SupplierKind.IN_HOUSE),
                    "price": unit_price / peak,
                    "list_price": unit_price,
                    "unit_cost": prog.unit_cost,
                    "gross_margin": float("nan"),
                    "realized_price": unit_price,
                    "revenue": spend,
                    "units": spend / unit_price,
                    "cash": float("nan"),
                    "markup": p.in_house_overhead,
                    "maturity": prog.maturity,
                    "revenue_share": ratio(spend, all_rev),
                    "peak": peak,
                    "program_cost": float(model.population.program_cost[prog.owner.row]),
                    "planned_price": unit_price,
                    **queue_columns(model.foundry, prog.name),
                }
            )
        self.products.extend(product_rows(model, book, chips, period))
        self.flows.append(book.flow_table)
        inc = next(v for v in model.vendors if v.name == INCUMBENT)
        in_house_eff = sum(e for s, e in supplier_eff.items() if kinds.get(s) == SupplierKind.IN_HOUSE)
        in_house_rev = sum(r for s, r in supplier_rev.items() if kinds.get(s) == SupplierKind.IN_HOUSE)
        shares = [r / all_rev for r in supplier_rev.values() if r > 0] if all_rev > 0 else []
        base = model.market_cost.base
        eff_total = book.compute
        self.metrics = {
            "step": t,
            "period": period,
            "year": year_of(t),
            "incumbent_revenue_share": ratio(supplier_rev.get(INCUMBENT, 0.0), all_rev),
            "incumbent_compute_share": ratio(supplier_eff.get(INCUMBENT, 0.0), eff_total),
            "incumbent_inference_revenue_share": ratio(
                sales[INCUMBENT].revenue["inference"] if INCUMBENT in sales else 0.0, rev_total["inference"]
            ),
            "in_house_compute_share": ratio(in_house_eff, eff_total),
            "inference_compute_share": ratio(book.inference_compute, eff_total),
            "hhi": float(sum((100 * s) ** 2 for s in shares)),
            "incumbent_gross_margin": vendor_margin(inc),
            "active_vendors": len(model.vendors),
            "active_in_house_programs": len(model.programs),
            "compute_cost_index": (book.hardware_spend / eff_total if eff_total > 0 else float("nan")) / base
            if base
            else float("nan"),
            "unmet_demand_share": max(0.0, 1.0 - eff_total / book.requested_compute)
            if book.requested_compute > 0
            else 0.0,
            "stranded_capital": book.stranded,
            "accelerator_revenue": all_rev,
            "merchant_revenue": all_rev - in_house_rev,
            "in_house_spend": in_house_rev,
            "effective_compute": eff_total,
            "requested_compute": book.requested_compute,
            "foundry_capacity_units": book.capacity,
            "units_delivered": book.units,
            "frontier_inference_intensity": float(model.conditions.frontier[workload.INFERENCE]),
            "portability": model.conditions.portability,
            "incumbent_list_price": inc.list_price,
            "incumbent_maturity": inc.maturity,
            "maturity_frontier": model.maturity_frontier,
            "startups_active": sum(1 for v in model.vendors if v.kind == SupplierKind.START_UP),
            **installed_metrics(installed, kinds),
            "in_house_program_cost": float(book.budgets.program.sum()),
            "backlog_units": model.foundry.backlog_units,
            "lead_time_quarters": model.foundry.lead_time,
        }
        self.edges.append(model.network.snapshot(t, period))
        self.ledger.extend(ledger_rows(model, book, period))


def vendor_margin(v) -> float:
    """A vendor's gross margin over all its products this quarter, (revenue - cost of goods) / revenue;
    its current generation's list margin in a quarter it sold nothing."""
    if v.units > 0 and v.revenue > 0:
        return (v.revenue - v.cogs) / v.revenue
    return pricing.gross_margin(v.list_price, v.unit_cost)


def installed_metrics(installed, kinds: dict) -> dict[str, float]:
    """Shares of compute in use: the incumbent's, in-house chips', and inference's."""
    total = installed.total()
    in_house = sum(installed.of(s) for s in installed.compute if kinds.get(s) == SupplierKind.IN_HOUSE)
    return {
        "installed_compute": total,
        "incumbent_installed_compute_share": ratio(installed.of(INCUMBENT), total),
        "in_house_installed_compute_share": ratio(in_house, total),
        "inference_installed_compute_share": ratio(installed.total(Segment.INFERENCE), total),
    }


def metric(key: str, model) -> float | str | None:
    """DataCollector reporter for one metric (used through functools.partial, so the model pickles)."""
    return model.recorder.metrics.get(key)


class MetricsCollector(DataCollector):
    """Mesa's DataCollector of the per-step metrics (its reporters are :func:`metric`), collecting the
    recorder's metrics of the quarter directly: what a reporter call and a deep copy per metric would
    store, as every metric is a number or a string (a deep copy of one is itself)."""

    def collect(self, model) -> None:
        if hasattr(self, "_collection_steps"):
            self._collection_steps.append(model.time)
        metrics = model.recorder.metrics
        for name, column in self.model_vars.items():
            column.append(metrics.get(name))
