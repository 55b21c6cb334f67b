"""``observe business``: analyze (table, JSON, SARIF), features and negative, their options
and their error messages."""

from __future__ import annotations

import json
import os
import sys

import pytest
from click.testing import CliRunner
from gherkin.parser import Parser

from observe_core.cli import main
from test_business_report import assert_valid_sarif, hand_analysis

APP = os.path.join(os.path.dirname(__file__), "data", "business_app")
SHAPE_KEYS = ["version", "tool", "root", "backend", "platform", "platforms", "files_analyzed",
              "bytes_analyzed", "rules", "business_rules", "api_contracts", "data_models",
              "state_machines", "user_flows", "edge_cases", "negative_test_cases",
              "mock_data", "summary", "diagnostics"]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "analysis.json"
    path.write_text(json.dumps(hand_analysis()), encoding="utf-8")
    return path


@pytest.fixture
def analyzer():
    """The analysis itself (business.py) for the end-to-end tests."""
    return pytest.importorskip("observe_core.business").BusinessLogicAnalyzer


def test_business_is_registered():
    result = run("--help")
    assert result.exit_code == 0 and "business" in result.stdout
    result = run("business", "--help")
    assert {"analyze", "features", "negative"} <= set(result.stdout.split())


# ---------------------------------------------------------------------------------------
# features and negative, on a saved analysis

def test_features_writes_one_valid_feature_per_file(saved, tmp_path):
    out = tmp_path / "features" / "nested"
    result = run("business", "features", saved, "-o", out)
    assert result.exit_code == 0, result.output
    names = sorted(os.listdir(out))
    assert names == ["category-api-endpoints.feature", "category-null-checks.feature",
                     "flow-01-login-sign-in-check.feature"]
    assert result.stdout.splitlines() == [
        str(out / "flow-01-login-sign-in-check.feature"),
        str(out / "category-api-endpoints.feature"),
        str(out / "category-null-checks.feature")]
    assert "3 feature files written" in result.stderr
    for name in names:
        text = (out / name).read_text(encoding="utf-8")
        assert Parser().parse(text)["feature"] is not None
        assert sum(line.startswith("Feature:") for line in text.splitlines()) == 1


def test_features_needs_an_output_directory(saved):
    result = run("business", "features", saved)
    assert result.exit_code == 2 and "-o" in result.stderr


