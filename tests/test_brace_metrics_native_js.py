"""The C metrics pass of JavaScript and TypeScript, with JSX/TSX (libobserve/brace_js.c and the
walk of metrics_brace.c) against its pure-Python specification (observe_core/_python/
brace_metrics.py, brace_functions_js.py): the same records, field by field, on the
hand-checked files, on the .js/.jsx/.ts/.tsx files of a generated mobile tree, on random mixes
of the languages' constructs and lexical traps, for every name and alias, on random bytes and
on deep nesting.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from brace_differential import (DATA, FILLERS, RANDOM_BYTES, both, generated_tree, hand_checked,
                                mix, native, punctuation)

LANGUAGES = ["javascript", "jsx", "typescript", "tsx"]


# -- fixed inputs ----------------------------------------------------------------------------------

@pytest.mark.parametrize("language, relative", [
    ("javascript", "javascript/cart.js"), ("javascript", "javascript/CartBadge.jsx"),
    ("typescript", "typescript/api.ts"), ("typescript", "typescript/CartScreen.tsx")])
def test_hand_checked_files(language, relative):
    path = DATA / relative
    hand_checked(path, language, 10)
    for alias in ("js", "jsx") if language == "javascript" else ("ts", "tsx"):
        both(path.read_bytes(), alias, str(path))
        both(path.read_bytes(), alias)              # JSX from the alias, not the path


def test_a_generated_mobile_tree(tmp_path):
    counts, functions = generated_tree(tmp_path, {".js": "javascript", ".jsx": "javascript",
                                                  ".ts": "typescript", ".tsx": "typescript"})
    assert all(count >= 5 for count in counts.values()), counts
    assert functions > 100


def test_a_generated_mobile_tree_without_semicolons(tmp_path):
    """The same tree in the no-semicolon style (automatic semicolon insertion): every `;` that
    ends a line dropped."""
    def drop_semicolons(data: bytes) -> bytes:
        return re.sub(rb";[ \t]*(\r?\n)", rb"\1", data)
    counts, functions = generated_tree(tmp_path, {".js": "javascript", ".jsx": "javascript",
                                                  ".ts": "typescript", ".tsx": "typescript"},
                                       drop_semicolons)
    assert all(count >= 5 for count in counts.values()), counts
    assert functions > 100


OPERATORS = (". ?. , ( [ { ) ] } = += -= *= /= %= **= &= |= ^= <<= >>= >>>= &&= ||= ??= => ? : "
             "&& || ?? + - * / % ** == != === !== < > <= >= & | ^ << >> >>> ! ~ ++ -- in as "
             "instanceof typeof ; </ > /> @ #").split()


@pytest.mark.parametrize("language", ["javascript", "tsx"])
def test_every_operator_at_a_line_break(language):
    """Automatic semicolon insertion: each operator ending a line, and starting the next, in an
    arrow's expression body followed by a declaration (the backends' operator tables agree)."""
    for op in OPERATORS:
        for source in (f"const f = () => a {op}\nb\nfunction g() {{ if (c) {{}} }}\n",
                       f"const f = () => a\n{op} b\nfunction g() {{ if (c) {{}} }}\n",
                       f"class A {{\n  m(): T {op}\n  n() {{ if (c) {{}} }}\n}}\n"):
            both(source, language)


def test_jsx_follows_the_path_then_the_name():
    # `<div>if (a) && b</div>` is JSX text (no condition) only where JSX is read.
    source = "function f() { return a < b ? <div>if (a) && b</div> : 1; }"
    for language, path, jsx in [("typescript", "<string>", False), ("tsx", "<string>", True),
                                ("typescript", "a.tsx", True), ("tsx", "a.ts", False),
                                ("ts", "a.mts", False), ("javascript", "<string>", True),
                                ("js", "a.js", True), ("jsx", "a.ts", True),
                                ("typescript", "A.TSX", True), ("tsx", "dir.ts/a", True)]:
        record = both(source, language, path)
        assert record["language"] == ("javascript" if language[0] == "j" else "typescript")
        cyclomatic = record["functions"][0]["cyclomatic_complexity"]
        assert cyclomatic == (2 if jsx else 4), (language, path, cyclomatic)


def test_arguments():
    assert native("const f = () => 1", "JavaScript")["num_functions"] == 1   # str, any case
    assert native(b"let f = (a: T): U => a", "TS")["functions"][0]["name"] == "f"
    assert native(bytearray(b"function g() {}"), "jsx")["language"] == "javascript"


@pytest.mark.parametrize("source, language", [
    (b"function f() {\0}", "javascript"),                            # binary
    (b"function \xff\xfe(a = \xc3) { if (\xff) { } }", "javascript"),   # bad UTF-8 names
    (b"const \xf0\x9f\x98 = (x) => x; o.\xed\xa0\x80 = function () { }", "typescript"),
    (b"\xef\xbb\xbfclass A { m() { } }", "typescript"),              # BOM
    (b"class A { m() { } } }\nclass B { g() { h(; if (a) {} } }\n", "javascript"),
    (b"const s = `${a ? `${b}` : c", "javascript"),                  # unterminated template
    (b"{ f() { if (a) {} } }\nx = `${", "javascript"),               # `{` first, `${` last
    (b"/[/]/.test(x) ? a : b; let r = a / b / c;", "javascript"),
    (b"<div>{(a) => { if (b) { } }}</div", "jsx"),                   # unterminated JSX
    (b"function f(a = (b) => { , g", "typescript"),
    (b"", "javascript"), (b"}", "tsx"), (b"{", "typescript"), (b")(", "jsx"), (b"=>", "ts"),
    (b"(", "typescript"), (b"(a) =>", "javascript"), (b"x =>", "javascript"),
])
def test_bad_input(source, language):
    both(source, language)


def test_a_leading_brace_is_a_block_whatever_ends_the_file():
    """Spec fix: `{` as the very first token looked at tokens[-1] (the file's last token), so
    a file ending in an unterminated `${` made it an object literal whose names became
    methods."""
    record = both("{ f() { if (a) {} } }\nx = `${", "javascript")
    assert record["functions"] == []


def test_a_structures_header_is_never_an_arrows_parameters():
    """`if () => ...`: the `(` after `if` is the condition, never an arrow's parameters.  Taken
    for parameters, it left the `if` body waiting for the next `(`, here the one after the
    inner arrow's `=>`; the `for` was then counted at the `if` body's nesting, below the
    arrow's own, which gave the spec a cognitive of -1 (and the C, clamping, 0)."""
    for language in LANGUAGES:
        record = both("if()=>function(){()=>()for", language)
        # Hand-checked: `function` (col 6) holds the arrow (col 17) holding the `for`: the
        # arrow +1 (nesting 0 in it), the function +1 + 1 (the arrow nests); the `if` is at
        # file level.  CCN: the `for` is the arrow's.
        assert [(f["column"], f["cyclomatic_complexity"], f["cognitive_complexity"])
                for f in record["functions"]] == [(6, 1, 2), (17, 2, 1)]
        record = both("if ((a) => b) { for (;;) {} }", language)   # an arrow in a header
        assert [(f["column"], f["cognitive_complexity"]) for f in record["functions"]] == \
            [(4, 0)]


def test_a_declaration_taking_a_headers_parenthesis_leaves_no_body_waiting():
    """`for await() {` in a class body is a method `await` (its `(` never reaches the
    brackets' walk); the loop's body then waited for the next `(`, the `()` deep in `m`, and
    its `?` was counted below m's nesting (spec -1).  Now only the `(` right after the
    keyword opens the body."""
    for language in LANGUAGES:
        record = both("class A{for await(){function(){={m(){()?", language)
        # Hand-checked: the `?` is +1 in m (nesting 0 there), +1 + 1 in the function around
        # m, +1 + 2 in `await`; the loop in the class body is no function's.
        assert [(f["name"], f["cognitive_complexity"]) for f in record["functions"]] == \
            [("await", 3), ("(anonymous)", 2), ("m", 1)]


def test_keywords_used_as_names_in_java_and_kotlin():
    """`o.if` is a member, not an `if` (D5); the C pass of Java and Kotlin counted it."""
    for source, language in [("class A { void f() { o.if (a) { x(); } } }", "java"),
                             ("fun f() { o.if (a) { x() } }", "kotlin"),
                             ("class A { void f() { for await (x) { } } }", "java"),
                             ("class A { void f() { l: while (a) { break\nl; } } }", "java")]:
        both(source, language)


@pytest.mark.not_under_asan
@pytest.mark.parametrize("language", LANGUAGES)
def test_deep_nesting(language):
    depth = 90_000
    # 90,000 nested ifs: cognitive 1 + 2 + ... + 90,000 still fits ob_function's uint32.
    both("function f() {\n" + "if (a) {" * depth + "}" * depth + "\n}\n", language)
    both("{" * depth, language)                       # every level unclosed
    both("(" * depth + "}" * 3, language)             # forced closes
    both("f(" * depth + ")" * depth, language)
    # Nested functions: the Python keeps every function's enclosing ones (quadratic), so 2,000.
    both("x => " * 2000 + "1", language)              # arrows in arrows
    both("(a) => (" * 2000 + ")" * 2000, language)    # arrows whose bodies open arrows
    both("(a) => (" * 2000, language)                 # unclosed: nested expression bodies
    both("(a, " * depth + "b) => 1", language)        # 90,000 parens, one arrow inside
    both("`${" * depth + "}`" * depth, language)      # templates in templates
    both("({a: " * depth + "1})" * depth, language)   # object literals
    both("function f(a = function () {" * 2000 + "if (a && b) x();" + "}) {}" * 2000,
         language)
    nested = "class A { m() { return { n() { const g = async () => { "
    both(nested * 2000 + "if (a && b) x();\n" + "} } } } } " * 2000, language)


# -- random mixes ----------------------------------------------------------------------------------

CONSTRUCTS = [
    # declarations
    "function f(a, b = 1, {c, d = 2}, [e], ...r) { ", "async function g() { ",
    "function* gen() { yield 1; ", "export default function () { ", "const h = function () { ",
    "module.exports.k = function named() { ", "const a = (x, y) => { ", "const b = x => x + 1;",
    "const c = async (x) => { ", "const d = async x => await x;", "let e = () => ({ a: 1 });",
    "class A { ", "class B extends A { ", "constructor(a) { ", "static s() { ",
    "get v() { ", "set v(x) { ", "async *it() { ", "field = () => { ", "#p = 1;",
    "obj = { m() { ", "{ key: () => 1, other: function () { } }", "o.get(k)", "}",
    # statements
    "if (a) ", "if (a) { ", "} else ", "else if (b) ", "else { ", "for (let i = 0; i < n; i++) ",
    "for (const x of xs) { ", "for await (const y of ys) { ", "for (k in o) ", "while (c) ",
    "do { ", "} while (d);", "try { ", "} catch (e) { ", "} catch { ", "} finally { ",
    "switch (x) { ", "case 1: ", "case 2: { ", "default: ", "return x;", "return;",
    "break;", "continue;", "outer: for (;;) { break outer; ", "continue outer;", "throw e;",
    # expressions
    "a && b", " || c", "a ?? b", "f(a && b ||= c && d)", "a || b ??= c || d", "x ??= 1;", "x ||= 2;", "x &&= 3;", "a?.b?.(c)", "a?.[0]",
    "x = a ? b : c;", "a ? b ? 1 : 2 : 3", "{if: 1, for: 2, case: 3}", "o.if(x)", "o.switch",
    "x < y > z", "f<T>(x)", "a / b / c", "/re[/]gex/g.test(s)", "x = /a/ ? 1 : 2",
    "`t ${a ? `${b}` : c} u`", "`${() => { if (a) {} }}`", "'if (a) && b'", '"?"',
    "// if (a) && b\n", "/* ? : */", "<div>if (a) && b</div>", "<A b={c ? d : e}>{x}</A>",
    "<>{items.map((i) => <li key={i}>{i}</li>)}</>", "<img src='x' />", "...args",
    "new Foo(() => 1)", "typeof x === 'y'", "void 0", "delete o[k]",
    # TypeScript
    "interface I { m(): void; n?: number; ", "enum E { A = 1, B = A || 2 ", "type T = { ",
    "type H = (a: T) => U;", "let t: (x: number) => void;", "function o(a: T): U;",
    "function p<T,>(a: T): T { ", "const q = <T,>(a: T): T => a;", "private r?: string;",
    "public async s(a?: number): Promise<void> { ", "abstract t(): void;", "declare const u: U;",
    "x as unknown as T", "x!", "Array<() => void>", "a: (b) => c", "f?(x)", "{ a?: 1 }",
    "readonly w = (z: Z): Z => z;", "(a: A | B, b: C & D) => a",
    "return ", "return { m() { }, n: (a) => 1 }", "=> {", "x = { get a() { }, [k]: 1 }",
    # line breaks without semicolons (automatic semicolon insertion)
    "\n.then(x => x)", "\n? a : b", "\n&& c", "=>\n", "</A>\n", "<A\n  b={c}\n>", "<B\n/>\n",
    "x++\n", "\n(b)", "\n[0]", "a\n", "+\n", "\n+ 1", "\n)", "\n// c\n\n", "}\n",
    # punctuation
    "(", ")", "{", "}", "[", "]", ";", ",", "=", "=>", ":", "?", "<", ">", "\n",
]


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_random_mixes(language, data):
    both(mix(data, CONSTRUCTS + FILLERS + ["async", "get", "static"]), language)


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=200, deadline=None)
@given(blob=RANDOM_BYTES)
def test_random_bytes(language, blob):
    both(blob, language)


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=150, deadline=None)
@given(blob=punctuation(b"{}()[];,=?:<>-&|@.\n `$/\\'\"*!\xff\xc3afx"))
def test_random_punctuation(language, blob):
    both(bytes(blob), language)
