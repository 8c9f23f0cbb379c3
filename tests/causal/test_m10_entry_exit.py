"""M10 entry and exit: start-ups live on their runway (seeds 002, 004)."""

import pytest
from conftest import assert_effect

pytestmark = pytest.mark.causal


def exits(r) -> int:
    return int(r["events"]["kind"].isin(["exit", "acquisition"]).sum())


def test_less_startup_funding_means_more_exits(arms):
    rich, poor = arms(steps=48, startup_funding_usd=1.2e9), arms(steps=48, startup_funding_usd=2e8)
    assert_effect(
        [exits(r) for r in poor],
        [exits(r) for r in rich],
        +1,
        label="start-up exits and acquisitions to 2031",
    )


def test_entries_exits_and_acquisitions_are_events(arms):
    kinds = set()
    for r in arms(steps=48, startup_funding_usd=2e8):
        e = r["events"]
        kinds |= set(e["kind"])
        model = r["_model"]
        gone = {v.name for v in model.retired_designers}
        left = set(e.loc[e["kind"].isin(["exit", "acquisition"]), "agent"])
        assert left == gone  # every start-up that left is an event, and every event is one that left
        assert not gone & {v.name for v in model.vendors}
    assert {"entry", "exit", "acquisition"} <= kinds
