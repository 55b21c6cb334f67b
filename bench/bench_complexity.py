"""Complexity benchmark: observe-core (native, pure Python) against radon, complexipy and lizard.

    python bench/bench_complexity.py [--runs N] [--quick] [--markdown]

Prints one table for three corpora: the seed plan's data set (1,000 generated files, seed 42,
written to a temporary directory), the CPython standard library (the ``.py`` files
observe-core's walker finds there with default options, so no site-packages) and a generated
mobile app (gen_mobile_tree.py, 2,000 files, seed 11: Kotlin, Java, Swift, Objective-C,
JS/JSX, TS/TSX, Dart), which only the tools reading those languages (lizard) run on. Every
(tool, corpus) pair is measured in a fresh worker process, so peak RSS belongs to that tool
alone:

    python bench/bench_complexity.py --worker TOOL CORPUS_DIR LANGS --runs N   # one JSON line

``--corpora seed,stdlib,mobile`` picks corpora (default: all three).

The page cache is warmed (every file read once) before each worker starts, so all tools see the
same cache state. Times are medians of wall-clock seconds; see bench/README.md for the columns.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from importlib import metadata, util

HERE = os.path.dirname(os.path.abspath(__file__))
MB = 1e6

# (key, label, slow): slow tools run min(runs, SLOW_RUNS) times.
TOOLS = [
    ("native", "native", False),
    ("native1", "native (1 job)", False),
    ("core1", "C core (1 job, no dicts)", False),
    ("pass1", "C pass (1 job, in memory)", False),
    ("python", "pure Python", True),
    ("radon", "radon cc", True),
    ("complexipy", "complexipy (API)", False),
    ("complexipy-cli", "complexipy (CLI)", False),
    ("lizard", "lizard", True),
]
SLOW_RUNS = 3
DISTURBED = 0.10  # other processes' CPU, in cores, above which a measurement is flagged
TOOLS_LABELS = [(k, label) for k, label, _ in TOOLS]
# Extra worker-only variant, for checking the choice of complexipy's API entry point.
EXTRA_TOOLS = ["complexipy-file"]


# ---- helpers shared by the driver and the workers ------------------------------------------

# corpus -> the languages analysed there (the Python corpora hold a few .js and .h files)
CORPUS_LANGUAGES = {"seed": "python", "stdlib": "python", "mobile": "mobile"}
MOBILE_LANGUAGES = ["kotlin", "java", "swift", "javascript", "typescript", "objc", "dart"]
# Tools that read the mobile languages.
MOBILE_TOOLS = {"native", "native1", "core1", "pass1", "python", "lizard"}


def language_list(langs: str) -> list:
    return MOBILE_LANGUAGES if langs == "mobile" else langs.split(",")


def find_files(root: str, langs: str = "python") -> list:
    """The file list every tool gets: observe-core's native walker with default options."""
    from observe_core import AstAnalyzer
    from observe_core.languages import extensions_for
    paths, _errors = AstAnalyzer(backend="native").find_files(
        root, extensions=extensions_for(language_list(langs)))
    return paths


def warm(paths) -> None:
    for p in paths:
        with open(p, "rb") as fh:
            while fh.read(1 << 20):
                pass


def python_walker_exists() -> bool:
    try:
        return util.find_spec("observe_core._python.walk") is not None
    except ImportError:
        return False


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        ru = resource.getrusage(who)
        total += ru.ru_utime + ru.ru_stime
    return total


# ---- the tools: each setup returns run() -> opaque result and count(result) -> (files, failed)

def _native(root, jobs, langs):
    from observe_core import AstAnalyzer
    analyzer = AstAnalyzer(backend="native", jobs=jobs)

    def run():
        return analyzer.analyze_directory(root, languages=language_list(langs)).files

    def count(files):  # native never fails a file; "failed" = files with an error diagnostic
        return len(files), sum(1 for f in files
                               if any(d.get("severity") == "error" for d in f["diagnostics"]))
    return run, count


