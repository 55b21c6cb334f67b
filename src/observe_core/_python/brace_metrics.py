"""Complexity metrics of the brace languages (docs/metrics_mobile.md), on the tokens of
``lex_brace`` (docs/lexers.md): Java, Kotlin, Swift, JavaScript, TypeScript, Objective-C and
Dart (declarations per family in ``brace_functions_jvm``/``_swift``/``_js``/``_objc``/``_dart``;
brackets and frames in ``brace_structure``; records in ``brace_records``).

This module is the readable specification the native pass will be ported from: one linear
walk over the tokens with an explicit stack of frames (no recursion: 100,000 nested braces
cost memory, never the Python stack).  The records have exactly the fields of the Python
records (``complexity.py``).

Public API::

    analyze_source(data, language, path="<string>") -> dict

Overview of one analysis:

1. tokenize (``lex_brace.tokenize``) and count lines from its line flags;
2. match brackets once (``_match_brackets``): every opener learns its closer, so that a
   declaration header can be looked over in O(1) per group; unbalanced brackets give the
   ``unmatched-bracket`` / ``unclosed-bracket`` diagnostics;
3. walk the tokens (``_Pass``).  The stack holds three kinds of frames:

   - BRACKET: a ``(``, ``[``, ``{`` or template ``${``; a ``{`` has a role (function body,
     class body, statement block, lambda, switch/when body ...);
   - STMT: a statement body without braces (``if (a) x();``, Kotlin ``if (a) 1 else 2``, a
     ``when`` arm, a Kotlin expression body ``fun f() = ...``): it ends with its statement
     (``;``, a closing bracket, a Kotlin newline);
   - EXPR: a Java expression region that nests (a lambda's expression body, the branches of a
     ternary): it ends at ``;``, ``,`` or a closing bracket.

   Every frame knows the function whose own scope it is in (cyclomatic and counts), the
   functions lexically around it (cognitive), its cognitive nesting and its control depth.
4. build the records.
"""

from __future__ import annotations

from typing import List, Optional

from .brace_functions_dart import DartDeclarations
from .brace_functions_js import JsDeclarations
from .brace_functions_jvm import JvmDeclarations
from .brace_functions_objc import ObjcDeclarations
from .brace_functions_swift import SwiftDeclarations
from .brace_languages import Rules, rules_for
from .brace_records import _Class, _Function, class_record, function_record
from .brace_structure import (BRACKET, DECLARATION_ROLES as _DECLARATION_ROLES, EXPR, STMT,
                              _Body, _Brackets, _Frame, _match_brackets)
from .complexity import _diagnostic, _file_record
from .lex_brace import ALIASES, LINE_JSX, count_lines, language_of, tokenize

__all__ = ["analyze_source"]

_SWIFT_MEMBER_WORDS = frozenset("func var let subscript init override final static private "
                                "public internal fileprivate open required convenience".split())
_KEYWORDS_AS_NAMES = frozenset("if else for while do repeat try catch case guard switch when "
                               "return".split())
_ASSIGN = frozenset("= += -= *= /= %= &= |= ^= <<= >>= >>>= &&= ||= ??=".split())

# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

# Diagnostics kept per file, as in the C core (report.h's OB_MAX_DIAGS).
MAX_DIAGNOSTICS = 100


def analyze_source(data, language: str, path: str = "<string>") -> dict:
    """Analyse source of a brace language given as ``bytes`` or ``str``; never raises on bad input
    (an unknown or not yet supported language is a ``ValueError``)."""
    name = ALIASES.get(language.lower(), language.lower())
    rules = rules_for(name)
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else bytes(data)
    lexed = tokenize(raw, name, _reads_jsx(name, language, path))
    diagnostics = [_diagnostic(path, d["line"], d["column"], d["code"], d["message"])
                   for d in lexed.diagnostics]
    functions, classes = [], []
    if not any(d["code"] == "binary-file" for d in lexed.diagnostics):
        brackets = _match_brackets(lexed.tokens)
        diagnostics += [_diagnostic(path, *d) for d in brackets.diagnostics]
        walk = _Pass(lexed.tokens, rules, brackets, lexed.line_flags)
        walk.run()
        functions = sorted(walk.functions, key=lambda f: (f.line, f.column))
        classes = sorted(walk.classes, key=lambda c: (c.line, c.column))
    diagnostics.sort(key=lambda d: (d["line"], d["column"]))
    if len(diagnostics) > MAX_DIAGNOSTICS:   # the first ones, and how many more (report.c)
        dropped = len(diagnostics) - MAX_DIAGNOSTICS
        diagnostics[MAX_DIAGNOSTICS:] = [_diagnostic(
            path, 0, 0, "too-many-diagnostics", f"{dropped} more diagnostics not shown",
            "warning")]
    record = _file_record(path, len(raw), count_lines(raw, lexed.line_flags),
                          [function_record(f, path) for f in functions],
                          [class_record(c, path) for c in classes],
                          sum(f.cognitive for f in functions if not f.is_nested))
    record["language"] = name
    record["diagnostics"] = diagnostics
    return record


