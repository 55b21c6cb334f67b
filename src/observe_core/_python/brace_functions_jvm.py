"""Declarations of Java and Kotlin for the brace-language metrics pass.

A mixin of ``brace_metrics._Pass``: methods, constructors, Kotlin ``fun`` (block or
expression bodies), accessors, secondary constructors, object expressions and enum
constant bodies (docs/metrics_mobile.md section 1; DECISIONS.md "Java and Kotlin").
"""

from __future__ import annotations

from .brace_structure import BRACKET, STMT

_BLOCK_KEYWORDS = frozenset("if else for while do try catch finally switch when return throw "
                            "new this super synchronized case default yield break continue "
                            "assert".split())


class JvmDeclarations:
    def declaration_name(self, index: int) -> int:
        """A name at class or file level: a Java method or constructor, a Kotlin accessor,
        ``constructor`` or nothing."""
        key = self.keys[index]
        if self.swift:
            return index + 1                                 # Swift: keyword handlers
        if self.js:
            return self.js_member(index) if self.top.role == "class" else index + 1
        if self.kotlin:
            if key in ("get", "set"):
                return self.kotlin_accessor(index)
            if key == "constructor":
                return self.kotlin_constructor(index)
            return index + 1
        return self.java_method(index)

    def java_method(self, index: int) -> int:
        """``[annotations] [modifiers] [<T>] Type name(params) [throws X, Y] {`` at class level
        is a method (``name(...) {`` a constructor); with ``;`` or ``default`` instead of the
        body it is abstract or an annotation element, not a function."""
        top = self.top
        if self.key(index + 1) != "(" or top.assigned or top.entries or \
                self.keys[index] in _BLOCK_KEYWORDS or self.is_annotation(index) or \
                self.key(index - 1) == ".":
            return index + 1
        close = self.brackets.closer[index + 1]
        if close < 0:
            return index + 1
        body = close + 1
        while self.key(body) == "[":                         # `int f()[]`, old array syntax
            body = self.skip_group(body)
        if self.key(body) == "throws":
            body += 1
            while self.is_name(body) or self.key(body) in (".", ",", "<", ">", ">>", "?", "@"):
                body += 1
        if self.key(body) != "{":
            return index + 1
        function = self.new_function(self.keys[index], index, False,
                                     self.count_parameters(index + 1, close))
        return self.open_function(function, BRACKET, body)

    def is_annotation(self, index: int) -> bool:
        """Is the name at ``index`` the (last part of the) name of an annotation ``@a.b.C``?"""
        while index > 0:
            before = self.keys[index - 1]
            if before == "@":
                return True
            if before != "." or not self.is_name(index - 2):
                return False
            index -= 2
        return False

    def kw_fun(self, index: int, expect):
        """Kotlin ``fun [<T>] [Receiver.]name(params) [: Type] [where ...]`` then ``{`` (block
        body), ``=`` (expression body) or nothing (abstract, interface: not a function).
        ``fun interface`` is a class; ``fun (x) {}`` an anonymous function, a lambda here."""
        if self.key(index - 1) in (".", "::"):
            return None
        probe = index + 1
        if self.key(probe) == "<":
            probe = self.skip_angles(probe)
        name = -1
        while probe < len(self.keys):                        # receiver and name
            key = self.keys[probe]
            if self.tokens[probe].kind == "name" and key != "interface":
                name, probe = probe, probe + 1
            elif key in (".", "?", "?."):
                probe += 1
            elif key == "<":
                probe = self.skip_angles(probe)
            else:
                break
        if name < 0 or self.key(probe) != "(" or self.brackets.closer[probe] < 0:
            return index + 1
        close = self.brackets.closer[probe]
        body_kind, body = self.kotlin_body(close + 1)
        if body_kind is None:
            return close + 1                                 # bodiless: not a function
        function = self.new_function(self.keys[name], index, self.is_suspend(index),
                                     self.count_parameters(probe, close))
        return self.open_function(function, body_kind, body)

    def kotlin_body(self, index: int):
        """After a Kotlin signature's ``)``: (BRACKET, index of ``{``), (STMT, index of the
        first token after ``=``) or (None, index) when there is no body.  The return type
        and ``where`` clause are looked over; the next declaration is not swallowed (D6)."""
        start = index
        while index < len(self.keys):
            key = self.keys[index]
            if key == "{":
                return BRACKET, index
            if key == "=":
                return STMT, index + 1
            if key in ("(", "["):
                if self.brackets.closer[index] < 0:
                    break
                index = self.skip_group(index)
                continue
            if key in (";", "}", ")", "]", "fun", "val", "var", "class", "interface",
                       "object", "init", "constructor"):
                break
            if index > start and self.newline_before(index) and \
                    key not in (":", ".", "?", "?.", "->", ",", "where", "<", ">") and \
                    self.keys[index - 1] not in (":", ",", "->", ".", "where", "<"):
                break
            index += 1
        return None, index

    def is_suspend(self, index: int) -> bool:
        index -= 1
        while index >= 0 and self.keys[index] in self.rules.modifiers:
            if self.keys[index] == "suspend":
                return True
            index -= 1
        return False

    def kotlin_accessor(self, index: int) -> int:
        """``get() ...`` / ``set(v) ...`` with a body, at class or file level (not
        ``m.get(k)``, ``private set``, ``@get:JvmName``: D6)."""
        if self.key(index + 1) != "(" or self.key(index - 1) in (".", "?.", "::", "@", "=") \
                or self.brackets.closer[index + 1] < 0:
            return index + 1
        close = self.brackets.closer[index + 1]
        body_kind, body = self.kotlin_body(close + 1)
        if body_kind is None:
            return index + 1
        function = self.new_function(self.keys[index], index, False,
                                     self.count_parameters(index + 1, close))
        return self.open_function(function, body_kind, body)

    def kotlin_constructor(self, index: int) -> int:
        """A secondary ``constructor(...) [: this(...)] { }``: not a function and, as in
        lizard, its tokens count nowhere."""
        if self.key(index + 1) != "(" or self.brackets.closer[index + 1] < 0:
            return index + 1
        probe = self.brackets.closer[index + 1] + 1
        if self.key(probe) == ":":                          # delegation `: this(...)`
            probe += 1
            while self.is_name(probe) or self.key(probe) == ".":
                probe += 1
            if self.key(probe) == "(":
                probe = self.skip_group(probe)
        if self.key(probe) != "{":
            return index + 1
        self.push(BRACKET, "scope", probe, function=None, enclosing=())
        return probe + 1


    def object_expression(self, index: int) -> int:
        """Kotlin ``object : A(), B { ... }``: an anonymous class body."""
        body, _ = self.class_header(index + 1)
        if body < 0:
            return index + 1
        top = self.top
        self.push(BRACKET, "class", body, function=None, prefix=top.prefix + "(anonymous).")
        return body + 1

    def enum_entry_body(self, index: int) -> None:
        """``PLUS { ... }`` / ``A(1) { ... }`` in an enum's constants: an anonymous class
        named by its constant (``Op.PLUS.apply``)."""
        name = index - 1
        if self.key(name) == ")" and self.brackets.opener[name] > 0:
            name = self.brackets.opener[name] - 1
        text = self.keys[name] if self.is_name(name) else "(anonymous)"
        self.push(BRACKET, "class", index, function=None,
                  prefix=self.top.prefix + text + ".")

