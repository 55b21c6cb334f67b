"""The C rule engine (PCRE2) against the pure-Python one (re on bytes): the same matches,
lines, columns and fields on the hand-checked sources, on generated sources in every
language, and on the whole CPython standard library."""

from __future__ import annotations

import gc
import os
import sysconfig
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observe_core._python.rule_regions import SYNTAX, regions
from observe_core._python.rules import parse_rules
from observe_core.rule_engine import RuleEngine

RULES = parse_rules(r"""
rules:
  - {id: endpoint, category: api_endpoints, languages: [kotlin, java, python],
     pattern: '@(?P<method>GET|POST|get|post)\(\s*"(?P<path>[^"\n]{0,200})"',
     fields: {method: method, path: path}}
  - {id: todo, category: error_handling, languages: [any], pattern: '(?i)todo|fixme',
     where: [comments]}
  - {id: url, category: api_endpoints, languages: [any],
     pattern: 'https?://(?P<host>[A-Za-z0-9.-]{1,100})', fields: {host: host}, where: [strings]}
  - {id: limit, category: validation, languages: [any],
     pattern: '(?P<name>\w{1,40})\s{0,3}(?:<=?|>=?)\s{0,3}(?P<n>\d{1,9})\b', fields: {name: name, n: n}}
  - {id: raise, category: error_handling, languages: [python, kotlin, swift],
     pattern: '\b(?:raise|throw)\s+(?P<exc>[A-Z]\w{0,60})', fields: {exc: exc}, where: [code, strings]}
  - {id: null-check, category: null_checks, languages: [any], pattern: '[=!]=\s?(?:null|nil|None)\b'}
  - {id: empty, category: validation, languages: [swift, kotlin],
     pattern: '\.(?:isEmpty|isBlank)(?P<call>\(\))?', fields: {call: call}}
  - {id: optional-group, category: validation, languages: [any],
     pattern: '(?P<a>min)|(?P<b>max)', fields: {a: a, b: b}, where: [code, strings, comments]}
  - {id: bytes-high, category: analytics, languages: [any], pattern: '[\x80-\xff]{2,}',
     where: [code, strings, comments]}
""", "differential.yaml")


def both(data: bytes, path: str):
    native = RuleEngine(RULES, backend="native")
    python = RuleEngine(RULES, backend="python")
    got, expected = native.match(data, path), python.match(data, path)
    assert got == expected
    assert native.limits == []
    return got


def test_hand_checked_source():
    src = ('interface Api {\n    // TODO: paging; @GET("/not/this")\n'
           '    @GET("/v1/items/{id}") fun item(@Path("id") id: String)\n'
           '  /* é */ @POST(\n        "/v1/cart") fun add()\n'
           '    val s = "@DELETE(\\"https://api.example.com/x\\")"\n'
           '    if (s.isEmpty() || n >= 10 || x == null) throw IllegalState()\n}\n').encode()
    got = both(src, "Api.kt")
    assert [m["rule"] for m in got] == [
        "todo", "endpoint", "bytes-high", "endpoint", "url", "empty", "limit", "null-check",
        "raise"]                                  # bytes-high: the two bytes of "é"


SNIPPETS = ['"', "'", "`", '"""', "'''", "/*", "*/", "//", "#", "\n", "${", "}", "\\(", ")",
            "\\", "<!--", "-->", 'r"', '#"', '"#', " ", "@GET(", '"/a"', "TODO", "todo",
            "http://h.io", "x <= 12", "== null", "!=nil", ".isEmpty()", "raise Err", "min",
            "max", "é", "\u2028", "\x00", "{", "(", "throw Boom", "a"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(SNIPPETS), max_size=60), st.sampled_from(sorted(SYNTAX)),
       st.binary(max_size=8))
def test_generated_sources_in_every_language(pieces, language, noise):
    data = "".join(pieces).encode("utf-8", "surrogatepass") + noise
    ext = {"kotlin": "kt", "java": "java", "swift": "swift", "objc": "m", "javascript": "js",
           "typescript": "ts", "dart": "dart", "python": "py", "xml": "xml", "yaml": "yaml",
           "json": "json"}[language]
    both(data, f"gen.{ext}")


