"""The stylized facts (kept for its import path): the code lives in :mod:`market_sim.analysis.facts`.

The measures the facts read are in the shared registry, :mod:`market_sim.analysis.measures`.
"""

from .analysis.facts import (
    FACT_TABLES,
    FACTS,
    MIN_SHARE,
    STEPS_NEEDED,
    Fact,
    facts_per_run,
    measure_facts,
    verdicts,
)
from .analysis.measures import in_years

__all__ = [
    "FACTS",
    "FACT_TABLES",
    "MIN_SHARE",
    "STEPS_NEEDED",
    "Fact",
    "facts_per_run",
    "in_years",
    "measure_facts",
    "verdicts",
]
