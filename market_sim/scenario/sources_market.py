"""Sources of the lock-in, pricing and procurement parameters (``market.py``)."""

from __future__ import annotations

from .declare import Source


def estimated(before, why: str = "") -> Source:
    """A default estimated from the stylized facts with ABC-SMC for model version 21 (the posterior mean);
    ``before``: its value in model version 20; ``why``: what else a reader should know of it."""
    return Source(
        "calibrated",
        f"ABC-SMC against the stylized facts F1-F10 (STYLIZED_FACTS.md), the posterior mean: "
        f"market_sim/scenarios/baseline_estimate.json (ODD section 8, entries 49, 51-55 and 57-59); "
        f"{before!r} in model version 20{why}",
    )


UNRESPONSIVE = (
    "its Sobol' total index is below 0.1 on every fact (entries 52-55), so the facts cannot estimate it"
)


def held_at_estimate(version: int = 13, why: str = UNRESPONSIVE) -> Source:
    """A default estimated for an earlier model version and held there in later estimates, for ``why``
    (by default: the facts barely respond to it)."""
    entry = {13: 51, 15: 53}[version]
    return Source(
        "calibrated",
        f"ABC-SMC posterior mean for model version {version} (ODD section 8, entry {entry}), held in later "
        f"estimates (market_sim/scenarios/baseline_estimate.json): {why}",
    )


def fitted_before(before, posterior: str) -> Source:
    """A default set from an earlier ABC-SMC run of model version 12 and held fixed in the final one."""
    return Source(
        "calibrated",
        f"an earlier ABC-SMC run against the stylized facts ({posterior}), held fixed in the final one "
        f"(market_sim/scenarios/baseline_estimate.json, overrides; ODD section 8, entry 49); {before!r} in "
        f"model version 11",
    )


