"""Permanent neutralisation tests: each mechanism switched off must fail its own causal check.

A causal check that still passes when its mechanism is a no-op measures something else (a side
effect, or the model's bookkeeping). So each test below runs the mechanism's check from its causal
module twice on the same few seeds and quarters: on the model as it is (the check must pass, which
shows these few seeds and quarters are enough to see the effect) and with the mechanism
monkeypatched to a no-op at the seam the model calls (the check must then fail).

The patches act only inside each test (pytest's ``monkeypatch``); neutralised arms are never cached.
"""

from types import SimpleNamespace

import numpy as np
import pytest
from conftest import SEEDS, ArmCache
from test_m1_workload import CALM, REASONING, check_m1_inference_chips, check_m1_inference_share
from test_m2_design_cycle import LONG, SHORT, check_m2_design_lag
from test_m3_information import SHARE, WITHHOLD, check_m3_forecast_error
from test_m4_fit import check_m4_specialisation
from test_m5_lock_in import (
    CLOSED,
    INSTALLED_ONLY,
    OPEN,
    check_m5_installed_base,
    check_m5_portability,
    check_m5_switching_cost,
)
from test_m6_pricing import (
    LOCKED,
    NO_PROGRAMME,
    PROGRAMME_2024,
    check_m6_defensive_pricing,
    check_m6_programme_leverage,
    defensive_runs,
)
from test_m6_pricing import OPEN as OPEN_MARKET
from test_m7_procurement import (
    CHEAP_CHALLENGER,
    DEAR_CHALLENGER,
    SCARCE,
    SHORT_SUPPLY,
    check_m7_capacity,
    check_m7_price_choice,
    check_m7_priority,
)
from test_m7_supply import (
    ALL_CANCELLED,
    FLAT_UNIT_COST,
    INSTANT_PARTS,
    LONG_LAG,
    NO_BOOM,
    NO_RUN_DOWN,
    NO_SCARCITY_PRICING,
    SHORT_LAG,
    check_m6_run_down,
    check_m7_backlog,
    check_m7_capacity_lag,
    check_m7_generation_cost,
    check_m7_qualification,
    check_m7_scarcity_pricing,
    check_m9_demand_boom,
)
from test_m8_make_or_buy import (
    DEAR_TEAMS,
    FIXED_PROGRAMMES,
    MARGINAL_LAUNCHES,
    MORE_INFERENCE,
    check_m8_inference_spend,
    check_m8_program_costs,
)
from test_m9_demand import (
    SLOW_GROWTH,
    check_m9_algorithmic_gains,
    check_m9_budget_growth,
    check_m9_process_curve,
)
from test_m10_entry_exit import (
    ALL_ACQUIRED,
    ALL_CLOSED,
    POOR,
    RICH,
    check_m10_acquisitions,
    check_m10_funding,
)

from market_sim.economics import (
    design,
    ecosystem,
    finance,
    fit,
    make_or_buy,
    pricing,
    procurement,
    supply,
    workload,
)
from market_sim.sim import entry, setup
from market_sim.sim.buyers import BuyerPopulation
from market_sim.sim.designers import ChipDesigner
from market_sim.sim.fleet import Fleet
from market_sim.sim.foundry import Foundry
from market_sim.sim.vendors import ChipVendor

pytestmark = pytest.mark.causal
FEW = (1, 2, 3)
# Shorter experiments than the causal tests' where the lever can act earlier: the scripted events move
# from 2024 to 2021, so that 12 quarters see them and their effect.
REASONING_2021 = REASONING | dict(reasoning_shift_year=2021.0)
PROGRAMME_2021 = PROGRAMME_2024 | dict(frontier_lab_program_year=2021.0)
# The defensive-pricing test's arms (switching cost 0.3 and 1.5) serve the switching-cost test too.


def caught(arms, monkeypatch, *, check, neutralise, steps: int, seeds=FEW) -> None:
    """``check(arm)`` (``arm(**overrides)`` gives the runs of one arm) passes on the model as it is and
    raises AssertionError once ``neutralise(monkeypatch)`` has switched the mechanism off."""
    check(lambda **overrides: arms(steps=steps, seeds=seeds, **overrides))
    neutralise(monkeypatch)
    fresh = ArmCache()
    with pytest.raises(AssertionError):
        check(lambda **overrides: fresh(steps=steps, seeds=seeds, **overrides))


# -- M1: the budget split follows the workload's inference share ----------------------------------------


def even_budget_split(mp):
    """Every buyer splits its budget half and half between training and inference, whatever its workload."""
    mp.setattr(BuyerPopulation, "inference_share", property(lambda self: np.full(self.n, 0.5)))