def _core(root, jobs, langs):
    """The same directory analysis without its records becoming Python dicts: what the C core
    alone does (discovery, reading, analysis), summed up in C."""
    from observe_core import _backend
    from observe_core.languages import extensions_for
    extensions = list(extensions_for(language_list(langs)))

    def run():
        return _backend._native.analyze_directory_totals(root, jobs=jobs, extensions=extensions)

    def count(totals):
        return totals["files"], totals["files_with_errors"]
    return run, count


def _pass(root, langs):
    """The C core's analysis alone: the walker's files read into memory first (not timed), then
    analysed one after the other on one thread, summed up in C."""
    from observe_core import _backend
    sources = []
    for path in find_files(root, langs):
        with open(path, "rb") as fh:
            sources.append((fh.read(), path))

    def run():
        return _backend._native.analyze_sources_totals(sources)

    def count(totals):
        return totals["files"], totals["files_with_errors"]
    return run, count


def _python(root, langs):
    from observe_core import AstAnalyzer
    analyzer = AstAnalyzer(backend="python")
    if python_walker_exists():
        def run():
            return analyzer.analyze_directory(root, languages=language_list(langs)).files
    else:  # fallback: the native walker's list (discovery still inside the timing)
        def run():
            return analyzer.analyze_files(find_files(root, langs))

    def count(files):  # files with an error: Python's parser rejects them, or a lexical error
        return len(files), sum(1 for f in files
                               if any(d.get("severity") == "error" for d in f["diagnostics"]))
    return run, count


def _per_file(paths, analyse):
    """run() for the peers: analyse(path) on every file, counting the ones that raise."""
    def run():
        failed = 0
        for p in paths:
            try:
                analyse(p)
            except Exception:  # noqa: BLE001 - a peer failing on a file is data, not an error
                failed += 1
        return failed

    def count(failed):
        return len(paths), failed
    return run, count


def _radon(paths):
    from radon.complexity import cc_visit

    def analyse(p):
        with open(p, encoding="utf-8") as fh:  # radon's CLI opens files as UTF-8 text too
            cc_visit(fh.read())
    return _per_file(paths, analyse)


def _complexipy(paths):
    from complexipy import code_complexity

    def analyse(p):
        with open(p, encoding="utf-8") as fh:
            code_complexity(fh.read(), with_plans=False)
    return _per_file(paths, analyse)


def _complexipy_file(paths):
    from complexipy import file_complexity
    return _per_file(paths, lambda p: file_complexity(p, with_plans=False))


def _lizard(paths):
    import lizard
    return _per_file(paths, lizard.analyze_file)


def complexipy_command() -> list:
    script = os.path.join(sysconfig.get_path("scripts"), "complexipy")
    if os.access(script, os.X_OK):
        return [script]
    return [sys.executable, "-m", "complexipy.cli"]


def _complexipy_cli(root, paths):
    import complexipy  # noqa: F401 - fail early, like the other workers, when it is missing
    # The directory as complexipy walks it; site-packages excluded so the file set is the one
    # the other tools get (complexipy does not skip it by itself). -q -i: no report, exit 0.
    cmd = complexipy_command() + [root, "-q", "-i", "-e", "**/site-packages/**"]
    cwd = tempfile.mkdtemp(prefix="observe-bench-cx-")  # complexipy writes .complexipy_cache here
    atexit.register(shutil.rmtree, cwd, ignore_errors=True)

    def run():
        out = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, errors="replace")
        shutil.rmtree(os.path.join(cwd, ".complexipy_cache"), ignore_errors=True)
        return out

    def count(out):
        return len(paths), out.stdout.count("Failed to process")
    return run, count


