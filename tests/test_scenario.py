"""Scenario loading and validation, and how the CLI reports bad input.

These tests check the interface (what is accepted, what is refused and what the error says), never
the values of defaults, which are being tuned.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from market_sim import ChipMarketModel, Scenario, ScenarioError, builtin_scenarios, load_scenario
from market_sim.cli import main
from market_sim.scenario import parse_assignment

FIELDS = {f.name: f for f in dataclasses.fields(Scenario)}
PARAMS = {row["key"]: row for row in Scenario.describe()}
RANGED = sorted(k for k, row in PARAMS.items() if row["lo"] is not None and row["hi"] is not None)
CHOICES = sorted(k for k, row in PARAMS.items() if row["choices"])


def _error(func, *args, **kwargs) -> str:
    with pytest.raises(ScenarioError) as info:
        func(*args, **kwargs)
    msg = str(info.value)
    assert "\n" not in msg.strip(), f"error message should be one line: {msg!r}"
    return msg


def _out_of_range(key: str):
    """A value of the parameter's own type just outside its allowed range."""
    row = PARAMS[key]
    hi, default = row["hi"], row["default"]
    bad = hi + 1 if isinstance(default, int) else hi * 2 + 1.0
    if isinstance(default, list):
        return [float(bad)] * len(default)
    return bad


# --------------------------------------------------------------------------- loading
def test_baseline_loads():
    sc = load_scenario("baseline")
    assert isinstance(sc, Scenario)
    assert sc.name == "baseline"
    assert load_scenario() == sc
    # Frozen: parameters cannot be changed in place.
    with pytest.raises(dataclasses.FrozenInstanceError):
        sc.steps = 3  # type: ignore[misc]


def test_builtin_scenarios_include_baseline():
    names = builtin_scenarios()
    assert "baseline" in names
    assert names == sorted(names)


@pytest.mark.parametrize("name", builtin_scenarios())
def test_every_builtin_scenario_loads(name):
    sc = load_scenario(name)
    assert isinstance(sc, Scenario)
    assert isinstance(sc.name, str) and sc.name
    # A loaded scenario round-trips through its dict form and validates again.
    assert Scenario.from_dict(sc.to_dict()) == sc


def test_defaults_and_describe_cover_every_field():
    assert set(PARAMS) == set(FIELDS)
    for key, row in PARAMS.items():
        assert row["doc"], f"{key} has no description"
    Scenario()  # every default passes its own validation


# --------------------------------------------------------------------------- unknown keys
def test_unknown_key_names_key_and_suggests_close_match():
    msg = _error(load_scenario, "baseline", {"design_cycle_quartres": 8})
    assert "design_cycle_quartres" in msg
    assert "design_cycle_quarters" in msg


def test_unknown_key_without_close_match():
    msg = _error(Scenario.from_dict, {"zzz_not_a_parameter": 1})
    assert "zzz_not_a_parameter" in msg


# --------------------------------------------------------------------------- types
@pytest.mark.parametrize(
    "key, value",
    [
        ("switching_cost", "high"),  # string for a number
        ("design_cycle_quarters", "twelve"),  # string for an integer
        ("design_cycle_quarters", 12.5),  # float for an integer
        ("steps", 10.0),  # a float that happens to be whole is still not an integer
        ("switching_cost", True),  # bool for a number
        ("design_cycle_quarters", False),  # bool for an integer
        ("incumbent_pricing", 3),  # number for a string
        ("initial_frontier", 0.5),  # number for a list
        ("initial_frontier", [0.8, 0.4, "x", 0.2, 0.2]),  # list with a non-number
        ("initial_frontier", [0.8, 0.4, True, 0.2, 0.2]),  # list with a bool
    ],
)
def test_wrong_type(key, value):
    msg = _error(load_scenario, "baseline", {key: value})
    assert key in msg
    assert repr(value) in msg or str(value) in msg
    assert "allowed" in msg or "must" in msg


def test_int_accepted_for_float_and_stored_as_float():
    sc = load_scenario("baseline", {"switching_cost": 2})
    assert sc.switching_cost == 2.0
    assert isinstance(sc.switching_cost, float)


# --------------------------------------------------------------------------- ranges
def test_out_of_range_names_the_range():
    row = PARAMS["design_cycle_quarters"]
    msg = _error(load_scenario, "baseline", {"design_cycle_quarters": 0})
    assert "design_cycle_quarters" in msg
    assert "0" in msg
    assert f"{row['lo']} to {row['hi']}" in msg


def test_negative_probability_out_of_range():
    msg = _error(load_scenario, "baseline", {"roadmap_sharing_prob": -0.1})
    assert "roadmap_sharing_prob" in msg and "-0.1" in msg and "allowed" in msg


