"""Reading results: measures, stylized facts, thesis verdicts, sensitivity indices and calibration.

- :mod:`.measures`: the one registry of measures (:data:`MEASURES`) and the year-window helper;
- :mod:`.facts`: the stylized facts of 2020-2025 as measures with bands;
- :mod:`.claims` and :mod:`.theses`: the essays' claims and their verdicts over a sweep;
- :mod:`.sensitivity`: SALib indices from a sweep that sampled a design;
- :mod:`.calibration`: parameter sets ranked by distance to the fact bands;
- :mod:`.ensemble` and :mod:`.discovery`: the verdicts across a posterior's draws, and the parameters
  that decide a claim that depends on the market.

Each reads a sweep through :func:`market_sim.experiments.read_sweep`.
"""

from .measures import MEASURES, Measure, in_years

__all__ = ["MEASURES", "Measure", "in_years"]