def test_m1_budget_split_ignoring_the_inference_share_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m1_inference_share(arm(**CALM), arm(**REASONING_2021), first=6, last=11),
        neutralise=even_budget_split,
        steps=12,
    )


def test_m1_inference_chips_with_a_budget_split_ignoring_the_inference_share_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m1_inference_chips(arm(**CALM), arm(**REASONING), first=16, last=23),
        neutralise=even_budget_split,
        steps=24,
    )


# -- M2: the chip that ships is the spec frozen D quarters before -----------------------------------------


def chips_built_to_the_workload_at_ship(mp):
    """No design lag: the chip that ships is built to the workload it meets, while the project keeps its
    frozen spec (and its forecast error) for the record only."""
    ship = ChipDesigner.ship_due_projects

    def no_lag(self):
        before = self.chip
        ship(self)
        if self.chip is not None and self.chip is not before:
            self.chip.spec = design.design_target(self.target_workload_at_ship(), self.focus)

    mp.setattr(ChipDesigner, "ship_due_projects", no_lag)


def test_m2_chips_built_without_the_design_lag_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m2_design_lag(
            arm(observe_chips=True, **LONG), arm(observe_chips=True, **SHORT), first=12, last=23
        ),
        neutralise=chips_built_to_the_workload_at_ship,
        steps=24,
    )


# -- M3: a shared roadmap shows the workload at ship time; labs may withhold it ------------------------


def roadmaps_show_today(mp):
    """A lab that shares its roadmap reveals its workload today, not at ship time."""
    forecast = ChipVendor.forecast_workload

    def todays_roadmap(self):
        pop, now = self.model.population, self.model.t
        real = pop.workload_of
        pop.workload_of = lambda name, step: real(name, now)
        try:
            return forecast(self)
        finally:
            del pop.workload_of

    mp.setattr(ChipVendor, "forecast_workload", todays_roadmap)


def no_lab_shares(mp):
    """Roadmap sharing switched off: no customer is treated as a lab that can share one."""
    mp.setattr(BuyerPopulation, "is_lab", lambda self, name: False)


def test_m3_roadmap_showing_today_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m3_forecast_error(arm(**SHARE), arm(**WITHHOLD)),
        neutralise=roadmaps_show_today,
        steps=24,
    )


def test_m3_roadmap_withholding_switched_off_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m3_forecast_error(arm(**SHARE), arm(**WITHHOLD)),
        neutralise=no_lab_shares,
        steps=24,
    )


# -- M4: fit to the workload ------------------------------------------------------------------------


def every_chip_fits_every_workload(mp):
    """Distance in workload space counts for nothing: a chip's effective performance is its peak."""
    mp.setattr(fit, "dim_weights", lambda inference_weight: np.zeros(workload.N_DIMS))


def test_m4_fit_switched_off_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m4_specialisation(
            arm(in_house_breadth=0.4), arm(in_house_breadth=0.15), first=16, last=39
        ),
        neutralise=every_chip_fits_every_workload,
        # In-house chips of the new breadth ship from 2023; until 2027 owners run nearly all their
        # inference on them whatever their breadth (model version 12), so the window runs to 2029.
        steps=40,
        seeds=(1, 2, 3, 4, 5, 6),  # the in-house share of inference varies widely between seeds
    )


# -- M5: switching cost, portability, the installed-base cycle ----------------------------------------


def no_switching_cost(mp):
    cost = ecosystem.switching_cost
    mp.setattr(ecosystem, "switching_cost", lambda *a, **k: 0.0 * np.asarray(cost(*a, **k)))


def test_m5_switching_cost_switched_off_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m5_switching_cost(arm(**OPEN_MARKET), arm(**LOCKED), last=19),
        neutralise=no_switching_cost,
        steps=20,
    )


def test_m5_portability_switched_off_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m5_portability(arm(**CLOSED), arm(**OPEN), first=8, last=31),
        neutralise=lambda mp: mp.setattr(ecosystem, "portability", lambda *a, **k: 0.0),
        steps=32,
        seeds=(1, 2, 3, 4, 5, 6),
    )


def maturity_ignores_installed_base(mp):
    """Maturity moves with software investment and decay only: the installed-base share counts for 0."""
    step = ecosystem.next_stack_level

    def without_installed_base(level, installed_share, investment_share, **kw):
        return step(level, 0.0 * np.asarray(installed_share), investment_share, **kw)

    mp.setattr(ecosystem, "next_stack_level", without_installed_base)


def test_m5_maturity_ignoring_the_installed_base_is_caught(arms, monkeypatch):
    """The installed-base channel alone: software investment (revenue share) is off in both runs."""
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m5_installed_base(
            arm(challenger_markup=0.9, **INSTALLED_ONLY), arm(challenger_markup=0.2, **INSTALLED_ONLY)
        ),
        neutralise=maturity_ignores_installed_base,
        steps=24,
    )


