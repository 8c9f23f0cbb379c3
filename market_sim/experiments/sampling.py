"""SALib designs: the parameter values of each design point of an experiment's ``[sample]`` table."""

from __future__ import annotations

from typing import Any

from ..scenario import Scenario
from .spec import SAMPLE_KEYS, SAMPLE_METHODS, ExperimentError


def check_sample(sample: dict[str, Any]) -> tuple[str, ...]:
    """Validate a ``[sample]`` table; return the sampled parameter names in the design's column order."""
    unknown = [k for k in sample if k not in SAMPLE_KEYS]
    if unknown:
        raise ExperimentError(f"unknown key '{unknown[0]}' in [sample]; allowed: {', '.join(SAMPLE_KEYS)}")
    method, n, bounds = sample.get("method"), sample.get("n"), sample.get("bounds")
    if method not in SAMPLE_METHODS:
        raise ExperimentError(
            f"[sample] method = {method!r} is not allowed; allowed: {', '.join(SAMPLE_METHODS)}"
        )
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise ExperimentError(f"[sample] n = {n!r} is not allowed; allowed: an integer >= 2")
    if method == "sobol" and n & (n - 1):
        raise ExperimentError(
            f"[sample] n = {n} is not allowed for sobol; "
            "allowed: a power of two (Sobol' sequences converge only then)"
        )
    if not isinstance(bounds, dict) or not bounds:
        raise ExperimentError("[sample.bounds] is missing or empty; allowed: parameter = [low, high] lines")
    specs = _parameter_specs()
    for key, pair in bounds.items():
        _check_bound(key, pair, specs)
    return tuple(bounds)


def _parameter_specs() -> dict[str, dict[str, Any]]:
    """Every scenario parameter's declaration (default, lo, hi, ...) by key."""
    return {row["key"]: row for row in Scenario.describe()}


def _check_bound(key: str, pair: Any, specs: dict[str, dict[str, Any]]) -> None:
    """One ``[sample.bounds]`` line: a known numeric parameter, ``[low, high]`` inside its range."""
    if key not in specs:
        raise ExperimentError(
            f"unknown scenario key '{key}' in [sample.bounds] (see `market-sim params` for all keys)"
        )
    spec = specs[key]
    if spec["lo"] is None or isinstance(spec["default"], bool | str | list):
        raise ExperimentError(f"[sample.bounds] '{key}' is not a number; allowed: numeric parameters only")
    if (
        not isinstance(pair, list)
        or len(pair) != 2
        or not all(isinstance(v, int | float) for v in pair)
        or not spec["lo"] <= pair[0] < pair[1] <= spec["hi"]
    ):
        raise ExperimentError(
            f"[sample.bounds] {key} = {pair!r} is not allowed; allowed: [low, high] with "
            f"{spec['lo']} <= low < high <= {spec['hi']}"
        )


def salib_problem(sample: dict[str, Any]) -> dict[str, Any]:
    """SALib's problem dictionary for a validated ``[sample]`` table."""
    names = list(check_sample(sample))
    bounds = sample["bounds"]
    return {"num_vars": len(names), "names": names, "bounds": [list(map(float, bounds[k])) for k in names]}


def design_points(sample: dict[str, Any], rounded: bool = True) -> tuple[list[str], list[list]]:
    """The SALib design of ``sample``: parameter names, and one row of values per design point.

    Integer parameters are rounded when ``rounded`` (what the runs use); the analysis of a Morris
    design needs the unrounded trajectories.
    """
    problem = salib_problem(sample)
    from SALib.sample import latin, morris, sobol

    method, n = sample["method"], sample["n"]
    seed = int(sample.get("seed", 1))
    if method == "sobol":
        points = sobol.sample(problem, n, calc_second_order=False, seed=seed)
    elif method == "morris":
        points = morris.sample(problem, n, num_levels=int(sample.get("num_levels", 4)), seed=seed)
    else:
        points = latin.sample(problem, n, seed=seed)
    specs = _parameter_specs()
    names = problem["names"]
    is_int = [isinstance(specs[k]["default"], int) for k in names]
    rows = [
        [int(round(v)) if (rounded and whole) else float(v) for v, whole in zip(row, is_int, strict=True)]
        for row in points
    ]
    return names, rows
