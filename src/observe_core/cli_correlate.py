"""``observe correlate``: which tap caused which API call, which response which screen.

    observe correlate --events session.json [--har traffic.har] [--appium events.json]
                      [--db observe_events.db --session ID] [--window-ms 5000]
                      [--format table|json] [-o FILE]
"""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.table import Table

from .correlation import Correlator

PIPE_WIDTH = 200


@click.command()
@click.option("--events", type=click.Path(exists=True, dir_okay=False),
              help="Recorded events: the SDK export, a JSON list or JSON Lines.")
@click.option("--har", type=click.Path(exists=True, dir_okay=False),
              help="Network traffic as HAR 1.2 (mitmproxy, Charles, Proxyman, devtools).")
@click.option("--appium", type=click.Path(exists=True, dir_okay=False),
              help="Appium's driver.get_events() output, as JSON.")
@click.option("--db", type=click.Path(exists=True, dir_okay=False),
              help="The recorder's SQLite event store.")
@click.option("--session", "session_id", help="Session id in --db (needed when it holds several).")
@click.option("--window-ms", type=click.FloatRange(min=0, min_open=True), default=5000.0,
              show_default=True, help="How long after an action a call can still be its effect.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Pairs scoring below this are not attributed.")
@click.option("--many-to-many", is_flag=True,
              help="List every plausible cause instead of the most likely one.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--backend", type=click.Choice(["auto", "native", "python"]), default="auto",
              show_default=True, help="C core or the pure-Python backend (same result).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the result to a file instead of standard output.")
def correlate(events, har, appium, db, session_id, window_ms, min_confidence, many_to_many,
              fmt, backend, output):
    """Attribute API calls to UI actions and screen changes to API responses."""
    from .session_io import SessionFormatError, load_files

    if not any((events, har, appium, db)):
        raise click.UsageError("give at least one of --events, --har, --appium, --db")
    err = Console(stderr=True, soft_wrap=True)
    try:
        session = load_files(events=events, har=har, appium=appium, db=db,
                             session_id=session_id)
    except (SessionFormatError, ValueError, OSError) as exc:
        raise click.ClickException(str(exc))
    try:
        correlator = Correlator(window_ms=window_ms, min_confidence=min_confidence,
                                many_to_many=many_to_many, backend=backend)
    except RuntimeError as exc:             # --backend native without the C extension
        raise click.ClickException(str(exc))
    result = correlator.correlate_events(
        session.ui_events, session.api_events, session.navigation_events,
        session_id=session.session_id)
    if fmt == "json":
        text = json.dumps(result, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            sys.stdout.write(text)
    elif output:
        with open(output, "w", encoding="utf-8") as fh:
            _print_table(Console(file=fh, width=PIPE_WIDTH), result)
    else:
        out = Console()
        _print_table(out if out.is_terminal else Console(width=PIPE_WIDTH), result)
    for d in list(session.diagnostics) + result["diagnostics"]:
        where = d.get("file") or d.get("stream")
        location = d.get("location", d.get("index"))
        err.print(f"[yellow]{d['code']}[/yellow] {where}:{location}: {d['message']}",
                  highlight=False)


def _call_text(call: dict) -> str:
    status = call["statusCode"] if call["statusCode"] is not None else "pending"
    return f"{call['method'] or 'CALL'} {call['endpoint'] or '?'} ({status})"


def _print_table(out: Console, result: dict) -> None:
    times = [e["ui_event"]["timestamp"] for e in result["ui_to_api"]] + \
        [c["timestamp"] for c in result["unattributed_api_calls"]]
    t0 = min(times) if times else 0.0

    def since(t: float) -> str:
        return f"+{(t - t0) / 1000:.3f}"

    navs = {}
    for link in result["api_to_navigation"]:
        navs.setdefault(link["api_event"]["eventId"], []).append(link["navigation"]["toScreen"])
    table = Table(title=f"Flows ({len(result['full_flows'])})")
    for name in ("time s", "action", "calls", "leads to", "confidence"):
        table.add_column(name, justify="right" if name in ("time s", "confidence") else "left")
    for entry in result["ui_to_api"]:
        u = entry["ui_event"]
        element = u["elementText"] or u["elementId"] or ""
        screens = [s for c in entry["api_calls"] for s in navs.get(c["eventId"], ())]
        table.add_row(since(u["timestamp"]), f"{u['action'] or '?'} {element}".strip(),
                      ", ".join(_call_text(c) for c in entry["api_calls"]),
                      ", ".join(s or "?" for s in screens),
                      f"{entry['strength']} {entry['confidence']:.2f}")
    out.print(table)
    if result["unattributed_api_calls"]:
        table = Table(title=f"Unattributed calls ({len(result['unattributed_api_calls'])})")
        for name in ("time s", "call", "reason"):
            table.add_column(name, justify="right" if name == "time s" else "left")
        for call in result["unattributed_api_calls"]:
            table.add_row(since(call["timestamp"]), _call_text(call), call["reason"])
        out.print(table)
    out.print(f"{result['correlated_api_events']} of {result['total_api_events']} calls "
              f"attributed ({result['correlation_rate']:.0%}), "
              f"{len(result['api_to_navigation'])} of {result['total_navigation_events']} "
              f"navigations linked to a response.")
