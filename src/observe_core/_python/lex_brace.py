"""Tokenizer of the brace languages: Kotlin, Java, Swift, JavaScript/JSX, TypeScript/TSX,
Objective-C and Dart.

This module is the executable form of ``docs/lexers.md``: the native twin
(``src/libobserve/lex_brace.c``) must yield exactly the same tokens, line flags and
diagnostics.  It is written to be read next to the specification; it is still linear in time
(regular expressions find the ends of runs, every byte is looked at a bounded number of times)
and iterative (templates, JSX elements and nested comments live on explicit stacks, so 100,000
levels of nesting cost memory, never the Python stack).

Public API::

    tokenize(data: bytes, language: str, jsx: bool = False) -> LexResult
    language_of(path) -> (language, jsx) or None
    LANGUAGES   # name -> Language table
    ALIASES     # alias -> name

Positions: lines are 1-based and split on ``\\n``, ``\\r\\n`` and lone ``\\r``; columns are
0-based byte offsets in the line; a UTF-8 BOM is skipped first (offsets are BOM-free).
"""

from __future__ import annotations

import gc
import os
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Dict, FrozenSet, List, NamedTuple, Optional, Tuple

__all__ = ["tokenize", "language_of", "Token", "LexResult", "Language", "StringForm",
           "LANGUAGES", "ALIASES", "EXTENSIONS", "LINE_CODE", "LINE_COMMENT", "LINE_JSX"]


class Token(NamedTuple):
    kind: str       # name number string op regex jsx_text interp_open interp_close directive
    text: str       # the source bytes, decoded as UTF-8 with "replace"
    line: int       # 1-based line of the first byte
    col: int        # 0-based byte offset of the first byte in its line
    end_line: int   # line of the last byte (the start line for an empty token)


_new_token = tuple.__new__   # Token(...) without the keyword-argument machinery


class LexResult(NamedTuple):
    tokens: List[Token]
    line_flags: bytearray     # index = 1-based physical line; LINE_CODE, LINE_COMMENT, LINE_JSX
    diagnostics: List[dict]   # {"line", "column", "code", "message"}, sorted by position


LINE_CODE = 1      # a token covers the line
LINE_COMMENT = 2   # a comment touches the line
LINE_JSX = 4       # the line's break is JSX markup: between a tag's tokens or in children

BINARY_PROBE = 8000   # bytes searched for a NUL, as src/libobserve/analyze_file.c does
_BOM = b"\xef\xbb\xbf"


# ---------------------------------------------------------------------------------------------
# Per-language tables
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StringForm:
    """One way to write a string (or character, or Swift regex) literal.

    ``escape`` is the byte sequence that starts an escape (``\\``, or ``\\#`` for a Swift raw
    string with one ``#``); None means no escapes.  An escape takes the next byte (a ``\\r\\n``
    pair as one).  ``template``: None, ``"dollar"`` (``${code}`` and ``$name``), ``"brace"``
    (``${code}`` only) or ``"paren"`` (escape then ``(``: Swift's ``\\(code)``).
    ``quote_run``: Kotlin's raw-string end, where a run of three or more quotes closes the
    string with its last three quotes.
    """
    opener: bytes
    closer: bytes
    escape: Optional[bytes]
    multiline: bool
    template: Optional[str] = None
    quote_run: bool = False
    stop: "re.Pattern" = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # The bytes the string scan must stop at: everything else is plain text.
        stops = {self.closer[:1]}
        if self.escape is not None:
            stops.add(self.escape[:1])
        if self.template in ("dollar", "brace"):
            stops.add(b"$")
        if not self.multiline:
            stops.update((b"\n", b"\r"))
        klass = b"".join(re.escape(s) for s in sorted(stops))
        object.__setattr__(self, "stop", re.compile(b"[" + klass + b"]"))


_START_OTHER, _START_NAME, _START_OP, _START_DIGIT = range(4)


def _ops(*groups: str) -> FrozenSet[bytes]:
    return frozenset(op.encode() for group in groups for op in group.split())


_COMMON_OPS = "== != <= >= && || ++ -- += -= *= /= %= &= |= ^= << >> <<= >>= ->"


