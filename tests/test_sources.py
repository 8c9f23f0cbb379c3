"""Every scenario parameter has a source (cited, assumed or calibrated) and `market-sim params` shows it.

Like ``test_scenario.py`` these check the interface and the table's completeness, not the notes' wording.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from market_sim import Scenario, ScenarioError
from market_sim.cli import main
from market_sim.scenario import SOURCE_KINDS, SOURCES, Source
from market_sim.scenario.sources_demand import DEMAND_SOURCES
from market_sim.scenario.sources_market import MARKET_SOURCES
from market_sim.scenario.sources_supply import SUPPLY_SOURCES
from market_sim.scenario.sources_world import WORLD_SOURCES

FIELDS = [f.name for f in dataclasses.fields(Scenario)]
GROUPS = (WORLD_SOURCES, SUPPLY_SOURCES, MARKET_SOURCES, DEMAND_SOURCES)
ESTIMATE = Path(__file__).resolve().parents[1] / "market_sim" / "scenarios" / "baseline_estimate.json"
ESSAYS = {"000", "001", "002", "003", "004"}  # shared/seeds/INDEX.md
LINE = re.compile(r"^(\w+) = .*  source: (\w+)$", flags=re.MULTILINE)


def test_every_field_has_a_source():
    missing = [k for k in FIELDS if k not in SOURCES]
    assert not missing, f"parameters without a source in scenario/sources_*.py: {missing}"


def test_no_stale_sources():
    stale = sorted(set(SOURCES) - set(FIELDS))
    assert not stale, f"sources for keys that are not Scenario fields: {stale}"


def test_no_key_in_two_groups():
    assert sum(len(g) for g in GROUPS) == len(SOURCES), "a key is in more than one sources_*.py"


def test_sources_follow_the_field_order():
    assert list(SOURCES) == FIELDS


@pytest.mark.parametrize("key", FIELDS)
def test_source_is_well_formed(key):
    source = SOURCES[key]
    assert isinstance(source, Source)
    assert source.kind in SOURCE_KINDS
    assert source.note.strip(), f"{key}: empty note"
    assert "\n" not in source.note, f"{key}: the note should be one line"


def test_kinds_are_the_three():
    assert SOURCE_KINDS == ("cited", "assumed", "calibrated")


def test_cited_notes_name_a_source():
    for key, source in SOURCES.items():
        if source.kind == "cited":
            assert re.search(r"seed 00\d|STYLIZED_FACTS|MODEL_NOTES|ODD section", source.note), key


def test_essays_cited_exist():
    for key, source in SOURCES.items():
        for number in re.findall(r"seeds? (\d{3})", source.note):
            assert number in ESSAYS, f"{key} cites seed {number}, not one of {sorted(ESSAYS)}"


def test_calibrated_are_the_estimated_parameters():
    """The calibrated defaults are the free parameters of the shipped estimate (but any held after it,
    with its reason), those it held at earlier versions' estimates, and the levers it held fixed
    from earlier estimates; each note points to the estimate, and each default is the estimate's
    posterior mean (to the four digits it was checked with) or the value it was held at."""
    estimate = json.loads(ESTIMATE.read_text())
    held, fixed = estimate["held_after_estimate"], estimate["fixed_from_earlier_estimates"]
    held_before = estimate.get("held_at_earlier_estimates", {})
    calibrated = {k for k, s in SOURCES.items() if s.kind == "calibrated"}
    assert calibrated == (set(estimate["parameters"]) - set(held)) | set(fixed) | set(held_before)
    for key, value in held_before.items():
        assert getattr(Scenario(), key) == pytest.approx(value), key
    for key in calibrated:
        assert "baseline_estimate.json" in SOURCES[key].note
    defaults = Scenario()
    for key, row in estimate["parameters"].items():
        expected = held[key]["value"] if key in held else row["posterior_mean"]
        assert getattr(defaults, key) == pytest.approx(expected, rel=1e-3), key
    for key, value in fixed.items():
        assert getattr(defaults, key) == value, key
    for key, why in held.items():
        assert SOURCES[key].kind == "assumed" and why["why"]


def test_source_of():
    assert Scenario.source_of("node_doubling_years") == SOURCES["node_doubling_years"]
    assert Scenario.source_of("switching_cost").kind == "calibrated"


def test_source_of_unknown_key_names_allowed_keys():
    with pytest.raises(ScenarioError) as info:
        Scenario.source_of("switchng_cost")
    msg = str(info.value)
    assert "\n" not in msg
    assert "'switchng_cost'" in msg and "did you mean switching_cost" in msg
    assert "allowed: " in msg and all(k in msg for k in FIELDS)


def test_describe_carries_the_source():
    for row in Scenario.describe():
        source = SOURCES[row["key"]]
        assert (row["source"], row["source_note"]) == (source.kind, source.note)


# --------------------------------------------------------------------------- the CLI
def test_cli_params_shows_the_source_column(capsys):
    assert main(["params"]) == 0
    out = capsys.readouterr().out
    listed = dict(LINE.findall(out))
    assert listed == {k: s.kind for k, s in SOURCES.items()}
    # The existing columns come first, unchanged: key = value [unit]  (allowed)  meaning.
    assert "\nnode_doubling_years = 2.46 [years]  (0.5..20.0)  years for peak compute" in out
    assert "calibration.toml" not in out  # notes only on request


def test_cli_params_sources_shows_notes_and_counts(capsys):
    assert main(["params", "--sources"]) == 0
    out = capsys.readouterr().out
    assert len(LINE.findall(out)) == len(FIELDS)
    for key in ("node_doubling_years", "switching_cost", "steps"):
        source = SOURCES[key]
        assert f"\n    {source.kind}: {source.note}\n" in out
    counts = {k: sum(s.kind == k for s in SOURCES.values()) for k in SOURCE_KINDS}
    assert f"{len(FIELDS)} parameters: " + ", ".join(f"{n} {k}" for k, n in counts.items()) in out


def test_cli_params_for_one_key_shows_its_note(capsys):
    assert main(["params", "codesign_gain", "--scenario", "baseline"]) == 0
    out = capsys.readouterr().out
    assert [k for k, _ in LINE.findall(out)] == ["codesign_gain"]
    assert SOURCES["codesign_gain"].note in out


def test_cli_params_unknown_key(capsys):
    assert main(["params", "codesign_gian"]) == 2
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert len(err) == 1 and err[0].startswith("market-sim: error:") and "codesign_gian" in err[0]
    assert "codesign_gain" in err[0] and captured.out == ""
