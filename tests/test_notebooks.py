"""The analysis notebooks run end to end on a small sweep and a small run, and say what to run when
their input is missing.

Each notebook is executed in memory (the committed files carry no outputs) in a kernel of this
virtualenv, with its input directory passed through the environment variable it reads.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from market_sim.model import ChipMarketModel
from market_sim.outputs import run_model, write_run
from market_sim.sweep import Experiment, run_sweep
from market_sim.theses import verdicts

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
CELL_TIMEOUT = 120  # seconds per cell; the tiny inputs below take a few
KERNEL = "market-sim-test"


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


@pytest.fixture(scope="module")
def theses_sweep(tmp_path_factory) -> Path:
    """Baseline and two theses x 3 seeds, to 2026Q4: the claims about 2027-2035 get no effect (NaN)."""
    out = tmp_path_factory.mktemp("theses")
    experiment = Experiment(
        scenarios=("baseline", "lab_vertical_integration", "reasoning_models"),
        seeds=(1, 2, 3),
        fixed={"steps": 28, "n_enterprises": 40},
    )
    run_sweep(experiment, out, executor="serial", progress=False)
    return out


@pytest.fixture(scope="module")
def baseline_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run")
    model = run_model(ChipMarketModel("baseline", rng=1, steps=24, n_enterprises=40))
    write_run(model, out, seed=1, wall_seconds=0.0, figure=False)
    return out


def execute(name: str, env_var: str, path: Path, kernel_dir: Path, monkeypatch) -> nbformat.NotebookNode:
    monkeypatch.setenv(env_var, str(path))
    monkeypatch.setenv("JUPYTER_PATH", str(kernel_dir))
    monkeypatch.delenv("MPLBACKEND", raising=False)  # a file backend would swallow the inline figures
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        nb, timeout=CELL_TIMEOUT, kernel_name=KERNEL, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()
    return nb


def outputs(nb: nbformat.NotebookNode, mime: str) -> list[str]:
    return [
        o["data"][mime] for cell in nb.cells for o in cell.get("outputs", []) if mime in o.get("data", {})
    ]


def printed(nb: nbformat.NotebookNode) -> str:
    return "".join(
        o["text"] for cell in nb.cells for o in cell.get("outputs", []) if o["output_type"] == "stream"
    )


def test_theses_notebook_shows_verdicts_and_plots(theses_sweep, kernel_dir, monkeypatch):
    table = verdicts(theses_sweep)
    unjudged = int(table["effect"].isna().sum())
    assert unjudged > 0, "the tiny sweep should leave the 2027-2035 claims without an effect"

    nb = execute("theses.ipynb", "MARKET_SIM_SWEEP", theses_sweep, kernel_dir, monkeypatch)

    verdict_html = next(h for h in outputs(nb, "text/html") if "verdict" in h)
    for scenario in ("reasoning_models", "lab_vertical_integration"):
        assert scenario in verdict_html
    assert "supported" in verdict_html or "contradicted" in verdict_html
    assert f"{unjudged} of {len(table)} claims have no band" in printed(nb)
    # forest plot + 5 metrics over time + paired differences + revenue and compute by supplier kind
    assert len(outputs(nb, "image/png")) == 1 + 5 + 1 + 2


def test_run_notebook_shows_tables_and_plots(baseline_run, kernel_dir, monkeypatch):
    nb = execute("run.ipynb", "MARKET_SIM_RUN", baseline_run, kernel_dir, monkeypatch)

    assert "scenario baseline, seed 1: 2020Q1 to 2025Q4 (24 quarters)" in printed(nb)
    table_list = outputs(nb, "text/html")[0]
    for name in ("model", "shares", "events", "projects", "edges", "vendors", "flows"):
        assert f">{name}<" in table_list
    # metrics, shares by supplier, prices and margins, design projects, events, network
    assert len(outputs(nb, "image/png")) == 6


@pytest.mark.parametrize(
    ("name", "env_var", "command"),
    [
        ("theses.ipynb", "MARKET_SIM_SWEEP", "market-sim sweep experiments/theses.toml --out out/theses"),
        ("run.ipynb", "MARKET_SIM_RUN", "make run"),
    ],
)
def test_notebook_without_input_says_what_to_run(
    *, name, env_var, command, tmp_path, kernel_dir, monkeypatch
):
    with pytest.raises(CellExecutionError) as error:
        execute(name, env_var, tmp_path / "missing", kernel_dir, monkeypatch)
    assert error.value.ename == "FileNotFoundError"
    assert command in str(error.value)
    assert str((tmp_path / "missing").resolve()) in str(error.value)


@pytest.mark.parametrize("name", ["theses.ipynb", "run.ipynb"])
def test_notebooks_are_committed_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(nb)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert code, f"{name} has no code cells"
    assert all(not cell.outputs and cell.execution_count is None for cell in code), (
        f"{name} holds outputs; clear them before committing (the tests execute it in memory)"
    )
