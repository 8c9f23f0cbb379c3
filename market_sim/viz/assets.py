"""Solara's front-end packages, copied from the npm registry where solara's CDN cannot be reached.

Solara's server fetches a few npm packages from a CDN at the first page load; on a machine that
reaches package registries but not that CDN the page stays blank. ``market-sim ui --fetch-assets``
puts them into solara's asset cache first (this needs ``npm``). It is an explicit step: nothing here
runs when the page is imported.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path


def solara_cdn_packages() -> list[str]:
    """The npm packages (``name@version``) that solara's page template and grid layout load from its CDN."""
    import solara
    import solara.server.settings as settings

    root = Path(solara.__file__).parent
    sources = [*root.glob("server/templates/*.j2"), *root.glob("widgets/vue/*.vue")]
    text = "".join(p.read_text() for p in sources) + "cdn}}" + settings.assets.fontawesome_path
    # Only exact versions: a range (vega@5) belongs to components this page does not use.
    found = re.findall(r"(?:cdn\}\}|getCdn\(\)\})/(@?[\w.-]+(?:/[\w.-]+)?@\d+\.\d+\.\d+(?:-[\w.]+)?)/", text)
    return sorted(set(found))


def asset_cache_dir() -> Path:
    """Where solara's server looks for the CDN's packages before fetching them (.venv/share/solara/cdn)."""
    import solara.server.settings as settings

    return Path(settings.assets.proxy_cache_dir)


def missing_assets(cache_dir: Path | None = None) -> list[str]:
    """The packages of :func:`solara_cdn_packages` not yet in the asset cache."""
    cache_dir = Path(cache_dir or asset_cache_dir())
    return [pkg for pkg in solara_cdn_packages() if not (cache_dir / pkg / "package.json").is_file()]


def ensure_browser_assets(cache_dir: Path | None = None) -> list[str]:
    """Put solara's front-end packages into its asset cache from the npm registry, where missing.

    Returns the packages fetched (none when all are in place); raises RuntimeError naming what to
    install when npm is missing, or what failed.
    """
    cache_dir = Path(cache_dir or asset_cache_dir())
    missing = missing_assets(cache_dir)
    if not missing:
        return []
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(
            f"solara's browser assets {', '.join(missing)} are not in {cache_dir} and npm is missing: "
            "apt-get install npm (or let the page load them from solara's CDN)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        for pkg in missing:
            out = subprocess.run(
                [npm, "pack", "--silent", "--pack-destination", tmp, pkg],
                capture_output=True,
                text=True,
                timeout=300,
            )
            if out.returncode != 0:
                raise RuntimeError(f"npm pack {pkg} failed: {out.stderr.strip()[-500:]}")
            target = cache_dir / pkg
            staging = Path(tmp) / "unpacked"
            with tarfile.open(Path(tmp) / out.stdout.strip().splitlines()[-1]) as tar:
                tar.extractall(staging, filter="data")
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staging / "package", target)  # npm tarballs hold their files under package/
            shutil.rmtree(staging)
    return missing
