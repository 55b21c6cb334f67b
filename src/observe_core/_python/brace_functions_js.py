"""Declarations of JavaScript and TypeScript (JSX/TSX) for the brace-language metrics pass.

A mixin of ``brace_metrics._Pass`` (docs/metrics_mobile.md section 1, DECISIONS.md):

- functions: ``function`` declarations and expressions, arrows ``(a) =>``, ``a =>``,
  ``async (a) =>``, ``<T,>(a) =>``, with a block or an expression body; class and
  object-literal methods ``name(...) {`` (``get x``/``set x`` for accessors,
  ``constructor``), class fields holding an arrow.  A signature without a body (TS
  overloads, ``declare``, abstract members) is not a function;
- names: a function expression or arrow takes the name of the target it is assigned to
  (``module.exports.f = function``, ``const f: T = () =>``, ``key: () =>`` in an object
  literal), else ``(anonymous)``; object literals are no naming scope;
- a function's parameters are walked in its own scope (their default values add 1 each,
  conditions in them count), then the walk jumps to the body (``after_params``);
- TS function types (``(x: T) => U`` after ``:`` outside an object literal, or in a ``type``
  alias) are not functions.

An unclaimed ``{`` is an object literal (role "value") after an operator, ``(``, ``,``,
``return`` ...; a destructuring pattern (role "pattern") after ``const``/``let``/``var``
or inside parameters (its ``=`` add 1 each); else a block.
"""

from __future__ import annotations

from .brace_structure import BRACKET, EXPR

_VALUE_AFTER = frozenset("= ( , : [ return ? ?? || && ! ... yield await in of typeof case "
                         "=> + - * / % < > <= >= == != === !== += -= ??= ||= &&= default "
                         "export".split())
_MEMBER_MODIFIERS = frozenset("static async get set public private protected readonly "
                              "override abstract declare accessor *".split())
_TYPE_STOPS = frozenset("; } ) ] = { , ${".split())


