"""The model's version: bumped whenever a change alters a run's outputs for the same scenario and seed.

It is written to every run.json, to a sweep's plan and into every run id, so results of two model
versions are never mixed; the golden files of ``tests/golden`` record the version they were made by.
"""

MODEL_VERSION = 21


def package_versions() -> dict[str, str]:
    """Python's and the main packages' versions, as recorded beside a run or a sweep."""
    import importlib.metadata as md
    import platform

    out = {"python": platform.python_version()}
    for pkg in ("market-sim", "mesa", "numpy", "pandas", "pyarrow", "networkx"):
        try:
            out[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            out[pkg] = "unknown"
    return out