@pytest.mark.parametrize("key", RANGED)
def test_every_ranged_parameter_rejects_values_above_its_range(key):
    bad = _out_of_range(key)
    msg = _error(Scenario.from_dict, {key: bad})
    assert key in msg
    assert str(PARAMS[key]["lo"]) in msg and str(PARAMS[key]["hi"]) in msg


@pytest.mark.parametrize("key", RANGED)
def test_every_ranged_parameter_accepts_its_bounds(key):
    row = PARAMS[key]
    for bound in (row["lo"], row["hi"]):
        value = [bound] * len(row["default"]) if isinstance(row["default"], list) else bound
        try:
            sc = Scenario.from_dict({key: value})
        except ScenarioError as exc:
            # Only a cross-parameter constraint may refuse a bound, and it must say so.
            assert "allowed" in str(exc) and key in str(exc), str(exc)
        else:
            assert getattr(sc, key) == value


def test_cross_parameter_constraint():
    msg = _error(
        Scenario.from_dict, {"n_hyperscalers": 2, "hyperscalers_with_chip": 2, "hyperscalers_with_program": 1}
    )
    assert "n_hyperscalers" in msg and "hyperscalers_with_chip" in msg


# --------------------------------------------------------------------------- choices and lists
def test_bad_choice_lists_allowed_values():
    msg = _error(load_scenario, "baseline", {"incumbent_pricing": "defensve"})
    assert "incumbent_pricing" in msg and "defensve" in msg
    for choice in PARAMS["incumbent_pricing"]["choices"]:
        assert choice in msg


@pytest.mark.parametrize("key", CHOICES)
def test_every_choice_parameter_rejects_unknown_value_and_accepts_each_choice(key):
    msg = _error(Scenario.from_dict, {key: "no_such_option"})
    assert key in msg and "no_such_option" in msg
    for choice in PARAMS[key]["choices"]:
        assert choice in msg
        assert getattr(Scenario.from_dict({key: choice}), key) == choice


@pytest.mark.parametrize("value", [[0.5, 0.5], [0.1] * 6, []])
def test_wrong_length_list(value):
    msg = _error(load_scenario, "baseline", {"initial_frontier": value})
    assert "initial_frontier" in msg
    assert str(len(PARAMS["initial_frontier"]["default"])) in msg


def test_list_element_out_of_range():
    msg = _error(load_scenario, "baseline", {"initial_frontier": [0.8, 0.4, 1.5, 0.2, 0.2]})
    assert "initial_frontier" in msg and "1.5" in msg and "allowed" in msg


def test_tuple_accepted_for_list():
    sc = load_scenario("baseline", {"initial_frontier": (0.5, 0.5, 0.5, 0.5, 0.5)})
    assert sc.initial_frontier == [0.5] * 5