class JsDeclarations:

    # -- functions ---------------------------------------------------------------------------

    def js_function(self, index: int, expect):
        """``[async] function [*] [name] [<T>] (params) [: T] {`` (or ``;``: no body)."""
        probe = index + 1
        if self.key(probe) == "*":
            probe += 1
        name = None
        if self.is_name(probe):
            name, probe = self.keys[probe], probe + 1
        found = self.js_signature(probe)
        if found is None:
            return index + 1
        probe, close, body = found
        if body < 0:
            return close + 1                     # overload, `declare function`
        first = index - 1 if self.key(index - 1) == "async" else index
        if name is None:
            name = self.js_target_name(first)
        function = self.new_function(name, index, self.key(index - 1) == "async",
                                     self.count_parameters(probe, close))
        return self.js_parameters(function, probe, close, body)

    def js_signature(self, probe: int):
        """``[<T>] (params) [: T] {`` at ``probe``: (the ``(``, its closer, the body's ``{`` or
        -1 when there is no body), or None when no parameter list follows."""
        if self.key(probe) == "<":
            probe = self.skip_angles(probe)
        if self.key(probe) != "(" or self.brackets.closer[probe] < 0:
            return None
        close = self.brackets.closer[probe]
        return probe, close, self.js_body_brace(close + 1)

    def js_member(self, index: int) -> int:
        """A name in a class body or an object literal: a method when ``(...) {`` follows."""
        key = self.keys[index]
        if key in _MEMBER_MODIFIERS and (self.is_name(index + 1) or self.key(index + 1) == "*"):
            return index + 1                     # the member's own name decides
        found = self.js_signature(index + 1)
        if found is None or found[2] < 0:
            return index + 1
        probe, close, body = found
        name, before, is_async = key, index - 1, False
        if self.key(before) in ("get", "set") and self.key(before - 1) != ".":
            name = self.keys[before] + " " + key
        while self.key(before) in _MEMBER_MODIFIERS:
            is_async = is_async or self.keys[before] == "async"
            before -= 1
        function = self.new_function(name, index, is_async,
                                     self.count_parameters(probe, close))
        return self.js_parameters(function, probe, close, body)

    def js_arrow(self, open_index: int, arrow: int) -> int:
        """``(params) [: T] =>`` at its ``(``: the function starts at the ``(`` (or the
        ``<`` of ``<T,>(``)."""
        first = open_index
        if self.key(first - 1) == ">":           # `<T,>(...)`: back to the `<`
            depth, probe = 0, first - 1
            while probe >= 0:
                if self.keys[probe] in (">", ">>"):
                    depth += len(self.keys[probe])
                elif self.keys[probe] == "<":
                    depth -= 1
                    if depth <= 0:
                        first = probe
                        break
                elif self.keys[probe] in (";", "{", "}"):
                    break
                probe -= 1
        is_async = self.key(first - 1) == "async"
        name = self.js_target_name(first - 1 if is_async else first)
        close = self.brackets.closer[open_index]
        function = self.new_function(name, first, is_async,
                                     self.count_parameters(open_index, close))
        return self.js_parameters(function, open_index, close, arrow + 1)

    def js_bare_arrow(self, index: int, expect):
        """``=>`` not reached through ``after_params``: ``x => ...`` (one bare parameter),
        or a TS function type's arrow (nothing)."""
        param = index - 1
        if not self.is_name(param) or self.key(param - 1) in (".", "?."):
            return index + 1
        is_async = self.key(param - 1) == "async"
        name = self.js_target_name(param - 1 if is_async else param)
        function = self.new_function(name, param, is_async, 1)
        return self.js_open_body(function, index + 1)

    def js_parameters(self, function, open_index: int, close: int, body: int) -> int:
        """Walk the parameters in the function's scope; at their ``)`` the walk goes on at
        ``body`` (``{`` or the first token of an arrow's expression)."""
        top = self.top
        self.push(BRACKET, "params", open_index, function=function,
                  enclosing=top.enclosing + (function,), nesting=top.nesting + 1, depth=0,
                  prefix=function.qualified_name + ".")
        self.after_params[close] = (function, body)
        return open_index + 1

    def js_open_body(self, function, body: int) -> int:
        kind = BRACKET if self.key(body) == "{" else EXPR
        return self.open_function(function, kind, body)

    def js_body_brace(self, index: int) -> int:
        """After a signature's ``)``: the index of the body's ``{`` (over a ``: Type``
        annotation), or -1."""
        if self.key(index) == "{":
            return index
        if self.key(index) != ":":
            return -1
        index += 1
        if self.key(index) == "{" and self.brackets.closer[index] >= 0:
            index = self.skip_group(index)       # an object type `: { a: T }`
        while index < len(self.keys):
            key = self.keys[index]
            if key == "{":
                return index
            if self.js_type_ends(index):
                return -1
            if key in ("(", "["):
                if self.brackets.closer[index] < 0:
                    return -1
                index = self.skip_group(index)
                continue
            if key in (";", "}", ")", "]", "=") or self.tokens[index].kind not in (
                    "name", "op", "string", "number"):
                return -1
            index += 1
        return -1

    def js_arrow_after(self, open_index: int) -> int:
        """Is the ``(`` at ``open_index`` an arrow's parameter list?  The index of its
        ``=>``, else -1.  TS function types are not arrows."""
        close = self.brackets.closer[open_index]
        if close < 0:
            return -1
        after = close + 1
        if self.key(after) == ":" and self.typescript:    # return type annotation
            after += 1
            while after < len(self.keys) and self.keys[after] != "=>":
                key = self.keys[after]
                if self.js_type_ends(after):
                    return -1
                if key in ("(", "[", "{"):
                    if self.brackets.closer[after] < 0:
                        return -1
                    after = self.skip_group(after)
                    continue
                if key in _TYPE_STOPS or self.tokens[after].kind not in ("name", "op",
                                                                         "string", "number"):
                    return -1
                after += 1
        if self.key(after) != "=>":
            return -1
        if self.typescript:
            before = self.key(open_index - 1)
            if before in ("<", "|", "&") or (before == ":" and (
                    self.top.role != "value" or self.key(open_index - 2) == "?")):
                return -1                        # `x: (a: T) => U`, `Array<() => void>`
            if before == "=" and self.key(open_index - 3) == "type":
                return -1                        # `type H = (a: T) => U`
        return after

    def js_type_ends(self, index: int) -> bool:
        """Does a type annotation being looked over end at a line break before ``index``
        (automatic semicolon insertion: `a(): void` then a new member, an overload without
        `;`)? Not before a `{` (a body on its own line)."""
        return self.newline_before(index) and self.keys[index] != "{" and \
            not self.goes_on(index)

    def js_target_name(self, first: int) -> str:
        """The name of a function expression starting at ``first``: the assignment target
        (dotted as written; over a TS type annotation), an object literal's key, or
        ``(anonymous)``."""
        before = first - 1
        key = self.key(before)
        if key == ":" and self.top.role == "value" and self.is_name(before - 1):
            return self.keys[before - 1]
        if key != "=":
            return "(anonymous)"
        probe = before - 1
        annotated = self.js_annotated_name(probe)
        if annotated is not None:
            return annotated
        if self.is_name(probe):
            name = self.keys[probe]
            while self.key(probe - 1) == "." and self.is_name(probe - 2):
                probe -= 2
                name = self.keys[probe] + "." + name
            return name
        return "(anonymous)"

    def js_annotated_name(self, probe: int):
        """``name: Type =`` ending at ``probe``: the name, or None when there is no
        annotation (TS)."""
        if not self.typescript:
            return None
        while probe > 0:
            key = self.keys[probe]
            if key in (")", "]", "}") and self.brackets.opener[probe] >= 0:
                probe = self.brackets.opener[probe] - 1
                continue
            if key == ":":
                return self.keys[probe - 1] if self.is_name(probe - 1) else None
            if key in (";", "{", "}", "=", ",", "(", "const", "let", "var", "?") or \
                    self.tokens[probe].kind not in ("name", "op"):
                return None
            probe -= 1
        return None

    # -- statements and operators ------------------------------------------------------------

    def js_brace(self, index: int) -> None:
        """An unclaimed ``{``: object literal, destructuring pattern or block."""
        top, before = self.top, self.key(index - 1)
        if top.role in ("params", "pattern") or before in ("const", "let", "var"):
            self.push(BRACKET, "pattern", index)
        elif self.typescript and before == "=" and self.key(index - 3) == "type":
            self.push(BRACKET, "type", index)    # `type T = { a: (x) => void }`
        elif before == ":" and top.role == "switch":
            self.push(BRACKET, "block", index)   # `case x: {`
        elif before in _VALUE_AFTER or (index > 0 and
                                        self.tokens[index - 1].kind == "interp_open"):
            self.push(BRACKET, "value", index)
        else:
            self.push(BRACKET, "block", index)

    def js_default(self, index: int, expect):
        """``=`` of a parameter's or a destructuring pattern's default value: +1."""
        if self.top.role in ("params", "pattern"):
            self.cyclomatic(self.top)
        return None

    def js_question(self, index: int, expect):
        """``?``: a ternary, unless a TS optional marker (``x?:``, ``x?)``, ``f?(``)."""
        top = self.top
        after = self.key(index + 1)
        if after in (":", ")", ",", "=") or top.role in ("class", "file", "params"):
            return index + 1
        return self.ternary(index)
