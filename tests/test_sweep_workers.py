"""A sweep's local workers import what a run needs and nothing more, and free each run before the next;
the package and the CLI import Mesa only once a model is asked for (``market_sim.lazy``)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import market_sim
import market_sim.experiments


def in_fresh_python(code: str, report: str):
    """What ``report`` (an expression) is after ``code`` has run in a fresh interpreter."""
    script = f"{code}\nimport json, sys\nprint(json.dumps({report}))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def imported_by(code: str) -> set[str]:
    """The modules a fresh interpreter has imported after running ``code``."""
    return set(in_fresh_python(code, "sorted(sys.modules)"))


def test_a_worker_imports_the_model_and_not_plotting_the_ui_analysis_or_dask():
    modules = imported_by(
        "import importlib\nfrom market_sim.experiments.workers import WORKER_MODULES\n"
        "for name in WORKER_MODULES:\n    importlib.import_module(name)"
    )
    assert {"mesa", "market_sim.sim.model", "market_sim.outputs", "pyarrow"} <= modules
    unneeded = ["matplotlib", "solara", "SALib", "scipy.stats", "distributed", "dask", "fsspec"]
    unneeded += ["market_sim.analysis", "market_sim.viz", "market_sim.experiments.read"]
    unneeded += ["market_sim.experiments.sweep", "market_sim.experiments.sampling"]
    assert not [name for name in unneeded if name in modules]


def test_the_package_and_the_cli_import_mesa_only_for_a_model():
    assert "mesa" not in imported_by("import market_sim, market_sim.experiments, market_sim.cli")
    assert "mesa" in imported_by("from market_sim import ChipMarketModel")


@pytest.mark.parametrize("package", [market_sim, market_sim.experiments])
def test_every_exported_name_is_found_on_first_use(package):
    for name in package.__all__:
        assert getattr(package, name) is not None, name
        assert name in dir(package)
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        package.no_such_name  # noqa: B018


def test_a_worker_frees_each_run_before_the_next_and_each_batch_once_written(tmp_path):
    # a model and its agents refer to each other: without a collection after each run, a worker
    # holds its finished models until Python's next full collection; what it freezes of a batch
    # (its tables, until written) must be freed with the batch
    code = f"""
import gc
from market_sim.experiments import Experiment, workers
from market_sim.experiments.batches import Batch, run_batch
from market_sim.sim.model import ChipMarketModel

workers.worker_started()
specs = tuple(Experiment(seeds=tuple(range(1, 21)), fixed={{"steps": 2, "n_enterprises": 10}}).runs())
frozen, done = [], 0
for number, start in enumerate(range(0, 20, 5)):
    five = specs[start : start + 5]
    batch = Batch({str(tmp_path)!r}, f"b{{number}}", five, ("model", "shares"), (), False, 12)
    done += len(run_batch(batch).done)
    frozen.append(gc.get_freeze_count())
models = sum(isinstance(o, ChipMarketModel) for o in gc.get_objects())
"""
    done, models, frozen = in_fresh_python(code, "[done, models, frozen]")
    assert (done, models) == (20, 0)
    assert frozen[-1] - frozen[1] < 100, f"objects kept frozen after each batch: {frozen}"