def setup_tool(tool: str, root: str, langs: str):
    if tool == "native":
        return _native(root, 0, langs)
    if tool == "native1":
        return _native(root, 1, langs)
    if tool == "core1":
        return _core(root, 1, langs)
    if tool == "pass1":
        return _pass(root, langs)
    if tool == "python":
        return _python(root, langs)
    paths = find_files(root, langs)  # peers get the walker's list; discovery is not timed
    if tool == "radon":
        return _radon(paths)
    if tool == "complexipy":
        return _complexipy(paths)
    if tool == "complexipy-file":
        return _complexipy_file(paths)
    if tool == "complexipy-cli":
        return _complexipy_cli(root, paths)
    if tool == "lizard":
        return _lizard(paths)
    raise SystemExit(f"unknown tool {tool!r}")


def worker(tool: str, root: str, langs: str, runs: int) -> None:
    warnings.simplefilter("ignore")  # SyntaxWarnings from ast.parse on the stdlib's test data
    run, count = setup_tool(tool, root, langs)
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times, cpus, files, failed = [], [], 0, 0
    for _ in range(runs):
        gc.collect()
        c0, t0 = cpu_seconds(), time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t0)
        cpus.append(cpu_seconds() - c0)
        files, failed = count(result)
        del result
    who = resource.RUSAGE_CHILDREN if tool == "complexipy-cli" else resource.RUSAGE_SELF
    print(json.dumps({
        "tool": tool, "root": root, "times": times, "cpu": cpus, "files": files,
        "failed": failed, "maxrss_kb": resource.getrusage(who).ru_maxrss,
        "rss_start_kb": rss_start, "python_walker": python_walker_exists(),
    }))


# ---- the driver --------------------------------------------------------------------------------

def machine_cpu_seconds():
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat; None elsewhere."""
    try:
        with open("/proc/stat") as fh:
            fields = [int(x) for x in fh.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    hz = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user
    return (total - idle) / hz, total / hz


def run_worker(tool: str, root: str, langs: str, runs: int) -> dict:
    """Runs one measurement in a fresh process; also measures how busy the rest of the machine
    was meanwhile (busy CPU of all processes minus the worker's own), as a share of one core."""
    cmd = [sys.executable, os.path.abspath(__file__), "--worker", tool, root, langs,
           "--runs", str(runs)]
    before, ours = machine_cpu_seconds(), cpu_seconds()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after, ours = machine_cpu_seconds(), cpu_seconds() - ours
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"tool": tool, "error": f"worker exited {proc.returncode}: {tail}"}
    result = json.loads(lines[-1])
    if before and after:
        result["others_cores"] = max(0.0, (after[0] - before[0]) - ours) / wall
    return result


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def describe(corpus: str, root: str) -> str:
    if corpus.startswith("seed"):
        return "gen_python.write_corpus, 1,000 files, seed 42, in a temporary directory"
    if corpus.startswith("mobile"):
        return "gen_mobile_tree.write_tree, 2,000 files, seed 11, in a temporary directory"
    return root


def fmt_s(x: float) -> str:
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def fmt_ratio(x: float) -> str:
    return f"{x:.2f}x" if x < 10 else f"{x:.0f}x"


def build_rows(corpora, results):
    """One row per (corpus, tool) with every column formatted; also the raw medians."""
    rows, medians = [], {}
    for cname, _root, nfiles, nbytes in corpora:
        native = results.get((cname, "native"))
        native_s = statistics.median(native["times"]) if native and "times" in native else None
        for key, label, _slow in TOOLS:
            r = results.get((cname, key))
            if r is None:
                continue
            if "error" in r:
                rows.append([label, cname, str(nfiles), f"{nbytes / MB:.1f}", "n/a", "", "", "",
                             ""])
                continue
            s = statistics.median(r["times"])
            medians[(cname, key)] = s
            cpu = statistics.median(r["cpu"])
            rows.append([
                label, cname, str(r["files"]), f"{nbytes / MB:.1f}", fmt_s(s),
                f"{nbytes / MB / s:.1f}", fmt_ratio(s / native_s) if native_s else "n/a",
                f"{r['maxrss_kb'] * 1024 / MB:.0f}", f"{cpu / s:.2f}",
            ])
    return rows, medians


