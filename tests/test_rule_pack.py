"""The default rule pack (docs/rule_pack.md): it loads, covers every category, and finds the
business rules planted by hand in tests/data/business_app (answer_key.yaml) with the required
precision and recall; no rule backtracks badly on hostile input."""

from __future__ import annotations

import os
import re
import time
from collections import Counter, defaultdict

import pytest
import yaml

from observe_core._python.rule_match import match_file
from observe_core._python.rule_pack import PACK_DIR, default_rules, load_pack, pack_files
from observe_core._python.rule_regions import language_of
from observe_core._python.rules import CATEGORIES, RuleError

APP = os.path.join(os.path.dirname(__file__), "data", "business_app")
KEY = os.path.join(APP, "answer_key.yaml")


def answer_key():
    with open(KEY, encoding="utf-8") as fh:
        return yaml.safe_load(fh)["entries"]


def app_files():
    out = []
    for directory, subdirectories, names in os.walk(APP):
        subdirectories.sort()
        for name in sorted(names):
            path = os.path.join(directory, name)
            if path != KEY and language_of(path) is not None:
                out.append(os.path.relpath(path, APP).replace(os.sep, "/"))
    return out


@pytest.fixture(scope="module")
def evaluation():
    """Every match of the pack over the tree, scored against the key by (file, line,
    category)."""
    rules = default_rules()
    category_of = {r.id: r.category for r in rules}
    found = defaultdict(list)
    for rel in app_files():
        with open(os.path.join(APP, rel), "rb") as fh:
            data = fh.read()
        for m in match_file(data, rel, rules):
            found[(rel, m["line"], category_of[m["rule"]])].append(m)
    keyed = {}
    for e in answer_key():
        k = (e["file"], e["line"], e["category"])
        assert k not in keyed, f"duplicate key entry {k}"
        keyed[k] = e
    return rules, found, keyed


# ---- the pack ----------------------------------------------------------------------------------

def test_the_pack_loads_and_every_rule_compiles():
    rules = default_rules()
    assert len(rules) >= 60
    assert len({r.id for r in rules}) == len(rules)
    for rule in rules:
        rule.compiled()
        assert rule.source in {os.path.basename(p) for p in pack_files()}
    assert [os.path.basename(p) for p in pack_files()] == sorted(
        n for n in os.listdir(PACK_DIR) if n.endswith((".yaml", ".yml")))


def test_every_category_has_a_rule():
    assert set(CATEGORIES) <= {r.category for r in default_rules()}


# Calls that are GET by construction (URLSession's data(from:)) have no method in the source.
GET_BY_CONSTRUCTION = {"urlsession-get"}


def test_api_endpoint_rules_capture_method_and_path():
    for rule in default_rules():
        if rule.category == "api_endpoints":
            wanted = {"path"} if rule.id in GET_BY_CONSTRUCTION else {"method", "path"}
            assert wanted <= {f for f, _ in rule.fields}, rule.id


def test_a_duplicate_id_across_files_is_rejected(tmp_path):
    rule = "rules:\n  - {id: same, category: payments, languages: [any], pattern: x}\n"
    (tmp_path / "a.yaml").write_text(rule)
    (tmp_path / "b.yaml").write_text(rule)
    with pytest.raises(RuleError, match=r"^b.yaml \(same\): duplicate id \(also in a.yaml\)"):
        load_pack(str(tmp_path))


def test_every_rule_is_exercised_by_the_answer_key():
    keyed_rules = {e["rule"] for e in answer_key()}
    missing = sorted(r.id for r in default_rules() if r.id not in keyed_rules)
    assert missing == []


def test_the_answer_key_points_at_the_right_lines():
    for e in answer_key():
        with open(os.path.join(APP, e["file"]), encoding="utf-8") as fh:
            lines = fh.read().split("\n")
        assert e["text"] in lines[e["line"] - 1], (e["file"], e["line"], e["text"])
        assert e["category"] in CATEGORIES


# ---- precision and recall ----------------------------------------------------------------------

