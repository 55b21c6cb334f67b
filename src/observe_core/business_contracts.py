"""API contracts and data models of the business-logic analysis (docs/business.md,
section "Heuristics")."""

from __future__ import annotations

import re
from typing import List, Optional, Sequence, Tuple

from ._python.rule_regions import language_of
from .business_common import of_categories


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
    return [api_contract(b) for b in of_categories(business, "api_endpoints")]


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
    for b in of_categories(business, "data_models"):
        f = b["fields"]
        out.append({"name": f.get("name") or b["message"],
                    "kind": " ".join((f.get("kind") or b["rule"]).split()),
                    "fields": model_fields(f.get("fields"), language_of(b["file"])),
                    "file": b["file"], "line_number": b["line_number"],
                    "business_rule": b["id"]})
    return out
