"""Reports of a business-logic analysis: SARIF 2.1.0, Gherkin features, negative tests.

Every function here takes the plain analysis dict that ``BusinessLogicAnalyzer`` returns
(or that ``observe business analyze --format json`` wrote) and builds a new value from it;
nothing is read from disk, so a report made later from a saved analysis is the same as one
made right after the run. docs/reports.md describes the SARIF mapping and the Gherkin layout.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath
from typing import Dict, Iterable, List, Optional
from urllib.parse import quote

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")
SRCROOT = "SRCROOT"
# GitHub code scanning rejects a run with more results than this (docs/reports.md).
GITHUB_MAX_RESULTS = 25000
FINGERPRINT_KEY = "observeBusinessRule/v1"
PRIORITIES = ("high", "medium", "low")
CATEGORY_TITLES = {
    "validation": "Input validation", "authentication": "Authentication",
    "session": "Session handling", "permissions": "Permissions", "payments": "Payments",
    "api_endpoints": "API endpoints", "feature_flags": "Feature flags",
    "state_machines": "State machines", "error_handling": "Error handling",
    "deep_links": "Deep links", "navigation": "Navigation", "analytics": "Analytics events",
    "boundary_constants": "Boundary constants", "null_checks": "Null and empty checks",
}
OUTCOME_WORDS = {"accept": "accepted", "reject": "rejected"}


# ---------------------------------------------------------------------------------------
# SARIF

def to_sarif(analysis: dict) -> dict:
    """The analysis as a SARIF 2.1.0 log with one run, in the subset GitHub code scanning
    reads: every rule of the rule set as a reportingDescriptor, every business rule found
    as a result with its location and a stable fingerprint, read errors and backtracking
    limits as tool execution notifications."""
    rules = analysis.get("rules", [])
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    descriptors = [_descriptor(rule) for rule in rules]
    base = _uri_base(analysis.get("root"))
    results = []
    seen: Dict[tuple, int] = {}
    for found in analysis.get("business_rules", []):
        if found["rule"] not in index:          # a result must name a described rule
            index[found["rule"]] = len(descriptors)
            descriptors.append(_descriptor_of_result(found))
        results.append(_result(found, index[found["rule"]], base, seen))
    run = {
        "tool": {"driver": {"name": analysis.get("tool", {}).get("name", "observe-core"),
                            "version": str(analysis.get("tool", {}).get("version", "0")),
                            "rules": descriptors}},
        "invocations": [_invocation(analysis, base, index, len(results))],
        "originalUriBaseIds": {SRCROOT: base["description"]},
        "columnKind": "unicodeCodePoints",      # docs/rules.md 4: character columns
        "results": results,
        "properties": _run_properties(analysis),
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _descriptor(rule: dict) -> dict:
    category = rule.get("category", "")
    title = CATEGORY_TITLES.get(category, category)
    template = _placeholders_as_names(rule.get("message") or rule["id"])
    full = (f"{title}: a business rule a test should cover, found by the pattern "
            f"{rule['id']}. Reported as: {template}.")
    return {
        "id": rule["id"],
        "name": _pascal(rule["id"]),
        "shortDescription": {"text": _sarif_text(f"{title} ({rule['id']})")},
        "fullDescription": {"text": _sarif_text(full)},
        "help": {"text": _sarif_text(
            f"{full} The generated negative tests, boundary values and Gherkin scenarios "
            f"(observe business negative / features) cover this rule.")},
        "defaultConfiguration": {"level": _level(rule.get("severity"))},
        "properties": {
            "category": category,
            "plan_category": rule.get("plan_category"),
            "confidence": rule.get("confidence"),
            "precision": _precision(rule.get("confidence")),
            "tags": _tags(category, rule.get("plan_category")),
            "source": rule.get("source", ""),
        },
    }


def _descriptor_of_result(found: dict) -> dict:
    """A descriptor for a result whose rule the analysis did not list (hand-edited input)."""
    return _descriptor({"id": found["rule"], "category": found.get("category", ""),
                        "plan_category": found.get("plan_category"),
                        "confidence": found.get("confidence"),
                        "severity": found.get("severity"), "message": found["rule"]})


def _result(found: dict, rule_index: int, base: dict, seen: Dict[tuple, int]) -> dict:
    return {
        "ruleId": found["rule"],
        "ruleIndex": rule_index,
        "level": _level(found.get("severity")),
        "message": {"text": _sarif_text(found.get("message") or found["rule"])},
        "locations": [{"physicalLocation": {
            "artifactLocation": _artifact(found["file"], base),
            "region": _region(found)}}],
        "partialFingerprints": {FINGERPRINT_KEY: _fingerprint(found, seen)},
        "properties": {
            "business_rule": found.get("id"),
            "category": found.get("category"),
            "plan_category": found.get("plan_category"),
            "confidence": found.get("confidence"),
            "fields": found.get("fields", {}),
        },
    }


def _region(found: dict) -> dict:
    start_line, start_column = found["line_number"], found.get("column", 1)
    end_line = found.get("end_line", start_line)
    # SARIF's endColumn is the column after the region; ours is the last character's.
    end_column = found.get("end_column", start_column) + 1
    if end_line == start_line:
        end_column = max(end_column, start_column)
    region = {"startLine": start_line, "startColumn": start_column,
              "endLine": end_line, "endColumn": end_column}
    if found.get("code_snippet"):
        region["snippet"] = {"text": found["code_snippet"]}
    return region


def _fingerprint(found: dict, seen: Dict[tuple, int]) -> str:
    """The same finding keeps its fingerprint when lines move: rule, file, matched text and
    which occurrence of that text in the file it is, not the line number."""
    snippet = " ".join(str(found.get("code_snippet", "")).split())
    key = (found["rule"], found["file"], snippet)
    occurrence = seen.get(key, 0) + 1
    seen[key] = occurrence
    digest = hashlib.sha256("\0".join(key).encode("utf-8", "replace")).hexdigest()[:32]
    return f"{digest}:{occurrence}"


def _uri_base(root: Optional[str]) -> dict:
    """How result paths become URIs (docs/reports.md): relative to the working directory
    of the run when the root was given as a relative path inside it, which is what GitHub
    expects when the command runs at the repository root; relative to the root itself
    otherwise."""
    if root is None:
        return {"prefix": "", "description": {"description": {
            "text": "The paths of the sources analysed, as given."}}}
    if _is_absolute(root):
        uri = _file_uri(root)
        return {"prefix": "", "description": {"uri": uri if uri.endswith("/") else uri + "/"}}
    normal = posixpath.normpath(root.replace("\\", "/"))
    if normal == ".." or normal.startswith("../"):
        return {"prefix": "", "description": {"description": {
            "text": f"The directory analysed, given as {root}."}}}
    prefix = "" if normal == "." else normal + "/"
    return {"prefix": prefix, "description": {"description": {
        "text": f"The working directory of the analysis, which held {root}."}}}


def _is_absolute(path: str) -> bool:
    return PurePosixPath(path).is_absolute() or PureWindowsPath(path).is_absolute()


def _file_uri(path: str) -> str:
    if PureWindowsPath(path).drive:
        return PureWindowsPath(path).as_uri()
    return "file://" + quote(path.replace("\\", "/"))


def _artifact(file: str, base: dict) -> dict:
    if base["prefix"] == "" and _is_absolute(file):    # analyze_source with an absolute path
        return {"uri": _file_uri(file)}
    return {"uri": quote(base["prefix"] + file.replace("\\", "/")), "uriBaseId": SRCROOT}


def _invocation(analysis: dict, base: dict, rule_index: Dict[str, int], results: int) -> dict:
    diagnostics = analysis.get("diagnostics", {})
    notes = [_error_notification(e, base) for e in diagnostics.get("errors", [])]
    notes += [_limit_notification(x, base, rule_index) for x in diagnostics.get("limits", [])]
    if results > GITHUB_MAX_RESULTS:
        notes.append({"level": "warning", "descriptor": {"id": "too-many-results"},
                      "message": {"text": f"{results} results: GitHub code scanning accepts "
                                          f"at most {GITHUB_MAX_RESULTS} per run; narrow "
                                          f"the run with --category or --exclude."}})
    # Unreadable files and bounded rules are reported, but the run itself completed.
    return {"executionSuccessful": True, "toolExecutionNotifications": notes}


def _error_notification(error: dict, base: dict) -> dict:
    note = {"level": "error", "descriptor": {"id": str(error.get("code") or "error")},
            "message": {"text": _sarif_text(f"{error.get('path')}: {error.get('message')}")}}
    if error.get("path"):
        note["locations"] = [{"physicalLocation": {
            "artifactLocation": _artifact(_relative(error["path"], base), base)}}]
    return note


def _limit_notification(limit: dict, base: dict, rule_index: Dict[str, int]) -> dict:
    text = (f"rule {limit.get('rule')} reached the backtracking limit at byte "
            f"{limit.get('offset')} of {limit.get('path')} (PCRE2 error "
            f"{limit.get('pcre2_error')}); its later matches in that file are missing")
    note = {"level": "warning", "descriptor": {"id": "backtracking-limit"},
            "message": {"text": _sarif_text(text)},
            "locations": [{"physicalLocation": {
                "artifactLocation": _artifact(_relative(limit.get("path", ""), base), base)}}]}
    if limit.get("rule") in rule_index:
        note["associatedRule"] = {"id": limit["rule"], "index": rule_index[limit["rule"]]}
    return note


def _relative(path: str, base: dict) -> str:
    """A diagnostic's path (as walked: root joined with the file) relative to the root,
    so that it takes the same URI form as the results."""
    normal = path.replace("\\", "/")
    prefix = base["prefix"]
    if prefix and normal.startswith(prefix):
        return normal[len(prefix):]
    return normal


def _run_properties(analysis: dict) -> dict:
    keys = ("platform", "platforms", "backend", "files_analyzed", "bytes_analyzed", "summary")
    return {k: analysis[k] for k in keys if k in analysis}


def _level(severity: Optional[str]) -> str:
    return severity if severity in ("note", "warning", "error") else "note"


def _precision(confidence) -> str:
    """GitHub's precision scale from a rule's confidence."""
    if not isinstance(confidence, (int, float)):
        return "medium"
    if confidence >= 0.9:
        return "very-high"
    if confidence >= 0.8:
        return "high"
    if confidence >= 0.6:
        return "medium"
    return "low"


def _tags(category: str, plan_category: Optional[str]) -> List[str]:
    tags = ["business-logic", category]
    if plan_category:
        tags.append(plan_category)
    return [t for t in dict.fromkeys(tags) if t]


def _sarif_text(text: str) -> str:
    """SARIF 3.11.5: literal braces in a message are doubled (`{0}` is a placeholder), and
    API paths like `orders/{id}` are common here."""
    return str(text).replace("{", "{{").replace("}", "}}")


def _placeholders_as_names(template: str) -> str:
    """A rule's message template for a description: `{path}` becomes `<path>`."""
    return re.sub(r"\{(\w+)\}", r"<\1>", template)