def test_empty_matches_follow_finditer():
    rules = parse_rules("rules:\n - {id: e, category: validation, languages: [any], "
                        "pattern: 'a*|\\b', where: [code, strings, comments]}\n", "e.yaml")
    for data in [b"", b"baaa", b"a b", b"\n\naa\n", b"ab ba", b"\xff a"]:
        native = RuleEngine(rules, backend="native").match(data, "x.txt")
        assert native == RuleEngine(rules, backend="python").match(data, "x.txt"), data


def test_catastrophic_backtracking_is_bounded_and_reported():
    rules = parse_rules("rules:\n - {id: evil, category: validation, languages: [any], "
                        "pattern: '(a+)+$'}\n - {id: fine, category: validation, "
                        "languages: [any], pattern: 'b'}\n", "evil.yaml")
    engine = RuleEngine(rules, backend="native")
    t = time.perf_counter()
    # "aa" at the end is a real match (so the Vectorscan gate lets the rule run); the first
    # attempt, at offset 0, backtracks without end
    got = engine.match(b"a" * 5000 + b"!baa", "x.txt")
    assert time.perf_counter() - t < 10
    assert [m["rule"] for m in got] == ["fine"]
    assert engine.limits == [{"rule": "evil", "path": "x.txt", "offset": 0,
                              "pcre2_error": engine.limits[0]["pcre2_error"]}]
    assert engine.limits[0]["pcre2_error"] < 0


@pytest.mark.not_under_asan
def test_standard_library():
    root = sysconfig.get_paths()["stdlib"]
    native = RuleEngine(RULES, backend="native")
    python = RuleEngine(RULES, backend="python")
    files = matches = 0
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = sorted(d for d in subdirs if d not in ("site-packages", "__pycache__"))
        for name in sorted(names):
            if not name.endswith(".py"):
                continue
            path = os.path.join(directory, name)
            with open(path, "rb") as fh:
                data = fh.read()
            got = native.match(data, path)
            assert got == python.match(data, path), path
            assert native.limits == [], path
            files += 1
            matches += len(got)
    assert files > 1000 and matches > 10_000
    print(f"\nstdlib rules: native == pure Python on {files} files, {matches} matches")


def test_regions_agree_with_the_c_scanner_through_matches():
    # a rule that matches every byte, kept only in comments: the kept offsets are exactly
    # the comment bytes of the Python scanner
    rules = parse_rules("rules:\n - {id: any, category: validation, languages: [any], "
                        "pattern: '(?s).', where: [comments]}\n", "r.yaml")
    src = b'a = "x # y" # real\n/* no */ b # z'
    got = RuleEngine(rules, backend="native").match(src, "s.py")
    comment_bytes = [i for a, b, k in regions(src, "python") if k == "comments"
                     for i in range(a, b)]
    assert len(got) == len(comment_bytes)
    assert got == RuleEngine(rules, backend="python").match(src, "s.py")


@pytest.mark.parametrize("bad", ["(x", "x{2,1}"])
def test_a_pattern_pcre2_rejects_is_an_error_naming_the_rule(bad):
    from observe_core._python.rules import Rule
    with pytest.raises(ValueError, match=r"rule 0 \(r\)"):
        RuleEngine([Rule("r", "validation", (), bad)], backend="native")


def stdlib_paths():
    root = sysconfig.get_paths()["stdlib"]
    out = []
    for directory, subdirs, names in os.walk(root):
        subdirs[:] = [d for d in subdirs if d not in ("site-packages", "__pycache__")]
        out += [os.path.join(directory, n) for n in names if n.endswith(".py")]
    return out


