"""Complexity metrics of Python source code, computed on Python's own `ast`.

This module is the executable form of ``docs/metrics.md``: the native C backend (a one-pass
token scanner) must produce exactly the same records on every file Python accepts.  It is written
to be read next to the specification; speed comes second.

Public API::

    analyze_source(source, path="<string>") -> dict   # str or bytes
    analyze_file(path) -> dict                       # never raises

Overview of one analysis:

1. decode (bytes only: BOM / coding cookie, like Python), drop a BOM, normalise newlines;
2. classify every physical line as code / comment / blank with ``tokenize``;
3. ``ast.parse``; on failure report a ``syntax-error`` diagnostic and no functions;
4. walk the tree once (iteratively, so deep code cannot exhaust the Python stack) and
   accumulate the per-function metrics;
5. build the records.
"""

from __future__ import annotations

import ast
import errno
import io
import tokenize
import warnings
from typing import NamedTuple, Optional, Tuple

__all__ = ["analyze_source", "analyze_file"]

LANGUAGE = "python"


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

# Diagnostic codes of unreadable files, the same as the native reader's (readfile.c).
_READ_ERROR_CODES = {errno.ENOENT: "not-found", errno.ENOTDIR: "not-found",
                     errno.EACCES: "permission-denied", errno.EPERM: "permission-denied",
                     errno.EISDIR: "is-directory", errno.ELOOP: "symlink-loop"}


def analyze_file(path: str) -> dict:
    """Analyse the file at ``path``.  An unreadable file gives a record with a diagnostic
    (``not-found``, ``permission-denied``, ``is-directory``, ``symlink-loop``, ``read-error``)."""
    data, record = read_file(path)
    return record if record is not None else analyze_source(data, path)


def read_file(path: str) -> Tuple[Optional[bytes], Optional[dict]]:
    """(bytes, None), or (None, the record of an unreadable file, its diagnostic in it)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(), None
    except (OSError, MemoryError, ValueError) as error:
        code = _READ_ERROR_CODES.get(getattr(error, "errno", None), "read-error")
        record = _file_record(path, 0, (0, 0, 0, 0))
        record["diagnostics"].append(
            _diagnostic(path, 0, 0, code, "cannot read file: " + _describe(error)))
        return None, record


def analyze_source(source, path: str = "<string>") -> dict:
    """Analyse Python source given as ``str`` or ``bytes``; ``path`` is only copied to records."""
    diagnostics = []
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        size_bytes = len(data)
        text, error = _decode(data, path)
        if error is not None:
            diagnostics.append(error)
    else:
        size_bytes = len(source.encode("utf-8", "surrogatepass"))
        text = source[1:] if source.startswith("\ufeff") else source
    text = _normalize_newlines(text)

    line_counts = _count_lines(text)

    functions, classes, total_cognitive = [], [], 0
    if not diagnostics:
        tree, error = _parse(text, path)
        if error is not None:
            diagnostics.append(error)
        else:
            try:
                walker = _Walker(text)
                walker.run(tree)
                functions = [_function_record(f, path) for f in walker.functions]
                classes = [_class_record(c, path) for c in walker.classes]
                total_cognitive = sum(f.cognitive for f in walker.functions if not f.is_nested)
            except (RecursionError, MemoryError) as error:  # defensive: the walk is iterative
                functions, classes, total_cognitive = [], [], 0
                diagnostics.append(_diagnostic(path, 1, 0, "analysis-error", _describe(error)))
    record = _file_record(path, size_bytes, line_counts, functions, classes, total_cognitive)
    record["diagnostics"] = diagnostics
    return record


# ---------------------------------------------------------------------------------------------
# Decoding and parsing
# ---------------------------------------------------------------------------------------------

def _decode(data: bytes, path: str):
    """Decode like Python does (BOM, coding cookie).  Returns (text, diagnostic or None).

    On failure the text is a lossy UTF-8 decode, still usable for the line counts.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except (SyntaxError, LookupError) as error:  # bad cookie, BOM + foreign cookie, ...
        message = getattr(error, "msg", None) or str(error)
        return _lossy_decode(data), _diagnostic(path, 1, 0, "syntax-error", message)
    body = data
    if encoding == "utf-8-sig":  # decode after the BOM so that offsets are BOM-free
        encoding, body = "utf-8", data[3:]
    try:
        return body.decode(encoding), None
    except UnicodeDecodeError as error:
        line, column = _byte_location(body, error.start)
        return _lossy_decode(data), _diagnostic(path, line, column, "syntax-error",
                                                f"(unicode error) {error}")
    except LookupError as error:
        return _lossy_decode(data), _diagnostic(path, 1, 0, "syntax-error", str(error))


