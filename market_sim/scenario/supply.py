"""Chip design: design cycles (M2), information asymmetry (M3), fit and process technology (M4)."""

from __future__ import annotations

from dataclasses import dataclass

from .declare import parameter as _p


@dataclass(frozen=True)
class SupplyParameters:
    """Chip design: design cycles (M2), information asymmetry (M3), fit and process technology (M4)."""

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
    incumbent_next_ship_step: int = _p(
        1, "quarter (step) the incumbent's next chip ships (A100: 2020Q2); its chip on the market in "
        "2020Q1 shipped a cadence earlier", "step", 1, 40,
    )  # fmt: skip
    challenger_next_ship_step: int = _p(
        3, "quarter (step) the challenger's next chip ships (MI100: 2020Q4)", "step", 1, 40
    )
    cpu_vendor_next_ship_step: int = _p(
        6, "quarter (step) the CPU vendor's next accelerator ships; after its cadence, it has none on "
        "the market in 2020Q1", "step", 1, 40,
    )  # fmt: skip
    first_design_failure_prob: float = _p(
        0.35, "probability a designer's first chip fails", "probability", 0.0, 1.0
    )
    later_design_failure_prob: float = _p(
        0.08, "probability a later chip's first silicon fails", "probability", 0.0, 1.0
    )
    respin_quarters: int = _p(
        2, "quarters a later chip whose first silicon fails ships late after a respin "
        "(0 = no respin: the generation is lost, as before model version 20)", "quarters", 0, 8,
    )  # fmt: skip
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

    pre_2020_forecast_noise: float = _p(
        0.02, "s.d. of the error in specs of projects started before 2020 (frozen at what signals showed)",
        "workload units", 0.0, 1.0,
    )  # fmt: skip
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
        0.6199, "effective performance lost on a platform of zero software maturity", "fraction", 0.0, 0.95
    )
