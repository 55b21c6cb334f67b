"""The business-logic analysis (docs/business.md) on the hand-written test app
(tests/data/business_app): expectations checked by hand against the source files, the same
dict from the native and the pure-Python backends (test app and a slice of the standard
library), the options of BusinessLogicAnalyzer and the original plan's compatibility classes."""

from __future__ import annotations

import json
import os

import pytest

import observe_core
from observe_core import (BusinessLogicAnalyzer, BusinessLogicPattern, NATIVE_AVAILABLE,
                          RustBusinessLogicAnalyzer)
from observe_core._python.rules import CATEGORIES, RuleError
from observe_core.business_edges import name_direction, parse_number
from observe_core.business_mocks import type_sample

APP = os.path.join(os.path.dirname(__file__), "data", "business_app")
BACKENDS = ["python"] + (["native"] if NATIVE_AVAILABLE else [])
KEYS = ["version", "tool", "root", "backend", "platform", "platforms", "files_analyzed",
        "bytes_analyzed", "rules", "business_rules", "api_contracts", "data_models",
        "state_machines", "user_flows", "edge_cases", "negative_test_cases", "mock_data",
        "summary", "diagnostics"]


@pytest.fixture(scope="module", params=BACKENDS)
def app(request):
    return BusinessLogicAnalyzer(backend=request.param).analyze_directory(APP)


def _at(items, file_end, line):
    return [x for x in items if x["file"].endswith(file_end) and x["line_number"] == line]


# ---- shape ---------------------------------------------------------------------------------

def test_the_shape_and_its_order(app):
    assert list(app) == KEYS
    assert app["version"] == 1
    assert app["tool"] == {"name": "observe-core", "version": observe_core.__version__}
    assert app["root"] == APP
    json.dumps(app)                                   # plain JSON
    assert app["diagnostics"] == {"errors": [], "limits": []}


def test_ids_are_sequential_and_unique(app):
    for key, prefix, width in (("business_rules", "BR", 4), ("edge_cases", "EDGE", 4),
                               ("negative_test_cases", "NEG", 4), ("user_flows", "FLOW", 2)):
        ids = [x["id"] for x in app[key]]
        assert ids == [f"{prefix}-{n:0{width}d}" for n in range(1, len(ids) + 1)], key
    known = {b["id"] for b in app["business_rules"]}
    for key in ("api_contracts", "data_models", "edge_cases", "negative_test_cases"):
        assert all(x["business_rule"] in known for x in app[key]), key


def test_business_rules_carry_file_line_and_fields(app):
    [b] = [b for b in _at(app["business_rules"], "PaymentsApi.java", 28)
           if b["category"] == "api_endpoints"]
    assert b["file"] == "android/app/src/main/java/com/shopkit/api/PaymentsApi.java"
    assert (b["rule"], b["plan_category"], b["column"]) == ("retrofit-endpoint", "Integration", 9)
    assert b["fields"]["path"] == "v2/payments/intents/{intentId}/confirm"
    assert b["code_snippet"].startswith('@POST("v2/payments/intents/{intentId}/confirm")')
    assert b["message"] == "POST v2/payments/intents/{intentId}/confirm"


def test_summary_counts_the_business_rules(app):
    s = app["summary"]
    assert s["total"] == len(app["business_rules"])
    assert sum(s["by_category"].values()) == s["total"]
    assert sum(s["by_plan_category"].values()) == s["total"]
    assert s["by_severity"] == {"note": s["total"]}   # every default rule is a note
    assert list(s["by_category"]) == [c for c in CATEGORIES if c in s["by_category"]]


# ---- platform ------------------------------------------------------------------------------

def test_platform_of_the_test_app(app):
    # counted by hand: android/ has 16 Kotlin/Java files and AndroidManifest.xml; ios/ 10
    # Swift/ObjC files and Info.plist; rn/ 9 TS/TSX files and package.json (react-native);
    # flutter/ 4 Dart files and pubspec.yaml; backend/ 4 Python files.
    assert app["platform"] == "mixed"
    assert app["platforms"] == {"android": 17, "ios": 11, "react-native": 10, "flutter": 5,
                                "backend": 4}