# -- M6: the programme as an outside option; defensive pricing --------------------------------------------


def programme_is_no_outside_option(mp):
    mp.setattr(pricing, "expected_price_with_programme", lambda with_programme, without, q: without)


def test_m6_programme_ignored_in_bargaining_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m6_programme_leverage(
            arm(**NO_PROGRAMME), arm(**PROGRAMME_2021), first=5, last=11
        ),
        neutralise=programme_is_no_outside_option,
        steps=12,
    )


def defensive_is_cost_plus(mp):
    mp.setattr(pricing, "defensive_markup", lambda share, peak, target, cut, floor: target)


def test_m6_defensive_pricing_switched_off_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m6_defensive_pricing(defensive_runs(arm), first=8, last=39),
        neutralise=defensive_is_cost_plus,
        steps=40,
        seeds=SEEDS,  # the share lever's effect varies by seed: three are too few to see it
    )


# -- M7: choice by cost, capacity, priority rationing -------------------------------------------------


def price_blind_choice(mp):
    """Buyers split evenly over what is available, whatever it costs (the logit at beta 0)."""
    logit = procurement.logit_shares
    mp.setattr(procurement, "logit_shares", lambda costs, beta: logit(costs, 0.0))


def test_m7_price_blind_choice_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_price_choice(
            arm(**CHEAP_CHALLENGER), arm(**DEAR_CHALLENGER), first=4, last=19
        ),
        neutralise=price_blind_choice,
        steps=20,
    )


def test_m7_unlimited_capacity_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_capacity(arm(), arm(rationing_rule="pro_rata", **SCARCE), last=11),
        neutralise=lambda mp: mp.setattr(Foundry, "capacity", lambda self, step: np.inf),
        steps=12,
    )


# -- M7 supply: capacity planned behind demand, the backlog, scarcity pricing; M9 the demand boom --------


def capacity_ignoring_demand(mp):
    """The foundry's capacity grows at its largest rate whatever it sees ordered: no plan to lag."""
    mp.setattr(supply, "next_capacity", lambda current, target, g: current * (1.0 + g) ** 0.25)


def test_m7_capacity_planning_switched_off_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_capacity_lag(arm(**SHORT_LAG), arm(**LONG_LAG), first=12, last=19),
        neutralise=capacity_ignoring_demand,
        steps=20,
    )


def test_m7_scarcity_pricing_switched_off_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_scarcity_pricing(arm(**NO_SCARCITY_PRICING), arm(), first=12, last=15),
        neutralise=lambda mp: mp.setattr(supply, "scarcity_markup", lambda markup, lead, sigma: markup),
        steps=16,
    )


def orders_never_wait(mp):
    """Every unfilled order is cancelled: no money carried, no backlog, no lead time."""
    mp.setattr(supply, "carried_orders", lambda unfilled, share: (0.0 * unfilled, unfilled))
    mp.setattr(supply, "waiting_units", lambda unfilled, share: 0.0 * np.asarray(unfilled, dtype=float))


def test_m7_orders_that_never_wait_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        # 2020-22 are not short of supply in the baseline (model version 12): the window takes in 2023-24.
        check=lambda arm: check_m7_backlog(arm(**ALL_CANCELLED), arm(), last=19),
        neutralise=orders_never_wait,
        steps=20,
    )


def test_m7_unit_cost_flat_across_generations_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_generation_cost(arm(**FLAT_UNIT_COST), arm()),
        neutralise=lambda mp: mp.setattr(supply, "generation_unit_cost", lambda base, node, e: base),
        steps=20,
    )


def parts_qualified_at_once(mp):
    mp.setattr(procurement, "qualification_premium", lambda age, premium, quarters: 0.0 * np.asarray(age))


def test_m7_qualification_switched_off_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        # The launches of 2024-26 (as in the causal test's window).
        check=lambda arm: check_m7_qualification(arm(**INSTANT_PARTS), arm(), last=27),
        neutralise=parts_qualified_at_once,
        steps=28,
        seeds=tuple(range(1, 21)),  # as the causal test: fewer leave the effect under three standard errors
    )


def old_parts_withdrawn_at_launch(mp):
    mp.setattr(ChipDesigner, "products", property(lambda d: [d.chip] if d.chip is not None else []))


def test_m6_run_down_of_the_previous_generation_switched_off_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m6_run_down(arm(**NO_RUN_DOWN), arm()),
        neutralise=old_parts_withdrawn_at_launch,
        steps=16,
    )


def budgets_without_a_boom(mp):
    growth = finance.budget_growth
    mp.setattr(finance, "budget_growth", lambda g, years, halflife, boom=None: growth(g, years, halflife))


