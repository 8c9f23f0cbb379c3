"""Scenario files: the built-in scenarios shipped in the package, TOML files, and ``--set`` assignments."""

from __future__ import annotations

import difflib
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from .declare import ScenarioError
from .scenario import Scenario


def builtin_scenarios() -> list[str]:
    """Names of the scenario files shipped in the package."""
    folder = resources.files("market_sim") / "scenarios"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"malformed TOML in {where}: {exc}") from None
    # Allow [sections] for readability: their keys are flattened (section names are not keys).
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    return flat


def load_scenario(name_or_path: str | Path = "baseline", overrides: dict[str, Any] | None = None) -> Scenario:
    """Read a built-in scenario by name, or a TOML file by path, on top of the baseline.

    A thesis scenario file lists only the keys it changes; everything else comes from
    ``baseline.toml``. ``overrides`` (e.g. from ``--set``) are applied last.
    """
    base = Scenario.from_dict(_read_toml(_builtin_text("baseline"), "baseline.toml"))
    path = Path(name_or_path)
    if str(name_or_path) == "baseline":
        scenario = base
    elif path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ScenarioError(
                f"scenario file '{path}' does not exist; built-in scenarios: {', '.join(builtin_scenarios())}"
            )
        values = _read_toml(path.read_text(), str(path))
        values.setdefault("name", path.stem)
        scenario = Scenario.from_dict(values, base=base)
    else:
        names = builtin_scenarios()
        if str(name_or_path) not in names:
            close = difflib.get_close_matches(str(name_or_path), names, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ScenarioError(
                f"unknown scenario '{name_or_path}'{hint}; "
                f"allowed: {', '.join(names)} or a path to a .toml file"
            )
        values = _read_toml(_builtin_text(str(name_or_path)), f"{name_or_path}.toml")
        values.setdefault("name", str(name_or_path))
        scenario = Scenario.from_dict(values, base=base)
    return scenario.replace(**overrides) if overrides else scenario


def _builtin_text(name: str) -> str:
    return (resources.files("market_sim") / "scenarios" / f"{name}.toml").read_text()


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse a ``--set key=value`` assignment; the value is read as a TOML value."""
    if "=" not in text:
        raise ScenarioError(f"--set '{text}' is not of the form key=value")
    key, raw = (s.strip() for s in text.split("=", 1))
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw  # a bare word such as defensive is a string
    return key, value