def test_many_files_in_parallel_with_errors(tmp_path):
    paths = stdlib_paths()[:400]
    (tmp_path / "adir.kt").mkdir()
    bad = [str(tmp_path / "missing.kt"), str(tmp_path / "adir.kt")]
    native = RuleEngine(RULES, backend="native")
    python = RuleEngine(RULES, backend="python")
    expected = python.match_files(paths + bad)
    for jobs in (1, 2, 7):
        assert native.match_files(paths + bad, jobs=jobs) == expected
    matches, errors = expected
    assert len(matches) > 1000
    assert [(e["path"], e["code"]) for e in errors] == [
        (bad[1], "is-directory"), (bad[0], "not-found")]       # sorted by path
    assert errors[1]["message"] == os.strerror(2)


@pytest.mark.not_under_asan
def test_default_pack_on_the_test_app_and_the_standard_library():
    from observe_core._python.rule_pack import default_rules
    rules = default_rules()
    app = [os.path.join(d, n) for d, _, names in os.walk(os.path.join(
        os.path.dirname(__file__), "data", "business_app")) for n in names]
    native = RuleEngine(rules, backend="native")
    python = RuleEngine(rules, backend="python")
    for paths in (app, stdlib_paths()):
        got = native.match_files(paths)
        assert got == python.match_files(paths)
        assert native.limits == [] and got[1] == [] and len(got[0]) > 500


def test_the_vectorscan_gate_changes_no_result(monkeypatch, tmp_path):
    """The gate scans cut and loosened patterns (gate_expression.c); the generated mobile
    tree is where they differ most from the rules (a match every 130 bytes)."""
    import gen_mobile_tree
    from observe_core._python.rule_pack import default_rules
    rules = default_rules() + RULES
    gen_mobile_tree.write_tree(str(tmp_path), 300, seed=5)
    paths = stdlib_paths()[:300] + [
        os.path.join(d, n) for root in (os.path.join(os.path.dirname(__file__), "data",
                                                     "business_app"), str(tmp_path))
        for d, _, names in os.walk(root) for n in names]
    gated = RuleEngine(rules, backend="native").match_files(paths)
    monkeypatch.setenv("OB_VECTORSCAN", "0")
    assert RuleEngine(rules, backend="native").match_files(paths) == gated
    assert RuleEngine(rules, backend="python").match_files(paths) == gated



def test_the_binding_keeps_no_references_and_leaks_nothing():
    """The match dicts are built in C: repeated runs must not grow memory nor keep
    references to the rule ids or paths they put in the dicts."""
    import sys
    import tracemalloc
    paths = stdlib_paths()[:60]
    native = RuleEngine(RULES, backend="native")
    ids = [meta[0] for meta in native._meta]
    for _ in range(3):                      # warm up CPython's caches
        native.match_files(paths)
        native.match(b"if (a <= 10) { x == null }", paths[0])
    refs = [sys.getrefcount(i) for i in ids] + [sys.getrefcount(paths[0])]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(20):
        native.match_files(paths)
        native.match(b"if (a <= 10) { x == null }", paths[0])
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert [sys.getrefcount(i) for i in ids] + [sys.getrefcount(paths[0])] == refs
    assert grown < 100_000


@pytest.mark.parametrize("meta", [None, [], [("endpoint",)], [("x", ((b"f", 1),))] * 9,
                                  [("x", (("f", 99),))] * 9])
def test_a_bad_meta_is_an_error_not_a_crash(meta):
    from observe_core import _backend
    native = RuleEngine(RULES, backend="native")
    with pytest.raises((TypeError, ValueError)):
        _backend._native.rules_match(native._compiled, meta, b"x <= 1; a == null", "a.kt",
                                     "kotlin")


def _gate_files(directory):
    return sorted(p for p in os.listdir(directory) if p.startswith("gate-"))