def test_m9_demand_boom_switched_off_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m9_demand_boom(arm(**NO_BOOM), arm()),
        neutralise=budgets_without_a_boom,
        steps=20,
    )


def priority_is_pro_rata(mp):
    ration = procurement.ration
    mp.setattr(procurement, "ration", lambda orders, capacity, priority=None: ration(orders, capacity))


def test_m7_priority_rationing_that_is_pro_rata_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_priority(
            arm(rationing_rule="pro_rata", **SHORT_SUPPLY), arm(rationing_rule="priority", **SHORT_SUPPLY)
        ),
        neutralise=priority_is_pro_rata,
        steps=20,
    )


# -- M8: inference spend funds programmes ---------------------------------------------------------------


def savings_ignore_inference(mp):
    """The make-or-buy review counts only the negotiating discount, not the co-design gain on inference."""
    savings = make_or_buy.program_savings
    mp.setattr(
        make_or_buy,
        "program_savings",
        lambda inference, gain, merchant, discount: savings(0.0 * inference, gain, merchant, discount),
    )


def test_m8_savings_ignoring_inference_spend_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m8_inference_spend(arm(**MARGINAL_LAUNCHES), arm(**MORE_INFERENCE)),
        neutralise=savings_ignore_inference,
        steps=24,
        seeds=SEEDS,  # launches are discrete: three seeds leave the effect within 3 standard errors
    )


def programmes_cost_nothing(mp):
    """Owners pay nothing for their programmes: the whole budget buys compute (the fault issue 7 names)."""

    def free(self, team_cost_per_year):
        self.program_cost = np.zeros(self.n)

    mp.setattr(BuyerPopulation, "pay_programs", free)


def test_m8_programmes_that_cost_nothing_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m8_program_costs(arm(**FIXED_PROGRAMMES), arm(**DEAR_TEAMS)),
        neutralise=programmes_cost_nothing,
        steps=12,
    )


# -- M9: budgets grow; cheaper compute strands capital ----------------------------------------------------


def test_m9_flat_budgets_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m9_budget_growth(arm(**SLOW_GROWTH), arm(), first=8, last=11),
        neutralise=lambda mp: mp.setattr(finance, "budget_growth", lambda *a, **k: 1.0),
        steps=12,
    )


def no_write_downs(mp):
    mp.setattr(finance, "stranded_write_down", lambda installed, book, cost: (0.0 * np.asarray(book), book))


def test_m9_no_write_downs_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m9_process_curve(arm(node_doubling_years=3.0), arm(node_doubling_years=1.5)),
        neutralise=no_write_downs,
        # past 2021-22's scarcity, whose prices hold the market cost of compute up; with booked supply
        # holding prices after 2023 too (model version 15), eight quarters more
        steps=32,
    )


def gains_only_for_new_chips(mp):
    """Algorithmic gains raise the compute of new purchases only (the fault issue 7 names)."""
    settle = Fleet.settle

    def without_gains(self, step, purchases, *, market, p):
        return settle(
            self,
            step,
            purchases,
            market=SimpleNamespace(cost_change=market.cost_change, gain_growth=1.0),
            p=p,
        )

    mp.setattr(Fleet, "settle", without_gains)


def test_m9_gains_only_for_new_chips_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m9_algorithmic_gains(arm(), arm(algorithmic_efficiency_per_year=0.5)),
        neutralise=gains_only_for_new_chips,
        steps=24,  # past 2021-23, when scarce supply holds the market cost of compute up (version 15)
    )


# -- M10: start-ups live on their funding ---------------------------------------------------------------


def funding_ignored(mp):
    """Every start-up gets the baseline's mean funding, whatever the scenario says."""
    add = setup.add_startup

    def same_funding(model, name, funding, **kw):
        return add(model, name, 6e8, **kw)

    mp.setattr(setup, "add_startup", same_funding)
    mp.setattr(entry, "add_startup", same_funding)


def test_m10_funding_ignored_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m10_funding(arm(**RICH), arm(**POOR)),
        neutralise=funding_ignored,
        steps=16,
    )


def acquisitions_unpaid(mp):
    """The acquisition is booked (ledger row, event) but no cash moves: the start-up's debts vanish."""
    acquire = entry.acquire

    def unpaid(model, startup):
        cash = {v.name: v.cash for v in model.vendors}
        outcome = acquire(model, startup)
        for v in model.vendors:
            v.cash = cash[v.name]
        return outcome

    mp.setattr(entry, "acquire", unpaid)


def test_m10_unpaid_acquisitions_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m10_acquisitions(arm(**ALL_CLOSED), arm(**ALL_ACQUIRED)),
        neutralise=acquisitions_unpaid,
        steps=12,
    )
