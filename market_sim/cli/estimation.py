"""Commands of the estimation from the facts: ABC-SMC (``calibrate --estimate``), and which parameters
the facts can estimate (``sensitivity --facts``)."""

from __future__ import annotations

from ..scenario import ScenarioError


def estimate(args) -> int:
    from ..analysis.estimate import estimate as run_estimate

    if args.sweep is not None or args.out is None:
        raise ScenarioError(
            "--estimate takes no SWEEP directory and needs --out DIR (run again on it to resume)"
        )
    if args.seeds < 1 or args.workers < 1:
        raise ScenarioError(f"--seeds {args.seeds} / --workers {args.workers}: allowed: integers >= 1")
    result = run_estimate(
        args.out,
        args.params,
        population=args.population,
        budget=args.budget,
        generations=args.generations,
        seeds=tuple(range(1, args.seeds + 1)),
        seed=args.seed,
        workers=args.workers,
        scenario=args.scenario,
        held_out=args.hold_out,
    )
    s = result.summary
    print(f"ABC-SMC: {s['generations']} generations, {s['model_runs']} model runs -> {args.out}/")
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
