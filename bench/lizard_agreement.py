"""lizard agreement report: per language, the functions lizard 1.24.3 and observe-core both find,
and how many have the same cyclomatic complexity (lizard's CCN).

    python bench/lizard_agreement.py [--files 2000] [--seed 11] [--examples 3]

Two corpora:
1. the hand-checked files of tests/data/mobile_metrics/ (every value derived by hand). Every
   CCN difference there must be a deliberate one (docs/metrics_mobile.md section 5, D1-D9);
   the explanation comes from the file's lizard.json, or for Java and Kotlin from the table
   in tests/test_brace_metrics.py. The script exits 1 on an unexplained difference;
2. a generated mobile tree (bench/gen_mobile_tree.py, fixed seed): agreement at scale. A
   difference there is proven when a rewrite that removes one deliberate difference's
   construct, and changes nothing else the metric sees, makes both tools agree on the
   function: D5 renames keywords used as names (`.catch(` -> `.katch(`), D1 empties template
   interpolations (`${a ? b : c}` -> `${x}`), D2 removes interpolations without a condition
   (`${a.b}`, after which lizard's brace counting goes wrong), D6 drops Kotlin lambda
   parameters that end a line (`xs.map { x ->` -> `xs.map {`, which lizard makes a function
   of its own), D6c puts an empty statement after a JS/TS `case X:` label (`case X:;`: lizard
   reads the label and the next statement as an object's `key: value` and loses its functions).
   Every combination is tried, the smallest first; a rewrite that only removes what lizard
   misreads (all but D1) must leave our own CCN as it was. It is
   "D6 inferred" when no rewrite settles it but lizard's line range differs from ours or one
   tool reports a function inside it that the other does not (lizard lost, invented,
   misplaced or split a function). Whatever is left is listed as unexplained.

A lizard function is paired with ours when the names agree (lizard's last `::` part; selectors
without spaces) and our line range holds lizard's start line (D8); of several such, the
innermost. lizard has no Dart reader (D7), so Dart has no row.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import json
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DATA = os.path.join(ROOT, "tests", "data", "mobile_metrics")
LANGUAGES = ["java", "kotlin", "swift", "javascript", "typescript", "objc"]


def lizard_functions(path: str, text: str):
    import lizard
    return lizard.analyze_file.analyze_source_code(os.path.basename(path), text).function_list


def plain(name: str) -> str:
    return name.split("::")[-1].replace(" ", "")


def pair(theirs, ours):
    """Our record for a lizard function, or None: of ours with its name whose line range holds
    its start line, the innermost (an anonymous function or a method of an anonymous class
    inside another of the same name pairs with the inner one)."""
    name = plain(theirs.name)
    found = [f for f in ours if f["line"] <= theirs.start_line <= f["end_line"] and
             name in (plain(f["name"]), plain(f["name"].split(" ")[-1]))]
    return max(found, key=lambda f: (f["line"], -f["end_line"]), default=None)


def explanations() -> dict:
    """(language, file name, lizard name, lizard start line) -> explanation, and
    (language, qualified name) -> explanation for the Java/Kotlin table."""
    out = {}
    for language in LANGUAGES:
        path = os.path.join(DATA, language, "lizard.json")
        if not os.path.exists(path):
            continue
        with open(path) as fh:
            files = json.load(fh)["files"]
        for name, table in files.items():
            for entry in table["functions"]:
                if entry.get("lizard") and entry.get("explanation"):
                    key = (language, name, entry["lizard"]["name"], entry["lizard"]["start_line"])
                    out[key] = entry["explanation"]
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from test_brace_metrics import DELIBERATE   # Java and Kotlin: (language, qualified name)
    for (language, qualified), (_ours, _theirs, reason) in DELIBERATE.items():
        out[(language, qualified)] = reason
    return out


class Tally:
    def __init__(self):
        self.lizard = self.ours = self.paired = self.equal = 0
        self.differences = []     # (path, qualified name, lizard name, line, ours, lizard's)
        # per difference (generated tree): lizard's range is not ours, or one tool reports a
        # function inside it that the other does not (part of the body moved: D6)
        self.ranges_differ = []

    def add(self, language, path, text, record):
        theirs = lizard_functions(path, text)
        ours = record["functions"]
        self.lizard += len(theirs)
        self.ours += len(ours)
        pairs = [(function, pair(function, ours)) for function in theirs]
        invented = [f.start_line for f, mine in pairs if mine is None]   # lizard's alone
        found = {id(mine) for _f, mine in pairs}
        invented += [f["line"] for f in ours if id(f) not in found]      # ours alone
        for function, mine in pairs:
            if mine is None:
                continue
            self.paired += 1
            if mine["cyclomatic_complexity"] == function.cyclomatic_complexity:
                self.equal += 1
            else:
                self.differences.append((path, mine["qualified_name"], function.name,
                                         function.start_line, mine["cyclomatic_complexity"],
                                         function.cyclomatic_complexity))
                split = any(mine["line"] < line <= mine["end_line"] for line in invented)
                self.ranges_differ.append(split or (function.start_line, function.end_line) !=
                                          (mine["line"], mine["end_line"]))

    def add_table(self, path, entries, record, live):
        """The pairs of a lizard.json table; lizard's figures are the live ones."""
        ours = {(f["qualified_name"], f["line"], f["end_line"]): f for f in record["functions"]}
        by_range = collections.defaultdict(list)   # lizard may give two on one line
        for f in live:
            by_range[(f.name, f.start_line, f.end_line)].append(f)
        self.lizard += len(live)
        self.ours += len(ours)
        for entry in entries:
            theirs, mine = entry["lizard"], entry["ours"]
            if not (theirs and mine):
                continue
            same = by_range.get((theirs["name"], theirs["start_line"], theirs["end_line"]), [])
            function = next((f for f in same if f.cyclomatic_complexity ==
                             theirs["cyclomatic_complexity"]), same[0] if same else None)
            got = ours.get((mine["qualified_name"], mine["line"], mine["end_line"]))
            if function is None or got is None:
                self.differences.append((path, mine["qualified_name"], theirs["name"],
                                         theirs["start_line"], None, None))
                continue
            self.paired += 1
            if got["cyclomatic_complexity"] == function.cyclomatic_complexity:
                self.equal += 1
            else:
                self.differences.append((path, got["qualified_name"], function.name,
                                         function.start_line, got["cyclomatic_complexity"],
                                         function.cyclomatic_complexity))


