"""How a scenario parameter is declared (default, meaning, unit, range or choices) and checked."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Literal, get_args

from ..economics.workload import DIMENSION_NAMES as WORKLOAD_DIMENSIONS

PRICING_STRATEGIES = ("cost_plus", "value_based", "penetration", "defensive", "responsive")
RATIONING_RULES = ("pro_rata", "priority")
CAPACITY_BOOKINGS = ("planned_sales", "orders")


class ScenarioError(ValueError):
    """A scenario key, type, value or file is wrong; the message says which and what is allowed."""


SourceKind = Literal["cited", "assumed", "calibrated"]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)


@dataclass(frozen=True)
class Source:
    """Where a parameter's default comes from (``scenario/sources.py`` holds one per parameter).

    ``cited``: the value is a figure or range stated by a named source (an essay in
    ``shared/seeds/``, a public figure quoted in ``STYLIZED_FACTS.md``, ``MODEL_NOTES.md``);
    ``assumed``: set by hand where no source gives the number, and the note says why the value is
    reasonable; ``calibrated``: found by a search against the stylized facts.
    """

    kind: SourceKind
    note: str


def parameter(default, doc: str, unit: str = "", lo=None, hi=None, choices=None, length=None):  # noqa: PLR0917
    """Declare a parameter: default, meaning, unit and the allowed range or choices."""
    meta = {"doc": doc, "unit": unit, "lo": lo, "hi": hi, "choices": choices, "length": length}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


def type_name(f) -> str:
    return {
        "int": "an integer",
        "float": "a number",
        "bool": "true or false",
        "str": "a string",
        "list": "a list of numbers",
    }[f.type]


def coerce(f, value):
    """Accept ints where floats are expected; nothing else is converted silently."""
    if f.type == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if f.type == "list" and isinstance(value, tuple):
        return list(value)
    return value


def check_value(f, value) -> None:
    meta = f.metadata
    expected = {"int": int, "float": float, "bool": bool, "str": str, "list": list}[f.type]
    ok_type = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        ok_type = True
    if not ok_type:
        raise ScenarioError(
            f"scenario key '{f.name}' = {value!r} has the wrong type; allowed: {type_name(f)}"
        )
    if meta.get("choices") and value not in meta["choices"]:
        close = difflib.get_close_matches(str(value), meta["choices"], n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ScenarioError(
            f"scenario key '{f.name}' = {value!r} is not allowed{hint}; allowed: {', '.join(meta['choices'])}"
        )
    items = value if expected is list else [value]
    if expected is list:
        if meta.get("length") and len(value) != meta["length"]:
            raise ScenarioError(
                f"scenario key '{f.name}' = {value!r} must have {meta['length']} numbers, "
                f"one per workload dimension ({', '.join(WORKLOAD_DIMENSIONS)})"
            )
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            raise ScenarioError(
                f"scenario key '{f.name}' = {value!r} has the wrong type; allowed: {type_name(f)}"
            )
    lo, hi = meta.get("lo"), meta.get("hi")
    for v in items:
        if lo is not None and hi is not None and not (lo <= v <= hi):
            raise ScenarioError(
                f"scenario key '{f.name}' = {value!r} is out of range; "
                f"allowed: {lo} to {hi} {meta.get('unit', '')}".rstrip()
            )