@dataclass(frozen=True)
class Language:
    name: str
    strings: Tuple[StringForm, ...]        # static openers (Swift raw strings are built on demand)
    operators: FrozenSet[bytes]            # multi-byte operators; any other byte is a 1-byte op
    nested_comments: bool = False
    dollar_names: bool = False             # `$` is a name character
    backtick_names: bool = False           # `name` is one name token (Kotlin, Swift)
    sign_names: bytes = b""                # b"#" (Swift) / b"@" (Objective-C) glued to a name
    swift_raw: bool = False                # #"..."#, #"""..."""#, #/regex/#
    raw_prefix: bool = False               # Dart r'...'
    regex: bool = False                    # JavaScript / TypeScript regex literals and JSX
    qdot_digit: bool = False               # `?.` is not an operator before a digit
    directives: bool = False               # Objective-C preprocessor lines
    generic_arrows: bool = False           # TSX: <T,>(x) => ... and <T extends U>(x) => ...
    openers: Dict[int, Tuple[StringForm, ...]] = field(init=False, repr=False, compare=False)
    name_re: "re.Pattern" = field(init=False, repr=False, compare=False)
    by_length: Tuple[FrozenSet[bytes], ...] = field(init=False, repr=False, compare=False)
    first_byte: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        openers: Dict[int, List[StringForm]] = {}
        for form in sorted(self.strings, key=lambda f: -len(f.opener)):  # longest first
            openers.setdefault(form.opener[0], []).append(form)
        object.__setattr__(self, "openers", {k: tuple(v) for k, v in openers.items()})
        dollar = b"$" if self.dollar_names else b""
        object.__setattr__(self, "name_re", re.compile(
            b"[A-Za-z_" + dollar + b"\x80-\xff][A-Za-z0-9_" + dollar + b"\x80-\xff]*"))
        object.__setattr__(self, "by_length", tuple(
            frozenset(op for op in self.operators if len(op) == size) for size in (4, 3, 2)))
        # What a byte can start (a speed shortcut of _Lexer.code; _START_OTHER: ask the chain).
        classes = bytearray(256)
        special = set(b"/.#@`<'\"") | set(openers) | set(self.sign_names)
        for byte in range(256):
            if byte in special or byte in b" \t\n\r\f\v":
                classes[byte] = _START_OTHER
            elif byte in b"0123456789":
                classes[byte] = _START_DIGIT
            elif self.name_re.match(bytes((byte,))):
                classes[byte] = _START_NAME
            else:
                classes[byte] = _START_OP
        object.__setattr__(self, "first_byte", bytes(classes))


def _one_line(quote: str, template=None) -> StringForm:
    q = quote.encode()
    return StringForm(q, q, b"\\", False, template)


KOTLIN = Language(
    "kotlin",
    strings=(StringForm(b'"""', b'"""', None, True, "dollar", quote_run=True),
             _one_line('"', "dollar"), _one_line("'")),
    operators=_ops(_COMMON_OPS, "=== !== ?. ?: !! :: .. ..< ..."),
    nested_comments=True, dollar_names=True, backtick_names=True)

JAVA = Language(
    "java",
    strings=(StringForm(b'"""', b'"""', b"\\", True), _one_line('"'), _one_line("'")),
    operators=_ops(_COMMON_OPS, ">>> >>>= :: ..."),
    dollar_names=True)

SWIFT = Language(
    "swift",
    strings=(StringForm(b'"""', b'"""', b"\\", True, "paren"), _one_line('"', "paren")),
    operators=_ops(_COMMON_OPS, "=== !== ?? ?. ... ..< ->") - {b"++", b"--"},
    nested_comments=True, backtick_names=True, sign_names=b"#", swift_raw=True)

_JS_STRINGS = (_one_line("'"), _one_line('"'), StringForm(b"`", b"`", b"\\", True, "brace"))
_JS_OPS = _ops(_COMMON_OPS, "=== !== ?? ??= ?. => ** **= >>> >>>= &&= ||= ...")

JAVASCRIPT = Language("javascript", strings=_JS_STRINGS, operators=_JS_OPS,
                      dollar_names=True, regex=True, qdot_digit=True)

TYPESCRIPT = Language("typescript", strings=_JS_STRINGS, operators=_JS_OPS,
                      dollar_names=True, regex=True, qdot_digit=True, generic_arrows=True)

OBJC = Language(
    "objc",
    strings=(StringForm(b'@"', b'"', b"\\", False), _one_line('"'), _one_line("'")),
    operators=_ops(_COMMON_OPS, "..."),
    sign_names=b"@", directives=True)

