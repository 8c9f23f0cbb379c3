"""Sources of the design-cycle, information and fit parameters (``supply.py``)."""

from __future__ import annotations

from .declare import Source
from .sources_market import estimated

SUPPLY_SOURCES: dict[str, Source] = {
    # --- M2 design cycles
    "design_cycle_quarters": Source(
        "cited",
        "3 years: seed 000 (design starts ~3 years ahead), seed 001 (a 2-3 year cycle), MODEL_NOTES.md "
        "(D = 12), STYLIZED_FACTS.md (design cycles are 2-3 years)",
    ),
    "tapeout_lead_quarters": Source(
        "assumed",
        "a chip's node is fixed about a year before it ships (tape-out to volume); no figure in the "
        "sources (ODD section 8, entry 6)",
    ),
    "incumbent_cadence_quarters": Source(
        "cited",
        "a new data-centre architecture about every two years: Volta 2017, Ampere 2020, Hopper 2022, "
        "Blackwell 2024 (STYLIZED_FACTS.md); MODEL_NOTES.md (c = 8)",
    ),
    "incumbent_cadence_after_switch": Source(
        "cited",
        "the one-year rhythm NVIDIA announced in mid-2024 (STYLIZED_FACTS.md); seed 003 (annual updates "
        "by emulating before tape-out); MODEL_NOTES.md (4)",
    ),
    "incumbent_cadence_switch_year": Source(
        "cited", "the annual cadence was announced in mid-2024 (STYLIZED_FACTS.md, initial conditions)"
    ),
    "merchant_cadence_quarters": Source(
        "assumed",
        "the incumbent's two-year rhythm before its switch; the challenger's own later move to a yearly "
        "cadence (MI325X 2024, MI350 2025: STYLIZED_FACTS.md) is not modelled",
    ),
    "startup_cadence_quarters": Source(
        "assumed",
        "a start-up starts its next chip as the last ships (one design cycle): small teams, one project "
        "at a time (seed 003: it takes years to build a team that ships)",
    ),
    "in_house_cadence_quarters": Source(
        "cited", "cloud providers iterate in-house ASICs every 1-2 years (STYLIZED_FACTS.md); the upper end"
    ),
    "incumbent_next_ship_step": Source(
        "cited", "A100, announced May 2020: 2020Q2 is step 1 (STYLIZED_FACTS.md, initial conditions)"
    ),
    "challenger_next_ship_step": Source(
        "cited", "MI100, late 2020: 2020Q4 is step 3 (STYLIZED_FACTS.md, initial conditions)"
    ),
    "cpu_vendor_next_ship_step": Source(
        "assumed",
        "kept from the hard-coded pipeline (ODD section 8, entry 45); Intel bought Habana in Dec 2019 "
        "(STYLIZED_FACTS.md), and a later first part (Gaudi2, step 9) costs F2, so it is left to "
        "estimation",
    ),
    "first_design_failure_prob": Source(
        "assumed",
        "first chips often fail or slip (seed 003: years to build a team that ships, and start-ups "
        "cannot take a failed chip); no public rate",
    ),
    "later_design_failure_prob": Source(
        "assumed",
        "an experienced team's first silicon sometimes needs a respin (NVIDIA's Blackwell mask "
        "change, 2024); a small guess, no public rate",
    ),
    "respin_quarters": Source(
        "assumed",
        "a respin (fix, new masks, tape-out again) delays volume by one to three quarters: NVIDIA's "
        "Blackwell mask change moved volume by about a quarter (2024); NVIDIA and AMD lost no "
        "data-centre generation in 2016-2025, so an experienced team's failed part is respun, not lost",
    ),
    "merchant_nre_usd": Source(
        "cited",
        "IBS's leading-edge design cost, $250M (7 nm) to $540M (5 nm), widely quoted and likely high "
        "(STYLIZED_FACTS.md)",
    ),
    "startup_nre_usd": Source(
        "assumed",
        "start-ups spend less than IBS's $250-540M (STYLIZED_FACTS.md gives no figure); $150M is below "
        "the 7 nm estimate",
    ),
    "in_house_nre_usd": Source(
        "cited",
        "the essays' ~$200M tape-out: a 20% saving on >$1B of inference funds it (seed 001; "
        "MODEL_NOTES.md M8)",
    ),
    # --- M3 information asymmetry
    "roadmap_sharing_prob": Source(
        "assumed",
        "seed 000: customers withhold roadmaps (not designed yet, or IP) but gives no rate; one half is "
        "the uninformative middle (the lab_vertical_integration scenario sets 0.1)",
    ),
    "roadmap_noise": Source(
        "assumed",
        "a shared roadmap is a plan, not a design (seed 000), so it carries error; a few hundredths of "
        "workload space, larger than an in-house team's",
    ),
    "in_house_roadmap_noise": Source(
        "assumed",
        "a lab's own chip team sees its roadmap best (seed 000; MODEL_NOTES.md M3: small noise)",
    ),
    "closeness_scale": Source(
        "assumed",
        "customers at the frontier predict the future best (seed 000); the decay scale is a guess of the "
        "order of the buyers' spread",
    ),
    "pre_2020_forecast_noise": Source(
        "assumed",
        "specs of pre-2020 projects were close to what customers ran; hard-coded before (ODD section 8, "
        "entry 32)",
    ),
    # --- M4 fit and process technology
    "incumbent_breadth": Source(
        "assumed",
        "the incumbent serves the widest audience (seed 000; MODEL_NOTES.md M4: a GPU has large b); the "
        "order of breadths is the essays', the values are not measured",
    ),
    "challenger_breadth": Source(
        "assumed", "a GPU, a little narrower than the incumbent's (seed 002); the value is not measured"
    ),
    "cpu_vendor_breadth": Source(
        "assumed",
        "an acquired accelerator line (Habana, STYLIZED_FACTS.md), narrower than the GPUs; not measured",
    ),
    "startup_breadth": Source(
        "assumed",
        "start-ups build specialised chips (seed 004: an inference class like Groq); not measured",
    ),
    "in_house_breadth": Source(
        "assumed",
        "the narrowest: tailored to its owner's models like a TPU (seed 000; MODEL_NOTES.md M4: a lab's "
        "ASIC has small b); not measured",
    ),
    "specialisation_gain": Source(
        "assumed",
        "no source gives a peak premium for narrowness; 0.15 gives an in-house chip 1.75x the node's "
        "peak against the incumbent's 1.25x",
    ),
    "inference_dim_weight": Source(
        "assumed",
        "a modelling choice (ODD section 8, entry 1): the 0/1 segment coordinate must not dominate fit, "
        "so broad GPUs serve both training and inference",
    ),
    "node_doubling_years": Source(
        "cited",
        "GPU FLOP/s per dollar doubles every 2.46 years [2.24-2.72] (Epoch AI, STYLIZED_FACTS.md F6; "
        "MODEL_NOTES.md M4)",
    ),
    "algorithmic_efficiency_per_year": Source(
        "assumed",
        "off in the baseline so its cost decline is the hardware curve F6's source measures; seed 001's "
        "10x architectures and 10x software are the compute_cost_collapse scenario",
    ),
    "maturity_perf_penalty": estimated(0.6248),
}
