"""The browser UI and its figures (market_sim/viz/): the figures drawn from the output tables, the palette,
the controls and the Mesa Scenario that Reset builds the model from, `market-sim ui`, then the page itself
in headless chromium, served by `market-sim ui` as a user would start it."""

from __future__ import annotations

import dataclasses
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
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from mesa.visualization.solara_viz import _build_model_init_kwargs, _check_model_params

from market_sim import cli
from market_sim.model import ChipMarketModel
from market_sim.outputs import tables
from market_sim.scenario import Scenario, ScenarioError, builtin_scenarios, load_scenario
from market_sim.viz import app, assets, controls, figures, palette
from market_sim.viz.controls import BrowserRun
from market_sim.viz.events import event_log_html
from market_sim.viz.figures import draw_compute_shares

QUARTERS = 12


def _run(model: ChipMarketModel, quarters: int) -> ChipMarketModel:
    for _ in range(quarters):
        model.step()
    return model


@pytest.fixture(scope="module")
def market():
    """The baseline market after three years (2020Q1-2022Q4), built as the page builds it."""
    return _run(ChipMarketModel(BrowserRun(rng=3)), QUARTERS)


@pytest.fixture(scope="module")
def data(market):
    return tables(market)


def _by_gid(ax, gid):
    found = [c for c in ax.collections if c.get_gid() == gid]
    assert len(found) == 1, f"expected one collection with gid {gid!r}, found {len(found)}"
    return found[0]


# ----------------------------------------------------------------------------- figures
def test_network_draws_one_marker_per_node_and_one_line_per_edge(market):
    g = market.network.graph
    fig = figures.draw_supplier_network(g, period="2022Q4")
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
    foundry = [c for c, k in zip(colours, kinds, strict=True) if k == "foundry"]
    assert foundry and all(np.allclose(c[:3], (0x7F / 255,) * 3) for c in foundry)
    assert "2022Q4" in ax.get_title()
    # Every node is labelled (in-house chips by their owner).
    labels = {t.get_text() for t in ax.texts}
    assert "hyperscaler_1 chip" in labels and "incumbent" in labels and len(ax.texts) == g.number_of_nodes()


def test_network_layout_puts_the_foundry_vendors_resellers_and_users_in_layers(market):
    g = market.network.graph
    pos = figures.layered_layout(g)
    assert set(pos) == set(g.nodes)
    expected_x = {"foundry": 0, "merchant": 1, "start_up": 1, "in_house": 1, "hyperscaler": 2}
    for node, kind in g.nodes(data="kind"):
        assert pos[node][0] == expected_x.get(kind, 3), (node, kind)
        assert 0 < pos[node][1] < 1
    assert len(set(pos.values())) == len(pos)  # no two nodes share a position
    assert figures.layered_layout(g) == pos  # fixed, not a random spring layout


def test_network_edge_weight_must_be_a_flow(market):
    with pytest.raises(ValueError, match="edge_weight must be"):
        figures.draw_supplier_network(market.network.graph, period="2022Q4", edge_weight="age")


def test_the_graph_rebuilt_from_the_edges_table_matches_the_live_one(market, data):
    rebuilt = figures.graph_from_edges(data, QUARTERS - 1)
    live = market.network.graph
    assert set(live.edges) <= set(rebuilt.edges)  # the table also keeps suppliers that left this quarter
    for node in live:
        assert rebuilt.nodes[node]["kind"] == live.nodes[node]["kind"], node
    u, v = next(iter(live.edges))
    assert rebuilt.edges[u, v]["spend"] == pytest.approx(live.edges[u, v]["spend"])


def test_revenue_shares_sum_to_one_with_in_house_chips_as_suppliers(data):
    shares, kinds = figures.revenue_shares(data["shares"])
    assert len(shares) == QUARTERS
    assert shares.index[0] == 2020.0 and shares.index[-1] == 2022.75
    assert np.allclose(shares.sum(axis=1), 1.0)
    assert shares.columns[0] == "incumbent"
    in_house = [c for c in shares.columns if kinds[c] == "in_house"]
    assert in_house and all(c.startswith("in_house:") for c in in_house)
    rows = data["shares"]
    last = rows[rows["step"] == QUARTERS - 1]
    assert shares["incumbent"].iloc[-1] == pytest.approx(
        last.loc[last["supplier"] == "incumbent", "revenue"].sum() / last["revenue"].sum()
    )


