"""The commands of ``market-sim`` but ``ui``: each takes the parsed arguments, returns the exit status.

Heavy modules are imported inside each command, so ``market-sim --help`` and ``params`` start fast.
"""

from __future__ import annotations

import sys
import time
from collections import Counter

from ..scenario import (
    SOURCE_KINDS,
    Scenario,
    ScenarioError,
    builtin_scenarios,
    load_scenario,
    parse_assignment,
)
from . import posterior


def run(args) -> int:
    overrides = dict(parse_assignment(a) for a in args.assignments)
    if args.steps is not None:
        overrides["steps"] = args.steps
    scenario = load_scenario(args.scenario, overrides)
    from ..model import ChipMarketModel
    from ..outputs import run_model, write_run

    started = time.perf_counter()
    model = ChipMarketModel(scenario, rng=args.seed)
    run_model(model, progress=not args.quiet)
    wall = time.perf_counter() - started
    paths = write_run(model, args.out, args.seed, wall, figure=not args.no_figure)
    if not args.quiet:
        m = model.metrics
        print(f"{scenario.name} seed {args.seed}: {scenario.steps} quarters in {wall:.1f}s -> {args.out}/")
        print(
            f"  {m['period']}: incumbent revenue share {m['incumbent_revenue_share']:.2f}, "
            f"in-house compute share {m['in_house_compute_share']:.2f}, HHI {m['hhi']:.0f}, "
            f"incumbent gross margin {m['incumbent_gross_margin']:.2f}"
        )
        print("  wrote " + ", ".join(p.name for p in paths.values()))
    return 0


def facts(args) -> int:
    import pandas as pd
    from tqdm import tqdm

    from ..analysis.facts import STEPS_NEEDED, measure_facts
    from ..analysis.facts import verdicts as fact_verdicts
    from ..model import ChipMarketModel
    from ..outputs import run_model, tables

    overrides = dict(parse_assignment(a) for a in args.assignments)
    scenario = load_scenario(args.scenario, overrides)
    scenario = scenario.replace(steps=STEPS_NEEDED)
    if args.posterior:
        per_seed, over = posterior.posterior_runs(args, scenario)
    else:
        per_seed, over = [], f"{args.seeds} seeds"
        for seed in tqdm(range(1, args.seeds + 1), desc="seeds", leave=False):
            per_seed.append(
                {"seed": seed, **measure_facts(tables(run_model(ChipMarketModel(scenario, rng=seed))))}
            )
        per_seed = pd.DataFrame(per_seed)
    table = fact_verdicts(per_seed)
    print(
        f"stylized facts, {scenario.name}, {over} "
        f"(a fact holds when the mean is in the band and >= 80 % of {'runs' if args.posterior else 'seeds'} "
        "are)"
    )
    for r in table.itertuples():
        counted = f" of the {r.seeds_counted} counted" if r.seeds_counted < len(per_seed) else ""
        print(
            f"  {r.fact:4s} {'holds' if r.holds else 'MISS ':5s}  mean {r.mean:9.3f}  "
            f"band [{r.low:g}, {r.high:g}]  seeds inside {r.share_of_seeds_inside:4.0%}{counted}  {r.measure}"
        )
    print(f"{int(table['holds'].sum())} of {len(table)} facts hold")
    if args.out:
        write_validation(args.out, per_seed, table)
    return 0


def write_validation(out, per_seed, table) -> None:
    """facts_per_seed.csv, facts.csv, validation.parquet and validation.png in ``out``."""
    from ..analysis.facts import validation
    from ..viz.figures.sweeps import draw_validation

    out.mkdir(parents=True, exist_ok=True)
    per_seed.to_csv(out / "facts_per_seed.csv", index=False)
    table.to_csv(out / "facts.csv", index=False)
    checked = validation(per_seed)
    checked.to_parquet(out / "validation.parquet", index=False)
    ax = draw_validation(checked)
    ax.figure.tight_layout()
    ax.figure.savefig(out / "validation.png", dpi=100)
    print(f"  wrote facts_per_seed.csv, facts.csv, validation.parquet, validation.png -> {out}/")


