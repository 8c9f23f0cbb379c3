"""The run, its population (M9, M10 at the start) and the workload space (M1)."""

from __future__ import annotations

from dataclasses import dataclass

from .declare import parameter as _p


@dataclass(frozen=True)
class WorldParameters:
    """The run, its population (M9, M10 at the start) and the workload space (M1)."""

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
        "year frontier lab 1 launches its own chip programme whatever its make-or-buy review says "
        "(0 = none; 2020 = at the start)",
        "year",
        0.0,
        2100.0,
    )
    frontier_lab_may_make: bool = _p(
        True,
        "frontier lab 1 may launch its own chip programme (false: it buys chips throughout, whatever its "
        "make-or-buy review says; the counterfactual of seed 000's thesis)",
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
    hyperscaler_lag_quarters: int = _p(
        2, "quarters a hyperscaler's own services lag the frontier", "quarters", 0, 40
    )
    enterprise_budget_sigma: float = _p(
        1.0, "s.d. of log enterprise budgets (lognormal with the given mean)", "", 0.0, 5.0
    )