def test_revenue_shares_fold_small_suppliers_into_others():
    rows = pd.DataFrame(
        [
            {"step": 0, "supplier": s, "supplier_kind": k, "revenue": r}
            for s, k, r in [
                ("incumbent", "merchant", 97.0),
                ("startup_1", "start_up", 0.5),
                ("startup_2", "start_up", 2.5),
            ]
        ]
    )
    shares, _ = figures.revenue_shares(rows, min_peak_share=0.01)
    assert list(shares.columns) == ["incumbent", "startup_2", "others"]
    assert shares["others"].iloc[0] == pytest.approx(0.005)
    assert figures.revenue_shares(rows.iloc[:0])[0].empty


def test_grouped_shares_keep_merchants_by_name_and_group_the_rest(data):
    grouped = figures.grouped_revenue_shares(data["shares"])
    assert list(grouped.columns[:3]) == ["incumbent", "challenger", "cpu_vendor"]
    assert {"start-ups", "in-house chips"} <= set(grouped.columns)
    assert np.allclose(grouped.sum(axis=1), 1.0)


def test_revenue_share_figure_stacks_one_area_per_supplier_in_its_colour(data):
    shares, _ = figures.revenue_shares(data["shares"])
    colours = palette.supplier_colours(data)
    ax = figures.draw_revenue_shares(data).axes[0]
    areas = [c for c in ax.collections if isinstance(c, PolyCollection)]
    assert len(areas) == shares.shape[1]
    for area, supplier in zip(areas, shares.columns, strict=True):
        assert to_hex(area.get_facecolor()[0]) == colours.get(supplier, palette.OTHERS_COLOUR)
    assert ax.get_ylim() == (0.0, 1.0)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "incumbent" in legend and "hyperscaler_1 chip" in legend


def test_prices_and_margins_plot_each_seller(data):
    fig = figures.draw_prices_and_margins(data)
    ax_price, ax_margin = fig.axes
    vendors = data["vendors"]
    sellers = set(vendors.loc[vendors["kind"] != "in_house", "vendor"])
    price_lines = {line.get_label(): line for line in ax_price.get_lines()}
    margin_lines = {line.get_label(): line for line in ax_margin.get_lines()}
    assert sellers <= set(price_lines) and sellers <= set(margin_lines)
    assert {"in-house (cost + partner)", "foundry unit cost"} <= set(price_lines)
    incumbent = vendors[vendors["vendor"] == "incumbent"]
    assert np.allclose(price_lines["incumbent"].get_ydata(), incumbent["list_price"] / 1e3)
    assert np.allclose(margin_lines["incumbent"].get_ydata(), incumbent["gross_margin"])
    assert to_hex(price_lines["incumbent"].get_color()) == palette.MERCHANT_COLOURS["incumbent"]


def test_design_pipeline_draws_a_bar_per_project_coloured_by_status(data):
    projects = data["projects"]
    shown = projects[projects["ship_step"] >= -12]
    ax = figures.draw_design_pipeline(data).axes[0]
    bars = _by_gid(ax, "design-projects")  # one collection of bars, a row (named) per designer
    assert len(bars.get_paths()) == len(shown)
    colours = {tuple(np.round(c[:3], 3)) for c in bars.get_facecolors()}
    expected = {tuple(np.round(np.array(to_rgba(palette.STATUS_COLOURS[s])[:3]), 3)) for s in shown["status"]}
    assert colours == expected
    assert {"shipped", "in_progress"} <= set(shown["status"])
    assert {t.get_text() for t in ax.texts} == {palette.short_name(d) for d in shown["designer"]}
    widths = sorted(round(np.ptp(p.vertices[:, 0]) * 4) for p in bars.get_paths())
    assert widths == sorted(shown["ship_step"] - shown["start_step"])
    assert "2022Q4" in ax.get_title()


def test_pipeline_lanes_keep_overlapping_projects_apart():
    projects = pd.DataFrame(
        {"designer": ["a", "a", "a", "b"], "start_step": [0, 4, 12, 0], "ship_step": [12, 16, 24, 12]}
    )
    assert list(figures.pipeline_lanes(projects)) == [0, 1, 0, 0]


