"""The business-logic rule engine (docs/rules.md): a compiled rule set applied to files.

``RuleEngine(rules).match(data, path)`` returns the matches of docs/rules.md section 4. The
native backend runs every rule with PCRE2 (JIT) in C with the GIL released; the pure-Python
one (``_python/rule_match.py``) with ``re`` on bytes. Both give the same matches; where a rule
hits PCRE2's backtracking bound on a file, the native backend reports it in ``limits`` and
that rule stops there for the file, keeping the matches before (Python's ``re`` has no such
bound).
"""

from __future__ import annotations

import errno
import os
from typing import List, Optional, Sequence, Tuple

from . import _backend
from ._python.rule_match import TEXT_LIMIT, match_file
from ._python.rule_regions import language_of
from ._python.rules import LANGUAGES, REGIONS, Rule

_REGION_BITS = {name: 1 << i for i, name in enumerate(REGIONS)}
# OSError -> the C reader's error codes (readfile.h)
_ERROR_CODES = {errno.ENOENT: "not-found", errno.EACCES: "permission-denied",
                errno.EPERM: "permission-denied", errno.EISDIR: "is-directory"}


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

    def match_files(self, paths: Sequence, jobs: int = 0) -> Tuple[List[dict], List[dict]]:
        """(matches, errors) of many files: the matches sorted by path (bytewise), offset and
        rule id; an error per file that could not be read (``path``, ``code``, ``message``),
        the other files going on. The native backend reads and matches on ``jobs`` threads
        (0: every core) without the GIL."""
        ordered = sorted((os.fsdecode(p) for p in paths), key=os.fsencode)
        matches, errors, limits = [], [], []
        if self.backend == "native":
            results = _backend._native.rules_match_files(self._compiled, ordered, jobs)
            for path, (raw, second, third) in zip(ordered, results):
                if raw is None:
                    errors.append({"path": path, "code": second, "message": third})
                    continue
                limits.extend({"rule": self.rules[r].id, "path": path, "offset": offset,
                               "pcre2_error": code} for r, offset, code in second)
                matches.extend(self._match_dict(third, path, m) for m in raw)
            self.limits = limits
            return matches, errors
        for path in ordered:
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError as exc:
                errors.append({"path": path, "code": _ERROR_CODES.get(exc.errno, "read-error"),
                               "message": os.strerror(exc.errno) if exc.errno else str(exc)})
                continue
            matches.extend(match_file(data, path, self.rules))
        return matches, errors