def test_the_compiled_gate_is_cached_and_a_bad_cache_is_replaced(tmp_path, monkeypatch):
    from observe_core import _backend
    from observe_core._python.rule_pack import default_rules
    rules = default_rules()
    paths = stdlib_paths()[:150]
    expected = RuleEngine(rules, backend="python").match_files(paths)
    monkeypatch.setenv("OBSERVE_CACHE_DIR", str(tmp_path))
    first = RuleEngine(rules, backend="native")
    [name] = _gate_files(tmp_path)
    good = (tmp_path / name).read_bytes()
    assert good == _backend._native.rules_save_gate(first._compiled)
    t0 = time.perf_counter()
    again = RuleEngine(rules, backend="native")              # from the cache
    from_cache = time.perf_counter() - t0
    assert first.match_files(paths) == again.match_files(paths) == expected
    assert _backend._native.rules_save_gate(again._compiled) == good
    for bad in (b"", b"junk", good[:-1000], good[:8] + b"X" + good[9:],
                good[:200] + bytes(200) + good[400:]):
        (tmp_path / name).write_bytes(bad)
        engine = RuleEngine(rules, backend="native")
        assert engine.match_files(paths) == expected
        assert (tmp_path / name).read_bytes() == good           # compiled afresh and saved
    assert _gate_files(tmp_path) == [name]                      # no temporary files left
    print(f"gate from the cache: {from_cache * 1000:.1f} ms")


def test_no_cache_when_disabled_or_unwritable(tmp_path, monkeypatch):
    from observe_core._python.rule_pack import default_rules
    rules = default_rules()[:20]
    monkeypatch.setenv("OBSERVE_CACHE_DIR", "")
    assert RuleEngine(rules, backend="native").match(b"x == null", "a.kt") is not None
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("OBSERVE_CACHE_DIR", str(blocked / "cache"))
    engine = RuleEngine(rules, backend="native")
    assert engine.match(b"if (x == null) {}", "a.kt") == RuleEngine(
        rules, backend="python").match(b"if (x == null) {}", "a.kt")


def test_the_cache_keeps_the_most_recently_used_gates(tmp_path, monkeypatch):
    """Every rule set has its own gate file; writing a new one deletes the least recently
    used beyond CACHE_KEEP, and reading one marks it used."""
    from observe_core import rule_engine
    from observe_core._python.rule_pack import default_rules
    monkeypatch.setenv("OBSERVE_CACHE_DIR", str(tmp_path))
    rules = default_rules()[:3]
    RuleEngine(rules, backend="native")
    (used,) = os.listdir(tmp_path)
    old = []
    for i in range(rule_engine.CACHE_KEEP + 5):        # older than `used`, oldest first
        stale = tmp_path / f"gate-9-{i:032x}.bin"
        stale.write_bytes(b"stale")
        os.utime(stale, (1000 + i, 1000 + i))
        old.append(stale.name)
    os.utime(tmp_path / used, (500, 500))              # the oldest of all ...
    RuleEngine(rules, backend="native")                 # ... until read again
    (tmp_path / "unrelated.txt").write_text("kept")
    RuleEngine(default_rules()[:4], backend="native")   # a new gate: the cache is pruned
    left = sorted(os.listdir(tmp_path))
    assert len([n for n in left if n.startswith("gate-")]) == rule_engine.CACHE_KEEP
    assert used in left and "unrelated.txt" in left
    assert set(old[:7]).isdisjoint(left) and set(old[7:]) <= set(left)


@pytest.mark.parametrize("backend", ["native", "python"])
def test_one_long_line_costs_linear_time(backend):
    """Columns are counted from the previous match, not from the line's start: a minified
    file of one long line with a match every few bytes must not take quadratic time."""
    engine = RuleEngine(RULES, backend=backend)
    piece = b"if (size <= 10 && x == null) { go() } "

    def best_of_three(data):
        times = []
        for _ in range(3):
            gc.disable()                    # CPython's collections are not what is measured
            t0 = time.perf_counter()
            found = engine.match(data, "min.kt")
            times.append(time.perf_counter() - t0)
            gc.enable()
        return min(times), found

    small, found = best_of_three(piece * 10_000)
    big, found_big = best_of_three(piece * 40_000)
    assert len(found_big) == 4 * len(found) and found_big[-1]["column"] > 1_500_000
    assert big < 8 * small, (small, big)      # linear: 4x; quadratic: 16x
