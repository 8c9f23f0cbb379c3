"""Where the agents used to live: designers in ``market_sim.sim.designers``, buyers (one population)
in ``market_sim.sim.buyers``, the foundry in ``market_sim.sim.foundry``."""

from .kinds import SupplierKind
from .sim.buyers import BuyerPopulation, LargeBuyer
from .sim.designers import Chip, ChipDesigner
from .sim.foundry import Foundry
from .sim.programs import InHouseProgram
from .sim.vendors import ChipVendor

MERCHANT, START_UP, IN_HOUSE = SupplierKind.MERCHANT, SupplierKind.START_UP, SupplierKind.IN_HOUSE

__all__ = [
    "IN_HOUSE",
    "MERCHANT",
    "START_UP",
    "BuyerPopulation",
    "Chip",
    "ChipDesigner",
    "ChipVendor",
    "Foundry",
    "InHouseProgram",
    "LargeBuyer",
]