# --------------------------------------------------------------------------- files
def test_malformed_toml(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("steps = = 3\n")
    msg = _error(load_scenario, path)
    assert "broken.toml" in msg
    assert "TOML" in msg


def test_nonexistent_scenario_path(tmp_path):
    path = tmp_path / "missing.toml"
    msg = _error(load_scenario, str(path))
    assert "missing.toml" in msg
    assert "baseline" in msg  # lists what does exist


def test_unknown_scenario_name_suggests_close_match():
    msg = _error(load_scenario, "baselin")
    assert "baselin" in msg
    assert "'baseline'" in msg


def test_scenario_file_overrides_baseline_and_takes_its_name(tmp_path):
    path = tmp_path / "short_cycle.toml"
    path.write_text("design_cycle_quarters = 7\n")
    sc = load_scenario(path)
    base = load_scenario("baseline")
    assert sc.design_cycle_quarters == 7
    assert sc.name == "short_cycle"
    changed = {k for k in FIELDS if getattr(sc, k) != getattr(base, k)}
    assert changed <= {"design_cycle_quarters", "name"}


def test_sections_are_flattened(tmp_path):
    path = tmp_path / "sectioned.toml"
    path.write_text(
        'name = "sectioned"\n'
        "[run]\nsteps = 12\nn_enterprises = 17\n"
        "[lock_in]\nswitching_cost = 0.7\n"
        '[pricing]\nincumbent_pricing = "cost_plus"\n'
    )
    sc = load_scenario(path)
    assert (sc.steps, sc.n_enterprises, sc.switching_cost, sc.incumbent_pricing) == (12, 17, 0.7, "cost_plus")
    assert sc.name == "sectioned"


def test_bad_key_inside_a_section_is_named(tmp_path):
    path = tmp_path / "bad_section.toml"
    path.write_text("[design]\ndesign_cycle_quartres = 8\n")
    msg = _error(load_scenario, path)
    assert "design_cycle_quartres" in msg and "design_cycle_quarters" in msg


def test_bad_value_in_a_file_is_named(tmp_path):
    path = tmp_path / "bad_value.toml"
    path.write_text("price_sensitivity = -3\n")
    msg = _error(load_scenario, path)
    assert "price_sensitivity" in msg and "-3" in msg


def test_overrides_apply_after_the_file(tmp_path):
    path = tmp_path / "f.toml"
    path.write_text("steps = 12\n")
    assert load_scenario(path, {"steps": 5}).steps == 5


# --------------------------------------------------------------------------- parse_assignment
@pytest.mark.parametrize(
    "text, expected",
    [
        ("steps=10", ("steps", 10)),
        ("switching_cost=0.5", ("switching_cost", 0.5)),
        ("merchant_nre_usd=1e9", ("merchant_nre_usd", 1e9)),
        ("roadmap_sharing_prob = 0", ("roadmap_sharing_prob", 0)),
        ("flag=true", ("flag", True)),
        ("flag=false", ("flag", False)),
        ("initial_frontier=[0.1, 0.2, 0.3, 0.4, 0.5]", ("initial_frontier", [0.1, 0.2, 0.3, 0.4, 0.5])),
        ("incumbent_pricing=defensive", ("incumbent_pricing", "defensive")),
        ('incumbent_pricing="cost_plus"', ("incumbent_pricing", "cost_plus")),
        ("description=a=b", ("description", "a=b")),
    ],
)
def test_parse_assignment(text, expected):
    key, value = parse_assignment(text)
    assert (key, value) == expected
    assert type(value) is type(expected[1])


def test_parse_assignment_without_equals():
    msg = _error(parse_assignment, "design_cycle_quarters")
    assert "design_cycle_quarters" in msg


def test_parsed_bare_word_is_still_validated():
    key, value = parse_assignment("rationing_rule=fifo")
    msg = _error(load_scenario, "baseline", {key: value})
    assert "rationing_rule" in msg and "fifo" in msg


# --------------------------------------------------------------------------- replace
def test_replace_returns_a_new_validated_scenario():
    base = load_scenario("baseline")
    new = base.replace(design_cycle_quarters=6, switching_cost=1)
    assert new.design_cycle_quarters == 6 and new.switching_cost == 1.0
    assert base.design_cycle_quarters == load_scenario("baseline").design_cycle_quarters  # unchanged
    for k in FIELDS:
        if k not in ("design_cycle_quarters", "switching_cost"):
            assert getattr(new, k) == getattr(base, k)


@pytest.mark.parametrize(
    "changes, names",
    [
        ({"design_cycle_quarters": 0}, "design_cycle_quarters"),
        ({"design_cycle_quarters": 2.5}, "design_cycle_quarters"),
        ({"design_cycle_quartres": 8}, "design_cycle_quartres"),
        ({"rationing_rule": "lottery"}, "rationing_rule"),
        ({"initial_frontier": [0.1]}, "initial_frontier"),
    ],
)
def test_replace_validates(changes, names):
    msg = _error(load_scenario("baseline").replace, **changes)
    assert names in msg


# --------------------------------------------------------------------------- model overrides
def test_model_overrides_are_applied():
    model = ChipMarketModel(rng=1, steps=3, design_cycle_quarters=8, incumbent_pricing="cost_plus")
    assert model.params.steps == 3
    assert model.params.design_cycle_quarters == 8
    assert model.params.incumbent_pricing == "cost_plus"


def test_model_accepts_scenario_object_name_and_dict():
    sc = load_scenario("baseline").replace(steps=2)
    assert ChipMarketModel(sc, rng=1).params == sc
    assert ChipMarketModel("baseline", rng=1, steps=2).params == sc
    assert ChipMarketModel({"steps": 2}, rng=1).params == sc


@pytest.mark.parametrize(
    "overrides, names",
    [
        ({"design_cycle_quartres": 8}, ["design_cycle_quartres", "design_cycle_quarters"]),
        ({"steps": "ten"}, ["steps", "ten"]),
        ({"design_cycle_quarters": 7.5}, ["design_cycle_quarters", "7.5"]),
        ({"switching_cost": True}, ["switching_cost", "True"]),
        ({"price_sensitivity": -1.0}, ["price_sensitivity", "-1.0"]),
        ({"rationing_rule": "lottery"}, ["rationing_rule", "lottery", "pro_rata", "priority"]),
        ({"initial_frontier": [0.5, 0.5]}, ["initial_frontier"]),
    ],
)
def test_model_overrides_are_validated(overrides, names):
    msg = _error(ChipMarketModel, rng=1, **overrides)
    for name in names:
        assert name in msg


def test_model_rejects_bad_scenario_argument():
    msg = _error(ChipMarketModel, 42, rng=1)
    assert "int" in msg
    _error(ChipMarketModel, "no_such_scenario", rng=1)
    _error(ChipMarketModel, {"design_cycle_quartres": 8}, rng=1)


# --------------------------------------------------------------------------- CLI
def _bad_file(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


CLI_CASES = [
    # id, extra argv (a callable of tmp_path gives file-based cases their path), strings the error must name
    ("unknown-key", ["--set", "design_cycle_quartres=8"], ["design_cycle_quartres", "design_cycle_quarters"]),
    ("string-for-number", ["--set", "switching_cost=high"], ["switching_cost", "high"]),
    ("string-for-int", ["--set", "steps=ten"], ["steps", "ten"]),
    ("float-for-int", ["--set", "design_cycle_quarters=12.5"], ["design_cycle_quarters", "12.5"]),
    ("bool-for-number", ["--set", "switching_cost=true"], ["switching_cost", "True"]),
    ("out-of-range", ["--set", "design_cycle_quarters=0"], ["design_cycle_quarters", "0", "allowed"]),
    ("out-of-range-steps", ["--steps", "0"], ["steps", "0", "allowed"]),
    (
        "bad-choice",
        ["--set", "incumbent_pricing=defensve"],
        ["incumbent_pricing", "defensve", "defensive", "cost_plus"],
    ),
    ("wrong-length-list", ["--set", "initial_frontier=[0.5, 0.5]"], ["initial_frontier"]),
    ("not-an-assignment", ["--set", "design_cycle_quarters"], ["design_cycle_quarters"]),
    ("unknown-scenario", ["--scenario", "baselin"], ["baselin", "baseline"]),
    ("missing-file", lambda tmp: ["--scenario", str(tmp / "missing.toml")], ["missing.toml"]),
    (
        "malformed-toml",
        lambda tmp: ["--scenario", _bad_file(tmp, "broken.toml", "steps = = 3\n")],
        ["broken.toml", "TOML"],
    ),
    (
        "bad-key-in-file",
        lambda tmp: ["--scenario", _bad_file(tmp, "typo.toml", "[cycle]\ndesign_cycle_quartres = 8\n")],
        ["design_cycle_quartres", "design_cycle_quarters"],
    ),
    (
        "bad-value-in-file",
        lambda tmp: ["--scenario", _bad_file(tmp, "neg.toml", "n_enterprises = -5\n")],
        ["n_enterprises", "-5"],
    ),
]


@pytest.mark.parametrize("case", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_bad_input_one_line_exit_2(case, tmp_path, capsys):
    _, extra, names = case
    if callable(extra):
        extra = extra(tmp_path)
    out = tmp_path / "out"
    status = main(["run", *extra, "--quiet", "--no-figure", "--out", str(out)])
    captured = capsys.readouterr()
    assert status == 2
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    line = lines[0]
    assert line.startswith("market-sim: error:")
    assert "Traceback" not in captured.err and "Traceback" not in captured.out
    for name in names:
        assert name in line, f"{name!r} not in {line!r}"
    # Nothing was run, so nothing was written.
    assert not out.exists() or not any(out.iterdir())


def test_cli_bad_input_without_quiet_flags(tmp_path, capsys):
    status = main(["run", "--set", "design_cycle_quartres=8", "--out", str(tmp_path)])
    captured = capsys.readouterr()
    assert status == 2
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("market-sim: error:")
    assert "design_cycle_quartres" in lines[0] and "Traceback" not in captured.err


def test_cli_params_lists_every_parameter(capsys):
    assert main(["params"]) == 0
    captured = capsys.readouterr()
    listed = {m.group(1) for m in re.finditer(r"^(\w+) = ", captured.out, flags=re.MULTILINE)}
    assert listed == set(FIELDS)
    assert captured.err == ""


def test_cli_params_for_a_scenario(capsys):
    assert main(["params", "--scenario", "baseline"]) == 0
    listed = {m.group(1) for m in re.finditer(r"^(\w+) = ", capsys.readouterr().out, flags=re.MULTILINE)}
    assert listed == set(FIELDS)


def test_cli_params_unknown_scenario(capsys):
    assert main(["params", "--scenario", "baselin"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("market-sim: error:") and "baselin" in err[0]


def test_cli_scenarios_lists_builtins(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for name in builtin_scenarios():
        assert re.search(rf"^{re.escape(name)}:", out, flags=re.MULTILINE)


def test_a_frontier_lab_forbidden_to_make_cannot_have_a_scripted_programme():
    forbidden = "frontier_lab_program_year = 2024.*frontier_lab_may_make = false"
    with pytest.raises(ScenarioError, match=forbidden):
        Scenario.from_dict({"frontier_lab_may_make": False, "frontier_lab_program_year": 2024.0})
    assert not Scenario.from_dict({"frontier_lab_may_make": False}).frontier_lab_may_make
