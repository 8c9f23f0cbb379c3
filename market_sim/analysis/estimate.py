"""Estimate parameters from the stylized facts with ABC-SMC (approximate Bayesian computation by
sequential Monte Carlo, pyabc): a posterior over the free parameters, not one point.

Each particle is a parameter set drawn from the prior (uniform over each parameter's range), run on a
few seeds for the facts' 24 quarters; its distance to the facts is

    d = sqrt( sum over facts f of [ dist_f(mean)^2 + (1 - inside_f)^2 ] )

with dist_f the distance of the mean over seeds outside f's band, in band widths (0 inside), and
inside_f the share of seeds in the band (a fact holds only when 80 % of seeds are): a parameter set
whose means sit in every band but whose seeds scatter outside still pays. SMC keeps the particles
closest to the facts and perturbs them, generation after generation, with a shrinking tolerance.

Particles are simulated in this process (``executor="processes"``, one worker), in a pool of local
processes (``processes``, several) or on a Dask cluster (``dask``: at ``scheduler``, or a local one
of ``workers`` processes). Reproducibility (:mod:`.abc_sampler`): each proposal draws from numpy
seeded by (``seed``, generation, proposal number) and a generation keeps the first ``population``
accepted proposals by number, so the same ``seed`` gives the same posterior, distances, weights,
generations and model-run count on every executor and any number of workers, and a resumed run
continues as an uninterrupted one would. Not reproducible: wall times, and which proposals a pool
or cluster runs ahead of the last one kept and discards (not counted as model runs); a cluster
of machines with different numpy or LAPACK builds may perturb particles differently in the last
digits. A run resumes from its database (``abc.db``) at the last finished generation, on any executor.
"""

from __future__ import annotations

import difflib
import json
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from ..experiments import ExperimentError
from ..scenario import Scenario, load_scenario
from ..version import MODEL_VERSION
from .calibration import band_distance
from .facts import FACTS, STEPS_NEEDED, measure_facts

FACT_IDS = tuple(f.fact_id for f in FACTS)
POSTERIOR_COLUMNS = ("weight", "distance", "generation")  # the rest of posterior.parquet: parameters
EXECUTORS = ("processes", "dask")  # where particles are simulated (abc_sampler.open_sampler)
IDENTIFIED_RATIO = 0.6  # identified: posterior sd below this share of the prior's
# The levers of experiments/calibration.toml and their ranges: the default free parameters.
DEFAULT_FREE = {
    "incumbent_markup": (1.5, 3.5),
    "vendor_bargaining_power": (0.3, 0.95),
    "qualification_premium": (0.2, 1.0),
    "switching_cost": (0.3, 2.0),
    "challenger_markup": (0.5, 2.0),
    "in_house_overhead": (0.3, 1.5),
    "make_or_buy_hurdle": (0.5, 3.0),
    "scarcity_markup": (0.5, 3.0),
}
Bands = dict[str, tuple[float, float]]


def fact_bands() -> Bands:
    """The stylized facts' bands, by fact id."""
    return {f.fact_id: (f.low, f.high) for f in FACTS}


def facts_distance(per_seed: pd.DataFrame, bands: Bands) -> float:
    """d = sqrt(sum_f dist_f(mean)^2 + (1 - inside_f)^2) over the facts in ``bands`` (module docstring).

    A conditional fact counted in no seed (F10 where F2 holds nowhere) adds nothing: the fact it is
    counted under already pays."""
    total = 0.0
    for fact_id, (low, high) in bands.items():
        values = per_seed[fact_id].to_numpy(dtype=float)
        values = values[~np.isnan(values)]
        if not len(values):
            continue
        inside = float(((values >= low) & (values <= high)).mean())
        total += band_distance(float(values.mean()), low, high) ** 2 + (1.0 - inside) ** 2
    return float(np.sqrt(total))


def simulate_facts(scenario: Scenario, params: dict[str, float], seeds: tuple[int, ...]) -> pd.DataFrame:
    """Every fact on each seed of ``scenario`` with ``params`` over 2020-2025: one row per seed."""
    from ..model import ChipMarketModel
    from ..outputs import run_model, tables

    run = scenario.replace(steps=STEPS_NEEDED, **params)
    return pd.DataFrame([measure_facts(tables(run_model(ChipMarketModel(run, rng=s)))) for s in seeds])


