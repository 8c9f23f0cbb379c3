"""The browser UI (market_sim/app.py): its drawings and controls without a browser, then the page itself
in headless chromium, served by `solara run` as a user would start it."""

from __future__ import annotations

import dataclasses
import inspect
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from mesa.visualization.solara_viz import _build_model_init_kwargs, _check_model_params

from market_sim import app
from market_sim.scenario import Scenario, ScenarioError, builtin_scenarios, load_scenario

QUARTERS = 12
APP_PATH = Path(app.__file__)


@pytest.fixture(scope="module")
def market():
    """The baseline market after three years (2020Q1-2022Q4)."""
    model = app.BrowserMarketModel(seed=3)
    for _ in range(QUARTERS):
        model.step()
    return model


def _by_gid(ax, gid):
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) == 1, f"expected one collection with gid {gid!r}, found {len(found)}"
    return found[0]


# ----------------------------------------------------------------------------- drawings
def test_network_draws_one_marker_per_node_and_one_line_per_edge(market):
    g = market.network.graph
    fig = app.draw_supplier_network(market)
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    nodes = _by_gid(ax, "supplier-nodes")
    edges = _by_gid(ax, "supplier-edges")
    assert isinstance(nodes, PathCollection) and isinstance(edges, LineCollection)
    assert len(nodes.get_offsets()) == g.number_of_nodes()
    assert len(edges.get_segments()) == g.number_of_edges()
    # Width follows spend: the edge carrying the most spend is drawn the widest.
    spend = [d["spend"] for *_, d in g.edges(data=True)]
    assert int(np.argmax(edges.get_linewidths())) == int(np.argmax(spend))
    # Colour by kind: every foundry-kind node has the foundry colour.
    colours = nodes.get_facecolors()
    kinds = [k for _, k in g.nodes(data="kind")]
    foundry = [c for c, k in zip(colours, kinds, strict=False) if k == "foundry"]
    assert foundry and all(np.allclose(c[:3], (0x7F / 255,) * 3) for c in foundry)
    assert "2022Q4" in ax.get_title()
    # Every node is labelled (in-house chips by their owner).
    labels = {t.get_text() for t in ax.texts}
    assert "hyperscaler_1 chip" in labels and "incumbent" in labels and len(ax.texts) == g.number_of_nodes()


def test_network_layout_puts_the_foundry_vendors_resellers_and_users_in_layers(market):
    g = market.network.graph
    pos = app.layered_layout(g)
    assert set(pos) == set(g.nodes)
    expected_x = {
        "foundry": 0,
        "merchant": 1,
        "start_up": 1,
        "in_house": 1,
        "hyperscaler": 2,
        "frontier_lab": 3,
        "open_lab": 3,
        "enterprise": 3,
    }
    for node, kind in g.nodes(data="kind"):
        assert pos[node][0] == expected_x[kind], (node, kind)
        assert 0 < pos[node][1] < 1
    # No two nodes share a position.
    assert len(set(pos.values())) == len(pos)
    # The layout is fixed: the same graph gives the same positions (no random spring layout).
    assert app.layered_layout(g) == pos


def test_network_edge_weight_must_be_a_flow():
    with pytest.raises(ValueError, match="edge_weight must be"):
        app.draw_supplier_network(app.BrowserMarketModel(), edge_weight="age")


def test_revenue_shares_sum_to_one_with_in_house_chips_as_suppliers(market):
    shares, kinds = app.revenue_shares(market.share_rows)
    assert len(shares) == QUARTERS
    assert shares.index[0] == 2020.0 and shares.index[-1] == 2022.75
    assert np.allclose(shares.sum(axis=1), 1.0)
    assert "incumbent" in shares.columns and shares.columns[0] == "incumbent"
    in_house = [c for c in shares.columns if kinds[c] == "in_house"]
    assert in_house and all(c.startswith("in_house:") for c in in_house)
    # The incumbent's share is its revenue over all accelerator spend in that quarter.
    rows = pd.DataFrame(market.share_rows)
    last = rows[rows["step"] == QUARTERS - 1]
    assert shares["incumbent"].iloc[-1] == pytest.approx(
        last.loc[last["supplier"] == "incumbent", "revenue"].sum() / last["revenue"].sum()
    )


