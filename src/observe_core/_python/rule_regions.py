"""Which bytes of a source file are code, strings or comments (docs/rules.md section 3), so a
rule can be kept out of comments or look only inside strings.

``regions(data, language)`` returns the string and comment spans ``[(start, end, kind)]`` in
order; every other byte is code. One scanner serves every language, driven by the table
``SYNTAX``; it jumps between interesting bytes with a regex, and keeps an explicit stack for
string templates with code inside (``"${a + "b"}"``, ``"\\(x)"``, `` `${f(`x`)}` ``), so deep
nesting needs no recursion.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple


@dataclass(frozen=True)
class Quote:
    """One kind of string literal: its opener and closer, whether it may span lines, whether a
    backslash escapes, and the sequence that opens code inside it (and the byte closing it)."""

    open: bytes
    close: bytes
    multiline: bool = False
    escapes: bool = True
    interp: Optional[Tuple[bytes, bytes]] = None     # e.g. (b"${", b"}"), (b"\\(", b")")


@dataclass(frozen=True)
class Syntax:
    line_comments: Tuple[bytes, ...] = ()
    block: Optional[Tuple[bytes, bytes]] = None
    nested_block: bool = False
    quotes: Tuple[Quote, ...] = ()          # tried in order: longer openers first
    line_comment_needs_space: bool = False  # YAML: "#" starts a comment at a line start or
                                            # after a space only
    ident_before_quote_ok: bool = True      # False: a quote glued to a name is not a string


def _q(open_, close=None, **kw):
    return Quote(open_.encode(), (close or open_).encode(), **kw)


_C_COMMENTS = dict(line_comments=(b"//",), block=(b"/*", b"*/"))
DOLLAR = (b"${", b"}")
SYNTAX: Dict[str, Syntax] = {
    "kotlin": Syntax(**_C_COMMENTS, nested_block=True, quotes=(
        _q('"""', multiline=True, escapes=False, interp=DOLLAR), _q('"', interp=DOLLAR),
        _q("'"))),
    "java": Syntax(**_C_COMMENTS, quotes=(_q('"""', multiline=True), _q('"'), _q("'"))),
    "swift": Syntax(**_C_COMMENTS, nested_block=True, quotes=(
        _q('#"""', '"""#', multiline=True, escapes=False), _q('#"', '"#', escapes=False),
        _q('"""', multiline=True, interp=(b"\\(", b")")), _q('"', interp=(b"\\(", b")")))),
    "objc": Syntax(**_C_COMMENTS, quotes=(_q('"'), _q("'"))),
    "javascript": Syntax(**_C_COMMENTS, quotes=(
        _q("`", multiline=True, interp=DOLLAR), _q('"'), _q("'"))),
    "dart": Syntax(**_C_COMMENTS, nested_block=True, quotes=(
        _q('r"""', '"""', multiline=True, escapes=False),
        _q("r'''", "'''", multiline=True, escapes=False),
        _q('r"', '"', escapes=False), _q("r'", "'", escapes=False),
        _q('"""', multiline=True, interp=DOLLAR), _q("'''", multiline=True, interp=DOLLAR),
        _q('"', interp=DOLLAR), _q("'", interp=DOLLAR))),
    "python": Syntax(line_comments=(b"#",), quotes=(
        _q('"""', multiline=True), _q("'''", multiline=True), _q('"'), _q("'"))),
    "xml": Syntax(block=(b"<!--", b"-->")),
    "yaml": Syntax(line_comments=(b"#",), line_comment_needs_space=True),
    "json": Syntax(quotes=(_q('"'),)),
}
SYNTAX["typescript"] = SYNTAX["javascript"]

EXTENSIONS = {
    ".kt": "kotlin", ".kts": "kotlin", ".java": "java", ".swift": "swift", ".m": "objc",
    ".mm": "objc", ".js": "javascript", ".jsx": "javascript", ".mjs": "javascript",
    ".cjs": "javascript", ".ts": "typescript", ".tsx": "typescript", ".dart": "dart",
    ".py": "python", ".xml": "xml", ".plist": "xml", ".yaml": "yaml", ".yml": "yaml",
    ".json": "json",
}


def language_of(path: str) -> Optional[str]:
    return EXTENSIONS.get(os.path.splitext(path)[1].lower())


_IDENT = re.compile(rb"[A-Za-z0-9_$]")


@dataclass
class _Scanner:
    syntax: Syntax
    code_jump: "re.Pattern[bytes]" = field(init=False)

    def __post_init__(self):
        s = self.syntax
        tokens = list(s.line_comments) + ([s.block[0]] if s.block else [])
        tokens += [q.open for q in s.quotes] + [b"{", b"}", b"(", b")"]
        self.code_jump = re.compile(b"|".join(re.escape(t) for t in tokens))