def uniform_sd(low: float, high: float) -> float:
    """Standard deviation of a uniform prior on [low, high]: (high - low) / sqrt(12)."""
    return (high - low) / np.sqrt(12.0)


def weighted_sd(values: np.ndarray, weights: np.ndarray) -> float:
    mean = np.average(values, weights=weights)
    return float(np.sqrt(np.average((values - mean) ** 2, weights=weights)))


def identified(posterior_sd: float, prior_sd: float) -> bool:
    """A parameter is identified when the facts narrow it: posterior sd < 0.6 x prior sd."""
    return bool(posterior_sd < IDENTIFIED_RATIO * prior_sd)


def covers(values: np.ndarray, weights: np.ndarray, truth: float, level: float = 0.9) -> bool:
    """Whether ``truth`` lies in the weighted central ``level`` interval of a posterior sample."""
    order = np.argsort(values)
    cumulative = np.cumsum(np.asarray(weights, dtype=float)[order])
    cumulative /= cumulative[-1]
    tail = (1.0 - level) / 2.0
    low = values[order][np.searchsorted(cumulative, tail)]
    high = values[order][min(np.searchsorted(cumulative, 1.0 - tail), len(values) - 1)]
    return bool(low <= truth <= high)


@dataclass(frozen=True)
class Estimate:
    """A finished (or resumed) estimation: its posterior sample and what it cost."""

    posterior: pd.DataFrame  # one row per accepted particle: the parameters, weight, distance, generation
    summary: dict  # estimate.json


def check_free(free: dict[str, tuple[float, float]]) -> None:
    """Each free parameter a float of the scenario, its range inside the declared one."""
    described = {row["key"]: row for row in Scenario.describe()}
    floats = [k for k, r in described.items() if isinstance(r["default"], float)]
    for name, (low, high) in free.items():
        row = described.get(name)
        if row is None or not isinstance(row["default"], float):
            close = difflib.get_close_matches(name, floats, n=1)
            hint = f"; did you mean {close[0]}?" if close else ""
            raise ExperimentError(
                f"free parameter '{name}' is not a numeric scenario key{hint} (allowed: the number-valued "
                "keys of `market-sim params`)"
            )
        lo, hi = row["lo"], row["hi"]
        if not (low < high) or (lo is not None and low < lo) or (hi is not None and high > hi):
            raise ExperimentError(
                f"free parameter '{name}' range [{low}, {high}] is not allowed; allowed: low < high within "
                f"[{lo}, {hi}]"
            )