@pytest.mark.parametrize("files, expected", [
    ({"app/src/Main.kt": "", "app/AndroidManifest.xml": ""}, "android"),
    ({"A.swift": "", "Info.plist": ""}, "ios"),
    ({"server.py": ""}, "backend"),
    ({"README.md": ""}, "unknown"),
    ({"A.kt": "", "server.py": ""}, "android"),              # a backend is not an app platform
    ({"A.kt": "", "B.swift": ""}, "mixed"),
    ({"lib/main.dart": "", "pubspec.yaml": "name: x\n",       # host code of a Flutter app
      "android/app/MainActivity.kt": "", "ios/Runner/AppDelegate.swift": ""}, "flutter"),
    ({"package.json": '{"dependencies": {"react-native": "0.74"}}', "src/api.ts": "",
      "android/app/MainApplication.kt": ""}, "react-native"),
    ({"package.json": '{"dependencies": {"react": "18"}}', "src/api.ts": ""}, "unknown"),
])
def test_platform_heuristic(tmp_path, files, expected):
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    got = BusinessLogicAnalyzer(backend="python").analyze_directory(tmp_path)
    assert got["platform"] == expected


# ---- API contracts -------------------------------------------------------------------------

def test_api_contracts_hand_checked(app):
    contracts = app["api_contracts"]
    assert len(contracts) == 66           # the answer key's api_endpoints entries
    [c] = _at(contracts, "PaymentsApi.java", 28)
    assert (c["method"], c["template"], c["path_parameters"], c["query_parameters"],
            c["body"], c["function"]) == (
        "POST", "/v2/payments/intents/{intentId}/confirm", ["intentId"], [], True,
        "confirmIntent")
    [c] = _at(contracts, "PaymentsApi.java", 25)        # @Query("customer") String customerId
    assert (c["method"], c["query_parameters"], c["body"]) == ("GET", ["customer"], False)
    [c] = _at(contracts, "ShopApi.kt", 56)              # @Header("Idempotency-Key") key
    assert c["header_parameters"] == ["Idempotency-Key"] and c["body"] is True
    [c] = _at(contracts, "KtorClient.kt", 18)           # ...v2/stores?lat=$lat&lng=$lng
    assert (c["template"], c["path_parameters"], c["query_parameters"]) == (
        "/v2/stores", [], ["lat", "lng"])
    [c] = _at(contracts, "backend/app.py", 55)          # Flask <order_id>, methods=["DELETE"]
    assert (c["method"], c["template"], c["path_parameters"]) == (
        "DELETE", "/v2/orders/{order_id}", ["order_id"])
    [c] = _at(contracts, "APIClient.swift", 32)         # "\(baseURL)/v2/cart/items/\(itemID)"
    assert (c["method"], c["template"], c["path_parameters"]) == (
        "DELETE", "/v2/cart/items/{itemID}", ["itemID"])
    [c] = _at(contracts, "rn/src/api/client.ts", 30)    # api.get(`/v2/products/${id}`)
    assert (c["method"], c["template"], c["path_parameters"]) == (
        "GET", "/v2/products/{id}", ["id"])
    [c] = _at(contracts, "rn/src/api/client.ts", 83)    # fetch without options: GET
    assert (c["method"], c["path_parameters"]) == ("GET", ["storeId"])


# ---- data models ---------------------------------------------------------------------------

def test_data_models_hand_checked(app):
    models = app["data_models"]
    assert len(models) == 30              # the answer key's data_models entries
    [m] = _at(models, "Models.swift", 11)
    assert (m["name"], m["kind"]) == ("Order", "struct")
    assert m["fields"] == [{"name": "id", "type": "String"}, {"name": "total", "type": "Decimal"},
                           {"name": "items", "type": "[CartItem]"},
                           {"name": "placedAt", "type": "Date"}]
    [m] = _at(models, "backend/models.py", 14)          # the method masked() is no field
    assert m["name"] == "SignUpIn" and [f["name"] for f in m["fields"]] == [
        "email", "password", "display_name"]
    [m] = _at(models, "WalletRepository.kt", 29)        # parameters over several lines
    assert [(f["name"], f["type"]) for f in m["fields"]] == [
        ("balance", "BigDecimal"), ("loading", "Boolean"), ("error", "String?")]
    [m] = _at(models, "PaymentStateMachine.java", 19)
    assert (m["name"], m["kind"], m["fields"]) == (
        "Presenting", "record", [{"name": "clientSecret", "type": "String"}])
    [m] = _at(models, "flutter/lib/models/product.dart", 2)
    assert [f["name"] for f in m["fields"]] == ["id", "name", "priceCents"]
    names = {m["name"] for m in models}
    assert not names & {"PriceFormatter", "PriceLabel", "Helper", "Status", "Action"}  # decoys


# ---- state machines ------------------------------------------------------------------------

