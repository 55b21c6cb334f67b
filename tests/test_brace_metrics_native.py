"""The C metrics pass of the brace languages (libobserve/metrics_brace.c) against its
pure-Python specification (observe_core/_python/brace_metrics.py): the same records, field by
field, for Java and Kotlin, on the hand-checked files, on the Java and Kotlin files of a
generated mobile tree, on random mixes of each language's constructs and traps, on random
bytes and on deep nesting.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brace_differential import (DATA, FILLERS, RANDOM_BYTES, both, generated_tree, hand_checked,
                                mix, native, punctuation, spec)


# -- fixed inputs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("language, relative", [("java", "java/Checkout.java"),
                                                ("kotlin", "kotlin/Cart.kt")])
def test_hand_checked_files(language, relative):
    hand_checked(DATA / relative, language, 16)


def test_a_generated_mobile_tree(tmp_path):
    counts, functions = generated_tree(tmp_path, {".java": "java", ".kt": "kotlin",
                                                  ".kts": "kotlin"})
    assert counts[".java"] >= 10 and counts[".kt"] + counts[".kts"] >= 20 and functions > 100


def test_arguments():
    record = native("class A { void f() { } }", "JAVA")          # str, any case
    assert record["language"] == "java" and record["path"] == "<string>"
    assert native(b"fun f() = 1", "kts", path="a.kts")["language"] == "kotlin"
    assert native(bytearray(b"fun f() = 1"), "kt")["num_functions"] == 1
    with pytest.raises(ValueError, match="not implemented"):   # not a brace language
        native(b"x", "python")
    with pytest.raises(ValueError, match="unsupported language"):
        native(b"x", "cobol")
    with pytest.raises(ValueError):
        spec(b"x", "cobol")


@pytest.mark.not_under_asan
@pytest.mark.parametrize("language", ["java", "kotlin"])
def test_deep_nesting(language):
    depth = 100_000
    if language == "java":
        deep = "class A { void f() { " + "{" * depth + "if (a) x();" + "}" * depth + " } }"
        both(deep, language)
    else:
        # 90,000 nested ifs: cognitive 1 + 2 + ... + 90,000 still fits ob_function's uint32.
        both("fun f() {\n" + "if (a) {" * 90_000 + "}" * 90_000 + "\n}\n", language)
        # 100,000: 5,000,050,000, which the C record saturates at 2**32 - 1 (the only field
        # that differs; see docs/metrics_mobile.md's bad-input rules).
        deep = "fun f() {\n" + "if (a) {" * depth + "}" * depth + "\n}\n"
        mine, theirs = native(deep, language), spec(deep, language)
        assert theirs["functions"][0]["cognitive_complexity"] == depth * (depth + 1) // 2
        assert mine["functions"][0]["cognitive_complexity"] == 2 ** 32 - 1
        for record in (mine, theirs):
            record["functions"][0]["cognitive_complexity"] = 0
            record["total_cognitive"] = record["max_cognitive"] = 0
        assert mine == theirs
    both("{" * depth, language)                       # every level unclosed
    both("(" * depth + "}" * 3, language)             # forced closes
    nested = ("class A { void f() { new Runnable() { public void run() { "
              if language == "java" else "fun f() {\n object : R { override fun run() {\n")
    both(nested * 2000 + "if (a && b) x();\n" + "} } } " * 2000, language)


@pytest.mark.parametrize("source, language", [
    (b"class A {\0}", "java"),                                  # binary
    (b"class \xff\xfe { void f\xe2\x82() { if (\xff) { } } }", "java"),   # bad UTF-8 names
    (b"fun `a\xc3`() { }\nclass \xf0\x9f\x98 { fun g\xed\xa0\x80<T>(x: T) = 1 }", "kotlin"),
    (b"\xef\xbb\xbfclass A { void f() { } }", "java"),         # BOM
    (b"class A { void f() { } } }\nclass B { void g() { h(; if (a) {} } }\n", "java"),
    (b"class A {\n  fun f() { if (a) { }\n", "kotlin"),
    (b"val s = \"${if (a) 1 else 2\nfun f() { }", "kotlin"),    # unterminated template
    (b"", "java"), (b"}", "kotlin"), (b"{", "java"), (b")(", "kotlin"),
])
def test_bad_input(source, language):
    both(source, language)


# -- random mixes ----------------------------------------------------------------------------------

CONSTRUCTS = {
    "java": [
        "class A { ", "interface I { ", "enum E { X, Y { int c() { return 1; } }; ", "}",
        "record R(int a) { R { } int b() { return a; } ", "@interface T { int n() default 1; }",
        "void f(int a, Map<String, List<Integer>> m) { ", "public <T> T g(T t) throws E { ",
        "abstract int h();", "static { ", "A() { ", "int[] v = {1, 2};", "int f()[] { ",
        "if (a) ", "if (a) { ", "} else ", "else if (b) ", "else { ", "for (;;) ", "while (c) ",
        "do { ", "} while (d);", "do x(); while (e);", "try (R r = o()) { ",
        "} catch (A | B e) { ", "} finally { ", "switch (x) { ", "case 1: ", "case 2 -> ",
        "default: ", "default -> { ", "return x;", "break;", "continue l;", "l: ",
        "a && b", " || c", "x = a ? b : c;", "a < b ? c > d ? 1 : 2 : 3", "List<?> l;",
        "Map<? extends K, ? super V>", "() -> { ", "x -> x + 1", "f(a ? b : c, x -> y, z);",
        "new Runnable() { public void run() { ", "new int[] {1}", "Object.class",
        "\"if (a) && b\"", "'?'", '"""\n if while\n"""', "/* if */", "// && \n", "@Override ",
        "synchronized (o) { ", "!(a && b)", "(", ")", "{", "}", ";", ",", "=", "\n",
    ],
    "kotlin": [
        "class A { ", "class D(val a: Int)\n", "data class P(val x: Int) : B() { ",
        "interface I { ", "object O { ", "companion object { ", "companion object Named { ",
        "enum class E { X, Y { override fun c() = 1 }; ", "}", "fun f(a: Int, b: (Int) -> Unit) { ",
        "fun <T> T.ext(x: Map<K, V>) = x\n", "suspend fun s() { ", "fun abs(): Int\n",
        "fun `b t`() { ", "fun g() = if (a) 1 else 2\n", "val x: Int get() = 1\n",
        "var y = 0\n  set(v) { field = v }\n", "private set\n", "init { ",
        "constructor(a: Int) : this(a, 1) { ", "object : R { override fun run() { ",
        "if (a) ", "if (a) { ", "} else ", "else if (b) ", "else { ", "for (x in xs) ",
        "while (c) ", "do { ", "} while (d)\n", "try { ", "} catch (e: E) { ", "} finally { ",
        "when (x) { ", "when { ", "1 -> ", "else -> ", "is A -> { ", "return x\n",
        "break@l\n", "continue\n", "l@ ", "a && b", " || c", "a ?: b", "a?:b", "s?.length",
        "xs.map { x -> ", "xs.forEach { ", "fun(a: Int) = a", "\"${if (a) 1 else 2} $b\"",
        '"""if (a) "x" && while"""', "/* a /* if */ && */", "@Ann ", "m.get(k)", "\n",
        "\n    .also { }", "(", ")", "{", "}", ";", ",", "=", "->", "\n",
    ],
}


@pytest.mark.parametrize("language", ["java", "kotlin"])
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_random_mixes(language, data):
    both(mix(data, CONSTRUCTS[language] + FILLERS), language)


@pytest.mark.parametrize("language", ["java", "kotlin"])
@settings(max_examples=200, deadline=None)
@given(blob=RANDOM_BYTES)
def test_random_bytes(language, blob):
    both(blob, language)


@pytest.mark.parametrize("language", ["java", "kotlin"])
@settings(max_examples=150, deadline=None)
@given(blob=punctuation(b"{}()[];,=?:<>-&|@.\n \xff\xc3af"))
def test_random_punctuation(language, blob):
    both(bytes(blob), language)
