"""The essays' theses and their verdicts (kept for its import path).

The claims live in :mod:`market_sim.analysis.claims`, the verdicts and their figure in
:mod:`market_sim.analysis.theses`, and the measures in the shared registry
:mod:`market_sim.analysis.measures`. ``MEASURES`` here keeps its old form, name -> (description,
tables needed, per-run function); the registry itself maps names to :class:`Measure` records.
"""

from .analysis.claims import AFTER_REASONING, CLAIMS, DIRECTIONS, PROJECTION, Claim
from .analysis.measures import legacy_measures
from .analysis.theses import (
    SMALL_EFFECT,
    ClaimVerdict,
    PairedEffect,
    claim_verdict,
    paired_effect,
    verdict,
    verdict_figure,
    verdicts,
)

MEASURES = legacy_measures()

__all__ = [
    "AFTER_REASONING",
    "CLAIMS",
    "DIRECTIONS",
    "MEASURES",
    "PROJECTION",
    "SMALL_EFFECT",
    "Claim",
    "ClaimVerdict",
    "PairedEffect",
    "claim_verdict",
    "paired_effect",
    "verdict",
    "verdict_figure",
    "verdicts",
]
