"""Sources of the run, population and workload-space parameters (``world.py``)."""

from __future__ import annotations

from .declare import Source

WORLD_SOURCES: dict[str, Source] = {
    "name": Source("assumed", "a label for run.json, not a model quantity"),
    "description": Source("assumed", "free text about the scenario, not a model quantity"),
    # --- run and population
    "steps": Source(
        "assumed",
        "a choice of horizon, not an estimate: 2020Q1-2035Q4, the facts' 2020-25 window "
        "(STYLIZED_FACTS.md) plus a decade for the theses' long-run effects",
    ),
    "n_enterprises": Source(
        "assumed",
        "a sample size, not a count of firms: total enterprise demand is n_enterprises x "
        "enterprise_budget_usd; 300 gives a smooth aggregate cheaply",
    ),
    "n_frontier_labs": Source(
        "assumed",
        "a few labs set the frontier; two is the fewest that gives seed 000's thesis a lab that "
        "integrates and one that does not",
    ),
    "n_open_labs": Source(
        "assumed", "stylised, like n_frontier_labs: labs that follow the frontier with open models (seed 002)"
    ),
    "n_hyperscalers": Source(
        "assumed",
        "stylised count of the largest cloud buyers (STYLIZED_FACTS.md counts the five largest by capex)",
    ),
    "n_startups": Source(
        "assumed",
        "STYLIZED_FACTS.md lists four well-funded 2020 start-ups (Graphcore, Cerebras, Groq, SambaNova), "
        "none above a few per cent of the market; two stand in for them",
    ),
    "hyperscalers_with_chip": Source(
        "cited",
        "Google TPU in production since 2015, the only large in-house fleet in 2020 "
        "(STYLIZED_FACTS.md, initial conditions and F1)",
    ),
    "hyperscalers_with_program": Source(
        "cited", "AWS Inferentia (2019) and Trainium (announced 2020) (STYLIZED_FACTS.md, initial conditions)"
    ),
    "frontier_lab_program_year": Source(
        "assumed",
        "off in the baseline (a lab's programme comes only from its make-or-buy review); the "
        "lab_vertical_integration scenario (seed 000) sets 2024, when OpenAI's chip with Broadcom was "
        "reported (STYLIZED_FACTS.md)",
    ),
    "frontier_lab_may_make": Source(
        "assumed",
        "true in the baseline: every lab's make-or-buy review decides (the estimated baseline launches "
        "frontier lab 1's programme in 2022); the lab_buys_chips scenario sets false, the market "
        "lab_vertical_integration's claims are read against",
    ),
    # --- M1 workload space
    "initial_frontier": Source(
        "assumed",
        "stylised 2020 workload with no public measure: dense training dominates, little sparsity or low "
        "precision; the inference coordinate 0.2 matches inference_installed_share_2020",
    ),
    "workload_drift": Source(
        "assumed",
        "directions from the essays: sparsity (seed 001), low precision (seed 002) and inference (seed "
        "004) rise, dense compute falls; inference 0.012 a quarter takes 0.2 to ~0.44 by 2025, checked "
        "against F7 (about a third of compute in 2023, half in 2025)",
    ),
    "workload_noise": Source(
        "assumed", "quarterly noise of the order of one quarter's drift, so the trend shows through it"
    ),
    "discontinuity_hazard": Source(
        "assumed",
        "about one unscripted shift per 64-quarter run (0.015 x 64 ~ 1): the essays name a few such "
        "shifts in a decade (dense to sparse, seed 001; reasoning, seed 004)",
    ),
    "discontinuity_size": Source(
        "assumed", "the order of the scripted shifts (reasoning 0.2, sparse 0.25); not measured"
    ),
    "reasoning_shift_year": Source(
        "assumed",
        "off in the baseline; the reasoning_models scenario (seed 004, o1) sets 2024.75, so the "
        "baseline's inference rise is drift only",
    ),
    "reasoning_shift_size": Source(
        "assumed",
        "seed 004's ~10x compute per query has no direct map to the inference coordinate, a budget share "
        "(ODD section 8, entry 3); 0.2 is a visible but bounded jump",
    ),
    "sparse_shift_year": Source(
        "assumed", "off in the baseline; seed 001's dense-to-sparse shift is a lever with no date"
    ),
    "sparse_shift_size": Source(
        "assumed", "a visible but bounded jump, like reasoning_shift_size; no measure of sparsity exists"
    ),
    "open_lab_lag_quarters": Source(
        "assumed", "open-model labs follow the frontier (seed 002); a year's lag is a round guess"
    ),
    "enterprise_lag_quarters": Source(
        "assumed",
        "enterprises adopt later, mostly smaller models (seed 002); 2.5 years is a guess, longer than labs'",
    ),
    "enterprise_small_model_drift": Source(
        "assumed",
        "seed 002's shift to small, local models; the rate is a guess (the small_models scenario triples it)",
    ),
    "lab_workload_spread": Source(
        "assumed", "labs run similar frontier workloads; a small spread, not measured"
    ),
    "enterprise_workload_spread": Source(
        "assumed", "enterprises are more varied than labs, so a wider spread; not measured"
    ),
    "hyperscaler_lag_quarters": Source(
        "assumed",
        "a hyperscaler's own services follow the labs' frontier closely, ahead of open labs and "
        "enterprises; a guess, hard-coded before (ODD section 8, entry 32)",
    ),
    "enterprise_budget_sigma": Source(
        "assumed",
        "enterprise spend is widely dispersed; a lognormal s.d. of 1 (hard-coded before, ODD section 8, "
        "entry 32); no distribution in the sources",
    ),
}