def sweep(args) -> int:
    from ..experiments import Experiment, run_sweep, seed_list

    if args.status is not None:
        return sweep_status(args.status)
    if args.out is None:
        raise ScenarioError("market-sim sweep needs --out DIR (or --status DIR to report on a sweep)")
    if args.experiment is not None:
        experiment = Experiment.from_toml(args.experiment).to_dict()
    else:
        experiment = Experiment(name=args.out.name).to_dict()
    if args.scenarios:
        experiment["scenarios"] = tuple(args.scenarios)
    if args.seeds is not None:
        experiment["seeds"] = seed_list(args.seeds)
    experiment["fixed"] = {**experiment["fixed"], **dict(parse_assignment(a) for a in args.assignments)}
    if args.steps is not None:
        experiment["fixed"]["steps"] = args.steps
    experiment["grid"] = {**experiment["grid"], **dict(_grid_axis(a) for a in args.grid)}
    if args.tables:
        experiment["tables"] = tuple(t.strip() for t in args.tables.split(",") if t.strip())
    report = run_sweep(
        Experiment(**experiment),
        args.out,
        executor=args.executor,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=not args.quiet,
        restart=args.restart,
    )
    print(report)
    if report.failed:
        print(
            f"  {report.failed} runs failed: see `market-sim sweep --status {args.out}` and "
            "market_sim.experiments.failures(); run the same command again to retry them",
            file=sys.stderr,
        )
        return 1
    return 0


def sweep_status(out) -> int:
    """``market-sim sweep --status DIR``: a running, killed or finished sweep's progress, from its store."""
    from ..experiments import progress

    counts = progress(out)  # a directory that is not a sweep: one line naming it
    share = counts["done"] / counts["runs"] if counts["runs"] else 1.0
    print(
        f"{counts['done']} of {counts['runs']} runs done, {counts['failed']} failed, "
        f"{counts['pending']} pending ({share:.0%}; {counts['batches']} batches committed) -> {out}/"
    )
    return 0


def _grid_axis(text: str):
    """``key=6,8,12`` or ``key=[6, 8, 12]``: each value read as a TOML value."""
    key, value = parse_assignment(text)
    if not isinstance(value, list):
        raw = text.split("=", 1)[1]
        value = [parse_assignment(f"{key}={item}")[1] for item in raw.split(",") if item.strip()]
    return key, value


def verdicts(args) -> int:
    from ..analysis.theses import verdict_figure
    from ..analysis.theses import verdicts as thesis_verdicts

    if not 0.5 <= args.confidence < 1.0:
        raise ScenarioError(f"--confidence {args.confidence} is out of range; allowed: 0.5 to 0.999")
    if args.ensemble is not None:
        return posterior.ensemble(args)
    if args.sweep is None:
        raise ScenarioError("verdicts needs a SWEEP directory, or --ensemble DIR")
    table = thesis_verdicts(args.sweep, baseline=args.baseline, confidence=args.confidence)
    print(
        f"the essays' theses against '{args.baseline}', {args.confidence:.0%} bands "
        f"over paired seeds ({args.sweep})"
    )
    for r in table.itertuples():
        small = " (small)" if r.small_effect else ""
        against = f" (vs {r.reference})" if r.reference != args.baseline else ""
        print(
            f"  {r.verdict:12s} {r.scenario:25s} {r.measure_description}{against} {r.predicted} ({r.years}): "
            f"{r.baseline:.4g} -> {r.scenario_value:.4g}, "
            f"effect {r.effect:+.3g} [{r.low:+.3g}, {r.high:+.3g}] = {r.relative_effect:+.1%}{small}, n={r.n}"
        )
    counts = table["verdict"].value_counts()
    print("  " + ", ".join(f"{counts.get(v, 0)} {v}" for v in ("supported", "not resolved", "contradicted")))
    table.to_csv(args.sweep / "verdicts.csv", index=False)
    verdict_figure(table, args.sweep / "verdicts.png", baseline=args.baseline)
    print(f"  wrote {args.sweep / 'verdicts.csv'}, {args.sweep / 'verdicts.png'}")
    return 0


