"""The supplier graph's workload signals do not depend on the order in which a quarter's flows are set.

Regression: a hyperscaler's signal (its own workload blended with its cloud customers' by spend)
used to be read while the graph was half updated, so reversing the flows moved HHI by ~16 points.
"""

from __future__ import annotations

import pandas.testing as pdt

from market_sim import ChipMarketModel
from market_sim.outputs import run_model, tables


def test_reversing_the_order_of_flows_changes_nothing(monkeypatch):
    forward = tables(run_model(ChipMarketModel(rng=1, steps=24)))
    import market_sim.network as network

    original = network.SupplierNetwork.update
    monkeypatch.setattr(
        network.SupplierNetwork, "update", lambda self, flows: original(self, dict(reversed(flows.items())))
    )
    backward = tables(run_model(ChipMarketModel(rng=1, steps=24)))
    for name in ("model", "shares", "projects"):
        pdt.assert_frame_equal(forward[name], backward[name], check_exact=False, rtol=1e-12, obj=name)
