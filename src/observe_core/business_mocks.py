"""Mock data of the business-logic analysis (docs/business.md, section "Heuristics")."""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from .business_common import is_manifest, of_categories, step_target


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
    flags = list(dict.fromkeys(b["fields"]["key"] for b in of_categories(business, "feature_flags")
                               if b["fields"].get("key")))
    products = list(dict.fromkeys(b["fields"]["product"] for b in of_categories(business, "payments")
                                  if b["fields"].get("product")))
    links = list(dict.fromkeys(step_target(b) for b in of_categories(business, "deep_links")
                               if not is_manifest(b["file"]) and "://" in step_target(b)))
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
