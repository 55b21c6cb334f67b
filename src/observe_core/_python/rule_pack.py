"""The default rule pack (docs/rule_pack.md): the YAML files of ``observe_core/rules``, loaded
in sorted file-name order, with rule ids unique across the files."""

from __future__ import annotations

import os
from typing import List, Optional

from .rules import Rule, RuleError, parse_rules

PACK_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "rules")


def pack_files(directory: Optional[str] = None) -> List[str]:
    """The rule files of the pack, sorted by name."""
    directory = directory or PACK_DIR
    return [os.path.join(directory, name) for name in sorted(os.listdir(directory))
            if name.endswith((".yaml", ".yml"))]


def load_pack(directory: Optional[str] = None) -> List[Rule]:
    """Every rule of every file of the directory; RuleError on a bad file or an id defined by
    two files."""
    rules: List[Rule] = []
    seen = {}
    for path in pack_files(directory):
        with open(path, encoding="utf-8") as fh:
            loaded = parse_rules(fh.read(), os.path.basename(path))
        for rule in loaded:
            if rule.id in seen:
                raise RuleError(f"{rule.source} ({rule.id})",
                                f"duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = rule.source
        rules.extend(loaded)
    return rules


_DEFAULT: Optional[List[Rule]] = None


def default_rules() -> List[Rule]:
    """The default pack shipped inside the package (a fresh list; the rules are immutable)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_pack()
    return list(_DEFAULT)
