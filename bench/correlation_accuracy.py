"""Accuracy of event correlation against simulated ground truth (issue 4, proof 1).

    python bench/correlation_accuracy.py                  # 5 scenarios x seeds 0-4, 300 actions
    python bench/correlation_accuracy.py --seeds 10 -n 1000
    python bench/correlation_accuracy.py --markdown       # the same table in Markdown

For every scenario of ``sim_session`` and each seed, one session is simulated and correlated
by observe-core (``Correlator().correlate_events``, docs/correlation.md) and by the original's
all-pairs rules (``naive_correlator``). Scores are summed over the seeds (micro-averaged):

- UI -> API: a predicted pair is (API call eventId, UI eventId), one per ``api_calls`` item of
  ``ui_to_api``; the truth pairs are the calls with a cause (background calls have none, and
  an unattributed call predicts nothing). precision = correct predicted pairs / predicted
  pairs; recall = correct predicted pairs / truth pairs.
- API -> navigation: a predicted pair is (navigation eventId, API call eventId) from
  ``api_to_navigation``; the truth pairs are the navigations that follow a response
  (back and tab navigations have none).

A call recorded as request and response events has its request's eventId (the docs' rule). The
naive baseline has no notion of calls: it treats every API event as a call, so for it a
response event's id is mapped to its request's (``Truth.response_of``) and duplicate pairs
are counted once. That is generous to the baseline; observe-core is scored strictly.

Columns: scenario, algorithm, sessions, events per session (mean), truth pairs (UI->API and
API->nav, summed), UI->API P/R, API->nav P/R, median correlation time per session. A missing
correlator shows as ``n/a`` with the reason in the notes. The exit status is 0.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from naive_correlator import naive_correlate  # noqa: E402
from sim_session import SCENARIOS, simulate  # noqa: E402

TARGET = 0.95
TARGET_SCENARIOS = ("default",)


def predicted_pairs(result: dict, canonical=None):
    """(UI->API pairs, API->nav pairs) of a result in the docs' shape, as sets of
    (api id, ui id) and (nav id, api id); ``canonical`` maps API event ids first."""
    canon = (lambda i: canonical.get(i, i)) if canonical else (lambda i: i)
    ui_api = {(canon(call["eventId"]), entry["ui_event"]["eventId"])
              for entry in result.get("ui_to_api", ()) for call in entry.get("api_calls", ())}
    api_nav = {(entry["navigation"]["eventId"], canon(entry["api_event"]["eventId"]))
               for entry in result.get("api_to_navigation", ())}
    return ui_api, api_nav


def truth_pairs(truth):
    ui_api = {(api, ui) for api, ui in truth.ui_to_api.items() if ui is not None}
    api_nav = {(nav, api) for nav, api in truth.api_to_nav.items() if api is not None}
    return ui_api, api_nav


class Score:
    """Counts summed over sessions: predicted, correct, truth."""

    def __init__(self):
        self.predicted = self.correct = self.truth = 0

    def add(self, predicted: set, truth: set):
        self.predicted += len(predicted)
        self.correct += len(predicted & truth)
        self.truth += len(truth)

    @property
    def precision(self):
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self):
        return self.correct / self.truth if self.truth else None


def score_session(result: dict, truth, canonical=None):
    """(precision, recall) pairs of one result: ((ui_api P, R), (api_nav P, R))."""
    pred_ui, pred_nav = predicted_pairs(result, canonical)
    true_ui, true_nav = truth_pairs(truth)
    a, b = Score(), Score()
    a.add(pred_ui, true_ui)
    b.add(pred_nav, true_nav)
    return (a.precision, a.recall), (b.precision, b.recall)


def load_ours():
    """Our correlator as a function of a session, or (None, reason)."""
    try:
        from observe_core.correlation import Correlator
    except Exception as exc:  # noqa: BLE001 - any import failure is reported, not raised
        return None, f"observe_core.correlation could not be imported: {exc!r}"
    correlator = Correlator()
    backend = getattr(correlator, "backend", "?")

    def run(s):
        return correlator.correlate_events(s.ui_events, s.api_events, s.navigation_events)
    return run, f"observe-core ({backend})"


def naive(s):
    return naive_correlate(s.ui_events, s.api_events, s.navigation_events)


def measure(scenarios, seeds, n_actions):
    ours, ours_label = load_ours()
    algorithms = [("observe-core", ours, False), ("naive all-pairs", naive, True)]
    notes = [] if ours else [f"observe-core: n/a, {ours_label}"]
    if ours:
        notes.append(f"observe-core ran as {ours_label}")
    rows = []
    for scenario in scenarios:
        sessions = [simulate(seed, scenario, n_actions) for seed in seeds]
        for name, run, generous in algorithms:
            row = {"scenario": scenario, "algorithm": name, "sessions": len(sessions),
                   "events": statistics.mean(s.n_events for s in sessions),
                   "ui": Score(), "nav": Score(), "times": [], "error": None}
            if run is None:
                row["error"] = "n/a"
                rows.append(row)
                continue
            for s in sessions:
                try:
                    start = time.perf_counter()
                    result = run(s)
                    row["times"].append(time.perf_counter() - start)
                except Exception as exc:  # noqa: BLE001 - reported in the notes
                    row["error"] = "error"
                    notes.append(f"{name} failed on {scenario} seed {s.seed}: {exc!r}\n"
                                 + traceback.format_exc(limit=3))
                    break
                pred_ui, pred_nav = predicted_pairs(
                    result, s.truth.response_of if generous else None)
                true_ui, true_nav = truth_pairs(s.truth)
                row["ui"].add(pred_ui, true_ui)
                row["nav"].add(pred_nav, true_nav)
            rows.append(row)
    return rows, notes


def _fmt(value):
    return "-" if value is None else f"{value:.3f}"


def _ms(seconds):
    if not seconds:
        return "n/a"
    ms = statistics.median(seconds) * 1000.0
    return f"{ms:.1f} ms" if ms < 1000 else f"{ms / 1000:.2f} s"


HEADERS = ["scenario", "algorithm", "sessions", "events", "truth UI->API", "truth API->nav",
           "UI->API P", "UI->API R", "API->nav P", "API->nav R", "time (median)"]
RIGHT = {2, 3, 4, 5, 6, 7, 8, 9, 10}


def table_rows(rows):
    out = []
    for r in rows:
        bad = r["error"]
        out.append([r["scenario"], r["algorithm"], str(r["sessions"]), f"{r['events']:.0f}",
                    str(r["ui"].truth) if not bad else "-",
                    str(r["nav"].truth) if not bad else "-",
                    bad or _fmt(r["ui"].precision), bad or _fmt(r["ui"].recall),
                    bad or _fmt(r["nav"].precision), bad or _fmt(r["nav"].recall),
                    _ms(r["times"]) if not bad else bad])
    return out


def render(rows, markdown: bool) -> str:
    body = table_rows(rows)
    if markdown:
        lines = ["| " + " | ".join(HEADERS) + " |",
                 "|" + "|".join("---:" if i in RIGHT else "---" for i in range(len(HEADERS)))
                 + "|"]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(h), *(len(c[i]) for c in body)) for i, h in enumerate(HEADERS)]

    def line(cells):
        return "  ".join(c.rjust(w) if i in RIGHT else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(HEADERS), line(["-" * w for w in widths])] + [line(c) for c in body])


def targets(rows):
    out = []
    for r in rows:
        if r["algorithm"] != "observe-core" or r["scenario"] not in TARGET_SCENARIOS:
            continue
        for label, s in (("UI->API", r["ui"]), ("API->nav", r["nav"])):
            if r["error"]:
                out.append(f"- n/a   {r['scenario']} {label}: correlator {r['error']}")
                continue
            ok = all(v is not None and v >= TARGET for v in (s.precision, s.recall))
            out.append(f"- {'MET ' if ok else 'MISS'}  {r['scenario']} {label} precision and "
                       f"recall >= {TARGET}: P {_fmt(s.precision)}, R {_fmt(s.recall)}")
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="seeds 0..N-1 (default 5)")
    parser.add_argument("-n", "--n-actions", type=int, default=300,
                        help="UI events per session (default 300)")
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS),
                        help="only these scenarios (repeatable)")
    parser.add_argument("--markdown", action="store_true", help="print the table in Markdown")
    args = parser.parse_args(argv)
    scenarios = args.scenario or list(SCENARIOS)
    seeds = list(range(args.seeds))
    rows, notes = measure(scenarios, seeds, args.n_actions)
    print(f"Correlation accuracy: {len(scenarios)} scenarios x seeds {seeds[0]}..{seeds[-1]}, "
          f"{args.n_actions} UI events per session; Python {sys.version.split()[0]}")
    print(f"command: python {' '.join(sys.argv)}")
    print()
    print(render(rows, args.markdown))
    print()
    print(f"Targets (issue 4, on the {', '.join(TARGET_SCENARIOS)} scenario):")
    print("\n".join(targets(rows)))
    if notes:
        print()
        print("Notes:")
        print("\n".join(f"- {n}" for n in notes))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(0)
