"""Edge cases of the business-logic analysis: boundary values n-1/n/n+1 of the limits found
in validation rules and constants (docs/business.md, section "Heuristics")."""

from __future__ import annotations

import re
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from .business_common import of_categories


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
        for b in of_categories(business, "boundary_constants"):
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
    for b in of_categories(business, "validation"):
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
