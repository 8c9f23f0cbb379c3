"""M10 entry and exit: start-ups live on their runway (seeds 002, 004)."""

import numpy as np
import pytest
from conftest import assert_effect

from market_sim.kinds import SupplierKind

pytestmark = pytest.mark.causal
RICH, POOR = dict(startup_funding_usd=1.2e9), dict(startup_funding_usd=2e8)


def exits(r) -> int:
    return int(r["events"]["kind"].isin(["exit", "acquisition"]).sum())


def check_m10_funding(rich, poor):
    """A start-up burns ~$43M a quarter (opex and NRE) before it sells: $200M of funding lasts about
    five quarters, $1.2B most of the run. With two start-ups in 2020 and ~0.12 entries a quarter, the
    poor arm should see at least one more exit or acquisition per run than the rich one."""
    assert_effect(
        [exits(r) for r in poor],
        [exits(r) for r in rich],
        +1,
        min_effect=1.0,
        label="start-up exits and acquisitions, funding $200M vs $1.2B",
    )


def test_less_startup_funding_means_more_exits(arms):
    check_m10_funding(arms(steps=48, **RICH), arms(steps=48, **POOR))


def test_entries_exits_and_acquisitions_are_events(arms):
    kinds = set()
    for r in arms(steps=48, **POOR):
        e = r["events"]
        kinds |= set(e["kind"])
        model = r["_model"]
        gone = {v.name for v in model.retired_designers}
        left = set(e.loc[e["kind"].isin(["exit", "acquisition"]), "agent"])
        assert left == gone  # every start-up that left is an event, and every event is one that left
        assert not gone & {v.name for v in model.vendors}
    assert {"entry", "exit", "acquisition"} <= kinds


# -- acquisitions are paid: the richest merchant pays the start-up's debts ------------------------------
# Many start-ups on a short runway, so that a run sees a dozen exits. The lever decides only whether a
# start-up out of cash is acquired (every one, at fit threshold 0) or closed (every one, at 1): the same
# start-ups leave the same markets in both arms.
CHURN = POOR | dict(n_startups=8, startup_entry_rate=0.5, n_enterprises=50)
ALL_ACQUIRED = CHURN | dict(acquisition_fit_threshold=0.0)
ALL_CLOSED = CHURN | dict(acquisition_fit_threshold=1.0)


def merchants_cash(r) -> float:
    """The established vendors' cash after the last quarter (acquisitions in it included)."""
    return float(sum(v.cash for v in r["_model"].vendors if v.kind == SupplierKind.MERCHANT))


def debts_paid(r) -> float:
    ledger = r["ledger"]
    return float(ledger.loc[ledger["kind"] == "acquisition", "acquisitions"].sum())


def check_m10_acquisitions(closed, acquired):
    """An acquirer pays the start-up's debts (its negative cash) and nothing else changes, so the
    merchants end with less cash by what the ledger says they paid. Minimum effects: at least $100M a
    run (measured ~$300M over 20 quarters, ~15 acquisitions of ~$20M each) and at least 90 % of the
    debts paid per the ledger (measured 100 %: cash feeds back into no decision but the acquirer's)."""
    paid = float(np.mean([debts_paid(r) for r in acquired]))
    assert_effect(
        [merchants_cash(r) for r in acquired],
        [merchants_cash(r) for r in closed],
        -1,
        min_effect=max(1e8, 0.9 * paid),
        label="merchants' cash at the end, every exit acquired vs closed",
    )


def test_acquirers_pay_the_debts_of_what_they_buy(arms):
    check_m10_acquisitions(arms(steps=20, **ALL_CLOSED), arms(steps=20, **ALL_ACQUIRED))
