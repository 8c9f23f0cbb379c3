"""Sources of the make-or-buy, demand and entry parameters (``demand.py``)."""

from __future__ import annotations

from .declare import Source
from .sources_market import estimated, fitted_before

DEMAND_SOURCES: dict[str, Source] = {
    # --- M8 make or buy
    "make_or_buy_review_quarters": Source("assumed", "a yearly review, like a budget cycle; a guess"),
    "codesign_gain": Source(
        "cited",
        "seed 001: a custom ASIC could save over 20% of inference cost ($200M+ on >$1B); 0.3 reads "
        "'over 20%' as a point (MODEL_NOTES.md M8)",
    ),
    "negotiating_discount": Source(
        "assumed",
        "seed 001: custom chip projects win better pricing from the incumbent, with no figure; 10% is a "
        "guess",
    ),
    "team_cost_usd_per_year": Source(
        "assumed",
        "no figure in the sources (seed 000: hardware talent must be acquired, not trivial); a round "
        "guess, half the in-house NRE a year",
    ),
    "hiring_quarters": Source(
        "assumed",
        "seed 000 (talent must be hired) and seed 003 (years to build a team that ships: a year of "
        "hiring, then the design cycle); a guess",
    ),
    "program_horizon_quarters": Source(
        "assumed", "four years of savings, about a chip generation's service; a guess"
    ),
    "make_or_buy_hurdle": fitted_before(1.2, "a good particle, 0.86"),
    "in_house_servable_share": estimated(
        0.8624,
        "; new in model version 19, 1.0 (no limit) before: an in-house chip serves the production models "
        "it was designed for, not its owner's "
        "research or the architectures that came after it (Meta's MTIA serves ranking and recommendation, "
        "not its LLMs; Google's TPUs most of Google's own serving). No figure is published; the facts "
        "bound it through F8, as owners that shipped by 2024 ran most of their inference on their own "
        "chips (ODD section 7.8)",
    ),
    # --- M9 demand and business model
    "frontier_lab_budget_usd": Source(
        "assumed",
        "2020 budgets are scaled so 2020's accelerator revenue is ~$8B (random seed 1), of the order "
        "of NVIDIA's $6.7B data-centre revenue (FY21, F5) at a ~0.8 share (F1); the split is a guess",
    ),
    "open_lab_budget_usd": Source(
        "assumed", "a fraction of a frontier lab's budget; scaled with the others (frontier_lab_budget_usd)"
    ),
    "hyperscaler_budget_usd": Source(
        "assumed",
        "the largest buyers (2020 capex $73B for the top five, STYLIZED_FACTS.md, little of it on AI "
        "chips then); scaled with the others (frontier_lab_budget_usd)",
    ),
    "enterprise_budget_usd": Source(
        "assumed", "scaled with the others (frontier_lab_budget_usd); with n_enterprises, a guess"
    ),
    "lab_growth_per_year": Source(
        "assumed",
        "labs' budgets grew fastest (training compute of notable models ~4.7x a year, Epoch AI, "
        "STYLIZED_FACTS.md, is compute, not spend); a guess",
    ),
    "hyperscaler_growth_per_year": Source(
        "assumed",
        "AI budgets grew faster than total capex ($73B 2020 to $126B 2023, STYLIZED_FACTS.md); a guess",
    ),
    "enterprise_growth_per_year": Source(
        "assumed", "enterprises adopt later and slower than labs and hyperscalers; a guess"
    ),
    "growth_halflife_years": Source("assumed", "booms slow (ODD section 8, entry 29); five years is a guess"),
    "demand_boom_year": Source(
        "cited",
        "the generative-AI boom from late 2022 (ChatGPT, 'a little over a year old' in seed 003): "
        "hyperscaler capex $126B in 2023, ~$200B in 2024 (STYLIZED_FACTS.md)",
    ),
    "demand_boom_growth_per_year": estimated(1.439),
    "demand_boom_halflife_years": Source(
        "assumed", "the boom's extra growth fades within a few years; hand-set with entry 41"
    ),
    "book_life_quarters": Source(
        "cited",
        "straight-line over 5 years, the low end of hyperscalers' 5-6-year server lives in their 2022-24 "
        "filings (ODD section 8, entry 38)",
    ),
    "warm_fleets": Source(
        "assumed",
        "issue 7's warm start: the 2020 market is in motion; the pre-2020 vintages follow each buyer's "
        "budget growth and the node's cost curve (node_doubling_years)",
    ),
    "impairment_smoothing_quarters": Source(
        "assumed",
        "a year, so one quarter's mix does not drive write-downs (ODD section 8, entry 38); a guess",
    ),
    # --- M10 entry and exit
    "startup_entry_rate": Source(
        "assumed",
        "about one entrant every two years; a guess (the inference_startups scenario, seed 004, triples it)",
    ),
    "startup_funding_usd": Source(
        "assumed",
        "2020's start-ups were well funded (STYLIZED_FACTS.md gives no amounts); four start-up chip "
        "projects' NRE",
    ),
    "startup_opex_usd": Source("assumed", "a start-up's running costs besides NRE; no figure in the sources"),
    "acquisition_fit_threshold": Source(
        "assumed",
        "most exits are acquisitions (Habana 2019, Graphcore 2024: STYLIZED_FACTS.md); the threshold is "
        "a guess",
    ),
    "inference_startup_share": Source(
        "assumed",
        "seed 004: an inference class (Groq) may emerge; one half is the uninformative middle "
        "(inference_startups: 0.9)",
    ),
    "vendor_cash_usd": Source(
        "assumed",
        "deep enough that an established vendor never exits; hard-coded before (ODD section 8, entry 32)",
    ),
    "seeded_startup_funding_min": Source(
        "assumed",
        "2020's start-ups are part-way through their funding; hard-coded before (ODD section 8, entry 32)",
    ),
    "entrant_funding_sigma": Source(
        "assumed",
        "funding rounds vary widely; hard-coded before (ODD section 8, entry 32); not measured",
    ),
}
