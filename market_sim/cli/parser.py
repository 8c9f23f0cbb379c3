"""The parser of ``market-sim``: one subparser per command, each naming its function with ``set_defaults``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..analysis.measures import MEASURES
from ..experiments.spec import ALL_TABLES, DEFAULT_TABLES, EXECUTORS
from . import arguments, commands, estimation, ui


class OneLineParser(argparse.ArgumentParser):
    """Usage errors, like scenario errors, are one line on stderr and exit status 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _assignments(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument(
        "--set", dest="assignments", action="append", default=[], metavar="KEY=VALUE", help=help
    )


def _add_run(sub) -> None:
    run = sub.add_parser("run", help="run one scenario with one seed and write its outputs")
    run.set_defaults(func=commands.run)
    run.add_argument(
        "--scenario",
        default="baseline",
        help="built-in scenario name or path to a .toml file (default: baseline)",
    )
    run.add_argument(
        "--seed", type=arguments.seed, default=1, help="random seed, a non-negative integer (default: 1)"
    )
    run.add_argument(
        "--steps",
        type=int,
        default=None,
        help="quarters to simulate (default: the scenario's, 64 = 2020Q1..2035Q4)",
    )
    _assignments(run, "override a scenario parameter (repeatable), e.g. --set design_cycle_quarters=8")
    run.add_argument("--out", required=True, type=Path, help="output directory (created if missing)")
    run.add_argument("--no-figure", action="store_true", help="skip summary.png")
    run.add_argument("--quiet", action="store_true", help="no progress bar or summary")


def _add_facts(sub) -> None:
    facts = sub.add_parser("facts", help="measure the stylized facts of 2020-2025 over several seeds")
    facts.set_defaults(func=commands.facts)
    facts.add_argument(
        "--scenario", default="baseline", help="built-in scenario name or path to a .toml file"
    )
    facts.add_argument(
        "--seeds", type=int, default=30, help="number of seeds, 1..N (default: 30, as the facts file says)"
    )
    _assignments(facts, "override a parameter")
    facts.add_argument(
        "--out", type=Path, default=None, help="also write per-seed measures and verdicts as CSV here"
    )
    facts.add_argument(
        "--posterior",
        nargs="?",
        const="shipped",
        default=None,
        metavar="POSTERIOR.parquet",
        help="measure over draws from a posterior sample (default: the baseline's, shipped with the "
        "package) x seeds, rather than at the scenario's own values",
    )
    facts.add_argument(
        "--draws", type=int, default=16, help="posterior draws, by weight (default: 16; with --posterior)"
    )


def _add_sweep(sub) -> None:
    sweep = sub.add_parser("sweep", help="run an experiment (scenarios x parameter grid x seeds); resumable")
    sweep.set_defaults(func=commands.sweep)
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
        help="sweep a parameter over values (repeatable; the grid is full factorial), "
        "e.g. --grid design_cycle_quarters=6,8,12",
    )
    _assignments(sweep, "override a parameter in every run (repeatable)")
    sweep.add_argument("--steps", type=int, default=None, help="quarters per run (default: the scenario's)")
    sweep.add_argument(
        "--tables",
        default=None,
        help=f"comma-separated tables to keep (default: {','.join(DEFAULT_TABLES)}; "
        f"all: {','.join(ALL_TABLES)})",
    )
    sweep.add_argument(
        "--out",
        type=arguments.store,
        default=None,
        help="output directory, or an fsspec URL such as s3://bucket/prefix; run again on it to resume "
        "(required)",
    )
    sweep.add_argument(
        "--status",
        type=arguments.store,
        default=None,
        metavar="DIR",
        help="report a sweep's progress from its store (runs done, failed, pending) and exit",
    )
    sweep.add_argument(
        "--executor", choices=EXECUTORS, default="processes", help="where runs execute (default: processes)"
    )
    sweep.add_argument("--workers", type=int, default=None, help="parallel workers (default: one per core)")
    sweep.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 "
        "(with --executor dask; default: a local cluster)",
    )
    sweep.add_argument("--restart", action="store_true", help="discard what --out holds and start over")
    sweep.add_argument("--quiet", action="store_true", help="no progress bar")