def _reads_jsx(name: str, language: str, path: str) -> bool:
    """JSX in .js/.jsx/.mjs/.cjs/.tsx files (docs/lexers.md); without such a path, in
    JavaScript and for the `jsx`/`tsx` aliases."""
    found = language_of(path)
    if found is not None and found[0] == name:
        return found[1]
    return name == "javascript" or language.lower() in ("jsx", "tsx")





# ---------------------------------------------------------------------------------------------
# The walk
# ---------------------------------------------------------------------------------------------

class _Pass(JvmDeclarations, SwiftDeclarations, JsDeclarations, ObjcDeclarations,
            DartDeclarations):
    def __init__(self, tokens, rules: Rules, brackets: _Brackets, line_flags: bytearray):
        self.tokens = tokens
        self.rules = rules
        self.line_flags = line_flags    # the lexer's: LINE_JSX marks breaks in JSX markup
        self.java = rules.name == "java"
        self.kotlin = rules.name == "kotlin"
        self.swift = rules.name == "swift"
        self.typescript = rules.name == "typescript"
        self.js = rules.name in ("javascript", "typescript")
        self.objc = rules.name == "objc"
        self.dart = rules.name == "dart"
        # Words that continue a try statement after a try or catch body.
        self.catch_words = ("catch", "finally") + (("@catch", "@finally") if self.objc else
                                                   ("on",) if self.dart else ())
        self.after_params = {}      # JS: `)` of a function's parameters -> (function, body)
        self.brackets = brackets
        # The text of names and operators; other kinds get a key no source text can equal.
        self.keys = [t.text if t.kind in ("name", "op") else "\0" + t.kind for t in tokens]
        self.functions: List[_Function] = []
        self.classes: List[_Class] = []
        self.stack = [_Frame(BRACKET, "file", None)]
        # One-token expectations set while handling a token, read by the next one only.
        self.expect = None          # "else" "catch" "do-tail" "arm" or a _Body for a `{`
        # (index of a structure's `(`, the body it opens when it closes); a `(` elsewhere
        # drops it: a header's `(` can be taken by a declaration (`for await() {` in a
        # class is a method `await`), and a later `(` must not open the body.
        self.header = None
        self.new_parens = set()     # `(` of `new X(...)`: a `{` after it is a class body
        self.handlers = _handlers(rules)

    # -- small helpers ---------------------------------------------------------------------

    @property
    def top(self) -> _Frame:
        return self.stack[-1]

    def key(self, index: int) -> str:
        return self.keys[index] if 0 <= index < len(self.keys) else "\0end"

    def newline_before(self, index: int) -> bool:
        return 0 < index < len(self.tokens) and \
            self.tokens[index].line > self.tokens[index - 1].end_line

    def used_as_name(self, index: int) -> bool:
        """A keyword after `.` (member) or, outside Java and Kotlin, before `:` (a label or
        key)."""
        return self.key(index - 1) in (".", "?.") or (
            not (self.java or self.kotlin) and self.key(index + 1) == ":")

    def adjacent(self, index: int) -> bool:
        """Is the token at ``index`` glued to the one before it (no space, same line)?"""
        if index <= 0 or index >= len(self.tokens):
            return False
        before, token = self.tokens[index - 1], self.tokens[index]
        return before.line == before.end_line == token.line and \
            before.col + len(before.text.encode("utf-8", "replace")) == token.col

    def is_name(self, index: int) -> bool:
        return 0 <= index < len(self.tokens) and self.tokens[index].kind == "name"

    def skip_group(self, index: int) -> int:
        """Index after the bracket group opened at ``index``."""
        return self.brackets.resume[index]

    def skip_angles(self, index: int, limit: Optional[int] = None) -> int:
        """Index after a generic ``<...>`` starting at ``index`` (``>>`` closes two); bracket
        groups inside are skipped whole.  Stops at `{`, `;`, `=` if unbalanced, or after
        ``limit`` tokens when given."""
        depth = 0
        end = len(self.keys) if limit is None else min(len(self.keys), index + limit)
        while index < end:
            key = self.keys[index]
            if key == "<":
                depth += 1
            elif key in (">", ">>", ">>>"):
                depth -= len(key)
                if depth <= 0:
                    return index + 1
            elif key in ("(", "["):
                index = self.skip_group(index)
                continue
            elif key in ("{", "}", ";", "="):
                return index
            index += 1
        return index

    # -- increments (docs/metrics_mobile.md sections 2-4) ------------------------------------

    def cyclomatic(self, frame: _Frame, amount: int = 1) -> None:
        if frame.function is not None:
            frame.function.cyclomatic += amount

    def structural(self, frame: _Frame) -> None:
        """Cognitive S: +1 + nesting, for every function around, at its own nesting."""
        for function in frame.enclosing:
            function.cognitive += 1 + frame.nesting - function.body_nesting

    def flat(self, frame: _Frame) -> None:
        """Cognitive H and F: +1 for every function around."""
        for function in frame.enclosing:
            function.cognitive += 1

    def enter_structure(self, frame: _Frame) -> int:
        """A control structure at ``frame``: its depth, recorded as the function's deepest."""
        depth = frame.depth + 1
        if frame.function is not None and depth > frame.function.nested_depth:
            frame.function.nested_depth = depth
        return depth

    # -- the stack ---------------------------------------------------------------------------

    def push(self, kind, role, index, **changes) -> _Frame:
        frame = _Frame(kind, role, self.top, **changes)
        frame.opener = index if kind == BRACKET else -1
        frame.start = index + 1 if kind == BRACKET else index
        self.stack.append(frame)
        return frame

    def pop(self, last: int) -> _Frame:
        """Pop the top frame; ``last`` is the index of its last token."""
        frame = self.stack.pop()
        last_line = self.tokens[max(last, 0)].end_line if self.tokens else 0
        if frame.owner is not None:
            frame.owner.end_line = max(last_line, frame.owner.line)
        if frame.class_ is not None:
            frame.class_.end_line = max(last_line, frame.class_.line)
        if frame.role == "when" and frame.arms:
            self.cyclomatic(frame, -1)     # lizard: a `when` with n arms adds n - 1
        return frame

    def body_frame(self, body: _Body, kind, index) -> _Frame:
        if kind == BRACKET:
            role = body.struct if body.struct in ("switch", "when", "switchx") else "block"
        else:
            role = body.struct
        return self.push(kind, role, index, nesting=body.nesting, depth=body.depth,
                         struct=body.struct)

    def open_body(self, body: _Body, index: int) -> None:
        """The body of a structure starts at ``index``: a block, or one statement."""
        if self.key(index) == "{":
            self.expect = body
        else:
            self.body_frame(body, STMT, index)

    def statement_end(self, next_index: int, last: int) -> None:
        """The statement in the innermost STMT/EXPR frames ended at ``last``: pop them, as long
        as what ends also ends the statement around it."""
        while self.top.kind in (STMT, EXPR):
            frame = self.pop(last)
            if frame.kind == STMT and not self.body_complete(frame, next_index):
                return

    def body_complete(self, frame: _Frame, next_index: int) -> bool:
        """A structure body ended; is the whole statement complete?  Not when ``else`` (after
        an if body), ``catch``/``finally`` (after a try or catch body) or the ``while`` of a
        do-while follows: those continue the same statement."""
        after = self.key(next_index)
        if frame.struct == "if" and after == "else" and self.key(next_index + 1) != "->":
            self.expect = "else"
            return False
        if frame.struct in ("try", "catch") and after in self.catch_words:
            self.expect = "catch"
            return False
        if frame.struct == "do" and after == "while":
            self.expect = "do-tail"
            return False
        return True

    def pop_to_opener(self, index: int) -> Optional[_Frame]:
        """A closer at ``index``: pop everything down to its opener's frame."""
        opener = self.brackets.opener[index]
        if opener < 0 or not any(f.opener == opener for f in self.open_brackets()):
            return None
        while True:
            frame = self.pop(index if self.top.opener == opener else index - 1)
            if frame.opener == opener:
                return frame

    # -- the walk ----------------------------------------------------------------------------

    def run(self) -> None:
        index, count = 0, len(self.tokens)
        while index < count:
            if (self.rules.newline_statements or self.rules.asi) and \
                    self.newline_before(index):
                self.newline(index)
            expect, self.expect = self.expect, None
            index = self.step(index, expect)
        while len(self.stack) > 1:
            self.pop(count - 1)

    def step(self, index: int, expect) -> int:
        """Handle the token at ``index``; returns the index of the next token to handle."""
        key = self.keys[index]
        top = self.top
        if key in _ASSIGN or key in ("?", ":", "->", ",", ";"):
            top.seen_or = top.in_and = False           # a boolean sequence ends here
        if key in ("(", "[", "{") or self.tokens[index].kind == "interp_open":
            return self.open_bracket(index, expect)
        if key in (")", "]", "}") or self.tokens[index].kind == "interp_close":
            return self.close_bracket(index)
        if self.tokens[index].kind != "name" and self.tokens[index].kind != "op":
            if self.objc and self.tokens[index].kind == "directive":
                self.objc_directive(index)
            return index + 1
        handler = self.handlers.get(key)
        if handler is not None and key in _KEYWORDS_AS_NAMES and self.used_as_name(index):
            return index + 1                           # `o.if`, `{for: 1}`, `f(for: x)` (D5)
        if handler is not None:
            result = handler(self, index, expect)
            if result is not None:
                return result
        if (self.java or self.dart) and key == "=" and top.role in _DECLARATION_ROLES and \
                top.kind == BRACKET:
            top.assigned = True
        if self.tokens[index].kind == "name" and top.kind == BRACKET:
            if top.role in _DECLARATION_ROLES:
                if self.objc:
                    return self.objc_c_function(index)
                if self.dart:
                    return self.dart_member(index)
                return self.declaration_name(index)
            if self.dart and top.role in ("function", "block", "lambda", "switch"):
                return self.dart_member(index)              # local functions
            if top.role == "value" and self.js:
                return self.js_member(index)
        return index + 1

    # -- brackets ----------------------------------------------------------------------------

    def open_bracket(self, index: int, expect) -> int:
        key = self.keys[index]
        top = self.top
        header = None
        if key == "(":
            if self.header is not None and self.header[0] == index:
                header = self.header[1]
            self.header = None
        if key == "(" and self.js and header is None:      # a header is no arrow's
            arrow = self.js_arrow_after(index)
            if arrow >= 0:
                return self.js_arrow(index, arrow)
        if key != "{":
            self.push(BRACKET, "paren", index).body = header
            return index + 1
        if isinstance(expect, _Body):                       # a structure's block
            self.body_frame(expect, BRACKET, index)
        elif top.pending is not None:                       # Swift `if a, b {`
            body, top.pending = top.pending, None
            self.body_frame(body, BRACKET, index)
        elif self.swift and top.role in _DECLARATION_ROLES and top.kind == BRACKET:
            self.swift_member_brace(index)
        elif expect == "arm":                               # Java `case x -> {`
            self.push(BRACKET, "block", index)
        elif expect == "lambda":
            self.push(BRACKET, "lambda", index, nesting=top.nesting + 1)
        elif expect == "class":                             # anonymous class
            self.push(BRACKET, "class", index, function=None,
                      prefix=top.prefix + "(anonymous).")
        elif self.objc:
            self.objc_brace(index)
        elif self.dart:
            self.dart_brace(index)
        elif self.js:
            self.js_brace(index)
        elif top.role in _DECLARATION_ROLES and top.kind == BRACKET and top.entries:
            self.enum_entry_body(index)
        elif top.role in _DECLARATION_ROLES and top.kind == BRACKET and \
                (self.java or self.key(index - 1) == "init"):
            # Java initializer blocks, record compact constructors, Kotlin `init`: not
            # functions, their tokens stay in the class's scope.
            self.push(BRACKET, "scope", index)
        elif self.rules.brace_is_lambda:
            self.push(BRACKET, "lambda", index, nesting=top.nesting + 1)
        elif self.key(index - 1) in ("=", "]", "(") or top.role == "value":
            self.push(BRACKET, "value", index)              # Java array initializer
        else:
            self.push(BRACKET, "block", index)
        return index + 1

    def close_bracket(self, index: int) -> int:
        frame = self.pop_to_opener(index)
        if frame is None:
            return index + 1                                # stray: diagnosed already
        top = self.top
        if frame.role == "params" and index in self.after_params:   # JS: on to the body
            function, body = self.after_params.pop(index)
            return self.js_open_body(function, body)
        if frame.body is not None:                          # `if (...)` and the like
            self.open_body(frame.body, index + 1)
        elif frame.opener in self.new_parens and self.key(index + 1) == "{":
            self.expect = "class"                           # `new X(...) { ... }`
        elif frame.role in ("block", "switch", "when"):
            # A block statement ended.  Java: so may the braceless bodies around it.  Kotlin:
            # the block may be part of an expression (`if (a) { 1 } else { 2 }.also {}`), so
            # only `else`/`catch`/`while` are noted; the newline ends the statement.
            if self.body_complete(frame, index + 1) and not self.rules.newline_statements:
                self.statement_end(index + 1, index)
        elif frame.role in ("function", "class", "scope") and top.kind == BRACKET:
            top.assigned = False                            # a member ended
        return index + 1

    def open_brackets(self):
        """Bracket frames on the stack, innermost first (the opener sought is almost always
        the top one, so the search is short)."""
        return (frame for frame in reversed(self.stack) if frame.kind == BRACKET)

    # -- statements --------------------------------------------------------------------------

    def semicolon(self, index: int, expect):
        self.statement_end(index + 1, index)
        top = self.top
        if top.kind == BRACKET and top.role in _DECLARATION_ROLES:
            top.assigned = False
            top.entries = False                             # enum constants end at `;`
        return index + 1

    def comma(self, index: int, expect):
        while self.top.kind == EXPR:                        # `f(a ? b : c, x -> y, z)`
            self.pop(index - 1)
        if self.dart:
            self.dart_comma(index)
        return None

    def newline(self, index: int) -> None:
        """Kotlin, Swift: a newline ends the statement of a STMT or EXPR frame (a Swift
        ternary's branches) unless the line goes on (binary operator at the end of the line,
        `.`/`?:`/`&&` ... at the start of the next)."""
        if self.goes_on(index):
            return
        top = self.top
        if top.kind in (STMT, EXPR) and top.start < index:
            self.statement_end(index, index - 1)
        self.top.seen_or = self.top.in_and = False          # a new statement

    def goes_on(self, index: int) -> bool:
        """Does the statement go on over the line break before ``index``?"""
        before = self.keys[index - 1]
        if self.rules.asi:
            line = self.tokens[index].line - 1
            if line < len(self.line_flags) and self.line_flags[line] & LINE_JSX:
                return True                                 # JSX markup: no statement here
            if before == ">" and self.closes_element(index - 1):
                before = "\0tag"                            # `</View>`: the element is done
        return before in self.rules.continues_after or \
            self.keys[index] in self.rules.continues_before

    def closes_element(self, index: int) -> bool:
        """Is the `>` at ``index`` the end of a JSX closing tag (`</View>`, `</>`)?"""
        return self.key(index - 1) == "</" or (
            self.tokens[index - 1].kind == "name" and self.key(index - 2) == "</")

    # -- control structures -------------------------------------------------------------------

    def control(self, index: int, struct: str, *, condition: bool, loop=False,
                branch=False, cognitive=True):
        """``if``/``for``/``while``/``switch``/``when``/``do``/``try``: the structure's
        increments, then its body after the condition (``condition``) or right away."""
        top = self.top
        if cognitive:
            self.structural(top)
        if top.function is not None:
            top.function.loops += loop
            top.function.branches += branch
        nesting = top.nesting if struct == "try" else top.nesting + 1
        self.body_after(_Body(struct, nesting, self.enter_structure(top)), index, condition)
        return index + 1

    def body_after(self, body, index: int, header: bool):
        """Opens `body` after the `(...)` header that follows token `index`, or at once;
        Swift: at the next `{` of this level (conditions without parentheses)."""
        if header and self.key(index + 1) == "await":        # JS `for await (`
            index += 1
        if header and self.rules.brace_conditions:
            self.top.pending = body
        elif header and self.key(index + 1) == "(":
            self.header = (index + 1, body)
        else:
            self.open_body(body, index + 1)

    def kw_if(self, index: int, expect):
        top = self.top
        self.cyclomatic(top)
        if expect == "else-if":                              # H given by the `else`
            if top.function is not None:
                top.function.branches += 1
            self.body_after(_Body("if", top.nesting + 1, top.depth + 1), index, True)
            return index + 1
        return self.control(index, "if", condition=True, branch=True)

    def kw_else(self, index: int, expect):
        top = self.top
        if self.kotlin and top.role == "when" and top.kind == BRACKET:
            return index + 1                                 # `else ->` arm
        if top.pending is not None and top.pending.struct == "guard":
            return index + 1                                 # `guard c else {`: nothing
        if expect != "else":
            # Kotlin `if (a) x else y` on one line: the if body ends at the `else`.
            while self.top.kind in (STMT, EXPR):
                frame = self.pop(index - 1)
                if frame.struct == "if":
                    break
            top = self.top
        after = self.key(index + 1)
        # Kotlin: `else` is H only before `{` or `if` (`if (c) a else b` is a ternary).
        if not self.kotlin or after in ("{", "if"):
            self.flat(top)
        if after == "if":
            self.expect = "else-if"
            return index + 1
        self.open_body(_Body("else", top.nesting + 1, top.depth + 1), index + 1)
        return index + 1

    def kw_loop(self, index: int, expect):
        top = self.top
        self.cyclomatic(top)
        if expect == "do-tail":                              # `do { } while (c)`: its CCN only
            return index + 1
        return self.control(index, "loop", condition=True, loop=True)

    def kw_do(self, index: int, expect):
        return self.control(index, "do", condition=False, loop=True)

    def kw_try(self, index: int, expect):
        # Try-with-resources `try (...) {`: the resources' `(` opens the body when it closes.
        return self.control(index, "try", condition=True, cognitive=False)

    def kw_catch(self, index: int, expect):
        top = self.top
        self.cyclomatic(top)
        self.structural(top)
        self.body_after(_Body("catch", top.nesting + 1, top.depth + 1), index, True)
        return index + 1

    def kw_finally(self, index: int, expect):
        top = self.top
        self.open_body(_Body("finally", top.nesting, top.depth + 1), index + 1)
        return index + 1

    def kw_switch(self, index: int, expect):
        # Java `switch`, Kotlin `when`: S once; the arms are nested in the body.
        top = self.top
        self.structural(top)
        role = "when" if self.kotlin else "switch"
        body = _Body(role, top.nesting + 1, self.enter_structure(top))
        if self.rules.brace_conditions:
            top.pending = body
        elif self.key(index + 1) == "(":
            self.header = (index + 1, body)
        else:
            self.expect = body
        return index + 1

    def kw_return(self, index: int, expect):
        if self.top.function is not None:
            self.top.function.returns += 1
        return None

    def kw_jump(self, index: int, expect):
        # Labelled `break label` (Java) and `break@label` (Kotlin): F.
        after = self.key(index + 1)
        labelled = (after == "@" and not self.newline_before(index + 1)) if self.kotlin \
            else (self.is_name(index + 1) and after not in ("case", "default") and
                  not self.newline_before(index + 1))
        if labelled:
            self.flat(self.top)
        return None

    def boolean(self, index: int, expect):
        """``&&`` / ``||``: +1 cyclomatic each; cognitive +1 per sequence per grammar node:
        within one bracket/statement group, all ``||`` form one node and each run of ``&&``
        between them another (``&&`` binds tighter)."""
        top = self.top
        self.cyclomatic(top)
        if self.keys[index] == "||":
            if not top.seen_or:
                self.flat(top)
                top.seen_or = True
            top.in_and = False
        else:
            if not top.in_and:
                self.flat(top)
                top.in_and = True
        return index + 1

    def question(self, index: int, expect):
        """Java ``?``: a ternary (+1, S, branches nested) unless a generic wildcard (D4)."""
        if self.swift:
            if self.adjacent(index):                         # `T?`, `x?.y`, `try?`, `as?`
                return index + 1
            return self.ternary(index)
        if not self.java:
            return None
        before, after = self.key(index - 1), self.key(index + 1)
        wildcard = before in ("<", ",") or after in (">", ">>", ">>>", ",") or (
            after in ("extends", "super") and self.key(index + 2) != ".")
        if wildcard:
            return index + 1
        return self.ternary(index)

    def ternary(self, index: int) -> int:
        """A ternary's `?`: +1, S, and its branches nested (an EXPR frame)."""
        top = self.top
        self.cyclomatic(top)
        self.structural(top)
        self.push(EXPR, "ternary", index + 1, nesting=top.nesting + 1)
        return index + 1

    def elvis(self, index: int, expect):
        self.cyclomatic(self.top)                            # cognitive 0 (section 4)
        return index + 1

    def arrow(self, index: int, expect):
        top = self.top
        if top.kind == BRACKET and top.role == "when":       # Kotlin arm
            top.arms += 1
            self.cyclomatic(top)
            if top.function is not None:
                top.function.branches += 1
            self.open_body(_Body("arm", top.nesting, top.depth), index + 1)
            return index + 1
        if not self.java:
            return index + 1                                 # lambda parameters, types
        if top.kind == BRACKET and top.role == "switch":      # Java `case x ->`
            if self.key(index + 1) == "{":
                self.expect = "arm"
            return index + 1
        if self.key(index + 1) == "{":                       # Java lambda
            self.expect = "lambda"
        else:
            self.push(EXPR, "lambda", index + 1, nesting=top.nesting + 1)
        return index + 1

    def kw_case(self, index: int, expect):
        if not (self.java or self.swift or self.js or self.objc or self.dart):
            return None
        top = self.top
        self.cyclomatic(top)
        # Swift `if case`, `guard case`, `for case`, `catch case`: +1, not an arm; Dart
        # `if (x case P)`: +1, not an arm.
        if self.dart:
            label = top.role == "switch"
        else:
            label = not self.swift or (top.role == "switch" and self.key(index - 1) not in (
                "if", "guard", "for", "while", ",", "catch"))
        if top.function is not None and label:
            top.function.branches += 1
        return index + 1

    def kw_default(self, index: int, expect):
        # A `default:` / `default ->` arm is a branch (not `case null, default`, not an
        # interface `default` method).
        top = self.top
        if self.java and top.role == "switch" and self.key(index - 1) != "," and \
                self.key(index + 1) in (":", "->") and top.function is not None:
            top.function.branches += 1
        return None

    def kw_new(self, index: int, expect):
        """Java ``new T<...>(...)``: remember the `(`; a `{` after its `)` is a class body."""
        probe = index + 1
        while probe < len(self.keys):
            key = self.keys[probe]
            if key == "<":
                probe = self.skip_angles(probe)
            elif key == "(":
                self.new_parens.add(probe)
                break
            elif self.is_name(probe) or key in (".", "@"):
                probe += 1
            else:
                break
        return index + 1

    # -- declarations --------------------------------------------------------------------------

    def new_function(self, name: str, token: int, is_async: bool, parameters: int,
                     member_of: Optional[_Frame] = None):
        """A function declared at the top frame; ``member_of``: the frame whose class it is
        a method of, when not the top one (Swift property accessors)."""
        top = self.top
        member_of = member_of or top
        is_method = member_of.kind == BRACKET and member_of.role == "class"
        function = _Function(name, top.prefix + name, self.tokens[token], is_method, is_async,
                             top.enclosing, top.nesting + 1, parameters)
        self.functions.append(function)
        if is_method and member_of.class_ is not None:
            member_of.class_.methods.append(function)
        return function

    def open_function(self, function: _Function, kind: str, body: int) -> int:
        """Push the function's body frame at ``body`` (its ``{``, or the first token of a
        Kotlin expression body); the header between is never visited."""
        top = self.top
        self.push(kind, "function", body, function=function,
                  enclosing=top.enclosing + (function,), nesting=top.nesting + 1, depth=0,
                  prefix=function.qualified_name + ".", owner=function)
        return body + 1 if kind == BRACKET else body

    def count_parameters(self, open_index: int, close: int) -> int:
        """Parameters at the top level of ``( ... )``: non-empty segments between commas,
        commas in nested brackets and in generic ``<...>`` excluded.  A ``<`` glued to the
        name before it opens a generic (``Map<K, V>``); a spaced one is a comparison in a
        Kotlin default value."""
        count, segment, angles = 0, False, 0
        index = open_index + 1
        while index < close:
            key = self.keys[index]
            if key in ("(", "[", "{"):
                segment = True
                index = self.skip_group(index)
                continue
            if key == "<" and self.glued(index):
                angles += 1
            elif key in (">", ">>", ">>>") and angles:
                angles = max(0, angles - len(key))
            elif key == "," and not angles:
                count += segment
                segment = False
            else:
                segment = True
            index += 1
        return count + segment

    def glued(self, index: int) -> bool:
        before, token = self.tokens[index - 1], self.tokens[index]
        return before.kind == "name" and before.end_line == token.line and \
            before.col + len(before.text.encode("utf-8", "replace")) == token.col

    def kw_class(self, index: int, expect):
        """``class``/``interface``/``enum``/``record`` (Java), ``class``/``interface``/
        ``object`` (Kotlin): a class record and its body.  Java ``@interface`` (annotation
        type) and Kotlin object expressions ``object : T { }`` have a body but no record."""
        keyword, before = self.keys[index], self.key(index - 1)
        if before in (".", "::"):
            return None                                      # `Object.class`, `A::class`
        name = index + 1
        if self.java and keyword == "record" and not (
                self.is_name(name) and self.key(name + 1) in ("(", "<")):
            return None                                      # `record` as a name
        if self.kotlin and keyword == "object" and self.key(name) in (":", "{") \
                and before != "companion":
            return self.object_expression(index)
        if self.kotlin and keyword == "object" and before == "companion" and \
                (not self.is_name(name) or self.keys[name] in ("{", ":")):
            text, name = "Companion", index
        elif self.is_name(name):
            text = self.keys[name]
        else:
            return None
        if self.swift:
            if keyword == "class" and text in _SWIFT_MEMBER_WORDS:
                return None                                  # `class func`, `class var`
            if keyword == "extension":                       # named by the extended type
                while self.key(name + 1) == "." and self.is_name(name + 2):
                    name += 2
                    text += "." + self.keys[name]
        is_enum = not self.swift and (keyword == "enum" or (self.kotlin and before == "enum"))
        body, last = self.class_header(name + 1)
        top = self.top
        class_ = None
        if not (self.java and keyword == "interface" and before == "@"):
            class_ = _Class(text, top.prefix + text, self.tokens[index])
            self.classes.append(class_)
        if body < 0:                                         # Kotlin `data class D(...)`
            if class_ is not None:
                class_.end_line = self.tokens[last].end_line
            return last + 1
        self.push(BRACKET, "class", body, function=None, class_=class_,
                  prefix=top.prefix + text + ".", entries=is_enum)
        return body + 1

    def class_header(self, index: int):
        """Look over a class header (type parameters, primary constructor, supertypes):
        (index of the body's ``{`` or -1, index of the header's last token)."""
        start = index
        while index < len(self.keys):
            key = self.keys[index]
            if key == "{":
                return index, index - 1
            if key in ("(", "["):
                if self.brackets.closer[index] < 0:
                    break
                index = self.skip_group(index)
                continue
            if key in (";", "}", ")", "]"):
                break
            if self.kotlin and index > start and self.newline_before(index) and \
                    key not in (":", ",", "where", ".", "<", ">", "by") and \
                    self.keys[index - 1] not in (":", ",", "where", ".", "<", "by"):
                break
            index += 1
        return -1, max(index - 1, start - 1)


