"""M10 entry and exit: a start-up out of cash leaves (acquired if its chip still fits the frontier,
closed otherwise); new start-ups enter at a Poisson rate with lognormal funding."""

from __future__ import annotations

from ..calendar import period_label
from ..economics import design, finance, fit
from ..kinds import EventKind, ProjectStatus, SupplierKind
from .setup import add_startup


def entry_and_exit(model) -> None:
    p = model.params
    frontier = model.conditions.frontier
    for v in list(model.vendors):
        if v.kind != SupplierKind.START_UP:
            continue
        best_fit = 0.0
        if v.chip is not None:
            w = design.design_target(frontier, v.focus)
            best_fit = float(fit.fit_factor(w, v.chip.spec, v.chip.breadth, p.inference_dim_weight))
        outcome = finance.exit_kind(v.cash, best_fit, p.acquisition_fit_threshold)
        if outcome is None:
            continue
        detail, cash = f"fit {best_fit:.2f}", v.cash
        if outcome == EventKind.ACQUISITION:
            acquirer, price = acquire(model, v)
            detail += f"; acquired by {acquirer} for {price:,.0f} USD (its debts)"
        model.recorder.event(model.t, outcome, v.name, cash, detail)
        retire(model, v)
    for _ in range(finance.entries(p.startup_entry_rate, model.entry_rng)):
        model.entrants += 1
        funding = p.startup_funding_usd * model.entry_rng.lognormal(
            -(p.entrant_funding_sigma**2) / 2, p.entrant_funding_sigma
        )
        add_startup(model, f"entrant_{model.entrants}", funding)


def acquire(model, startup) -> tuple[str, float]:
    """The established vendor with the most cash buys a start-up whose chip still fits: it pays the
    start-up's debts (its negative cash), so its investors lose their funding and nobody else loses."""
    acquirer = max((v for v in model.vendors if v.kind == SupplierKind.MERCHANT), key=lambda v: v.cash)
    price = max(0.0, -startup.cash)
    before = acquirer.cash
    acquirer.cash -= price
    startup.cash += price
    model.recorder.ledger.append(
        {"step": model.t, "period": period_label(model.t), "agent": acquirer.name, "kind": "acquisition",
         "acquisitions": price, "cash_before": before, "cash": acquirer.cash}
    )  # fmt: skip
    return acquirer.name, price


def retire(model, vendor) -> None:
    """A vendor leaves the market: its projects are cancelled and its node leaves the graph."""
    for project in vendor.projects:
        if project.status == ProjectStatus.IN_PROGRESS:
            project.status = ProjectStatus.CANCELLED
    vendor.active = False
    model.retired_designers.append(vendor)
    model.network.remove_node(vendor.name)
    model.installed_base.remove(vendor.name)
    vendor.remove()
