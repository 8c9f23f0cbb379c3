"""Where ``ChipMarketModel`` used to live; it lives in ``market_sim.sim`` now (one module per phase)."""

from .calendar import START_YEAR, period_label
from .kinds import SEGMENTS
from .sim.model import ChipMarketModel, from_mesa_scenario
from .sim.recorder import INCUMBENT, MODEL_METRICS

__all__ = [
    "INCUMBENT",
    "MODEL_METRICS",
    "SEGMENTS",
    "START_YEAR",
    "ChipMarketModel",
    "from_mesa_scenario",
    "period_label",
]
