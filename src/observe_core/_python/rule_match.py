"""Applying rules to one file's bytes, pure Python (docs/rules.md section 4): every match of
every rule for the file's language, kept when it starts in one of the rule's regions, with
its line, column and captured fields."""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, List, Optional

from .rule_regions import language_of, regions
from .rules import Rule

TEXT_LIMIT = 200


class _Positions:
    """Line and column of byte offsets (docs/rules.md 4: a column counts the bytes that are
    not UTF-8 continuation bytes, so it is the character column of valid UTF-8)."""

    def __init__(self, data: bytes):
        self.data = data
        self.starts = [0]
        at = data.find(b"\n")
        while at >= 0:
            self.starts.append(at + 1)
            at = data.find(b"\n", at + 1)

    def of(self, offset: int):
        line = bisect_right(self.starts, offset)
        begin = self.starts[line - 1]
        piece = self.data[begin:offset]
        continuation = sum(1 for b in piece if 0x80 <= b <= 0xBF)
        return line, 1 + len(piece) - continuation


def _region_at(spans, starts, offset: int) -> str:
    k = bisect_right(starts, offset) - 1
    if k >= 0 and offset < spans[k][1]:
        return spans[k][2]
    return "code"


def _decode(raw: Optional[bytes]) -> Optional[str]:
    return None if raw is None else raw.decode("utf-8", "replace")


def match_file(data: bytes, path: str, rules: Iterable[Rule],
               language: Optional[str] = None) -> List[dict]:
    """The matches of the rules that apply to the file's language, sorted by offset then
    rule id."""
    language = language or language_of(path)
    applicable = [r for r in rules if not r.languages or language in r.languages]
    if not applicable:
        return []
    spans = starts = None
    positions = _Positions(data)
    found = []
    for rule in applicable:
        everywhere = len(rule.where) == 3
        for m in rule.compiled().finditer(data):
            start = m.start()
            if not everywhere:
                if spans is None:
                    spans = regions(data, language)
                    starts = [s[0] for s in spans]
                if _region_at(spans, starts, start) not in rule.where:
                    continue
            line, column = positions.of(start)
            end_line, end_column = positions.of(max(start, m.end() - 1))
            found.append((start, rule.id, {
                "rule": rule.id, "path": path, "line": line, "column": column,
                "end_line": end_line, "end_column": end_column,
                "fields": {name: _decode(m.group(group)) for name, group in rule.fields},
                "text": _decode(m.group(0))[:TEXT_LIMIT]}))
    found.sort(key=lambda f: (f[0], f[1]))
    return [f[2] for f in found]
