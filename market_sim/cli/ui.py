"""``market-sim ui``: serve the browser UI with ``solara run`` on the page module, localhost by default."""

from __future__ import annotations

import os
import subprocess
import sys

from ..scenario import ScenarioError, builtin_scenarios

PAGE_MODULE = "market_sim.viz.app"
SCENARIO_ENV = "MARKET_SIM_UI_SCENARIO"  # read by the page: the scenario a new session starts with


def solara_command(args) -> tuple[list[str], dict[str, str]]:
    """The ``solara run`` command line and environment that serve the page as ``args`` ask."""
    argv = [
        sys.executable,
        "-m",
        "solara",
        "run",
        PAGE_MODULE,
        "--host",
        args.host,
        "--port",
        str(args.port),
        "--production",
        "--no-open",
    ]
    return argv, {**os.environ, SCENARIO_ENV: args.scenario}


def fetch_assets() -> None:
    """The explicit offline step: solara's page scripts from the npm registry into its asset cache."""
    from ..viz.assets import ensure_browser_assets

    fetched = ensure_browser_assets()
    print(
        f"solara's page scripts fetched from the npm registry: {', '.join(fetched)}"
        if fetched
        else "solara's page scripts: already in place"
    )


def serve(argv: list[str], env: dict[str, str]) -> int:
    """Run the server in this process's place (so Ctrl-C and signals reach it directly)."""
    sys.stdout.flush()
    if os.name == "posix":
        os.execve(argv[0], argv, env)
    return subprocess.call(argv, env=env)  # pragma: no cover (no exec on Windows)


def ui(args) -> int:
    names = builtin_scenarios()
    if args.scenario not in names:
        raise ScenarioError(
            f"unknown scenario '{args.scenario}' for the UI; allowed: {', '.join(names)} "
            "(the page starts from a built-in scenario)"
        )
    if args.fetch_assets:
        try:
            fetch_assets()
        except RuntimeError as exc:
            print(f"market-sim: error: {exc}", file=sys.stderr)
            return 1
    argv, env = solara_command(args)
    print(f"market-sim ui: scenario {args.scenario} at http://{args.host}:{args.port}/ (Ctrl-C stops it)")
    return serve(argv, env)
