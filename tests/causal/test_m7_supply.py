"""M7 supply that binds: capacity planned behind demand, a backlog that waits, scarcity pricing (M6),
and the demand boom that outruns the foundry (M9). Figures quoted are the model's at version 9, ten
seeds, 24 quarters."""

import pytest
from conftest import assert_effect, window

pytestmark = pytest.mark.causal
SHORT_LAG, LONG_LAG = dict(capacity_lag_quarters=2), dict(capacity_lag_quarters=8)
NO_SCARCITY_PRICING = dict(scarcity_markup=0.0)
ALL_CANCELLED = dict(backlog_cancel_share=1.0)
NO_BOOM = dict(demand_boom_year=0.0)
FLAT_UNIT_COST = dict(unit_cost_node_elasticity=0.0)
INSTANT_PARTS = dict(qualification_premium=0.0)
NO_RUN_DOWN = dict(previous_generation_quarters=0)


def model_mean(column: str, first: int, last: int):
    return lambda r: window(r["model"], first, last)[column].mean()


def unspent_share(first: int, last: int):
    """Buyers' unspent money over the window, a share of what they budgeted."""

    def measure(r):
        ledger = window(r["ledger"], first, last)
        buyers = ledger[ledger["budget"].notna()]
        return buyers["unspent"].sum() / buyers["budget"].sum()

    return measure


def check_m7_capacity_lag(short_lag, long_lag, *, first=12, last=23):
    """The foundry plans capacity on today's orders grown at last year's rate; the further ahead it must
    decide, the more a demand boom outruns it. Deciding 8 quarters ahead instead of 2, at least 0.1
    more of the compute requested in 2023-25 goes unmet (the model gives ~0.4)."""
    measure = model_mean("unmet_demand_share", first, last)
    assert_effect(
        [measure(r) for r in long_lag],
        [measure(r) for r in short_lag],
        +1,
        min_effect=0.1,
        label=f"unmet demand share, capacity lag 8 vs 2 quarters, steps {first}-{last}",
    )


def test_capacity_decided_further_ahead_leaves_more_demand_unmet(arms):
    check_m7_capacity_lag(arms(steps=24, **SHORT_LAG), arms(steps=24, **LONG_LAG))


def check_m7_scarcity_pricing(flat, scarce, *, first=12, last=15):
    """With lead times of L quarters vendors raise markups by the factor 1 + sigma L / (1 + L). In 2023,
    the shortage's worst year (L ~0.2 quarters beyond normal delivery), sigma = 1.85 lifts the
    incumbent's gross margin by at least 0.02 (the rise F3b's sources tie to the shortage; a margin
    near 0.75 moves little with the markup: d(m / (1 + m)) / dm = 1 / (1 + m)^2). The model gives
    +0.029 over seeds 1-10 at the version 21 estimate; over 2023-24, where this check was until version
    20, +0.018: the shortage eases in 2024 (+0.007 over 2024 alone)."""
    measure = model_mean("incumbent_gross_margin", first, last)
    assert_effect(
        [measure(r) for r in scarce],
        [measure(r) for r in flat],
        +1,
        min_effect=0.02,
        label=f"incumbent gross margin, scarcity pricing on vs off, steps {first}-{last}",
    )


def test_scarcity_raises_the_incumbents_margin(arms):
    check_m7_scarcity_pricing(arms(steps=24, **NO_SCARCITY_PRICING), arms(steps=24))


def check_m7_backlog(cancelled, waiting, *, first=0, last=23):
    """Orders the foundry cannot fill wait with their money (a quarter of it cancelled each quarter)
    instead of vanishing: buyers leave at least 0.05 less of their budgets unspent (~0.14 less, from
    ~0.19 when every unfilled order is cancelled)."""
    measure = unspent_share(first, last)
    assert_effect(
        [measure(r) for r in waiting],
        [measure(r) for r in cancelled],
        -1,
        min_effect=0.05,
        label=f"buyers' unspent share of budget, backlog kept vs cancelled, steps {first}-{last}",
    )
    for r in waiting:
        m = r["model"]
        short = m["unmet_demand_share"] > 0.01
        assert (m.loc[short, "backlog_units"] > 0).all() and (m.loc[short, "lead_time_quarters"] > 0).all()


def test_unfilled_orders_wait_in_a_backlog(arms):
    check_m7_backlog(arms(steps=24, **ALL_CANCELLED), arms(steps=24))