_SCANNERS: Dict[str, _Scanner] = {}


def regions(data: bytes, language: Optional[str]) -> List[Tuple[int, int, str]]:
    """The spans of strings and comments of data, in order."""
    syntax = SYNTAX.get(language or "")
    if syntax is None:
        return []
    scanner = _SCANNERS.get(language) or _SCANNERS.setdefault(language, _Scanner(syntax))
    return _scan(data, syntax, scanner.code_jump)


def _opening_quote(data: bytes, pos: int, syntax: Syntax) -> Optional[Quote]:
    for q in syntax.quotes:
        if data.startswith(q.open, pos):
            # a raw-string prefix (r"..." in Dart) must not be the end of a name
            if q.open[:1].isalpha() and pos > 0 and _IDENT.match(data, pos - 1):
                continue
            return q
    return None


def _skip_block(data: bytes, pos: int, syntax: Syntax) -> int:
    """The end of the block comment opening at pos (nested where the language nests them);
    the end of data when it is not closed."""
    open_, close = syntax.block
    i, depth = pos + len(open_), 1
    while depth:
        c = data.find(close, i)
        if c < 0:
            return len(data)
        o = data.find(open_, i) if syntax.nested_block else -1
        if 0 <= o < c:
            depth, i = depth + 1, o + len(open_)
        else:
            depth, i = depth - 1, c + len(close)
    return i


_STRING_JUMPS: Dict[Quote, "re.Pattern[bytes]"] = {}


def _string_jump(quote: Quote) -> "re.Pattern[bytes]":
    """The next byte that may end the string or open code inside it."""
    jump = _STRING_JUMPS.get(quote)
    if jump is None:
        tokens = [quote.close] + ([quote.interp[0]] if quote.interp else [])
        tokens += [b"\\"] if quote.escapes else []
        tokens += [] if quote.multiline else [b"\n"]
        jump = _STRING_JUMPS[quote] = re.compile(b"|".join(re.escape(t) for t in tokens))
    return jump


def _scan(data: bytes, syntax: Syntax, code_jump) -> List[Tuple[int, int, str]]:
    spans: List[Tuple[int, int, str]] = []
    # stack entries: ("str", quote) or ("code", closer, depth); empty stack = top-level code
    stack: list = []
    start = 0          # where the outermost open string began
    pos, n = 0, len(data)
    while pos < n:
        top = stack[-1] if stack else None
        if top is None or top[0] == "code":
            m = code_jump.search(data, pos)
            if not m:
                break
            pos, tok = m.start(), m.group()
            if tok in (b"{", b"}", b"(", b")"):
                if top is not None:             # code inside a string: find its end
                    closer, depth = top[1], top[2]
                    if tok == closer:
                        if depth == 0:
                            stack.pop()
                        else:
                            stack[-1] = ("code", closer, depth - 1)
                    elif tok == (b"{" if closer == b"}" else b"("):
                        stack[-1] = ("code", closer, depth + 1)
                pos += 1
                continue
            if tok in syntax.line_comments:
                if syntax.line_comment_needs_space and pos > 0 and data[pos - 1:pos] not in (
                        b" ", b"\t", b"\n"):
                    pos += 1
                    continue
                end = data.find(b"\n", pos)
                end = n if end < 0 else end
                if top is None:
                    spans.append((pos, end, "comments"))
                pos = end
                continue
            if syntax.block and tok == syntax.block[0]:
                end = _skip_block(data, pos, syntax)
                if top is None:
                    spans.append((pos, end, "comments"))
                pos = end
                continue
            quote = _opening_quote(data, pos, syntax)
            if quote is None:
                pos += 1
                continue
            if top is None:
                start = pos
            stack.append(("str", quote))
            pos += len(quote.open)
            continue
        quote = top[1]                      # inside a string
        m = _string_jump(quote).search(data, pos)
        while m and quote.escapes and m.group() == b"\\" and not (
                quote.interp and data.startswith(quote.interp[0], m.start())):
            m = _string_jump(quote).search(data, m.start() + 2)     # an escaped byte
        if not m:
            pos = n
            break
        i = m.start()
        if quote.interp and data.startswith(quote.interp[0], i):
            stack.append(("code", quote.interp[1], 0))
            pos = i + len(quote.interp[0])
            continue
        stack.pop()                         # closed, or a line end ends a one-line string
        pos = i + (len(quote.close) if data.startswith(quote.close, i) else 0)
        if not stack:
            spans.append((start, pos, "strings"))
    if stack:                               # an unterminated string runs to the end
        spans.append((start, n, "strings"))
    return spans
