"""The CPython standard library as a corpus: both backends agree on every field of every
function of every file Python accepts, and the cyclomatic complexity equals radon's.

The records are computed once per session (about 30 s for the pure-Python backend).
"""

from __future__ import annotations

import ast
import io
import sys
import sysconfig
import time
import tokenize

import pytest

from observe_core import AstAnalyzer

pytestmark = [pytest.mark.skipif(sys.version_info[:2] != (3, 11),
                                 reason="the stdlib baselines are measured on Python 3.11"),
              pytest.mark.not_under_asan]

def decode_like_python(data: bytes) -> str:
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(encoding)
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------------------------------------
# Agreement with radon 6.0.1 (cyclomatic complexity)
# ---------------------------------------------------------------------------------------------

def own_scope_try_star_difference(function_node) -> int:
    """Sum over `try ... except*` in the function's own scope of handlers + (1 if else)."""
    try_star = getattr(ast, "TryStar", ())
    difference = 0
    pending = list(function_node.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        if try_star and isinstance(node, try_star):
            difference += len(node.handlers) + bool(node.orelse)
        pending.extend(ast.iter_child_nodes(node))
    return difference


def functions_inside_class_inside_function(tree) -> set:
    """(line, name) of defs lexically inside a class that is inside a function."""
    found = set()
    pending = [(tree, False, False)]  # node, inside a function, inside a class in a function
    while pending:
        node, in_function, in_class_in_function = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if in_class_in_function:
                found.add((node.lineno, node.name))
            in_function = True
        elif isinstance(node, ast.ClassDef) and in_function:
            in_class_in_function = True
        pending.extend((child, in_function, in_class_in_function)
                       for child in ast.iter_child_nodes(node))
    return found




def python_accepts(record: dict) -> bool:
    return not any(d["code"] == "syntax-error" for d in record["diagnostics"])


def test_backends_agree_on_every_stdlib_file(stdlib, capsys):
    compared = functions = 0
    mismatched = []
    for path, (_, native, python) in stdlib.items():
        if not python_accepts(python):
            continue
        compared += 1
        functions += len(python["functions"])
        if native != python:
            mismatched.append(path)
    with capsys.disabled():
        print(f"\nstdlib: native == pure Python on {compared - len(mismatched)} of {compared} "
              f"files Python accepts ({functions} functions); "
              f"{len(stdlib) - compared} files Python rejects")
    assert compared > 1700
    assert functions > 50000
    assert mismatched == []


def test_files_python_rejects_get_diagnostics_from_both(stdlib):
    rejected = [(path, native) for path, (_, native, python) in stdlib.items()
                if not python_accepts(python)]
    assert rejected, "the 3.11 stdlib has test files with deliberate syntax errors"
    for path, native in rejected:
        # The native scanner sees lexical errors; grammar errors it cannot see, but it still
        # returns a complete record (partial results) instead of failing.
        assert native["path"] == path
        assert native["physical_lines"] > 0


def test_directory_analysis_equals_per_file_analysis(stdlib):
    root = sysconfig.get_paths()["stdlib"]
    result = AstAnalyzer(backend="native", jobs=2).analyze_directory(root, extensions=[".py"])
    by_path = {record["path"]: record for record in result.files}
    assert [r["path"] for r in result.files] == sorted(by_path)
    # The walker also skips the stdlib's own site-packages; every other file is there.
    assert set(by_path) == set(stdlib)
    for path, (_, native, _) in stdlib.items():
        assert by_path[path] == native, path


@pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::SyntaxWarning")
def test_stdlib_cyclomatic_agrees_with_radon(stdlib, capsys):
    import radon.complexity as radon_complexity
    compared = disagreed = unexplained = not_in_radon = 0
    problems = []
    started = time.perf_counter()
    for path, (data, record, _) in stdlib.items():
        try:
            text = decode_like_python(data)
            tree = ast.parse(text)
        except (SyntaxError, ValueError, UnicodeDecodeError):
            continue
        assert record["diagnostics"] == [], path

        ours = {(f["line"], f["name"]): f for f in record["functions"]}
        blocks = radon_complexity.add_inner_blocks(radon_complexity.cc_visit(text))
        theirs = {}
        for block in blocks:
            if hasattr(block, "methods"):  # a class
                continue
            key = (block.lineno, block.name.rsplit(".", 1)[-1])
            assert theirs.get(key, block.complexity) == block.complexity, (path, key)
            theirs[key] = block.complexity
        assert set(theirs) <= set(ours), (path, set(theirs) - set(ours))
        # radon drops classes defined inside functions, hence their methods
        missing = set(ours) - set(theirs)
        assert missing <= functions_inside_class_inside_function(tree), (path, missing)
        not_in_radon += len(missing)

        expected = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                expected[(node.lineno, node.name)] = own_scope_try_star_difference(node)
        for key, radon_cc in theirs.items():
            compared += 1
            difference = ours[key]["cyclomatic_complexity"] - radon_cc
            if difference:
                disagreed += 1
            if difference != expected[key]:
                unexplained += 1
                problems.append((path, key, ours[key]["cyclomatic_complexity"], radon_cc))

    with capsys.disabled():
        print(f"\nstdlib vs radon: {compared} functions compared, {disagreed} disagreed "
              f"({disagreed - unexplained} explained by except*), {unexplained} unexplained; "
              f"{not_in_radon} functions not reported by radon (methods of classes in functions); "
              f"{time.perf_counter() - started:.1f}s")
    assert compared > 50000
    assert unexplained == 0, problems[:20]
