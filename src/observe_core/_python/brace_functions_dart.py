"""Declarations and Dart-only statements of the brace-language metrics pass.

A mixin of ``brace_metrics._Pass`` (docs/metrics_mobile.md sections 1-6, DECISIONS.md):

- functions: ``[T] name[<T>](params) [async|async*|sync*] {`` or ``=> expr;`` at file or
  class level and in bodies (local functions); methods, getters ``T get x`` and setters
  ``set x(v)`` (named ``get x``/``set x``), operators ``operator ==`` (named so),
  constructors: unnamed ``A(...)`` (named after the class), named and factory ones
  ``[factory] A.named(...)`` (named ``named``; ``line`` is the class-name token), with a
  body after an initializer list ``: x = 1 {``.  A declaration without a body (abstract
  members, ``const A(this.x);``, redirecting constructors) is no function;
- classes: ``class``, ``mixin``, ``extension`` (named; an unnamed one by its extended type),
  ``enum``; the ``on`` of ``mixin M on T`` / ``extension X on T`` is part of the header;
- closures ``(x) { }``, ``(x) => e`` (and ``async`` ones) are lambdas of the enclosing
  function; an arrow body ends at ``;``, ``,`` or the closing bracket around it;
- ``try { } on T { } on T catch (e) { } catch (e) { }``: each clause is one catch (+1, S);
- a switch *expression* (``switch`` not in statement position) has arms ``pattern => e,``:
  each adds 1 and is a branch, the wildcard ``_ =>`` neither;
- ``?`` is a ternary unless glued to the token before it (``int?``, ``a?[i]``); ``??`` is
  CCN +1, cognitive 0; ``?.``, ``?..``, ``...?``, ``??=``, cascades count nothing;
- collection ``if``/``for`` elements are statements whose bodies end at ``,`` (or the
  bracket's end).
"""

from __future__ import annotations

from .brace_records import _Class
from .brace_structure import BRACKET, DECLARATION_ROLES, EXPR, STMT, _Body

# Reserved words and built-in words that never name a function being declared.
_RESERVED = frozenset("assert break case catch class const continue default do else enum "
                      "extends false final finally for if in is new null rethrow return super "
                      "switch this throw true try var void while with await yield async sync "
                      "on late required covariant static abstract external factory typedef "
                      "import export library part show hide as deferred mixin extension "
                      "sealed base interface when".split())
_VALUE_AFTER = frozenset("= ( , : [ => return ? ?? || && ! ... ...? yield in const > "
                         "+ - * / % == != < <= >=".split())
_TYPE_PARAMETERS_MAX = 64


