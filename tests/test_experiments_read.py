"""The one reader of a sweep (`read_sweep` -> `Sweep`), the swept keys the store records, and its layout."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from market_sim.experiments import Experiment, ExperimentError, Sweep, read_sweep, run_sweep

ROOT = Path(__file__).resolve().parents[1]
GRID_AND_SAMPLE = Experiment(
    name="read",
    scenarios=("baseline", "reasoning_models"),
    seeds=(1, 2),
    fixed={"steps": 4, "n_enterprises": 20},
    grid={"design_cycle_quarters": [8, 12]},
    sample={"method": "latin", "n": 2, "seed": 1, "bounds": {"switching_cost": [0.5, 2.0]}},
    tables=("model", "vendors"),
)


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("read")
    report = run_sweep(GRID_AND_SAMPLE, out, executor="serial", progress=False)
    assert (report.total, report.done, report.failed) == (16, 16, 0)
    return out


def test_the_reader_gives_experiment_plan_swept_keys_and_tables(sweep_dir):
    sweep = read_sweep(sweep_dir, ("model",))
    assert isinstance(sweep, Sweep) and sweep.out == sweep_dir
    assert sweep.experiment == GRID_AND_SAMPLE
    assert sweep.swept_keys == ("design_cycle_quarters", "switching_cost")
    assert len(sweep.plan) == 16 and set(sweep.tables) == {"model"}
    assert sweep["model"] is sweep.tables["model"] and sweep["plan"] is sweep.plan
    assert sweep.scenarios == ["baseline", "reasoning_models"]
    assert sweep.pair_keys == ("seed", "design_point", "design_cycle_quarters", "switching_cost")
    assert sweep.cell_keys == ("scenario", "design_point", "design_cycle_quarters", "switching_cost")
    # every run of one cell differs only in its seed
    assert sweep.plan.groupby(list(sweep.cell_keys))["seed"].nunique().eq(2).all()


def test_the_store_records_its_swept_keys_rather_than_leaving_them_to_be_inferred(sweep_dir):
    meta = json.loads((sweep_dir / "experiment.json").read_text())
    assert meta["swept_keys"] == ["design_cycle_quarters", "switching_cost"]
    assert GRID_AND_SAMPLE.swept_keys == ("design_cycle_quarters", "switching_cost")
    assert Experiment(seeds=(1,)).swept_keys == ()
    model = read_sweep(sweep_dir, ("model",)).tables["model"]
    front = ["run_id", "scenario", "seed", "design_point", "design_cycle_quarters", "switching_cost"]
    assert list(model.columns[: len(front)]) == front
    assert "model_version" not in model.columns  # recorded in the plan, not repeated in every table


def old_layout(sweep_dir: Path, old: Path) -> Path:
    """A sweep as the store wrote it before batches: runs/<id>/ and one consolidated file per table."""
    old.mkdir()
    (old / "plan.parquet").write_bytes((sweep_dir / "plan.parquet").read_bytes())
    read_sweep(sweep_dir, ("model",))["model"].to_parquet(old / "model.parquet", index=False)
    (old / "runs" / "some_run").mkdir(parents=True)
    (old / "experiment.json").write_bytes((sweep_dir / "experiment.json").read_bytes())
    return old


def test_a_sweep_written_before_swept_keys_were_recorded_reads_them_from_its_experiment(sweep_dir, tmp_path):
    old = old_layout(sweep_dir, tmp_path / "old")
    meta = json.loads((sweep_dir / "experiment.json").read_text())
    del meta["swept_keys"], meta["model_version"]
    (old / "experiment.json").write_text(json.dumps(meta))
    sweep = read_sweep(old, ("model",))
    assert sweep.swept_keys == ("design_cycle_quarters", "switching_cost") and sweep.model_version is None


def test_a_sweep_in_the_old_layout_is_read_but_resuming_it_is_refused(sweep_dir, tmp_path):
    old = old_layout(sweep_dir, tmp_path / "old")
    pd.testing.assert_frame_equal(
        read_sweep(old, ("model",))["model"], read_sweep(sweep_dir, ("model",))["model"]
    )
    with pytest.raises(ExperimentError, match=r"old layout \(runs/<id>/.*another --out.*--restart"):
        run_sweep(GRID_AND_SAMPLE, old, executor="serial", progress=False)


def test_the_reader_says_what_is_missing(sweep_dir, tmp_path, monkeypatch):
    with pytest.raises(ExperimentError, match="not a sweep directory.*market-sim sweep"):
        read_sweep(tmp_path / "nothing")
    with pytest.raises(ExperimentError, match="did not keep the 'shares' table.*--tables"):
        read_sweep(sweep_dir, ("model", "shares"))

    from market_sim.model import ChipMarketModel

    def broken_step(model):
        raise RuntimeError("broken")

    monkeypatch.setattr(ChipMarketModel, "step", broken_step)
    run_sweep(
        Experiment(seeds=(1,), fixed={"steps": 2}), tmp_path / "broken", executor="serial", progress=False
    )
    with pytest.raises(ExperimentError, match="no run of the sweep.*has finished"):
        read_sweep(tmp_path / "broken")


def test_only_the_store_opens_a_sweeps_files():
    """Everything else reads a sweep through `read_sweep`: no other module names the store's files."""
    pattern = re.compile(r"plan\.parquet|experiment\.json|status\.parquet|PLAN_FILE|EXPERIMENT_FILE")
    allowed = {
        ROOT / "market_sim" / "experiments" / "store.py",
        ROOT / "market_sim" / "experiments" / "read.py",
    }
    offenders = []
    for path in [*(ROOT / "market_sim").rglob("*.py"), *(ROOT / "notebooks").glob("*.ipynb")]:
        if path in allowed:
            continue
        text = path.read_text()
        if path.suffix == ".ipynb":  # code cells only
            cells = json.loads(text)["cells"]
            text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        else:  # code only: docstrings and comments may describe the layout
            text = "\n".join(line for line in text.splitlines() if not _prose(line))
        offenders += [f"{path.relative_to(ROOT)}: {m.group()}" for m in pattern.finditer(text)]
    assert not offenders, offenders


