"""M10 entry and exit: start-ups live on their runway (seeds 002, 004)."""

import pytest
from conftest import assert_effect

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