def test_headline_metrics_plot_the_model_table(data):
    ax = figures.draw_headline_metrics(data).axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert set(figures.HEADLINE_METRICS.values()) <= set(lines)
    hhi = lines["HHI / 10,000 (revenue)"].get_ydata()
    assert len(hhi) == QUARTERS
    assert np.allclose(hhi, data["model"]["hhi"].astype(float) / 10_000)


def test_every_panel_draws_before_the_first_quarter():
    model = app.initial_model()
    panel = app.panel_tables(model)
    for draw in app.DRAWINGS.values():
        fig = draw(model, panel)
        assert isinstance(fig, Figure) and fig.axes
    placeholder = [t.get_text() for t in app.DRAWINGS["revenue_shares"](model, panel).axes[0].texts]
    assert placeholder == ["Press Step to run the first quarter"]
    assert "before 2020Q1" in app.DRAWINGS["network"](model, panel).axes[0].get_title()


def test_summary_png_is_drawn_from_the_parquet_files_in_the_palette(tmp_path, market, data):
    from market_sim import plots
    from market_sim.outputs import write_run
    from market_sim.viz.summary import draw_summary, summary_figure

    assert plots.summary_figure is summary_figure  # the old name still works (outputs.py uses it)
    paths = write_run(market, tmp_path, seed=3, wall_seconds=0.0)
    assert paths["summary"].stat().st_size > 50_000
    fig = draw_summary(data, title="t")
    margins = {line.get_label(): to_hex(line.get_color()) for line in fig.axes[3].get_lines()}
    assert margins["challenger"] == palette.MERCHANT_COLOURS["challenger"]
    areas = [c for c in fig.axes[0].collections if isinstance(c, PolyCollection)]
    grouped = figures.grouped_revenue_shares(data["shares"])
    assert to_hex(areas[list(grouped.columns).index("in-house chips")].get_facecolor()[0]) == to_hex(
        palette.KIND_COLOURS["in_house"]
    )


# ----------------------------------------------------------------------------- palette
def test_each_supplier_keeps_its_colour_through_a_run():
    model = ChipMarketModel("inference_startups", rng=2)
    early = palette.supplier_colours(tables(_run(model, 8)))
    late = palette.supplier_colours(tables(_run(model, 24)))
    assert {k: late[k] for k in early} == early
    kinds = palette.supplier_kinds(tables(model))
    assert len(late) > len(early)  # suppliers entered later, and got colours of their own kind
    for supplier, kind in kinds.items():
        if supplier in palette.MERCHANT_COLOURS:
            assert late[supplier] == palette.MERCHANT_COLOURS[supplier]
        elif kind in ("start_up", "in_house"):
            assert late[supplier] in palette.SHADES[kind], (supplier, kind)


# ----------------------------------------------------------------------------- controls and Reset
def test_every_lever_is_a_scenario_parameter_and_an_attribute_of_the_run():
    fields = {f.name: f.metadata for f in dataclasses.fields(Scenario)}
    baseline = load_scenario("baseline")
    assert set(controls.LEVERS) == {
        "design_cycle_quarters",
        "switching_cost",
        "roadmap_sharing_prob",
        "portability_growth_per_year",
        "incumbent_pricing",
        "foundry_capacity_growth_per_year",
        "n_enterprises",
        "make_or_buy_hurdle",
    }
    params = controls.model_params()
    assert set(params) == set(BrowserRun._scenario_defaults) - {"rng"}
    for name, control in controls.LEVERS.items():
        meta = fields[name]
        assert control["value"] == getattr(baseline, name)
        if control["type"] == "Select":
            assert control["values"] == list(meta["choices"])
        else:
            assert control["type"] == ("SliderInt" if isinstance(control["value"], int) else "SliderFloat")
            assert meta["lo"] <= control["min"] <= control["value"] <= control["max"] <= meta["hi"], name
            assert 0 < control["step"] <= control["max"] - control["min"]
    assert params["scenario_name"]["values"] == builtin_scenarios()
    assert controls.model_params("reasoning_models")["scenario_name"]["value"] == "reasoning_models"


def test_the_page_builds_the_model_itself_with_no_subclass():
    model = app.initial_model()
    assert type(model) is ChipMarketModel
    assert isinstance(model.scenario, BrowserRun) and model.scenario.rng == 1
    assert model.params.name == "baseline"


