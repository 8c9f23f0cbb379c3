"""What a notebook reads when the run or sweep it was pointed at is not there: a small one, made on the spot.

Each notebook reads one directory, named by an environment variable or a default path. If that
directory holds no finished run or sweep, :func:`run_or_small` and :func:`sweep_or_small` make a small
version *beside* it, in ``<directory>_small``, so that the full run or sweep made later by
``make run`` or ``market-sim sweep`` never finds a small one in its place, and the notebook says so.
A small input is made once: the next call finds it and returns at once. One made by another model
version, or by other sizes, is made again. :func:`facts_or_small` and :func:`ensemble_or_small` do the
same for the facts (``market-sim facts --out``) and the verdicts across the posterior
(``market-sim verdicts --ensemble``) that ``calibration.ipynb`` reads.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import time
from pathlib import Path

from .experiments import Experiment, ExperimentError, current_model_version, run_sweep, store


def small_dir(path: str | Path) -> Path:
    """Where the small version of ``path`` goes: ``runs/baseline`` -> ``runs/baseline_small``."""
    path = Path(path)
    return path.with_name(f"{path.name}_small")


def is_run(path: str | Path) -> bool:
    """Whether ``path`` holds a run's tables (what ``market-sim run --out`` writes)."""
    return (Path(path) / "model.parquet").is_file()


def is_finished_sweep(path: str | Path) -> bool:
    """Whether ``path`` holds a sweep at least one of whose runs has finished."""
    path = Path(path)
    return store.is_sweep(path) and bool(store.finished_runs(path))


def run_or_small(
    path: str | Path, *, scenario: str = "baseline", seed: int = 1, steps: int = 24, n_enterprises: int = 40
) -> Path:
    """``path`` if it holds a run; else a small run of ``scenario`` in ``<path>_small`` (made if needed)."""
    path = Path(path)
    if is_run(path):
        return path
    out = small_dir(path)
    wanted = {"scenario": scenario, "seed": seed, "steps": steps, "n_enterprises": n_enterprises}
    if is_run(out) and _run_record(out) == {**wanted, "model_version": current_model_version()}:
        print(f"No run in {path.resolve()}: reading the small run made before in {out.resolve()}.")
        return out
    print(
        f"No run in {path.resolve()}: making a small one in {out.resolve()} "
        f"({scenario}, seed {seed}, {steps} quarters, {n_enterprises} enterprises)."
    )
    from .model import ChipMarketModel
    from .outputs import run_model, write_run

    started = time.perf_counter()
    model = run_model(
        ChipMarketModel(scenario, rng=seed, steps=steps, n_enterprises=n_enterprises), progress=True
    )
    write_run(model, out, seed=seed, wall_seconds=time.perf_counter() - started, figure=False)
    return out


def _run_record(out: Path) -> dict:
    """What a run directory's run.json says it is: scenario, seed, steps, enterprises, model version."""
    try:
        meta = json.loads((out / "run.json").read_text())
    except (OSError, json.JSONDecodeError):
        return {}
    return {
        "scenario": meta.get("scenario"),
        "seed": meta.get("seed"),
        "steps": meta.get("steps"),
        "n_enterprises": meta.get("parameters", {}).get("n_enterprises"),
        "model_version": meta.get("model_version"),
    }


def shrink(
    experiment: Experiment,
    *,
    seeds: int,
    steps: int,
    n_enterprises: int,
    scenarios: tuple[str, ...] | None = None,
    sample_n: int | None = None,
) -> Experiment:
    """``experiment`` made small: ``seeds`` seeds (1, 2, ...), ``steps`` quarters, ``n_enterprises``
    enterprises, optionally fewer ``scenarios`` and a design of ``sample_n`` base points."""
    fixed = {**experiment.fixed, "steps": steps, "n_enterprises": n_enterprises}
    sample = {**experiment.sample, "n": sample_n} if experiment.sample and sample_n else experiment.sample
    return dataclasses.replace(
        experiment,
        name=f"{experiment.name}_small",
        scenarios=scenarios or experiment.scenarios,
        seeds=tuple(range(1, seeds + 1)),
        fixed=fixed,
        sample=sample,
    )


def sweep_or_small(
    path: str | Path,
    experiment: Experiment | str | Path,
    *,
    executor: str = "serial",
    **sizes,
) -> Path:
    """``path`` if it holds a finished sweep; otherwise ``experiment`` shrunk to ``sizes`` (see
    :func:`shrink`) and run into ``<path>_small``, with a progress bar; runs made before are kept."""
    path = Path(path)
    if is_finished_sweep(path):
        return path
    if not isinstance(experiment, Experiment):
        experiment = Experiment.from_toml(experiment)
    small = shrink(experiment, **sizes)
    out = small_dir(path)
    runs = len(small.runs())
    made = "reading the small one made before" if is_finished_sweep(out) else "making a small one"
    print(
        f"No sweep in {path.resolve()}: {made} in {out.resolve()} ({runs} runs: "
        f"{len(small.scenarios)} scenario(s) x {len(small.seeds)} seeds"
        + (
            f" x {runs // len(small.scenarios) // len(small.seeds)} parameter sets"
            if small.swept_keys
            else ""
        )
        + f", {sizes['steps']} quarters, {sizes['n_enterprises']} enterprises)."
    )
    try:
        run_sweep(small, out, executor=executor, progress=True)
    except ExperimentError:  # the directory holds another experiment or another model version's runs
        run_sweep(small, out, executor=executor, progress=True, restart=True)
    return out