# A deliberate difference's construct, removed without changing anything else either tool
# counts (the rewrite keeps every line where it was, so functions keep their start lines).
REWRITES = {
    "D5": (re.compile(r"\.(catch|if|for|while|case|switch|do)\b"), r".k\1"),
    # JS/TS template interpolations without a condition (`${a.b}` -> nothing): lizard's brace
    # counting goes wrong after them and it ends the function elsewhere.
    "D2": (re.compile(r"\$\{[^{}`?&|]*\}"), ""),
    # Kotlin lambda parameters ending a line (`xs.map { x ->`): lizard makes the lambda a
    # function of its own; without them it is the block both tools count in the enclosing one.
    "D6": (re.compile(r"\{[ \t]*\w+(?:[ \t]*,[ \t]*\w+)*[ \t]*->[ \t]*$", re.M), "{"),
    # JS/TS `case X:` (or `default:`) ending a line, alone or before a block's `{`: lizard reads
    # the label and what follows as an object's `key: value` and loses the functions of the
    # first statement after it (all of the block's). An empty statement after the label,
    # `case X:;`, which neither tool counts, lets it find them.
    "D6c": (re.compile(r"^([ \t]*(?:case\b.*|default[ \t]*):)([ \t]*\{?[ \t]*)$", re.M),
            r"\1;\2"),
    "D1": (re.compile(r"\$\{[^{}`]*\}|\\\([^()\"]*\)"), lambda m: "${x}" if m.group(0)[0] == "$"
           else "\\(x)"),
}


# Rewrites that remove only what lizard misreads: our CCN must come out as it was. D1 removes
# conditions we count and lizard does not see (they are the difference).
KEEP_OURS = {"D5", "D2", "D6", "D6c"}


def agree_after(analyzer, language, path, text, line, rewrites, ours_before):
    """Whether lizard and we give one CCN to the function starting at `line` once the
    rewrites are applied to the file (and, for rewrites of KEEP_OURS alone, ours is still
    ours_before)."""
    for item in rewrites:
        pattern, replacement = REWRITES[item]
        text = pattern.sub(replacement, text)
    ours = analyse(analyzer, language, path, text)["functions"]
    for function in lizard_functions(path, text):
        if function.start_line == line:
            mine = pair(function, ours)
            if mine is None or mine["cyclomatic_complexity"] != function.cyclomatic_complexity:
                return False
            return mine["cyclomatic_complexity"] == ours_before or \
                not KEEP_OURS.issuperset(rewrites)
    return False


def explain(analyzer, language, difference, ranges_differ):
    """The D-items explaining one difference on the generated tree, or None."""
    path = difference[0]
    with open(path, encoding="utf-8", errors="replace") as fh:
        text = fh.read()
    for rewrites in REWRITE_SETS:   # verified by rewriting first
        if agree_after(analyzer, language, path, text, difference[3], rewrites, difference[4]):
            return "+".join(rewrites)
    return "D6 inferred" if ranges_differ else None


