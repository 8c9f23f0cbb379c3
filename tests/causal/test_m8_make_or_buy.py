"""M8 make or buy: inference spend funds in-house programmes; hiring takes time; first chips fail more."""

import numpy as np
import pytest
from conftest import assert_effect

pytestmark = pytest.mark.causal
HORIZON = 40


def programme_quarters(r) -> float:
    """Quarters with a programme, summed over the buyers that could launch one, to 2029Q4."""
    model = r["_model"]
    events = r["events"]
    launches = events[events["kind"] == "program_launch"].groupby("agent")["step"].min()
    candidates = [
        b.name
        for b in model.buyers
        if not (b.program is not None and b.program.launched_step == 0 and b.name not in launches)
    ]
    return float(sum(HORIZON - launches.get(name, HORIZON) for name in candidates))


def test_higher_inference_spend_launches_more_programmes(arms):
    base = arms()
    more_inference = arms(initial_frontier=[0.8, 0.4, 0.1, 0.2, 0.35])
    bigger_budgets = arms(frontier_lab_budget_usd=3e8, open_lab_budget_usd=8e7, hyperscaler_budget_usd=8e8)
    assert_effect(
        [programme_quarters(r) for r in more_inference],
        [programme_quarters(r) for r in base],
        +1,
        label="programme-quarters, higher inference intensity",
    )
    assert_effect(
        [programme_quarters(r) for r in bigger_budgets],
        [programme_quarters(r) for r in base],
        +1,
        label="programme-quarters, bigger budgets",
    )


def test_hiring_takes_time_before_the_first_project(arms):
    for hiring in (2, 8):
        for r in arms(hiring_quarters=hiring):
            e = r["events"]
            for _, launch in e[e["kind"] == "program_launch"].iterrows():
                starts = e[(e["kind"] == "project_start") & (e["agent"] == f"in_house:{launch['agent']}")][
                    "step"
                ]
                assert starts.empty or starts.min() >= launch["step"] + hiring


def test_first_designs_fail_more_often(arms):
    first, later = [], []
    for r in arms(steps=64):
        p = r["projects"]
        done = p[p["status"].isin(["shipped", "failed"]) & (p["start_step"] >= 1)]
        first.extend((done.loc[done["is_first_chip"], "status"] == "failed").tolist())
        later.extend((done.loc[~done["is_first_chip"], "status"] == "failed").tolist())
    p1, p2 = np.mean(first), np.mean(later)
    se = np.sqrt(p1 * (1 - p1) / len(first) + p2 * (1 - p2) / len(later))
    assert len(first) >= 20 and p1 - p2 > 3 * se, (p1, p2, len(first), len(later))
