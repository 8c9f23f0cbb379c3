"""Neutralisation tests of who gets scarce capacity (M7): each mechanism switched off must fail its
own causal check (see ``test_neutralised.py``)."""

import numpy as np
import pytest
from test_m7_allocation import (
    EARNED,
    NO_WAITING_COST,
    POOLED,
    WAITING_COST,
    check_m7_turn_and_earn,
    check_m7_waiting_cost,
)
from test_neutralised import caught

from market_sim.economics import procurement
from market_sim.sim.foundry import Foundry

pytestmark = pytest.mark.causal
# Three seeds cannot tell 2023-24's allocation effects from noise at model version 15's estimate,
# whose shortage differs more between seeds: six can.
SIX = tuple(range(1, 7))
TEN = tuple(range(1, 11))  # the wait's effect at version 16's estimate needs all ten


def one_pool(mp):
    """The foundry fills every order from one pool, whatever each account earned."""
    mp.setattr(Foundry, "allocate", lambda self, step, accounts, ordered: None)


def test_m7_allocation_blind_to_past_sales_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_turn_and_earn(arm(**POOLED), arm(**EARNED)),
        neutralise=one_pool,
        steps=20,
        seeds=SIX,
    )


def waiting_costs_nothing(mp):
    mp.setattr(procurement, "waiting_premium", lambda lead, w, horizon: np.zeros(np.shape(lead)))


def test_m7_buyers_blind_to_the_wait_are_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m7_waiting_cost(arm(**NO_WAITING_COST), arm(**WAITING_COST)),
        neutralise=waiting_costs_nothing,
        steps=20,
        seeds=TEN,
    )
