"""Function and class records of the brace-language metrics pass (docs/metrics_mobile.md).

``_Function``/``_Class`` accumulate while the walk goes; ``function_record``/``class_record``
turn them into dicts with exactly the fields, in the order, of ``complexity.py``.
"""

from __future__ import annotations


class _Function:
    def __init__(self, name, qualified_name, token, is_method, is_async, enclosing,
                 body_nesting, num_parameters):
        self.name, self.qualified_name = name, qualified_name
        self.line, self.column, self.end_line = token.line, token.col, token.end_line
        self.is_method, self.is_async = is_method, is_async
        self.is_nested = bool(enclosing)
        self.body_nesting = body_nesting
        self.num_parameters = num_parameters
        self.cyclomatic, self.cognitive, self.nested_depth = 1, 0, 0
        self.returns = self.branches = self.loops = 0


class _Class:
    def __init__(self, name, qualified_name, token):
        self.name, self.qualified_name = name, qualified_name
        self.line, self.column, self.end_line = token.line, token.col, token.end_line
        self.methods = []


def function_record(function: _Function, path: str) -> dict:
    return {
        "name": function.name,
        "qualified_name": function.qualified_name,
        "source_file": path,
        "line": function.line,
        "column": function.column,
        "end_line": function.end_line,
        "is_method": function.is_method,
        "is_async": function.is_async,
        "cyclomatic_complexity": function.cyclomatic,
        "cognitive_complexity": function.cognitive,
        "nested_depth": function.nested_depth,
        "lines_of_code": function.end_line - function.line + 1,
        "num_parameters": function.num_parameters,
        "num_returns": function.returns,
        "num_branches": function.branches,
        "num_loops": function.loops,
    }


def class_record(class_: _Class, path: str) -> dict:
    return {
        "name": class_.name,
        "qualified_name": class_.qualified_name,
        "source_file": path,
        "line": class_.line,
        "column": class_.column,
        "end_line": class_.end_line,
        "lines_of_code": class_.end_line - class_.line + 1,
        "num_methods": len(class_.methods),
        "cyclomatic_complexity": sum(m.cyclomatic for m in class_.methods),
        "cognitive_complexity": sum(m.cognitive for m in class_.methods),
    }