def _machine(app, name, file_end):
    [m] = [m for m in app["state_machines"] if m["name"] == name and
           m["file"].endswith(file_end)]
    return m


def test_state_machines_hand_checked(app):
    m = _machine(app, "CheckoutState", "CheckoutViewModel.kt")
    assert (m["kind"], m["line_number"]) == ("sealed", 21)
    assert m["states"] == ["Idle", "Validating", "Paying", "Confirmed", "Failed"]
    # _state.value = CheckoutState.X at lines 60, 70, 73, 78, 82, 88, 89, 90, 93
    assert [t["line_number"] for t in m["transitions"]] == [60, 70, 73, 78, 82, 88, 89, 90, 93]
    # Swift: the bare `.locked` etc. join the enum declared in the file, in source order
    m = _machine(app, "SessionState", "AuthService.swift")
    assert m["states"] == ["locked", "signingIn", "signedIn", "signedOut"]
    # two CartEvent types, Kotlin and Dart: two machines
    assert _machine(app, "CartEvent", "CheckoutViewModel.kt")["states"] == [
        "Add", "Remove", "Clear"]
    assert _machine(app, "CartEvent", "cart_bloc.dart")["states"] == ["AddItem", "ClearCart"]
    # Java `state = new Declined(...)` joins the sealed interface of the records
    assert _machine(app, "PaymentState", "PaymentStateMachine.java")["states"] == [
        "Idle", "Presenting", "Completed", "Declined"]
    # reducer actions are not states of the enum of their file
    assert _machine(app, "OrderStatus", "cartReducer.ts")["states"] == []
    assert _machine(app, "cartReducer", "cartReducer.ts")["states"] == [
        "cart/add", "cart/remove", "cart/checkout", "cart/paid", "cart/failed"]


# ---- user flows ----------------------------------------------------------------------------

def test_user_flows_hand_checked(app):
    [flow] = [f for f in app["user_flows"] if f["file"].endswith("LoginScreen.tsx")]
    assert flow["name"] == "LoginScreen" and flow["category"] == "navigation"
    assert [(s["action"], s["target"], s["line_number"]) for s in flow["steps"]] == [
        ("navigate", "Home", 43), ("authenticate", "simplePrompt", 50),
        ("navigate", "Home", 51), ("navigate", "ScanCard", 59),
        ("navigate", "ForgotPassword", 69)]
    [flow] = [f for f in app["user_flows"] if f["file"].endswith("AndroidManifest.xml")]
    assert [s["target"] for s in flow["steps"]] == ["https://shopkit.example/orders",
                                                    "shopkit://product"]
    files = [f["file"] for f in app["user_flows"]]
    assert not any(f.endswith(("package.json", "pubspec.yaml")) for f in files)
    for f in app["user_flows"]:
        lines = [s["line_number"] for s in f["steps"]]
        assert lines == sorted(lines)


# ---- edge cases ----------------------------------------------------------------------------

def _edges(app, file_end, line):
    return [(e["subject"], e["kind"], e["operator"], e["limit"], e["test_values"],
             e["expected"]) for e in _at(app["edge_cases"], file_end, line)]


A, R = "accept", "reject"


def test_edge_cases_hand_checked(app):
    # if (age < MIN_AGE) { toast("You must be 16 or older") }   MIN_AGE = 16
    assert _edges(app, "SignUpActivity.java", 66) == [
        ("age", "value", "<", 16, {"below": 15, "at": 16, "above": 17},
         {"below": R, "at": A, "above": A})]
    [e] = _at(app["edge_cases"], "SignUpActivity.java", 66)
    assert (e["limit_name"], e["basis"]) == ("MIN_AGE", "name")
    # @Size(min = 8, max = 64) on the password
    assert [x[2:] for x in _edges(app, "LoginValidator.java", 25)] == [
        (">=", 8, {"below": 7, "at": 8, "above": 9}, {"below": R, "at": A, "above": A}),
        ("<=", 64, {"below": 63, "at": 64, "above": 65}, {"below": A, "at": A, "above": R})]
    # couponCode.length !in 4..12
    assert [x[:4] for x in _edges(app, "CheckoutViewModel.kt", 69)] == [
        ("couponCode", "length", ">=", 4), ("couponCode", "length", "<=", 12)]
    # return coupon.count == 8: exactly 8
    assert _edges(app, "FormValidator.swift", 59)[0][4:] == (
        {"below": 7, "at": 8, "above": 9}, {"below": R, "at": A, "above": R})
    # for (attempt = 0; attempt < MAX_RETRIES; ...): MAX_RETRIES = 3 attempts
    assert _edges(app, "PaymentsApi.java", 49)[0][2:] == (
        "<", 3, {"below": 2, "at": 3, "above": 4}, {"below": A, "at": R, "above": R})
    # grantResults.length > 0 && ...: a length has no -1
    assert _edges(app, "PermissionsActivity.java", 42)[0][4:] == (
        {"below": None, "at": 0, "above": 1}, {"below": None, "at": R, "above": A})
    # if coupon is not None and len(coupon) != 8: raise ...
    assert _edges(app, "api_fastapi.py", 38)[0][5] == {"below": R, "at": A, "above": R}
    # rating: int = Field(ge=1, le=5): the subject comes from the line
    assert _edges(app, "api_fastapi.py", 16)[0][:4] == ("rating", "value", ">=", 1)


