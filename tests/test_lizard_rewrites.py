"""The rewrites bench/lizard_agreement.py proves CCN differences with (docs/metrics_mobile.md
section 5): on a small function showing each deliberate difference, lizard and we disagree;
after the rewrite that removes the difference's construct we agree, and for the rewrites that
remove only what lizard misreads, our own CCN is the one we had before."""

from __future__ import annotations

import os
import sys

import pytest

from observe_core import AstAnalyzer

pytest.importorskip("lizard")
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "bench"))
import lizard_agreement as la  # noqa: E402

# rewrite -> (language, file name, source, start line of the function, our CCN, lizard's CCN)
CASES = {
    # lizard counts `.catch(` as a `catch`
    "D5": ("javascript", "x.js", "function load(p) {\n  return p.then(a).catch(b);\n}\n", 1, 1, 2),
    # we count the ternary inside the interpolation, lizard does not read into it
    "D1": ("javascript", "x.js",
           "function label(n) {\n  return `${n > 1 ? 'items' : 'item'}`;\n}\n", 1, 2, 1),
    # after `${product.id}` in a case block lizard's braces run on: it takes `refresh` in
    "D2": ("typescript", "x.ts",
           "function handle(b) {\n  switch (action.type) {\n    case 'FAILED': {\n"
           "      console.log(`too short: ${product.id}`);\n      break;\n    }\n  }\n"
           "  return b == null;\n}\n\nfunction refresh(id) {\n  if (id) {\n    load();\n"
           "  }\n}\n", 1, 2, 3),
    # lizard makes `{ x ->` a function of its own and loses `total`
    "D6": ("kotlin", "x.kt",
           "fun total(xs: List<Int>): Int {\n  return xs.sumOf { x ->\n"
           "    if (x > 0) x else 0\n  }\n}\n", 1, 2, None),
    # lizard reads `'A': items.forEach(...)` as an object's key and value: the arrow is lost
    # and its `if` counted in `reduce`
    "D6c": ("typescript", "x.ts",
            "function reduce(action, items) {\n  switch (action.type) {\n    case 'A':\n"
            "      items.forEach((item) => {\n        if (item) return;\n      });\n"
            "      break;\n  }\n}\n", 1, 2, 3),
}


def ours_at(language, name, source, line):
    functions = AstAnalyzer().analyze_source(source.encode(), language, name)["functions"]
    return next(f["cyclomatic_complexity"] for f in functions if f["line"] == line)


def lizard_at(name, source, line):
    return next((f.cyclomatic_complexity for f in la.lizard_functions(name, source)
                 if f.start_line == line), None)


def test_every_rewrite_has_a_case():
    assert set(CASES) == set(la.REWRITES)


@pytest.mark.parametrize("rewrite", sorted(CASES))
def test_a_rewrite_settles_its_difference(rewrite, tmp_path):
    language, name, source, line, ours, theirs = CASES[rewrite]
    assert ours_at(language, name, source, line) == ours
    assert lizard_at(name, source, line) == theirs          # the difference
    path = tmp_path / name
    path.write_text(source)
    analyzer = AstAnalyzer()
    assert la.agree_after(analyzer, language, str(path), source, line, [rewrite], ours)
    difference = (str(path), "", "", line, ours, theirs)
    assert la.explain(analyzer, language, difference, True) == rewrite


@pytest.mark.parametrize("rewrite", sorted(CASES))
def test_a_rewrite_that_should_keep_our_ccn_must(rewrite, tmp_path):
    """Given a wrong `before` figure, only D1 (which removes conditions we count) may still
    agree: the other rewrites prove nothing if our CCN moved."""
    language, name, source, line, ours, _theirs = CASES[rewrite]
    path = tmp_path / name
    path.write_text(source)
    agreed = la.agree_after(AstAnalyzer(), language, str(path), source, line, [rewrite], ours + 5)
    assert agreed == (rewrite not in la.KEEP_OURS)
