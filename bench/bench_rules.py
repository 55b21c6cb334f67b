"""Business-logic rules benchmark (issue 6): the default rule pack over three corpora, native
(PCRE2 with the Vectorscan gate, 2 threads and 1) against the pure-Python engine and ripgrep.

    python bench/bench_rules.py [--runs N] [--markdown] [--corpora plan100,stdlib,mobile2000]
                                [--no-gate] [--keep DIR]

Corpora: "plan 100", the plan's 100-file case, taken as the first 100 files of the generated
mobile tree (``gen_mobile_tree.write_tree(dir, 100, seed=11)``; file i depends only on the seed
and i, so it is the 2,000-file tree's start); "stdlib", the ``.py`` files of the CPython
standard library without site-packages; "mobile 2000", the generated tree of 2,000 files
(seed 11). Each (configuration, corpus) runs in a fresh worker process, which does one untimed
run (files come into the page cache) and then N timed ones, reading included:

    python bench/bench_rules.py --worker CONFIG CORPUS --runs N     # prints one JSON line

CORPUS is "stdlib" or a directory. Native and pure Python time
``RuleEngine(default_rules(), backend).match_files(paths, jobs)`` in the worker, whose
``ru_maxrss`` is the peak RSS; ripgrep is timed as the command (process start included), its
peak RSS is the children's ``ru_maxrss``. See bench/README.md for ripgrep's command line and
what it does differently.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from benchlib import fmt_s, print_table, run_worker  # noqa: E402

RG = shutil.which("rg")
RG_JOBS = 2
MOBILE_SEED = 11
CONFIGS = {   # name -> (backend, jobs, gate); "ripgrep" is the peer
    "native 2 threads": ("native", 2, True),
    "native 1 thread": ("native", 1, True),
    "native 1 thread, no gate": ("native", 1, False),
    "pure Python": ("python", 1, False),
    "ripgrep": None,
}
CORPORA = {   # key -> label
    "plan100": "plan 100",
    "stdlib": "stdlib",
    "mobile2000": "mobile 2000",
}
# The targets, checked on every corpus measured.
TARGET_PYTHON_RATIO = 50.0
TARGET_MB_S = 300.0
TARGET_RG_RATIO = 2.0


# ---- corpora ----------------------------------------------------------------------------------

def stdlib_paths():
    root = sysconfig.get_paths()["stdlib"]
    paths = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in ("site-packages", "__pycache__"))
        paths += [os.path.join(directory, n) for n in sorted(names) if n.endswith(".py")]
    return paths


def tree_paths(root: str):
    return sorted(os.path.join(d, n) for d, _, names in os.walk(root) for n in names)


def corpus_paths(corpus: str):
    return stdlib_paths() if corpus == "stdlib" else tree_paths(corpus)


def build_corpora(base: str, keys) -> dict:
    """key -> the CORPUS argument of its workers; the generated trees are written under base
    (or reused, when a previous --keep run left them there)."""
    import gen_mobile_tree
    out = {}
    for key in keys:
        if key == "stdlib":
            out[key] = "stdlib"
            continue
        files = {"plan100": 100, "mobile2000": 2000}[key]
        root = os.path.join(base, f"mobile-{files}-seed{MOBILE_SEED}")
        if not os.path.isdir(root):
            gen_mobile_tree.write_tree(root, files, MOBILE_SEED)
        out[key] = root
    return out


# ---- ripgrep ----------------------------------------------------------------------------------

def unique_group_names(index: int, pattern: str) -> str:
    """The pattern with its named groups renamed r<index>_<name>: ripgrep joins all patterns
    into one regex, where two rules' (?P<path>...) would clash. Matching is unchanged."""
    pattern = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<r{index}_{m.group(1)}>", pattern)
    return re.sub(r"\(\?P=(\w+)\)", lambda m: f"(?P=r{index}_{m.group(1)})", pattern)


def rg_accepts(pattern: str) -> bool:
    """Whether ripgrep's default (Rust) engine compiles the pattern; it rejects look-around
    and backreferences, which then go to ``rg -P`` (PCRE2)."""
    proc = subprocess.run([RG, "--no-config", "-U", "--no-unicode", "-e", pattern, "--",
                           os.devnull], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc.returncode != 2


def rg_base_command() -> list:
    # -U: patterns see whole files, as in our engine (\s crosses lines; some rules span lines);
    # -a: every byte is searched, binary or not; --no-ignore --hidden: no file is skipped;
    # --count-matches: every match is found, only counts are printed.
    return [RG, "--no-config", "--no-ignore", "--hidden", "-a", "-U", "--no-unicode",
            "-j", str(RG_JOBS), "--count-matches", "--with-filename"]


def rg_commands(patterns, workdir: str) -> list:
    """(engine, patterns, command) per regex engine: the patterns the Rust engine accepts, then
    the others with -P. Each command is run with the corpus's file list appended."""
    renamed = [unique_group_names(i, p) for i, p in enumerate(patterns)]
    rust = [p for p in renamed if rg_accepts(p)]
    groups = [("rust", rust, []), ("pcre2", [p for p in renamed if p not in rust], ["-P"])]
    commands = []
    for engine, pats, flags in groups:
        if not pats:
            continue
        path = os.path.join(workdir, f"{engine}.patterns")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(pats) + "\n")
        commands.append((engine, len(pats), rg_base_command() + flags + ["-f", path]))
    return commands