def test_one_edge_case_per_comparison(app):
    # password.length() < PASSWORD_MIN_LENGTH is matched by two rules: one edge case
    assert [x[0] for x in _edges(app, "LoginValidator.java", 41)] == ["password"]


def test_non_numeric_limits_give_no_edge_case(app):
    # if (text.length > max): `max` is a parameter, not a constant
    assert _edges(app, "Formatting.kt", 43) == []
    # @Pattern-like checks and regex validators have no number
    assert _edges(app, "LoginValidator.java", 18) == []


def test_constants_used_by_a_check_give_no_second_edge_case(app):
    # MIN_AGE = 16 (line 22) is the limit of the check at line 66
    assert _edges(app, "SignUpActivity.java", 22) == []
    # MAX_UPLOAD_MB = 10 is compared with nothing: its own edge case, as an upper bound
    assert _edges(app, "api_service.dart", 11) == [
        ("MAX_UPLOAD_MB", "value", "<=", 10, {"below": 9, "at": 10, "above": 11},
         {"below": A, "at": A, "above": R})]


def test_edge_case_helpers():
    assert parse_number("30L") == (30, 0) and parse_number("1_000_000L") == (1000000, 0)
    assert parse_number('"0.01"') == (0.01, 2) and parse_number("MAX") is None
    assert name_direction("MIN_ORDER_TOTAL_CENTS") == "min"
    assert name_direction("maxQuantityPerItem") == "max"
    assert name_direction("DAILY_LIMIT_EUR") == "max"
    assert name_direction("POLL_INTERVAL_SECONDS") is None
    assert type_sample("[CartItem]") == [] and type_sample("List<Int>") == [1]
    assert type_sample("String?", "email") == "user@example.com"
    assert type_sample("Optional[str]", "name") == "name-1"


# ---- negative test cases and mock data -----------------------------------------------------

def test_negative_test_cases_hand_checked(app):
    negs = app["negative_test_cases"]
    titles = [n["title"] for n in _at(negs, "PaymentsApi.java", 28)]
    assert titles == ["POST /v2/payments/intents/{intentId}/confirm answers 4xx",
                      "POST /v2/payments/intents/{intentId}/confirm answers 5xx",
                      "POST /v2/payments/intents/{intentId}/confirm times out"]
    [n] = _at(negs, "AndroidManifest.xml", 7)
    assert (n["title"], n["priority"], n["category"]) == (
        "Permission denied: android.permission.CAMERA", "high", "permissions")
    [n] = _at(negs, "FeatureFlags.kt", 21)
    assert (n["title"], n["priority"]) == ("Flag off: new_checkout_enabled", "low")
    [n] = _at(negs, "SignUpActivity.java", 66)             # only 15 is rejected
    assert (n["title"], n["priority"]) == ("age: 15 is rejected", "medium")
    [n] = _at(negs, "checkout.ts", 25)                     # presentPaymentSheet (Stripe)
    assert n["title"].startswith("Card declined")
    [n] = _at(negs, "CheckoutView.swift", 49)              # plus.purchase() (StoreKit)
    assert n["title"].startswith("Purchase cancelled")
    assert not [n for n in negs if n["file"].endswith(("package.json", "pubspec.yaml"))]


