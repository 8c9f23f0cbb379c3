"""Types of the command line's arguments: each parses one text and names what it expects, so that
argparse's one-line error says what is allowed."""

from __future__ import annotations

import argparse

from ..experiments.urls import store_path


def years(text: str) -> tuple[int, int]:
    first, _, last = text.partition("-")
    first, last = int(first), int(last or first)
    if not 2020 <= first <= last <= 2069:
        raise ValueError(text)
    return first, last


years.__name__ = "years (FIRST-LAST, 2020..2069)"


def store(text: str):
    """A sweep's directory: a local path, or an fsspec URL (``s3://bucket/prefix``)."""
    try:
        return store_path(text)
    except ImportError as err:  # the URL's filesystem is not installed (s3fs for s3://, gcsfs for gs://)
        raise argparse.ArgumentTypeError(f"{text}: {err}") from err


store.__name__ = "directory or URL"


def seed(text: str) -> int:
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


seed.__name__ = "seed"  # argparse names the type in its message: "invalid seed value: '-1'"


def free_parameters(text: str) -> dict[str, tuple[float, float]]:
    """name=low:high,name=low:high -> {name: (low, high)}."""
    out = {}
    for item in filter(None, text.split(",")):
        name, _, bounds = item.partition("=")
        low, _, high = bounds.partition(":")
        try:
            out[name.strip()] = (float(low), float(high))
        except ValueError as err:
            raise argparse.ArgumentTypeError(f"'{item}' is not NAME=LOW:HIGH") from err
    return out


free_parameters.__name__ = "free parameters (NAME=LOW:HIGH,...)"


def port(text: str) -> int:
    value = int(text)
    if not 0 < value < 65536:
        raise ValueError(text)
    return value


port.__name__ = "port (1..65535)"


def fact_ids(text: str) -> tuple[str, ...]:
    from ..analysis.facts import FACT_BY_ID

    ids = tuple(t.strip() for t in text.split(",") if t.strip())
    unknown = [t for t in ids if t not in FACT_BY_ID]
    if unknown or not ids:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown) or repr(text)}: not a fact; allowed: {', '.join(FACT_BY_ID)}"
        )
    return ids