def test_reset_builds_the_chosen_scenario_seed_and_levers():
    model = app.initial_model()
    _check_model_params(model, controls.model_params())  # raises on a control the model does not take
    # What SolaraViz's Reset does with the controls' values:
    values = {k: v["value"] for k, v in controls.model_params().items()} | {
        "scenario_name": "ai_designed_chips",
        "seed": "7",
        "switching_cost": 2.5,
    }
    kwargs = _build_model_init_kwargs(
        model, values, add_scenario_when_empty=True, require_model_accepts_scenario=True
    )
    assert set(kwargs) == {"scenario"}  # every control goes to the scenario
    reset = type(model)(**kwargs)
    assert type(reset) is ChipMarketModel
    assert reset.params.name == "ai_designed_chips" and reset.params.design_cycle_quarters == 6
    assert reset.params.switching_cost == 2.5 and reset.scenario.rng == 7
    assert reset.scenario.levers_set() == {"switching_cost": 2.5}
    same = ChipMarketModel("ai_designed_chips", rng=7, switching_cost=2.5)
    assert _run(reset, 3).metrics == _run(same, 3).metrics


def test_a_lever_overrides_the_scenario_only_when_moved_from_baseline():
    def params(**values):
        return ChipMarketModel(BrowserRun(**values)).params

    assert params(scenario_name="ai_designed_chips", design_cycle_quarters=12).design_cycle_quarters == 6
    assert params(scenario_name="ai_designed_chips", design_cycle_quarters=8).design_cycle_quarters == 8
    baseline_hurdle = load_scenario("baseline").make_or_buy_hurdle  # the slider left at the baseline
    assert (
        params(scenario_name="no_custom_silicon", make_or_buy_hurdle=baseline_hurdle).make_or_buy_hurdle
        == 100.0
    )
    run = BrowserRun(incumbent_pricing="value_based", roadmap_sharing_prob=0.1 * 3 + 0.7)
    p = ChipMarketModel(run).params
    assert p.incumbent_pricing == "value_based"
    assert p.roadmap_sharing_prob == 1.0  # slider float noise rounded, not out of range
    assert run.levers_set() == {"incumbent_pricing": "value_based", "roadmap_sharing_prob": 1.0}


def test_seed_makes_runs_repeatable_and_a_bad_seed_is_a_clear_error():
    def metrics(seed):
        return _run(ChipMarketModel(BrowserRun(seed=seed)), 4).metrics

    assert metrics("5") == metrics(" 5 ") == _run(ChipMarketModel(rng=5), 4).metrics
    assert metrics("5")["incumbent_revenue_share"] != metrics("6")["incumbent_revenue_share"]
    for bad in ("five", "-1", "1.5"):
        with pytest.raises(ScenarioError, match="random seed must be a whole number"):
            BrowserRun(seed=bad)


def test_status_shows_the_quarter_headline_numbers_scenario_and_levers(market):
    html = app.status_html(market)
    assert "2022Q4 (quarter 12 of 64)" in html
    assert f"{market.metrics['hhi']:,.0f}" in html
    assert f"{market.metrics['in_house_compute_share']:.0%}" in html
    assert "unmet demand share" in html and "inference share of compute" in html
    m = market.metrics
    backlog = f"{m['backlog_units'] / 1e3:,.0f}k chips / {m['lead_time_quarters']:.2f} quarters"
    assert "foundry backlog / lead time" in html and backlog in html
    assert "baseline, seed 3" in html and "(set)" not in html
    assert "No quarter run yet" in app.status_html(app.initial_model())
    moved = ChipMarketModel(BrowserRun(scenario_name="ai_designed_chips", seed="4", n_enterprises=500))
    html = app.status_html(moved)
    assert "ai_designed_chips, seed 4" in html
    assert "n_enterprises = 500 (set)" in html and "design_cycle_quarters = 6," in html


def test_old_module_paths_still_serve_the_page():
    from market_sim import app as old_app
    from market_sim import plots

    assert old_app.page is app.page
    assert plots.grouped_revenue_shares is figures.grouped_revenue_shares