def _prose(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(("#", '"""')) or not any(ch in stripped for ch in "()=[")


def test_old_import_paths_re_export_the_new_homes():
    import market_sim.analysis.calibration as calibration
    import market_sim.analysis.claims as claims
    import market_sim.analysis.facts as facts
    import market_sim.analysis.measures as measures
    import market_sim.analysis.sensitivity as sensitivity
    import market_sim.analysis.theses as theses
    import market_sim.experiments as experiments
    from market_sim import calibration as old_calibration
    from market_sim import facts as old_facts
    from market_sim import sensitivity as old_sensitivity
    from market_sim import sweep as old_sweep
    from market_sim import theses as old_theses

    for name in old_sweep.__all__:
        assert getattr(old_sweep, name) is getattr(experiments, name), name
    assert old_theses.verdicts is theses.verdicts and old_theses.CLAIMS is claims.CLAIMS
    assert old_facts.FACTS is facts.FACTS and old_facts.in_years is measures.in_years
    assert old_sensitivity.sensitivity is sensitivity.sensitivity
    assert old_calibration.rank_design_points is calibration.rank_design_points
    # theses.MEASURES keeps its old form: name -> (description, tables, per-run function)
    assert list(old_theses.MEASURES) == list(measures.MEASURES)
    description, tables, per_run = old_theses.MEASURES["inference_chip_compute_share"]
    m = measures.MEASURES["inference_chip_compute_share"]
    assert (description, tables, per_run) == (m.description, m.tables, m.per_run) and tables == ("shares",)


def test_a_fact_and_a_thesis_measure_of_the_same_quantity_agree(sweep_dir):
    from market_sim.analysis.facts import FACTS, facts_per_run
    from market_sim.analysis.measures import MEASURES

    sweep = read_sweep(sweep_dir, ("model", "vendors"))
    f1 = next(f for f in FACTS if f.fact_id == "F1")
    per_run = facts_per_run(sweep.tables)
    pd.testing.assert_series_equal(
        per_run["F1"], MEASURES["incumbent_revenue_share"](sweep.tables, (2020, 2021)), check_names=False
    )
    assert f1.measure == "incumbent_revenue_share" and len(per_run) == 16
