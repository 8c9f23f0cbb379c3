"""What the market offers in a quarter (M6, M7): the chips on the market and the options of buying them.

An offer is built once a quarter and read by every phase that follows (prices, orders, rationing,
settlement, the tables), so what is derived from its chips and options is kept on it: each array is
built from the Python objects once, not once per reader.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from operator import is_
from typing import NamedTuple

import numpy as np

from ..kinds import BuyerKind, Channel, SupplierKind
from .designers import Chip


class Option(NamedTuple):
    """A way to get a chip's compute: ``party`` owns the chips (the owner for in-house, the
    hyperscaler for cloud; empty for direct, where the buyer itself owns them)."""

    channel: Channel
    party: str
    chip: int


@dataclass
class Offer:
    """What the market offers this quarter. Every cached property below is derived from the chips and
    the options alone (not from maturity or prices), so an offer of the same chips shares them."""

    chips: list[Chip]
    maturity: np.ndarray  # (K,) software maturity of each chip's platform
    list_price: np.ndarray  # (K,) a merchant chip's list price; an in-house chip's price to its owner
    options: list[Option]
    party_row: np.ndarray | None = None  # (O,) the population row of each option's party, -1 if none

    # -- per option ------------------------------------------------------------------------------
    @cached_property
    def option_chip(self) -> np.ndarray:
        return np.array([o.chip for o in self.options], dtype=int)

    def _channel_options(self, channel: Channel) -> np.ndarray:
        return np.flatnonzero(np.array([o.channel == channel for o in self.options], dtype=bool))

    @cached_property
    def direct_options(self) -> np.ndarray:
        return self._channel_options(Channel.DIRECT)

    @cached_property
    def in_house_options(self) -> np.ndarray:
        return self._channel_options(Channel.IN_HOUSE)

    @cached_property
    def cloud_options(self) -> np.ndarray:
        return self._channel_options(Channel.CLOUD)

    @cached_property
    def owners(self) -> tuple[np.ndarray, np.ndarray]:
        """The population rows of the in-house chips' owners, and (owners, O) bool: each one's own
        chips' options (``party_row`` must be set)."""
        in_house = self.in_house_options
        owner_of = self.party_row[in_house]
        rows = np.unique(owner_of)
        own_chip = np.zeros((len(rows), len(self.options)), dtype=bool)
        own_chip[:, in_house] = owner_of[None, :] == rows[:, None]
        return rows, own_chip

    @cached_property
    def is_cloud(self) -> np.ndarray:
        """(O,) bool: the option rents the chip from a hyperscaler."""
        return np.array([o.channel == Channel.CLOUD for o in self.options], dtype=bool)

    @cached_property
    def is_merchant_option(self) -> np.ndarray:
        """(O,) bool: the option's chip is a merchant chip (not an in-house one)."""
        return self.is_merchant[self.option_chip]

    @cached_property
    def option_party(self) -> np.ndarray:
        return np.array([o.party for o in self.options], dtype=object)

    @cached_property
    def option_channel_name(self) -> np.ndarray:
        return np.array([str(o.channel) for o in self.options], dtype=object)

    @cached_property
    def _option_keys(self) -> list[tuple[str, str, str, str]]:
        chips = self.chips
        return [(o.channel, o.party, chips[o.chip].supplier, chips[o.chip].chip_id) for o in self.options]

    def option_keys(self) -> list[tuple[str, str, str, str]]:
        """Each option's (channel, party, supplier, chip): what a buyer's mix is carried over on."""
        return self._option_keys

    @cached_property
    def option_index(self) -> dict[tuple[str, str, str, str], int]:
        """Each option's index by its key."""
        return {key: j for j, key in enumerate(self.option_keys())}

    @cached_property
    def _successor_keys(self) -> dict[tuple[str, str, str], tuple[str, str, str, str]]:
        out = {}
        for key in self.option_keys():
            out.setdefault(key[:3], key)
        return out

    def successor_keys(self) -> dict[tuple[str, str, str], tuple[str, str, str, str]]:
        """The key of each (channel, party, supplier)'s current generation: where a mix on a chip that
        has left the market goes (a supplier's chips come current first in the offer)."""
        return self._successor_keys

    # -- per chip --------------------------------------------------------------------------------
    @cached_property
    def is_merchant(self) -> np.ndarray:
        """(K,) bool: a merchant chip (a vendor's or a start-up's), not an in-house one."""
        return np.array([c.supplier_kind != SupplierKind.IN_HOUSE for c in self.chips], dtype=bool)

    @cached_property
    def merchant_chips(self) -> np.ndarray:
        return np.flatnonzero(self.is_merchant)

    @cached_property
    def chip_supplier(self) -> np.ndarray:
        return np.array([c.supplier for c in self.chips], dtype=object)

    @cached_property
    def chip_id(self) -> np.ndarray:
        return np.array([c.chip_id for c in self.chips], dtype=object)

    @cached_property
    def chip_kind_name(self) -> np.ndarray:
        return np.array([str(c.supplier_kind) for c in self.chips], dtype=object)

    @cached_property
    def spec(self) -> np.ndarray:
        """(K, 5) each chip's spec in workload space."""
        return np.array([c.spec for c in self.chips]).reshape(len(self.chips), -1)

    @cached_property
    def breadth(self) -> np.ndarray:
        return np.array([c.breadth for c in self.chips])

    @cached_property
    def peak(self) -> np.ndarray:
        return np.array([c.peak for c in self.chips])

    @property
    def fit_terms(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """What M4 fit and M5 maturity need of every chip: spec, breadth, peak, maturity."""
        return self.spec, self.breadth, self.peak, self.maturity

    @cached_property
    def unit_cost(self) -> np.ndarray:
        return np.array([c.unit_cost for c in self.chips])

    @cached_property
    def ship_step(self) -> np.ndarray:
        return np.array([c.ship_step for c in self.chips], dtype=int)

    def with_terms(self, maturity: np.ndarray, list_price: np.ndarray) -> Offer:
        """This offer's chips and options at another quarter's maturity and prices, sharing what is
        derived from its chips and options (their arrays are read, never written)."""
        offer = Offer(self.chips, maturity, list_price, self.options, self.party_row)
        offer.__dict__.update({name: self.__dict__[name] for name in STRUCTURE if name in self.__dict__})
        return offer


# What an offer derives from its chips and options alone: its cached properties.
STRUCTURE = tuple(name for name, value in vars(Offer).items() if isinstance(value, cached_property))


def build_offer(model, last: Offer | None = None) -> Offer:
    """Chips on the market, and the options of buying them: direct, in-house (owner only), cloud.

    With ``last`` quarter's offer over the same chips (most quarters: chips ship or leave a few times
    a year), its options are this quarter's (they follow from the chips, their owners and the
    hyperscalers), so only maturity and list prices are read anew."""
    designers = model.designers
    chips = [c for d in designers if d.active for c in d.products]
    by_name = {d.name: d for d in designers}
    maturity = np.array([by_name[c.supplier].maturity for c in chips])
    list_price = np.array(
        [
            by_name[c.supplier].unit_price
            if c.supplier_kind == SupplierKind.IN_HOUSE
            else by_name[c.supplier].price_of(c)
            for c in chips
        ]
    )
    if last is not None and len(last.chips) == len(chips) and all(map(is_, last.chips, chips)):
        return last.with_terms(maturity, list_price)
    merchant = [k for k, c in enumerate(chips) if c.supplier_kind != SupplierKind.IN_HOUSE]
    owner_of = {k: by_name[c.supplier].owner.name for k, c in enumerate(chips) if k not in merchant}
    options = [Option(Channel.DIRECT, "", k) for k in merchant]
    options += [Option(Channel.IN_HOUSE, owner, k) for k, owner in owner_of.items()]
    pop = model.population
    for h in pop.rows_of_kind(BuyerKind.HYPERSCALER).tolist():
        name = pop.names[h]
        options += [Option(Channel.CLOUD, name, k) for k in merchant]
        options += [Option(Channel.CLOUD, name, k) for k, owner in owner_of.items() if owner == name]
    party_row = np.array([pop.row_of.get(o.party, -1) for o in options], dtype=int)
    return Offer(chips, maturity, list_price, options, party_row)