def test_precision_and_recall_against_the_answer_key(evaluation, capsys):
    rules, found, keyed = evaluation
    tp, fp, fn = Counter(), Counter(), Counter()
    for k in set(found) | set(keyed):
        (tp if k in found and k in keyed else fp if k in found else fn)[k[2]] += 1
    wrong_fields = []
    for k in set(found) & set(keyed):
        e = keyed[k]
        if e["rule"] is None:
            continue
        candidates = [m["fields"] for m in found[k] if m["rule"] == e["rule"]]
        if e["fields"] not in candidates:
            wrong_fields.append((k, e["rule"], e["fields"], candidates))

    def ratio(a, b):
        return a / b if b else 1.0

    rows = ["category             key  found   TP   FP   FN  precision  recall"]
    for cat in CATEGORIES:
        rows.append(f"{cat:<20} {tp[cat] + fn[cat]:>4} {tp[cat] + fp[cat]:>6} {tp[cat]:>4} "
                    f"{fp[cat]:>4} {fn[cat]:>4} {ratio(tp[cat], tp[cat] + fp[cat]):>10.3f} "
                    f"{ratio(tp[cat], tp[cat] + fn[cat]):>7.3f}")
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    precision, recall = ratio(T, T + F), ratio(T, T + N)
    rows.append(f"{'overall':<20} {T + N:>4} {T + F:>6} {T:>4} {F:>4} {N:>4} "
                f"{precision:>10.3f} {recall:>7.3f}")
    with capsys.disabled():
        print("\n" + "\n".join(rows))
        for k in sorted(set(found) - set(keyed)):
            print("  FP", k, [(m["rule"], m["text"][:60]) for m in found[k]])
        for k in sorted(set(keyed) - set(found)):
            print("  FN", k, keyed[k]["text"])

    assert precision >= 0.95 and recall >= 0.95
    assert fp["api_endpoints"] == 0 and fn["api_endpoints"] == 0
    assert wrong_fields == []


def test_every_api_endpoint_has_its_method_and_path(evaluation):
    rules, found, keyed = evaluation
    endpoints = [e for k, e in keyed.items() if k[2] == "api_endpoints"]
    assert len(endpoints) >= 40
    for e in endpoints:
        assert e["fields"]["path"], e
        got = [(m["fields"].get("method"), m["fields"]["path"])
               for m in found[(e["file"], e["line"], "api_endpoints")] if m["rule"] == e["rule"]]
        assert got == [(e["fields"].get("method"), e["fields"]["path"])], e
        if e["rule"] not in GET_BY_CONSTRUCTION and e["rule"] not in ("fetch-call", "flask-route"):
            assert e["fields"]["method"], e     # only fetch and Flask default to GET


def test_every_repetition_is_bounded():
    """No `+` or `*` outside character classes: every repetition has an explicit bound."""
    for rule in default_rules():
        bare = re.sub(r"\[(?:\\.|[^\]\\])*\]", "C", re.sub(r"\\[^\[\]]", "e", rule.pattern))
        assert not re.search(r"[+*]", bare), rule.id


def test_most_rules_keep_out_of_comments_and_strings():
    rules = default_rules()
    assert [r.id for r in rules if r.where != ("code",)] == ["auth-bearer-header"]


# ---- hostile input -----------------------------------------------------------------------------

HOSTILE = [c * 20000 for c in ("a", "A", "_", "1", '"', "'", "`", " ", "\t", "\n", "(", ")",
                               "<", "@", ".", "/", "{", "[", "-", "=")] + [
    "aA1_" * 5000, "a." * 10000, "MAX_" * 5000, "a, " * 6667, "catch " * 3334,
    "fun " * 5000, '@GET("' + "a" * 20000, "<uses-permission " * 1100, "\\(" * 10000,
    "len(" * 5000, "Field(" * 3334, "x = " * 5000, "case 'a" * 2500]


def _scan_time(pattern, data: bytes, runs: int = 1) -> float:
    """The fastest of `runs` scans."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        for _ in pattern.finditer(data):
            pass
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("rule", default_rules(), ids=lambda r: r.id)
def test_no_rule_backtracks_badly_on_hostile_input(rule):
    # Linear rules take about twice as long on twice the text; a rule that backtracks
    # quadratically takes four times as long, exponentially far longer. Comparing sizes
    # rather than asserting a time keeps the check meaningful on slow machines (sanitizers).
    pattern = rule.compiled()
    for text in HOSTILE:
        t1 = _scan_time(pattern, text.encode())
        t2 = _scan_time(pattern, (text * 2).encode())
        if t2 >= 3 * t1 + 0.05:
            # a scheduler hiccup on a loaded machine (CI, sanitizers) lengthens one run, while
            # a rule that backtracks is slow every time: measure again, best of three
            t1 = _scan_time(pattern, text.encode(), runs=3)
            t2 = _scan_time(pattern, (text * 2).encode(), runs=3)
        assert t1 < 2.0, f"{rule.id}: {t1:.3f} s on a 20 KB line"
        assert t2 < 3 * t1 + 0.05, f"{rule.id}: {t1:.3f} s on 20 KB but {t2:.3f} s on 40 KB"
