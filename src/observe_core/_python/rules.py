"""Business-logic rules, pure Python: loading and checking rule files (docs/rules.md sections
1 and 2). The region scanner is rule_regions.py, the matcher rule_match.py."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

CATEGORIES = (
    "validation", "authentication", "session", "permissions", "payments", "api_endpoints",
    "feature_flags", "state_machines", "error_handling", "deep_links", "navigation",
    "analytics", "boundary_constants", "null_checks", "data_models",
)
# The original plan's five categories (BusinessLogicPattern), with their confidences.
PLAN_CATEGORY = {
    "validation": "Validation", "boundary_constants": "Validation", "null_checks": "Validation",
    "authentication": "Authentication", "session": "Authentication",
    "permissions": "Authentication",
    "state_machines": "StateManagement", "navigation": "StateManagement",
    "feature_flags": "StateManagement",
    "error_handling": "ErrorHandling",
    "api_endpoints": "Integration", "payments": "Integration", "analytics": "Integration",
    "deep_links": "Integration",
    # Data models are mostly the payloads exchanged with a backend (Codable, fromJson,
    # pydantic, Retrofit bodies): the integration surface, not the app's state.
    "data_models": "Integration",
}
LANGUAGES = ("kotlin", "java", "swift", "objc", "javascript", "typescript", "dart", "python",
             "xml", "yaml", "json")
SEVERITIES = ("note", "warning", "error")
REGIONS = ("code", "strings", "comments")
KEYS = {"id", "category", "languages", "pattern", "fields", "confidence", "severity",
        "message", "where"}
REQUIRED = ("id", "category", "languages", "pattern")
RULE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")

# Constructs PCRE2 and Python's re read differently or only one accepts (docs/rules.md 2),
# found outside character classes by _unportable().
_ESCAPES_PCRE_ONLY = set("KhHRXpPvVNCGzgkQE")


class RuleError(ValueError):
    """A rule file that cannot be used: ``where`` names the file and the rule."""

    def __init__(self, where: str, reason: str):
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    languages: Tuple[str, ...]      # () means any language
    pattern: str
    fields: Tuple[Tuple[str, str], ...] = ()   # (field, group), in file order
    confidence: float = 0.8
    severity: str = "note"
    message: str = ""
    where: Tuple[str, ...] = ("code",)
    source: str = ""                # the file it came from

    def compiled(self) -> "re.Pattern[bytes]":
        return _compile(self.pattern)


_CACHE: Dict[str, "re.Pattern[bytes]"] = {}


def _compile(pattern: str) -> "re.Pattern[bytes]":
    compiled = _CACHE.get(pattern)
    if compiled is None:
        compiled = _CACHE[pattern] = re.compile(pattern.encode("utf-8"))
    return compiled


def _unportable(pattern: str) -> Optional[str]:
    """The first construct of the pattern outside the portable subset, or None."""
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            if e == "Z" and not in_class:
                return "\\Z (means end of text in Python, end or before a final newline in PCRE2)"
            if e in _ESCAPES_PCRE_ONLY and not in_class:
                return f"\\{e} (PCRE2 only)"
            i += 2
            continue
        if in_class:
            if pattern.startswith("[:", i) and re.match(r"\[:\^?[a-z]+:\]", pattern[i:]):
                return "a POSIX class like [:alpha:] (literal characters in Python)"
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            # a "]" right after "[" or "[^" is a literal member
            if pattern.startswith("]", i + 1):
                i += 1
            elif pattern.startswith("^]", i + 1):
                i += 2
        elif c == "{" and re.match(r"\{,\d+\}", pattern[i:]):
            return "{,n} (a quantifier in Python, literal text in PCRE2): write {0,n}"
        elif pattern.startswith("(?", i) and not re.match(r"\(\?(?:P<|P=|:|=|!|<=|<!|#|>|"
                                                          r"[imsx-]+[:)])", pattern[i:]):
            return f"the group {pattern[i:i + 4]!r}... (not in both engines)"
        i += 1
    return None


def _check(cond: bool, where: str, reason: str) -> None:
    if not cond:
        raise RuleError(where, reason)


def _rule_from(raw, where: str, source: str) -> Rule:
    _check(isinstance(raw, dict), where, f"a rule is a mapping, not {type(raw).__name__}")
    rid = raw.get("id")
    if isinstance(rid, str) and RULE_ID.fullmatch(rid):
        where = f"{where} ({rid})"          # name the rule in every message from here on
    unknown = sorted(set(map(str, raw)) - KEYS)
    if unknown:
        raise RuleError(where, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(KEYS))})")
    for key in REQUIRED:
        _check(raw.get(key) is not None, where, f"missing {key!r}")
    rid = raw["id"]
    _check(isinstance(rid, str) and RULE_ID.fullmatch(rid) is not None, where,
           f"id {rid!r}: letters, digits, '.', '_' and '-' only")
    category = raw["category"]
    _check(category in CATEGORIES, where, f"unknown category {category!r}")
    langs = raw["languages"]
    _check(isinstance(langs, list) and langs and all(isinstance(x, str) for x in langs), where,
           "languages: a non-empty list of names")
    bad = [x for x in langs if x != "any" and x not in LANGUAGES]
    if bad:
        raise RuleError(where, f"unknown language {bad[0]!r}")
    pattern = raw["pattern"]
    _check(isinstance(pattern, str) and pattern != "", where, "pattern: a non-empty string")
    problem = _unportable(pattern)
    _check(problem is None, where, f"pattern uses {problem}")
    try:
        groups = _compile(pattern).groupindex
    except re.error as exc:
        raise RuleError(where, f"pattern does not compile: {exc}") from None
    fields = raw.get("fields") or {}
    _check(isinstance(fields, dict), where, "fields: a mapping of field -> group name")
    for field, group in fields.items():
        _check(isinstance(field, str) and isinstance(group, str), where,
               "fields: names are strings")
        _check(group in groups, where, f"field {field!r} names the group {group!r}, which the "
                                       f"pattern lacks (groups: {', '.join(groups) or 'none'})")
    confidence = raw.get("confidence", 0.8)
    _check(isinstance(confidence, (int, float)) and not isinstance(confidence, bool)
           and 0 <= confidence <= 1, where, f"confidence {confidence!r}: a number in [0, 1]")
    severity = raw.get("severity", "note")
    _check(severity in SEVERITIES, where, f"severity {severity!r}: one of {SEVERITIES}")
    message = raw.get("message", rid)
    _check(isinstance(message, str), where, "message: a string")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}
    except ValueError as exc:
        raise RuleError(where, f"message: {exc}") from None
    missing = sorted(names - set(fields))
    if missing:
        raise RuleError(where, f"message names {{{missing[0]}}}, not a field")
    regions = raw.get("where", ["code"])
    _check(isinstance(regions, list) and regions and all(r in REGIONS for r in regions), where,
           f"where: a non-empty list of {', '.join(REGIONS)}")
    return Rule(rid, category, tuple(x for x in langs if x != "any") if "any" not in langs
                else (), pattern, tuple(fields.items()), float(confidence), severity, message,
                tuple(dict.fromkeys(regions)), source)


def parse_rules(text: str, source: str) -> List[Rule]:
    """The rules of one YAML rule file's text; RuleError names the file and rule."""
    import yaml

    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{source}:{mark.line + 1}" if mark is not None else source
        raise RuleError(at, f"not valid YAML: {getattr(exc, 'problem', None) or exc}") from None
    _check(isinstance(doc, dict) and isinstance(doc.get("rules"), list), source,
           "expected a mapping with a 'rules' list")
    rules, seen = [], {}
    for index, raw in enumerate(doc["rules"]):
        rule = _rule_from(raw, f"{source}: rule {index + 1}", source)
        _check(rule.id not in seen, f"{source}: rule {index + 1} ({rule.id})",
               f"duplicate id (also rule {seen.get(rule.id, 0) + 1})")
        seen[rule.id] = index
        rules.append(rule)
    return rules


def load_rules(path: str) -> List[Rule]:
    with open(path, encoding="utf-8") as fh:
        return parse_rules(fh.read(), path)


def merge_rules(base: List[Rule], extra: List[Rule]) -> List[Rule]:
    """base with extra added; an extra rule with a base rule's id replaces it in place."""
    replace = {r.id: r for r in extra}
    out = [replace.pop(r.id, r) for r in base]
    return out + [r for r in extra if r.id in replace]
