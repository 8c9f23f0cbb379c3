"""Sensitivity indices (kept for its import path): the code is in :mod:`market_sim.analysis.sensitivity`."""

from .analysis.sensitivity import sensitivity, sensitivity_figure

__all__ = ["sensitivity", "sensitivity_figure"]