def _pascal(rule_id: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", rule_id))


# ---------------------------------------------------------------------------------------
# Negative tests

def negative_tests(analysis: dict, priority: Optional[str] = None) -> List[dict]:
    """The analysis's negative test cases, high priority first, then by id; only one
    priority when ``priority`` is given."""
    if priority is not None and priority not in PRIORITIES:
        raise ValueError(f"unknown priority {priority!r}; choose one of {', '.join(PRIORITIES)}")
    cases = [c for c in analysis.get("negative_test_cases", [])
             if priority is None or c.get("priority") == priority]
    return sorted(cases, key=lambda c: (_priority_rank(c.get("priority")), str(c.get("id"))))


def _priority_rank(priority: Optional[str]) -> int:
    return PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)


# ---------------------------------------------------------------------------------------
# Gherkin

def gherkin_features(analysis: dict) -> Dict[str, str]:
    """file name -> Gherkin text: one Feature per user flow, then one per category for the
    boundary cases and negative tests whose business rule no flow covers. Names are
    deterministic slugs; a category with nothing to test gets no file."""
    by_rule = {br["id"]: br for br in analysis.get("business_rules", [])}
    features: Dict[str, str] = {}
    covered = set()
    all_negatives = negative_tests(analysis)
    for flow in analysis.get("user_flows", []):
        rules = set(flow.get("business_rules", []))
        covered |= rules
        edges = [e for e in analysis.get("edge_cases", []) if e.get("business_rule") in rules]
        negatives = [n for n in all_negatives if n.get("business_rule") in rules]
        name = _slug(f"{flow.get('id') or 'flow'} {flow.get('name') or ''}")
        features[_unique(features, name)] = _flow_feature(flow, edges, negatives, analysis)
    for category, (edges, negatives) in _uncovered_by_category(analysis, by_rule,
                                                                covered).items():
        name = f"category-{_slug(category)}"
        features[_unique(features, name)] = _category_feature(category, edges, negatives,
                                                              analysis)
    return features