class DartDeclarations:

    # -- classes -----------------------------------------------------------------------------

    def dart_class(self, index: int, expect):
        """``class``/``mixin``/``extension``/``enum`` at file or class level."""
        top = self.top
        if top.kind != BRACKET or top.role not in DECLARATION_ROLES or \
                self.key(index - 1) in (".", "?."):
            return None
        keyword, name = self.keys[index], index + 1
        if keyword == "mixin" and self.key(name) == "class":
            return name                                  # `mixin class M`: the class decides
        if keyword == "extension" and self.key(name) == "type" and self.is_name(name + 1):
            name += 1                                    # `extension type Id(int v)`
        if keyword == "extension" and (self.key(name) == "on" or not self.is_name(name)):
            probe = name + 1 if self.key(name) == "on" else name
            text = self.keys[probe] if self.is_name(probe) else "(anonymous)"
            header = name
        elif self.is_name(name) and self.keys[name] not in ("on", "with"):
            text, header = self.keys[name], name + 1
        else:
            return None
        body, last = self.class_header(header)
        class_ = _Class(text, top.prefix + text, self.tokens[index])
        self.classes.append(class_)
        if body < 0:                                     # `class A = B with M;`
            class_.end_line = self.tokens[max(last, index)].end_line
            return max(last, index) + 1
        self.push(BRACKET, "class", body, function=None, class_=class_,
                  prefix=top.prefix + text + ".")
        return body + 1

    # -- functions ---------------------------------------------------------------------------

    def dart_member(self, index: int) -> int:
        """A name at file or class level, or at statement level in a body: a function
        declaration when a body follows its parameters."""
        top = self.top
        key, before = self.keys[index], self.key(index - 1)
        if before == "@":                                # annotation `@Name(args)`
            if self.key(index + 1) == "(" and self.brackets.closer[index + 1] >= 0:
                return self.skip_group(index + 1)
            return index + 1
        if top.assigned or before in (".", "?.", "..", "?..", "new", "const"):
            return index + 1
        declaration = top.role in DECLARATION_ROLES
        token, probe, name = index, index + 1, key
        if declaration and key in ("get", "set") and self.is_name(index + 1) and \
                self.key(index + 2) in ("(", "=>", "{", "async", "sync"):
            token, probe = index + 1, index + 2          # getter / setter
            name = key + " " + self.keys[index + 1]
            if self.key(probe) != "(":
                return self.dart_function(name, token, index, probe, -1)
        elif declaration and key == "operator" and index + 1 < len(self.keys) and \
                self.tokens[index + 1].kind == "op" and self.keys[index + 1] != "(":
            while probe < len(self.keys) and self.tokens[probe].kind == "op" and \
                    self.keys[probe] != "(":
                probe += 1
            name = "operator " + "".join(self.keys[index + 1:probe])
        elif key in _RESERVED:
            return index + 1
        elif declaration and self.key(index + 1) == "." and self.is_name(index + 2) and \
                self.key(index + 3) in ("(", "<"):
            name, probe = self.keys[index + 2], index + 3  # named / factory constructor
        if self.key(probe) == "<" and (declaration or self.glued(probe)):
            probe = self.dart_type_parameters(probe)     # `f<T>(` (in a body: glued only)
        if self.key(probe) != "(" or self.brackets.closer[probe] < 0:
            return index + 1
        return self.dart_function(name, token, index, self.brackets.closer[probe] + 1, probe)

    def dart_type_parameters(self, index: int) -> int:
        """Index after a function's type parameters ``<...>`` at ``index``.  The scan is
        bounded (_TYPE_PARAMETERS_MAX tokens, groups skipped whole), so that a name before
        every ``<`` of ``List<List<List<...`` costs O(1), not the rest of the line; a longer
        list is no function's."""
        return self.skip_angles(index, _TYPE_PARAMETERS_MAX)

    def dart_function(self, name: str, token: int, index: int, after: int, open_index: int):
        """After the parameters (``after``): ``async``/``async*``/``sync*``, then ``{`` or
        ``=>``; a constructor's initializer list ``: ...`` before a ``{``."""
        body, is_async = after, False
        if self.key(body) == "async":
            is_async, body = True, body + 1
        elif self.key(body) == "sync":
            body += 1
        if self.key(body) == "*" and body > after:
            body += 1
        if self.key(body) == ":" and open_index >= 0 and not is_async and \
                self.top.role in DECLARATION_ROLES:
            body = self.dart_initializers(body + 1)      # constructor initializer list
        if self.key(body) not in ("{", "=>"):
            return index + 1                             # a call, or no body
        parameters = 0 if open_index < 0 else self.dart_parameters(open_index)
        function = self.new_function(name, token, is_async, parameters)
        if self.keys[body] == "{":
            return self.open_function(function, BRACKET, body)
        return self.open_function(function, STMT, body + 1)

    def dart_initializers(self, index: int) -> int:
        """The index of the ``{`` after an initializer list, or of the token that ends it.
        Every scan starts at declaration level, so one that starts inside the span of the
        previous scan ends where it ended (remembered: linear on ``a() : a() : a() ...``)."""
        start = index
        previous = getattr(self, "_dart_initializers", None)
        if previous is not None and previous[0] <= start < previous[1]:
            return previous[1]
        while index < len(self.keys):
            key = self.keys[index]
            if key in ("{", ";", "}", "=>"):
                break
            if key in ("(", "[") and self.brackets.closer[index] >= 0:
                index = self.skip_group(index)
                continue
            if key in (")", "]"):
                break
            index += 1
        self._dart_initializers = (start, index)
        return index

    def dart_parameters(self, open_index: int) -> int:
        """Top-level parameters, the named ``{...}`` and optional ``[...]`` ones one each (never
        below 0: a group inside a glued ``<...>`` was no segment of its own, ``f(a<b, {}, {})``)."""
        close = self.brackets.closer[open_index]
        count = self.count_parameters(open_index, close)
        index = open_index + 1
        while index < close:
            if self.keys[index] in ("{", "[") and self.brackets.closer[index] >= 0 and \
                    self.key(index - 1) in ("(", ","):
                count += self.count_parameters(index, self.brackets.closer[index]) - 1
            if self.keys[index] in ("(", "[", "{") and self.brackets.closer[index] >= 0:
                index = self.skip_group(index)
                continue
            index += 1
        return max(count, 0)

    # -- braces, arrows, statements ---------------------------------------------------------

    def dart_brace(self, index: int) -> None:
        """An unclaimed ``{``: a closure body after ``)`` / ``async`` / ``sync*``, a map or
        set literal after an operator, else a block (file/class level: nothing counts)."""
        top, before = self.top, self.key(index - 1)
        closure = before in (")", "async") or (before == "*" and self.key(index - 2) in
                                                ("async", "sync"))
        if closure:
            self.push(BRACKET, "lambda", index, nesting=top.nesting + 1)
        elif top.kind == BRACKET and top.role in DECLARATION_ROLES:
            self.push(BRACKET, "scope", index, function=None, enclosing=())
        elif before in _VALUE_AFTER or self.tokens[index - 1].kind == "interp_open":
            self.push(BRACKET, "value", index)
        else:
            self.push(BRACKET, "block", index)

    def dart_arrow(self, index: int, expect):
        """``=>`` not of a declaration: a switch-expression arm, else a closure's body."""
        top = self.top
        if top.kind == BRACKET and top.role == "switchx":
            wildcard = self.key(index - 1) == "_" and self.key(index - 2) in ("{", ",")
            if not wildcard:
                self.cyclomatic(top)
                if top.function is not None:
                    top.function.branches += 1
            self.push(EXPR, "arm", index + 1)
            return index + 1
        self.push(EXPR, "lambda", index + 1, nesting=top.nesting + 1)
        return index + 1

    def dart_switch(self, index: int, expect):
        """``switch``: S once; a statement's body has ``case`` labels, an expression's
        (``switch`` not at the start of a statement) ``=>`` arms."""
        top = self.top
        before = self.key(index - 1)
        statement = index == 0 or before in (";", "{", "}", ")", "else") or \
            (before == ":" and top.role == "switch")
        self.structural(top)
        body = _Body("switch" if statement else "switchx", top.nesting + 1,
                     self.enter_structure(top))
        if self.key(index + 1) == "(":
            self.header = (index + 1, body)
        else:
            self.expect = body
        return index + 1

    def dart_on(self, index: int, expect):
        """``on T {`` / ``on T catch (e) {`` after a try or catch body: one catch clause."""
        if expect != "catch":
            return None
        top = self.top
        self.cyclomatic(top)
        self.structural(top)
        body = _Body("catch", top.nesting + 1, top.depth + 1)
        probe = index + 1
        while probe < len(self.keys):                    # the type
            key = self.keys[probe]
            if key == "<":
                probe = self.skip_angles(probe)
            elif self.is_name(probe) and key != "catch" or key in (".", "?"):
                probe += 1
            else:
                break
        if self.key(probe) == "catch" and self.key(probe + 1) == "(":
            self.header = (probe + 1, body)
            return probe + 1
        self.open_body(body, probe)
        return probe

    def dart_question(self, index: int, expect):
        """``?``: a ternary, unless glued to the token before (``int?``, ``a?[i]``); a glued
        ``a?b:c`` is still one."""
        if self.adjacent(index):
            glued_operand = self.adjacent(index + 1) and \
                self.tokens[index + 1].kind in ("name", "number", "string")
            if not glued_operand:
                return index + 1
        return self.ternary(index)

    def dart_comma(self, index: int) -> None:
        """``,``: collection ``if``/``for`` elements, closures' and arms' expression bodies
        end here."""
        while self.top.kind in (STMT, EXPR):
            self.pop(index - 1)
