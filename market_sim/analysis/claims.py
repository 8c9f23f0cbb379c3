"""The essays' theses as claims: which measure a thesis scenario moves, which way, over which years.

The claims are written from the essays' texts (``../shared/seeds``); the scenario files carry the
levers. Nothing here is tuned to make a claim hold. :mod:`.theses` reads their verdicts from a sweep.
"""

from __future__ import annotations

from dataclasses import dataclass

from .measures import MEASURES, Years

DIRECTIONS = {"up": 1, "down": -1}


@dataclass(frozen=True)
class Claim:
    """A thesis ``scenario`` moves ``measure`` (a registry name) ``direction`` over ``years``, against
    ``reference``: the market without what the thesis is about, the baseline unless it is named. A
    thesis whose subject the baseline already holds (frontier lab 1's own chip, which its make-or-buy
    review launches in 2022) names the scenario that takes it away."""

    scenario: str
    essay: str
    statement: str
    measure: str
    years: Years
    direction: str  # up / down: which way the scenario moves the measure against its reference
    reference: str | None = None  # the scenario it is read against; None: the baseline

    def __post_init__(self):
        if self.measure not in MEASURES:
            raise ValueError(f"claim measure '{self.measure}' is unknown; allowed: {', '.join(MEASURES)}")
        if self.direction not in DIRECTIONS:
            raise ValueError(f"claim direction '{self.direction}' is not allowed; allowed: up, down")


PROJECTION = (2027, 2035)  # after the calibration window, once programmes launched in it can have shipped
AFTER_REASONING = (2025, 2029)  # the five years after the reasoning shift of 2024Q4
# custom_chip_leverage's added programmes are half-way through their first design cycle in 2020Q1: their
# first chips ship from 2021Q3, so in 2020 they are a threat and nothing else
BEFORE_ADDED_CHIPS = (2020, 2020)
CLAIMS = (
    Claim(
        "reasoning_models",
        "004",
        "reasoning models move compute from training to inference",
        "inference_compute_share",
        AFTER_REASONING,
        "up",
    ),
    Claim(
        "reasoning_models",
        "004",
        "inference-specialised chips gain share",
        "inference_chip_compute_share",
        AFTER_REASONING,
        "up",
    ),
    Claim("reasoning_models", "004", "more chips are bought", "units_delivered", AFTER_REASONING, "up"),
    Claim(
        "reasoning_models",
        "004",
        "more is spent on accelerators",
        "accelerator_revenue",
        AFTER_REASONING,
        "up",
    ),
    Claim(
        "lab_vertical_integration",
        "000",
        "a lab designing its own chip takes compute from the merchants",
        "in_house_compute_share",
        PROJECTION,
        "up",
        reference="lab_buys_chips",
    ),
    Claim(
        "lab_vertical_integration",
        "000",
        "the lab out-designs the incumbent on inference",
        "incumbent_inference_revenue_share",
        PROJECTION,
        "down",
        reference="lab_buys_chips",
    ),
    Claim(
        "biennial_cadence",
        "003",
        "without the annual cadence the incumbent loses share",
        "incumbent_revenue_share",
        PROJECTION,
        "down",
    ),
    Claim(
        "open_ecosystem",
        "002",
        "portability layers erode the incumbent's share",
        "incumbent_revenue_share",
        PROJECTION,
        "down",
    ),
    Claim(
        "open_ecosystem",
        "002",
        "portability layers erode the incumbent's margin",
        "incumbent_gross_margin",
        PROJECTION,
        "down",
    ),
    Claim(
        "small_models",
        "002",
        "small local models help cheaper non-GPU hardware",
        "incumbent_compute_share",
        PROJECTION,
        "down",
    ),
    Claim(
        "ai_designed_chips",
        "001",
        "AI-designed chips chase workloads less: lower forecast error",
        "merchant_forecast_error",
        PROJECTION,
        "down",
    ),
    Claim(
        "ai_designed_chips",
        "001",
        "a shorter cycle makes custom chips pay: more in-house compute",
        "in_house_compute_share",
        PROJECTION,
        "up",
    ),
    Claim(
        "compute_cost_collapse",
        "001",
        "a 1000x cost collapse strands capital bought dear",
        "stranded_capital_per_revenue",
        PROJECTION,
        "up",
    ),
    Claim(
        "no_custom_silicon",
        "001",
        "without custom-chip leverage the incumbent keeps more margin",
        "incumbent_gross_margin",
        PROJECTION,
        "up",
    ),
    Claim(
        "no_custom_silicon",
        "003",
        "without custom silicon the incumbent keeps more revenue",
        "incumbent_revenue_share",
        PROJECTION,
        "up",
    ),
    Claim(
        "inference_startups",
        "004",
        "an inference-chip class of entrants takes share",
        "start_up_compute_share",
        PROJECTION,
        "up",
    ),
    Claim(
        "inference_startups",
        "004",
        "more entrants squeeze the incumbent on inference",
        "incumbent_inference_revenue_share",
        PROJECTION,
        "down",
    ),
    Claim(
        "reasoning_models",
        "004",
        "high running costs make the market less winner-take-all: concentration falls",
        "hhi",
        AFTER_REASONING,
        "down",
    ),
    Claim(
        "reasoning_models",
        "004",
        "margins are lower: the incumbent's falls",
        "incumbent_gross_margin",
        AFTER_REASONING,
        "down",
    ),  # fmt: skip
    Claim(
        "custom_chip_leverage",
        "001",
        "programmes that have not shipped win hyperscalers a lower price from the incumbent",
        "incumbent_hyperscaler_price",
        BEFORE_ADDED_CHIPS,
        "down",
    ),
    Claim(
        "custom_chip_leverage",
        "001",
        "programmes that have not shipped cut the incumbent's margin",
        "incumbent_gross_margin",
        BEFORE_ADDED_CHIPS,
        "down",
    ),
    Claim(
        "roadmap_withholding",
        "000",
        "designing without the labs' roadmaps, merchants forecast the workload worse",
        "merchant_forecast_error",
        PROJECTION,
        "up",
    ),
    Claim(
        "roadmap_withholding",
        "000",
        "withheld roadmaps cost merchants frontier labs' compute",
        "frontier_lab_merchant_share",
        PROJECTION,
        "down",
    ),
    Claim(
        "margin_cushion",
        "002",
        "read against the defensive baseline: without the incumbent's price cuts challengers keep more share",
        "challenger_compute_share",
        PROJECTION,
        "up",
    ),
    Claim(
        "margin_cushion",
        "002",
        "read against the defensive baseline: without the incumbent's price cuts challengers keep more cash",
        "challenger_cash",
        PROJECTION,
        "up",
    ),
    Claim(
        "margin_cushion",
        "002",
        "read against the defensive baseline: without the incumbent's price cuts fewer start-ups exit",
        "startup_exits",
        PROJECTION,
        "down",
    ),
    Claim(
        "capex_unsustained",
        "003",
        "when end-user revenue does not keep up, less is spent on accelerators",
        "accelerator_revenue",
        PROJECTION,
        "down",
    ),
    Claim(
        "capex_unsustained",
        "003",
        "when end-user revenue does not keep up, capital bought in the boom is stranded",
        "stranded_capital_per_revenue",
        PROJECTION,
        "up",
    ),
    Claim(
        "sparse_shift",
        "001",
        "after a dense-to-sparse shift broad chips hold share against narrow ones",
        "merchant_compute_share",
        PROJECTION,
        "up",
    ),
)