def estimate(  # noqa: PLR0913
    out: str | Path,
    free: dict[str, tuple[float, float]] | None = None,
    *,
    population: int = 40,
    budget: int = 2000,
    generations: int = 8,
    seeds: tuple[int, ...] = (1, 2),
    seed: int = 1,
    workers: int = 1,
    executor: str = "processes",
    scheduler: str | None = None,
    scenario: str | Path = "baseline",
    overrides: dict | None = None,
    bands: Bands | None = None,
    held_out: tuple[str, ...] = (),
) -> Estimate:
    """ABC-SMC over ``free`` (name -> prior range) against ``bands`` (default: the stylized facts, less
    any ``held_out`` for validation out of sample),
    at most ``generations`` populations of ``population`` particles or ``budget`` model runs (a
    particle runs once per seed), simulated on ``executor`` (module docstring); resumes from
    ``out/abc.db`` when it holds a run."""
    import pyabc

    from .abc_sampler import check_executor, open_sampler

    free = dict(free or DEFAULT_FREE)
    check_free(free)
    check_executor(executor, scheduler, workers)
    for key, value, least in (
        ("population", population, 2),
        ("budget", budget, 1),
        ("generations", generations, 1),
    ):
        if value < least:
            raise ExperimentError(f"{key} = {value} is not allowed; allowed: an integer >= {least}")
    bands = {k: v for k, v in (bands or fact_bands()).items() if k not in held_out}
    base = load_scenario(scenario, overrides)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def model(par):
        per_seed = simulate_facts(base, {k: float(par[k]) for k in free}, seeds)
        return {"facts": per_seed[list(FACT_IDS)].to_numpy(dtype=float)}

    def distance(x, x0):
        return facts_distance(pd.DataFrame(x["facts"], columns=list(FACT_IDS)), bands)

    prior = pyabc.Distribution(**{k: pyabc.RV("uniform", lo, hi - lo) for k, (lo, hi) in free.items()})
    db = f"sqlite:///{(out / 'abc.db').resolve()}"
    np.random.seed(seed)  # for anything pyabc draws here; proposals are seeded where they run
    with open_sampler(executor, workers, scheduler, seed) as sampler:
        abc = pyabc.ABCSMC(model, prior, distance, population_size=population, sampler=sampler)
        done = 0
        if (out / "abc.db").exists():
            history = abc.load(db, 1)
            done = history.n_populations
        else:
            abc.new(db, {"facts": np.zeros((len(seeds), len(FACT_IDS)))})
        runs_before = abc.history.total_nr_simulations if done else 0
        if done < generations and runs_before < budget // len(seeds):
            abc.run(max_nr_populations=generations - done, max_total_nr_simulations=budget // len(seeds))
    about = {
        "scenario": str(scenario),
        "overrides": dict(overrides or {}),
        "model_version": MODEL_VERSION,
        "held_out": list(held_out),
        "executor": executor,
        "workers": workers,
    }
    return write_estimate(
        out, abc.history, free, seeds=seeds, seed=seed, budget=budget, started=started, about=about
    )


def write_estimate(out: Path, history, free, *, seeds, seed, budget, started, about=None) -> Estimate:  # noqa: PLR0913
    """posterior.parquet, estimate.json and marginals.png from the last generation of ``history``."""
    t = history.max_t
    params, weights = history.get_distribution(m=0, t=t)
    distances = history.get_weighted_distances(t=t)
    posterior = (
        params.reset_index(drop=True)[list(free)]
        .rename_axis(columns=None)
        .assign(weight=weights, distance=distances["distance"].to_numpy(), generation=t)
    )
    posterior.to_parquet(out / "posterior.parquet", index=False)
    rows = {}
    for name, (low, high) in free.items():
        sd = weighted_sd(posterior[name].to_numpy(), weights)
        rows[name] = {
            "prior": [low, high],
            "prior_sd": uniform_sd(low, high),
            "posterior_mean": float(np.average(posterior[name], weights=weights)),
            "posterior_sd": sd,
            "identified": identified(sd, uniform_sd(low, high)),
        }
    summary = {
        "command": "market-sim calibrate --estimate",
        "date": date.today().isoformat(),
        "seed": seed,
        "seeds_per_particle": list(seeds),
        "budget_runs": budget,
        "model_runs": int(history.total_nr_simulations) * len(seeds),
        "generations": t + 1,
        "wall_seconds_this_invocation": time.perf_counter() - started,
        **(about or {}),
        "parameters": rows,
    }
    (out / "estimate.json").write_text(json.dumps(summary, indent=2))
    plot_marginals(posterior, free, out / "marginals.png")
    return Estimate(posterior, summary)


def plot_marginals(posterior: pd.DataFrame, free, path: Path) -> None:
    """Each free parameter's weighted posterior histogram against its uniform prior."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(free)
    cols = min(4, n)
    rows = int(np.ceil(n / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.6 * rows), squeeze=False)
    for ax, (name, (low, high)) in zip(axes.flat, free.items(), strict=False):
        ax.hist(posterior[name], bins=12, range=(low, high), weights=posterior["weight"], density=True,
                color="#1f77b4", alpha=0.8, label="posterior")  # fmt: skip
        ax.axhline(1.0 / (high - low), color="black", linestyle="--", label="prior")
        ax.set_xlabel(name)
        ax.set_ylabel("density")
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    axes.flat[0].legend(fontsize=8)
    fig.suptitle("ABC-SMC posterior marginals against the uniform priors")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