HEADERS = ["tool", "corpus", "files", "MB", "median s", "MB/s", "ratio", "peak RSS MB",
           "CPU/wall"]
RIGHT = {2, 3, 4, 5, 6, 7, 8}


def print_table(rows, markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(HEADERS) + " |")
        print("|" + "|".join("---:" if i in RIGHT else "---" for i in range(len(HEADERS))) + "|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS)]

    def line(cells):
        return "  ".join(c.rjust(w) if i in RIGHT else c.ljust(w)
                         for i, (c, w) in enumerate(zip(cells, widths))).rstrip()
    print(line(HEADERS))
    print(line(["-" * w for w in widths]))
    prev = None
    for row in rows:
        if prev is not None and row[1] != prev:
            print()
        prev = row[1]
        print(line(row))


def targets(corpora, medians, results):
    names = {c[0].split()[0]: c[0] for c in corpora}
    seed, std = names.get("seed", "seed 1000"), names.get("stdlib", "stdlib")
    out = []

    def check(ok, text):
        out.append(("n/a " if ok is None else "MET " if ok else "MISS") + "  " + text)

    if "mobile" in names:
        mobile_targets(names["mobile"], corpora, medians, check)
    if "seed" in names or "stdlib" in names:
        python_targets(seed, std, [c for c in (seed, std) if c in names.values()], medians,
                       results, check)
    return out


def python_targets(seed, std, present, medians, results, check):
    """Issue 1: 100x pure Python, faster than complexipy, time and memory limits."""
    for cname in present:
        n, p = medians.get((cname, "native")), medians.get((cname, "python"))
        check(None if not (n and p) else p / n >= 100,
              f"native >= 100x faster than pure Python on {cname}: "
              + (f"{p / n:.1f}x" if n and p else "not measured"))
    n = medians.get((std, "native"))
    cx = {k: medians[(std, k)] for k in ("complexipy", "complexipy-cli") if (std, k) in medians}
    if n and cx:
        best = min(cx, key=cx.get)
        check(n < cx[best], f"native faster than complexipy on {std}: {fmt_s(n)} s vs "
              f"{fmt_s(cx[best])} s (its best way, {dict(TOOLS_LABELS)[best]}), "
              f"{cx[best] / n:.1f}x")
    else:
        check(None, f"native faster than complexipy on {std}: not measured")
    check(None if n is None else n < 0.3,
          f"{std} under 0.3 s: " + (f"{fmt_s(n)} s" if n else "not measured"))
    s = medians.get((seed, "native"))
    check(None if s is None else s < 0.1,
          f"{seed} under 0.1 s: " + (f"{fmt_s(s)} s" if s else "not measured"))
    r = results.get((std, "native"))
    rss = r["maxrss_kb"] * 1024 / MB if r and "maxrss_kb" in r else None
    check(None if rss is None else rss < 100,
          f"native peak RSS on {std} under 100 MB: " + (f"{rss:.0f} MB" if rss else "not measured"))


def mobile_targets(cname, corpora, medians, check):
    """Issue 3: 100x pure Python, 100x lizard, 200 MB/s of source per core."""
    nbytes = next(b for c, _r, _n, b in corpora if c == cname)
    n = medians.get((cname, "native"))
    for key, label in (("python", "pure Python"), ("lizard", "lizard")):
        other = medians.get((cname, key))
        check(None if not (n and other) else other / n >= 100,
              f"native >= 100x faster than {label} on {cname}: "
              + (f"{other / n:.1f}x" if n and other else "not measured"))
    for key, what in (("native1", "1 job, records as dicts"),
                      ("core1", "the C core alone, 1 job, no dicts"),
                      ("pass1", "the analysis alone, 1 job, sources in memory")):
        one = medians.get((cname, key))
        check(None if one is None else nbytes / MB / one >= 200,
              f"native >= 200 MB/s per core on {cname} ({what}): "
              + (f"{nbytes / MB / one:.0f} MB/s" if one else "not measured"))


def notes(corpora, results, runs, slow_runs):
    labels = dict(TOOLS_LABELS)
    out = [
        (f"Median of {runs} runs for native and complexipy, {slow_runs} for pure Python, radon "
         "and lizard" if runs > 1 else "One run per tool (--quick or --runs 1)")
        + "; each (tool, corpus) in a fresh process, page cache warmed before each.",
        "ratio = tool median / native median on the same corpus (how many times slower than "
        "native); MB = 10^6 bytes (source and RSS); CPU/wall = (user + system CPU) / wall "
        "time, above 1 means the tool used more than one core.",
        "native rows: analyze_directory (discovery, reading, analysis, conversion to dicts). "
        "Peers get the native walker's file list (discovery not timed) and read each file "
        "themselves: radon cc_visit(source) and complexipy code_complexity(source, "
        "with_plans=False) on UTF-8 text, lizard.analyze_file(path).",
        "complexipy (CLI): `complexipy DIR -q -i -e '**/site-packages/**'` in a subprocess "
        "(interpreter start-up included; its .complexipy_cache is deleted after each run); its "
        "peak RSS is that child process's. The CLI analyses files on several threads, the API "
        "one file per call on the calling thread (see CPU/wall); complexipy's best way is the "
        "faster of the two rows, which the target below uses.",
        "Peak RSS is ru_maxrss of the whole worker process, interpreter and imports included.",
    ]
    any_result = next((r for r in results.values() if "python_walker" in r), None)
    if any_result is not None and any_result["python_walker"]:
        out.append("pure Python: AstAnalyzer(backend='python').analyze_directory(root), with the "
                   "pure-Python walker observe_core._python.walk.")
    elif any_result is not None:
        out.append("pure Python: observe_core._python.walk does not exist yet, so it is timed as "
                   "the native walker's find_files(root) + AstAnalyzer(backend='python')"
                   ".analyze_files(paths), not analyze_directory(root).")
    for cname, _root, _n, _b in corpora:
        r = results.get((cname, "native"))
        if r and "rss_start_kb" in r:
            out.append(f"native on {cname}: {r['rss_start_kb'] * 1024 / MB:.0f} MB RSS after "
                       "imports, before the first run.")
        for key, label, _slow in TOOLS:
            r = results.get((cname, key))
            if r is None:
                continue
            if "error" in r:
                out.append(f"{label} on {cname}: not measured ({r['error']}).")
            elif r["failed"]:
                what = {"native": "files with an error diagnostic (partial results)",
                        "native1": "files with an error diagnostic (partial results)",
                        "core1": "files with an error diagnostic (partial results)",
                        "pass1": "files with an error diagnostic (partial results)",
                        "python": "files Python's parser rejects (syntax-error diagnostic)"}
                out.append(f"{labels[key]} on {cname}: {r['failed']} of {r['files']} "
                           f"{what.get(key, 'files failed (skipped)')}.")
    return out


def disturbed(results) -> list:
    """A note on the measurements during which other processes kept a core partly busy."""
    busy = [(c, dict(TOOLS_LABELS)[k], r["others_cores"]) for (c, k), r in results.items()
            if r.get("others_cores", 0) > DISTURBED]
    if not busy:
        return [f"Other processes used under {DISTURBED:.0%} of a core during every measurement."]
    if len(busy) == len(results):
        shares = [share for _c, _l, share in busy]
        return [f"Other processes kept {min(shares):.0%}-{max(shares):.0%} of a core busy during "
                "every measurement: these timings are pessimistic (re-run on an idle machine)."]
    return ["Other processes were busy during: " + ", ".join(
        f"{label} on {c} ({share:.0%} of a core)" for c, label, share in busy)
        + "; those timings may be pessimistic (re-run on an idle machine)."]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per tool (median); default 5")
    ap.add_argument("--quick", action="store_true", help="one run per tool")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--corpora", default="seed,stdlib,mobile",
                    help="comma-separated: seed, stdlib, mobile (default: all)")
    ap.add_argument("--worker", nargs=3, metavar=("TOOL", "CORPUS_DIR", "LANGS"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.worker[2], max(1, args.runs))
        return
    chosen = [c.strip() for c in args.corpora.split(",") if c.strip()]
    if not chosen or set(chosen) - set(CORPUS_LANGUAGES):
        ap.error("--corpora takes seed, stdlib and mobile")

    runs = 1 if args.quick else max(1, args.runs)
    slow_runs = min(runs, SLOW_RUNS)
    command = "python " + shlex.join([os.path.relpath(sys.argv[0])] + sys.argv[1:])

    sys.path.insert(0, HERE)
    import gen_mobile_tree
    import gen_python

    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    seed_dir = tempfile.mkdtemp(prefix="observe-bench-seed-")
    mobile_dir = tempfile.mkdtemp(prefix="observe-bench-mobile-")
    try:
        corpora = []
        for key, name in (("seed", "seed 1000"), ("stdlib", "stdlib"), ("mobile", "mobile 2000")):
            if key not in chosen:
                continue
            root = {"seed": seed_dir, "mobile": mobile_dir}.get(key, sysconfig.get_paths()["stdlib"])
            if key == "seed":
                print("generating the seed data set ...", file=sys.stderr)
                gen_python.write_corpus(seed_dir, files=1000, seed=42)
            elif key == "mobile":
                print("generating the mobile tree ...", file=sys.stderr)
                gen_mobile_tree.write_tree(mobile_dir, 2000, seed=11)
            paths = find_files(root, CORPUS_LANGUAGES[key])
            corpora.append((name, root, len(paths), sum(os.path.getsize(p) for p in paths)))

        results = {}
        for cname, root, _n, _b in corpora:
            langs = CORPUS_LANGUAGES[cname.split()[0]]
            paths = find_files(root, langs)
            for key, label, slow in TOOLS:
                if langs == "mobile" and key not in MOBILE_TOOLS:
                    continue
                n = slow_runs if slow else runs
                print(f"{cname}: {label} x{n} ...", file=sys.stderr, end=" ", flush=True)
                warm(paths)
                t0 = time.perf_counter()
                results[(cname, key)] = run_worker(key, root, langs, n)
                print(f"{time.perf_counter() - t0:.1f} s", file=sys.stderr)
    finally:
        shutil.rmtree(seed_dir, ignore_errors=True)
        shutil.rmtree(mobile_dir, ignore_errors=True)

    rows, medians = build_rows(corpora, results)
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    header = [
        ("machine", f"{cpu_model()}, {os.cpu_count()} cores ({usable} usable), "
                    f"{platform.system()} {platform.machine()}"),
        ("python", f"{platform.python_implementation()} {platform.python_version()} "
                   f"({sys.executable})"),
        ("versions", f"mobile-observe-test {version('mobile-observe-test')}, radon "
                     f"{version('radon')}, complexipy {version('complexipy')}, lizard "
                     f"{version('lizard')}"),
        ("corpora", "; ".join(f"{c}: {n} files, {b / MB:.1f} MB ({describe(c, root)})"
                              for c, root, n, b in corpora)),
        ("load avg", f"{load_start} at start, {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
                     "at end (1/5/15 min; other processes on the machine disturb the timings)"),
        ("command", command),
    ]
    md = args.markdown
    print("## observe-core complexity benchmark\n" if md else "observe-core complexity benchmark")
    for k, v in header:
        print(f"- {k}: {v}" if md else f"{k:9s}: {v}")
    print()
    print_table(rows, md)
    print()
    print("Targets (project issue):" if not md else "**Targets (project issue):**\n")
    for t in targets(corpora, medians, results):
        print(f"- {t}" if md else f"  {t}")
    print()
    print("Notes:" if not md else "**Notes:**\n")
    for i, n in enumerate(notes(corpora, results, runs, slow_runs) + disturbed(results), 1):
        print(f"{i}. {n}" if md else f"  {i}. {n}")


if __name__ == "__main__":
    main()