def test_revenue_shares_fold_small_suppliers_into_others():
    rows = [
        {"step": 0, "supplier": s, "supplier_kind": k, "revenue": r}
        for s, k, r in [
            ("incumbent", "merchant", 97.0),
            ("startup_1", "start_up", 0.5),
            ("startup_2", "start_up", 2.5),
        ]
    ]
    shares, kinds = app.revenue_shares(rows, min_peak_share=0.01)
    assert list(shares.columns) == ["incumbent", "startup_2", "others"]
    assert shares["others"].iloc[0] == pytest.approx(0.005)
    assert app.revenue_shares([])[0].empty


def test_revenue_share_figure_stacks_one_area_per_supplier(market):
    shares, _ = app.revenue_shares(market.share_rows)
    ax = app.draw_revenue_shares(market).axes[0]
    areas = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(areas) == shares.shape[1]
    assert ax.get_ylim() == (0.0, 1.0)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "incumbent" in legend and "hyperscaler_1 chip" in legend


def test_prices_and_margins_plot_each_vendor(market):
    fig = app.draw_prices_and_margins(market)
    ax_price, ax_margin = fig.axes
    vendors = {v.name for v in market.vendors}
    price_lines = {line.get_label(): line for line in ax_price.get_lines()}
    margin_lines = {line.get_label(): line for line in ax_margin.get_lines()}
    assert vendors <= set(price_lines) and vendors <= set(margin_lines)
    assert "in-house (cost + partner)" in price_lines
    rows = pd.DataFrame(market.vendor_rows)
    incumbent = rows[rows["vendor"] == "incumbent"]
    assert np.allclose(price_lines["incumbent"].get_ydata(), incumbent["list_price"] / 1e3)
    assert np.allclose(margin_lines["incumbent"].get_ydata(), incumbent["gross_margin"])
    assert all(0 < m < 1 for m in incumbent["gross_margin"])


def test_design_pipeline_draws_a_bar_per_project_coloured_by_status(market):
    projects = pd.DataFrame(market.projects_table())
    shown = projects[projects["ship_step"] >= -12]
    ax = app.draw_design_pipeline(market).axes[0]
    bars = ax.containers[0]
    assert len(bars) == len(shown)
    colours = {tuple(np.round(b.get_facecolor()[:3], 3)) for b in bars}
    expected = {tuple(np.round(np.array(to_rgba(app.STATUS_COLOURS[s])[:3]), 3)) for s in shown["status"]}
    assert colours == expected
    assert {"shipped", "in_progress"} <= set(shown["status"])
    # One row per designer, and each bar spans start to ship in years.
    assert len(ax.get_yticks()) == shown["designer"].nunique()
    widths = sorted(round(b.get_width() * 4) for b in bars)
    assert widths == sorted(shown["ship_step"] - shown["start_step"])


def test_pipeline_lanes_keep_overlapping_projects_apart():
    projects = pd.DataFrame(
        {"designer": ["a", "a", "a", "b"], "start_step": [0, 4, 12, 0], "ship_step": [12, 16, 24, 12]}
    )
    assert list(app.pipeline_lanes(projects)) == [0, 1, 0, 0]


def test_headline_metrics_plot_the_collected_quarters(market):
    ax = app.draw_headline_metrics(market).axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(app.HEADLINE_METRICS.values()) <= set(lines)
    hhi = lines["HHI / 10,000 (revenue)"].get_ydata()
    collected = market.datacollector.get_model_vars_dataframe()
    assert len(hhi) == QUARTERS
    assert np.allclose(hhi, collected["hhi"].astype(float) / 10_000)


