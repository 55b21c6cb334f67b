"""Declarations and Swift-only statements of the brace-language metrics pass.

A mixin of ``brace_metrics._Pass`` (docs/metrics_mobile.md section 1, DECISIONS.md):

- functions: ``func`` (named by the identifier, backticks kept, or by the operator symbol),
  ``init``/``init?``/``init!``, ``deinit`` and ``subscript`` in a type body, and the
  accessors ``get``/``set``/``willSet``/``didSet`` written as a block directly in a property
  (methods of the type, qualified ``Type.get``) or in a ``subscript`` (functions nested in
  it, ``Type.subscript.get``).  A declaration without a body (protocol requirements) is
  not a function;
- a ``{`` at type or file level is a property body (``var x: T { ... }``: accessors, or a
  shorthand getter whose tokens count nowhere) unless it follows ``=``, ``(``, ``,`` or
  ``[`` (a closure value: counts nowhere either);
- statements without a Java/Kotlin twin: ``guard ... else {``, ``do {`` (a try),
  ``defer {`` (a plain block), the ``where`` of a ``for`` header (cognitive H),
  ``#if``/``#elseif`` lines (compilation conditions: their ``&&``/``||`` count nothing).

Conditions stand without parentheses: the body of ``if``/``guard``/``for``/``while``/
``switch``/``catch`` is the next ``{`` at the level of the keyword (``_Frame.pending``).
"""

from __future__ import annotations

from .brace_structure import BRACKET, DECLARATION_ROLES, _Body

# Lines of a signature go on after these (and before the tokens of _SIGNATURE_NEXT).
_SIGNATURE_AFTER = frozenset("-> , : where & . throws rethrows async".split())
_SIGNATURE_NEXT = frozenset("-> where throws rethrows async { . , & :".split())
# `class func`, `class var` ...: `class` as a modifier.
_MEMBER_WORDS = frozenset("func var let subscript init override final static private public "
                          "internal fileprivate open required convenience".split())


