"""Neutralisation test of the moving software frontier (M5): with the frontier fixed at 2020's state of
the art and maturity capped at 1, its causal check must fail (see ``test_neutralised.py``)."""

import numpy as np
import pytest
from test_m5_lock_in import check_m5_moving_frontier
from test_neutralised import FEW

from market_sim.economics import ecosystem

pytestmark = pytest.mark.causal


def fixed_frontier(mp):
    """The frontier never moves from 2020's state of the art, and no stack passes it: maturity is capped
    at 1, as before model version 14."""
    mp.setattr(ecosystem, "maturity_frontier", lambda levels, state_of_the_art=1.0: state_of_the_art)
    relative = ecosystem.relative_maturity
    mp.setattr(
        ecosystem, "relative_maturity", lambda levels, frontier: np.minimum(relative(levels, frontier), 1)
    )


def test_m5_a_frontier_that_never_moves_is_caught(monkeypatch):
    check_m5_moving_frontier(FEW)
    fixed_frontier(monkeypatch)
    with pytest.raises(AssertionError):
        check_m5_moving_frontier(FEW)
