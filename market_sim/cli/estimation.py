"""Commands of the estimation from the facts: ABC-SMC (``calibrate --estimate``, and its options), and
which parameters the facts can estimate (``sensitivity --facts``)."""

from __future__ import annotations

from pathlib import Path

from ..analysis.estimate import EXECUTORS
from ..scenario import ScenarioError
from . import arguments


def add_arguments(calibrate) -> None:
    """The options of ``calibrate --estimate``, a group of the ``calibrate`` parser."""
    est = calibrate.add_argument_group("estimation (--estimate)")
    est.add_argument("--estimate", action="store_true", help="ABC-SMC (pyabc) against the stylized facts")
    est.add_argument(
        "--out", type=Path, default=None, help="directory of the estimation; run again to resume"
    )
    est.add_argument(
        "--params",
        type=arguments.free_parameters,
        default=None,
        help="free parameters and prior ranges, e.g. incumbent_markup=1.5:3.5,switching_cost=0.3:2 "
        "(default: the eight levers of experiments/calibration.toml)",
    )
    est.add_argument("--population", type=int, default=40, help="particles per generation (default: 40)")
    est.add_argument("--generations", type=int, default=8, help="generations at most (default: 8)")
    est.add_argument("--budget", type=int, default=2000, help="model runs at most (default: 2000)")
    est.add_argument("--seeds", type=int, default=2, help="seeds per particle, 1..N (default: 2)")
    est.add_argument("--seed", type=arguments.seed, default=1, help="seed of the sampler (default: 1)")
    est.add_argument(
        "--executor",
        choices=EXECUTORS,
        default="processes",
        help="where particles are simulated (default: processes); the same --seed gives the same "
        "posterior on either",
    )
    est.add_argument(
        "--workers",
        type=int,
        default=1,
        help="local processes, or the size of the local Dask cluster (default: 1, in this process)",
    )
    est.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask; default: a local "
        "cluster of --workers processes)",
    )
    est.add_argument(
        "--scenario", default="baseline", help="scenario the free parameters vary (default: baseline)"
    )
    est.add_argument(
        "--hold-out",
        type=arguments.fact_ids,
        default=(),
        metavar="F5,F8,F10",
        help="facts left out of the distance, for validation out of sample (default: none)",
    )


def estimate(args) -> int:
    from ..analysis.estimate import estimate as run_estimate

    if args.sweep is not None or args.out is None:
        raise ScenarioError(
            "--estimate takes no SWEEP directory and needs --out DIR (run again on it to resume)"
        )
    if args.seeds < 1 or args.workers < 1:
        raise ScenarioError(f"--seeds {args.seeds} / --workers {args.workers}: allowed: integers >= 1")
    if args.scheduler is not None and args.executor != "dask":
        raise ScenarioError(
            f"--scheduler {args.scheduler} needs --executor dask (--executor allowed: {', '.join(EXECUTORS)})"
        )
    result = run_estimate(
        args.out,
        args.params,
        population=args.population,
        budget=args.budget,
        generations=args.generations,
        seeds=tuple(range(1, args.seeds + 1)),
        seed=args.seed,
        workers=args.workers,
        executor=args.executor,
        scheduler=args.scheduler,
        scenario=args.scenario,
        held_out=args.hold_out,
    )
    s = result.summary
    print(
        f"ABC-SMC ({args.executor}): {s['generations']} generations, {s['model_runs']} model runs "
        f"-> {args.out}/"
    )
    for name, row in s["parameters"].items():
        print(
            f"  {name:28s} posterior {row['posterior_mean']:.4g} +- {row['posterior_sd']:.3g} "
            f"(prior {row['prior'][0]:g}..{row['prior'][1]:g}, sd {row['prior_sd']:.3g}): "
            f"{'identified' if row['identified'] else 'NOT identified'}"
        )
    print("  wrote posterior.parquet, estimate.json, marginals.png")
    return 0


def fact_sensitivity(args) -> int:
    from ..analysis.fact_sensitivity import INFLUENTIAL, fact_sensitivity_figure
    from ..analysis.fact_sensitivity import fact_sensitivity as fact_table

    table = fact_table(args.sweep, scenario=args.scenario)
    print(f"total Sobol' indices on the stylized facts ({args.sweep}); influential: ST >= {INFLUENTIAL}")
    for row in table.itertuples(index=False):
        mark = "influential" if row.influential else "not       "
        print(f"  {mark}  {row.parameter:32s} max ST {row.max_ST:.3f} (on {row.on_fact})")
    print(f"  {int(table['influential'].sum())} of {len(table)} parameters influential")
    table.to_csv(args.sweep / "sensitivity_facts.csv", index=False)
    fact_sensitivity_figure(table, args.sweep / "sensitivity_facts.png")
    print(f"  wrote {args.sweep / 'sensitivity_facts.csv'}, {args.sweep / 'sensitivity_facts.png'}")
    return 0