SMALL_RECORD = "small.json"  # what a small facts or ensemble directory was made with


def _made_before(out: Path, wanted: dict, table: str) -> bool:
    """Whether ``out`` holds ``table``, made with ``wanted`` by this model version; a directory made
    with other sizes is removed (it is a small input this module made), so it is made again whole."""
    wanted = {**wanted, "model_version": current_model_version()}
    try:
        record = json.loads((out / SMALL_RECORD).read_text())
    except (OSError, json.JSONDecodeError):
        record = None
    if record == wanted and (out / table).is_file():
        return True
    if record is not None:
        shutil.rmtree(out)
    return False


def _record(out: Path, wanted: dict) -> None:
    (out / SMALL_RECORD).write_text(json.dumps({**wanted, "model_version": current_model_version()}))


def facts_or_small(path: str | Path, *, seeds: int, draws: int = 0, posterior: str = "baseline") -> Path:
    """``path`` if it holds ``validation.parquet`` (``market-sim facts --out``); else the baseline's
    facts on ``seeds`` seeds, or over ``draws`` draws from a shipped posterior (``posterior``: the
    baseline's, or "holdout") x ``seeds`` seeds, in ``<path>_small`` (made if needed), written as
    ``market-sim facts`` writes them."""
    path = Path(path)
    if (path / "validation.parquet").is_file():
        return path
    out = small_dir(path)
    wanted = {"input": "facts", "seeds": seeds, "draws": draws, "posterior": posterior}
    over = (
        f"{draws} draws from the {posterior} posterior x {seeds} seeds"
        if draws
        else f"{seeds} seeds at the point estimate"
    )
    if _made_before(out, wanted, "validation.parquet"):
        print(
            f"No facts in {path.resolve()}: reading the small ones made before in {out.resolve()} ({over})."
        )
        return out
    print(f"No facts in {path.resolve()}: making a small one in {out.resolve()} (the baseline, {over}).")
    from .analysis.estimate import simulate_facts
    from .analysis.facts import verdicts
    from .analysis.posterior import posterior_draws, posterior_facts, shipped_posterior
    from .cli.commands import write_validation
    from .scenario import load_scenario

    scenario, seed_list = load_scenario("baseline"), tuple(range(1, seeds + 1))
    if draws:
        per_seed = posterior_facts(scenario, posterior_draws(shipped_posterior(posterior), draws), seed_list)
    else:
        per_seed = simulate_facts(scenario, {}, seed_list).assign(seed=list(seed_list))
    write_validation(out, per_seed, verdicts(per_seed))
    _record(out, wanted)
    return out


def ensemble_or_small(
    path: str | Path, *, draws: int, seeds: int, steps: int, n_enterprises: int, executor: str = "serial"
) -> Path:
    """``path`` if it holds ``ensemble_verdicts.csv`` (``market-sim verdicts --ensemble``); else every
    thesis and the baseline at ``draws`` draws from the shipped posterior x ``seeds`` paired seeds,
    ``steps`` quarters and ``n_enterprises`` enterprises, in ``<path>_small`` (made if needed)."""
    from .analysis.ensemble import ensemble_verdicts, write_ensemble
    from .analysis.posterior import posterior_draws, shipped_posterior

    path = Path(path)
    if (path / "ensemble_verdicts.csv").is_file():
        return path
    out = small_dir(path)
    sizes = {"steps": steps, "n_enterprises": n_enterprises}
    wanted = {"input": "ensemble", "draws": draws, "seeds": seeds, **sizes}
    about = f"{draws} posterior draws x {seeds} paired seeds, {steps} quarters, {n_enterprises} enterprises"
    if _made_before(out, wanted, "ensemble_verdicts.csv"):
        print(
            f"No ensemble in {path.resolve()}: reading the small one made before in {out.resolve()} "
            f"({about})."
        )
        return out
    print(f"No ensemble in {path.resolve()}: making a small one in {out.resolve()} ({about}).")
    results = ensemble_verdicts(
        out,
        posterior_draws(shipped_posterior(), draws),
        tuple(range(1, seeds + 1)),
        executor=executor,
        sizes=sizes,
    )
    write_ensemble(out, *results)
    _record(out, wanted)
    return out