def _add_analyses(sub) -> None:
    verdict = sub.add_parser(
        "verdicts", help="the essays' theses: each scenario's effect vs the baseline, with confidence bands"
    )
    verdict.set_defaults(func=commands.verdicts)
    verdict.add_argument(
        "sweep",
        type=Path,
        nargs="?",
        help="a sweep directory that ran the baseline and thesis scenarios (experiments/theses.toml)",
    )
    verdict.add_argument(
        "--baseline", default="baseline", help="the scenario the theses are compared with (default: baseline)"
    )
    verdict.add_argument(
        "--confidence", type=float, default=0.95, help="confidence level of the bands (default: 0.95)"
    )
    ens = verdict.add_argument_group("across the posterior (--ensemble)")
    ens.add_argument(
        "--ensemble",
        type=Path,
        metavar="DIR",
        help="run every thesis and the baseline at posterior draws x paired seeds into DIR (resumable) and "
        "say which claims are robust, contradicted or depend on the market",
    )
    ens.add_argument(
        "--draws",
        type=int,
        default=32,
        help="posterior draws, by weight (default: 32); with >= 200, scenario discovery names the "
        "parameters that decide a claim that depends on the market",
    )
    ens.add_argument("--seeds", type=int, default=5, help="paired seeds per draw (default: 5)")
    ens.add_argument(
        "--posterior",
        default=None,
        metavar="POSTERIOR.parquet",
        help="a posterior sample (default: the baseline's, shipped with the package)",
    )
    ens.add_argument("--workers", type=int, default=None, help="processes (default: the machine's cores)")

    sens = sub.add_parser(
        "sensitivity", help="sensitivity indices (SALib) from a sweep that sampled a design"
    )
    sens.set_defaults(func=commands.sensitivity)
    sens.add_argument("sweep", type=Path, help="a sweep directory whose experiment has a [sample] table")
    sens.add_argument(
        "--measure",
        default="incumbent_revenue_share",
        help="what to explain (default: incumbent_revenue_share); one of: " + ", ".join(MEASURES),
    )
    sens.add_argument(
        "--years",
        type=arguments.years,
        default=(2027, 2035),
        help="window of years, e.g. 2027-2035 (default)",
    )
    sens.add_argument(
        "--scenario", default=None, help="which scenario of the sweep (needed when it ran several)"
    )
    sens.add_argument(
        "--facts",
        action="store_true",
        help="total Sobol' indices of every sampled parameter on every stylized fact (a Sobol' design over "
        "2020-2025, e.g. experiments/estimate_sobol.toml): which parameters the facts can estimate",
    )

    calib = sub.add_parser(
        "calibrate",
        help="rank a sweep's design points by how well they reproduce the stylized facts, or (--estimate) "
        "estimate a posterior over parameters from the facts with ABC-SMC",
    )
    calib.set_defaults(func=commands.calibrate)
    calib.add_argument(
        "sweep",
        type=Path,
        nargs="?",
        help="a sweep of at least 24 quarters that sampled the parameters to tune "
        "(experiments/calibration.toml); not with --estimate",
    )
    calib.add_argument("--top", type=int, default=10, help="design points to print (default: 10)")
    estimation.add_arguments(calib)


def _add_ui(sub) -> None:
    serve = sub.add_parser("ui", help="serve the browser UI (watch a run quarter by quarter)")
    serve.set_defaults(func=ui.ui)
    serve.add_argument(
        "--scenario", default="baseline", help="built-in scenario the page starts with (default: baseline)"
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=arguments.port, default=8765, help="port to listen on (default: 8765)")
    serve.add_argument(
        "--fetch-assets",
        action="store_true",
        help="first copy solara's page scripts from the npm registry (needs npm; only where solara's CDN "
        "is unreachable)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="market-sim", description="Agent-based simulator of the AI-accelerator chip market."
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)
    _add_run(sub)
    _add_facts(sub)
    _add_sweep(sub)
    _add_analyses(sub)
    params = sub.add_parser(
        "params",
        help="list every scenario parameter with its default, unit, range and source "
        "(cited, assumed or calibrated)",
    )
    params.set_defaults(func=commands.params)
    params.add_argument(
        "keys", nargs="*", metavar="KEY", help="only these parameters, each with its source's note"
    )
    params.add_argument(
        "--scenario", default=None, help="show this scenario's values instead of the defaults"
    )
    params.add_argument(
        "--sources",
        action="store_true",
        help="under each parameter, the citation or the reason for its default, and the counts by kind",
    )
    sub.add_parser("scenarios", help="list the built-in scenarios").set_defaults(func=commands.scenarios)
    _add_ui(sub)
    return parser
