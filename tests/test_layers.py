"""The package's layers import downward only: economics (pure functions) knows nothing of the
simulation, and the simulation knows nothing of experiments, analysis, plotting or the CLI.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "market_sim"
# What each layer must not import (as market_sim.<name>, or relatively).
FORBIDDEN = {
    "economics": ("sim", "scenario", "experiments", "analysis", "viz", "cli", "outputs", "model", "agents"),
    "sim": (
        "experiments",
        "analysis",
        "viz",
        "cli",
        "sweep",
        "theses",
        "facts",
        "sensitivity",
        "calibration",
    ),
}


def imported_modules(path: Path) -> set[str]:
    """Absolute names of the market_sim modules a file imports (relative imports resolved)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.add(module)
            out.update(f"{module}.{alias.name}" for alias in node.names)
    return {m for m in out if m.startswith("market_sim")}


def violations(layer: str) -> list[str]:
    bad = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for module in sorted(imported_modules(path)):
            parts = module.split(".")
            if len(parts) > 1 and parts[1] in FORBIDDEN[layer]:
                bad.append(f"{path.relative_to(PACKAGE)} imports {module}")
    return bad


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_downward(layer):
    assert not violations(layer), "\n".join(violations(layer))


def test_the_check_catches_an_upward_import(tmp_path, monkeypatch):
    """Neutralisation: a module of sim/ that imports the CLI is reported."""
    fake = tmp_path / "market_sim"
    (fake / "sim").mkdir(parents=True)
    (fake / "sim" / "bad.py").write_text("from ..cli import main\nfrom market_sim.viz import palette\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    assert violations("sim") == [
        "sim/bad.py imports market_sim.cli",
        "sim/bad.py imports market_sim.cli.main",
        "sim/bad.py imports market_sim.viz",
        "sim/bad.py imports market_sim.viz.palette",
    ]
