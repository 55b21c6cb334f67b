"""Event correlation benchmark: observe-core against the original's all-pairs rules.

    python bench/bench_correlate.py [--runs N] [--large] [--markdown]

Sessions come from the simulator (``sim_session.simulate``, seed 0, default scenario) and are
written once as an SDK export file (``{"timestamp", "count", "events": [...]}``):

- **plan 10K**: the plan's case, 10,000 UI + 10,000 API + 1,000 navigation events (the first
  of each stream, in time order, of a 10,000-action session);
- **10K**: a whole 2,700-action session (about 10,000 events);
- **100K**: a 27,000-action session (about 100,000 events);
- **1M** (``--large``): a 270,000-action session (about 1,000,000 events).

Every (tool, session) pair runs in a fresh worker process, which reads the file (untimed),
runs once untimed, then N timed runs (one run for sessions over 200,000 events and for the
naive baseline); peak RSS is the worker's. A run's result is dropped after its timer stops
(freeing it is the caller's business, whichever backend made it). Tools:

- ``native (dicts)``: ``Correlator(backend="native").correlate_events(ui, api, nav)`` on the
  Python dicts: conversion of the dicts, the C sweeps and the result dict all included;
- ``native (file)``: ``load_files(events=path)`` (its C path for SDK events) then the native
  correlator;
- ``python (dicts)`` and ``python (file)``: the same with ``backend="python"`` and the
  pure-Python SDK loader;
- ``naive all-pairs``: ``naive_correlator.naive_correlate`` (O(U x A)); run on the plan case
  only, larger sessions would take hours (its time grows with the square of the session).

After the table, the native time per event of the whole sessions (10K, 100K, 1M: the same
mix of events at each size, unlike the plan's case) shows the growth; n log n predicts a
factor of log(n2)/log(n1) per event.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from benchlib import fmt_s, print_table, run_worker  # noqa: E402

SIZES = {"plan 10K": 10_000, "10K": 2_700, "100K": 27_000, "1M": 270_000}
GROWTH_SIZES = ("10K", "100K", "1M")     # whole sessions: the same mix of events at each size
TOOLS = ["native (dicts)", "native (file)", "python (dicts)", "python (file)", "naive all-pairs"]
NAIVE_SIZES = {"plan 10K"}


def write_session(name: str, path: str) -> dict:
    from sim_session import simulate
    s = simulate(0, "default", SIZES[name])
    ui, api, nav = s.ui_events, s.api_events, s.navigation_events
    if name == "plan 10K":
        def first(events, n):
            return sorted(events, key=lambda e: e["timestamp"])[:n]
        ui, api, nav = first(ui, 10_000), first(api, 10_000), first(nav, 1_000)
    events = ([dict(e, type="ui") for e in ui] + [dict(e, type="api") for e in api]
              + [dict(e, type="navigation") for e in nav])
    with open(path, "w") as f:
        json.dump({"timestamp": events[0]["timestamp"], "count": len(events), "events": events},
                  f)
    return {"ui": len(ui), "api": len(api), "nav": len(nav)}


def worker(tool: str, path: str, runs: int) -> None:
    from observe_core import Correlator
    from observe_core.session_io import load_files
    session = load_files(events=path)
    streams = (session.ui_events, session.api_events, session.navigation_events)
    backend = "native" if tool.startswith("native") else "python"
    if backend == "python":                 # the pure-Python SDK loader as well
        from observe_core.session_io import sdk_event
        sdk_event.NATIVE = False
    if tool.endswith("(dicts)"):
        def run():
            return Correlator(backend=backend).correlate_events(*streams)
    elif tool.endswith("(file)"):
        def run():
            s = load_files(events=path)
            return Correlator(backend=backend).correlate_events(s.ui_events, s.api_events,
                                                                s.navigation_events)
    elif tool == "naive all-pairs":
        from naive_correlator import naive_correlate

        def run():
            return naive_correlate(*streams)
    else:
        raise SystemExit(f"unknown tool {tool!r}")
    run()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
        del result
    print(json.dumps({"times": times,
                      "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--large", action="store_true", help="add the 1M-event session")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--worker", nargs=2, metavar=("TOOL", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.runs)
        return
    sizes = [n for n in SIZES if n != "1M" or args.large]
    base = tempfile.mkdtemp(prefix="observe-bench-correlate-")
    rows, per_event = [], {}
    try:
        for name in sizes:
            path = os.path.join(base, name.replace(" ", "_") + ".json")
            counts = write_session(name, path)
            events = counts["ui"] + counts["api"] + counts["nav"]
            base_time = None
            for tool in TOOLS:
                if tool == "naive all-pairs" and name not in NAIVE_SIZES:
                    rows.append([name, events, tool, "not run (O(U x A))", "", ""])
                    continue
                slow = tool == "naive all-pairs" or events > 200_000
                r = run_worker(os.path.abspath(__file__), tool, path, 1 if slow else args.runs)
                if "error" in r:
                    rows.append([name, events, tool, r["error"], "", ""])
                    continue
                med = statistics.median(r["times"])
                base_time = base_time or med
                if tool == "native (dicts)" and name in GROWTH_SIZES:
                    per_event[name] = (events, med / events)
                rows.append([name, events, tool, fmt_s(med), f"{med / base_time:.1f}x",
                             f"{r['maxrss_kb'] / 1024:.0f}"])
    finally:
        shutil.rmtree(base, ignore_errors=True)
    header = ["session", "events", "tool", "median", "x native (dicts)", "peak RSS MB"]
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"command: {' '.join(sys.argv)}")
    lines = [[str(c) for c in row] for row in rows]
    print_table(header, lines, args.markdown, numeric={1, 3, 4, 5})
    print_growth(per_event)


def print_growth(per_event: dict) -> None:
    """Native time per event at each size, against the n log n prediction."""
    if len(per_event) < 2:
        return
    (n0, t0), parts = next(iter(per_event.values())), []
    for name, (n, t) in per_event.items():
        parts.append(f"{name} {t * 1e6:.2f} us/event ({t / t0:.2f}x; n log n: "
                     f"{math.log(n) / math.log(n0):.2f}x)")
    print("\nnative (dicts) growth: " + ", ".join(parts))

if __name__ == "__main__":
    main()