def test_every_drawing_works_before_the_first_quarter():
    model = app.BrowserMarketModel()
    for draw in app.DRAWINGS.values():
        fig = draw(model)
        assert isinstance(fig, Figure) and fig.axes
    placeholder = [t.get_text() for t in app.draw_revenue_shares(model).axes[0].texts]
    assert placeholder == ["Press Step to run the first quarter"]
    assert "before 2020Q1" in app.draw_supplier_network(model).axes[0].get_title()


def test_status_shows_the_quarter_headline_numbers_and_scenario(market):
    html = app.status_html(market)
    assert "2022Q4 (quarter 12 of 64)" in html
    assert f"{market.metrics['hhi']:,.0f}" in html
    assert f"{market.metrics['in_house_compute_share']:.0%}" in html
    assert "unmet demand share" in html and "inference share of compute" in html
    assert "baseline" in html and "seed 3" in html
    assert "No quarter run yet" in app.status_html(app.BrowserMarketModel())


# ----------------------------------------------------------------------------- controls
def test_every_lever_is_a_scenario_parameter_with_its_baseline_inside_its_range():
    fields = {f.name: f.metadata for f in dataclasses.fields(Scenario)}
    baseline = load_scenario("baseline")
    assert set(app.LEVERS) == {
        "design_cycle_quarters",
        "switching_cost",
        "roadmap_sharing_prob",
        "portability_growth_per_year",
        "incumbent_pricing",
        "foundry_capacity_growth_per_year",
        "n_enterprises",
        "make_or_buy_hurdle",
    }
    for name, control in app.LEVERS.items():
        assert name in fields, name
        meta = fields[name]
        assert control["value"] == getattr(baseline, name)
        if control["type"] == "Select":
            assert control["values"] == list(meta["choices"])
        else:
            assert control["type"] == ("SliderInt" if isinstance(control["value"], int) else "SliderFloat")
            assert meta["lo"] <= control["min"] <= control["value"] <= control["max"] <= meta["hi"], name
            assert 0 < control["step"] <= control["max"] - control["min"]
    assert app.model_params["scenario_name"]["values"] == builtin_scenarios()
    assert app.model_params["scenario_name"]["value"] == "baseline"


def test_mesa_accepts_the_controls_and_reset_builds_the_chosen_scenario():
    model = app.BrowserMarketModel()
    _check_model_params(model, app.model_params)  # raises on a control the model does not take
    assert set(app.model_params) <= set(inspect.signature(app.BrowserMarketModel.__init__).parameters)
    # What SolaraViz's Reset does with the controls' values:
    values = {k: v["value"] for k, v in app.model_params.items()} | {
        "scenario_name": "ai_designed_chips",
        "seed": "7",
    }
    kwargs = _build_model_init_kwargs(
        model, values, add_scenario_when_empty=True, require_model_accepts_scenario=True
    )
    reset = type(model)(**kwargs)
    assert reset.params.name == "ai_designed_chips" and reset.params.design_cycle_quarters == 6
    assert reset.seed_value == 7


def test_a_lever_overrides_the_scenario_only_when_moved_from_baseline():
    assert (
        app.BrowserMarketModel("ai_designed_chips", design_cycle_quarters=12).params.design_cycle_quarters
        == 6
    )
    assert (
        app.BrowserMarketModel("ai_designed_chips", design_cycle_quarters=8).params.design_cycle_quarters == 8
    )
    assert (
        app.BrowserMarketModel("no_custom_silicon", make_or_buy_hurdle=2.0).params.make_or_buy_hurdle == 100.0
    )
    model = app.BrowserMarketModel(incumbent_pricing="value_based", roadmap_sharing_prob=0.1 * 3 + 0.7)
    assert model.params.incumbent_pricing == "value_based"
    assert model.params.roadmap_sharing_prob == 1.0  # slider float noise rounded, not out of range
    assert model.lever_overrides == {"incumbent_pricing": "value_based", "roadmap_sharing_prob": 1.0}


