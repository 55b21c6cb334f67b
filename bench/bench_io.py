"""File I/O benchmark: discovery, and discovery plus reading, against pathlib, os.walk, git and fd.

    python bench/bench_io.py [--runs N] [--quick] [--markdown] [--keep DIR]

Two corpora, each made a git checkout (git init, add, commit, gc) in a temporary directory so
that git can list it: a generated tree of 100,000 files in 1,000 directories
(``gen_tree.write_tree``, seed 7) and a copy of the CPython standard library (without
site-packages and __pycache__). Every (tool, corpus) pair runs in a fresh worker process, after
one untimed warm-up run, so the page cache is warm and the peak RSS is that tool's alone:

    python bench/bench_io.py --worker TOOL DIR --runs N     # prints one JSON line

Times are medians of wall-clock seconds; ratios are tool / native for the same task.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from benchlib import fmt_s, print_table, run_worker  # noqa: E402

FD = shutil.which("fdfind") or shutil.which("fd")
GIT = shutil.which("git")

# (task, tool, label, slow): slow tools get fewer runs.
TOOLS = [
    ("find", "native", "observe find_files (native)", False),
    ("find", "native-1", "observe find_files (native, 1 job)", False),
    ("find", "python", "observe find_files (pure Python)", True),
    ("find", "rglob", "Path.rglob('*') + is_file", True),
    ("find", "oswalk", "os.walk", True),
    ("find", "git", "git ls-files (reads the index)", False),
    ("find", "git-co", "git ls-files -co --exclude-standard", False),
    ("find", "fd", "fdfind -t f -H -E .git", False),
    ("read", "native-read", "observe read_files(find_files) -> str", False),
    ("read", "native-read-bytes", "observe read_files(find_files, binary=True)", False),
    ("read", "python-read", "observe read_files (pure Python)", True),
    ("read", "rglob-read", "Path.rglob + read_text", True),
    ("read", "oswalk-read", "os.walk + open().read()", True),
]
SUBPROCESS_TOOLS = {"git", "git-co", "fd"}
TARGETS = [
    # (description, corpus prefix, tool, peer tool, required ratio: peer/native >= x, or
    # for a negative x, native/peer <= -x). The issue sets the reading target on the tree.
    ("discovery + reading >= 10x faster than Path.rglob + read_text", "tree", "native-read",
     "rglob-read", 10.0),
    ("discovery within 2x of git ls-files (index)", "", "native", "git", -2.0),
]


# ---- the tools ---------------------------------------------------------------------------------

def _text(p):
    return Path(p).read_text(encoding="utf-8", errors="surrogateescape")


def setup_tool(tool: str, root: str):
    """A callable that does the job once and returns (files, bytes read)."""
    import observe_core as oc

    def listing(paths):
        return len(paths), 0

    def texts(items):
        return len(items), sum(len(t) for t in items)

    if tool in ("native", "native-1", "python"):
        backend = "python" if tool == "python" else "native"
        jobs = 1 if tool == "native-1" else 0
        return lambda: listing(oc.find_files(root, jobs=jobs, backend=backend))
    if tool == "rglob":
        return lambda: listing([p for p in Path(root).rglob("*") if p.is_file()])
    if tool == "oswalk":
        return lambda: listing([os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs])
    if tool in ("git", "git-co", "fd"):
        cmd = {"git": [GIT, "ls-files", "-z"],
               "git-co": [GIT, "ls-files", "-z", "-co", "--exclude-standard"],
               "fd": [FD or "fdfind", "-t", "f", "-H", "-E", ".git", "-0", "."]}[tool]
        return lambda: listing(subprocess.run(cmd, cwd=root, check=True,
                                              stdout=subprocess.PIPE).stdout.split(b"\0")[:-1])
    if tool in ("native-read", "native-read-bytes", "python-read"):
        backend = "python" if tool == "python-read" else "native"
        binary = tool == "native-read-bytes"

        def run():
            items = oc.read_files(oc.find_files(root, backend=backend), binary=binary,
                                  errors="surrogateescape", backend=backend)
            return texts(items)
        return run
    if tool == "rglob-read":
        return lambda: texts([_text(p) for p in Path(root).rglob("*") if p.is_file()])
    if tool == "oswalk-read":
        def run():
            out = []
            for d, _, fs in os.walk(root):
                for f in fs:
                    with open(os.path.join(d, f), encoding="utf-8", errors="surrogateescape") as h:
                        out.append(h.read())
            return texts(out)
        return run
    raise SystemExit(f"unknown tool {tool!r}")


def worker(tool: str, root: str, runs: int) -> None:
    run = setup_tool(tool, root)
    run()  # warm-up: page cache and imports
    times = []
    files = size = 0
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        files, size = run()
        times.append(time.perf_counter() - t0)
    who = resource.RUSAGE_CHILDREN if tool in SUBPROCESS_TOOLS else resource.RUSAGE_SELF
    print(json.dumps({"tool": tool, "times": times, "files": files, "chars": size,
                      "maxrss_kb": resource.getrusage(who).ru_maxrss}))


# ---- corpora -----------------------------------------------------------------------------------

def git_checkout(root: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="bench@example.com",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="bench@example.com",
               GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1")
    # gc.auto=0: no background gc racing the explicit one (which packs the objects, as a clone
    # would have them, so .git holds a few files rather than one per source file).
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "corpus"], ["gc", "-q"]):
        subprocess.run([GIT, "-c", "gc.auto=0", *args], cwd=root, env=env, check=True,
                       stdout=subprocess.DEVNULL)


def make_corpora(base: str, quick: bool) -> list:
    from gen_tree import write_tree
    tree = os.path.join(base, "tree-quick" if quick else "tree")
    if not os.path.exists(tree + ".done"):   # a corpus is reused only when it was completed
        shutil.rmtree(tree, ignore_errors=True)
        os.makedirs(tree)
        write_tree(tree, files=20_000 if quick else 100_000, dirs=200 if quick else 1000)
        git_checkout(tree)
        open(tree + ".done", "w").close()
    stdlib = os.path.join(base, "stdlib")
    if not os.path.exists(stdlib + ".done"):
        shutil.rmtree(stdlib, ignore_errors=True)
        shutil.copytree(sysconfig.get_paths()["stdlib"], stdlib, symlinks=True,
                        ignore=shutil.ignore_patterns("site-packages", "__pycache__"))
        git_checkout(stdlib)
        open(stdlib + ".done", "w").close()
    name = "tree 20k" if quick else "tree 100k"
    return [(name, tree), ("stdlib", stdlib)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="a 20,000-file tree, 3 runs")
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--keep", help="build the corpora in DIR and keep them (reused next time)")
    ap.add_argument("--worker", nargs=2, metavar=("TOOL", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.runs)
        return
    if not GIT:
        raise SystemExit("bench_io needs git (apt-get install git)")
    runs = 3 if args.quick else args.runs
    base = args.keep or tempfile.mkdtemp(prefix="observe-bench-io-")
    try:
        corpora = make_corpora(base, args.quick)
        print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, fd {'found' if FD else 'not installed'}")
        print(f"# command: {' '.join(sys.argv)}")
        rows, medians = [], {}
        for corpus, root in corpora:
            for task, tool, label, slow in TOOLS:
                if tool == "fd" and not FD:
                    continue
                r = run_worker(os.path.abspath(__file__), tool, root,
                               max(1, runs if not slow else min(runs, 3)))
                if "error" in r:
                    rows.append((corpus, task, label, "error", "", "", "", r["error"]))
                    continue
                med = statistics.median(r["times"])
                medians[(corpus, tool)] = med
                rows.append([corpus, task, label, r["files"], med, None,
                             r["maxrss_kb"] / 1024, ""])
        for row in rows:
            if isinstance(row[4], float):
                native = medians.get((row[0], "native" if row[1] == "find" else "native-read"))
                row[5] = row[4] / native if native else None
        header = ["corpus", "task", "tool", "files", "median", "x native", "peak RSS MB"]
        lines = []
        for row in rows:
            if row[3] == "error":
                lines.append([row[0], row[1], row[2], "error", row[7], "", ""])
                continue
            lines.append([row[0], row[1], row[2], str(row[3]), fmt_s(row[4]),
                          f"{row[5]:.2f}x" if row[5] is not None else "",
                          f"{row[6]:.0f}"])
        print_table(header, lines, args.markdown, numeric={3, 4, 5, 6})
        print()
        for corpus, _ in corpora:
            for text, prefix, tool, peer, want in TARGETS:
                a, b = medians.get((corpus, tool)), medians.get((corpus, peer))
                if not a or not b or not corpus.startswith(prefix):
                    continue
                ratio = b / a
                ok = ratio >= want if want > 0 else a / b <= -want
                shown = f"{ratio:.1f}x faster" if ratio >= 1 else f"{1 / ratio:.2f}x slower"
                print(f"target [{corpus}] {text}: native {shown} -> {'MET' if ok else 'MISS'}")
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
