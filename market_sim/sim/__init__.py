"""The simulation: one module per phase of a quarter.

- ``world.py``       the exogenous world: frontier workload (M1), process node, portability, foundry
- ``setup.py``       the market of 2020Q1
- ``designers.py``   what every designer shares: design cycles (M2), first silicon, respins
- ``vendors.py``     vendors and start-ups: forecasts (M3), prices (M6), cash (M10)
- ``programs.py``    buyers' own chip programmes (M8): designed from the owner's roadmap
- ``buyers.py``      every buyer as one population: workloads, budgets, capital, home platform, make or buy
- ``bargaining.py``  large buyers' Nash-bargained prices (M6)
- ``market.py``      clearing: options, orders, rationing (M7)
- ``accounting.py``  settlement: sales, capital and write-downs (M9), maturity (M5), cash (M10)
- ``network.py``     the supplier graph (data only)
- ``entry.py``       start-ups' entry and exit (M10)
- ``recorder.py``    the output tables' rows and the per-quarter metrics
- ``model.py``       ``ChipMarketModel``: set-up, and ``step()`` as the list of phases
"""

from .model import ChipMarketModel

__all__ = ["ChipMarketModel"]
