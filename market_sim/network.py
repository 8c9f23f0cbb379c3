"""Where the supplier network used to live; it lives in ``market_sim.sim.network`` now."""

from .sim.network import STALE_QUARTERS, CustomerEdge, Flow, SupplierNetwork

__all__ = ["STALE_QUARTERS", "CustomerEdge", "Flow", "SupplierNetwork"]