DART = Language(
    "dart",
    strings=(StringForm(b"r'''", b"'''", None, True), StringForm(b'r"""', b'"""', None, True),
             StringForm(b"r'", b"'", None, False), StringForm(b'r"', b'"', None, False),
             StringForm(b"'''", b"'''", b"\\", True, "dollar"),
             StringForm(b'"""', b'"""', b"\\", True, "dollar"),
             _one_line("'", "dollar"), _one_line('"', "dollar")),
    operators=_ops(_COMMON_OPS, "?? ??= ?. ?.. .. ... ...? => ~/ ~/="),
    nested_comments=True, dollar_names=True, raw_prefix=True)

LANGUAGES: Dict[str, Language] = {lang.name: lang for lang in
                                  (KOTLIN, JAVA, SWIFT, JAVASCRIPT, TYPESCRIPT, OBJC, DART)}

ALIASES: Dict[str, str] = {"kt": "kotlin", "kts": "kotlin", "js": "javascript",
                           "jsx": "javascript", "ts": "typescript", "tsx": "typescript",
                           "objective-c": "objc", "objectivec": "objc", "m": "objc"}

# extension -> (language, jsx)
EXTENSIONS: Dict[str, Tuple[str, bool]] = {
    ".kt": ("kotlin", False), ".kts": ("kotlin", False), ".java": ("java", False),
    ".swift": ("swift", False),
    ".js": ("javascript", True), ".jsx": ("javascript", True), ".mjs": ("javascript", True),
    ".cjs": ("javascript", True),
    ".ts": ("typescript", False), ".tsx": ("typescript", True), ".mts": ("typescript", False),
    ".cts": ("typescript", False),
    ".m": ("objc", False), ".mm": ("objc", False), ".h": ("objc", False),
    ".dart": ("dart", False)}


def language_of(path) -> Optional[Tuple[str, bool]]:
    """(language, jsx) for a path from its extension (case-insensitive), or None."""
    extension = os.path.splitext(os.fsdecode(path))[1].lower()
    return EXTENSIONS.get(extension)


# Swift raw strings and regex literals, by kind and number of `#`s (built on demand).
_SWIFT_FORMS: Dict[Tuple[str, int], StringForm] = {}


def _swift_form(kind: str, hashes: int) -> StringForm:
    form = _SWIFT_FORMS.get((kind, hashes))
    if form is None:
        signs = b"#" * hashes
        if kind == "raw":
            form = StringForm(signs + b'"', b'"' + signs, b"\\" + signs, False, "paren")
        elif kind == "raw3":
            form = StringForm(signs + b'"""', b'"""' + signs, b"\\" + signs, True, "paren")
        else:  # "regex" (one line) or "regex3" (the `/` is followed by a newline)
            form = StringForm(signs + b"/", b"/" + signs, b"\\", kind == "regex3")
        _SWIFT_FORMS[(kind, hashes)] = form
    return form


# ---------------------------------------------------------------------------------------------
# Scanner
# ---------------------------------------------------------------------------------------------

_SPACE = re.compile(rb"[ \t\n\r\f\v]*")
_BLANK = b" \t\f\v"
_NEWLINE = re.compile(rb"\r\n|\r|\n")
_LINE_END = re.compile(rb"[\r\n]")
_NUMBER_BODY = re.compile(rb"(?:[A-Za-z0-9_]|\.(?!\.))*")
_TEMPLATE_NAME = re.compile(rb"[A-Za-z_\x80-\xff][A-Za-z0-9_\x80-\xff]*")   # no `$`
_JSX_NAME = re.compile(rb"[A-Za-z_$\x80-\xff][A-Za-z0-9_$.:\x80-\xff-]*")
_NESTED_COMMENT = re.compile(rb"/\*|\*/")
_REGEX_STOP = re.compile(rb"[\\/\[\]\r\n]")
_REGEX_FLAGS = re.compile(rb"[a-z]*")
_JSX_TEXT_STOP = re.compile(rb"[<{]")
_DIRECTIVE_STOP = re.compile(rb"\\(?:\r\n|\r|\n)|\r|\n")
_BACKTICK_NAME = re.compile(rb"`[^`\r\n]*`")
_QUOTES = re.compile(rb'"*')
_HASHES = re.compile(rb"#*")

_DIGITS = frozenset(b"0123456789")
_SKIP_START = frozenset(b" \t\n\r\f\v/")    # bytes that may start spaces or a comment
_NAME_START = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_") | frozenset(
    range(0x80, 0x100))
_NAME_CHARS = _NAME_START | _DIGITS | {ord("$")}

# A `/` (or a JSX `<`) after one of these names starts a regex (or an element).
_REGEX_KEYWORDS = frozenset(("return typeof instanceof in of new delete void throw case do else "
                             "yield await").split())
