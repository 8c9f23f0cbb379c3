"""The model's calendar: one step is one quarter, and step 0 is 2020Q1.

Every conversion between steps, years and period labels is written here once.
"""

from __future__ import annotations

START_YEAR = 2020
QUARTERS_PER_YEAR = 4


def year_of(step):
    """Calendar time of a step as a year with a fraction: step 1 is 2020.25 (numbers, arrays or Series)."""
    return START_YEAR + step / QUARTERS_PER_YEAR


def years_since_start(step) -> float:
    """Years from 2020Q1 to the start of ``step``."""
    return step / QUARTERS_PER_YEAR


def calendar_year(step):
    """The whole calendar year a step falls in: steps 0-3 are 2020 (works on pandas Series too)."""
    return START_YEAR + step // QUARTERS_PER_YEAR


def period_label(step: int) -> str:
    """``"2020Q1"`` for step 0."""
    return f"{START_YEAR + step // QUARTERS_PER_YEAR}Q{step % QUARTERS_PER_YEAR + 1}"


def step_of(year: float) -> int:
    """The step at which a (fractional) calendar year begins: 2024.5 is step 18."""
    return int(round((year - START_YEAR) * QUARTERS_PER_YEAR))


def quarters(years: float) -> float:
    """A span of years in quarters."""
    return years * QUARTERS_PER_YEAR
