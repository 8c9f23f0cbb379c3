"""The measures of the later theses (analysis/measures_theses.py, issue 8), each on a small synthetic
sweep of two runs with its value computed by hand; and each new thesis scenario sets only its lever."""

from __future__ import annotations

import pandas as pd
import pytest

from market_sim.analysis.claims import CLAIMS
from market_sim.analysis.measures import MEASURES
from market_sim.scenario import load_scenario

Y2020 = (2020, 2020)  # steps 0-3; step 4 is 2021Q1 and falls outside


def frame(columns: str, rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns.split())


EDGES = frame(
    "run_id step source target kind volume spend units",
    [
        ("r1", 0, "incumbent", "hyperscaler_1", "direct", 500.0, 100.0, 10.0),
        ("r1", 0, "incumbent", "hyperscaler_2", "direct", 0.0, 300.0, 20.0),
        ("r1", 0, "incumbent", "frontier_lab_1", "direct", 30.0, 1000.0, 10.0),  # a lab, not a hyperscaler
        ("r1", 0, "challenger", "hyperscaler_1", "direct", 0.0, 50.0, 10.0),  # not the incumbent
        ("r1", 0, "startup_1", "frontier_lab_1", "direct", 10.0, 0.0, 0.0),
        ("r1", 0, "in_house:frontier_lab_1", "frontier_lab_1", "in_house", 20.0, 0.0, 0.0),
        ("r1", 0, "hyperscaler_1", "frontier_lab_1", "cloud", 100.0, 0.0, 0.0),  # rented: left out
        ("r1", 2, "challenger", "frontier_lab_2", "direct", 40.0, 0.0, 0.0),
        ("r1", 4, "incumbent", "hyperscaler_1", "direct", 0.0, 999.0, 1.0),  # 2021: outside the window
        ("r1", 4, "in_house:frontier_lab_1", "frontier_lab_1", "in_house", 900.0, 0.0, 0.0),
        ("r2", 1, "incumbent", "hyperscaler_3", "direct", 5.0, 60.0, 6.0),
        ("r2", 1, "incumbent", "frontier_lab_1", "direct", 5.0, 0.0, 0.0),
        ("r2", 1, "in_house:frontier_lab_1", "frontier_lab_1", "in_house", 15.0, 0.0, 0.0),
    ],
)
VENDORS = frame(
    "run_id step vendor kind cash",
    [
        ("r1", 0, "incumbent", "merchant", 1000.0),
        ("r1", 0, "challenger", "merchant", 100.0),
        ("r1", 0, "startup_1", "start_up", 20.0),
        ("r1", 0, "in_house:frontier_lab_1", "in_house", float("nan")),
        ("r1", 1, "incumbent", "merchant", 1000.0),
        ("r1", 1, "challenger", "merchant", 90.0),
        ("r1", 1, "startup_1", "start_up", 10.0),
        ("r1", 4, "challenger", "merchant", 5000.0),  # 2021
        ("r2", 1, "incumbent", "merchant", 1000.0),
        ("r2", 1, "challenger", "merchant", 40.0),
        ("r2", 1, "in_house:frontier_lab_1", "in_house", float("nan")),
    ],
)
SHARES = frame(
    "run_id step supplier supplier_kind effective_compute",
    [
        ("r1", 0, "incumbent", "merchant", 50.0),
        ("r1", 1, "incumbent", "merchant", 10.0),
        ("r1", 0, "challenger", "merchant", 20.0),
        ("r1", 0, "startup_1", "start_up", 10.0),
        ("r1", 0, "in_house:hyperscaler_1", "in_house", 10.0),
        ("r1", 8, "startup_1", "start_up", 1000.0),  # 2022
        ("r2", 0, "incumbent", "merchant", 30.0),
        ("r2", 0, "in_house:hyperscaler_1", "in_house", 10.0),
    ],
)
EVENTS = frame(
    "run_id step kind agent",
    [
        ("r1", 0, "entry", "startup_1"),
        ("r1", 2, "exit", "startup_1"),
        ("r1", 3, "acquisition", "entrant_1"),
        ("r1", 3, "chip_shipped", "incumbent"),
        ("r1", 5, "exit", "entrant_2"),  # 2021
        ("r2", 0, "entry", "startup_1"),
    ],
)
MODEL = frame("run_id step", [("r1", 0), ("r1", 5), ("r2", 3), ("r3", 4)])  # r3 starts after 2020
TABLES = {"edges": EDGES, "vendors": VENDORS, "shares": SHARES, "events": EVENTS, "model": MODEL}


@pytest.mark.parametrize(
    "name, r1, r2",
    [
        # spend over units of the incumbent's direct edges to hyperscalers: (100 + 300) / (10 + 20); 60 / 6
        ("incumbent_hyperscaler_price", 400.0 / 30.0, 10.0),
        # merchants' share of labs' direct and in-house compute: (30 + 40) / (30 + 10 + 20 + 40); 5 / 20
        ("frontier_lab_merchant_share", 0.7, 0.25),
        # challengers' and start-ups' compute over all: (20 + 10) / 100; none of 40
        ("challenger_compute_share", 0.3, 0.0),
        # their cash summed per quarter, then averaged: (120 + 100) / 2; 40
        ("challenger_cash", 110.0, 40.0),
        # an exit and an acquisition in 2020; none
        ("startup_exits", 2.0, 0.0),
        # the merchants' share of all compute: (50 + 10 + 20) / 100; 30 / 40
        ("merchant_compute_share", 0.8, 0.75),
    ],
)
def test_a_thesis_measure_by_hand(name, r1, r2):
    measure = MEASURES[name]
    values = measure({table: TABLES[table] for table in measure.tables}, Y2020)
    assert values["r1"] == pytest.approx(r1) and values["r2"] == pytest.approx(r2)
    assert "r3" not in values.index  # a run with nothing in the window has no value, not zero


def test_start_up_exits_count_none_in_a_run_that_reached_the_window_and_skip_one_that_did_not():
    exits = MEASURES["startup_exits"](TABLES, (2021, 2021))
    assert exits.to_dict() == {"r1": 1.0, "r3": 0.0}  # r2's last quarter is 2020Q4


NEW_THESES = {
    "custom_chip_leverage": {"hyperscalers_with_program": 3},
    "roadmap_withholding": {"roadmap_sharing_prob": 0.0},
    "margin_cushion": {"incumbent_pricing": "cost_plus"},
    "capex_unsustained": {"demand_boom_halflife_years": 0.75},
    "sparse_shift": {"sparse_shift_year": 2026.0},
}


@pytest.mark.parametrize("scenario, lever", NEW_THESES.items())
def test_a_new_thesis_sets_only_its_lever_and_has_claims(scenario, lever):
    base = load_scenario("baseline").to_dict()
    values = load_scenario(scenario).to_dict()
    changed = {k: v for k, v in values.items() if k not in ("name", "description") and v != base[k]}
    assert changed == lever
    assert any(c.scenario == scenario for c in CLAIMS)