# ... and after any operator except these.
_NOT_BEFORE_REGEX = frozenset((")", "]", "}", "++", "--"))

# Frame kinds.
_CODE, _STRING, _TAG, _CLOSE_TAG, _CHILDREN = range(5)
# Closers of code frames.
_FILE, _TEMPLATE_BRACE, _TEMPLATE_PAREN, _JSX_BRACE = range(4)

_DIAGNOSTIC_MESSAGES = {
    "unterminated-string": "unterminated string literal",
    "unterminated-template": "unterminated string template",
    "unterminated-regex": "unterminated regular expression literal",
    "unterminated-comment": "unterminated block comment",
}


class _Frame:
    """One level of the explicit nesting stack.

    A ``_CODE`` frame is ordinary code: the file, a template's code (``${...}`` / ``\\(...)``)
    or a JSX ``{...}``; ``depth`` counts the braces (parentheses for ``\\(``) opened in it.
    A ``_STRING`` frame is an interpolated string waiting under its template's code frame.
    ``_TAG`` / ``_CLOSE_TAG`` / ``_CHILDREN`` are the parts of one JSX element.
    """
    __slots__ = ("kind", "closer", "depth", "start", "form", "piece_start")

    def __init__(self, kind, start, closer=_FILE, form=None):
        self.kind = kind
        self.start = start            # offset of the construct's first byte (for diagnostics)
        self.closer = closer
        self.depth = 0
        self.form = form
        self.piece_start = start