def _handlers(rules: Rules) -> dict:
    table = {
        "if": _Pass.kw_if, "else": _Pass.kw_else, "for": _Pass.kw_loop,
        "while": _Pass.kw_loop, "do": _Pass.kw_do, "try": _Pass.kw_try,
        "catch": _Pass.kw_catch, "finally": _Pass.kw_finally, "return": _Pass.kw_return,
        "break": _Pass.kw_jump, "continue": _Pass.kw_jump, "&&": _Pass.boolean,
        "||": _Pass.boolean, ";": _Pass.semicolon, ",": _Pass.comma, "->": _Pass.arrow,
    }
    for keyword in rules.class_keywords:
        table[keyword] = _Pass.kw_class
    if rules.name == "java":
        table.update({"switch": _Pass.kw_switch, "case": _Pass.kw_case,
                      "default": _Pass.kw_default, "?": _Pass.question, "new": _Pass.kw_new})
    if rules.name == "kotlin":
        table.update({"when": _Pass.kw_switch, "?:": _Pass.elvis, "fun": _Pass.kw_fun})
    if rules.name in ("javascript", "typescript"):
        table.update({"switch": _Pass.kw_switch, "case": _Pass.kw_case,
                      "?": _Pass.js_question, "function": _Pass.js_function,
                      "=>": _Pass.js_bare_arrow, "=": _Pass.js_default,
                      "??": _Pass.elvis, "??=": _Pass.elvis, "&&=": _Pass.elvis,
                      "||=": _Pass.elvis})
        del table["->"]
    if rules.name == "swift":
        del table["do"], table["try"], table["finally"]
        table.update({"switch": _Pass.kw_switch, "case": _Pass.kw_case, "?": _Pass.question,
                      "func": _Pass.swift_func, "init": _Pass.swift_init,
                      "deinit": _Pass.swift_init, "subscript": _Pass.swift_init,
                      "guard": _Pass.swift_guard, "repeat": _Pass.kw_do,
                      "do": _Pass.swift_do, "defer": _Pass.swift_defer,
                      "where": _Pass.swift_where, "#if": _Pass.swift_directive,
                      "#elseif": _Pass.swift_directive})
        for accessor in ("get", "set", "willSet", "didSet"):
            table[accessor] = _Pass.swift_accessor
    if rules.name == "objc":
        del table["try"], table["catch"], table["finally"], table["->"]
        table.update({"switch": _Pass.kw_switch, "case": _Pass.kw_case,
                      "?": _Pass.objc_question, "@try": _Pass.kw_try,
                      "@catch": _Pass.kw_catch, "@finally": _Pass.kw_finally,
                      "goto": _Pass.objc_goto, "@end": _Pass.objc_end,
                      "-": _Pass.objc_method, "+": _Pass.objc_method})
        for keyword in rules.class_keywords:
            table[keyword] = _Pass.objc_class
    if rules.name == "dart":
        del table["->"]
        table.update({"switch": _Pass.dart_switch, "case": _Pass.kw_case,
                      "?": _Pass.dart_question, "??": _Pass.elvis, "=>": _Pass.dart_arrow,
                      "on": _Pass.dart_on})
        for keyword in rules.class_keywords:
            table[keyword] = _Pass.dart_class
    return table


