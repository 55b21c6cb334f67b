"""Applying rules to one file's bytes, pure Python (docs/rules.md section 4): every match of
every rule for the file's language, kept when it starts in one of the rule's regions, with
its line, column and captured fields."""

from __future__ import annotations

from bisect import bisect_right
from typing import Iterable, List, Optional

from .rule_regions import language_of, regions
from .rules import Rule

TEXT_LIMIT = 200


_CONTINUATION = bytes(range(0x80, 0xC0))


class _Cursor:
    """Line and column of ascending offsets (docs/rules.md 4: a column counts the bytes that
    are not UTF-8 continuation bytes, so it is the character column of valid UTF-8). Each
    step counts only the bytes since the previous offset, so one long line is not read
    again for every match on it."""

    def __init__(self, data: bytes):
        self.data, self.at, self.line, self.column = data, 0, 1, 1

    def advance(self, offset: int) -> "_Cursor":
        piece = self.data[self.at:offset]
        newlines = piece.count(b"\n")
        if newlines:
            self.line += newlines
            self.column = 1
            piece = piece[piece.rfind(b"\n") + 1:]
        self.column += len(piece.translate(None, _CONTINUATION))   # characters of valid UTF-8
        self.at = offset
        return self

    def copy(self) -> "_Cursor":
        other = _Cursor(self.data)
        other.at, other.line, other.column = self.at, self.line, self.column
        return other


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
            found.append((start, rule.id, m, rule))
    found.sort(key=lambda f: (f[0], f[1]))
    cursor = _Cursor(data)
    out = []
    for start, _, m, rule in found:
        cursor.advance(start)
        end = cursor.copy().advance(max(start, m.end() - 1))
        out.append({
            "rule": rule.id, "path": path, "line": cursor.line, "column": cursor.column,
            "end_line": end.line, "end_column": end.column,
            "fields": {name: _decode(m.group(group)) for name, group in rule.fields},
            "text": _decode(m.group(0))[:TEXT_LIMIT]})
    return out
