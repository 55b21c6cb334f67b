"""Scopes and brackets of the brace-language metrics pass (docs/metrics_mobile.md).

Bracket matching (done once before the walk, so that a declaration header can be looked
over in O(1) per group, and giving the ``unmatched-bracket``/``unclosed-bracket``
diagnostics) and the frames of the walk's explicit stack (see ``brace_metrics``).
"""

from __future__ import annotations

from typing import List, Optional

BRACKET, STMT, EXPR = "bracket", "stmt", "expr"
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")": "(", "]": "[", "}": "{"}
DECLARATION_ROLES = ("file", "class")


class _Brackets:
    """Result of ``_match_brackets``.

    ``closer[i]``: for an opener, the index of its closer, or -1 when it is never closed;
    ``resume[i]``: for an opener, where a walk that skips the group goes on (after the closer;
    at the token that closed it by force; at the end);
    ``opener[j]``: for a closer, the index of its opener, or -1 for a stray closer.
    """

    def __init__(self, count: int):
        self.closer = [-1] * count
        self.resume = [count] * count
        self.opener = [-1] * count
        self.diagnostics = []   # (line, column, code, message)


def _bracket_of(token) -> Optional[str]:
    """``(``, ``[``, ``{`` or ``$`` (a template ``${``) for an opener; the closer text or ``$}``
    for a closer; None otherwise."""
    if token.kind == "op":
        return token.text if token.text in _OPENERS or token.text in _CLOSERS else None
    if token.kind == "interp_open":
        return "$"
    if token.kind == "interp_close":
        return "$}"
    return None


def _match_brackets(tokens) -> _Brackets:
    """Match brackets with a stack.  A closer with no opener of its kind open is
    ``unmatched-bracket`` and is ignored; a closer whose opener lies below other openers
    closes them by force (each such opener is ``unclosed-bracket``), so that a stray ``(``
    cannot swallow the rest of a class; openers left at the end are ``unclosed-bracket``.
    Templates are balanced by the lexer (an unterminated one is its diagnostic), so they
    are matched here without diagnostics of their own."""
    result = _Brackets(len(tokens))
    stack: List[int] = []
    open_count = {"(": 0, "[": 0, "{": 0, "$": 0}
    kinds = {}
    for index, token in enumerate(tokens):
        bracket = _bracket_of(token)
        if bracket is None:
            continue
        if bracket in open_count:
            stack.append(index)
            kinds[index] = bracket
            open_count[bracket] += 1
            continue
        wanted = "$" if bracket == "$}" else _CLOSERS[bracket]
        if open_count[wanted] == 0:
            if wanted != "$":
                result.diagnostics.append((token.line, token.col, "unmatched-bracket",
                                           f"unmatched '{bracket}'"))
            continue
        while True:   # amortised linear: every opener is popped once
            top = stack.pop()
            open_count[kinds[top]] -= 1
            if kinds[top] == wanted:
                result.closer[top], result.resume[top] = index, index + 1
                result.opener[index] = top
                break
            result.resume[top] = index
            _unclosed(result, tokens[top], kinds[top])
    for top in stack:
        _unclosed(result, tokens[top], kinds[top])
    return result


def _unclosed(result: _Brackets, token, kind: str) -> None:
    if kind != "$":
        result.diagnostics.append((token.line, token.col, "unclosed-bracket",
                                   f"'{kind}' was never closed"))


class _Frame:
    """One entry of the walk's stack (see the module docstring)."""
    __slots__ = ("kind", "role", "opener", "start", "function", "enclosing", "nesting",
                 "depth", "prefix", "class_", "owner", "body", "struct", "arms", "entries",
                 "assigned", "seen_or", "in_and", "pending")

    def __init__(self, kind, role, parent, **changes):
        self.kind = kind
        self.role = role            # BRACKET "{": file class function block lambda value
        #                             switch when scope; "(": paren; STMT/EXPR: their use
        self.opener = -1            # token index of a bracket frame's opener
        self.start = -1             # first token inside (a STMT frame needs content to end)
        self.function = parent.function if parent else None      # own scope
        self.enclosing = parent.enclosing if parent else ()      # cognitive receivers
        self.nesting = parent.nesting if parent else 0           # cognitive nesting
        self.depth = parent.depth if parent else 0               # control depth
        self.prefix = parent.prefix if parent else ""            # qualified-name prefix
        self.class_ = None          # the class record whose body this frame is
        self.owner = None           # the function a function body belongs to
        self.body = None            # "(": the structure body to open when it closes
        self.struct = None          # body frames: if else loop do try catch finally arm
        self.arms = 0               # Kotlin `when` body: arms seen
        self.entries = False        # enum body: still in the constants section
        self.assigned = False       # declaration level: a `=` since the declaration began
        self.seen_or = self.in_and = False   # boolean sequences (section 4)
        self.pending = None         # Swift: the _Body the next `{` at this level opens
        for key, value in changes.items():
            setattr(self, key, value)


class _Body:
    """A control structure's body waiting for its `{` or first token."""
    __slots__ = ("struct", "nesting", "depth")

    def __init__(self, struct, nesting, depth):
        self.struct, self.nesting, self.depth = struct, nesting, depth


