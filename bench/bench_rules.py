"""Business-logic rules benchmark (issue 6, first table): the default rule pack over the CPython
standard library, native (PCRE2, with and without the Vectorscan gate, 1 and 2 threads)
against the pure-Python engine.

    python bench/bench_rules.py [--runs N] [--markdown]

Each configuration runs in a fresh worker process: one untimed run (files come into the page
cache), then N timed runs of ``RuleEngine(default_rules()).match_files(paths, jobs)``,
reading included; median, MB/s and the worker's peak RSS. Peers (ripgrep) and the generated
mobile tree come with the next step of issue 6.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import sys
import sysconfig
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from benchlib import fmt_s, print_table, run_worker  # noqa: E402

CONFIGS = {   # name -> (backend, jobs, gate)
    "native, 2 threads": ("native", 2, True),
    "native, 1 thread": ("native", 1, True),
    "native, 1 thread, no gate": ("native", 1, False),
    "pure Python": ("python", 1, False),
}


def stdlib_paths():
    root = sysconfig.get_paths()["stdlib"]
    paths = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in ("site-packages", "__pycache__"))
        paths += [os.path.join(directory, n) for n in sorted(names) if n.endswith(".py")]
    return paths


def worker(name: str, runs: int) -> None:
    backend, jobs, gate = CONFIGS[name]
    if not gate:
        os.environ["OB_VECTORSCAN"] = "0"      # read when the rules are compiled
    from observe_core._python.rule_pack import default_rules
    from observe_core.rule_engine import RuleEngine
    engine = RuleEngine(default_rules(), backend=backend)
    paths = stdlib_paths()
    matches, _ = engine.match_files(paths, jobs=jobs)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        engine.match_files(paths, jobs=jobs)
        times.append(time.perf_counter() - t0)
    print(json.dumps({"times": times, "matches": len(matches),
                      "bytes": sum(os.path.getsize(p) for p in paths), "files": len(paths),
                      "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--worker", nargs=2, metavar=("CONFIG", "CORPUS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker[0], args.runs)
        return
    rows, results = [], {}
    for name in CONFIGS:
        r = run_worker(os.path.abspath(__file__), name, "stdlib", args.runs)
        results[name] = r
    base = statistics.median(results["native, 2 threads"]["times"])
    for name, r in results.items():
        if "error" in r:
            rows.append([name, r["error"], "", "", "", "", "", ""])
            continue
        med = statistics.median(r["times"])
        rows.append([name, str(r["files"]), f"{r['bytes'] / 1e6:.1f}", fmt_s(med),
                     f"{r['bytes'] / 1e6 / med:.1f}", f"{med / base:.1f}x",
                     f"{r['maxrss_kb'] / 1024:.0f}", str(r["matches"])])
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"default pack over the stdlib; command: {' '.join(sys.argv)}")
    print_table(["engine", "files", "MB", "median", "MB/s", "x native 2 threads",
                 "peak RSS MB", "matches"], rows, args.markdown, numeric={1, 2, 3, 4, 5, 6, 7})


if __name__ == "__main__":
    main()
