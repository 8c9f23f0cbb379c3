"""Causal tests: controlled experiments on the model.

Each test runs two arms with the same seeds (common random numbers: the model draws each
subsystem's noise from its own stream), changes one lever, averages a measure over replications and
asserts the direction the economics predicts, at least ``min_se`` standard errors from zero AND at
least a minimum effect in the measure's own units (a side effect 1 % of the real one can be many
standard errors wide with paired seeds; it cannot be as large as the mechanism's effect).

Each test's assertion is a ``check_*`` function of the arms, so that ``test_neutralised.py`` can
switch the mechanism off and show that the same check then fails.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from market_sim import ChipMarketModel
from market_sim.economics import design
from market_sim.kinds import SupplierKind
from market_sim.outputs import run_model, tables

SEEDS = tuple(range(1, 11))


def run_arm(seeds=SEEDS, *, observe_chips: bool = False, **overrides) -> list[dict[str, pd.DataFrame]]:
    """Run one arm of an experiment: the baseline with ``overrides``, one run per seed.

    ``observe_chips`` also records, every quarter, how far each merchant's and start-up's chip on the
    market is from the workload its customers run (``_chips``): what the shipped chip does, which the
    projects' recorded forecast error (the frozen spec) cannot show.
    """
    out = []
    for seed in seeds:
        model = ChipMarketModel(rng=seed, **overrides)
        rows = []
        if observe_chips:
            while model.running:
                model.step()
                rows.extend(chips_on_market(model))
        else:
            run_model(model)
        out.append(tables(model) | {"_model": model, "_chips": pd.DataFrame(rows)})
    return out


def chips_on_market(model) -> list[dict]:
    """One row per vendor with a chip on the market: the distance of the chip it sells from the
    design target of the workload its customers run this quarter (M2/M3's forecast error, measured on
    the chip as shipped rather than on the project's frozen spec)."""
    rows = []
    for v in model.vendors:
        if v.chip is None:
            continue
        target = design.design_target(v.served_workload(), v.focus)
        rows.append(
            {
                "step": model.t,
                "vendor": v.name,
                "merchant": v.kind in (SupplierKind.MERCHANT, SupplierKind.START_UP),
                "chip": v.chip.chip_id,
                "age": model.t - v.chip.ship_step,
                "distance": float(np.linalg.norm(np.asarray(v.chip.spec) - target)),
            }
        )
    return rows


def paired_difference(treated: list[float], control: list[float]) -> tuple[float, float]:
    """Mean and standard error of the per-seed difference treated - control."""
    d = np.asarray(treated, dtype=float) - np.asarray(control, dtype=float)
    return float(d.mean()), float(d.std(ddof=1) / np.sqrt(len(d)))


def minimum(control_mean: float, min_effect: float | None, min_relative: float | None) -> float:
    """The smallest effect a test accepts: absolute (``min_effect``, in the measure's units), or a
    fraction of the control's mean (``min_relative``), or the larger of the two."""
    if min_effect is None and min_relative is None:
        raise TypeError("a causal check states its minimum effect: give min_effect or min_relative")
    floor = 0.0 if min_effect is None else float(min_effect)
    if min_relative is not None:
        floor = max(floor, float(min_relative) * abs(control_mean))
    return floor


def assert_effect(
    treated,
    control,
    direction: int,
    *,
    min_effect: float | None = None,
    min_relative: float | None = None,
    min_se: float = 3.0,
    label: str = "",
) -> None:
    """Assert mean(treated - control) has the predicted sign, is at least ``min_se`` standard errors
    from 0, and is at least the minimum effect (``min_effect`` in the measure's units and/or
    ``min_relative`` times the control's mean)."""
    mean, se = paired_difference(treated, control)
    floor = minimum(float(np.mean(control)), min_effect, min_relative)
    print(
        f"EFFECT {label}: control {np.mean(control):.4g}, treated {np.mean(treated):.4g}, "
        f"difference {mean:.4g} (s.e. {se:.3g}, minimum {floor:.4g})"
    )
    msg = f"{label}: mean difference {mean:.4g} (s.e. {se:.3g}), expected sign {direction:+d}"
    assert direction * mean > 0, msg
    assert abs(mean) > min_se * se, f"{msg}: fewer than {min_se} standard errors"
    assert direction * mean >= floor, f"{msg}: smaller than the minimum effect {floor:.4g}"


def assert_consistent(
    treated,
    control,
    direction: int,
    *,
    min_effect: float | None = None,
    min_relative: float | None = None,
    min_fraction: float = 0.9,
    label: str = "",
) -> None:
    """Sign test for effects whose size varies a lot between seeds: the predicted direction in at
    least ``min_fraction`` of the paired replications (10 of 10 seeds has p < 0.001 under no effect),
    and a mean effect of at least the minimum (as in :func:`assert_effect`)."""
    d = direction * (np.asarray(treated, dtype=float) - np.asarray(control, dtype=float))
    floor = minimum(float(np.mean(control)), min_effect, min_relative)
    print(
        f"EFFECT {label}: control {np.mean(control):.4g}, treated {np.mean(treated):.4g}, "
        f"predicted direction in {(d > 0).sum()} of {len(d)} seeds, mean effect {d.mean():.4g} "
        f"(minimum {floor:.4g})"
    )
    assert (d > 0).mean() >= min_fraction, (
        f"{label}: effect in the predicted direction in {(d > 0).sum()} of {len(d)} seeds"
    )
    assert d.mean() > 0, f"{label}: mean effect {direction * d.mean():.4g} has the wrong sign"
    assert d.mean() >= floor, f"{label}: mean effect {d.mean():.4g} smaller than the minimum {floor:.4g}"


def window(df: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    return df[(df["step"] >= first) & (df["step"] <= last)]


class ArmCache:
    """Experiment arms by (steps, seeds, overrides): each arm is run once per process."""

    def __init__(self):
        self.cache: dict[tuple, list] = {}

    def __call__(self, steps: int = 40, seeds=SEEDS, observe_chips: bool = False, **overrides):
        key = (steps, tuple(seeds), observe_chips, repr(sorted(overrides.items())))
        if key not in self.cache:
            self.cache[key] = run_arm(seeds, observe_chips=observe_chips, steps=steps, **overrides)
        return self.cache[key]


@pytest.fixture(scope="session")
def arms():
    """Cache of experiment arms shared by tests in one worker: arms(steps=..., **overrides) -> runs."""
    return ArmCache()


def current_generation(r, vendor: str, first: int, last: int) -> pd.DataFrame:
    """A vendor's products over the window that were its current generation (the latest it sold) in
    their quarter: what its list price is set for, without the parts it runs down."""
    products = window(r["products"], first, last)
    mine = products[(products["vendor"] == vendor) & (products["units"] > 0)]
    return mine[mine["ship_step"] == mine.groupby("step")["ship_step"].transform("max")]