def _lossy_decode(data: bytes) -> str:
    text = data.decode("utf-8", "replace")
    return text[1:] if text.startswith("\ufeff") else text


def _byte_location(data: bytes, offset: int) -> Tuple[int, int]:
    """1-based line and 0-based byte column of ``offset`` (lines end at \\n, \\r\\n, \\r)."""
    before = data[:offset].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before) - line_start


def _normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _parse(text: str, path: str):
    """``ast.parse`` the text.  Returns (tree, None) or (None, diagnostic)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences etc. are not our business
            return ast.parse(text, filename=path), None
    except SyntaxError as error:  # includes IndentationError / TabError
        line, column = error.lineno, (error.offset or 0) - 1
        if line is None and "\0" in text:  # "source code string cannot contain null bytes"
            index = text.index("\0")
            line_start = text.rfind("\n", 0, index) + 1
            line = text.count("\n", 0, index) + 1
            column = len(text[line_start:index].encode("utf-8", "surrogatepass"))
        return None, _diagnostic(path, max(line or 1, 1), max(column, 0), "syntax-error",
                                 error.msg or str(error))
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        return None, _diagnostic(path, 1, 0, "syntax-error", _describe(error))


# ---------------------------------------------------------------------------------------------
# Line classes
# ---------------------------------------------------------------------------------------------

# Tokens that do not make a line "code".
_NOT_CODE = frozenset({tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                       tokenize.DEDENT, tokenize.ENDMARKER})
_BLANK_CHARS = frozenset(" \t\f\v")


def _count_lines(text: str) -> Tuple[int, int, int, int]:
    """(physical, code, comment, blank) lines of newline-normalised text.

    A line is code if a token other than a comment (or NL/NEWLINE/INDENT/DEDENT/ENDMARKER)
    covers it -- a token covers the rows from its start to its end, so a multi-line string
    covers all its lines; else blank if it holds only ' \\t\\f\\v'; else comment if a comment
    starts on it; else code (e.g. a lone backslash).  If tokenize fails (only on text that
    Python rejects), the lines it did not reach are code unless blank.
    """
    lines = text.split("\n")
    if lines[-1] == "":  # text ends with a newline, or is empty
        lines.pop()
    physical = len(lines)

    has_code = [False] * (physical + 2)  # indexed by 1-based row
    has_comment = [False] * (physical + 2)
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            start_row, end_row = token.start[0], token.end[0]
            if token.type == tokenize.COMMENT:
                has_comment[start_row] = True
            elif token.type not in _NOT_CODE:
                for row in range(start_row, min(end_row, physical) + 1):
                    has_code[row] = True
    except (tokenize.TokenError, SyntaxError, ValueError, RecursionError, MemoryError):
        pass  # best effort: the rows not reached are code unless blank

    code = comment = blank = 0
    for row, line in enumerate(lines, start=1):
        if has_code[row]:
            code += 1
        elif all(char in _BLANK_CHARS for char in line):
            blank += 1
        elif has_comment[row]:
            comment += 1
        else:
            code += 1  # e.g. a lone backslash, or a line after a tokenize failure
    return physical, code, comment, blank


# ---------------------------------------------------------------------------------------------
# The metrics walk
# ---------------------------------------------------------------------------------------------

class _Function:
    """Counters of one ``def`` / ``async def`` while the tree is walked."""

    def __init__(self, node, qualified_name, is_method, is_nested, body_nesting):
        self.node = node
        self.qualified_name = qualified_name
        self.is_method = is_method
        self.is_nested = is_nested        # lexically inside another function
        self.body_nesting = body_nesting  # absolute nesting level of the body (see _Context)
        self.cyclomatic = 1
        self.cognitive = 0
        self.nested_depth = 0
        self.returns = 0
        self.branches = 0
        self.loops = 0


class _Class:
    def __init__(self, node, qualified_name):
        self.node = node
        self.qualified_name = qualified_name
        self.methods = []


class _Context(NamedTuple):
    """Where a node stands.

    ``nesting`` is an absolute cognitive nesting level: a function's own nesting at a node is
    ``nesting - function.body_nesting``, which lets one walk serve every enclosing function.
    """
    function: Optional[_Function]        # own scope: receives cyclomatic and per-function counts
    enclosing: Tuple[_Function, ...]     # every function lexically around: receives cognitive
    nesting: int
    depth: int                           # compound statements around, inside ``function``
    prefix: str                          # qualified-name prefix, e.g. "Outer.inner."
    class_: Optional[_Class]             # class whose body directly contains the node
    in_assert: bool                      # radon does not visit the inside of ``assert``





def _source_position(item) -> Tuple[int, int]:
    return item.node.lineno, item.node.col_offset


class _Walker:
    """One iterative walk of a module; fills ``functions`` and ``classes`` (source order)."""

    def __init__(self, text: str):
        self._lines = text.split("\n")
        self._stack = []
        self.functions = []
        self.classes = []
        self._handlers = {
            ast.FunctionDef: self._visit_function,
            ast.AsyncFunctionDef: self._visit_function,
            ast.ClassDef: self._visit_class,
            ast.Lambda: self._visit_lambda,
            ast.If: self._visit_if,
            ast.For: self._visit_loop,
            ast.AsyncFor: self._visit_loop,
            ast.While: self._visit_loop,
            ast.Try: self._visit_try,
            ast.With: self._visit_with,
            ast.AsyncWith: self._visit_with,
            ast.Match: self._visit_match,
            ast.IfExp: self._visit_ifexp,
            ast.BoolOp: self._visit_boolop,
            ast.comprehension: self._visit_comprehension,
            ast.Assert: self._visit_assert,
            ast.Return: self._visit_return,
        }
        if hasattr(ast, "TryStar"):  # Python 3.11+: try ... except*
            self._handlers[ast.TryStar] = self._visit_try

    def run(self, tree: ast.Module) -> None:
        self._push(tree.body, _Context(None, (), 0, 0, "", None, False))
        while self._stack:
            node, context = self._stack.pop()
            handler = self._handlers.get(type(node))
            if handler is None:
                self._push_children(node, context)
            else:
                handler(node, context)
        self.functions.sort(key=_source_position)
        self.classes.sort(key=_source_position)

    # -- stack helpers -------------------------------------------------------------------------

    def _push(self, nodes, context: _Context) -> None:
        """Schedule a node, a list of nodes or None (order is irrelevant: we only add)."""
        if nodes is None:
            return
        if isinstance(nodes, ast.AST):
            self._stack.append((nodes, context))
        else:
            self._stack.extend((node, context) for node in nodes if node is not None)

    def _push_children(self, node: ast.AST, context: _Context) -> None:
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, ast.AST):
                if not isinstance(value, ast.expr_context):
                    self._stack.append((value, context))
            elif isinstance(value, list):
                self._stack.extend((item, context) for item in value if isinstance(item, ast.AST))

    # -- increments ----------------------------------------------------------------------------

    @staticmethod
    def _cyclomatic(context: _Context, amount: int = 1) -> None:
        """Decision points: only the own-scope function, and not inside an ``assert``."""
        if context.function is not None and not context.in_assert:
            context.function.cyclomatic += amount

    @staticmethod
    def _structural(context: _Context) -> None:
        """Cognitive "+1 + nesting", for every enclosing function at its own nesting."""
        for function in context.enclosing:
            function.cognitive += 1 + context.nesting - function.body_nesting

    @staticmethod
    def _hybrid(context: _Context) -> None:
        """Cognitive "+1" without nesting penalty, for every enclosing function."""
        for function in context.enclosing:
            function.cognitive += 1

    @staticmethod
    def _compound(context: _Context) -> _Context:
        """Enter a compound statement (nested_depth); returns the context of its clauses."""
        depth = context.depth + 1
        if context.function is not None and depth > context.function.nested_depth:
            context.function.nested_depth = depth
        return context._replace(depth=depth)

    # -- scopes --------------------------------------------------------------------------------

    def _visit_function(self, node, context: _Context) -> None:
        # Headers (decorators, parameters with defaults and annotations, return annotation)
        # are never visited.
        function = _Function(node, self._qualified_name(node, context),
                             is_method=context.class_ is not None,
                             is_nested=bool(context.enclosing),
                             body_nesting=context.nesting + 1)
        self.functions.append(function)
        if context.class_ is not None:
            context.class_.methods.append(function)
        body = _Context(function=function, enclosing=context.enclosing + (function,),
                        nesting=context.nesting + 1, depth=0,
                        prefix=function.qualified_name + ".", class_=None, in_assert=False)
        self._push(node.body, body)

    def _visit_class(self, node, context: _Context) -> None:
        # Bases, keywords and decorators are not visited.  The body is outside every function's
        # own scope, but inside the enclosing functions for cognitive, at the same nesting.
        class_ = _Class(node, self._qualified_name(node, context))
        self.classes.append(class_)
        body = context._replace(function=None, depth=0, prefix=class_.qualified_name + ".",
                                class_=class_)
        self._push(node.body, body)

    @staticmethod
    def _qualified_name(node, context: _Context) -> str:
        """The lexical path of names: ``__qualname__`` without ``<locals>`` (docs/metrics.md)."""
        return context.prefix + node.name

    def _visit_lambda(self, node, context: _Context) -> None:
        # A lambda belongs to the enclosing function; its defaults stand outside its body.
        self._push(node.args, context)
        self._push(node.body, context._replace(nesting=context.nesting + 1))

    # -- statements ----------------------------------------------------------------------------

    def _is_elif(self, node: ast.If) -> bool:
        """Is the ``orelse`` of ``node`` an ``elif`` clause (and not ``else:`` + ``if``)?

        Both give an ``orelse`` holding one ``If``; only the source tells them apart: an
        ``elif`` node starts at the ``elif`` keyword.
        """
        if len(node.orelse) != 1 or not isinstance(node.orelse[0], ast.If):
            return False
        inner = node.orelse[0]
        line = self._lines[inner.lineno - 1].encode("utf-8", "surrogatepass")
        return line.startswith(b"elif", inner.col_offset)

    def _visit_if(self, node: ast.If, context: _Context) -> None:
        self._structural(context)                        # `if`: +1 + nesting
        inside = self._compound(context)
        branch_body = inside._replace(nesting=context.nesting + 1)
        while True:                                      # the `if` and each `elif`
            self._cyclomatic(context)
            if context.function is not None:
                context.function.branches += 1
            self._push(node.test, context)
            self._push(node.body, branch_body)
            if self._is_elif(node):
                node = node.orelse[0]
                self._hybrid(context)                    # `elif`: +1
                continue
            if node.orelse:
                self._hybrid(context)                    # `else`: +1
                self._push(node.orelse, branch_body)
            break

    def _visit_loop(self, node, context: _Context) -> None:
        # For / AsyncFor / While; the loop `else` is neither counted for cognitive nor nested.
        self._structural(context)
        self._cyclomatic(context, 1 + bool(node.orelse))
        if context.function is not None:
            context.function.loops += 1
        inside = self._compound(context)
        if isinstance(node, ast.While):
            self._push(node.test, context)
        else:
            self._push(node.target, context)
            self._push(node.iter, context)
        self._push(node.body, inside._replace(nesting=context.nesting + 1))
        self._push(node.orelse, inside)

    def _visit_try(self, node, context: _Context) -> None:
        # Try and TryStar alike (radon ignores TryStar: a documented difference).
        self._cyclomatic(context, len(node.handlers) + bool(node.orelse))
        inside = self._compound(context)
        for handler in node.handlers:
            self._structural(context)                    # each `except` / `except*`
            self._push(handler.type, context)
            self._push(handler.body, inside._replace(nesting=context.nesting + 1))
        self._push(node.body, inside)
        self._push(node.orelse, inside)
        self._push(node.finalbody, inside)

    def _visit_with(self, node, context: _Context) -> None:
        inside = self._compound(context)
        self._push(node.items, context)
        self._push(node.body, inside)

    def _visit_match(self, node: ast.Match, context: _Context) -> None:
        self._structural(context)                        # once for the whole statement
        irrefutable = any(isinstance(case.pattern, ast.MatchAs) and case.pattern.pattern is None
                          for case in node.cases)
        self._cyclomatic(context, max(0, len(node.cases) - irrefutable))
        if context.function is not None:
            context.function.branches += len(node.cases)
        inside = self._compound(context)
        self._push(node.subject, context)
        for case in node.cases:
            self._push(case.pattern, context)
            self._push(case.guard, context)              # the guard stands in the case header
            self._push(case.body, inside._replace(nesting=context.nesting + 1))

    def _visit_assert(self, node: ast.Assert, context: _Context) -> None:
        self._cyclomatic(context)
        # radon does not look inside; cognitive does.
        self._push_children(node, context._replace(in_assert=True))

    def _visit_return(self, node: ast.Return, context: _Context) -> None:
        if context.function is not None:
            context.function.returns += 1
        self._push(node.value, context)

    # -- expressions ---------------------------------------------------------------------------

    def _visit_ifexp(self, node: ast.IfExp, context: _Context) -> None:
        self._structural(context)
        self._cyclomatic(context)
        self._push_children(node, context)               # its parts are not nested

    def _visit_boolop(self, node: ast.BoolOp, context: _Context) -> None:
        self._hybrid(context)                            # one per BoolOp node
        self._cyclomatic(context, len(node.values) - 1)  # one per operator
        self._push(node.values, context)

    def _visit_comprehension(self, node: ast.comprehension, context: _Context) -> None:
        self._structural(context)                        # each comprehension `for`
        self._cyclomatic(context, 1 + len(node.ifs))
        for _ in node.ifs:
            self._hybrid(context)                        # each comprehension `if`
        self._push_children(node, context)


# ---------------------------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------------------------

def _count_parameters(arguments: ast.arguments) -> int:
    return (len(arguments.posonlyargs) + len(arguments.args) + len(arguments.kwonlyargs)
            + (arguments.vararg is not None) + (arguments.kwarg is not None))


def _function_record(function: _Function, path: str) -> dict:
    node = function.node
    return {
        "name": node.name,
        "qualified_name": function.qualified_name,
        "source_file": path,
        "line": node.lineno,
        "column": node.col_offset,
        "end_line": node.end_lineno,
        "is_method": function.is_method,
        "is_async": isinstance(node, ast.AsyncFunctionDef),
        "cyclomatic_complexity": function.cyclomatic,
        "cognitive_complexity": function.cognitive,
        "nested_depth": function.nested_depth,
        "lines_of_code": node.end_lineno - node.lineno + 1,
        "num_parameters": _count_parameters(node.args),
        "num_returns": function.returns,
        "num_branches": function.branches,
        "num_loops": function.loops,
    }


def _class_record(class_: _Class, path: str) -> dict:
    node = class_.node
    return {
        "name": node.name,
        "qualified_name": class_.qualified_name,
        "source_file": path,
        "line": node.lineno,
        "column": node.col_offset,
        "end_line": node.end_lineno,
        "lines_of_code": node.end_lineno - node.lineno + 1,
        "num_methods": len(class_.methods),
        "cyclomatic_complexity": sum(method.cyclomatic for method in class_.methods),
        "cognitive_complexity": sum(method.cognitive for method in class_.methods),
    }


def _file_record(path, size_bytes, line_counts, functions=(), classes=(),
                 total_cognitive=0) -> dict:
    physical, code, comment, blank = line_counts
    functions, classes = list(functions), list(classes)
    return {
        "path": path,
        "language": LANGUAGE,
        "size_bytes": size_bytes,
        "physical_lines": physical,
        "code_lines": code,
        "comment_lines": comment,
        "blank_lines": blank,
        "num_functions": len(functions),
        "num_classes": len(classes),
        "total_cyclomatic": sum(f["cyclomatic_complexity"] for f in functions),
        "total_cognitive": total_cognitive,  # outermost functions only
        "max_cyclomatic": max((f["cyclomatic_complexity"] for f in functions), default=0),
        "max_cognitive": max((f["cognitive_complexity"] for f in functions), default=0),
        "max_nested_depth": max((f["nested_depth"] for f in functions), default=0),
        "functions": functions,
        "classes": classes,
        "diagnostics": [],
    }


def _diagnostic(path, line, column, code, message, severity="error") -> dict:
    return {"path": path, "line": int(line), "column": int(column), "severity": severity,
            "code": code, "message": message}


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
