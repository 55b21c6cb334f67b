"""Differential test on generated programs: native == pure Python on every field.

bench/gen_python.py writes valid programs that use every construct docs/metrics.md counts
(all compound statements and clauses, match/case with guards and wildcards, comprehensions,
ternaries, boolean chains, lambdas, f-strings, decorators, async, nested defs and classes);
hypothesis draws the seeds and depths and shrinks any failure to the smallest seed.
"""

from __future__ import annotations

import ast

from hypothesis import given, settings
from hypothesis import strategies as st

from gen_python import Generator, generate
from observe_core import _native
from observe_core._python import complexity as reference


def assert_backends_agree(source: str) -> None:
    ast.parse(source)  # the generator only writes valid Python
    native = _native.analyze_source(source, "gen.py")
    python = reference.analyze_source(source, "gen.py")
    assert native["diagnostics"] == [] and python["diagnostics"] == []
    for ours, theirs in zip(native["functions"], python["functions"]):
        assert ours == theirs, source
    assert native == python


@settings(max_examples=250, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(1, 9))
def test_generated_modules(seed, depth):
    assert_backends_agree(generate(seed, max_depth=depth))


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), depth=st.integers(20, 48))
def test_deeply_nested_functions(seed, depth):
    # One function whose body nests compound statements `depth` levels deep (Python's limit
    # on indentation is 100 levels, and a match takes two), every level a random statement kind.
    gen = Generator(seed, max_depth=depth)
    lines = ["def deep(p, q=1, *args, **kw):"]
    indent = "    "
    for level in range(depth):
        header = gen.rng.choice([
            f"if {gen.expr()}:", f"for {gen.name()} in {gen.expr()}:", f"while {gen.expr()}:",
            f"with {gen.expr()} as {gen.name()}:", "try:", f"match {gen.expr()}:",
            "elif_chain", "def inner():",
        ])
        if header == "elif_chain":
            lines += [f"{indent}if {gen.expr()}:", f"{indent}    pass", f"{indent}elif {gen.expr()}:"]
        elif header == "try:":
            lines += [f"{indent}try:", f"{indent}    pass", f"{indent}except E:"]
        elif header.startswith("match"):
            lines += [f"{indent}{header}", f"{indent}    case {gen.rng.choice(['1', '_', 'x'])}:"]
            indent += "    "
        else:
            lines.append(f"{indent}{header}")
        indent += "    "
        lines.append(f"{indent}{gen.name()} = {gen.expr()}")
    lines.append(f"{indent}return {gen.expr()}")
    assert_backends_agree("\n".join(lines) + "\n")


# Identifier characters at the edges of each class (the C tokenizer classifies 16 bytes of a
# name at once), UTF-8 letters among them; what ends a name follows it.
NAME_CHARS = ["A", "Z", "a", "z", "_", "0", "9", "é", "ß", "Ω"]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_names_of_every_length(data):
    def name():
        return data.draw(st.sampled_from(["a", "Q", "_", "é"])) + "".join(
            data.draw(st.lists(st.sampled_from(NAME_CHARS), max_size=40)))
    lines = []
    for _ in range(data.draw(st.integers(1, 4))):
        f, x, y = name(), name(), name()
        stop = data.draw(st.sampled_from(["(", " (", ")", ":", "[", ".", "@", "`"]))
        body = {"(": f"{y}({x})", " (": f"{y} ({x})", ")": f"({x})", ":": f"{{{x}: {y}}}",
                "[": f"{x}[{y}]", ".": f"{x}.{y}", "@": f"{x}@{y}", "`": f"{x} if {y} else 0"}
        lines += [f"def {f}({x}, {y}=1):", f"    return {body[stop]}"]
    source = "\n".join(lines)
    if not data.draw(st.booleans()):
        source += "\n"   # so that a name may also end the input
    assert_backends_agree(source)
