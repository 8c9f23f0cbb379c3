"""``python -m market_sim.cli ...``, the same as ``market-sim ...``."""

import sys

from . import main

sys.exit(main())
