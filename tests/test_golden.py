"""Golden outputs: every table of six reference runs, as the model produced them when they were stored.

A change that moves structure must leave these unchanged; a change of the economics bumps
``MODEL_VERSION`` and refreshes them in the same commit:

    .venv/bin/python tests/test_golden.py --refresh

Discrete columns (counts, names, statuses, events) must match exactly; floating-point columns to
``rtol=1e-9`` plus ``atol=1e-12`` times the column's scale (its largest value, at least 1), so
rounding residue (an unmet share of 4e-16) cannot fail the test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from market_sim import ChipMarketModel
from market_sim.outputs import run_model, tables
from market_sim.version import MODEL_VERSION

GOLDEN = Path(__file__).parent / "golden"
RUNS = [
    (scenario, seed)
    for scenario in ("baseline", "reasoning_models", "lab_vertical_integration")
    for seed in (1, 2)
]
RTOL, ATOL_SCALE = 1e-9, 1e-12


def run_tables(scenario: str, seed: int) -> dict[str, pd.DataFrame]:
    return tables(run_model(ChipMarketModel(scenario, rng=seed)))


def assert_table_matches(name: str, got: pd.DataFrame, want: pd.DataFrame) -> None:
    assert list(got.columns) == list(want.columns), (
        f"{name}: columns {list(got.columns)} != {list(want.columns)}"
    )
    assert len(got) == len(want), f"{name}: {len(got)} rows, golden has {len(want)}"
    for col in want.columns:
        a, b = got[col].to_numpy(), want[col].to_numpy()
        if pd.api.types.is_float_dtype(want[col].dtype):
            # The column's scale, at least 1: a share's residue of 4e-16 is noise against its unit.
            scale = max(float(np.nanmax(np.abs(b))) if np.isfinite(b).any() else 1.0, 1.0)
            a = a.astype(float)
            ok = np.isclose(a, b, rtol=RTOL, atol=ATOL_SCALE * scale, equal_nan=True)
        else:
            ok = np.array(
                [x == y or (pd.isna(x) and pd.isna(y)) for x, y in zip(a, b, strict=True)], dtype=bool
            )
        if not ok.all():
            i = int(np.flatnonzero(~ok)[0])
            raise AssertionError(
                f"{name}.{col}: {int((~ok).sum())} of {len(ok)} rows differ; first at row {i}: "
                f"{a[i]!r} != golden {b[i]!r}"
            )


def test_golden_files_are_for_this_model_version():
    stored = json.loads((GOLDEN / "version.json").read_text())["model_version"]
    assert stored == MODEL_VERSION, (
        f"golden files are for MODEL_VERSION {stored}, the model is {MODEL_VERSION}: "
        "refresh them with `.venv/bin/python tests/test_golden.py --refresh` in the commit that bumps it"
    )


@pytest.mark.parametrize(("scenario", "seed"), RUNS, ids=[f"{s}-{k}" for s, k in RUNS])
def test_every_table_matches_the_golden_run(scenario, seed):
    folder = GOLDEN / f"{scenario}_seed{seed}"
    got = run_tables(scenario, seed)
    stored = sorted(p.stem for p in folder.glob("*.parquet"))
    assert sorted(got) == stored, f"tables {sorted(got)} != golden {stored}"
    for name in stored:
        assert_table_matches(
            f"{scenario} seed {seed} {name}", got[name], pd.read_parquet(folder / f"{name}.parquet")
        )


def refresh() -> None:
    for scenario, seed in RUNS:
        folder = GOLDEN / f"{scenario}_seed{seed}"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.parquet"):
            old.unlink()
        for name, df in run_tables(scenario, seed).items():
            df.to_parquet(folder / f"{name}.parquet", index=False, compression="zstd")
        print(f"wrote {folder}")
    (GOLDEN / "version.json").write_text(json.dumps({"model_version": MODEL_VERSION}) + "\n")


if __name__ == "__main__" and sys.argv[1:] == ["--refresh"]:
    refresh()
