"""Command line: ``market-sim run``, ``sweep``, ``verdicts``, ``sensitivity``, ``calibrate``, ``facts``,
``params``, ``scenarios``, ``ui``.

Each subcommand's parser names its function (``set_defaults(func=...)``), which takes the parsed
arguments and returns the exit status. Bad input (unknown key, wrong type, out of range, malformed
TOML, unknown scenario) prints one line on stderr naming the key, the value and what is allowed,
and exits with status 2.
"""

from __future__ import annotations

import sys

from ..scenario import ScenarioError
from .parser import build_parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ScenarioError as exc:
        print(f"market-sim: error: {exc}", file=sys.stderr)
        return 2


__all__ = ["build_parser", "main"]