def rg_run(commands, paths) -> int:
    """Runs the commands over the files; returns the matches counted."""
    total = 0
    for cmd in commands:
        proc = subprocess.run(cmd + ["--"] + paths, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
        if proc.returncode not in (0, 1):      # 1: no match
            raise SystemExit(f"rg failed: {proc.stderr.decode(errors='replace')[:300]}")
        total += sum(int(line.rsplit(b":", 1)[1]) for line in proc.stdout.splitlines())
    return total


# ---- workers ----------------------------------------------------------------------------------

def rules_runner(name: str):
    """A function running the configuration once over paths, returning its match count, and
    the extra facts the worker reports."""
    from observe_core._python.rule_pack import default_rules
    rules = default_rules()
    if name == "ripgrep":
        if RG is None:
            raise SystemExit("rg not found (Debian package ripgrep)")
        workdir = tempfile.mkdtemp(prefix="bench-rules-rg-")
        commands = rg_commands([r.pattern for r in rules], workdir)
        facts = {"commands": [" ".join(["rg"] + cmd[1:-1] + [f"{engine}.patterns"])
                              for engine, _, cmd in commands],
                 "patterns": {engine: n for engine, n, _ in commands}}
        plain = [cmd for _, _, cmd in commands]
        facts["fixed_s"] = fixed_cost(lambda: rg_run(plain, [os.devnull]))
        return (lambda paths: rg_run(plain, paths)), facts
    backend, jobs, gate = CONFIGS[name]
    if not gate:
        os.environ["OB_VECTORSCAN"] = "0"      # read when the rules are compiled
    from observe_core.rule_engine import RuleEngine
    t0 = time.perf_counter()
    engine = RuleEngine(rules, backend=backend)
    facts = {"rules": len(rules), "setup_s": time.perf_counter() - t0}
    return (lambda paths: len(engine.match_files(paths, jobs=jobs)[0])), facts


def fixed_cost(run, repeat: int = 5) -> float:
    """Median seconds of run(): ripgrep over an empty file is its start and regex compilation,
    paid on every run (our engines compile once, before the timed runs)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def worker(name: str, corpus: str, runs: int) -> None:
    run, facts = rules_runner(name)
    paths = corpus_paths(corpus)
    matches = run(paths)                        # untimed: page cache, JIT, caches
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run(paths)
        times.append(time.perf_counter() - t0)
    who = resource.RUSAGE_CHILDREN if name == "ripgrep" else resource.RUSAGE_SELF
    print(json.dumps({"times": times, "matches": matches, "files": len(paths),
                      "bytes": sum(os.path.getsize(p) for p in paths),
                      "maxrss_kb": resource.getrusage(who).ru_maxrss, **facts}))


# ---- the table --------------------------------------------------------------------------------

def median(result):
    return statistics.median(result["times"]) if result and "times" in result else None


def measure(configs, corpora: dict, runs: int) -> dict:
    """(config, corpus key) -> the worker's result, or {"error": why}."""
    results = {}
    for key, target in corpora.items():
        for name in configs:
            if name == "ripgrep" and RG is None:
                results[name, key] = {"error": "rg not installed"}
                continue
            results[name, key] = run_worker(os.path.abspath(__file__), name, target, runs)
    return results


def table_rows(configs, corpora, results):
    rows = []
    for key in corpora:
        base = results["native 2 threads", key]
        n2 = median(base)
        if n2 is None:
            rows.append([CORPORA[key], base.get("error", "failed")]
                        + [""] * (2 * len(configs) + 5))
            continue
        mb = base["bytes"] / 1e6
        cells = [CORPORA[key], str(base["files"]), f"{mb:.1f}"]
        cells += [fmt_s(median(results[c, key])) if median(results[c, key]) else "-"
                  for c in configs]
        py, rg = median(results.get(("pure Python", key))), median(results.get(("ripgrep", key)))
        cells += [f"{py / n2:.1f}x" if py else "-", f"{rg / n2:.2f}x" if rg else "-",
                  f"{mb / n2:.1f}", f"{mb / rg:.1f}" if rg else "-"]
        cells += [f"{results[c, key]['maxrss_kb'] / 1024:.0f}" if median(results[c, key])
                  else "-" for c in configs]
        rows.append(cells)
    return rows


def short(config: str) -> str:
    return {"native 2 threads": "native 2T", "native 1 thread": "native 1T",
            "native 1 thread, no gate": "native 1T no gate", "pure Python": "Python",
            "ripgrep": "rg"}[config]


def notes(configs, corpora, results) -> list:
    out = []
    for key in corpora:
        counts = {c: results[c, key]["matches"] for c in configs if "matches" in results[c, key]}
        ours = {c: n for c, n in counts.items() if c != "ripgrep"}
        same = "the same" if len(set(ours.values())) == 1 else f"DIFFER: {ours}"
        line = (f"- {CORPORA[key]}: matches: {next(iter(ours.values()), '-')} for our engines "
                f"({same})")
        if "ripgrep" in counts:
            line += f"; ripgrep counts {counts['ripgrep']} (one regex of all patterns, see README)"
        out.append(line)
        for c in configs:
            if "error" in results[c, key]:
                out.append(f"- {CORPORA[key]}: {c}: {results[c, key]['error']}")
    measured = [k for k in corpora if "commands" in results.get(("ripgrep", k), {})]
    if measured:
        key = measured[0]
        rg = results["ripgrep", key]
        split = ", ".join(f"{n} patterns with the {e} engine" for e, n in rg["patterns"].items())
        out.append(f"- {rg_version()} ({split}), run as: " + "; then ".join(
            f"`{c} -- FILES`" for c in rg["commands"]))
        out.append(f"- ripgrep's fixed cost per run (start and regex compilation, over an empty "
                   f"file): {fmt_s(rg['fixed_s'])}, included in its times; building "
                   f"RuleEngine(default_rules()) natively took "
                   f"{fmt_s(results['native 2 threads', key].get('setup_s', 0))}, excluded "
                   f"from ours ({CORPORA[key]} workers)")
    elif "ripgrep" in configs:
        out.append("- ripgrep: not measured (`rg` not found; Debian package `ripgrep`)")
    return out


def targets(corpora, results) -> list:
    out = []
    for key in corpora:
        n2 = median(results["native 2 threads", key])
        if n2 is None:
            continue
        mb = results["native 2 threads", key]["bytes"] / 1e6
        checks = [(f"native >= {TARGET_MB_S:.0f} MB/s on 2 threads", mb / n2 >= TARGET_MB_S,
                   f"{mb / n2:.1f} MB/s")]
        py = median(results.get(("pure Python", key)))
        if py:
            checks.append((f"native >= {TARGET_PYTHON_RATIO:.0f}x faster than pure Python",
                           py / n2 >= TARGET_PYTHON_RATIO, f"{py / n2:.1f}x"))
        rg = median(results.get(("ripgrep", key)))
        if rg:
            checks.append((f"native within {TARGET_RG_RATIO:.0f}x of ripgrep's time",
                           n2 <= TARGET_RG_RATIO * rg, f"{n2 / rg:.2f}x ripgrep's time"))
        out += [f"- {'MET ' if ok else 'MISS'} [{CORPORA[key]}] {what}: {got}"
                for what, ok, got in checks]
    return out


def rg_version() -> str:
    if RG is None:
        return "absent"
    return subprocess.run([RG, "--version"], stdout=subprocess.PIPE,
                          text=True).stdout.split("\n")[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--markdown", action="store_true")
    ap.add_argument("--corpora", default=",".join(CORPORA),
                    help="comma-separated, of: " + ", ".join(CORPORA))
    ap.add_argument("--no-gate", action="store_true",
                    help="add native on 1 thread without the Vectorscan gate")
    ap.add_argument("--keep", metavar="DIR", help="write the generated trees in DIR and reuse them")
    ap.add_argument("--worker", nargs=2, metavar=("CONFIG", "CORPUS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker[0], args.worker[1], args.runs)
        return
    keys = [k for k in args.corpora.split(",") if k]
    unknown = set(keys) - set(CORPORA)
    if unknown:
        ap.error(f"unknown corpora {sorted(unknown)}")
    configs = [c for c in CONFIGS if c != "native 1 thread, no gate" or args.no_gate]
    with tempfile.TemporaryDirectory(prefix="bench-rules-") as tmp:
        corpora = build_corpora(args.keep or tmp, keys)
        results = measure(configs, corpora, args.runs)
    header = (["corpus", "files", "MB"] + [short(c) for c in configs]
              + ["Python / native", "rg / native", "native MB/s", "rg MB/s"]
              + [f"RSS MB {short(c)}" for c in configs])
    print(f"# {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{rg_version()}; load average {os.getloadavg()[0]:.2f} at the end; median of "
          f"{args.runs} runs; command: {' '.join(sys.argv)}")
    print_table(header, table_rows(configs, corpora, results), args.markdown,
                numeric=set(range(1, len(header))))
    print()
    print("\n".join(notes(configs, corpora, results) + targets(corpora, results)))


if __name__ == "__main__":
    main()
