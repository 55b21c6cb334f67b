"""Helpers the sections of the business-logic analysis share (business_analysis.py and the
business_*.py modules it calls)."""

from __future__ import annotations

from typing import List, Sequence

from ._python.rule_regions import language_of

MANIFEST_LANGUAGES = ("yaml", "json")      # dependency lists: no steps, no negative tests
TARGET_FIELDS = ("route", "uri", "host", "api", "name", "product", "policy", "segue", "key")


def is_manifest(path: str) -> bool:
    return language_of(path) in MANIFEST_LANGUAGES


def of_categories(business: Sequence[dict], *categories: str) -> List[dict]:
    return [b for b in business if b["category"] in categories]


def base_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def step_target(b: dict) -> str:
    f = b["fields"]
    if f.get("scheme"):
        return f"{f['scheme']}://{f.get('host') or ''}{f.get('path') or ''}"
    for name in TARGET_FIELDS:
        if f.get(name):
            return f[name]
    return b["message"]
