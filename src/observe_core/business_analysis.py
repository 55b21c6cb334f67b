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
import re
from collections import Counter
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

from ._python.rule_regions import language_of
from ._python.rules import CATEGORIES, PLAN_CATEGORY, SEVERITIES, Rule

VERSION = 1
PLAN_CATEGORIES = ("Validation", "Authentication", "StateManagement", "ErrorHandling",
                   "Integration")
APP_PLATFORMS = ("android", "ios", "react-native", "flutter")
MANIFEST_LANGUAGES = ("yaml", "json")      # dependency lists: no steps, no negative tests


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


def _is_manifest(path: str) -> bool:
    return language_of(path) in MANIFEST_LANGUAGES


def _of(business: Sequence[dict], *categories: str) -> List[dict]:
    return [b for b in business if b["category"] in categories]


# ---- platform ------------------------------------------------------------------------------

_PLATFORM_BY_EXT = {".kt": "android", ".kts": "android", ".java": "android",
                    ".swift": "ios", ".m": "ios", ".mm": "ios", ".plist": "ios",
                    ".tsx": "react-native", ".jsx": "react-native",
                    ".dart": "flutter", ".py": "backend"}
_JS_EXT = (".js", ".ts", ".mjs", ".cjs")


def _base(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def _directory(path: str) -> str:
    p = path.replace("\\", "/")
    return p.rsplit("/", 1)[0] + "/" if "/" in p else ""


def _platform_of(path: str, rn_present: bool) -> Optional[str]:
    name = _base(path)
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
    hosts = sorted({(_directory(p), "flutter") for p in paths if _base(p) == "pubspec.yaml"} |
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


# ---- API contracts -------------------------------------------------------------------------

_HOST = re.compile(r"^(?:[A-Za-z][\w+.-]*://[^/]*|\$\{[^}]*\}|\\\([^)]*\)|\$\w+)(?=/|$)")
_PARAM = re.compile(r"\{(\w+)\}|(?<=/):(\w+)|<(?:\w+:)?(\w+)>|\$\{(?:[\w.?!]*\.)?(\w+)\}"
                    r"|\\\((?:[\w.?!]*\.)?(\w+)\)|\$(\w+)")
_QUERY_NAME = re.compile(r"(?:^|&)([^=&#]+)=")
_BODY_PARAMS = ("Body", "Field", "FieldMap", "Part", "PartMap")


def _split_url(raw: str) -> Tuple[str, str]:
    """(path without scheme/host, query string)."""
    path, _, query = raw.partition("?")
    return _HOST.sub("", path), query


def _template(path: str) -> Tuple[str, List[str]]:
    """The path with every parameter written {name}, and the parameter names in order."""
    names: List[str] = []

    def repl(m):
        name = next(g for g in m.groups() if g)
        if name not in names:
            names.append(name)
        return "{" + name + "}"
    template = _PARAM.sub(repl, path)
    return ("/" + template.lstrip("/")) if template else "/", names


def api_contract(b: dict) -> dict:
    f = b["fields"]
    raw = f.get("path") or ""
    path, query = _split_url(raw)
    template, path_params = _template(path)
    query_params = [q for q in _QUERY_NAME.findall(query)]
    headers = []
    kind, param = f.get("param_kind"), f.get("param")
    if param:
        target = {"Path": path_params, "Query": query_params, "Header": headers}.get(kind)
        if target is not None and param not in target:
            target.append(param)
    method = (f.get("method") or "GET").upper()
    return {"method": method, "path": raw, "template": template,
            "path_parameters": path_params, "query_parameters": query_params,
            "header_parameters": headers,
            "body": kind in _BODY_PARAMS or method in ("POST", "PUT", "PATCH"),
            "function": f.get("function"), "file": b["file"], "line_number": b["line_number"],
            "rule": b["rule"], "business_rule": b["id"]}


def api_contracts(business: Sequence[dict]) -> List[dict]:
    return [api_contract(b) for b in _of(business, "api_endpoints")]


# ---- data models ---------------------------------------------------------------------------

_KOTLIN_PARAM = re.compile(r"(?:val|var)\s+(\w+)\s*:\s*([^=]+?)\s*(?:=.*)?$", re.S)
_JAVA_PARAM = re.compile(r"^(?:@\w+\s+)*(?:final\s+)?(.+?)\s+(\w+)$", re.S)
_SWIFT_FIELD = re.compile(r"(?:^|[;{\n])[ \t]*(?:(?:public|private|internal|fileprivate|"
                          r"static|@\w+)\s+)*(?:let|var)\s+(\w+)\s*:\s*([^=;{}\n]+)")
_TS_FIELD = re.compile(r"^\s*(?:readonly\s+)?(\w+)\??\s*:\s*(.+?)\s*,?\s*$", re.S)
_DART_FIELD = re.compile(r"\bfinal\s+([\w<>?, \[\]]+?)\s+(\w+)\s*;")
_PY_FIELD = re.compile(r"^(\w+)\s*:\s*([^=#\n]+?)\s*(?:=.*)?$")


def _split_top(text: str, seps: str = ",") -> List[str]:
    """Pieces of text split at seps outside <>, (), [] and {}."""
    pieces, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c in "<([{":
            depth += 1
        elif c in ">)]}":
            depth = max(0, depth - 1)
        elif c in seps and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _clean_type(t: str) -> str:
    t = " ".join(t.split()).rstrip(",;")
    return "object" if t.startswith("{") else t


def _fields_kotlin(body: str):
    for piece in _split_top(body):
        m = _KOTLIN_PARAM.search(re.sub(r"@[\w:.]+(?:\([^)]*\))?", "", piece))
        if m:
            yield m.group(1), _clean_type(m.group(2))


def _fields_java(body: str):
    for piece in _split_top(body):
        m = _JAVA_PARAM.match(" ".join(piece.split()))
        if m:
            yield m.group(2), _clean_type(m.group(1))


def _fields_swift(body: str):
    for m in _SWIFT_FIELD.finditer(body):
        yield m.group(1), _clean_type(m.group(2))


def _fields_typescript(body: str):
    for piece in _split_top(body, ";\n"):
        m = _TS_FIELD.match(piece)
        if m:
            yield m.group(1), _clean_type(m.group(2))


def _fields_dart(body: str):
    for m in _DART_FIELD.finditer(body):
        yield m.group(2), _clean_type(m.group(1))


_PY_KEYWORDS = {"else", "try", "finally", "except", "class", "def", "return", "if", "for",
                "while", "with", "elif", "lambda", "pass"}


def _fields_python(body: str):
    # Only the class body's own level: method bodies are indented deeper.
    rows = [r for r in body.split("\n") if r.strip() and not r.strip().startswith("#")]
    if not rows:
        return
    indent = min(len(r) - len(r.lstrip()) for r in rows)
    for r in rows:
        if len(r) - len(r.lstrip()) != indent:
            continue
        m = _PY_FIELD.match(r.strip())
        if m and m.group(1) not in _PY_KEYWORDS:
            yield m.group(1), _clean_type(m.group(2))


_FIELD_READERS = {"kotlin": _fields_kotlin, "java": _fields_java, "swift": _fields_swift,
                  "typescript": _fields_typescript, "javascript": _fields_typescript,
                  "dart": _fields_dart, "python": _fields_python}


def model_fields(body: Optional[str], language: Optional[str]) -> List[dict]:
    reader = _FIELD_READERS.get(language or "")
    if not body or reader is None:
        return []
    seen, out = set(), []
    for name, type_ in reader(body):
        if name not in seen:
            seen.add(name)
            out.append({"name": name, "type": type_ or None})
    return out


def data_models(business: Sequence[dict]) -> List[dict]:
    out = []
    for b in _of(business, "data_models"):
        f = b["fields"]
        out.append({"name": f.get("name") or b["message"],
                    "kind": " ".join((f.get("kind") or b["rule"]).split()),
                    "fields": model_fields(f.get("fields"), language_of(b["file"])),
                    "file": b["file"], "line_number": b["line_number"],
                    "business_rule": b["id"]})
    return out


# ---- state machines ------------------------------------------------------------------------

def _stem(path: str) -> str:
    return os.path.splitext(_base(path))[0]


def _new_machine(name, kind, b) -> dict:
    return {"name": name, "kind": kind, "states": [], "file": b["file"],
            "line_number": b["line_number"], "transitions": [], "business_rules": []}


class _Machines:
    """State machines by name; two declarations of one name in different files are two
    machines (a Kotlin and a Dart ``CartState``)."""

    def __init__(self):
        self.all: List[dict] = []
        self.by_name: Dict[str, List[dict]] = {}

    def find(self, name: str, path: str) -> Optional[dict]:
        """The machine of that name declared in the file, else the only one elsewhere."""
        found = self.by_name.get(name, [])
        here = [m for m in found if m["file"] == path]
        if here:
            return here[0]
        return found[0] if len(found) == 1 else None

    def get(self, name: str, kind: str, b: dict, how: str) -> dict:
        """The machine ``name`` for a business rule that declares it (how="declares": only
        a machine of the same file), has a member of it ("member": of the same file, else
        the only one) or refers to it ("refers": the same)."""
        if how == "declares":
            m = next((x for x in self.by_name.get(name, []) if x["file"] == b["file"]), None)
        else:
            m = self.find(name, b["file"])
        if m is None:
            m = _new_machine(name, kind, b)
            self.all.append(m)
            self.by_name.setdefault(name, []).append(m)
        elif how == "declares":
            m.update(kind=kind, line_number=b["line_number"])
        return m

    def declared_in(self, path: str) -> List[dict]:
        return [m for m in self.all if m["file"] == path and m["kind"] != "inferred"]


def _add_state(m, state, b, transition):
    if state not in m["states"]:
        m["states"].append(state)
    if transition:
        m["transitions"].append({"to": state, "file": b["file"],
                                 "line_number": b["line_number"], "business_rule": b["id"]})
    m["business_rules"].append(b["id"])


def state_machines(business: Sequence[dict]) -> List[dict]:
    """Declarations (a sealed type or enum: ``name``; a member: ``state`` with ``parent``)
    make machines; a transition to ``Parent.State`` joins Parent; a bare state joins, in
    order: a machine of the same file that has it, the only machine declared in the file
    (when the state is an identifier, not a reducer action such as 'cart/add'), a machine
    elsewhere that has it (only one), or a machine named after the file."""
    entries = _of(business, "state_machines")
    machines = _Machines()
    # Declarations first, so that transitions anywhere can find their machine.
    for b in entries:
        f = b["fields"]
        if f.get("parent") and f.get("state"):
            _add_state(machines.get(f["parent"], "sealed", b, "member"), f["state"], b, False)
        elif f.get("name") and not f.get("state"):
            kind = "sealed" if "sealed" in b["code_snippet"] else "enum"
            machines.get(f["name"], kind, b, "declares")["business_rules"].append(b["id"])
    for b in entries:
        f = b["fields"]
        state = f.get("state")
        if not state or f.get("parent"):
            continue
        if "." in state:
            parent, _, leaf = state.rpartition(".")
            _add_state(machines.get(parent.rsplit(".", 1)[-1], "inferred", b, "refers"), leaf, b,
                       True)
        else:
            _add_state(_home_of(state, b, machines), state, b, True)
    first = {b["id"]: n for n, b in enumerate(business)}
    return sorted(machines.all, key=lambda m: first[m["business_rules"][0]])


def _home_of(state: str, b: dict, machines: _Machines) -> dict:
    here = machines.declared_in(b["file"])
    for m in here:
        if state in m["states"]:
            return m
    if len(here) == 1 and re.fullmatch(r"\w+", state):
        return here[0]
    elsewhere = [m for m in machines.all if state in m["states"]]
    if len(elsewhere) == 1:
        return elsewhere[0]
    return machines.get(_stem(b["file"]), "inferred", b, "refers")


# ---- user flows ----------------------------------------------------------------------------

FLOW_CATEGORIES = ("authentication", "session", "payments", "deep_links", "navigation")
_ACTIONS = {"navigation": "navigate", "deep_links": "open link", "authentication":
            "authenticate", "session": "session", "payments": "pay"}
_TARGET_FIELDS = ("route", "uri", "host", "api", "name", "product", "policy", "segue", "key")


def _target(b: dict) -> str:
    f = b["fields"]
    if f.get("scheme"):
        return f"{f['scheme']}://{f.get('host') or ''}{f.get('path') or ''}"
    for name in _TARGET_FIELDS:
        if f.get(name):
            return f[name]
    return b["message"]


def user_flows(business: Sequence[dict]) -> List[dict]:
    """One flow per source file (a screen, a view model, a service) holding navigation, deep
    link, authentication, session or payment steps, the steps in source order; manifests'
    dependency lists are not steps."""
    by_file: Dict[str, List[dict]] = {}
    for b in _of(business, *FLOW_CATEGORIES):
        if not _is_manifest(b["file"]):
            by_file.setdefault(b["file"], []).append(b)
    flows = []
    for n, (path, steps) in enumerate(by_file.items(), 1):
        counts = Counter(s["category"] for s in steps)
        # the most frequent category; ties go to the earlier one in FLOW_CATEGORIES
        category = max(FLOW_CATEGORIES, key=lambda c: (counts[c], -FLOW_CATEGORIES.index(c)))
        flows.append({
            "id": f"FLOW-{n:02d}", "name": _stem(path), "category": category, "file": path,
            "steps": [{"action": _ACTIONS[s["category"]], "target": _target(s),
                       "category": s["category"], "file": s["file"],
                       "line_number": s["line_number"], "business_rule": s["id"]}
                      for s in steps],
            "business_rules": [s["id"] for s in steps]})
    return flows


# ---- edge cases ----------------------------------------------------------------------------

_NUMBER = re.compile(r'^"?(-?\d[\d_]*(?:\.\d+)?)[LlFfDd]?"?$')
_RANGE = re.compile(r"^(-?\d{1,9})\s*(\.\.<?|until)\s*(-?\d{1,9})$")
_MIN_WORDS = {"min", "minimum", "least", "floor"}
_MAX_WORDS = {"max", "maximum", "limit", "threshold", "cap", "ceiling", "most", "timeout",
              "ttl", "expiry"}
_ACCEPT_CONTEXT = re.compile(r"\b(?:require|check|assert|precondition|guard|while|for|"
                             r"return|expect)\b")
_LENGTH_TEXT = re.compile(r"\.(?:length|count|size|characters|utf16)\b|\blen\(")
_KIND_OPERATORS = {  # kind field -> (the comparison that holds for accepted values, measure)
    "ge": (">=", "value"), "gt": (">", "value"), "le": ("<=", "value"), "lt": ("<", "value"),
    "min_length": (">=", "length"), "max_length": ("<=", "length"),
    "min": (">=", "value"), "max": ("<=", "value"), "length": ("==", "length"),
    "minLength": (">=", "length"), "maxLength": ("<=", "length"),
    "maxLines": ("<=", "count"), "maxCount": ("<=", "count")}
_ANNOTATION_OPERATORS = {"Min": (">=", "value"), "Max": ("<=", "value"),
                         "DecimalMin": (">=", "value"), "DecimalMax": ("<=", "value")}
_SUBJECT_BEFORE = re.compile(r"^\s*(?:(?:val|var|let|const|final|public|private)\s+)*"
                             r"(\w+)\s*[:=]")


def parse_number(text: Optional[str]):
    """(value, decimals) of a numeric literal ('30L', '1_000', '0.01', '"5"'), else None."""
    if text is None:
        return None
    m = _NUMBER.match(text.strip())
    if not m:
        return None
    digits = m.group(1).replace("_", "")
    if "." in digits:
        decimals = len(digits.split(".")[1])
        return round(float(digits), decimals), decimals
    return int(digits), 0


def _words(name: str) -> List[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    return [w.lower() for w in re.split(r"[\s_.]+", spaced) if w]


def name_direction(name: Optional[str]) -> Optional[str]:
    """'min' or 'max' when the name says which side is the limit's (MIN_AGE, maxLines,
    DAILY_LIMIT_EUR, SESSION_TTL_MINUTES), else None."""
    words = set(_words(name or ""))
    if words & _MIN_WORDS:
        return "min"
    if words & _MAX_WORDS:
        return "max"
    return None


_CMP = {"<": lambda v, n: v < n, "<=": lambda v, n: v <= n, ">": lambda v, n: v > n,
        ">=": lambda v, n: v >= n, "==": lambda v, n: v == n, "!=": lambda v, n: v != n}


def _normal_op(op: str) -> Optional[str]:
    op = {"===": "==", "!==": "!="}.get(op, op)
    return op if op in _CMP else None


class _Constants:
    """Boundary constants by name, to resolve a limit written as a constant: the one of the
    same file, else the value every constant of that name in the tree agrees on."""

    def __init__(self, business: Sequence[dict]):
        self.by_name: Dict[str, List[dict]] = {}
        for b in _of(business, "boundary_constants"):
            name, value = b["fields"].get("name"), parse_number(b["fields"].get("value"))
            if name and value is not None:
                self.by_name.setdefault(name, []).append({"b": b, "value": value})

    def resolve(self, text: Optional[str], path: str):
        """((value, decimals), constant name or None, constant business rule or None)."""
        number = parse_number(text)
        if number is not None or not text:
            return number, None, None
        name = text.strip().rsplit(".", 1)[-1]
        found = self.by_name.get(name, [])
        here = [c for c in found if c["b"]["file"] == path]
        pick = here[0] if here else (found[0] if len({c["value"] for c in found}) == 1 and
                                     found else None)
        if pick is None:
            return None, name, None
        return pick["value"], name, pick["b"]["id"]


def _edge(b, subject, measure, number, operator, accept_when_true, basis, limit_name):
    value, decimals = number
    step = 1 if decimals == 0 else 10 ** -decimals
    values = {"below": round(value - step, decimals), "at": value,
              "above": round(value + step, decimals)}
    test = _CMP[_normal_op(operator)]
    expected = {k: "accept" if test(v, value) == accept_when_true else "reject"
                for k, v in values.items()}
    if measure in ("length", "count") and values["below"] < 0:
        values["below"] = expected["below"] = None      # no negative length
    return {"id": None, "subject": subject, "kind": measure, "limit": value,
            "operator": operator, "test_values": values, "expected": expected,
            "file": b["file"], "line_number": b["line_number"], "business_rule": b["id"],
            "limit_name": limit_name, "basis": basis}


def _line_parts(b: dict, lines) -> Tuple[str, str]:
    """(text before the match on its line, text after it when it ends there)."""
    text = lines.get((b["file"], b["line_number"]))
    if text is None:
        return "", ""
    before = text[:b["column"] - 1]
    after = text[b["end_column"]:] if b["end_line"] == b["line_number"] else ""
    return before, after


def _accepts_when_true(op, limit_name, limit, b, lines) -> Tuple[bool, str]:
    """Whether the comparison as written holds for accepted values, and on what basis
    (docs/business.md, "Edge cases"): the limit's name, then the line around the match."""
    direction = name_direction(limit_name)
    norm = _normal_op(op)
    if direction and norm in ("<", "<=", ">", ">="):
        true_side = "below" if norm in ("<", "<=") else "above"
        invalid_side = "below" if direction == "min" else "above"
        return true_side != invalid_side, "name"
    if (b["file"], b["line_number"]) not in lines:
        return False, "default"
    before, after = _line_parts(b, lines)
    if _ACCEPT_CONTEXT.search(before) or not before.strip():
        return True, "context"          # require(x > 0), guard, return ..., a bare expression
    if norm == "!=":
        return False, "default"         # `!= n` is written to refuse everything but n
    if norm == "==":
        return limit != 0, "default"    # `== 0` tests for empty, `== n` for the exact size
    if "&&" in before + after or re.search(r"\band\b", before + after):
        return True, "context"          # one of several conditions that all must hold
    return False, "default"             # guard clause: if (x < 8) return error


def _subject(b: dict, lines, fallback: str) -> str:
    subject = b["fields"].get("subject")
    if subject:
        return subject
    m = _SUBJECT_BEFORE.match(_line_parts(b, lines)[0])
    return m.group(1) if m else fallback


def _comparison_edges(b, constants, lines):
    f = b["fields"]
    limit = (f.get("limit") or "").strip()
    measure = "length" if _LENGTH_TEXT.search(b["code_snippet"]) else "value"
    subject = _subject(b, lines, b["message"])
    r = _RANGE.match(limit)
    if r:       # `x in a..b`, `!in a..b`, `a until b`: both ends, inclusive except until/..<
        upper_op = "<=" if r.group(2) == ".." else "<"
        return [_edge(b, subject, measure, parse_number(r.group(1)), ">=", True, "kind", None),
                _edge(b, subject, measure, parse_number(r.group(3)), upper_op, True, "kind",
                      None)], set()
    op = f.get("op")
    if not op or not _normal_op(op.strip()):
        return [], set()
    op = op.strip()
    number, name, const = constants.resolve(limit, b["file"])
    if number is None:
        return [], set()
    accept, basis = _accepts_when_true(op, name, number[0], b, lines)
    return [_edge(b, subject, measure, number, op, accept, basis, name)], {const} - {None}


def _kind_edges(b, constants, lines):
    f = b["fields"]
    operator, measure = _KIND_OPERATORS[f["kind"]]
    if f["kind"] in ("min", "max") and "string()" in "".join(_line_parts(b, lines)):
        measure = "length"          # zod z.string().min(8): a length
    number, name, const = constants.resolve(f.get("limit"), b["file"])
    if number is None:
        return [], set()
    subject = _subject(b, lines, f["kind"])
    return [_edge(b, subject, measure, number, operator, True, "kind", name)], {const} - {None}


def _annotation_edges(b, constants, lines):
    f = b["fields"]
    annotation, limit = f["annotation"], f.get("limit") or ""
    subject = _subject(b, lines, "@" + annotation)
    bounds = []
    if annotation in ("Size", "Length"):
        for key, op in (("min", ">="), ("max", "<=")):
            m = re.search(rf"\b{key}\s*=\s*([\w.\"]+)", limit)
            if m:
                bounds.append((m.group(1), op, "length"))
    elif annotation in _ANNOTATION_OPERATORS:
        op, measure = _ANNOTATION_OPERATORS[annotation]
        m = re.search(r"(?:value\s*=\s*)?(\"?-?[\w.]+\"?)", limit)
        strict = re.search(r"inclusive\s*=\s*false", limit)
        if m:
            bounds.append((m.group(1), op.replace("=", "") if strict else op, measure))
    elif annotation in ("Positive", "PositiveOrZero"):
        bounds.append(("0", ">" if annotation == "Positive" else ">=", "value"))
    edges, used = [], set()
    for text, op, measure in bounds:
        number, name, const = constants.resolve(text, b["file"])
        if number is not None:
            edges.append(_edge(b, subject, measure, number, op, True, "kind", name))
            used |= {const} - {None}
    return edges, used


def _validation_edges(b, constants, lines):
    f = b["fields"]
    if f.get("annotation"):
        return _annotation_edges(b, constants, lines)
    if f.get("kind") in _KIND_OPERATORS and f.get("limit"):
        return _kind_edges(b, constants, lines)
    if f.get("limit"):
        return _comparison_edges(b, constants, lines)
    return [], set()


def _constant_edge(b):
    name = b["fields"].get("name") or ""
    number = parse_number(b["fields"].get("value"))
    if number is None:
        return []
    direction = name_direction(name)
    # A constant that does not say min or max is read as an upper bound: timeouts, TTLs,
    # retry counts and page sizes are caps.
    op = ">=" if direction == "min" else "<="
    return [_edge(b, name, "value", number, op, True, "name" if direction else "default",
                  name)]


def _without_duplicates(edges: List[dict]) -> List[dict]:
    """One edge case per boundary: two rules reading the same comparison on one line
    (`password.length() < MIN` is a length check and a constant bound check) give one, with
    the shorter subject (`password` rather than `password.length`), at the first's place."""
    kept: Dict[tuple, int] = {}
    out: List[dict] = []
    for e in edges:
        key = (e["file"], e["line_number"], e["kind"], _normal_op(e["operator"]), e["limit"])
        if key not in kept:
            kept[key] = len(out)
            out.append(e)
        elif len(e["subject"]) < len(out[kept[key]]["subject"]):
            out[kept[key]] = e
    return out


def edge_cases(business: Sequence[dict], lines: Mapping[Tuple[str, int], str]) -> List[dict]:
    """Boundary test data n-1/n/n+1 for every validation with a numeric (or resolvable)
    limit, and for every boundary constant no such validation compares against."""
    constants = _Constants(business)
    found: Dict[str, List[dict]] = {}
    used = set()
    for b in _of(business, "validation"):
        edges, consts = _validation_edges(b, constants, lines)
        found[b["id"]] = edges
        used |= consts
    out = []
    for b in business:
        if b["category"] == "validation":
            out.extend(found[b["id"]])
        elif b["category"] == "boundary_constants" and b["id"] not in used:
            out.extend(_constant_edge(b))
    out = _without_duplicates(out)
    for n, e in enumerate(out, 1):
        e["id"] = f"EDGE-{n:04d}"
    return out


# ---- negative test cases -------------------------------------------------------------------

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
        return _neg(b, f"Malformed deep link ({_target(b)})", [f"Open a malformed link "
                    f"based on {_target(b)} (missing or invalid parameters)"],
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
        if _is_manifest(b["file"]):
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


# ---- mock data -----------------------------------------------------------------------------

LONG_STRING = 256      # longer length samples are written {"string_of_length": n}
_NUMERIC_PARAM = re.compile(r"(?i)^(page|size|limit|offset|count|since|lat|lng|lon|number|"
                            r"quantity|qty|amount)$")


def _length_sample(n: int):
    return "a" * n if n <= LONG_STRING else {"string_of_length": n}


def _field_samples(edges) -> List[dict]:
    """Valid and invalid values per validated field, one entry per (file, subject): the same
    name in two files may have two different rules."""
    fields: Dict[Tuple[str, str], dict] = {}
    for e in edges:
        entry = fields.setdefault((e["file"], e["subject"]), {
            "subject": e["subject"], "file": e["file"], "valid": [], "invalid": [],
            "edge_cases": []})
        entry["edge_cases"].append(e["id"])
        for side in ("below", "at", "above"):
            v, verdict = e["test_values"][side], e["expected"][side]
            if v is None:
                continue
            sample = _length_sample(v) if e["kind"] == "length" and isinstance(v, int) else v
            bucket = entry["valid" if verdict == "accept" else "invalid"]
            if sample not in bucket:
                bucket.append(sample)
    return list(fields.values())


def _param_sample(name: str):
    return 1 if _NUMERIC_PARAM.match(name) else f"{name}-1"


def _sample_requests(contracts) -> List[dict]:
    out = []
    for c in contracts:
        params = {p: _param_sample(p) for p in c["path_parameters"]}
        path = c["template"]
        for p, v in params.items():
            path = path.replace("{" + p + "}", str(v))
        out.append({"method": c["method"], "path": path, "path_parameters": params,
                    "query": {q: _param_sample(q) for q in c["query_parameters"]},
                    "headers": {h: f"{h}-1" for h in c["header_parameters"]},
                    "body": {} if c["body"] else None, "business_rule": c["business_rule"]})
    return out


_TYPE_SAMPLES = [
    (r"string|str|charsequence|nsstring", "text"),
    (r"int|long|short|integer|int64|int32|uint|number|bigint", 1),
    (r"double|float|decimal|bigdecimal|num|cgfloat", 1.5),
    (r"bool|boolean", True),
    (r"date|instant|localdatetime|datetime|timestamp", "2024-01-01T00:00:00Z"),
    (r"url|uri", "https://example.com/"),
]


def type_sample(type_: Optional[str], name: str = ""):
    """A sample value for a declared type, or None when the type is not a known scalar or
    a list of one."""
    if not type_:
        return None
    t = type_.strip().rstrip("?!").strip()
    for pattern in (r"^Optional\[(.+)\]$", r"^(.+?)\s*\|\s*(?:null|undefined|None)$"):
        m = re.match(pattern, t)
        if m:
            t = m.group(1).strip()
    for pattern in (r"^\[(.+)\]$", r"^(?:List|Array|MutableList|Sequence|Set)\s*[<\[](.+)[>\]]$",
                    r"^(.+)\[\]$"):
        m = re.match(pattern, t)
        if m:
            inner = type_sample(m.group(1), name)
            return [] if inner is None else [inner]
    for pattern, sample in _TYPE_SAMPLES:
        if re.fullmatch(pattern, t, re.I):
            if sample == "text":
                return "user@example.com" if "email" in name.lower() else f"{name or 'text'}-1"
            return sample
    return None


def _malformed(link: str) -> str:
    """The link with its parameters (or, without any, a last segment) made invalid."""
    if re.search(r"\{\w+\}", link):
        return re.sub(r"\{\w+\}", "%%%", link)
    return link + ("" if link.endswith("/") else "/") + "%%%"


def mock_data(business, edges, contracts, models) -> dict:
    flags = list(dict.fromkeys(b["fields"]["key"] for b in _of(business, "feature_flags")
                               if b["fields"].get("key")))
    products = list(dict.fromkeys(b["fields"]["product"] for b in _of(business, "payments")
                                  if b["fields"].get("product")))
    links = list(dict.fromkeys(_target(b) for b in _of(business, "deep_links")
                               if not _is_manifest(b["file"]) and "://" in _target(b)))
    return {
        "fields": _field_samples(edges),
        "api_requests": _sample_requests(contracts),
        "products": products,
        "feature_flags": {"all_on": {k: True for k in flags}, "all_off": {k: False for k in flags}},
        "deep_links": {"valid": links,
                       "malformed": list(dict.fromkeys(_malformed(u) for u in links))},
        "models": [{"name": m["name"], "file": m["file"], "business_rule": m["business_rule"],
                    "sample": {f["name"]: type_sample(f["type"], f["name"])
                               for f in m["fields"]}} for m in models],
    }


# ---- summary -------------------------------------------------------------------------------

def summary(business: Sequence[dict]) -> dict:
    cats = Counter(b["category"] for b in business)
    plans = Counter(b["plan_category"] for b in business)
    sev = Counter(b["severity"] for b in business)
    return {"total": len(business),
            "by_category": {c: cats[c] for c in CATEGORIES if cats[c]},
            "by_plan_category": {c: plans[c] for c in PLAN_CATEGORIES if plans[c]},
            "by_severity": {s: sev[s] for s in SEVERITIES if sev[s]}}
