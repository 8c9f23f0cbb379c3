"""Old home of the summary figure: it lives in ``market_sim.viz.summary`` now (re-exported here)."""

from .viz.figures import grouped_revenue_shares
from .viz.summary import summary_figure

__all__ = ["grouped_revenue_shares", "summary_figure"]
