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


def test_signals_go_on_the_edges_that_carried_flow_this_quarter_only():
    """``set_signals`` reads the edges of the last flows (``carried``), not every edge: an edge idle
    this quarter keeps the signal it last revealed, and an edge of this quarter gets the new one."""
    import numpy as np

    from market_sim.kinds import EdgeKind
    from market_sim.sim.network import Flow, SupplierNetwork

    net = SupplierNetwork()
    for name in ("vendor", "lab", "cloud"):
        net.add_node(name, "x")
    first = {
        ("vendor", t, EdgeKind.DIRECT): Flow("vendor", t, EdgeKind.DIRECT, 1.0, 1.0, 1.0)
        for t in ("lab", "cloud")
    }
    net.update(first)
    old, new = np.zeros(5), np.ones(5)
    net.set_signals({"lab": old, "cloud": old})
    net.update({k: f for k, f in first.items() if f.target == "lab"})  # the cloud edge idles
    net.set_signals({"lab": new, "cloud": new})
    edges = net.graph.adj["vendor"]
    assert edges["lab"]["signal"] is new and edges["cloud"]["signal"] is old
    assert [t for t, _ in net.carried] == ["lab"] and edges["cloud"]["idle"] == 1
    assert edges["cloud"]["units"] == edges["cloud"]["volume"] == edges["cloud"]["spend"] == 0.0
