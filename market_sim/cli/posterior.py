"""Commands over a posterior sample: the facts across its draws, and the theses' verdicts across them."""

from __future__ import annotations

from pathlib import Path

from ..scenario import ScenarioError


def posterior_runs(args, scenario):
    """The facts on ``--draws`` draws from a posterior sample x ``--seeds`` seeds, and what they are over."""
    import pandas as pd

    from ..analysis.posterior import posterior_draws, posterior_facts, shipped_posterior

    if args.posterior == "shipped":
        sample = shipped_posterior()
    elif not Path(args.posterior).is_file():
        raise ScenarioError(
            f"--posterior {args.posterior}: no such file (a posterior.parquet of calibrate --estimate)"
        )
    else:
        sample = pd.read_parquet(args.posterior)
    runs = posterior_facts(scenario, posterior_draws(sample, args.draws), tuple(range(1, args.seeds + 1)))
    return runs, f"{args.draws} posterior draws x {args.seeds} seeds"


def ensemble(args) -> int:
    """The theses' verdicts across draws from the posterior (analysis/ensemble.py)."""
    import pandas as pd

    from ..analysis.ensemble import ENSEMBLE_FILES, ensemble_verdicts, write_ensemble
    from ..analysis.ensemble_figure import ensemble_figure
    from ..analysis.posterior import posterior_draws, shipped_posterior

    if args.draws < 1 or args.seeds < 2:
        raise ScenarioError(f"--draws {args.draws} / --seeds {args.seeds}: allowed: draws >= 1, seeds >= 2")
    sample = shipped_posterior() if args.posterior is None else pd.read_parquet(args.posterior)
    per_draw, table, discovery = ensemble_verdicts(
        args.ensemble,
        posterior_draws(sample, args.draws),
        tuple(range(1, args.seeds + 1)),
        workers=args.workers,
        confidence=args.confidence,
    )
    print(
        f"the essays' theses across {args.draws} posterior draws x {args.seeds} paired seeds "
        f"({args.ensemble})"
    )
    for r in table.itertuples():
        against = f" (vs {r.reference})" if r.reference != "baseline" else ""
        print(
            f"  {r.ensemble_verdict:21s} {r.scenario:25s} {r.measure_description}{against} {r.predicted} "
            f"({r.years}): "
            f"for in {r.share_for:.0%} of draws, against in {r.share_against:.0%}, "
            f"median effect {r.median_relative_effect:+.1%}"
        )
        if r.box:
            print(f"{'':24s}decided by {r.deciding_parameters}: {r.box}")
        elif r.deciding_parameters:
            print(f"{'':24s}{r.deciding_parameters}")
    write_ensemble(args.ensemble, per_draw, table, discovery)
    ensemble_figure(table, Path(args.ensemble) / "ensemble_verdicts.png")
    print(f"  wrote {', '.join(ENSEMBLE_FILES)}, ensemble_verdicts.png -> {args.ensemble}/")
    return 0