def check_m9_demand_boom(calm, boom, *, first=16, last=19):
    """The generative-AI boom (2023: +150 % a year of extra budget growth, halving every 1.5 years)
    should at least raise 2024's accelerator revenue by half (the model gives ~2.4x), and the
    foundry, planning on last year's growth, should fall short in the boom's first year: at least 0.1
    more of 2023's orders unmet (the real shortage met ~80 % of demand in 2023 and eased in 2024; the
    model gives +0.155 over seeds 1-10 at the version 20 estimate, +0.136 over 2023-24, where this
    check was until version 19)."""
    revenue = model_mean("accelerator_revenue", first, last)
    assert_effect(
        [revenue(r) for r in boom],
        [revenue(r) for r in calm],
        +1,
        min_relative=0.5,
        label=f"accelerator revenue, boom vs none, steps {first}-{last}",
    )
    unmet = model_mean("unmet_demand_share", first - 4, last - 4)
    assert_effect(
        [unmet(r) for r in boom],
        [unmet(r) for r in calm],
        +1,
        min_effect=0.1,
        label=f"unmet demand share, boom vs none, steps {first - 4}-{last - 4}",
    )


def test_demand_boom_outruns_the_foundry(arms):
    check_m9_demand_boom(arms(steps=24, **NO_BOOM), arms(steps=24))


def check_m7_generation_cost(flat, by_generation, *, first=16, last=19):
    """With unit cost c_0 P^e (e = 0.5), the incumbent's 2024 part, taped out on a node ~2.3 times
    2020Q1's, costs ~1.5 times as much to make, and its list price (a markup on that cost) follows:
    at least a fifth higher than with every generation at 2020's cost (e = 0; the model gives ~23 % at
    version 17's estimate, whose defensive incumbent cuts its markup as its share falls; ~44 % before)."""
    measure = model_mean("incumbent_list_price", first, last)
    assert_effect(
        [measure(r) for r in by_generation],
        [measure(r) for r in flat],
        +1,
        min_relative=0.2,
        label=f"incumbent list price, unit cost by generation vs flat, steps {first}-{last}",
    )


def test_later_generations_are_dearer_parts(arms):
    check_m7_generation_cost(arms(steps=24, **FLAT_UNIT_COST), arms(steps=24))


def mean_quarterly_change(first: int, last: int):
    """Mean absolute change of the incumbent's revenue share from one quarter to the next."""
    return lambda r: window(r["model"], first, last)["incumbent_revenue_share"].diff().abs().dropna().mean()


def check_m7_qualification(instant, qualified, *, first=16, last=27):
    """A just-shipped part costs buyers up to half the cheapest option's cost more until it is
    qualified and its supply has ramped (4 quarters), so a new generation takes share over a year
    instead of in a quarter: the incumbent's revenue share should move at least 15 % less from
    quarter to quarter over 2024-26 (the model gives 22 % less at version 17, 20 seeds: 0.055 to 0.043;
    18 % at version 18, whose settled 2020Q1 queues move the seeds' paths: 0.052 to 0.043; a fifth
    until version 18). Until version 16 the check read 2020-26; at version 17's estimate supply binds through
    2020-24, so the foundry's allocation rather than buyers' choice sets most of those quarters' shares
    (over 2020-23 the premium moves the change by less than 0.004, either way)."""
    measure = mean_quarterly_change(first, last)
    assert_effect(
        [measure(r) for r in qualified],
        [measure(r) for r in instant],
        -1,
        min_relative=0.15,
        label=f"quarterly change in incumbent revenue share, qualification on vs off, steps {first}-{last}",
    )


def test_qualification_of_new_parts_smooths_shares(arms):
    seeds = tuple(range(1, 21))  # ten seeds leave the 2024-26 effect under three standard errors (2.6)
    check_m7_qualification(arms(steps=28, seeds=seeds, **INSTANT_PARTS), arms(steps=28, seeds=seeds))


def previous_generation_units(first: int, last: int):
    """The share of the incumbent's units over the window that are of a generation it has replaced."""

    def measure(r):
        products = window(r["products"], first, last)
        mine = products[products["vendor"] == "incumbent"]
        current = mine.groupby("step")["ship_step"].transform("max")
        old = mine["ship_step"] < current
        return mine.loc[old, "units"].sum() / mine["units"].sum()

    return measure


def check_m6_run_down(at_once, run_down, *, first=9, last=12):
    """After a launch the incumbent goes on selling its previous generation for a year, at parity per
    unit of peak with the new part: buyers who qualified the old part keep buying it while the new one
    qualifies, so in the year after the incumbent's 2022Q2 launch at least a fifth of its units are of
    the old generation (the model gives ~0.8); with the old part withdrawn at launch there are none."""
    measure = previous_generation_units(first, last)
    assert_effect(
        [measure(r) for r in run_down],
        [measure(r) for r in at_once],
        +1,
        min_effect=0.2,
        label=f"incumbent units of its previous generation, run-down vs none, steps {first}-{last}",
    )


def test_previous_generation_is_run_down(arms):
    check_m6_run_down(arms(steps=16, **NO_RUN_DOWN), arms(steps=16))
