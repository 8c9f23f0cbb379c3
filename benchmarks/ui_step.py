"""How long the browser page takes to show a quarter: from a click on Step until every panel has redrawn.

For each size (300 and 10,000 enterprises by default) it serves the page of ``market-sim ui`` with the
baseline started at that many enterprises (a small page module that sets the first model's
``n_enterprises``, as moving the lever and pressing Reset would, beyond the slider's range), opens it in
headless Chromium (Debian's ``chromium``, driven by Playwright, as ``tests/test_app.py`` does), presses
Step once to warm up, then times ``--steps`` Steps. A Step counts as drawn when the status panel shows the
new quarter and every figure on the page (the supplier network, revenue and compute shares, headline
metrics, prices and margins, the design pipeline) shows an image other than the one it showed before the
click. It prints the median, the fastest and the slowest milliseconds per size.

Aim (issue 10): under 500 ms at 10,000 enterprises. A benchmark, not a test: it reports, it does not fail.

    .venv/bin/python benchmarks/ui_step.py                         # 300 and 10,000 enterprises, 20 steps
    .venv/bin/python benchmarks/ui_step.py --enterprises 3000 --steps 5
    .venv/bin/python benchmarks/ui_step.py --screenshot ui.png    # and the page after the last Step
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from market_sim import calendar

AIM_MS = 500.0
SIZES = (300, 10_000)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE = """\
# The page of `market-sim ui`, its first model the baseline with {n} enterprises (benchmarks/ui_step.py).
from market_sim.model import ChipMarketModel
from market_sim.viz import app
from market_sim.viz.controls import BrowserRun

app.initial_model = lambda: ChipMarketModel(BrowserRun(scenario_name="baseline", rng=1, n_enterprises={n}))
page = app.MarketPage()
"""
# True once the status shows `period` and no figure shows what it showed before the click.
REDRAWN = """([period, before]) => {
    const shown = document.querySelector('.market-period');
    if (!shown || !shown.textContent.startsWith(period + ' ')) return false;
    const now = Array.from(document.querySelectorAll('img'), (img) => img.getAttribute('src'));
    return now.length === before.length && now.every((src, i) => src && src !== before[i]);
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(n_enterprises: int, workdir: Path) -> tuple[subprocess.Popen, str]:
    """Solara serving the page with ``n_enterprises`` on a free port; returns the server and its URL."""
    page = workdir / f"ui_page_{n_enterprises}.py"
    page.write_text(PAGE.format(n=n_enterprises))
    port = _free_port()
    log = open(workdir / f"server_{n_enterprises}.log", "w")  # noqa: SIM115 (closed with the server)
    command = [sys.executable, "-m", "solara", "run", str(page), "--host", "127.0.0.1", "--port", str(port)]
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"}
    server = subprocess.Popen(
        [*command, "--production", "--no-open"], stdout=log, stderr=subprocess.STDOUT, env=env
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"solara exited with {server.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return server, url
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.terminate()
            raise RuntimeError(f"solara did not answer on {url}; see {log.name}")
        time.sleep(0.2)


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def time_steps(browser, url: str, steps: int, screenshot: Path | None = None) -> list[float]:
    """Milliseconds from each Step click until every panel has redrawn (after one warm-up Step).

    ``screenshot``: where to save the whole page after the last Step (in a viewport tall enough for
    every panel: the page scrolls inside its own container, so a full-page shot alone would cut it).
    """
    page = browser.new_page(viewport={"width": 1600, "height": 1300})
    try:
        page.goto(url)
        page.locator(".market-period").wait_for(timeout=60_000)
        images = page.locator("img")
        while images.count() < 6:  # the five drawings and the compute shares
            page.wait_for_timeout(100)
        button = page.get_by_role("button", name="Step")
        timings = []
        for step in range(steps + 1):
            before = [images.nth(i).get_attribute("src") for i in range(images.count())]
            period = calendar.period_label(step)
            started = time.perf_counter()
            button.click()
            page.wait_for_function(REDRAWN, arg=[period, before], timeout=120_000)
            elapsed = (time.perf_counter() - started) * 1000
            if step:  # the first Step warms up (imports, caches)
                timings.append(elapsed)
        if screenshot:
            page.set_viewport_size({"width": 1600, "height": 2700})
            page.wait_for_timeout(1000)  # the page lays itself out again
            page.screenshot(path=screenshot, full_page=True)
        return timings
    finally:
        page.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--steps", type=int, default=20, help="timed Steps per size (after one warm-up)")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH") or shutil.which("chromium"))
    parser.add_argument("--screenshot", type=Path, help="save the page after the last size's steps (PNG)")
    args = parser.parse_args(argv)
    if not args.chromium:
        print("ui_step: needs Debian's chromium (apt-get install chromium)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    from market_sim.viz.assets import ensure_browser_assets, missing_assets

    if missing_assets():
        ensure_browser_assets()  # solara's page scripts from the npm registry (market-sim ui --fetch-assets)
    results = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        try:
            for n in args.enterprises:
                server, url = serve(n, Path(tmp))
                try:
                    shot = args.screenshot if n == args.enterprises[-1] else None
                    results[n] = time_steps(browser, url, args.steps, shot)
                finally:
                    stop(server)
                ms = results[n]
                print(
                    f"{n:>7,} enterprises: median {statistics.median(ms):6.0f} ms from Step to every panel "
                    f"redrawn (fastest {min(ms):.0f}, slowest {max(ms):.0f}; {len(ms)} steps)",
                    flush=True,
                )
        finally:
            browser.close()
    largest = max(results)
    median = statistics.median(results[largest])
    verdict = "meets" if median < AIM_MS else "misses"
    print(f"aim: under {AIM_MS:.0f} ms at the largest size ({largest:,}): {median:.0f} ms, {verdict} it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
