"""Hypothesis profiles.

``repeatable`` (the default, what ``make test`` and CI run) derandomises Hypothesis so the same
commit always tries the same examples: a red CI run is reproducible, never a coin toss.
``explore`` draws fresh random examples on every run, to hunt for new edge cases; repeat it:
``for i in $(seq 20); do HYPOTHESIS_PROFILE=explore .venv/bin/python -m pytest -q tests; done``.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True, print_blob=True)
settings.register_profile("explore", derandomize=False, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