# ----------------------------------------------------------------------------- market-sim ui
def test_ui_serves_the_page_module_on_localhost_by_default(monkeypatch, capsys):
    served = {}
    monkeypatch.setattr(cli.ui, "serve", lambda argv, env: served.update(argv=argv, env=env) or 0)
    assert cli.main(["ui", "--scenario", "reasoning_models"]) == 0
    argv, env = served["argv"], served["env"]
    assert argv[:5] == [sys.executable, "-m", "solara", "run", "market_sim.viz.app"]
    assert argv[argv.index("--host") + 1] == "127.0.0.1" and argv[argv.index("--port") + 1] == "8765"
    assert env[app.SCENARIO_ENV] == "reasoning_models"
    assert "http://127.0.0.1:8765/" in capsys.readouterr().out
    assert cli.main(["ui", "--host", "0.0.0.0", "--port", "9000"]) == 0
    assert served["argv"][served["argv"].index("--host") + 1] == "0.0.0.0"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ui", "--scenario", "reasoning_model"], "unknown scenario 'reasoning_model' for the UI; allowed:"),
        (["ui", "--port", "70000"], "invalid port (1..65535) value: '70000'"),
    ],
)
def test_ui_bad_input_is_one_line_and_status_2(argv, message, capsys):
    try:
        status = cli.main(argv)
    except SystemExit as exit:  # argparse's own errors
        status = exit.code
    err = capsys.readouterr().err
    assert status == 2 and message in err and err.count("\n") == 1


def test_solara_cdn_packages_are_pinned_npm_packages():
    packages = assets.solara_cdn_packages()
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
MARKET_SIM = Path(sys.executable).with_name("market-sim")  # the console script of this venv


@pytest.fixture(scope="module")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.skip("the browser test needs Debian's chromium: apt-get install chromium")
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ui_url(tmp_path_factory, chromium_path):
    """`market-sim ui --fetch-assets` on a free port (one per xdist worker), stopped after the tests."""
    if assets.missing_assets() and not shutil.which("npm"):
        pytest.skip(
            "solara's page scripts are not cached and npm is missing to fetch them: apt-get install npm"
        )
    # Unlike chromium and npm (system packages), the console script comes with this package: its
    # absence is a broken install, so it fails the test rather than skipping it.
    assert MARKET_SIM.is_file(), f"{MARKET_SIM} is missing: pip install -e . in this venv"
    port = _free_port()
    log = tmp_path_factory.mktemp("ui") / "server.log"
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false"}  # no telemetry calls from tests
    command = [str(MARKET_SIM), "ui", "--fetch-assets", "--port", str(port), "--scenario", "baseline"]
    with open(log, "w") as out:
        server = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180  # the first start may fetch solara's scripts from npm
        while True:
            if server.poll() is not None:
                pytest.fail(f"market-sim ui exited with {server.returncode}:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"market-sim ui did not answer on {url}:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)  # polling a server that is starting, not waiting on the page
        yield url
    finally:
        server.terminate()  # market-sim ui execs solara: this is the server itself
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.xdist_group("browser")
def test_page_steps_a_quarter_and_resets_to_the_chosen_scenario_seed_and_lever(
    chromium_path, ui_url, tmp_path
):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1300})
            errors = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(ui_url)
            period = page.locator(".market-period")
            status = page.locator(".v-card").filter(has=period)
            expect(period).to_have_text("before 2020Q1 (quarter 0 of 64)", timeout=30_000)
            expect(page.get_by_text("market-sim: AI-accelerator market")).to_be_visible()
            expect(status).to_contain_text("Scenario: baseline, seed 1")
            for label in (
                "Scenario",
                "Random seed",
                "Design cycle (quarters)",
                "Incumbent pricing",
                "Make-or-buy hurdle",
            ):
                expect(page.get_by_text(label, exact=True).first).to_be_visible()
            figures_shown = page.locator("img")
            expect(figures_shown).to_have_count(len(app.DRAWINGS) + 1, timeout=15_000)  # + compute shares
            network = figures_shown.first
            before = network.get_attribute("src")

            page.get_by_role("button", name="Step").click()
            expect(period).to_have_text("2020Q1 (quarter 1 of 64)", timeout=15_000)
            expect(page.get_by_text("HHI (revenue)")).to_be_visible()
            expect(network).not_to_have_attribute("src", before)  # the network was redrawn
            page.get_by_role("button", name="Step").click()
            expect(period).to_have_text("2020Q2 (quarter 2 of 64)", timeout=15_000)

            # The event log lists the quarter's events; the segment and basis switches redraw the
            # compute-share panel.
            events = page.locator(".market-events")
            expect(events).to_contain_text("2020Q2")
            expect(events).to_contain_text("startup_1 enters")
            compute = page.locator(".market-compute img")
            shown = compute.get_attribute("src")
            page.locator(".market-segment").get_by_role("button", name="inference").click()
            expect(compute).not_to_have_attribute("src", shown, timeout=15_000)
            shown = compute.get_attribute("src")
            page.locator(".market-basis").get_by_role("button", name="in use").click()
            expect(compute).not_to_have_attribute("src", shown, timeout=15_000)

            # Another scenario, seed and lever, then Reset: the model restarts from them. The select is
            # found by its label text, not an ARIA role: Vuetify 2 and 3 give it different roles.
            page.locator(".v-select").filter(has_text="Scenario").first.click()
            page.get_by_role("option", name="ai_designed_chips").click()
            seed = page.get_by_label("Random seed")
            seed.fill("7")
            seed.press("Enter")
            page.locator(".v-select").filter(has_text="Incumbent pricing").first.click()
            page.get_by_role("option", name="value_based").click()
            page.get_by_role("button", name="Reset").click()
            expect(period).to_have_text("before 2020Q1 (quarter 0 of 64)", timeout=15_000)
            expect(status).to_contain_text("Scenario: ai_designed_chips, seed 7")
            expect(status).to_contain_text("design_cycle_quarters = 6,")  # the scenario's own cycle kept
            expect(status).to_contain_text("incumbent_pricing = value_based (set)")
            page.get_by_role("button", name="Step").click()
            expect(period).to_have_text("2020Q1 (quarter 1 of 64)", timeout=15_000)
            page.get_by_role("button", name="Step").click()
            expect(period).to_have_text("2020Q2 (quarter 2 of 64)", timeout=15_000)

            shot = Path(os.environ.get("MARKET_SIM_UI_SCREENSHOT") or tmp_path / "ui.png")
            page.screenshot(path=shot, full_page=True)
            assert shot.stat().st_size > 50_000
            assert errors == [], f"errors in the page: {errors}"
        finally:
            browser.close()