MARKET_SOURCES: dict[str, Source] = {
    # --- M5 ecosystem lock-in
    "switching_cost": estimated(2.037),
    "maturity_installed_base_gain": Source(
        "assumed",
        "seed 002's virtuous cycle: the installed base draws frameworks and libraries; a rate that keeps a "
        "dominant platform's maturity near its ceiling, not measured",
    ),
    "maturity_investment_gain": Source(
        "assumed", "revenue funds software (seed 002: NVIDIA's tools, cuDNN); half alpha, not measured"
    ),
    "maturity_decay": Source("assumed", "a stack not renewed falls behind; equal to beta, not measured"),
    "maturity_share_exponent": held_at_estimate(15),
    "incumbent_maturity": Source(
        "assumed",
        "CUDA, since 2007, in 19x more research than all rivals combined (seed 002); near the top of a "
        "[0,1] scale with no public measure",
    ),
    "challenger_maturity": estimated(0.4162),
    "cpu_vendor_maturity": Source(
        "assumed", "an accelerator stack just acquired (Habana, Dec 2019: STYLIZED_FACTS.md); no measure"
    ),
    "startup_maturity": Source(
        "assumed", "a new stack with few users, below every established vendor's; no measure"
    ),
    "in_house_maturity": Source(
        "assumed",
        "the owner's team writes the stack (TPU/XLA-like; ODD section 8, entry 15), between the "
        "challenger's and the incumbent's; no measure",
    ),
    "portability_start": Source(
        "assumed",
        "2020 as the origin of the scale: the layers seed 002 names came later (PyTorch on ROCm 2021, "
        "Triton on ROCm 2023)",
    ),
    "portability_growth_per_year": Source(
        "assumed",
        "slow erosion of lock-in (seed 002: CUDA keeps a clear lead); a guess (the open_ecosystem "
        "scenario sets 0.1)",
    ),
    "portability_max": Source(
        "assumed", "portability layers halve switching cost at most; a guess (open_ecosystem: 0.9)"
    ),
    "installed_compute_2020": Source(
        "assumed",
        "a scale for the installed base that builds maturity, in model units; hard-coded before "
        "(ODD section 8, entry 32)",
    ),
    "incumbent_installed_share_2020": Source(
        "cited",
        "NVIDIA held the large majority of data-centre accelerator revenue in 2020-21 (F1, band "
        "0.70-0.95, STYLIZED_FACTS.md)",
    ),
    "challenger_installed_share_2020": Source(
        "assumed", "AMD had no tensor-core rival before 2020 (seed 002); a small share, not measured"
    ),
    "cpu_vendor_installed_share_2020": Source(
        "assumed", "Intel's Habana line was bought in Dec 2019 (STYLIZED_FACTS.md); a small share"
    ),
    "startup_installed_share_2020": Source(
        "assumed", "no start-up exceeds a few per cent of the market (STYLIZED_FACTS.md); 1% each"
    ),
    "in_house_installed_share_2020": Source(
        "assumed",
        "Google TPU, the only large in-house fleet in 2020 (F1's source); its share is not public",
    ),
    "inference_installed_share_2020": Source(
        "assumed",
        "the frontier's 2020 inference intensity (ODD section 8, entry 35), below the ~1/3 of 2023 "
        "(F7, Deloitte)",
    ),
    "chip_owner_home_blend": Source(
        "assumed",
        "a TPU owner also runs CUDA: its home platform is halfway between; hard-coded before (entry 32)",
    ),
    # --- M6 pricing and negotiation
    "incumbent_pricing": Source(
        "cited",
        "seed 002: the incumbent's margin lets it slash prices and outlast any challenger (MODEL_NOTES.md "
        "M6: defensive pricing)",
    ),
    "challenger_pricing": Source(
        "assumed",
        "issue 7: a challenger's list follows what it sells; the MI300's list was set against NVIDIA's "
        "street prices (F10's sources); the rule is a guess",
    ),
    "cpu_vendor_pricing": Source("assumed", "the simplest rule; no source on its pricing rule"),
    "startup_pricing": Source(
        "assumed",
        "entrants with no installed base price low to win share; MODEL_NOTES.md M6 lists the strategy",
    ),
    "incumbent_markup": estimated(3.628),
    "challenger_markup": estimated(0.9443),
    "cpu_vendor_markup": Source(
        "assumed",
        "a gross margin of 0.8/1.8 = 44%, near the GPU challenger's company-wide 46-49% (F4's source); the "
        "CPU vendor's accelerator margin is not public",
    ),
    "startup_markup": Source("assumed", "the CPU vendor's markup; start-ups' margins are not public"),
    "penetration_markup": Source(
        "assumed", "about half the start-ups' target markup while they buy share; a guess"
    ),
    "penetration_share_target": Source(
        "assumed", "a few per cent, the most a start-up reached (STYLIZED_FACTS.md)"
    ),
    "defensive_markup_cut": Source(
        "assumed",
        "seed 002's margin cushion (78% vs 47%) makes deep cuts affordable; the rate is a guess",
    ),
    "markup_floor": Source(
        "assumed", "a 23% gross margin, below the challenger's ~47% (seed 002): the cushion's limit; a guess"
    ),
    "street_discount": estimated(0.2661),
    "list_price_adjustment": Source(
        "assumed", "a list re-set within about a year of what buyers pay (a quarter of the gap each quarter)"
    ),
    "value_capture": Source(
        "assumed", "an even split of the surplus; no vendor prices on value in the baseline"
    ),
    "vendor_bargaining_power": estimated(0.6866),
    "previous_generation_quarters": Source(
        "assumed", "hand-set (ODD section 8, entries 46-47): an old generation stays on sale about a year"
    ),
    "max_negotiated_discount": Source(
        "assumed",
        "MODEL_NOTES M6 (p = c + theta (V_out - c)): no floor below list; the walk-away is the vendor's "
        "opportunity cost (ODD section 8, entries 17 and 49)",
    ),
    "in_house_overhead": estimated(0.3148),
    # --- M7 procurement and supply
    "price_sensitivity": Source(
        "assumed", "buyers respond to cost but not all-or-nothing (seed 002: price matters); a guess"
    ),
    "procurement_inertia": Source(
        "assumed",
        "contracts, allocations and data-centre designs outlast a quarter (ODD section 8, entry 23); a guess",
    ),
    "qualification_premium": held_at_estimate(
        why="its Sobol' total index on the facts is 0.09-0.11, and freed in version 17 it fell to 0.64, "
        "where the incumbent's 2020Q2 part makes 2020 a transient (entry 55)"
    ),
    "qualification_quarters": Source(
        "assumed",
        "a new part takes about a year to qualify and ramp; hand-set (ODD section 8, entry 47)",
    ),
    "cloud_markup": Source("assumed", "the hyperscaler's resale margin; no figure in the sources"),
    "lab_direct_overhead": Source(
        "assumed",
        "owning costs a lab a little more than renting (ODD section 8, entry 25); no figure in the sources",
    ),
    "enterprise_direct_overhead": Source(
        "assumed",
        "an enterprise lacks a lab's scale, so cloud is its cheaper channel (entry 25); not measured",
    ),
    "unit_cost_usd": Source(
        "assumed",
        "a round 2020 package cost; no cost figure in the sources; prices and margins are multiples of it",
    ),
    "running_cost_usd": Source(
        "assumed", "lifetime power and operations, of the order of the unit cost; no figure in the sources"
    ),
    "unit_cost_node_elasticity": Source(
        "assumed",
        "later generations are bigger, dearer parts (A100 to H100 to B200; ODD section 8, entry 40); "
        "not measured",
    ),
    "foundry_capacity_units": estimated(677100.0),
    "foundry_capacity_growth_per_year": Source(
        "assumed",
        "a ceiling on expansion, above the observed: CoWoS went from ~8k wafers a month (mid-2023) to "
        "~15-20k (end 2024) (STYLIZED_FACTS.md)",
    ),
    "capacity_growth_2020_per_year": Source(
        "assumed", "growth already under way in 2020Q1; a guess (ODD section 8, entry 39)"
    ),
    "capacity_lag_quarters": Source(
        "assumed",
        "a packaging line takes about a year; not in the sources, consistent with the 2023 shortage "
        "easing by mid-2024 (STYLIZED_FACTS.md)",
    ),
    "capacity_headroom": fitted_before(0.1, "posterior mean 0.16"),
    "backlog_cancel_share": Source(
        "assumed", "most waiting orders stay (lead times of 40-50 weeks, STYLIZED_FACTS.md); a guess"
    ),
    "scarcity_markup": held_at_estimate(15),
    # Kreps and Scheinkman 1983, Bell J. Econ. 14(2): capacity chosen before price gives Cournot
    # outcomes; NVIDIA's supply and capacity commitments (USD 16 B at FY24's end, 10-K) were made a year
    # and more ahead.
    "capacity_booking": Source(
        "cited",
        "vendors commit packaging and memory a year ahead for the sales they plan (ODD section 8, entry "
        "53; NVIDIA 10-K FY24: purchase obligations; Kreps and Scheinkman 1983 for capacity then price)",
    ),
    "booking_price_speed": estimated(0.3512),
    # Peltzman 2000, J. Polit. Econ. 108(3) "Prices rise faster than they fall": over two thirds of 242
    # consumer and producer markets. H100 list prices held through 2024 as lead times eased.
    "booking_price_fall_ratio": Source(
        "assumed",
        "prices rise faster than they fall (Peltzman 2000, J. Polit. Econ. 108(3): in over two thirds of "
        "242 markets); a quarter of the speed is a guess; a speed equal both ways swings the incumbent's "
        "share by up to a third in a quarter (ODD section 8, entry 55)",
    ),
    "rationing_rule": Source(
        "assumed",
        "the neutral rule; MODEL_NOTES.md M7 leaves pro rata or priority to the scenario",
    ),
    # Turn and earn: Cachon and Lariviere 1999, Management Science 45(8); TSMC shared CoWoS by long-term
    # commitments, most of it to NVIDIA, while AMD's MI300X was supply-limited through 2024. Waiting:
    # H100 lead times of 40-50 weeks in 2023 sent buyers to the MI300X, sold on its availability.
    "waiting_cost_per_quarter": held_at_estimate(),
    "allocation_history_weight": estimated(0.6074),
    "chip_life_quarters": Source(
        "assumed",
        "five years, the book life (hyperscalers' 5-6-year server lives, ODD section 8, entry 38); seed 002 "
        "notes the incumbent's chips' long lifetimes",
    ),
}
