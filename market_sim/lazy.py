"""Names a package exports but imports on first use (PEP 562's module ``__getattr__``).

A sweep's worker imports the few modules a run needs and the CLI starts without Mesa, while
``from market_sim import ChipMarketModel`` and ``from market_sim.experiments import run_sweep`` keep
working: the name's module is imported when the name is first asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_exports(package: str, homes: dict[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` for ``homes``: exported name -> its module (relative)."""
    namespace = vars(import_module(package))

    def __getattr__(name: str) -> Any:
        if name not in homes:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(homes[name], package), name)
        namespace[name] = value  # found directly from now on
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *homes})

    return __getattr__, __dir__
