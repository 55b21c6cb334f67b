"""The business-logic rule engine (docs/rules.md): a compiled rule set applied to files.

``RuleEngine(rules).match(data, path)`` returns the matches of docs/rules.md section 4. The
native backend runs every rule with PCRE2 (JIT) in C with the GIL released; the pure-Python
one (``_python/rule_match.py``) with ``re`` on bytes. Both give the same matches; where a rule
hits PCRE2's backtracking bound on a file, the native backend reports it in ``limits`` and
that rule stops there for the file, keeping the matches before (Python's ``re`` has no such
bound).
"""

from __future__ import annotations

from typing import List, Optional, Sequence

from . import _backend
from ._python.rule_match import TEXT_LIMIT, match_file
from ._python.rule_regions import language_of
from ._python.rules import LANGUAGES, REGIONS, Rule

_REGION_BITS = {name: 1 << i for i, name in enumerate(REGIONS)}


class RuleEngine:
    def __init__(self, rules: Sequence[Rule], backend: str = "auto"):
        self.rules = list(rules)
        self.backend = _backend.resolve(backend)
        self.limits: List[dict] = []          # the native backend's bound hits, last match()
        self._compiled = None
        if self.backend == "native":
            self._compiled = _backend._native.rules_compile([
                (r.id, r.pattern.encode("utf-8"),
                 sum(1 << LANGUAGES.index(lang) for lang in r.languages),
                 sum(_REGION_BITS[w] for w in r.where)) for r in self.rules])
            self._groups = [r.compiled().groupindex for r in self.rules]

    def match(self, data: bytes, path: str, language: Optional[str] = None) -> List[dict]:
        language = language or language_of(path)
        if self.backend == "python":
            return match_file(data, path, self.rules, language)
        raw, limits = _backend._native.rules_match(self._compiled, data, language)
        self.limits = [{"rule": self.rules[r].id, "path": path, "offset": offset,
                        "pcre2_error": code} for r, offset, code in limits]
        return [self._match_dict(data, path, m) for m in raw]

    def _match_dict(self, data: bytes, path: str, m) -> dict:
        index, start, end, line, column, end_line, end_column, offsets = m
        rule = self.rules[index]
        fields = {}
        for name, group in rule.fields:
            g = self._groups[index][group]
            a, b = offsets[2 * g - 2], offsets[2 * g - 1]
            fields[name] = None if a < 0 else data[a:b].decode("utf-8", "replace")
        return {"rule": rule.id, "path": path, "line": line, "column": column,
                "end_line": end_line, "end_column": end_column, "fields": fields,
                "text": data[start:end].decode("utf-8", "replace")[:TEXT_LIMIT]}