def test_mock_data_hand_checked(app):
    md = app["mock_data"]
    [req] = [r for r in md["api_requests"] if r["path"].startswith("/v2/payments/intents/")]
    assert req == {"method": "POST", "path": "/v2/payments/intents/intentId-1/confirm",
                   "path_parameters": {"intentId": "intentId-1"}, "query": {}, "headers": {},
                   "body": {}, "business_rule": req["business_rule"]}
    assert md["products"] == ["shopkit_plus_monthly", "shopkit_plus_yearly"]
    assert md["feature_flags"]["all_on"]["new_checkout_enabled"] is True
    assert md["feature_flags"]["all_off"]["one-click-buy"] is False
    [age] = [f for f in md["fields"] if f["subject"] == "age" and
             f["file"].endswith("SignUpActivity.java")]
    assert (age["valid"], age["invalid"]) == ([16, 17], [15])
    [pw] = [f for f in md["fields"] if f["subject"] == "password" and
            f["file"].endswith("LoginScreen.tsx")]
    assert "a" * 7 in pw["invalid"] and "a" * 8 in pw["valid"] and "a" * 65 in pw["invalid"]
    [order] = [m for m in md["models"] if m["name"] == "Order" and m["file"].endswith(".swift")]
    assert order["sample"] == {"id": "id-1", "total": 1.5, "items": [],
                               "placedAt": "2024-01-01T00:00:00Z"}
    assert "shopkit://product/%%%" in md["deep_links"]["malformed"]


# ---- backends ------------------------------------------------------------------------------

def _without_backend(analysis):
    return {k: v for k, v in analysis.items() if k != "backend"}


@pytest.mark.skipif(not NATIVE_AVAILABLE, reason="the C extension is not built")
def test_native_and_python_give_the_same_analysis_of_the_test_app():
    native = BusinessLogicAnalyzer(backend="native").analyze_directory(APP)
    python = BusinessLogicAnalyzer(backend="python").analyze_directory(APP)
    assert (native["backend"], python["backend"]) == ("native", "python")
    assert _without_backend(native) == _without_backend(python)


@pytest.mark.skipif(not NATIVE_AVAILABLE, reason="the C extension is not built")
@pytest.mark.not_under_asan
def test_native_and_python_give_the_same_analysis_of_stdlib_packages():
    import email
    import json as json_module
    roots = [os.path.dirname(json_module.__file__), os.path.dirname(email.__file__)]
    paths = sorted(os.path.join(d, n) for r in roots for d, _, ns in os.walk(r) for n in ns
                   if n.endswith(".py"))
    base = os.path.dirname(roots[0])
    native = BusinessLogicAnalyzer(backend="native").analyze_files(paths, root=base)
    python = BusinessLogicAnalyzer(backend="python").analyze_files(paths, root=base)
    assert native["business_rules"], "the slice should hold some business rules"
    assert _without_backend(native) == _without_backend(python)
    assert native["platform"] == "backend"


# ---- options -------------------------------------------------------------------------------

def test_categories_filter_the_rules(app):
    got = BusinessLogicAnalyzer(categories="payments, validation",
                                backend="python").analyze_directory(APP)
    assert {r["category"] for r in got["rules"]} == {"payments", "validation"}
    assert {b["category"] for b in got["business_rules"]} == {"payments", "validation"}
    expected = [b for b in app["business_rules"] if b["category"] in ("payments", "validation")]
    assert [(b["file"], b["line_number"], b["rule"]) for b in got["business_rules"]] == [
        (b["file"], b["line_number"], b["rule"]) for b in expected]
    with pytest.raises(ValueError, match="unknown category 'payment'"):
        BusinessLogicAnalyzer(categories=["payment"])


def test_user_rule_files_add_and_replace(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "rules:\n"
        "  - {id: upper-constant, category: boundary_constants, languages: [kotlin],\n"
        "     pattern: 'const\\s+val\\s+(?P<name>LIMIT_\\w{1,20})\\s{0,3}=\\s{0,3}(?P<value>\\d{1,9})',\n"
        "     fields: {name: name, value: value}}\n"
        "  - {id: todo-comment, category: error_handling, languages: [any],\n"
        "     pattern: 'TODO', where: [comments]}\n")
    analyzer = BusinessLogicAnalyzer(rule_files=[tmp_path / "mine.yaml"], backend="python")
    ids = [r.id for r in analyzer.rules]
    assert ids.count("upper-constant") == 1 and ids[-1] == "todo-comment"
    got = analyzer.analyze_source("const val LIMIT_X = 5\nconst val MAX_Y = 3 // TODO\n",
                                  "A.kt")
    assert [(b["rule"], b["line_number"]) for b in got["business_rules"]] == [
        ("upper-constant", 1), ("todo-comment", 2)]
    [rule] = [r for r in got["rules"] if r["id"] == "upper-constant"]
    assert rule["source"] == str(tmp_path / "mine.yaml")


