"""The event log of the browser UI: the latest launches, entries, exits, acquisitions, ships and
workload discontinuities, with their quarter, from the events table."""

from __future__ import annotations

from html import escape

import pandas as pd

# What the log shows, and how each kind of event reads.
LOGGED = {
    "program_launch": "launches its own chip programme",
    "entry": "enters",
    "exit": "exits",
    "acquisition": "is acquired",
    "chip_shipped": "ships",
    "project_failed": "loses a chip design",
    "project_respun": "respins a chip (it ships late)",
    "discontinuity": "workload discontinuity:",
}


def latest_events(events: pd.DataFrame, n: int = 12) -> pd.DataFrame:
    """The ``n`` latest logged events, newest first."""
    if events.empty:
        return events
    logged = events[events["kind"].isin(LOGGED)]
    return logged.iloc[::-1].head(n)


def event_log_html(events: pd.DataFrame, n: int = 12) -> str:
    """The latest logged events as an HTML list: quarter, who, what."""
    rows = latest_events(events, n)
    if rows.empty:
        return '<p class="market-events">No event yet.</p>'
    items = []
    for e in rows.itertuples(index=False):
        what = LOGGED[e.kind]
        detail = f" {e.detail}" if e.kind in ("chip_shipped", "discontinuity", "acquisition") else ""
        items.append(f"<li><b>{escape(e.period)}</b> {escape(e.agent)} {escape(what)}{escape(detail)}</li>")
    return f'<ul class="market-events" style="margin:0;padding-left:1.2em">{"".join(items)}</ul>'
