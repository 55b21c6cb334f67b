"""Declarations and Objective-C-only statements of the brace-language metrics pass.

A mixin of ``brace_metrics._Pass`` (docs/metrics_mobile.md sections 1-6, DECISIONS.md):

- ``@implementation Name [(Category)] ... @end`` is a class record named ``Name`` (no
  braces: the class frame ends at ``@end``); ``@interface``/``@protocol ... @end`` are class
  scopes without a record (their method declarations end with ``;``: no functions);
  ``@protocol P;``/``@protocol A, B;`` forward declarations and ``@protocol(P)`` expressions
  open nothing;
- methods ``-``/``+`` ``(type) part:(T)a part:(U)b {`` named by their selector without spaces
  (``part:part:``, ``run`` for a unary selector), one parameter per selector part with a
  colon; ``line`` is the ``-``/``+``; a declaration ending with ``;`` is no function;
- C functions ``[static] T name(params) [MACRO|__attribute__((...))] {`` at file or class level,
  not part of a ``typedef``/``enum``/``struct``/``union``/initializer; ``line`` is the name's;
- blocks ``^{``, ``^(params) {``, ``^RetType(params) {`` are lambdas of the enclosing
  function (at file level: nothing counts);
- ``#if``/``#ifdef``/``#elif`` directive lines inside a function add 1 (lizard's rule);
- ``@try``/``@catch``/``@finally`` are try/catch/finally; ``a ?: b`` is CCN +1, cognitive 0;
  ``goto`` is cognitive F; ``@synchronized``/``@autoreleasepool`` blocks are plain blocks.
"""

from __future__ import annotations

import re

from .brace_records import _Class, _Function
from .brace_structure import BRACKET, DECLARATION_ROLES

# Not C function names (statements and operators that take a parenthesis).
_C_KEYWORDS = frozenset("if else for while do switch case default return sizeof typeof "
                        "__typeof__ __typeof _Alignof alignof defined goto break continue "
                        "asm __asm__ _Static_assert static_assert".split())
# Words that make a declaration something other than a function definition.
_NOT_A_FUNCTION = frozenset("typedef enum struct union = , @".split())
# ASCII: a preprocessor word and its blanks are ASCII in C (and a Unicode class would make
# the result depend on the Python version's Unicode database).
_DIRECTIVE = re.compile(r"#\s*(\w+)", re.ASCII)
# Macros and attributes looked over between a C function's `)` and its `{` (a bound keeps
# `F(x) F(x) F(x) ...` linear).
_MACROS_MAX = 8


def _is_macro(name: str) -> bool:
    """``NS_SWIFT_NAME``, ``__attribute__``: an ASCII upper-case name or one starting with
    ``__`` (ASCII, as C macros are: ``str.isupper`` on other letters would depend on the
    Unicode database of the running Python)."""
    return name.startswith("__") or (name.isascii() and name.isupper())


