"""Every analysis notebook runs top to bottom from an empty state: pointed at a directory that holds no run
or sweep, it makes a small one itself (beside it, in ``<directory>_small``), says so, and draws at least
the figures it promises, with no error.

Each notebook is executed in memory (the committed files carry no outputs) in a kernel of this
virtualenv, once each, with every input directory it reads (an environment variable) set to
a missing directory under a fresh temporary one. The figures a notebook promises are in its metadata
(``metadata["market_sim"]["figures"]``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

from market_sim.analysis.posterior import shipped_posterior
from market_sim.experiments import Experiment, read_sweep
from market_sim.notebook_inputs import facts_or_small, run_or_small, small_dir, sweep_or_small
from market_sim.theses import verdicts

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CELL_TIMEOUT = 120  # seconds per cell; the small inputs the notebooks make take a few
KERNEL = "market-sim-test"
# Each notebook and the environment variables naming the directories it reads.
INPUTS = {
    "run.ipynb": ("MARKET_SIM_RUN",),
    "theses.ipynb": ("MARKET_SIM_SWEEP",),
    "sweep_analysis.ipynb": ("MARKET_SIM_SWEEP", "MARKET_SIM_SENSITIVITY_SWEEP"),
    "design_cycles.ipynb": ("MARKET_SIM_SWEEP",),
    "calibration.ipynb": (
        "MARKET_SIM_FACTS",
        "MARKET_SIM_POSTERIOR_FACTS",
        "MARKET_SIM_HOLDOUT_FACTS",
        "MARKET_SIM_ENSEMBLE",
    ),
}


@pytest.fixture(scope="session")
def kernel_dir(tmp_path_factory) -> Path:
    """A kernelspec that runs this interpreter, so the notebooks see this venv's market_sim."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": KERNEL, "language": "python"})
    )
    return root


def execute(name: str, inputs: dict[str, Path], kernel_dir: Path) -> nbformat.NotebookNode:
    """Run notebook ``name`` with its input variables set to ``inputs``; the executed notebook."""
    with pytest.MonkeyPatch.context() as mp:
        for var, path in inputs.items():
            mp.setenv(var, str(path))
        mp.setenv("JUPYTER_PATH", str(kernel_dir))
        mp.delenv("MARKET_SIM_ESTIMATE", raising=False)  # calibration.ipynb: the shipped posterior
        mp.delenv("MPLBACKEND", raising=False)  # a file backend would swallow the inline figures
        nb = nbformat.read(NOTEBOOKS / name, as_version=4)
        client = NotebookClient(
            nb,
            timeout=CELL_TIMEOUT,
            kernel_name=KERNEL,
            allow_errors=True,  # report every error output below rather than the first one alone
            resources={"metadata": {"path": str(NOTEBOOKS)}},
        )
        client.execute()
    return nb


def outputs(nb: nbformat.NotebookNode, mime: str) -> list[str]:
    return [
        o["data"][mime] for cell in nb.cells for o in cell.get("outputs", []) if mime in o.get("data", {})
    ]


def printed(nb: nbformat.NotebookNode, stream: str = "stdout") -> str:
    return "".join(
        o["text"]
        for cell in nb.cells
        for o in cell.get("outputs", [])
        if o["output_type"] == "stream" and o["name"] == stream
    )


def errors(nb: nbformat.NotebookNode) -> list[str]:
    return [
        f"cell {i}: {o['ename']}: {o['evalue']}"
        for i, cell in enumerate(nb.cells)
        for o in cell.get("outputs", [])
        if o["output_type"] == "error"
    ]


def promised_figures(name: str) -> int:
    return nbformat.read(NOTEBOOKS / name, as_version=4).metadata["market_sim"]["figures"]


def test_every_notebook_is_listed_with_its_inputs_and_content():
    assert {p.name for p in NOTEBOOKS.glob("*.ipynb")} == set(INPUTS) == set(CONTENT)


def run_notebook_shows_the_small_run(nb, inputs):
    assert "scenario baseline, seed 1: 2020Q1 to 2025Q4 (24 quarters)" in printed(nb)
    table_list = outputs(nb, "text/html")[0]
    for name in ("model", "shares", "events", "projects", "edges", "vendors", "flows"):
        assert f">{name}<" in table_list


def theses_notebook_shows_the_verdicts_of_the_small_sweep(nb, inputs):
    table = verdicts(small_dir(inputs["MARKET_SIM_SWEEP"]))
    unjudged = int(table["effect"].isna().sum())
    assert unjudged > 0, "the small sweep should leave the 2027-2035 claims without an effect"
    verdict_html = next(h for h in outputs(nb, "text/html") if "verdict" in h)
    for scenario in ("reasoning_models", "lab_vertical_integration"):
        assert scenario in verdict_html
    assert "supported" in verdict_html or "contradicted" in verdict_html
    assert f"{unjudged} of {len(table)} claims have no band" in printed(nb)


def sweep_analysis_reads_the_sweep_with_pandas_and_duckdb_alike(nb, inputs):
    assert "DuckDB and pandas agree on all 12 cells: True" in printed(nb)
    assert any("design_cycle_quarters" in h and "ST" in h for h in outputs(nb, "text/html"))