# Every combination of the rewrites, the fewest first (a difference is credited to the
# smallest set that settles it); within a size, in REWRITES' order.
REWRITE_SETS = [list(c) for n in range(1, len(REWRITES) + 1)
                for c in itertools.combinations(REWRITES, n)]


def analyse(analyzer, language, path, text):
    return analyzer.analyze_source(text.encode(), language, path)


def hand_checked(analyzer, explained):
    """Rows over the hand-checked files. Where a lizard.json pairs the functions (with the
    reason for each pairing lizard's names make ambiguous), its pairs are used; Java and
    Kotlin are paired by name and line range."""
    rows, unexplained = [], []
    for language in LANGUAGES:
        tally = Tally()
        folder = os.path.join(DATA, language)
        paired_by_table = os.path.exists(os.path.join(folder, "lizard.json"))
        tables = json.load(open(os.path.join(folder, "lizard.json")))["files"] \
            if paired_by_table else {}
        for name in sorted(os.listdir(folder)):
            if name.endswith((".json", ".md")):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
            record = analyse(analyzer, language, path, text)
            if paired_by_table:
                tally.add_table(path, tables[name]["functions"], record, lizard_functions(path, text))
            else:
                tally.add(language, path, text, record)
        reasons = collections.Counter()
        for path, qualified, lname, line, mine, theirs in tally.differences:
            why = explained.get((language, os.path.basename(path), lname, line)) or \
                explained.get((language, qualified))
            if why is None:
                unexplained.append((language, path, qualified, mine, theirs))
            else:
                reasons.update(sorted(set(re.findall(r"\bD\d\b", why))))
        rows.append((language, tally, ", ".join(f"{d} x{n}" for d, n in sorted(reasons.items()))))
    return rows, unexplained


def generated(analyzer, files, seed):
    sys.path.insert(0, HERE)
    import gen_mobile_tree
    from observe_core.languages import language_for_path
    tallies = {language: Tally() for language in LANGUAGES}
    with tempfile.TemporaryDirectory(prefix="observe-lizard-") as root:
        gen_mobile_tree.write_tree(root, files, seed=seed)
        result = analyzer.analyze_directory(root, languages=LANGUAGES)
        for record in result.files:
            language = language_for_path(record["path"])
            with open(record["path"], encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            tallies[language].add(language, record["path"], text, record)
        for language, tally in tallies.items():   # while the files exist
            tally.reasons = [explain(analyzer, language, difference, differ)
                             for difference, differ in zip(tally.differences, tally.ranges_differ)]
    return tallies


def table(rows, extra_header, markdown=True):
    head = ["language", "lizard functions", "ours", "paired", "CCN equal", "differences",
            extra_header]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * 5 + "---|"]
    for language, tally, extra in rows:
        lines.append(f"| {language} | {tally.lizard} | {tally.ours} | {tally.paired} | "
                     f"{tally.equal} | {len(tally.differences)} | {extra} |")
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=2000, help="generated tree size (default 2000)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--examples", type=int, default=3, help="differences shown per language")
    args = ap.parse_args()
    import lizard
    from observe_core import AstAnalyzer
    analyzer = AstAnalyzer()
    from importlib import metadata
    print(f"lizard {metadata.version('lizard')} against "
          f"observe-core ({analyzer.backend} backend)\n")

    rows, unexplained = hand_checked(analyzer, explanations())
    print("## Hand-checked files (tests/data/mobile_metrics)\n")
    print(table(rows, "explained by"))
    print()
    for language, path, qualified, mine, theirs in unexplained:
        print(f"UNEXPLAINED {language} {path}: {qualified} ours {mine}, lizard {theirs}")
    print(f"{len(unexplained)} unexplained differences.\n")

    tallies = generated(analyzer, args.files, args.seed)
    print(f"## Generated mobile tree (gen_mobile_tree.py, {args.files} files, seed {args.seed})\n")
    gen_rows, left = [], []
    for language in LANGUAGES:
        t = tallies[language]
        reasons = collections.Counter()
        for difference, why in zip(t.differences, t.reasons):
            reasons[why or "unexplained"] += 1
            if why is None:
                left.append((language, difference))
        share = f"{t.equal / t.paired:.1%}" if t.paired else ""
        gen_rows.append((language, t, share + "; " + ", ".join(
            f"{d} x{n}" for d, n in sorted(reasons.items()))))
    print(table(gen_rows, "CCN equal share; differences by reason"))
    print()
    print(f"{len(left)} differences left unexplained on the generated tree"
          + (f"; the first {min(args.examples, len(left))}:" if left else "."))
    for language, (path, qualified, _lname, line, mine, theirs) in left[:args.examples]:
        print(f"- {language}: {os.path.basename(path)}:{line} {qualified}: ours {mine}, "
              f"lizard {theirs}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
