"""Command line: ``market-sim run``, ``sweep``, ``verdicts``, ``sensitivity``, ``calibrate``, ``facts``, ``params``, ``scenarios``.

Bad input (unknown key, wrong type, out of range, malformed TOML, unknown scenario) prints one
line on stderr naming the key, the value and what is allowed, and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .scenario import Scenario, ScenarioError, builtin_scenarios, load_scenario, parse_assignment
from .sweep import ALL_TABLES, DEFAULT_TABLES, EXECUTORS
from .theses import MEASURES

MEASURE_NAMES = tuple(MEASURES)


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors, like scenario errors, are one line on stderr and exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="market-sim", description="Agent-based simulator of the AI-accelerator chip market."
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_OneLineParser)

    run = sub.add_parser("run", help="run one scenario with one seed and write its outputs")
    run.add_argument(
        "--scenario",
        default="baseline",
        help="built-in scenario name or path to a .toml file (default: baseline)",
    )
    run.add_argument("--seed", type=_seed, default=1, help="random seed, a non-negative integer (default: 1)")
    run.add_argument(
        "--steps",
        type=int,
        default=None,
        help="quarters to simulate (default: the scenario's, 64 = 2020Q1..2035Q4)",
    )
    run.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a scenario parameter (repeatable), e.g. --set design_cycle_quarters=8",
    )
    run.add_argument("--out", required=True, type=Path, help="output directory (created if missing)")
    run.add_argument("--no-figure", action="store_true", help="skip summary.png")
    run.add_argument("--quiet", action="store_true", help="no progress bar or summary")

    facts = sub.add_parser("facts", help="measure the stylized facts of 2020-2025 over several seeds")
    facts.add_argument(
        "--scenario", default="baseline", help="built-in scenario name or path to a .toml file"
    )
    facts.add_argument("--seeds", type=int, default=10, help="number of seeds, 1..N (default: 10)")
    facts.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a parameter",
    )
    facts.add_argument(
        "--out", type=Path, default=None, help="also write per-seed measures and verdicts as CSV here"
    )

    sweep = sub.add_parser("sweep", help="run an experiment (scenarios x parameter grid x seeds); resumable")
    sweep.add_argument(
        "experiment",
        nargs="?",
        type=Path,
        default=None,
        help="experiment TOML (see experiments/); the flags below add to or override it",
    )
    sweep.add_argument(
        "--scenario",
        dest="scenarios",
        action="append",
        default=None,
        metavar="NAME_OR_PATH",
        help="scenario to run (repeatable; default: baseline)",
    )
    sweep.add_argument(
        "--seeds", type=int, default=None, help="replications per cell, seeds 1..N (default: 10)"
    )
    sweep.add_argument(
        "--grid",
        dest="grid",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help="sweep a parameter over values (repeatable; the grid is full factorial), e.g. --grid design_cycle_quarters=6,8,12",
    )
    sweep.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a parameter in every run (repeatable)",
    )
    sweep.add_argument("--steps", type=int, default=None, help="quarters per run (default: the scenario's)")
    sweep.add_argument(
        "--tables",
        default=None,
        help=f"comma-separated tables to keep (default: {','.join(DEFAULT_TABLES)}; all: {','.join(ALL_TABLES)})",
    )
    sweep.add_argument("--out", required=True, type=Path, help="output directory; run again on it to resume")
    sweep.add_argument(
        "--executor", choices=EXECUTORS, default="processes", help="where runs execute (default: processes)"
    )
    sweep.add_argument("--workers", type=int, default=None, help="parallel workers (default: one per core)")
    sweep.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask; default: a local cluster)",
    )
    sweep.add_argument("--restart", action="store_true", help="discard what --out holds and start over")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")

    verdict = sub.add_parser(
        "verdicts", help="the essays' theses: each scenario's effect vs the baseline, with confidence bands"
    )
    verdict.add_argument(
        "sweep",
        type=Path,
        help="a sweep directory that ran the baseline and thesis scenarios (experiments/theses.toml)",
    )
    verdict.add_argument(
        "--baseline", default="baseline", help="the scenario the theses are compared with (default: baseline)"
    )
    verdict.add_argument(
        "--confidence", type=float, default=0.95, help="confidence level of the bands (default: 0.95)"
    )

    sens = sub.add_parser(
        "sensitivity", help="sensitivity indices (SALib) from a sweep that sampled a design"
    )
    sens.add_argument("sweep", type=Path, help="a sweep directory whose experiment has a [sample] table")
    sens.add_argument(
        "--measure",
        default="incumbent_revenue_share",
        help="what to explain (default: incumbent_revenue_share); one of: " + ", ".join(MEASURE_NAMES),
    )
    sens.add_argument(
        "--years", type=_years, default=(2027, 2035), help="window of years, e.g. 2027-2035 (default)"
    )
    sens.add_argument(
        "--scenario", default=None, help="which scenario of the sweep (needed when it ran several)"
    )

    calib = sub.add_parser(
        "calibrate", help="rank a sweep's design points by how well they reproduce the stylized facts"
    )
    calib.add_argument(
        "sweep",
        type=Path,
        help="a sweep of at least 24 quarters that sampled the parameters to tune (experiments/calibration.toml)",
    )
    calib.add_argument("--top", type=int, default=10, help="design points to print (default: 10)")

    params = sub.add_parser("params", help="list every scenario parameter with its default, unit and range")
    params.add_argument(
        "--scenario", default=None, help="show this scenario's values instead of the defaults"
    )
    sub.add_parser("scenarios", help="list the built-in scenarios")
    return parser


def _years(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    first, last = int(first), int(last or first)
    if not 2020 <= first <= last <= 2069:
        raise ValueError(text)
    return first, last


_years.__name__ = "years (FIRST-LAST, 2020..2069)"


def _seed(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


_seed.__name__ = "seed"  # argparse names the type in its message: "invalid seed value: '-1'"


def _run(args) -> int:
    overrides = dict(parse_assignment(a) for a in args.assignments)
    if args.steps is not None:
        overrides["steps"] = args.steps
    scenario = load_scenario(args.scenario, overrides)
    from .model import ChipMarketModel
    from .outputs import run_model, write_run

    started = time.perf_counter()
    model = ChipMarketModel(scenario, rng=args.seed)
    run_model(model, progress=not args.quiet)
    wall = time.perf_counter() - started
    paths = write_run(model, args.out, args.seed, wall, figure=not args.no_figure)
    if not args.quiet:
        m = model.metrics
        print(f"{scenario.name} seed {args.seed}: {scenario.steps} quarters in {wall:.1f}s -> {args.out}/")
        print(
            f"  {m['period']}: incumbent revenue share {m['incumbent_revenue_share']:.2f}, in-house compute share "
            f"{m['in_house_compute_share']:.2f}, HHI {m['hhi']:.0f}, incumbent gross margin {m['incumbent_gross_margin']:.2f}"
        )
        print("  wrote " + ", ".join(p.name for p in paths.values()))
    return 0


def _facts(args) -> int:
    import pandas as pd
    from tqdm import tqdm

    from .facts import STEPS_NEEDED, measure_facts, verdicts
    from .model import ChipMarketModel
    from .outputs import run_model, tables

    overrides = dict(parse_assignment(a) for a in args.assignments)
    scenario = load_scenario(args.scenario, overrides)
    scenario = scenario.replace(steps=STEPS_NEEDED)
    per_seed = []
    for seed in tqdm(range(1, args.seeds + 1), desc="seeds", leave=False):
        per_seed.append(
            {"seed": seed, **measure_facts(tables(run_model(ChipMarketModel(scenario, rng=seed))))}
        )
    per_seed = pd.DataFrame(per_seed)
    table = verdicts(per_seed)
    print(
        f"stylized facts, {scenario.name}, {args.seeds} seeds (a fact holds when the mean is in the band and >= 80 % of seeds are)"
    )
    for r in table.itertuples():
        print(
            f"  {r.fact:4s} {'holds' if r.holds else 'MISS ':5s}  mean {r.mean:9.3f}  band [{r.low:g}, {r.high:g}]  "
            f"seeds inside {r.share_of_seeds_inside:4.0%}  {r.measure}"
        )
    print(f"{int(table['holds'].sum())} of {len(table)} facts hold")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        per_seed.to_csv(args.out / "facts_per_seed.csv", index=False)
        table.to_csv(args.out / "facts.csv", index=False)
    return 0


def _sweep(args) -> int:
    from .sweep import Experiment, run_sweep, seed_list

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
            f"  {report.failed} runs failed: tracebacks in {args.out}/failures/; run the same command again to retry them",
            file=sys.stderr,
        )
        return 1
    return 0


def _grid_axis(text: str):
    """``key=6,8,12`` or ``key=[6, 8, 12]``: each value read as a TOML value."""
    key, value = parse_assignment(text)
    if not isinstance(value, list):
        raw = text.split("=", 1)[1]
        value = [parse_assignment(f"{key}={item}")[1] for item in raw.split(",") if item.strip()]
    return key, value


def _verdicts(args) -> int:
    from .theses import verdict_figure, verdicts

    if not 0.5 <= args.confidence < 1.0:
        raise ScenarioError(f"--confidence {args.confidence} is out of range; allowed: 0.5 to 0.999")
    table = verdicts(args.sweep, baseline=args.baseline, confidence=args.confidence)
    print(
        f"the essays' theses against '{args.baseline}', {args.confidence:.0%} bands over paired seeds ({args.sweep})"
    )
    for r in table.itertuples():
        small = " (small)" if r.small_effect else ""
        print(
            f"  {r.verdict:12s} {r.scenario:25s} {r.measure_description} {r.predicted} ({r.years}): "
            f"{r.baseline:.4g} -> {r.scenario_value:.4g}, effect {r.effect:+.3g} [{r.low:+.3g}, {r.high:+.3g}] "
            f"= {r.relative_effect:+.1%}{small}, n={r.n}"
        )
    counts = table["verdict"].value_counts()
    print("  " + ", ".join(f"{counts.get(v, 0)} {v}" for v in ("supported", "not resolved", "contradicted")))
    table.to_csv(args.sweep / "verdicts.csv", index=False)
    verdict_figure(table, args.sweep / "verdicts.png")
    print(f"  wrote {args.sweep / 'verdicts.csv'}, {args.sweep / 'verdicts.png'}")
    return 0


def _sensitivity(args) -> int:
    from .sensitivity import sensitivity, sensitivity_figure

    table = sensitivity(args.sweep, args.measure, args.years, args.scenario)
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


def _calibrate(args) -> int:
    from .calibration import rank_design_points
    from .facts import FACTS

    table = rank_design_points(args.sweep)
    table.to_csv(args.sweep / "calibration.csv", index=False)
    fact_ids = [f.fact_id for f in FACTS]
    params = [
        c
        for c in table.columns
        if c not in ("scenario", "design_point", "seeds", "facts_held", "loss", *fact_ids)
    ]
    print(
        f"{len(table)} parameter sets ranked by distance to the stylized-fact bands ({args.sweep}); best first"
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


def _params(args) -> int:
    values = load_scenario(args.scenario).to_dict() if args.scenario else None
    for row in Scenario.describe():
        allowed = (
            ", ".join(row["choices"])
            if row["choices"]
            else (f"{row['lo']}..{row['hi']}" if row["lo"] is not None else "")
        )
        value = values[row["key"]] if values else row["default"]
        unit = f" [{row['unit']}]" if row["unit"] else ""
        print(f"{row['key']} = {value!r}{unit}  ({allowed})  {row['doc']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "params":
            return _params(args)
        if args.command == "facts":
            return _facts(args)
        if args.command == "sweep":
            return _sweep(args)
        if args.command == "verdicts":
            return _verdicts(args)
        if args.command == "sensitivity":
            return _sensitivity(args)
        if args.command == "calibrate":
            return _calibrate(args)
        if args.command == "scenarios":
            for name in builtin_scenarios():
                print(f"{name}: {load_scenario(name).description}")
            return 0
    except ScenarioError as exc:
        print(f"market-sim: error: {exc}", file=sys.stderr)
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