class _Lexer:
    def __init__(self, data: bytes, language: Language, jsx: bool):
        self.data = data
        self.n = len(data)
        self.lang = language
        self.jsx = jsx and language.regex
        self.pos = 0
        self.tokens: List[Token] = []
        self.diagnostics: List[dict] = []
        self.regex_ok = True          # the previous significant token allows a regex / element
        # Offsets of line starts: line k (1-based) starts at starts[k - 1].
        self.starts = [0] + [m.end() for m in _NEWLINE.finditer(data)]
        self.physical = len(self.starts) - (1 if self.starts[-1] == self.n else 0)
        # One spare slot: an empty token at the very end may stand after the last line.
        self.flags = bytearray(self.physical + 2)
        self.line, self.line_start, self.next_line_start = 1, 0, 0
        self.stack: List[_Frame] = [_Frame(_CODE, 0)]

    # -- positions, tokens, diagnostics --------------------------------------------------------

    def locate(self, offset: int) -> Tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1]

    def _mark(self, first: int, last: int, bit: int) -> None:
        flags = self.flags
        for line in range(first, last + 1):
            flags[line] |= bit

    def emit(self, kind: str, start: int, end: int) -> None:
        if start >= self.next_line_start:      # token starts never go back: move the cursor
            self.line = bisect_right(self.starts, start)
            self.line_start = self.starts[self.line - 1]
            self.next_line_start = (self.starts[self.line] if self.line < len(self.starts)
                                    else self.n + 1)
        line = self.line
        end_line = line
        if end - 1 >= self.next_line_start and end - 1 > start:
            end_line = bisect_right(self.starts, end - 1)
        text = self.data[start:end].decode("utf-8", "replace")
        self.tokens.append(_new_token(Token, (kind, text, line, start - self.line_start, end_line)))
        if end_line == line:
            self.flags[line] |= LINE_CODE
        else:
            self._mark(line, end_line, LINE_CODE)
        # Could a `/` (or a JSX `<`) after this token start a regex (an element)?
        self.regex_ok = (text not in _NOT_BEFORE_REGEX if kind == "op"
                         else text in _REGEX_KEYWORDS if kind == "name"
                         else kind == "interp_open")

    def jsx_breaks(self, start: int, end: int) -> None:
        """The line breaks in [start, end) are JSX markup (the statement walk reads no
        statement end there)."""
        for line in range(bisect_right(self.starts, start), bisect_right(self.starts, end)):
            self.flags[line] |= LINE_JSX

    def comment(self, start: int, end: int) -> None:
        first = bisect_right(self.starts, start)
        last = bisect_right(self.starts, end - 1)
        self._mark(first, last, LINE_COMMENT)

    def diagnose(self, offset: int, code: str) -> None:
        line, column = self.locate(offset)
        self.diagnostics.append({"line": line, "column": column, "code": code,
                                 "message": _DIAGNOSTIC_MESSAGES[code]})

    # -- driver --------------------------------------------------------------------------------

    def run(self) -> None:
        stack = self.stack
        while True:
            frame = stack[-1]
            kind = frame.kind
            if kind == _CODE:
                more = self.code(frame)
            elif kind == _STRING:
                more = self.string(frame)
            elif kind == _CHILDREN:
                more = self.children(frame)
            else:
                more = self.tag(frame)
            if not more:
                break
        # End of file: report every template still open (innermost first; sorted later).
        for frame in reversed(stack):
            if frame.kind == _CODE and frame.closer in (_TEMPLATE_BRACE, _TEMPLATE_PAREN):
                self.diagnose(frame.start, "unterminated-template")

    # -- code ----------------------------------------------------------------------------------

    def skip_space_and_comments(self, pos: int) -> int:
        data, n = self.data, self.n
        while True:
            pos = _SPACE.match(data, pos).end()
            if pos + 1 < n and data[pos] == 0x2F:             # '/'
                following = data[pos + 1]
                if following == 0x2F:                        # // to the end of the line
                    match = _LINE_END.search(data, pos)
                    end = match.start() if match else n
                    self.comment(pos, end)
                    pos = end
                    continue
                if following == 0x2A:                        # /* ... */
                    pos = self.block_comment(pos)
                    continue
            return pos

    def block_comment(self, start: int) -> int:
        data, n = self.data, self.n
        if self.lang.nested_comments:
            depth = 1
            for match in _NESTED_COMMENT.finditer(data, start + 2):
                depth += 1 if match.group() == b"/*" else -1
                if depth == 0:
                    end = match.end()
                    break
            else:
                end = -1
        else:
            end = data.find(b"*/", start + 2)
            end = end + 2 if end >= 0 else -1
        if end < 0:
            self.diagnose(start, "unterminated-comment")
            end = n
        self.comment(start, end)
        return end

    def code(self, frame: _Frame) -> bool:
        """Read one token of code.  Returns False at the end of the file."""
        data, n, lang = self.data, self.n, self.lang
        pos = self.pos
        if pos >= n or data[pos] in _SKIP_START:
            pos = self.skip_space_and_comments(pos)
            if pos >= n:
                self.pos = n
                return False
        c = data[pos]
        # Shortcut: bytes that can only start a name, an operator or a number in this
        # language skip the chain below (which alone decides every other byte).
        start_class = lang.first_byte[c]
        if start_class == _START_NAME:
            end = lang.name_re.match(data, pos).end()
            self.emit("name", pos, end)
            self.pos = end
            return True
        if start_class == _START_OP:
            self.operator(frame, pos)
            return True
        if start_class == _START_DIGIT:
            self.number(pos)
            return True

        if c == 0x2F and lang.regex and self.regex_ok:                   # '/' regex
            self.regex_literal(pos)
            return True
        if c == 0x23 and lang.directives and self.at_line_start(pos):    # '#' directive
            self.directive(pos)
            return True
        for form in lang.openers.get(c, ()):                             # strings
            if data.startswith(form.opener, pos):
                if form.opener[:1] == b"r" and pos > 0 and data[pos - 1] in _NAME_CHARS:
                    continue                                             # `xr'..'`: a name
                self.open_string(form, pos)
                return True
        if c == 0x23 and lang.swift_raw:                                 # '#'
            if self.swift_hash(pos):
                return True
            pos = self.pos                                               # the run's last `#`
        if c in _DIGITS or (c == 0x2E and pos + 1 < n and data[pos + 1] in _DIGITS):
            self.number(pos)
            return True
        match = lang.name_re.match(data, pos)
        if match:                                                        # name
            self.emit("name", pos, match.end())
            self.pos = match.end()
            return True
        if c == 0x60 and lang.backtick_names:                            # `name`
            match = _BACKTICK_NAME.match(data, pos)
            if match:
                self.emit("name", pos, match.end())
                self.pos = match.end()
                return True
        if lang.sign_names and c == lang.sign_names[0]:                  # #if, @interface
            match = lang.name_re.match(data, pos + 1)
            if match:
                self.emit("name", pos, match.end())
                self.pos = match.end()
                return True
        if c == 0x3C and self.jsx and self.regex_ok and self.starts_element(pos):
            self.emit("op", pos, pos + 1)                                # '<' of an element
            self.stack.append(_Frame(_TAG, pos))
            self.pos = pos + 1
            return True
        self.operator(frame, pos)
        return True

    def operator(self, frame: _Frame, pos: int) -> None:
        data, lang = self.data, self.lang
        end = pos + 1
        for size, table in zip((4, 3, 2), lang.by_length):
            if data[pos:pos + size] in table:
                end = pos + size
                break
        if (lang.qdot_digit and end == pos + 2 and data[pos:end] == b"?."
                and data[end:end + 1].isdigit()):
            end = pos + 1                                                # a?.5:1
        self.pos = end
        if end == pos + 1:                     # braces (parentheses in `\(...)`) are counted
            c = data[pos]
            closer = frame.closer
            opening, closing = (0x28, 0x29) if closer == _TEMPLATE_PAREN else (0x7B, 0x7D)
            if c == opening:
                frame.depth += 1
            elif c == closing:
                if frame.depth == 0 and closer != _FILE:
                    self.close_code(frame, pos)
                    return
                frame.depth = max(frame.depth - 1, 0)
        self.emit("op", pos, end)

    def close_code(self, frame: _Frame, pos: int) -> None:
        """The `}` / `)` that ends a template's code or a JSX `{...}`."""
        self.stack.pop()
        if frame.closer == _JSX_BRACE:
            self.emit("op", pos, pos + 1)
        else:
            self.emit("interp_close", pos, pos + 1)
            self.stack[-1].piece_start = pos + 1                         # the string resumes

    def number(self, pos: int) -> None:
        data, n = self.data, self.n
        hexadecimal = data[pos:pos + 2] in (b"0x", b"0X")
        exponents = b"pP" if hexadecimal else b"eE"
        end = _NUMBER_BODY.match(data, pos + 1).end()
        while (end + 1 < n and data[end - 1] in exponents and data[end] in b"+-"
               and data[end + 1] in _DIGITS):
            end = _NUMBER_BODY.match(data, end + 1).end()
        self.emit("number", pos, end)
        self.pos = end

    def at_line_start(self, pos: int) -> bool:
        """Only blanks between the start of the line and ``pos`` (scanned backwards, so a
        long line of `#`s costs one step per `#`)."""
        data, i = self.data, pos - 1
        while i >= 0 and data[i] in _BLANK:
            i -= 1
        return i < 0 or data[i] in b"\r\n"

    def directive(self, pos: int) -> None:
        data, n = self.data, self.n
        end = pos
        while True:
            match = _DIRECTIVE_STOP.search(data, end)
            if match is None:
                end = n
                break
            if match.group()[:1] == b"\\":       # backslash-newline: the directive goes on
                end = match.end()
                continue
            end = match.start()
            break
        self.emit("directive", pos, end)
        self.pos = end

    def swift_hash(self, pos: int) -> bool:
        """`#`s then a quote or `/`: a raw string or regex (True).  Otherwise False, with the
        run's `#`s but the last emitted as ops and ``self.pos`` on the last one."""
        data = self.data
        after = _HASHES.match(data, pos).end()
        hashes = after - pos
        if data.startswith(b'"""', after):
            self.open_string(_swift_form("raw3", hashes), pos)
        elif data.startswith(b'"', after):
            self.open_string(_swift_form("raw", hashes), pos)
        elif data.startswith(b"/", after):
            multiline = data[after + 1:after + 2] in (b"\n", b"\r")
            self.open_string(_swift_form("regex3" if multiline else "regex", hashes), pos)
        else:
            # No string: every `#` of the run is a one-byte op, except that the last one glues
            # to a name (`##if` is `#`, `#if`).  Emitting the run at once keeps a long run of
            # `#`s linear.
            last = after - 1
            for offset in range(pos, last):
                self.emit("op", offset, offset + 1)
            self.pos = last
            return False
        return True

    # -- JavaScript regular expressions ---------------------------------------------------------

    def regex_literal(self, start: int) -> None:
        data, n = self.data, self.n
        pos, in_class = start + 1, False
        while True:
            match = _REGEX_STOP.search(data, pos)
            if match is None or match.group() in (b"\r", b"\n"):
                end = n if match is None else match.start()
                self.diagnose(start, "unterminated-regex")
                break
            p, c = match.start(), data[match.start()]
            if c == 0x5C:                                   # '\' escapes the next byte
                if p + 1 < n and data[p + 1] in b"\r\n":
                    pos = p + 1                             # ... but a newline still ends it
                else:
                    pos = p + 2
            elif c == 0x5B:                                 # '['
                in_class, pos = True, p + 1
            elif c == 0x5D:                                 # ']'
                in_class, pos = False, p + 1
            elif in_class:                                  # '/' inside a class
                pos = p + 1
            else:                                           # the closing '/', then flags
                end = _REGEX_FLAGS.match(data, p + 1).end()
                break
        self.emit("regex", start, min(end, n))
        self.pos = min(end, n)

    # -- strings -------------------------------------------------------------------------------

    def open_string(self, form: StringForm, start: int) -> None:
        frame = _Frame(_STRING, start, form=form)
        self.stack.append(frame)
        self.pos = start + len(form.opener)

    def string(self, frame: _Frame) -> bool:
        """Scan a string from ``self.pos`` to its end or its next template."""
        data, n, form = self.data, self.n, frame.form
        pos = self.pos
        escape, template = form.escape, form.template
        while True:
            match = form.stop.search(data, pos)
            if match is None:                                            # end of file
                self.end_string(frame, n, "unterminated-string")
                return True
            p = match.start()
            c = data[p]
            if c == 0x0A or c == 0x0D:                                   # one-line string
                self.end_string(frame, p, "unterminated-string")
                return True
            if escape is not None and c == 0x5C:                         # '\'
                if not data.startswith(escape, p):                       # raw: a plain '\'
                    pos = p + 1
                    continue
                after = p + len(escape)
                if template == "paren" and data[after:after + 1] == b"(":
                    self.open_template(frame, p, after + 1, _TEMPLATE_PAREN)
                    return True
                if after >= n:
                    pos = n
                elif data[after:after + 2] == b"\r\n":
                    pos = after + 2
                else:
                    pos = after + 1
                continue
            if c == form.closer[0]:
                if form.quote_run:                                       # Kotlin """..."""""
                    run_end = _QUOTES.match(data, p).end()
                    if run_end - p >= 3:
                        self.end_string(frame, run_end, None)
                        return True
                    pos = run_end
                    continue
                if data.startswith(form.closer, p):
                    self.end_string(frame, p + len(form.closer), None)
                    return True
                pos = p + 1
                continue
            # c == '$' in a templated string
            if data[p + 1:p + 2] == b"{":
                self.open_template(frame, p, p + 2, _TEMPLATE_BRACE)
                return True
            if template == "dollar":
                name = _TEMPLATE_NAME.match(data, p + 1)
                if name:                                                 # $name
                    self.emit("string", frame.piece_start, p)
                    self.emit("interp_open", p, p + 1)
                    self.emit("name", p + 1, name.end())
                    self.emit("interp_close", name.end(), name.end())
                    frame.piece_start = pos = name.end()
                    continue
            pos = p + 1

    def end_string(self, frame: _Frame, end: int, problem: Optional[str]) -> None:
        if problem is not None:
            self.diagnose(frame.start, problem)
        self.emit("string", frame.piece_start, end)
        self.stack.pop()
        self.pos = end

    def open_template(self, frame: _Frame, start: int, end: int, closer: int) -> None:
        self.emit("string", frame.piece_start, start)
        self.emit("interp_open", start, end)
        self.stack.append(_Frame(_CODE, start, closer))
        self.pos = end

    # -- JSX -----------------------------------------------------------------------------------

    def starts_element(self, pos: int) -> bool:
        """A `<` where a regex could start: an element if a name start or `>` follows
        (in TSX, not when it opens the type parameters of an arrow function)."""
        data = self.data
        following = data[pos + 1:pos + 2]
        if following == b">":
            return True
        if not following or following[0] not in _NAME_START and following != b"$":
            return False
        if not self.lang.generic_arrows:
            return True
        # TypeScript's rule: <T,  <T=  <T extends U (U not `=`, `>`, `/`)  <const T ...
        name = self.lang.name_re.match(data, pos + 1)
        after = _SPACE.match(data, name.end()).end()
        if name.group() == b"const":
            second = self.lang.name_re.match(data, after)
            if second is not None:
                after = _SPACE.match(data, second.end()).end()
        following = data[after:after + 1]
        if following in (b",", b"="):
            return False
        word = self.lang.name_re.match(data, after)
        if word is not None and word.group() == b"extends":
            after = _SPACE.match(data, word.end()).end()
            return data[after:after + 1] in (b"=", b">", b"/")
        return True

    def tag(self, frame: _Frame) -> bool:
        """One token inside `<name ...>` or `</name>`."""
        data, n = self.data, self.n
        pos = self.skip_space_and_comments(self.pos)
        self.jsx_breaks(self.pos, pos)
        if pos >= n:
            self.pos = n
            return False
        c = data[pos]
        match = _JSX_NAME.match(data, pos)
        if match:
            self.emit("name", pos, match.end())
            self.pos = match.end()
        elif c == 0x22 or c == 0x27:                        # attribute string, no escapes
            end = data.find(data[pos:pos + 1], pos + 1)
            if end < 0:
                self.diagnose(pos, "unterminated-string")
                end = n
            else:
                end += 1
            self.emit("string", pos, end)
            self.pos = end
        elif c == 0x7B:                                     # {code}
            self.emit("op", pos, pos + 1)
            self.stack.append(_Frame(_CODE, pos, _JSX_BRACE))
            self.pos = pos + 1
        elif c == 0x3E:                                     # '>'
            self.emit("op", pos, pos + 1)
            if frame.kind == _TAG:
                frame.kind = _CHILDREN                      # the element's children follow
            else:
                self.stack.pop()                            # `</name>`: the element is done
            self.pos = pos + 1
        elif c == 0x2F and data[pos + 1:pos + 2] == b">" and frame.kind == _TAG:
            self.emit("op", pos, pos + 2)                   # `/>`
            self.stack.pop()
            self.pos = pos + 2
        else:
            self.emit("op", pos, pos + 1)
            self.pos = pos + 1
        return True

    def children(self, frame: _Frame) -> bool:
        """Text up to the next `<` or `{`, then that tag or code."""
        data, n = self.data, self.n
        pos = self.pos
        match = _JSX_TEXT_STOP.search(data, pos)
        stop = match.start() if match else n
        self.jsx_breaks(pos, stop)
        first = _SPACE.match(data, pos, stop).end()
        if first < stop:
            last = stop
            while data[last - 1] in b" \t\n\r\f\v":
                last -= 1
            self.emit("jsx_text", first, last)
        if match is None:
            self.pos = n
            return False
        if data[stop] == 0x7B:                                           # '{'
            self.emit("op", stop, stop + 1)
            self.stack.append(_Frame(_CODE, stop, _JSX_BRACE))
            self.pos = stop + 1
        elif data[stop + 1:stop + 2] == b"/":                            # '</'
            self.emit("op", stop, stop + 2)
            frame.kind = _CLOSE_TAG
            self.pos = stop + 2
        else:                                                            # a nested element
            self.emit("op", stop, stop + 1)
            self.stack.append(_Frame(_TAG, stop))
            self.pos = stop + 1
        return True


