"""Neutralisation tests of bargaining with gains from trade (M6) and of maturity's returns to share
(M5): each mechanism switched off must fail its own causal check (see ``test_neutralised.py``)."""

import numpy as np
import pytest
from test_m6_bargaining import (
    AMPLE,
    AT_COST,
    CONCAVE,
    LINEAR,
    RESPONSIVE,
    SHORT,
    STRONG_ROCM,
    WEAK_ROCM,
    check_m5_concave_maturity,
    check_m6_gains_from_trade,
    check_m6_responsive_list,
    check_m6_scarce_walk_away,
)
from test_neutralised import caught

from market_sim.economics import ecosystem, pricing

pytestmark = pytest.mark.causal


def price_at_a_fixed_discount(mp):
    """The bargained price is a fixed 25 % off list, whatever the buyer's outside option is worth (one
    price for each outside option it is asked about, as the real one gives)."""
    mp.setattr(
        pricing,
        "nash_price_against",
        lambda outside, *, list_price, **kw: np.broadcast_to(
            0.75 * np.asarray(list_price), np.shape(outside)
        ),
    )


def test_m6_price_blind_to_the_gains_from_trade_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m6_gains_from_trade(
            arm(**AT_COST, **AMPLE, **WEAK_ROCM), arm(**AT_COST, **AMPLE, **STRONG_ROCM)
        ),
        neutralise=price_at_a_fixed_discount,
        steps=32,
    )


def walk_away_blind_to_scarcity(mp):
    walk_away = pricing.walk_away_price
    mp.setattr(pricing, "walk_away_price", lambda c, p, u, d=1.0: walk_away(c, p, 0.0, d))


def test_m6_walk_away_blind_to_scarcity_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m6_scarce_walk_away(
            arm(**AT_COST, **AMPLE), arm(**AT_COST, **SHORT), last=15
        ),
        neutralise=walk_away_blind_to_scarcity,
        steps=16,
    )


def fixed_list(mp):
    mp.setattr(pricing, "responsive_markup", lambda markup, r, **kw: markup)


def test_m6_responsive_list_that_never_moves_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m6_responsive_list(
            arm(**AT_COST, **RESPONSIVE, **WEAK_ROCM), arm(**AT_COST, **RESPONSIVE, **STRONG_ROCM)
        ),
        neutralise=fixed_list,
        steps=32,
        seeds=(1, 2, 3, 4, 5, 6),
    )


def linear_returns(mp):
    step = ecosystem.next_stack_level
    mp.setattr(ecosystem, "next_stack_level", lambda *a, exponent=1.0, **kw: step(*a, **kw))


def test_m5_returns_to_share_ignored_is_caught(arms, monkeypatch):
    caught(
        arms,
        monkeypatch,
        check=lambda arm: check_m5_concave_maturity(arm(**LINEAR), arm(**CONCAVE), first=8, last=23),
        neutralise=linear_returns,
        steps=24,
    )
