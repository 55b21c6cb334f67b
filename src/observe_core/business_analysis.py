"""The business-logic analysis (docs/business.md): rule matches turned into the original
export shape (business rules, API contracts, data models, state machines, user flows, edge
cases, negative test cases, mock data).

``build_analysis`` is a pure function of the rules, their matches and what was read: no I/O,
no clock, no randomness, so the same input gives the same dict (the native and pure-Python
backends are compared on it). Each section is built by one small function below; every
heuristic is documented in docs/business.md, section "Heuristics".
"""

from __future__ import annotations

import os
from collections import Counter
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ._python.rules import CATEGORIES, PLAN_CATEGORY, SEVERITIES, Rule
from .business_common import base_name
from .business_contracts import api_contracts, data_models
from .business_edges import edge_cases
from .business_flows import state_machines, user_flows
from .business_mocks import mock_data
from .business_negatives import negative_test_cases

VERSION = 1
PLAN_CATEGORIES = ("Validation", "Authentication", "StateManagement", "ErrorHandling",
                   "Integration")
APP_PLATFORMS = ("android", "ios", "react-native", "flutter")


def build_analysis(*, rules: Sequence[Rule], matches: Sequence[dict], errors: Sequence[dict],
                   limits: Sequence[dict], paths: Sequence[str], files_analyzed: int,
                   bytes_analyzed: int, root: Optional[str], backend: str, tool_version: str,
                   react_native_manifests: Iterable[str] = (),
                   lines: Optional[Mapping[Tuple[str, int], str]] = None) -> dict:
    """The analysis dict. ``matches`` carry display paths already (relative to the root,
    '/'-separated); ``paths`` are every file found (display paths), for the platform;
    ``lines`` maps (path, line) to the text of a validation match's line (the context of
    edge cases; without it the defaults apply)."""
    lines = lines or {}
    by_id = {r.id: r for r in rules}
    business = business_rules(by_id, matches)
    platform, platforms = detect_platform(paths, set(react_native_manifests))
    contracts = api_contracts(business)
    models = data_models(business)
    edges = edge_cases(business, lines)
    return {
        "version": VERSION,
        "tool": {"name": "observe-core", "version": tool_version},
        "root": root,
        "backend": backend,
        "platform": platform,
        "platforms": platforms,
        "files_analyzed": files_analyzed,
        "bytes_analyzed": bytes_analyzed,
        "rules": [rule_entry(r) for r in rules],
        "business_rules": business,
        "api_contracts": contracts,
        "data_models": models,
        "state_machines": state_machines(business),
        "user_flows": user_flows(business),
        "edge_cases": edges,
        "negative_test_cases": negative_test_cases(business, edges, contracts),
        "mock_data": mock_data(business, edges, contracts, models),
        "summary": summary(business),
        "diagnostics": {"errors": [dict(e) for e in errors], "limits": [dict(x) for x in limits]},
    }


# ---- rules and business rules --------------------------------------------------------------

def rule_entry(rule: Rule) -> dict:
    return {"id": rule.id, "category": rule.category,
            "plan_category": PLAN_CATEGORY[rule.category], "severity": rule.severity,
            "confidence": rule.confidence, "message": rule.message or rule.id,
            "source": rule.source}


def _message(rule: Rule, fields: dict) -> str:
    # A field that did not take part formats as an empty string, not "None".
    try:
        return (rule.message or rule.id).format(**{k: "" if v is None else v
                                                   for k, v in fields.items()})
    except (KeyError, IndexError, ValueError):
        return rule.message or rule.id


def business_rules(by_id: Mapping[str, Rule], matches: Sequence[dict]) -> List[dict]:
    out = []
    for n, m in enumerate(matches, 1):
        rule = by_id[m["rule"]]
        out.append({
            "id": f"BR-{n:04d}", "rule": rule.id, "category": rule.category,
            "plan_category": PLAN_CATEGORY[rule.category], "file": m["path"],
            "line_number": m["line"], "column": m["column"], "end_line": m["end_line"],
            "end_column": m["end_column"], "confidence": rule.confidence,
            "severity": rule.severity, "message": _message(rule, m["fields"]),
            "fields": dict(m["fields"]), "code_snippet": m["text"]})
    return out


# ---- platform ------------------------------------------------------------------------------

_PLATFORM_BY_EXT = {".kt": "android", ".kts": "android", ".java": "android",
                    ".swift": "ios", ".m": "ios", ".mm": "ios", ".plist": "ios",
                    ".tsx": "react-native", ".jsx": "react-native",
                    ".dart": "flutter", ".py": "backend"}
_JS_EXT = (".js", ".ts", ".mjs", ".cjs")


def _directory(path: str) -> str:
    p = path.replace("\\", "/")
    return p.rsplit("/", 1)[0] + "/" if "/" in p else ""


def _platform_of(path: str, rn_present: bool) -> Optional[str]:
    name = base_name(path)
    if name == "AndroidManifest.xml":
        return "android"
    if name == "pubspec.yaml":
        return "flutter"
    ext = os.path.splitext(name)[1].lower()
    if ext in _JS_EXT:
        return "react-native" if rn_present else None
    return _PLATFORM_BY_EXT.get(ext)


def detect_platform(paths: Sequence[str], rn_manifests: set) -> Tuple[str, Dict[str, int]]:
    """(platform, files per platform). Android and iOS files inside a Flutter or React
    Native project (below the directory of its pubspec.yaml / react-native package.json) are
    that project's host code and count for the framework."""
    hosts = sorted({(_directory(p), "flutter") for p in paths if base_name(p) == "pubspec.yaml"} |
                   {(_directory(p), "react-native") for p in rn_manifests})
    counts: Counter = Counter()
    for path in paths:
        platform = "react-native" if path in rn_manifests else _platform_of(path, bool(rn_manifests))
        if platform in ("android", "ios"):
            for directory, framework in hosts:
                if path.replace("\\", "/").startswith(directory):
                    platform = framework
                    break
        if platform:
            counts[platform] += 1
    apps = [p for p in APP_PLATFORMS if counts[p]]
    if len(apps) >= 2:
        platform = "mixed"
    elif apps:
        platform = apps[0]
    else:
        platform = "backend" if counts["backend"] else "unknown"
    order = APP_PLATFORMS + ("backend",)
    return platform, {p: counts[p] for p in order if counts[p]}


# ---- summary -------------------------------------------------------------------------------

def summary(business: Sequence[dict]) -> dict:
    cats = Counter(b["category"] for b in business)
    plans = Counter(b["plan_category"] for b in business)
    sev = Counter(b["severity"] for b in business)
    return {"total": len(business),
            "by_category": {c: cats[c] for c in CATEGORIES if cats[c]},
            "by_plan_category": {c: plans[c] for c in PLAN_CATEGORIES if plans[c]},
            "by_severity": {s: sev[s] for s in SEVERITIES if sev[s]}}