def count_lines(data: bytes, line_flags) -> Tuple[int, int, int, int]:
    """(physical, code, comment, blank) lines of ``data`` from ``tokenize``'s line flags, as
    docs/metrics.md ("Files") defines them: a line a token covers is code; else a line of
    only blanks is blank (an empty line inside a block comment too); else a line a comment
    touches is comment; else code. A binary file has no lines."""
    data = bytes(data)
    if 0 in data[:BINARY_PROBE]:
        return 0, 0, 0, 0
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    lines = _NEWLINE.split(data)
    if lines and not lines[-1]:
        lines.pop()                      # the newline ending the last line opens no new one
    code = blank = 0
    for number, text in enumerate(lines, 1):
        flag = line_flags[number] if number < len(line_flags) else 0
        if flag & LINE_CODE:
            code += 1
        elif not text.strip(_BLANK):
            blank += 1
        elif not flag & LINE_COMMENT:
            code += 1
    return len(lines), code, len(lines) - code - blank, blank


def _resolve(language: str) -> Language:
    name = language.lower()
    name = ALIASES.get(name, name)
    if name not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    return LANGUAGES[name]


def tokenize(data: bytes, language: str, jsx: bool = False) -> LexResult:
    """Tokenize ``data`` (any bytes) as ``language`` (a name of ``LANGUAGES`` or an alias);
    ``jsx`` reads JSX elements (JavaScript and TypeScript only).  Never raises on bad input."""
    lang = _resolve(language)
    data = bytes(data)
    binary = 0 in data[:BINARY_PROBE]
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    lexer = _Lexer(data, lang, jsx)
    if binary:
        return LexResult([], lexer.flags[:lexer.physical + 1], [{
            "line": 0, "column": 0, "code": "binary-file",
            "message": f"binary file (NUL byte in the first {BINARY_PROBE} bytes); not analysed"}])
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = lexer.locate(error.start)
        lexer.diagnostics.append({
            "line": line, "column": column, "code": "invalid-utf8",
            "message": f"invalid UTF-8 byte 0x{data[error.start]:02X}; "
                       "analysed as if it were text"})
    # Millions of small tuples and no cycles: the cyclic collector would only rescan them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        lexer.run()
    finally:
        if collecting:
            gc.enable()
    diagnostics = sorted(lexer.diagnostics, key=lambda d: (d["line"], d["column"]))
    return LexResult(lexer.tokens, lexer.flags[:lexer.physical + 1], diagnostics)