def sensitivity(args) -> int:
    from ..analysis.sensitivity import sensitivity as sensitivity_table
    from ..analysis.sensitivity import sensitivity_figure

    if args.facts:
        from .estimation import fact_sensitivity

        return fact_sensitivity(args)
    table = sensitivity_table(args.sweep, args.measure, args.years, args.scenario)
    print(
        f"sensitivity of {args.measure} ({args.years[0]}-{args.years[1]}), {table['method'].iloc[0]} design, "
        f"{table['design_points'].iloc[0]} design points ({args.sweep})"
    )
    numbers = [
        c for c in table.columns if c not in ("parameter", "measure", "years", "method", "design_points")
    ]
    for row in table.itertuples(index=False):
        print(f"  {row.parameter:36s} " + "  ".join(f"{c} {getattr(row, c):+.3f}" for c in numbers))
    stem = args.sweep / f"sensitivity_{args.measure}"
    table.to_csv(stem.with_suffix(".csv"), index=False)
    sensitivity_figure(table, stem.with_suffix(".png"))
    print(f"  wrote {stem.with_suffix('.csv')}, {stem.with_suffix('.png')}")
    return 0


def calibrate(args) -> int:
    from ..analysis.calibration import rank_design_points
    from ..analysis.facts import FACTS
    from ..experiments import read_sweep

    if args.estimate:
        from .estimation import estimate

        return estimate(args)
    if args.sweep is None:
        raise ScenarioError("calibrate needs a SWEEP directory, or --estimate --out DIR")
    table = rank_design_points(args.sweep)
    table.to_csv(args.sweep / "calibration.csv", index=False)
    params = [k for k in read_sweep(args.sweep).swept_keys if k in table.columns]
    print(
        f"{len(table)} parameter sets ranked by distance to the stylized-fact bands "
        f"({args.sweep}); best first"
    )
    for row in table.head(args.top).itertuples(index=False):
        values = ", ".join(f"{p} = {getattr(row, p):.4g}" for p in params)
        missed = [f.fact_id for f in FACTS if not f.low <= getattr(row, f.fact_id) <= f.high]
        print(
            f"  {row.facts_held:2d}/{len(FACTS)} facts hold, loss {row.loss:7.3f}  {row.scenario}: {values}"
            f"{'  (means outside: ' + ', '.join(missed) + ')' if missed else ''}"
        )
    print(f"  wrote {args.sweep / 'calibration.csv'} (every parameter set, with the mean of every fact)")
    return 0


def params(args) -> int:
    values = load_scenario(args.scenario).to_dict() if args.scenario else None
    rows = Scenario.describe()
    if args.keys:
        for key in args.keys:
            Scenario.source_of(key)  # an unknown key: one error line naming the allowed keys
        rows = [row for row in rows if row["key"] in args.keys]
    show_notes = args.sources or bool(args.keys)
    for row in rows:
        allowed = (
            ", ".join(row["choices"])
            if row["choices"]
            else (f"{row['lo']}..{row['hi']}" if row["lo"] is not None else "")
        )
        value = values[row["key"]] if values else row["default"]
        unit = f" [{row['unit']}]" if row["unit"] else ""
        print(f"{row['key']} = {value!r}{unit}  ({allowed})  {row['doc']}  source: {row['source']}")
        if show_notes:
            print(f"    {row['source']}: {row['source_note']}")
    if args.sources and not args.keys:
        counts = Counter(row["source"] for row in rows)
        print(f"{len(rows)} parameters: " + ", ".join(f"{counts[k]} {k}" for k in SOURCE_KINDS))
    return 0


def scenarios(args) -> int:
    for name in builtin_scenarios():
        print(f"{name}: {load_scenario(name).description}")
    return 0