class ObjcDeclarations:

    # -- classes ---------------------------------------------------------------------------

    def objc_class(self, index: int, expect):
        """``@implementation``/``@interface``/``@protocol`` at file or class level."""
        top = self.top
        if top.kind != BRACKET or top.role not in DECLARATION_ROLES or \
                not self.is_name(index + 1):
            return None                                  # `@protocol(P)`: an expression
        keyword, name = self.keys[index], index + 1
        probe = name + 1
        if keyword == "@protocol" and self.key(probe) in (";", ","):
            return probe                                 # forward declaration
        if self.key(probe) == "(" and self.brackets.closer[probe] >= 0:
            probe = self.skip_group(probe)               # category / class extension
        if self.key(probe) == ":" and self.is_name(probe + 1):
            probe += 2                                   # superclass
        if self.key(probe) == "<":
            probe = self.skip_angles(probe)              # adopted protocols
        if top.role == "class" and top.struct == "@":
            self.pop(index - 1)                          # a missing `@end`
            top = self.top
        class_ = None
        text = self.keys[name]
        if keyword == "@implementation":
            class_ = _Class(text, top.prefix + text, self.tokens[index])
            self.classes.append(class_)
        frame = self.push(BRACKET, "class", index, function=None, enclosing=(), class_=class_,
                          prefix=top.prefix + text + ".", struct="@")
        frame.start = probe                              # a C function's look-back stops here
        return probe

    def objc_end(self, index: int, expect):
        """``@end``: closes the innermost ``@implementation``/``@interface``/``@protocol``.

        Such a frame is only pushed at file level (at class level the class frame is one,
        popped first), so it can only be the second frame of the stack: one look, not a
        search of the stack per ``@end`` (quadratic under deep nesting)."""
        if len(self.stack) < 2 or not (self.stack[1].struct == "@" and
                                       self.stack[1].role == "class"):
            return index + 1
        while True:
            frame = self.pop(index if self.top.struct == "@" and self.top.role == "class"
                             else index - 1)
            if frame.struct == "@" and frame.role == "class":
                return index + 1

    # -- methods and C functions -------------------------------------------------------------

    def objc_method(self, index: int, expect):
        """``-``/``+`` starting a method at class level (or at file level after a declaration
        boundary): ``(type) selector-parts {``."""
        top = self.top
        if top.kind != BRACKET or top.role not in DECLARATION_ROLES:
            return None
        if top.role == "file" and not self.objc_boundary(index - 1):
            return None
        probe = index + 1
        if self.key(probe) == "(":
            if self.brackets.closer[probe] < 0:
                return None
            probe = self.skip_group(probe)
        parts, parameters = [], 0
        while probe < len(self.keys):
            key = self.keys[probe]
            if key == "{" and parts:
                break
            if key == ";" or (key == "{" and not parts):
                return probe if key == ";" else None
            if (self.is_name(probe) and self.key(probe + 1) == ":") or key == ":":
                labelled = key != ":"
                parts.append((key if labelled else "") + ":")
                parameters += 1
                probe += 2 if labelled else 1
                if self.key(probe) == "(":
                    if self.brackets.closer[probe] < 0:
                        return None
                    probe = self.skip_group(probe)
                if self.is_name(probe):
                    probe += 1                           # the parameter's name
            elif self.is_name(probe):
                if not parts:
                    parts.append(key)                    # unary selector
                elif self.key(probe + 1) == "(" and self.brackets.closer[probe + 1] >= 0:
                    probe = self.skip_group(probe + 1)   # `__attribute__((...))`, macros
                    continue
                probe += 1                               # `NS_REQUIRES_SUPER`
            elif key in (",", "...") and parts:
                probe += 1                               # variadic `, ...`
            else:
                return None
        else:
            return None
        function = self.new_function("".join(parts), index, False, parameters)
        return self.open_function(function, BRACKET, probe)

    def objc_boundary(self, index: int) -> bool:
        """Does a declaration start after the token at ``index``?"""
        return index < 0 or self.tokens[index].kind == "directive" or \
            self.keys[index] in (";", "}", "{", "@end")

    def objc_c_function(self, index: int) -> int:
        """A name at file or class level: a C function definition ``name(params) {``."""
        key = self.keys[index]
        if key in _C_KEYWORDS or key.startswith("@") or self.key(index + 1) != "(" or \
                self.key(index - 1) in (".", "->"):
            return index + 1
        close = self.brackets.closer[index + 1]
        if close < 0:
            return index + 1
        body, macros = close + 1, 0
        while self.is_name(body) and macros < _MACROS_MAX and _is_macro(self.keys[body]):
            body, macros = body + 1, macros + 1          # `NS_SWIFT_NAME(x)`, attributes
            if self.key(body) == "(":
                if self.brackets.closer[body] < 0:
                    return index + 1
                body = self.skip_group(body)
        if self.key(body) != "{" or not self.objc_declaration_start(index):
            return index + 1
        top = self.top
        if top.role == "class":                          # C has no class scope
            file = self.stack[0]
            function = _Function(key, key, self.tokens[index], False, False, (),
                                 file.nesting + 1, self.count_parameters(index + 1, close))
            self.functions.append(function)
        else:
            function = self.new_function(key, index, False,
                                         self.count_parameters(index + 1, close))
        self.push(BRACKET, "function", body, function=function, enclosing=(function,),
                  nesting=function.body_nesting, depth=0, prefix=function.qualified_name + ".",
                  owner=function)
        return body + 1

    def objc_declaration_start(self, index: int) -> bool:
        """Look back from a candidate C function name to the start of its declaration: no
        ``typedef``/``enum``/``struct``/``union``, no ``=`` or ``,``, no ``@`` keyword."""
        limit = max(self.top.start, 0)
        probe = index - 1
        while probe >= limit:
            if self.tokens[probe].kind == "directive" or self.keys[probe] in (";", "{", "}",
                                                                              "@end"):
                return True
            key = self.keys[probe]
            if key in _NOT_A_FUNCTION or key.startswith("@"):
                return False
            probe -= 1
        return True

    # -- blocks, directives, operators -----------------------------------------------------

    def objc_brace(self, index: int) -> None:
        """An unclaimed ``{``: a block literal, an ivar/enum/struct body or initializer at file
        or class level (nothing counts), an ``@{}`` or initializer value, or a block."""
        top, before = self.top, self.key(index - 1)
        if self.objc_block_literal(index):
            self.push(BRACKET, "lambda", index, nesting=top.nesting + 1)
        elif top.kind == BRACKET and top.role in DECLARATION_ROLES:
            self.push(BRACKET, "scope", index, function=None, enclosing=())
        elif before in ("@", "=", "(", ",", "[", "return", ":", "?"):
            self.push(BRACKET, "value", index)
        else:
            self.push(BRACKET, "block", index)

    def objc_block_literal(self, index: int) -> bool:
        """``^{``, ``^(params) {``, ``^Type(params) {``, ``^Type *(params) {``."""
        before = index - 1
        if self.key(before) == "^":
            return True
        if self.key(before) != ")" or self.brackets.opener[before] < 0:
            return False
        probe = self.brackets.opener[before] - 1
        for _ in range(8):                               # a return type of a few tokens
            if self.key(probe) == "^":
                return True
            if not (self.is_name(probe) or self.key(probe) == "*"):
                return False
            probe -= 1
        return False

    def objc_directive(self, index: int) -> None:
        """``#if``/``#ifdef``/``#elif`` inside a function: +1 (lizard's C rule); no cognitive."""
        match = _DIRECTIVE.match(self.tokens[index].text)
        if match and match.group(1) in ("if", "ifdef", "elif"):
            self.cyclomatic(self.top)

    def objc_question(self, index: int, expect):
        """``?``: a ternary, or the GNU ``a ?: b`` (CCN +1, cognitive 0)."""
        if self.key(index + 1) == ":":
            self.cyclomatic(self.top)
            return index + 2
        return self.ternary(index)

    def objc_goto(self, index: int, expect):
        """``goto label``: cognitive F."""
        self.flat(self.top)
        return index + 1
