"""The C metrics pass of the brace languages (libobserve/metrics_brace.c, brace_dart.c) against
its pure-Python specification (observe_core/_python/brace_metrics.py) for Dart: the same
records, field by field, on the hand-checked files, on the Dart files of a generated mobile
tree, on random mixes of Dart's constructs and lexical traps, on random bytes and on deep
nesting.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import brace_differential
from brace_differential import (FILLERS, RANDOM_BYTES, ROOT, generated_tree, hand_checked, mix,
                                native, punctuation, via_public_api)

DATA = brace_differential.DATA / "dart"
both = brace_differential.both_for("dart")


# -- fixed inputs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.dart")))
def test_hand_checked_files(name):
    hand_checked(DATA / name, "dart", 10)


def test_a_generated_mobile_tree(tmp_path):
    counts, functions = generated_tree(tmp_path, {".dart": "dart"})
    assert sum(counts.values()) >= 20 and functions > 100


def test_arguments():
    record = native("class A { void f() { } }", "DART")          # str, any case
    assert record["language"] == "dart" and record["num_functions"] == 1
    assert native(bytearray(b"void f() { }"), "dart", path="a.dart")["path"] == "a.dart"


def test_public_api_uses_the_native_pass(tmp_path):
    record = via_public_api(tmp_path, "dart", "a.dart",
                            "class A {\n  A.named(int x) : y = x ?? 1 { }\n  int get v => y;\n}\n")
    assert [f["qualified_name"] for f in record["functions"]] == ["A.named", "A.get v"]


SMALL = [
    # the constructs of test_brace_metrics_more.py, in a function
    "x = a ?? b;", "x ??= b;", "y = a?.b?..c()..d();", "int? n = m as int?;", "v = a ? b : c;",
    "v = a?b:c;", "l = [...?xs, if (a) 1 else 2, for (var x in ys) x];",
    "try { } on A { } on B catch (e) { } catch (e) { } finally { }",
    "s = switch (x) { 1 => 'a', 2 when c && d => 'b', _ => 'c' };", "s = '${a ? 1 : 2} $b';",
    "s = r'${a ? 1 : 2}' '''if && b''';", "/* a /* if (b) */ && c */ var z = 1;",
    "xs.forEach((x) { if (x) { } });", "g((x) => x ? 1 : 2, y ? 3 : 4);",
    "outer: for (;;) { for (;;) { continue outer; } }", "await for (final e in s) { }",
    "switch (x) { case 1 when y > 0: case 2: z(); default: w(); }", "if (x case int n) { }",
    # more: local functions, closures, patterns, maps and sets, keywords as names
    "int g<T>(T t) { if (t) { } return 1; } g(1);", "void h() => a ? 1 : 2;",
    "var m = {'a': a ? 1 : 2, if (b) 'c': 3};", "var s = <int>{1, 2};",
    "final v = switch (p) { (int a, _) when a > 0 => 1, [var x, ...] => 2, _ => 3 };",
    "return switch (x) { A() || B() => 1, _ => 0 };", "f(switch: 1, if: 2); o.if; o?.for;",
    "do { n++; } while (n < 3 && ok);", "if (a) x(); else if (b) y(); else { z(); }",
    "final c = () async { await f(); };", "g(() sync* { yield 1; });", "a?[i] ?? b?[j];",
    "var r = \"\"\"\n${a ? 1 : 2}\n$b\n\"\"\";", "x = y!.z; w = u as T?;", "assert(a || b);",
    "label: while (a) { break label; }", "throw a ?? b;", "try { } catch (e, s) { rethrow; }",
    "switch (x) { case 1: switch (y) { case 2: break; } }", "var f = (int x) => (y) => x + y;",
    "a?..b() { if (c) { } }", "a..b() => c;", "new A() { }", "const B() => 1;", "@A() g() { }",
]


@pytest.mark.parametrize("body", SMALL)
def test_small_constructs(body):
    both("void f() {\n" + body + "\n}\n")


def test_declarations():
    source = (ROOT / "tests" / "test_brace_metrics_more.py").read_text()
    start = source.index('    source = """\nclass P {')
    both(source[start + len('    source = """'):source.index('"""\n', start + 20)])
    both("class A<T extends B<C>> with M implements I { A.b(x) : y = 1, super.c() { }\n"
         "  operator [](int i) => i; operator []=(int i, v) { } operator -() => this;\n"
         "  int get x => 1; set x(v) { if (v) { } } get y async { } static A of(c) { }\n"
         "  A.named(this.x, {required this.y, int z = 0}) : assert(x > 0) { }\n"
         "  factory A.f() = B; const A.c(); A.d() : this.c(); }\n"
         "mixin M on A, B { void m() { } }\nextension X on List<int> { int get s => 0; }\n"
         "extension type Id(int v) { int f() => v; }\nextension<T> on T { void g() { } }\n"
         "enum E with M implements I { a, b(1), c.named(); const E([this.v = 0]); "
         "int f() => v; }\nclass D = B with M;\nsealed class S { }\n"
         "void main(List<String> args) async { }\n@A(1) void ann() { }\n")
    # A bug of the specification found by the port: a named group inside a glued `<...>` was
    # no segment of its own, so `f(a<b, {}, {})` had -1 parameters.
    assert both("void f(a<b, {}, {}) { }")["functions"][0]["num_parameters"] == 0


@pytest.mark.parametrize("source", [
    b"void f() {\0}",                                            # binary
    b"class \xff\xfe { void f\xe2\x82() { if (\xff) { } } }",   # bad UTF-8 names
    b"void \xc3(int x) { }\nclass \xf0\x9f\x98 { int g\xed\xa0\x80<T>(T x) => x; }",
    b"\xef\xbb\xbfclass A { void f() { } }",                     # BOM
    b"class A { void f() { } } }\nclass B { void g() { h(; if (a) {} } }\n",
    b"class A {\n  void f() { if (a) { }\n",
    b"var s = '${a ? 1 : 2\nvoid f() { }",                      # unterminated interpolation
    b"var s = r'$a' + '''\n ${b ? 3 : 4}\n ''' + \"$c${d}\";",
    b"/* a /* nested */ if (a) { } */ void f() { }",
    b"} on A catch", b"x = switch (a) { 1 => ", b"factory A.", b"class A { get",
    b"class A { operator", b"class A { operator +", b"A(a) : ", b"A(a) : b(",
    b"extension", b"extension on", b"mixin", b"mixin class", b"enum", b"class A = B",
    b"", b"}", b"{", b")(", b"void", b"get", b"?", b"a ?", b"on", b"switch", b"=>",
])
def test_bad_input(source):
    both(source)


def hostile(n: int) -> list:
    return [
        "class A { " + "f<" * n + " }",                    # type parameters: bounded scans
        "void g() { " + "f<" * n + " }",
        "class A { " + "a() : " * n + "; }",                # initializer lists: remembered
        "class A { " + "a() : " * n + "{ } }",
        "class A { " + "a(b) : c(" * (n // 4) + ")" * (n // 4) + " }",
        "class A { operator " + "+" * n + "() { } }",
    ]


@pytest.mark.parametrize("source", hostile(20_000))
def test_hostile_headers(source):
    both(source)


@pytest.mark.parametrize("index", [0, 1, 2])
def test_hostile_headers_are_linear(index):
    # 200,000 repetitions: a quadratic scan would take minutes, a linear one milliseconds.
    import time
    source = hostile(200_000)[index]
    started = time.perf_counter()
    native(source, "dart", "<string>")
    assert time.perf_counter() - started < 2.0


@pytest.mark.not_under_asan
def test_deep_nesting():
    depth = 90_000
    # 90,000 nested ifs: cognitive 1 + 2 + ... + 90,000 still fits ob_function's uint32.
    both("void f() {\n" + "if (a) {" * depth + "}" * depth + "\n}\n")
    both("{" * depth)                                   # every level unclosed
    both("(" * depth + "}" * 3)                         # forced closes
    both("void f() {\n" + "g((x) {" * depth + "if (a) { }" + "});" * depth + "\n}\n")
    both("void f() {\n" + "g((x) => " * depth + "a ? 1 : 2" + ")" * depth + ";\n}\n")
    both("var v = " + "a ? " * depth + "b" + " : c" * depth + ";")
    both("void f() { x = " + "switch (a) { 1 => " * depth + "0" + "}" * depth + "; }")
    nested = "class A { void f() {\n void g() {\n"
    both(nested * 2000 + "if (a && b) { }\n" + "} } }\n" * 2000)


# -- random mixes ----------------------------------------------------------------------------------

CONSTRUCTS = [
    "class A ", "class A<T extends B> extends C with M implements I { ", "abstract class R { ",
    "mixin M on A { ", "mixin class MC { ", "extension X on List<int> { ", "extension on T { ",
    "extension type Id(int v) { ", "enum E { a, b; ", "enum F { a(1), b(2); ", "sealed ",
    "class D = B with M;", "}", "void f(int a, {int b = 0, required c}) { ",
    "int g<T>(T x, [T? y]) => ", "Future<void> h() async { ", "Stream<int> s() async* { ",
    "Iterable<int> i() sync* { ", "A(this.x) : ", "A.named(int v) : x = v, ", "super.c(v) ",
    "assert(v > 0) ", "factory A.make() => ", "const A.c();", "A.d() : this.c();",
    "bool operator ==(Object o) => ", "operator [](int i) { ", "operator -() => ",
    "int get x => ", "set x(int v) { ", "get y { ", "static ", "external void e();",
    "@override ", "@A(1) ", "late final ", "var v = ", "final ", "const [1, 2]", "new A()",
    "if (a) { ", "if (a) ", "} else { ", "} else if (b) { ", "else ", "for (var x in xs) { ",
    "for (;;) ", "await for (final e in s) { ", "while (a && b || c) { ", "do { ",
    "} while (n < 3);", "try { ", "} on E { ", "} on E catch (e) { ", "} catch (e, s) { ",
    "} finally { ", "switch (x) { ", "case 1: ", "case int n when n > 0: ", "default: ",
    "switch (x) { 1 => 'a', ", "_ => 'b' }", "x when y => 1, ", "if (x case int n) ",
    "return ", "return;", "break;", "continue outer;", "outer: ", "yield ", "rethrow;",
    "throw E();", "a && b", " || c", "a ?? b", "x ??= y", "a?.b", "a?..b()", "..c = 1",
    "...?xs", "...xs", "int?", "a?[i]", "a ? b : c", "a?b:c", "x!", "as T?", "is! T",
    "[if (a) 1 else 2, for (var x in ys) x]", "{'k': v, if (b) 'c': 3}", "<int>{1}",
    "(x) { ", "(x) => ", "() async { ", "() async => ", "(a, b) sync* { ", "f(switch: 1)",
    "o.if", "o?.for", "o..switch", "'${a ? 1 : 2}'", "'$name and $other'",
    "\"${f((x) { if (x) { } })}\"", "r'${not} $x'", "'''\nif (a) { ${b ? 1 : 2} }\n'''",
    "r\"\"\"\n&& ||\n\"\"\"", "/* a /* if */ && */", "// && if\n", "/// doc if\n", "_",
    "=>", "==", "<", ">", ">>", "<<", "(", ")", "{", "}", "[", "]", ";", ",", ":", "=", "?",
    "!", ".", "..", "?.", "@", "*", "\n", "\n\n",
]


@settings(max_examples=600, deadline=None)
@given(data=st.data())
def test_random_mixes(data):
    both(mix(data, CONSTRUCTS + FILLERS + ["void f() {\n"]))


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_random_mixes_in_a_class(data):
    body = mix(data, CONSTRUCTS + [" ", "\n", "x", "A", "f(", "y()", ";"], max_size=40)
    both("class A {\n" + body + "\n}\nvoid g() { if (a) { } }\n")


@settings(max_examples=200, deadline=None)
@given(blob=RANDOM_BYTES)
def test_random_bytes(blob):
    both(blob)


@settings(max_examples=200, deadline=None)
@given(blob=punctuation(b"{}()[];,=?!:<>-&|$@.\\'\"r/* \n\xff\xc3af_"))
def test_random_punctuation(blob):
    both(bytes(blob))
