"""Calibration search (kept for its import path): the code is in :mod:`market_sim.analysis.calibration`."""

from .analysis.calibration import band_distance, fact_loss, measures_per_run, rank_design_points

__all__ = ["band_distance", "fact_loss", "measures_per_run", "rank_design_points"]
