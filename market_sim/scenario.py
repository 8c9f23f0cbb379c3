"""One validated parameter object per scenario, read from TOML.

Every parameter of the model is declared once here, with its type, unit, allowed range and
meaning. Scenario files (``market_sim/scenarios/*.toml``) override parameters by the same
names; ``baseline.toml`` is the calibrated reference that every thesis scenario changes only a
few keys of. Bad input (unknown key, wrong type, value out of range, malformed TOML) raises
:class:`ScenarioError`, whose message names the key, the value and what is allowed.
"""

from __future__ import annotations

import dataclasses
import difflib
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .economics.workload import DIMENSION_NAMES as WORKLOAD_DIMENSIONS

PRICING_STRATEGIES = ("cost_plus", "value_based", "penetration", "defensive")
RATIONING_RULES = ("pro_rata", "priority")


class ScenarioError(ValueError):
    """A scenario key, type, value or file is wrong; the message says which and what is allowed."""


def _p(default, doc: str, unit: str = "", lo=None, hi=None, choices=None, length=None):
    """Declare a parameter: default, meaning, unit and the allowed range or choices."""
    meta = {"doc": doc, "unit": unit, "lo": lo, "hi": hi, "choices": choices, "length": length}
    if isinstance(default, list):
        return field(default_factory=lambda: list(default), metadata=meta)
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class Scenario:
    """Every parameter of a run. Rates are per quarter unless the name says per year."""

    name: str = _p("baseline", "scenario name, written to run.json")
    description: str = _p("", "what the scenario is about")

    # --- run and population -------------------------------------------------------------
    steps: int = _p(64, "quarters to simulate; step 0 is 2020Q1", "quarters", 1, 200)
    n_enterprises: int = _p(300, "enterprises in the vectorised population", "count", 0, 2_000_000)
    n_frontier_labs: int = _p(2, "frontier AI labs (define the workload frontier)", "count", 1, 12)
    n_open_labs: int = _p(2, "open-model labs (follow the frontier with a lag)", "count", 0, 12)
    n_hyperscalers: int = _p(4, "hyperscalers (own demand, resell compute as cloud)", "count", 1, 12)
    n_startups: int = _p(2, "chip start-ups present in 2020Q1", "count", 0, 20)
    hyperscalers_with_chip: int = _p(
        1, "hyperscalers whose in-house chip is already shipping in 2020Q1 (TPU-like)", "count", 0, 12
    )
    hyperscalers_with_program: int = _p(
        1, "further hyperscalers with an in-house programme under way in 2020Q1", "count", 0, 12
    )
    frontier_lab_program_year: float = _p(
        0.0,
        "year frontier lab 1 launches its own chip programme whatever its make-or-buy review says (0 = none; 2020 = at the start)",
        "year",
        0.0,
        2100.0,
    )

    # --- M1 workload space --------------------------------------------------------------
    initial_frontier: list = _p(
        [0.8, 0.4, 0.1, 0.2, 0.2],
        "frontier workload in 2020Q1 (dense, memory bw, sparsity, low precision, inference intensity)",
        "[0,1]^5",
        0.0,
        1.0,
        length=5,
    )
    workload_drift: list = _p(
        [-0.004, 0.006, 0.012, 0.010, 0.012],
        "frontier drift per quarter, per dimension",
        "per quarter",
        -0.1,
        0.1,
        length=5,
    )
    workload_noise: float = _p(0.01, "s.d. of the frontier's quarterly random walk", "per quarter", 0.0, 0.2)
    discontinuity_hazard: float = _p(
        0.015, "probability per quarter of an unscripted workload discontinuity", "per quarter", 0.0, 0.5
    )
    discontinuity_size: float = _p(
        0.2, "size of an unscripted discontinuity's jump", "workload units", 0.0, 1.0
    )
    reasoning_shift_year: float = _p(
        0.0,
        "year of a scripted reasoning-model shift (0 = none): inference intensity and memory bandwidth jump",
        "year",
        0.0,
        2100.0,
    )
    reasoning_shift_size: float = _p(
        0.2,
        "jump in inference intensity at the reasoning shift (memory bandwidth jumps half as much)",
        "workload units",
        0.0,
        1.0,
    )
    sparse_shift_year: float = _p(
        0.0, "year of a scripted dense-to-sparse shift (0 = none)", "year", 0.0, 2100.0
    )
    sparse_shift_size: float = _p(
        0.25,
        "jump in sparsity at the sparse shift (dense compute falls half as much)",
        "workload units",
        0.0,
        1.0,
    )
    open_lab_lag_quarters: int = _p(4, "quarters open-model labs lag the frontier", "quarters", 0, 40)
    enterprise_lag_quarters: int = _p(10, "quarters enterprises lag the frontier", "quarters", 0, 40)
    enterprise_small_model_drift: float = _p(
        0.004,
        "enterprises' drift toward small models per quarter (dense down, low precision up)",
        "per quarter",
        0.0,
        0.1,
    )
    lab_workload_spread: float = _p(
        0.05, "s.d. of a lab's fixed offset from the workload it follows", "workload units", 0.0, 0.5
    )
    enterprise_workload_spread: float = _p(
        0.08, "s.d. of an enterprise's fixed offset from the enterprise workload", "workload units", 0.0, 0.5
    )

    # --- M2 design cycles ---------------------------------------------------------------
    design_cycle_quarters: int = _p(
        12, "quarters from project start (spec frozen) to ship", "quarters", 1, 40
    )
    tapeout_lead_quarters: int = _p(
        4, "a chip uses the process node available this many quarters before it ships", "quarters", 0, 12
    )
    incumbent_cadence_quarters: int = _p(
        8, "quarters between the incumbent's project starts", "quarters", 1, 24
    )
    incumbent_cadence_after_switch: int = _p(
        4, "the incumbent's cadence after its cadence switch", "quarters", 1, 24
    )
    incumbent_cadence_switch_year: float = _p(
        2024.5, "year the incumbent moves to its new cadence (0 = never)", "year", 0.0, 2100.0
    )
    merchant_cadence_quarters: int = _p(
        8, "quarters between project starts of other established vendors", "quarters", 1, 24
    )
    startup_cadence_quarters: int = _p(12, "quarters between a start-up's project starts", "quarters", 1, 40)
    in_house_cadence_quarters: int = _p(
        8, "quarters between an in-house programme's project starts", "quarters", 1, 24
    )
    first_design_failure_prob: float = _p(
        0.35, "probability a designer's first chip fails", "probability", 0.0, 1.0
    )
    later_design_failure_prob: float = _p(0.08, "probability a later chip fails", "probability", 0.0, 1.0)
    merchant_nre_usd: float = _p(
        5e8, "NRE of an established vendor's chip project, spread over the cycle", "USD", 0.0, 1e11
    )
    startup_nre_usd: float = _p(1.5e8, "NRE of a start-up's chip project", "USD", 0.0, 1e11)
    in_house_nre_usd: float = _p(
        2e8, "NRE of an in-house chip project (the essays' ~$200M tape-out)", "USD", 0.0, 1e11
    )

    # --- M3 information asymmetry -------------------------------------------------------
    roadmap_sharing_prob: float = _p(
        0.5,
        "probability a lab shares its roadmap with an outside vendor at a project start",
        "probability",
        0.0,
        1.0,
    )
    roadmap_noise: float = _p(
        0.06,
        "s.d. of a shared roadmap's error at the design horizon (it is not designed yet)",
        "workload units",
        0.0,
        1.0,
    )
    in_house_roadmap_noise: float = _p(
        0.01,
        "s.d. of the error with which a lab's own chip team sees its roadmap",
        "workload units",
        0.0,
        1.0,
    )
    closeness_scale: float = _p(
        0.3,
        "distance to the frontier at which a customer's signal weight falls by 1/e",
        "workload units",
        0.01,
        10.0,
    )

    # --- M4 fit and process technology --------------------------------------------------
    incumbent_breadth: float = _p(0.6, "breadth of the incumbent's GPUs", "workload units", 0.05, 5.0)
    challenger_breadth: float = _p(
        0.5, "breadth of the challenger GPU vendor's chips", "workload units", 0.05, 5.0
    )
    cpu_vendor_breadth: float = _p(
        0.4, "breadth of the CPU incumbent's accelerator line", "workload units", 0.05, 5.0
    )
    startup_breadth: float = _p(0.25, "breadth of a start-up's chip", "workload units", 0.05, 5.0)
    in_house_breadth: float = _p(
        0.2, "breadth of an in-house chip (the narrowest)", "workload units", 0.05, 5.0
    )
    specialisation_gain: float = _p(0.15, "kappa in peak = P_node (1 + kappa / breadth)", "", 0.0, 5.0)
    inference_dim_weight: float = _p(
        0.5, "weight of the inference-intensity dimension in workload distance", "", 0.0, 5.0
    )
    node_doubling_years: float = _p(
        2.46, "years for peak compute per chip-dollar to double (Epoch AI: 2.46)", "years", 0.5, 20.0
    )
    algorithmic_efficiency_per_year: float = _p(
        0.0, "extra yearly gain in effective compute from architecture and software", "per year", 0.0, 10.0
    )
    maturity_perf_penalty: float = _p(
        0.7, "effective performance lost on a platform of zero software maturity", "fraction", 0.0, 0.95
    )

    # --- M5 ecosystem lock-in -----------------------------------------------------------
    switching_cost: float = _p(
        1.5,
        "cost of moving compute per unit of maturity gap, as a fraction of cost per effective unit",
        "fraction",
        0.0,
        10.0,
    )
    maturity_installed_base_gain: float = _p(
        0.06, "alpha: maturity gained per quarter per unit of installed-base share", "per quarter", 0.0, 1.0
    )
    maturity_investment_gain: float = _p(
        0.03,
        "beta: maturity gained per quarter per unit of software-investment share",
        "per quarter",
        0.0,
        1.0,
    )
    maturity_decay: float = _p(
        0.03, "delta: share of maturity lost per quarter without renewal", "per quarter", 0.0, 1.0
    )
    incumbent_maturity: float = _p(0.9, "incumbent's software maturity in 2020 (CUDA)", "[0,1]", 0.0, 1.0)
    challenger_maturity: float = _p(0.35, "challenger's maturity in 2020 (ROCm)", "[0,1]", 0.0, 1.0)
    cpu_vendor_maturity: float = _p(0.3, "CPU vendor's accelerator maturity in 2020", "[0,1]", 0.0, 1.0)
    startup_maturity: float = _p(0.15, "a start-up's maturity at entry", "[0,1]", 0.0, 1.0)
    in_house_maturity: float = _p(
        0.45,
        "an in-house platform's maturity at launch, and the floor its owner's stack keeps it at",
        "[0,1]",
        0.0,
        1.0,
    )
    portability_start: float = _p(0.0, "portability (Triton/ROCm-like layers) in 2020", "[0,1]", 0.0, 1.0)
    portability_growth_per_year: float = _p(0.03, "yearly rise in portability", "per year", 0.0, 1.0)
    portability_max: float = _p(0.5, "ceiling of portability", "[0,1]", 0.0, 1.0)

    # --- M6 pricing and negotiation -----------------------------------------------------
    incumbent_pricing: str = _p("defensive", "incumbent's pricing strategy", choices=PRICING_STRATEGIES)
    challenger_pricing: str = _p(
        "cost_plus", "challenger GPU vendor's pricing strategy", choices=PRICING_STRATEGIES
    )
    cpu_vendor_pricing: str = _p("cost_plus", "CPU vendor's pricing strategy", choices=PRICING_STRATEGIES)
    startup_pricing: str = _p("penetration", "start-ups' pricing strategy", choices=PRICING_STRATEGIES)
    incumbent_markup: float = _p(
        3.0, "incumbent's target markup over unit cost (gross margin = m / (1 + m))", "", 0.0, 20.0
    )
    challenger_markup: float = _p(0.9, "challenger's target markup", "", 0.0, 20.0)
    cpu_vendor_markup: float = _p(0.8, "CPU vendor's target markup", "", 0.0, 20.0)
    startup_markup: float = _p(0.8, "start-ups' target markup", "", 0.0, 20.0)
    penetration_markup: float = _p(0.4, "markup while below the penetration share target", "", 0.0, 20.0)
    penetration_share_target: float = _p(
        0.05, "revenue share above which a penetration pricer returns to its target markup", "share", 0.0, 1.0
    )
    defensive_markup_cut: float = _p(
        2.0, "gamma: markup cut per unit of revenue share lost from its peak", "", 0.0, 100.0
    )
    markup_floor: float = _p(0.3, "lowest markup a defensive pricer goes to", "", 0.0, 20.0)
    value_capture: float = _p(
        0.5,
        "share of the buyer's surplus over its next-best option a value-based pricer takes",
        "share",
        0.0,
        1.0,
    )
    vendor_bargaining_power: float = _p(
        0.5, "theta in p = c + theta (V_out - c) for large buyers", "share", 0.0, 1.0
    )
    max_negotiated_discount: float = _p(
        0.25,
        "largest discount off list a vendor concedes in bargaining (its walk-away price)",
        "fraction",
        0.0,
        1.0,
    )
    in_house_overhead: float = _p(
        1.0,
        "design partner's margin over foundry cost on an in-house chip (Broadcom-like)",
        "fraction",
        0.0,
        5.0,
    )

    # --- M7 procurement and supply ------------------------------------------------------
    price_sensitivity: float = _p(
        10.0, "beta of the logit over relative cost per effective unit", "", 0.0, 200.0
    )
    procurement_inertia: float = _p(
        0.5,
        "share of last quarter's supplier mix a buyer carries over (contracts, allocations)",
        "fraction",
        0.0,
        0.99,
    )
    cloud_markup: float = _p(
        0.3, "hyperscaler's markup when reselling compute as cloud", "fraction", 0.0, 5.0
    )
    lab_direct_overhead: float = _p(
        0.15, "extra cost for a lab to own and run chips itself rather than rent", "fraction", 0.0, 5.0
    )
    enterprise_direct_overhead: float = _p(
        0.5, "extra cost for an enterprise to own and run chips itself", "fraction", 0.0, 5.0
    )
    unit_cost_usd: float = _p(
        2500.0, "foundry cost of one accelerator package (wafer, HBM, packaging)", "USD per unit", 1.0, 1e6
    )
    running_cost_usd: float = _p(
        1500.0, "lifetime power and operations cost of one accelerator", "USD per unit", 0.0, 1e6
    )
    foundry_capacity_units: float = _p(
        700_000.0, "foundry packaging capacity in 2020Q1", "units per quarter", 0.0, 1e12
    )
    foundry_capacity_growth_per_year: float = _p(
        0.45, "yearly growth of foundry capacity", "per year", -0.9, 10.0
    )
    rationing_rule: str = _p(
        "pro_rata",
        "how scarce capacity is shared: pro rata, or by priority: hyperscalers (their own and all cloud capacity), then labs, then enterprises' direct orders",
        choices=RATIONING_RULES,
    )
    chip_life_quarters: int = _p(20, "quarters an installed chip delivers compute", "quarters", 1, 80)

    # --- M8 make or buy -----------------------------------------------------------------
    make_or_buy_review_quarters: int = _p(
        4, "quarters between a buyer's make-or-buy reviews", "quarters", 1, 40
    )
    codesign_gain: float = _p(
        0.3, "cost saving of a co-designed chip on its owner's inference", "fraction", 0.0, 1.0
    )
    negotiating_discount: float = _p(
        0.1, "discount on merchant spend a programme is expected to win", "fraction", 0.0, 1.0
    )
    team_cost_usd_per_year: float = _p(1e8, "yearly cost of a hardware team", "USD per year", 0.0, 1e11)
    hiring_quarters: int = _p(
        4, "quarters to hire a hardware team before the first project starts", "quarters", 0, 40
    )
    program_horizon_quarters: int = _p(
        16, "quarters of savings a make-or-buy review counts", "quarters", 1, 80
    )
    make_or_buy_hurdle: float = _p(2.0, "savings must exceed hurdle x (NRE + team cost)", "", 0.0, 100.0)

    # --- M9 demand and business model ---------------------------------------------------
    frontier_lab_budget_usd: float = _p(
        1.5e8, "a frontier lab's compute budget in 2020Q1", "USD per quarter", 0.0, 1e13
    )
    open_lab_budget_usd: float = _p(
        4e7, "an open-model lab's compute budget in 2020Q1", "USD per quarter", 0.0, 1e13
    )
    hyperscaler_budget_usd: float = _p(
        4e8, "a hyperscaler's own (non-resale) compute budget in 2020Q1", "USD per quarter", 0.0, 1e13
    )
    enterprise_budget_usd: float = _p(
        2e6, "mean enterprise compute budget in 2020Q1 (lognormal)", "USD per quarter", 0.0, 1e12
    )
    lab_growth_per_year: float = _p(
        1.3, "yearly growth of labs' revenue-funded compute budgets in 2020", "per year", -0.9, 20.0
    )
    hyperscaler_growth_per_year: float = _p(
        0.9, "yearly growth of hyperscalers' AI budgets in 2020", "per year", -0.9, 20.0
    )
    enterprise_growth_per_year: float = _p(
        0.7, "yearly growth of enterprise AI budgets in 2020", "per year", -0.9, 20.0
    )
    growth_halflife_years: float = _p(
        5.0, "years for budget growth rates to halve (booms slow)", "years", 0.1, 1000.0
    )
    book_life_quarters: int = _p(12, "quarters over which installed chips are depreciated", "quarters", 1, 80)

    # --- M10 entry and exit -------------------------------------------------------------
    startup_entry_rate: float = _p(
        0.12, "expected start-up entries per quarter (Poisson)", "per quarter", 0.0, 10.0
    )
    startup_funding_usd: float = _p(6e8, "mean funding a start-up enters with", "USD", 0.0, 1e12)
    startup_opex_usd: float = _p(
        3e7, "a start-up's operating cost per quarter besides NRE", "USD per quarter", 0.0, 1e11
    )
    acquisition_fit_threshold: float = _p(
        0.55,
        "a start-up out of cash is acquired (not closed) if its chip's fit to the frontier is at least this",
        "[0,1]",
        0.0,
        1.0,
    )
    inference_startup_share: float = _p(
        0.5, "probability an entering start-up designs an inference-specialised chip", "probability", 0.0, 1.0
    )

    def __post_init__(self):
        for f in dataclasses.fields(self):
            _check_value(f, getattr(self, f.name))
        if self.hyperscalers_with_chip + self.hyperscalers_with_program > self.n_hyperscalers:
            raise ScenarioError(
                f"hyperscalers_with_chip + hyperscalers_with_program = "
                f"{self.hyperscalers_with_chip + self.hyperscalers_with_program} exceeds "
                f"n_hyperscalers = {self.n_hyperscalers}; allowed: a sum of at most n_hyperscalers"
            )

    # -- construction ------------------------------------------------------------------
    @classmethod
    def from_dict(cls, values: dict[str, Any], base: Scenario | None = None) -> Scenario:
        """Override ``base`` (default: the built-in defaults) with ``values``, validating each."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        for key in values:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=3)
                hint = f"; did you mean {', '.join(close)}?" if close else ""
                raise ScenarioError(
                    f"unknown scenario key '{key}'{hint} (see `market-sim params` for all keys)"
                )
        merged = dataclasses.asdict(base) if base is not None else {}
        merged.update({k: _coerce(known[k], v) for k, v in values.items()})
        return cls(**merged)

    def replace(self, **changes) -> Scenario:
        return Scenario.from_dict(changes, base=self)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def describe(cls) -> list[dict[str, Any]]:
        """Every parameter with its default, unit, range and meaning (for docs and `market-sim params`)."""
        out = []
        for f in dataclasses.fields(cls):
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            out.append({"key": f.name, "default": default, **f.metadata})
        return out


def _type_name(f) -> str:
    return {
        "int": "an integer",
        "float": "a number",
        "bool": "true or false",
        "str": "a string",
        "list": "a list of numbers",
    }[f.type]


def _coerce(f, value):
    """Accept ints where floats are expected; nothing else is converted silently."""
    if f.type == "float" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if f.type == "list" and isinstance(value, tuple):
        return list(value)
    return value


def _check_value(f, value) -> None:
    meta = f.metadata
    expected = {"int": int, "float": float, "bool": bool, "str": str, "list": list}[f.type]
    ok_type = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        ok_type = True
    if not ok_type:
        raise ScenarioError(
            f"scenario key '{f.name}' = {value!r} has the wrong type; allowed: {_type_name(f)}"
        )
    if meta.get("choices") and value not in meta["choices"]:
        close = difflib.get_close_matches(str(value), meta["choices"], n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ScenarioError(
            f"scenario key '{f.name}' = {value!r} is not allowed{hint}; allowed: {', '.join(meta['choices'])}"
        )
    items = value if expected is list else [value]
    if expected is list:
        if meta.get("length") and len(value) != meta["length"]:
            raise ScenarioError(
                f"scenario key '{f.name}' = {value!r} must have {meta['length']} numbers, one per workload dimension ({', '.join(WORKLOAD_DIMENSIONS)})"
            )
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
            raise ScenarioError(
                f"scenario key '{f.name}' = {value!r} has the wrong type; allowed: {_type_name(f)}"
            )
    lo, hi = meta.get("lo"), meta.get("hi")
    for v in items:
        if lo is not None and hi is not None and not (lo <= v <= hi):
            raise ScenarioError(
                f"scenario key '{f.name}' = {value!r} is out of range; allowed: {lo} to {hi} {meta.get('unit', '')}".rstrip()
            )


# -- files --------------------------------------------------------------------------------
def builtin_scenarios() -> list[str]:
    """Names of the scenario files shipped in the package."""
    folder = resources.files("market_sim") / "scenarios"
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def _read_toml(text: str, where: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"malformed TOML in {where}: {exc}") from None
    # Allow [sections] for readability: their keys are flattened (section names are not keys).
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update(value)
        else:
            flat[key] = value
    return flat


def load_scenario(name_or_path: str | Path = "baseline", overrides: dict[str, Any] | None = None) -> Scenario:
    """Read a built-in scenario by name, or a TOML file by path, on top of the baseline.

    A thesis scenario file lists only the keys it changes; everything else comes from
    ``baseline.toml``. ``overrides`` (e.g. from ``--set``) are applied last.
    """
    base = Scenario.from_dict(_read_toml(_builtin_text("baseline"), "baseline.toml"))
    path = Path(name_or_path)
    if str(name_or_path) == "baseline":
        scenario = base
    elif path.suffix == ".toml" or path.exists():
        if not path.is_file():
            raise ScenarioError(
                f"scenario file '{path}' does not exist; built-in scenarios: {', '.join(builtin_scenarios())}"
            )
        values = _read_toml(path.read_text(), str(path))
        values.setdefault("name", path.stem)
        scenario = Scenario.from_dict(values, base=base)
    else:
        names = builtin_scenarios()
        if str(name_or_path) not in names:
            close = difflib.get_close_matches(str(name_or_path), names, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ScenarioError(
                f"unknown scenario '{name_or_path}'{hint}; allowed: {', '.join(names)} or a path to a .toml file"
            )
        values = _read_toml(_builtin_text(str(name_or_path)), f"{name_or_path}.toml")
        values.setdefault("name", str(name_or_path))
        scenario = Scenario.from_dict(values, base=base)
    return scenario.replace(**overrides) if overrides else scenario


def _builtin_text(name: str) -> str:
    return (resources.files("market_sim") / "scenarios" / f"{name}.toml").read_text()


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse a ``--set key=value`` assignment; the value is read as a TOML value."""
    if "=" not in text:
        raise ScenarioError(f"--set '{text}' is not of the form key=value")
    key, raw = (s.strip() for s in text.split("=", 1))
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw  # a bare word such as defensive is a string
    return key, value