def test_event_log_lists_the_latest_logged_events_newest_first():
    events = pd.DataFrame(
        {
            "step": [0, 0, 1, 2],
            "period": ["2020Q1", "2020Q1", "2020Q2", "2020Q3"],
            "kind": ["entry", "project_start", "chip_shipped", "acquisition"],
            "agent": ["startup_1", "incumbent", "incumbent", "startup_1"],
            "value": [6e8, 5e8, 1.2, 0.0],
            "detail": ["blend", "incumbent#3", "incumbent#2", "fit 0.60; acquired by incumbent for 1 USD"],
        }
    )
    html = event_log_html(events)
    assert "project_start" not in html and "incumbent#3" not in html  # starts are not logged
    assert html.index("2020Q3") < html.index("2020Q2") < html.index("2020Q1")
    assert "startup_1 enters" in html and "incumbent ships incumbent#2" in html
    assert "No event yet" in event_log_html(events.iloc[:0])


def test_discontinuities_are_events_of_their_quarter():
    from market_sim.outputs import run_model

    t = tables(run_model(ChipMarketModel("reasoning_models", rng=1, steps=22)))
    jumps = t["events"][t["events"]["kind"] == "discontinuity"]
    assert "2024Q4" in set(jumps["period"]) and (jumps["detail"] == "reasoning").any()


def test_compute_share_panel_switches_segment_and_basis(data):
    shares = data["shares"]
    tables = {"shares": shares, "projects": pd.DataFrame(columns=["designer", "designer_kind"])}
    for segment in ("all", "training", "inference"):
        for basis in ("deliveries", "in use"):
            fig = draw_compute_shares(tables, segment=segment, basis=basis)
            assert basis in fig.axes[0].get_title() and fig.axes[0].collections
    with pytest.raises(ValueError, match="segment"):
        draw_compute_shares(tables, segment="both")
    old = {**tables, "shares": shares.drop(columns=["installed_compute"])}
    fig = draw_compute_shares(old, basis="in use")
    assert "no installed-base columns" in fig.axes[0].texts[0].get_text()
