"""Negative test cases of the business-logic analysis (docs/business.md, section
"Heuristics")."""

from __future__ import annotations

import re
from typing import Dict, List

from .business_common import is_manifest, step_target


_BASE_PRIORITY = {"authentication": "high", "session": "high", "payments": "high",
                  "permissions": "high", "validation": "medium", "api_endpoints": "medium",
                  "error_handling": "medium", "deep_links": "medium", "null_checks": "medium",
                  "feature_flags": "low"}
_SEVERITY_PRIORITY = {"error": "high", "warning": "medium", "note": "low"}
_RANK = {"low": 0, "medium": 1, "high": 2}


def _priority(b: dict) -> str:
    return max(_BASE_PRIORITY.get(b["category"], "low"), _SEVERITY_PRIORITY[b["severity"]],
               key=_RANK.__getitem__)


def _neg(b, title, steps, expected):
    return {"id": None, "title": title, "category": b["category"], "priority": _priority(b),
            "steps": steps, "expected_result": expected, "business_rule": b["id"],
            "file": b["file"], "line_number": b["line_number"]}


def _describe_value(edge: dict, value) -> str:
    if edge["kind"] in ("length", "count"):
        return f"a value of {edge['kind']} {value}"
    return str(value)


def _validation_negatives(b, edges):
    out = []
    for e in edges:
        for side in ("below", "at", "above"):
            if e["expected"][side] == "reject":
                v = e["test_values"][side]
                out.append(_neg(b, f"{e['subject']}: {_describe_value(e, v)} is rejected",
                                [f"Enter {_describe_value(e, v)} for {e['subject']}",
                                 "Submit the form or call the operation"],
                                f"Rejected: {e['subject']} must satisfy {e['kind']} "
                                f"{e['operator']} {e['limit']} ({e['id']})"))
    if not edges:
        f = b["fields"]
        if f.get("annotation") in ("NotBlank", "NotEmpty"):
            out.append(_neg(b, f"Empty value rejected ({b['message']})",
                            ["Leave the field empty", "Submit"], "Rejected as required"))
        elif f.get("regex") or f.get("api") or f.get("name") or "MATCHES" in b["code_snippet"] \
                or f.get("annotation") in ("Email", "Pattern"):
            out.append(_neg(b, f"Malformed value rejected ({b['message']})",
                            ["Enter a value that does not match the expected format", "Submit"],
                            "Rejected with a format error"))
        else:
            out.append(_neg(b, f"Value violating {b['message']} is rejected",
                            ["Enter a value outside the allowed range", "Submit"], "Rejected"))
    return out


_BIOMETRIC = re.compile(r"biometric|LAContext|local_auth|evaluatePolicy|simplePrompt|"
                        r"LocalAuthentication", re.I)
_STRIPE = re.compile(r"stripe|PaymentSheet|PaymentIntent|confirmPayment", re.I)


def _single_negative(b):
    """The negative test of a business rule of a category other than validation and API
    endpoints, or None."""
    cat, f, text = b["category"], b["fields"], b["code_snippet"]
    if cat == "authentication":
        if _BIOMETRIC.search(text):
            return _neg(b, "Biometric check fails", ["Start biometric unlock",
                        "Fail or cancel the biometric prompt"],
                        "Access stays locked; a fallback is offered")
        if "Bearer" in text:
            return _neg(b, "Request with an invalid token", ["Send the request with an "
                        "expired or forged bearer token"], "401: the user is asked to sign in")
        return _neg(b, f"Wrong password ({b['message']})", ["Enter a registered user name",
                    "Enter a wrong password", "Submit"],
                    "Sign-in refused with an error; no session is created")
    if cat == "session":
        return _neg(b, f"Expired session ({b['message']})", ["Sign in",
                    "Let the session expire or revoke the token", "Use the app"],
                    "The user is signed out or the token is refreshed; no data leaks")
    if cat == "payments":
        if _STRIPE.search(text):
            return _neg(b, f"Card declined ({b['message']})", ["Start a payment",
                        "Pay with a card that is declined (e.g. 4000 0000 0000 0002)"],
                        "The payment fails with a clear message; no order is confirmed")
        return _neg(b, f"Purchase cancelled ({b['message']})", ["Start the purchase",
                    "Cancel in the store sheet"], "Nothing is charged or unlocked")
    if cat == "permissions":
        name = f.get("name") or b["message"]
        return _neg(b, f"Permission denied: {name}", [f"Deny {name} when asked",
                    "Use the feature that needs it"],
                    "The app explains why and degrades gracefully; no crash")
    if cat == "deep_links":
        return _neg(b, f"Malformed deep link ({step_target(b)})", [f"Open a malformed link "
                    f"based on {step_target(b)} (missing or invalid parameters)"],
                    "The app opens a safe screen or an error, without crashing")
    if cat == "feature_flags":
        key = f.get("key") or b["message"]
        return _neg(b, f"Flag off: {key}", [f"Turn {key} off", "Open the gated feature"],
                    "The feature is hidden or falls back to the old behaviour")
    if cat == "error_handling":
        what = f.get("exception") or (f"HTTP {f['code']}" if f.get("code") else b["message"])
        return _neg(b, f"Handled error: {what}", [f"Make the operation fail with {what}"],
                    "The error is handled: a message or a retry, no crash")
    if cat == "null_checks":
        return _neg(b, f"Missing value ({b['message']})", ["Leave the value empty or null",
                    "Continue"], "Handled without a crash")
    return None


def _api_negatives(b, contract):
    where = f"{contract['method']} {contract['template']}"
    return [
        _neg(b, f"{where} answers 4xx", [f"Call {where} with invalid input or without "
             "authorization"], "A 4xx is handled: a message, no crash, no partial state"),
        _neg(b, f"{where} answers 5xx", [f"Make the server answer {where} with 500 or 503"],
             "A server error message or a retry; no crash"),
        _neg(b, f"{where} times out", [f"Delay the response to {where} beyond the timeout"],
             "A timeout message or a retry; the UI does not hang")]


def negative_test_cases(business, edges, contracts) -> List[dict]:
    edges_of: Dict[str, List[dict]] = {}
    for e in edges:
        edges_of.setdefault(e["business_rule"], []).append(e)
    contract_of = {c["business_rule"]: c for c in contracts}
    # a second rule reading the same comparison (its edge case merged away) adds nothing
    lines_with_edges = {(e["file"], e["line_number"]) for e in edges}
    out = []
    for b in business:
        if is_manifest(b["file"]):
            continue
        if b["category"] == "validation":
            mine = edges_of.get(b["id"], [])
            if mine or (b["file"], b["line_number"]) not in lines_with_edges:
                out.extend(_validation_negatives(b, mine))
        elif b["category"] == "api_endpoints":
            out.extend(_api_negatives(b, contract_of[b["id"]]))
        else:
            neg = _single_negative(b)
            if neg:
                out.append(neg)
    for n, neg in enumerate(out, 1):
        neg["id"] = f"NEG-{n:04d}"
    return out