class SwiftDeclarations:

    def swift_func(self, index: int, expect):
        """``func name<T>(params) [async] [throws] [-> T] [where ...] {``."""
        name = index + 1
        if name >= len(self.keys) or self.key(index - 1) == ".":
            return None
        probe, text = name + 1, self.keys[name]
        if self.tokens[name].kind == "name":
            if self.key(probe) == "<":
                probe = self.skip_angles(probe)
        elif self.tokens[name].kind == "op":    # operator: `==`, `<*>` lexed as pieces
            while probe < len(self.keys) and self.tokens[probe].kind == "op" and \
                    self.keys[probe] != "(" and self.adjacent(probe):
                text += self.keys[probe]
                probe += 1
        else:
            return index + 1                     # `func 1`, `func "x"`: no name
        if self.key(probe) != "(" or self.brackets.closer[probe] < 0:
            return index + 1
        return self.swift_function(text, index, probe)

    def swift_init(self, index: int, expect):
        """``init[?!]<T>(...)``, ``deinit``, ``subscript(...)`` in a type (or file) body."""
        top = self.top
        if top.kind != BRACKET or top.role not in DECLARATION_ROLES or \
                self.key(index - 1) == ".":
            return None
        keyword = self.keys[index]
        if keyword == "deinit":
            if self.key(index + 1) != "{":
                return index + 1
            function = self.new_function(keyword, index, False, 0)
            return self.open_function(function, BRACKET, index + 1)
        probe = index + 1
        if self.key(probe) in ("?", "!") and self.adjacent(probe):
            probe += 1
        if self.key(probe) == "<":
            probe = self.skip_angles(probe)
        if self.key(probe) != "(" or self.brackets.closer[probe] < 0:
            return index + 1
        return self.swift_function(keyword, index, probe)

    def swift_function(self, name: str, token: int, open_index: int) -> int:
        close = self.brackets.closer[open_index]
        body, is_async = self.swift_signature(close + 1)
        if body < 0:
            return close + 1                     # a requirement without a body
        function = self.new_function(name, token, is_async,
                                     self.count_parameters(open_index, close))
        return self.open_function(function, BRACKET, body)

    def swift_signature(self, index: int):
        """After the parameters: (index of the body's ``{`` or -1, is async).  Effects,
        return type and ``where`` clause are looked over; a newline ends the signature
        unless the line goes on."""
        start, is_async = index, False
        while index < len(self.keys):
            key = self.keys[index]
            if key == "{":
                return index, is_async
            if key in ("(", "["):
                if self.brackets.closer[index] < 0:
                    break
                index = self.skip_group(index)
                continue
            if key in (";", "}", ")", "]", "="):
                break
            if index > start and self.newline_before(index) and \
                    key not in _SIGNATURE_NEXT and self.keys[index - 1] not in _SIGNATURE_AFTER:
                break
            is_async = is_async or key == "async"
            index += 1
        return -1, False

    def swift_accessor(self, index: int, expect):
        """``get {``, ``set {``, ``set(v) {``, ``willSet {``, ``didSet {`` directly in a
        property body (a method of the type) or a subscript's body (nested in it)."""
        top = self.top
        in_property = top.kind == BRACKET and top.role == "property"
        in_subscript = top.kind == BRACKET and top.role == "function" and \
            top.owner is not None and top.owner.name == "subscript"
        if not (in_property or in_subscript) or self.key(index - 1) in (".", "?."):
            return None
        probe, parameters = index + 1, 0
        if self.key(probe) == "(":
            close = self.brackets.closer[probe]
            if close < 0:
                return None
            parameters = self.count_parameters(probe, close)
            probe = close + 1
        if self.key(probe) != "{":
            return None
        member_of = self.stack[-2] if in_property else top
        function = self.new_function(self.keys[index], index, False, parameters,
                                     member_of=member_of)
        return self.open_function(function, BRACKET, probe)

    def swift_member_brace(self, index: int) -> None:
        """A ``{`` nobody claimed at type or file level: a closure value after ``=``, ``(``,
        ``,``, ``[``; else a property body."""
        if self.key(index - 1) in ("=", "(", ",", "[", "return", "in"):
            self.push(BRACKET, "lambda", index, nesting=self.top.nesting + 1)
        else:
            self.push(BRACKET, "property", index)

    # -- statements --------------------------------------------------------------------------

    def swift_guard(self, index: int, expect):
        """``guard c else { }``: +1, S, a branch and a structure; its ``else`` adds nothing."""
        top = self.top
        self.cyclomatic(top)
        self.structural(top)
        if top.function is not None:
            top.function.branches += 1
        top.pending = _Body("guard", top.nesting + 1, self.enter_structure(top))
        return index + 1

    def swift_do(self, index: int, expect):
        """``do { } catch ...``: one structure, like ``try`` (no cognitive increment)."""
        if self.key(index + 1) != "{":
            return index + 1
        return self.control(index, "try", condition=False, cognitive=False)

    def swift_defer(self, index: int, expect):
        """``defer { }``: a plain block (no structure, no nesting: DECISIONS §4)."""
        if self.key(index + 1) == "{":
            top = self.top
            self.expect = _Body("defer", top.nesting, top.depth)
        return index + 1

    def swift_where(self, index: int, expect):
        """The ``where`` of a ``for`` header: cognitive H (DECISIONS §4)."""
        pending = self.top.pending
        if pending is not None and pending.struct == "loop":
            self.flat(self.top)
        return index + 1

    def swift_directive(self, index: int, expect):
        """``#if``/``#elseif`` conditions are compilation conditions: skip the line."""
        line, probe = self.tokens[index].line, index + 1
        while probe < len(self.keys) and self.tokens[probe].line == line:
            if self.keys[probe] in ("(", "[") and self.brackets.closer[probe] >= 0:
                probe = self.skip_group(probe)
            elif self.keys[probe] in ("(", "[", "{", "}", ")", "]"):
                break                            # an unbalanced line: let the walk see it
            else:
                probe += 1
        return probe