def test_seed_makes_runs_repeatable_and_a_bad_seed_is_a_clear_error():
    def run(seed):
        model = app.BrowserMarketModel(seed=seed)
        for _ in range(4):
            model.step()
        return model.metrics

    assert run("5") == run(5)
    assert run(5)["incumbent_revenue_share"] != run(6)["incumbent_revenue_share"]
    with pytest.raises(ScenarioError, match="random seed must be a whole number"):
        app.BrowserMarketModel(seed="five")


def test_solara_cdn_packages_are_pinned_npm_packages():
    packages = app.solara_cdn_packages()
    assert any(p.startswith("@widgetti/solara-vuetify3-app@") for p in packages)
    assert any(p.startswith("requirejs@") for p in packages)
    assert all(p.rsplit("@", 1)[1][0].isdigit() for p in packages)


# ----------------------------------------------------------------------------- the page in a browser
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


@pytest.fixture(scope="module")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.skip("browser tests need Debian's chromium: apt-get install chromium")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ui_url(tmp_path_factory):
    """`solara run market_sim/app.py` on a free port (one per xdist worker), stopped after the tests."""
    try:
        app.ensure_browser_assets()
    except RuntimeError as exc:
        pytest.skip(str(exc))
    port = _free_port()
    log = tmp_path_factory.mktemp("solara") / "server.log"
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"}  # no telemetry calls from tests
    with open(log, "w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "solara",
                "run",
                str(APP_PATH),
                "--port",
                str(port),
                "--host",
                "127.0.0.1",
                "--production",
                "--no-open",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=APP_PATH.parent.parent,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"solara exited with {server.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"solara did not answer on {url} within 60 s:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)  # polling a server that is starting, not waiting on the page
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.xdist_group("browser")
def test_page_steps_a_quarter_and_resets_to_the_chosen_scenario(chromium_path, ui_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1300})
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(ui_url)
            period = page.locator(".market-period")
            expect(period).to_have_text("before 2020Q1 (quarter 0 of 64)", timeout=30_000)
            expect(page.get_by_text("market-sim: AI-accelerator market")).to_be_visible()
            expect(page.get_by_text("Market status")).to_be_visible()
            for label in (
                "Scenario",
                "Random seed",
                "Design cycle (quarters)",
                "Incumbent pricing",
                "Make-or-buy hurdle",
            ):
                expect(page.get_by_text(label, exact=True).first).to_be_visible()
            figures = page.locator("img")
            expect(figures).to_have_count(len(app.DRAWINGS), timeout=15_000)
            network = figures.first
            before = network.get_attribute("src")

            page.get_by_role("button", name="Step").click()
            expect(period).to_have_text("2020Q1 (quarter 1 of 64)", timeout=15_000)
            expect(page.get_by_text("HHI (revenue)")).to_be_visible()
            expect(network).not_to_have_attribute("src", before)  # the network was redrawn
            page.get_by_role("button", name="Step").click()
            expect(period).to_have_text("2020Q2 (quarter 2 of 64)", timeout=15_000)

            # Pick another scenario, then Reset: the model restarts from it. The select is found by
            # its label text, not an ARIA role: Vuetify 2 and 3 give it different roles.
            page.locator(".v-select").filter(has_text="Scenario").first.click()
            page.get_by_role("option", name="ai_designed_chips").click()
            page.get_by_role("button", name="Reset").click()
            expect(period).to_have_text("before 2020Q1 (quarter 0 of 64)", timeout=15_000)
            expect(page.get_by_text("Scenario: ai_designed_chips")).to_be_visible()
            expect(page.get_by_text("design_cycle_quarters = 6", exact=False)).to_be_visible()
            page.get_by_role("button", name="Step").click()
            expect(period).to_have_text("2020Q1 (quarter 1 of 64)", timeout=15_000)

            shot = tmp_path / "ui.png"
            page.screenshot(path=shot, full_page=True)
            assert shot.stat().st_size > 50_000
            assert errors == [], f"errors in the page: {errors}"
        finally:
            browser.close()
