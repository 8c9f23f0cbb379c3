"""A run's outputs: Parquet tables that pandas, Polars and DuckDB read directly, run.json, summary.png.

The table and column names are the output contract (issue #3): columns may be added, never renamed.

- model.parquet    one row per step: the market's metrics (model.MODEL_METRICS)
- shares.parquet   step, period, supplier, supplier_kind, segment, revenue_share, compute_share
                   (+ revenue, effective_compute, focus, installed_compute and its share: compute in use)
- events.parquet   step, period, kind, agent, value, detail
- projects.parquet one row per design project: designer, start and ship step, frozen spec, breadth,
                   forecast error, status
- edges.parquet    supplier-graph snapshots: step, source, target, kind, volume, spend, age (+ period, units)
- vendors.parquet  step, period, vendor, kind, price (per unit of peak compute), unit_cost, gross_margin,
                   revenue, units, cash (+ more)
- ledger.parquet   where the money went: each buyer's budget (chips, operating costs, unspent, and the
                   money of orders waiting for the foundry, carried in and out; the enterprises
                   together) and each vendor's cash flow, per quarter
- products.parquet one row per product on the market and quarter: vendor, generation (its chip),
                   ship step, list and realised price, unit cost by generation, units, revenue, peak
- flows.parquet    every order: buyer, owner, supplier, channel, segment, units, effective compute, price,
                   spend,
                   fill, requested and unmet compute (unmet demand per buyer; unfilled orders have rows too)
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pandas as pd

from .model import MODEL_METRICS, ChipMarketModel
from .version import MODEL_VERSION, package_versions

TABLE_COLUMNS = {
    "model": list(MODEL_METRICS),
    "shares": [
        "step",
        "period",
        "supplier",
        "supplier_kind",
        "segment",
        "revenue_share",
        "compute_share",
        "revenue",
        "effective_compute",
        "focus",
        "installed_compute",
        "installed_compute_share",
    ],
    "events": ["step", "period", "kind", "agent", "value", "detail"],
    "projects": [
        "project_id",
        "designer",
        "designer_kind",
        "start_step",
        "ship_step",
        "cycle_quarters",
        "breadth",
        "focus",
        "is_first_chip",
        "nre",
        "forecast_source",
        "status",
        "forecast_error",
        "peak",
        "respin_quarters",
    ],
    "edges": ["step", "period", "source", "target", "kind", "volume", "spend", "units", "age"],
    "ledger": [
        "step",
        "period",
        "agent",
        "kind",
        "budget",
        "program_cost",
        "chip_spend",
        "operating_cost",
        "unspent",
        "cloud_revenue",
        "carried_in",
        "carried",
        "revenue",
        "cogs",
        "nre",
        "opex",
        "acquisitions",
        "cash_before",
        "cash",
    ],
    "vendors": [
        "step",
        "period",
        "vendor",
        "kind",
        "price",
        "list_price",
        "realized_price",
        "unit_cost",
        "gross_margin",
        "revenue",
        "units",
        "cash",
        "markup",
        "maturity",
        "revenue_share",
        "peak",
        "program_cost",
        "backlog_units",
        "lead_time_quarters",
        "booked_units",
        "planned_price",
    ],
    "products": [
        "step",
        "period",
        "vendor",
        "kind",
        "generation",
        "ship_step",
        "list_price",
        "realized_price",
        "unit_cost",
        "units",
        "revenue",
        "peak",
    ],
    "flows": [
        "step",
        "period",
        "buyer",
        "owner",
        "supplier",
        "supplier_kind",
        "channel",
        "segment",
        "chip",
        "units",
        "effective_compute",
        "price",
        "end_price",
        "spend",
        "fill",
        "requested_units",
        "requested_compute",
        "unmet_compute",
    ],
}


def framed(rows: list[dict] | dict[str, list] | pd.DataFrame, name: str) -> pd.DataFrame:
    """Rows of table ``name`` as a DataFrame with its columns, in order (missing ones as NaN)."""
    df = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    cols = TABLE_COLUMNS[name]
    for c in cols:
        if c not in df.columns:
            df[c] = pd.Series(dtype="float64")
    order = cols + [c for c in df.columns if c not in cols]
    return df if list(df.columns) == order else df[order]  # a fresh frame already in order: no copy


def _concat_columns(quarters: list[dict]) -> pd.DataFrame:
    """One table from per-quarter tables kept as columns (numpy arrays)."""
    frames = [pd.DataFrame(q) for q in quarters if len(q["step"])]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _concat_lists(quarters: list[dict[str, list]]) -> list[dict] | dict[str, list]:
    """One table's columns from per-quarter columns kept as lists (no rows: no columns)."""
    if not any(q["step"] for q in quarters):
        return []
    return {column: [x for q in quarters for x in q[column]] for column in quarters[0]}


def table(model: ChipMarketModel, name: str) -> pd.DataFrame:
    """One of a run's tables as a DataFrame, as far as the model has run (what ``NAME.parquet`` holds)."""
    if name not in TABLE_COLUMNS:
        raise ValueError(f"table '{name}' is unknown; allowed: {', '.join(TABLE_COLUMNS)}")
    if name == "model":
        rows = model.datacollector.get_model_vars_dataframe().reset_index(drop=True)
    else:
        rows = {
            "shares": lambda: model.recorder.shares,
            "events": lambda: model.recorder.events,
            "projects": model.projects_table,
            "edges": lambda: _concat_lists(model.recorder.edges),
            "vendors": lambda: model.recorder.vendors,
            "products": lambda: model.recorder.products,
            "flows": lambda: _concat_columns(model.recorder.flows),
            "ledger": lambda: model.recorder.ledger,
        }[name]()
    return framed(rows, name)


def tables(model: ChipMarketModel) -> dict[str, pd.DataFrame]:
    """All of a run's tables as DataFrames (what the Parquet files hold)."""
    return {name: table(model, name) for name in TABLE_COLUMNS}


def run_model(model: ChipMarketModel, progress: bool = False) -> ChipMarketModel:
    """Step a model to the end of its scenario, optionally with a progress bar."""
    steps = range(model.params.steps - model.steps)
    if progress:
        from tqdm import tqdm

        steps = tqdm(steps, desc=f"{model.params.name}", unit="quarter", leave=False)
    for _ in steps:
        if not model.running:
            break
        model.step()
    return model


def write_run(
    model: ChipMarketModel, out: Path, seed: int | None, wall_seconds: float, figure: bool = True
) -> dict[str, Path]:
    """Write every table as Parquet, run.json and (optionally) summary.png into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, df in tables(model).items():
        path = out / f"{name}.parquet"
        df.to_parquet(path, index=False)
        paths[name] = path
    meta = {
        "scenario": model.params.name,
        "model_version": MODEL_VERSION,
        "description": model.params.description,
        "seed": seed,
        "steps": model.params.steps,
        "parameters": model.params.to_dict(),
        "versions": package_versions(),
        "wall_seconds": round(wall_seconds, 3),
        "written": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "tables": {name: str(p.name) for name, p in paths.items()},
    }
    (out / "run.json").write_text(json.dumps(meta, indent=2, default=str))
    paths["run"] = out / "run.json"
    if figure:
        from .plots import summary_figure

        paths["summary"] = summary_figure(out)
    return paths
