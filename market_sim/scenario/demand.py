"""Make or buy (M8), demand and the business model (M9), entry and exit (M10)."""

from __future__ import annotations

from dataclasses import dataclass

from .declare import parameter as _p


@dataclass(frozen=True)
class DemandParameters:
    """Make or buy (M8), demand and the business model (M9), entry and exit (M10)."""

    # --- M8 make or buy -----------------------------------------------------------------
    make_or_buy_review_quarters: int = _p(
        4, "quarters between a buyer's make-or-buy reviews", "quarters", 1, 40
    )
    codesign_gain: float = _p(
        0.3, "cost saving of a co-designed chip on its owner's inference", "fraction", 0.0, 1.0
    )
    negotiating_discount: float = _p(
        0.1, "discount on merchant spend a programme is expected to win", "fraction", 0.0, 1.0
    )
    team_cost_usd_per_year: float = _p(1e8, "yearly cost of a hardware team", "USD per year", 0.0, 1e11)
    hiring_quarters: int = _p(
        4, "quarters to hire a hardware team before the first project starts", "quarters", 0, 40
    )
    program_horizon_quarters: int = _p(
        16, "quarters of savings a make-or-buy review counts", "quarters", 1, 80
    )
    make_or_buy_hurdle: float = _p(0.86, "savings must exceed hurdle x (NRE + team cost)", "", 0.0, 100.0)
    in_house_servable_share: float = _p(
        0.8042,
        "share of its owner's inference an in-house chip is built to serve (its production models; 1: all)",
        "share",
        0.0,
        1.0,
    )

    # --- M9 demand and business model ---------------------------------------------------
    frontier_lab_budget_usd: float = _p(
        1.5e8, "a frontier lab's compute budget in 2020Q1", "USD per quarter", 0.0, 1e13
    )
    open_lab_budget_usd: float = _p(
        4e7, "an open-model lab's compute budget in 2020Q1", "USD per quarter", 0.0, 1e13
    )
    hyperscaler_budget_usd: float = _p(
        4e8, "a hyperscaler's own (non-resale) compute budget in 2020Q1", "USD per quarter", 0.0, 1e13
    )
    enterprise_budget_usd: float = _p(
        2e6, "mean enterprise compute budget in 2020Q1 (lognormal)", "USD per quarter", 0.0, 1e12
    )
    lab_growth_per_year: float = _p(
        1.3, "yearly growth of labs' revenue-funded compute budgets in 2020", "per year", -0.9, 20.0
    )
    hyperscaler_growth_per_year: float = _p(
        0.9, "yearly growth of hyperscalers' AI budgets in 2020", "per year", -0.9, 20.0
    )
    enterprise_growth_per_year: float = _p(
        0.7, "yearly growth of enterprise AI budgets in 2020", "per year", -0.9, 20.0
    )
    growth_halflife_years: float = _p(
        5.0, "years for budget growth rates to halve (booms slow)", "years", 0.1, 1000.0
    )
    demand_boom_year: float = _p(
        2022.75, "year end-user demand jumps (the generative-AI boom: hyperscaler capex $126B in 2023, "
        "~$200B in 2024); 0 = no boom", "year", 0.0, 2100.0,
    )  # fmt: skip
    demand_boom_growth_per_year: float = _p(
        1.51, "extra yearly growth of every compute budget when the boom starts", "per year", 0.0, 20.0
    )
    demand_boom_halflife_years: float = _p(
        1.5, "years for the boom's extra growth to halve", "years", 0.1, 1000.0
    )
    book_life_quarters: int = _p(
        20, "quarters over which installed chips are depreciated, straight-line (hyperscalers: 5-6 years)",
        "quarters", 1, 80,
    )  # fmt: skip
    warm_fleets: bool = _p(
        True, "buyers' fleets start in 2020 with the vintages bought before it (false: empty)"
    )
    impairment_smoothing_quarters: float = _p(
        4.0, "quarters over which a buyer's replacement cost is smoothed before it impairs its fleet",
        "quarters", 1.0, 40.0,
    )  # fmt: skip

    # --- M10 entry and exit -------------------------------------------------------------
    startup_entry_rate: float = _p(
        0.12, "expected start-up entries per quarter (Poisson)", "per quarter", 0.0, 10.0
    )
    startup_funding_usd: float = _p(6e8, "mean funding a start-up enters with", "USD", 0.0, 1e12)
    startup_opex_usd: float = _p(
        3e7, "a start-up's operating cost per quarter besides NRE", "USD per quarter", 0.0, 1e11
    )
    acquisition_fit_threshold: float = _p(
        0.55,
        "a start-up out of cash is acquired (not closed) if its chip's fit to the frontier is at least this",
        "[0,1]",
        0.0,
        1.0,
    )
    inference_startup_share: float = _p(
        0.5, "probability an entering start-up designs an inference-specialised chip", "probability", 0.0, 1.0
    )
    vendor_cash_usd: float = _p(
        2e10, "cash of an established vendor in 2020 (too deep for it to exit)", "USD", 0.0, 1e13
    )
    seeded_startup_funding_min: float = _p(
        0.3, "a 2020 start-up's funding: uniform from this fraction of startup_funding_usd to all of it",
        "fraction", 0.0, 1.0,
    )  # fmt: skip
    entrant_funding_sigma: float = _p(
        0.5, "s.d. of an entrant's log funding (lognormal with mean startup_funding_usd)", "", 0.0, 5.0
    )
