"""Old home of the browser UI: the page lives in ``market_sim.viz.app`` now.

``solara run market_sim/app.py`` still serves it (this module exposes ``page``); ``market-sim ui`` is
the documented way.
"""

from market_sim.viz.app import MarketPage, page

__all__ = ["MarketPage", "page"]

page  # noqa: B018 (solara run looks for `page`)