def design_cycles_notebook_compares_designer_kinds_and_levers(nb, inputs):
    sweep = read_sweep(small_dir(inputs["MARKET_SIM_SWEEP"]))
    assert set(sweep.swept_keys) == {"design_cycle_quarters", "roadmap_sharing_prob"}
    assert "percentage points of merchant revenue share" in printed(nb)


def calibration_notebook_shows_the_posterior_facts_and_what_decides_the_claims(nb, inputs):
    text, html = printed(nb), "".join(outputs(nb, "text/html"))
    shipped = shipped_posterior()
    free = [c for c in shipped.columns if c not in ("weight", "distance", "generation")]
    assert f"{len(shipped)} particles over {len(free)} parameters" in text and "identified" in html
    # The held-out estimate ships with the package: its facts are measured small (3 draws x 1 seed).
    assert "facts left out: F5, F8, F10" in text and "draws from the holdout posterior" in text
    assert "F5, F8, F10, out of sample" in text
    # Two draws are far fewer than discovery needs: the claims that depend on the market name none.
    assert (
        "2 posterior draws" in text
        and "depends on the market (needs >= 200 draws to name parameters)" in text
    )
    assert "depends on the market (needs >= 200 draws" in html


# What each notebook shows besides its figures (checked on the same execution: one per notebook).
CONTENT = {
    "run.ipynb": run_notebook_shows_the_small_run,
    "theses.ipynb": theses_notebook_shows_the_verdicts_of_the_small_sweep,
    "sweep_analysis.ipynb": sweep_analysis_reads_the_sweep_with_pandas_and_duckdb_alike,
    "design_cycles.ipynb": design_cycles_notebook_compares_designer_kinds_and_levers,
    "calibration.ipynb": calibration_notebook_shows_the_posterior_facts_and_what_decides_the_claims,
}


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_notebook_runs_from_an_empty_state_and_shows_its_figures(name, tmp_path, kernel_dir):
    inputs = {var: tmp_path / var.lower() for var in INPUTS[name]}  # missing: nothing made beforehand
    nb = execute(name, inputs, kernel_dir)
    assert not errors(nb), "\n".join(errors(nb))
    assert "makes a small one itself" in nb.cells[0].source, "the first cell says what happens without input"
    for path in inputs.values():
        assert f"making a small one in {small_dir(path).resolve()}" in printed(nb)
        assert not path.exists(), "the small input goes beside the directory the notebook was pointed at"
    figures = len(outputs(nb, "image/png"))
    assert figures >= promised_figures(name), f"{name} drew {figures} figures"
    assert "Traceback" not in printed(nb, "stderr")
    CONTENT[name](nb, inputs)


@pytest.mark.parametrize("name", sorted(INPUTS))
def test_notebooks_are_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, f"{name} has no code cells"
    assert all(not cell.outputs and cell.execution_count is None for cell in code), (
        f"{name} holds outputs; clear them before committing (the tests execute it in memory)"
    )
    assert promised_figures(name) >= 1


def test_a_small_input_is_made_once_and_read_again(tmp_path, capsys):
    run = run_or_small(tmp_path / "run", steps=2, n_enterprises=5)
    assert run == tmp_path / "run_small" and (run / "model.parquet").is_file()
    made = (run / "model.parquet").stat().st_mtime_ns
    assert run_or_small(tmp_path / "run", steps=2, n_enterprises=5) == run
    assert (run / "model.parquet").stat().st_mtime_ns == made
    assert "reading the small run made before" in capsys.readouterr().out
    assert run_or_small(run) == run  # a directory holding a run is read as it is

    experiment = Experiment(scenarios=("baseline",), seeds=(1,), grid={"design_cycle_quarters": [8, 12]})
    sweep = sweep_or_small(tmp_path / "sweep", experiment, seeds=2, steps=2, n_enterprises=5)
    assert sweep == tmp_path / "sweep_small"
    plan = read_sweep(sweep).plan
    assert len(plan) == 4 and set(plan["seed"]) == {1, 2}
    assert sweep_or_small(sweep, experiment, seeds=2, steps=2, n_enterprises=5) == sweep
    # Other sizes: the small sweep is made again in its place.
    again = sweep_or_small(tmp_path / "sweep", experiment, seeds=1, steps=2, n_enterprises=5)
    assert again == sweep and len(read_sweep(again).plan) == 2


def test_small_facts_are_made_once_and_made_again_at_other_sizes(tmp_path, capsys):
    facts = facts_or_small(tmp_path / "facts", seeds=1)
    assert facts == tmp_path / "facts_small" and (facts / "validation.parquet").is_file()
    made = (facts / "validation.parquet").stat().st_mtime_ns
    assert facts_or_small(tmp_path / "facts", seeds=1) == facts
    assert (facts / "validation.parquet").stat().st_mtime_ns == made
    assert "reading the small ones made before" in capsys.readouterr().out
    assert facts_or_small(facts, seeds=5) == facts  # a directory holding validation.parquet is read as it is
    again = facts_or_small(tmp_path / "facts", seeds=2)
    assert again == facts and len(pd.read_csv(again / "facts_per_seed.csv")) == 2