def _uncovered_by_category(analysis: dict, by_rule: dict, covered: set) -> Dict[str, tuple]:
    groups: Dict[str, tuple] = {}
    for edge in analysis.get("edge_cases", []):
        if edge.get("business_rule") not in covered:
            category = by_rule.get(edge.get("business_rule"), {}).get("category", "validation")
            groups.setdefault(category, ([], []))[0].append(edge)
    for case in negative_tests(analysis):
        if case.get("business_rule") not in covered:
            groups.setdefault(case.get("category") or "other", ([], []))[1].append(case)
    order = list(CATEGORY_TITLES)
    return dict(sorted(groups.items(), key=lambda kv: (
        order.index(kv[0]) if kv[0] in order else len(order), kv[0])))


def _unique(existing: Dict[str, str], stem: str) -> str:
    stem = stem or "feature"
    name, n = f"{stem}.feature", 2
    while name in existing:
        name, n = f"{stem}-{n}.feature", n + 1
    return name


def _slug(text: str, limit: int = 80) -> str:
    """Lower-case ASCII letters, digits and hyphens: safe as a file name everywhere."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def _flow_feature(flow: dict, edges: list, negatives: list, analysis: dict) -> str:
    lines = _header(analysis, f"user flow {flow.get('id', '')}")
    lines.append(_tag_line(["flow", flow.get("id", ""), flow.get("category", "")]))
    lines.append(f"Feature: {_one_line(flow.get('name') or flow.get('id') or 'User flow')}")
    lines += _description([
        f"Category: {CATEGORY_TITLES.get(flow.get('category'), flow.get('category'))}",
        f"Business rules: {', '.join(flow.get('business_rules', [])) or 'none'}"])
    lines += _happy_path(flow)
    for edge in edges:
        lines += _edge_outline(edge)
    for case in negatives:
        lines += _negative_scenario(case)
    return "\n".join(lines).rstrip("\n") + "\n"


def _category_feature(category: str, edges: list, negatives: list, analysis: dict) -> str:
    title = CATEGORY_TITLES.get(category, category.replace("_", " ").capitalize())
    lines = _header(analysis, f"the {category} rules no user flow covers")
    lines.append(_tag_line(["category", category]))
    lines.append(f"Feature: Business rules: {_one_line(title)}")
    lines += _description([f"Business rules of category {category} outside every user flow"])
    for edge in edges:
        lines += _edge_outline(edge)
    for case in negatives:
        lines += _negative_scenario(case)
    return "\n".join(lines).rstrip("\n") + "\n"


def _header(analysis: dict, what: str) -> List[str]:
    tool = analysis.get("tool", {})
    made_by = _one_line(f"{tool.get('name', 'observe-core')} {tool.get('version', '')}")
    source = _one_line(analysis.get("root") or "the sources given")
    return [f"# Generated by {made_by} from {source}: {what}."]


def _description(lines: Iterable[str]) -> List[str]:
    # Each line starts with a fixed word, so none can be read as a Gherkin keyword.
    return [f"  {_one_line(line)}" for line in lines] + [""]


def _happy_path(flow: dict) -> List[str]:
    name = _one_line(flow.get("name") or flow.get("id"))
    lines = [_tag_line(["happy-path"], indent="  "),
             f"  Scenario: {name} succeeds",
             f"    Given the user starts the {_quoted(name)} flow"]
    for i, step in enumerate(flow.get("steps", [])):
        keyword = "When" if i == 0 else "And"
        lines.append(f"    {keyword} the user performs {_quoted(step.get('action') or 'an action')}"
                     f" on {_quoted(step.get('target') or 'the screen')}{_location(step)}")
    lines.append("    Then the flow completes without an error")
    return lines + [""]


# Comparison operators in words: readable, and no `<` in an outline's text.
OPERATOR_WORDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than",
                  "==": "equal to", "===": "equal to", "!=": "other than",
                  "!==": "other than"}


def _edge_outline(edge: dict) -> List[str]:
    subject = _outline_safe(edge.get("subject") or "the value")
    kind = _outline_safe(edge.get("kind") or "value")
    operator = str(edge.get("operator") or "")
    limit = _outline_safe(f"{OPERATOR_WORDS.get(operator, operator)} {edge.get('limit', '')}")
    title = _one_line(f"{edge.get('id', '')} {subject} {kind} around the limit {limit}")
    lines = [_tag_line(["boundary", edge.get("id", ""), edge.get("business_rule", "")],
                       indent="  "),
             f"  Scenario Outline: {title}",
             f"    Given the rule that {subject} is {limit} {_outline_safe(_location(edge))}"
             .rstrip(),
             f"    When {subject} has a {kind} of <value>",
             "    Then the input is <result>",
             "",
             "    Examples:"]
    values, expected = edge.get("test_values", {}), edge.get("expected", {})
    rows = [["case", "value", "result"]]
    for case in ("below", "at", "above"):
        if values.get(case) is not None:
            result = OUTCOME_WORDS.get(expected.get(case), expected.get(case) or "checked")
            rows.append([case, _cell(values[case]), _cell(result)])
    return lines + _table(rows, indent="      ") + [""]


def _table(rows: List[List[str]], indent: str) -> List[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [indent + "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths)) + " |"
            for row in rows]


def _negative_scenario(case: dict) -> List[str]:
    lines = [_tag_line(["negative", f"priority-{case.get('priority', '')}", case.get("id", ""),
                        case.get("business_rule", "")], indent="  "),
             f"  Scenario: {case.get('id', '')} {_one_line(case.get('title', ''))}".rstrip()]
    steps = [_step_text(s) for s in case.get("steps", [])] or ["the app is open"]
    for i, step in enumerate(steps):
        keyword = "Given" if i == 0 else ("When" if i == 1 else "And")
        lines.append(f"    {keyword} {step}")
    expected = _step_text(case.get("expected_result") or "the app refuses the input")
    lines.append(f"    Then {expected}")
    return lines + [""]


_KEYWORD = re.compile(r"^(given|when|then|and|but)\s+", re.IGNORECASE)


def _step_text(step) -> str:
    if isinstance(step, dict):
        step = step.get("text") or step.get("action") or " ".join(map(str, step.values()))
    # A step written as "When the user ..." keeps its words without doubling the keyword.
    text = _KEYWORD.sub("", _one_line(step)) or "the step runs"
    if text[:1].isupper() and text[1:2].islower():    # "Open the app" -> "open the app"
        text = text[0].lower() + text[1:]
    return text


def _quoted(text) -> str:
    return '"' + _one_line(text).replace('"', "'") + '"'


def _location(item: dict) -> str:
    if not item.get("file"):
        return ""
    line = f":{item['line_number']}" if item.get("line_number") else ""
    return f" ({_one_line(item['file'])}{line})"


def _tag_line(names: Iterable[str], indent: str = "") -> str:
    tags = [re.sub(r"[^A-Za-z0-9_.-]+", "-", str(n)).strip("-") for n in names if n]
    return indent + " ".join(f"@{t}" for t in dict.fromkeys(tags) if t)


def _one_line(text) -> str:
    return " ".join(str(text).split())


def _outline_safe(text) -> str:
    """Angle brackets are placeholders in a Scenario Outline; found text cannot have them."""
    return _one_line(text).replace("<", "(").replace(">", ")")


def _cell(value) -> str:
    """A table cell: Gherkin escapes `\\`, `|` and newlines with a backslash."""
    text = str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")
    return text


__all__ = ["to_sarif", "gherkin_features", "negative_tests", "SARIF_VERSION", "PRIORITIES"]