def test_an_invalid_rule_file_names_file_rule_and_reason(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rules:\n  - {id: broken, category: payments, languages: [kotlin],"
                   " pattern: '(unclosed'}\n")
    with pytest.raises(RuleError) as info:
        BusinessLogicAnalyzer(rule_files=[bad])
    assert str(bad) in str(info.value) and "(broken)" in str(info.value)
    assert "does not compile" in str(info.value)
    with pytest.raises(RuleError, match="cannot read the rule file"):
        BusinessLogicAnalyzer(rule_files=[tmp_path / "missing.yaml"])


@pytest.mark.parametrize("backend", BACKENDS)
def test_analyze_source(backend):
    source = (b'interface Api {\n'
              b'    @GET("v1/items/{id}") fun item(@Path("id") id: String): Item\n}\n')
    got = BusinessLogicAnalyzer(backend=backend).analyze_source(source, "src/Api.kt")
    assert got["root"] is None and got["platform"] == "android"
    assert (got["files_analyzed"], got["bytes_analyzed"]) == (1, 16 + 65 + 2)
    [c] = got["api_contracts"]
    assert (c["file"], c["line_number"], c["template"], c["path_parameters"]) == (
        "src/Api.kt", 2, "/v1/items/{id}", ["id"])


def test_analyze_files_with_and_without_root():
    paths = [os.path.join(APP, "backend", "app.py"), os.path.join(APP, "rn", "package.json")]
    rel = BusinessLogicAnalyzer(backend="python").analyze_files(paths, root=APP)
    assert {b["file"] for b in rel["business_rules"]} == {"backend/app.py", "rn/package.json"}
    assert rel["platform"] == "react-native" and rel["platforms"] == {
        "react-native": 1, "backend": 1}
    absolute = BusinessLogicAnalyzer(backend="python").analyze_files(paths)
    assert {b["file"] for b in absolute["business_rules"]} == set(paths)


def test_files_no_rule_covers_are_not_read(tmp_path):
    (tmp_path / "notes.txt").write_text("if (password.length < 8) return")
    (tmp_path / "A.kt").write_text("if (password.length < 8) return\n")
    got = BusinessLogicAnalyzer(backend="python").analyze_directory(tmp_path)
    assert got["files_analyzed"] == 1 and got["bytes_analyzed"] == 32
    assert [b["file"] for b in got["business_rules"]] == ["A.kt"]


# ---- compatibility -------------------------------------------------------------------------

def test_rust_business_logic_analyzer_accumulates():
    analyzer = RustBusinessLogicAnalyzer(backend="python")
    assert len(analyzer) == 0 and analyzer.get_statistics() == {
        "total_patterns": 0, "avg_confidence": 0.0, "by_category": {}}
    first = analyzer.analyze_file("Login.kt", "fun login(email: String) {\n"
                                              "    if (password.length < 8) return\n}\n")
    assert [(p.name, p.category, p.confidence, p.line_number) for p in first] == [
        ("auth-function", "Authentication", 0.85, 1), ("length-check", "Validation", 0.8, 2)]
    assert first[1] == BusinessLogicPattern("length-check", "Validation", 0.8, "Login.kt", 2,
                                            "password.length < 8")
    second = analyzer.analyze_file("Api.kt", 'try { x() } catch (e: IOException) { }\n')
    assert [(p.category, p.confidence) for p in second] == [("ErrorHandling", 0.9)]
    assert len(analyzer) == 3
    assert [p.name for p in analyzer.get_patterns_by_category("Validation")] == ["length-check"]
    stats = analyzer.get_statistics()
    assert stats["total_patterns"] == 3
    assert stats["avg_confidence"] == pytest.approx((0.85 + 0.8 + 0.9) / 3)
    assert stats["by_category"] == {"Validation": 1, "Authentication": 1, "ErrorHandling": 1}
    patterns = analyzer.get_patterns()
    patterns.clear()                                   # a copy
    assert len(analyzer) == 3
    analyzer.clear()
    assert len(analyzer) == 0 and analyzer.get_patterns() == []


def test_rust_business_logic_analyzer_reads_the_file_when_no_source(tmp_path):
    path = tmp_path / "Flags.kt"
    path.write_text('val on = remoteConfig.getBoolean("new_checkout")\n')
    [p] = RustBusinessLogicAnalyzer(backend="python").analyze_file(path)
    assert (p.category, p.confidence, p.file_path) == ("StateManagement", 0.75, str(path))