def test_features_rejects_a_file_that_is_not_an_analysis(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run("business", "features", bad, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "bad.json: not an analysis JSON file" in result.stderr
    assert "Traceback" not in result.output
    other = tmp_path / "other.json"
    other.write_text("[1, 2]", encoding="utf-8")
    result = run("business", "negative", other)
    assert result.exit_code == 1 and "no 'business_rules'" in result.stderr


def test_features_reports_an_unwritable_directory(saved, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run("business", "features", saved, "-o", blocker / "sub")
    assert result.exit_code == 1 and "cannot write to" in result.stderr


def test_negative_table_lists_high_priority_first(saved):
    result = run("business", "negative", saved)
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "NEG-" in line]
    assert [r.split()[1] for r in rows] == ["NEG-0001", "NEG-0004", "NEG-0003", "NEG-0002"]
    assert "Negative test cases (4)" in result.stdout
    assert "ui/Login Screen.kt:40" in rows[0]


def test_negative_json_and_priority(saved, tmp_path):
    result = run("business", "negative", saved, "--format", "json", "--priority", "high")
    assert result.exit_code == 0
    assert [c["id"] for c in json.loads(result.stdout)] == ["NEG-0001", "NEG-0004"]
    out = tmp_path / "neg.json"
    result = run("business", "negative", saved, "--format", "json", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    assert len(json.loads(out.read_text())) == 4
    result = run("business", "negative", saved, "--priority", "urgent")
    assert result.exit_code == 2 and "urgent" in result.stderr


def test_negative_table_to_a_file(saved, tmp_path):
    out = tmp_path / "neg.txt"
    assert run("business", "negative", saved, "-o", out).exit_code == 0
    assert "NEG-0003" in out.read_text()


# ---------------------------------------------------------------------------------------
# analyze's output, over the hand-built analysis

class FakeAnalyzer:
    """Stands in for BusinessLogicAnalyzer: the output paths are tested on its own."""
    calls: list = []

    def analyze_directory(self, root):
        FakeAnalyzer.calls.append(("directory", root))
        return hand_analysis()

    def analyze_files(self, paths, root=None):
        FakeAnalyzer.calls.append(("files", list(paths), root))
        return hand_analysis()


@pytest.fixture
def fake(monkeypatch):
    from observe_core import cli_business

    options = {}

    def make(*args):
        options["args"] = args
        return FakeAnalyzer()

    FakeAnalyzer.calls = []
    monkeypatch.setattr(cli_business, "_analyzer", make)
    return options


def test_analyze_table_output(fake):
    result = run("business", "analyze", APP, "--top", "2", "--category", "payments,validation",
                 "--exclude", "*.md", "--no-gitignore", "-j", "3", "--backend", "python")
    assert result.exit_code == 0, result.output
    assert fake["args"] == ((), ["payments", "validation"], "python", 3, ("*.md",), False,
                            True, False)
    out = result.stdout
    assert "Business rules by category" in out and "API contracts (1)" in out
    assert "v2/orders/{orderId}" in out and "Business rules (top 2 of 4)" in out
    # The preview puts warnings first: BR-0002 before BR-0001.
    assert out.index("BR-0002") < out.index("BR-0001") and "BR-0003" not in out
    assert "1 unreadable files, 1 backtracking limits" in " ".join(out.split())
    assert "read-error app/src/bin/blob.kt: cannot read" in result.stderr
    assert "backtracking-limit app/src/ui/Huge.kt: rule length-check" in result.stderr


def test_analyze_json_and_sarif_output(fake, tmp_path):
    result = run("business", "analyze", APP, "--format", "json")
    assert json.loads(result.stdout) == hand_analysis()
    out = tmp_path / "r.sarif"
    result = run("business", "analyze", APP, "--format", "sarif", "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    log = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_sarif(log)
    assert len(log["runs"][0]["results"]) == 4


def test_analyze_a_single_file_uses_its_directory_as_root(fake, tmp_path):
    source = tmp_path / "One.kt"
    source.write_text("val x = 1\n")
    assert run("business", "analyze", source, "--format", "json").exit_code == 0
    assert FakeAnalyzer.calls == [("files", [str(source)], str(tmp_path))]
    assert run("business", "analyze", tmp_path, "--format", "json").exit_code == 0
    assert FakeAnalyzer.calls[-1] == ("directory", str(tmp_path))


# ---------------------------------------------------------------------------------------
# analyze: options checked before any analysis

def test_analyze_rejects_an_unknown_category_listing_the_valid_ones():
    result = run("business", "analyze", APP, "--category", "payments,bogus")
    assert result.exit_code == 2
    assert "unknown category 'bogus'" in result.stderr
    assert "validation" in result.stderr and "null_checks" in result.stderr
    assert "Traceback" not in result.output


def test_rule_errors_become_usage_errors(monkeypatch, tmp_path):
    """The message path alone, with a stand-in analyzer that loads the rule files."""
    import types

    from observe_core._python.rules import load_rules

    class Loading:
        def __init__(self, rule_files=(), **options):
            for path in rule_files:
                load_rules(path)

    module = types.ModuleType("observe_core.business")
    module.BusinessLogicAnalyzer = Loading
    monkeypatch.setitem(sys.modules, "observe_core.business", module)
    rules = tmp_path / "broken.yaml"
    rules.write_text("rules:\n  - id: bad-rule\n    category: payments\n"
                     "    languages: [kotlin]\n    pattern: '(unclosed'\n", encoding="utf-8")
    result = run("business", "analyze", APP, "--rules", rules)
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert f"invalid rule file: {rules}: rule 1 (bad-rule): pattern does not compile" in message
    assert "Traceback" not in result.output


def test_analyze_rejects_a_missing_rule_file(tmp_path):
    result = run("business", "analyze", APP, "--rules", tmp_path / "nope.yaml")
    assert result.exit_code == 2 and "nope.yaml" in result.stderr


# ---------------------------------------------------------------------------------------
# analyze end to end on tests/data/business_app

def test_analyze_table_summarises_the_app(analyzer):
    result = run("business", "analyze", APP, "--backend", "python")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Business rules by category" in text and "api_endpoints" in text
    assert "API contracts" in text and "v2/orders" in text
    assert "Business rules (top 20 of" in text
    assert "business rules in" in text and "python backend" in text


def test_analyze_json_has_the_agreed_shape(analyzer, tmp_path):
    out = tmp_path / "analysis.json"
    result = run("business", "analyze", APP, "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    analysis = json.loads(out.read_text(encoding="utf-8"))
    assert list(analysis) == SHAPE_KEYS
    assert analysis["root"] == APP
    assert analysis["summary"]["total"] == len(analysis["business_rules"]) > 0
    endpoints = {(c["method"], c["path"]) for c in analysis["api_contracts"]}
    assert ("POST", "v2/payments/intents") in endpoints


def test_analyze_sarif_is_valid(analyzer, tmp_path):
    out = tmp_path / "results.sarif"
    result = run("business", "analyze", APP, "--format", "sarif", "-o", out)
    assert result.exit_code == 0, result.output
    log = json.loads(out.read_text(encoding="utf-8"))
    assert_valid_sarif(log)
    results = log["runs"][0]["results"]
    assert results
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    # APP is absolute here: uris are relative to it, SRCROOT is its file URI.
    assert any(u.startswith("android/app/src/main/") for u in uris)
    assert log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"].startswith("file://")


def test_analyze_sarif_to_stdout(analyzer):
    result = run("business", "analyze", APP, "--format", "sarif", "--category", "api_endpoints")
    assert result.exit_code == 0, result.output
    log = json.loads(result.stdout)
    assert {r["properties"]["category"] for r in log["runs"][0]["results"]} == {"api_endpoints"}


def test_analyze_category_filter(analyzer):
    result = run("business", "analyze", APP, "--format", "json",
                 "--category", "payments, validation")
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert {b["category"] for b in analysis["business_rules"]} == {"payments", "validation"}
    assert {r["category"] for r in analysis["rules"]} == {"payments", "validation"}


def test_analyze_table_to_a_file(analyzer, tmp_path):
    out = tmp_path / "summary.txt"
    result = run("business", "analyze", APP, "-o", out, "-j", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "Business rules by category" in out.read_text()


def test_analyze_one_file(analyzer):
    path = os.path.join(APP, "android", "app", "src", "main", "java", "com", "shopkit", "api",
                        "ShopApi.kt")
    result = run("business", "analyze", path, "--format", "json")
    assert result.exit_code == 0, result.output
    analysis = json.loads(result.stdout)
    assert analysis["files_analyzed"] == 1
    assert {b["file"] for b in analysis["business_rules"]} == {"ShopApi.kt"}


def test_analyze_with_user_rules_adds_them(analyzer, tmp_path):
    rules = tmp_path / "mine.yaml"
    rules.write_text(
        "rules:\n"
        "  - id: my-coupon\n"
        "    category: payments\n"
        "    languages: [kotlin]\n"
        "    pattern: 'COUPON_(?P<code>[A-Z0-9]+)'\n"
        "    fields: {code: code}\n"
        "    message: 'coupon {code}'\n", encoding="utf-8")
    src = tmp_path / "src"
    src.mkdir()
    (src / "Promo.kt").write_text('val c = COUPON_SPRING24\n', encoding="utf-8")
    result = run("business", "analyze", src, "--rules", rules, "--format", "json")
    assert result.exit_code == 0, result.output
    found = [b for b in json.loads(result.stdout)["business_rules"] if b["rule"] == "my-coupon"]
    assert [(b["message"], b["line_number"]) for b in found] == [("coupon SPRING24", 1)]


@pytest.mark.parametrize("body, reason", [
    ("    pattern: '(?P<code>[A-Z'\n", "pattern does not compile"),
    ("    pattern: 'x'\n    colour: red\n", "unknown key 'colour'"),
    ("    pattern: '(?P<code>x)'\n    fields: {code: missing}\n", "names the group 'missing'"),
])
def test_analyze_rejects_an_invalid_rule_file_cleanly(analyzer, tmp_path, body, reason):
    rules = tmp_path / "broken.yaml"
    rules.write_text("rules:\n  - id: bad-rule\n    category: payments\n"
                     "    languages: [kotlin]\n" + body, encoding="utf-8")
    result = run("business", "analyze", APP, "--rules", rules)
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert str(rules) in message and "bad-rule" in message and reason in message
    assert "Traceback" not in result.output


def test_analyze_completes_over_binary_and_invalid_utf8(analyzer, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    # Invalid UTF-8 around a Retrofit endpoint, a file full of NULs, a binary image.
    (src / "Api.kt").write_bytes(b'// \xff\xfe caf\xe9\ninterface Api {\n'
                                 b'    @GET("v2/items/{id}") fun item(@Path("id") id: String)\n'
                                 b'}\n\x80\x81')
    (src / "Blob.kt").write_bytes(bytes(range(256)) * 64 + b'\0' * 4096)
    (src / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(1000))
    for fmt in ("table", "json", "sarif"):
        result = run("business", "analyze", src, "--format", fmt)
        assert result.exit_code == 0, result.output
    analysis = json.loads(run("business", "analyze", src, "--format", "json").stdout)
    endpoints = [(c["method"], c["path"]) for c in analysis["api_contracts"]]
    assert ("GET", "v2/items/{id}") in endpoints
    found = next(b for b in analysis["business_rules"] if b["rule"] == "retrofit-endpoint")
    assert (found["file"], found["line_number"]) == ("Api.kt", 3)


def test_saved_analysis_feeds_features_and_negative(analyzer, tmp_path):
    saved = tmp_path / "analysis.json"
    assert run("business", "analyze", APP, "--format", "json", "-o", saved).exit_code == 0
    out = tmp_path / "features"
    result = run("business", "features", saved, "-o", out)
    assert result.exit_code == 0, result.output
    for name in os.listdir(out):
        text = (out / name).read_text(encoding="utf-8")
        assert Parser().parse(text)["feature"] is not None, name
        assert sum(line.startswith("Feature:") for line in text.splitlines()) == 1
    result = run("business", "negative", saved, "--format", "json")
    assert result.exit_code == 0
    order = {"high": 0, "medium": 1, "low": 2}
    ranks = [(order[c["priority"]], c["id"]) for c in json.loads(result.stdout)]
    assert ranks == sorted(ranks)
