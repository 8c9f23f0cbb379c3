"""Drawing a run: one palette, figures from the output tables, summary.png and the browser UI.

- ``palette``  one colour per supplier everywhere (merchant vendors fixed, start-ups orange, in-house green)
- ``figures``  figures drawn from the output tables, shared by summary.png, the app and the notebooks;
  the app keeps one per panel and redraws it in place each quarter (``figures/live.py``)
- ``tables``   the tables the app's panels read, kept between quarters (a quarter frames only its rows)
- ``summary``  summary.png of a run directory
- ``controls`` the page's controls and ``BrowserRun``, the Mesa Scenario Reset builds the model from
- ``assets``   the explicit offline fetch of solara's front-end packages (``market-sim ui --fetch-assets``)
- ``app``      the page (imports solara; served by ``market-sim ui``)
"""

from .palette import supplier_colours, supplier_kinds
from .summary import draw_summary, summary_figure

__all__ = ["draw_summary", "summary_figure", "supplier_colours", "supplier_kinds"]
