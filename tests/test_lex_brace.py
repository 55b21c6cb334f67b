"""The pure-Python tokenizer of the brace languages (docs/lexers.md), case by case.

Every expectation below is written by hand from the specification; the C twin is compared
with this module elsewhere.
"""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from observe_core._python.lex_brace import (ALIASES, LANGUAGES, LINE_CODE, LINE_COMMENT,
                                            LINE_JSX, Token, language_of, tokenize)

CODE, COMMENT, JSX = LINE_CODE, LINE_COMMENT, LINE_JSX


def toks(source, language, jsx=False):
    """(kind, text) of every token; fails on any diagnostic."""
    result = tokenize(source.encode() if isinstance(source, str) else source, language, jsx)
    assert result.diagnostics == []
    return [(t.kind, t.text) for t in result.tokens]


def diags(source, language, jsx=False):
    result = tokenize(source.encode() if isinstance(source, str) else source, language, jsx)
    return [(d["code"], d["line"], d["column"]) for d in result.diagnostics]


def S(text):
    return ("string", text)


def N(text):
    return ("name", text)


def O(*texts):
    return [("op", text) for text in texts]


OPEN, CLOSE = ("interp_open", "${"), ("interp_close", "}")


# ---------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------

def test_languages_and_aliases():
    assert set(LANGUAGES) == {"kotlin", "java", "swift", "javascript", "typescript", "objc",
                              "dart"}
    assert ALIASES == {"kt": "kotlin", "kts": "kotlin", "js": "javascript", "jsx": "javascript",
                       "ts": "typescript", "tsx": "typescript", "objective-c": "objc",
                       "objectivec": "objc", "m": "objc"}
    assert toks("a", "kt") == [N("a")]
    with pytest.raises(ValueError):
        tokenize(b"a", "cobol")


@pytest.mark.parametrize("path, expected", [
    ("a/B.kt", ("kotlin", False)), ("build.gradle.KTS", ("kotlin", False)),
    ("X.java", ("java", False)), ("v.Swift", ("swift", False)),
    ("a.js", ("javascript", True)), ("a.JSX", ("javascript", True)),
    ("a.mjs", ("javascript", True)), ("a.cjs", ("javascript", True)),
    ("a.ts", ("typescript", False)), ("a.tsx", ("typescript", True)),
    ("a.mts", ("typescript", False)), ("a.cts", ("typescript", False)),
    ("a.m", ("objc", False)), ("a.mm", ("objc", False)), ("a.h", ("objc", False)),
    ("main.dart", ("dart", False)), ("a.py", None), ("Makefile", None), ("a.kt.bak", None),
])
def test_language_of(path, expected):
    assert language_of(path) == expected


def test_token_fields():
    result = tokenize(b"a\n  bc", "java")
    assert result.tokens == [Token("name", "a", 1, 0, 1), Token("name", "bc", 2, 2, 2)]
    assert result.tokens[1].kind == "name" and result.tokens[1].col == 2


# ---------------------------------------------------------------------------------------------
# Kotlin
# ---------------------------------------------------------------------------------------------

def test_kotlin_brace_template():
    assert toks('"${a && b}"', "kotlin") == [
        S('"'), OPEN, N("a"), ("op", "&&"), N("b"), CLOSE, S('"')]


def test_kotlin_name_template():
    assert toks('"$name"', "kotlin") == [
        S('"'), ("interp_open", "$"), N("name"), ("interp_close", ""), S('"')]
    # `$` then a name start; Kotlin template names have no `$`, so `$a$b` is two templates.
    assert toks('"x$a$b $ 1$"', "kotlin") == [
        S('"x'), ("interp_open", "$"), N("a"), ("interp_close", ""),
        S(""), ("interp_open", "$"), N("b"), ("interp_close", ""), S(' $ 1$"')]
    assert toks('"$$x"', "kotlin") == [
        S('"$'), ("interp_open", "$"), N("x"), ("interp_close", ""), S('"')]


def test_kotlin_empty_template_close_position():
    tokens = tokenize(b'"$ab"', "kotlin").tokens
    assert [(t.kind, t.col) for t in tokens] == [
        ("string", 0), ("interp_open", 1), ("name", 2), ("interp_close", 4), ("string", 4)]


def test_kotlin_raw_string_with_template():
    assert toks('"""raw ${x}"""', "kotlin") == [S('"""raw '), OPEN, N("x"), CLOSE, S('"""')]
    # no escapes in raw strings: the backslash is text and the quote closes
    assert toks('"""a\\"""', "kotlin") == [S('"""a\\"""')]


def test_kotlin_raw_string_extra_quotes_belong_to_text():
    assert toks('"""a"""" + 1', "kotlin") == [S('"""a""""'), ("op", "+"), ("number", "1")]
    assert toks('"""""""" x', "kotlin") == [S('""""""""'), N("x")]
    assert toks('"""a""b"""', "kotlin") == [S('"""a""b"""')]


def test_kotlin_braces_in_template_code_and_nested_strings():
    assert toks('"${ "}" }"', "kotlin") == [S('"'), OPEN, S('"}"'), CLOSE, S('"')]
    assert toks('"${ m.map { it } }!"', "kotlin") == [
        S('"'), OPEN, N("m"), ("op", "."), N("map"), ("op", "{"), N("it"), ("op", "}"),
        CLOSE, S('!"')]
    assert toks('"a${"b${c}"}d"', "kotlin") == [
        S('"a'), OPEN, S('"b'), OPEN, N("c"), CLOSE, S('"'), CLOSE, S('d"')]


def test_kotlin_template_code_may_span_lines():
    tokens = tokenize(b'"${f(\n  x)}"', "kotlin").tokens
    assert [(t.kind, t.text, t.line) for t in tokens] == [
        ("string", '"', 1), ("interp_open", "${", 1), ("name", "f", 1), ("op", "(", 1),
        ("name", "x", 2), ("op", ")", 2), ("interp_close", "}", 2), ("string", '"', 2)]


def test_kotlin_chars_escapes_backticks():
    assert toks("'a' '\\n' '\\u0041' '\\''", "kotlin") == [
        S("'a'"), S("'\\n'"), S("'\\u0041'"), S("'\\''")]
    assert toks('"a\\"b\\$c"', "kotlin") == [S('"a\\"b\\$c"')]
    assert toks("`is` x.`fun name`()", "kotlin") == [
        N("`is`"), N("x"), ("op", "."), N("`fun name`"), ("op", "("), ("op", ")")]
    assert toks("val \u00e9t\u00e9$x = 1", "kotlin") == [
        N("val"), N("\u00e9t\u00e9$x"), ("op", "="), ("number", "1")]


def test_kotlin_nested_comments():
    assert toks("a /* x /* y */ z */ b", "kotlin") == [N("a"), N("b")]
    assert toks("/* /* */ */ c", "kotlin") == [N("c")]
    assert toks("/*/ x */ d", "kotlin") == [N("d")]     # `/*/` does not close


def test_kotlin_operators():
    assert toks("a?.b ?: c!! :: d..e ..< f === g !== h -> i", "kotlin") == [
        N("a"), ("op", "?."), N("b"), ("op", "?:"), N("c"), ("op", "!!"), ("op", "::"),
        N("d"), ("op", ".."), N("e"), ("op", "..<"), N("f"), ("op", "==="), N("g"),
        ("op", "!=="), N("h"), ("op", "->"), N("i")]
    assert toks("0..<n", "kotlin") == [("number", "0"), ("op", "..<"), N("n")]


# ---------------------------------------------------------------------------------------------
# Java
# ---------------------------------------------------------------------------------------------

def test_java_generics_and_operators():
    assert toks("List<List<String>> x = a >>>= 2;", "java") == [
        N("List"), ("op", "<"), N("List"), ("op", "<"), N("String"), ("op", ">>"), N("x"),
        ("op", "="), N("a"), ("op", ">>>="), ("number", "2"), ("op", ";")]
    assert toks("Foo::bar #x a$b", "java") == [
        N("Foo"), ("op", "::"), N("bar"), ("op", "#"), N("x"), N("a$b")]


def test_java_comments_do_not_nest():
    assert toks("/* a /* b */ c */ x", "java") == [N("c"), ("op", "*"), ("op", "/"), N("x")]


def test_java_text_block_and_chars():
    source = 'String s = """\n    a "q" \\""" b\n    """;\nchar c = \'\\\'\';'
    result = tokenize(source.encode(), "java")
    assert [(t.kind, t.text, t.line, t.end_line) for t in result.tokens] == [
        ("name", "String", 1, 1), ("name", "s", 1, 1), ("op", "=", 1, 1),
        ("string", '"""\n    a "q" \\""" b\n    """', 1, 3), ("op", ";", 3, 3),
        ("name", "char", 4, 4), ("name", "c", 4, 4), ("op", "=", 4, 4),
        ("string", "'\\''", 4, 4), ("op", ";", 4, 4)]
    assert result.diagnostics == []


def test_java_no_templates():
    assert toks('"${a} $b"', "java") == [S('"${a} $b"')]


# ---------------------------------------------------------------------------------------------
# Swift
# ---------------------------------------------------------------------------------------------

def test_swift_interpolation():
    assert toks('"\\(x ? 1 : 2)"', "swift") == [
        S('"'), ("interp_open", "\\("), N("x"), ("op", "?"), ("number", "1"), ("op", ":"),
        ("number", "2"), ("interp_close", ")"), S('"')]
    assert toks('"a\\(f(b, (c)))d"', "swift") == [
        S('"a'), ("interp_open", "\\("), N("f"), ("op", "("), N("b"), ("op", ","),
        ("op", "("), N("c"), ("op", ")"), ("op", ")"), ("interp_close", ")"), S('d"')]
    assert toks('"\\\\(x) \\"q\\""', "swift") == [S('"\\\\(x) \\"q\\""')]


def test_swift_raw_strings():
    assert toks('#"raw \\(no) \\#(yes)"#', "swift") == [
        S('#"raw \\(no) '), ("interp_open", "\\#("), N("yes"), ("interp_close", ")"),
        S('"#')]
    assert toks('##"a"#b\\#(c)"##', "swift") == [S('##"a"#b\\#(c)"##')]
    assert toks('##"a\\##(c)"## x', "swift") == [
        S('##"a'), ("interp_open", "\\##("), N("c"), ("interp_close", ")"), S('"##'),
        N("x")]
    assert toks('#"\\"#', "swift") == [S('#"\\"#')]        # `\` without `#` is text


def test_swift_multiline_strings():
    source = 'let s = """\n  a "b" \\(c)\n  """\nx'
    result = tokenize(source.encode(), "swift")
    assert [(t.kind, t.text, t.line, t.end_line) for t in result.tokens] == [
        ("name", "let", 1, 1), ("name", "s", 1, 1), ("op", "=", 1, 1),
        ("string", '"""\n  a "b" ', 1, 2), ("interp_open", "\\(", 2, 2),
        ("name", "c", 2, 2), ("interp_close", ")", 2, 2), ("string", '\n  """', 2, 3),
        ("name", "x", 4, 4)]
    assert result.line_flags == bytearray([0, CODE, CODE, CODE, CODE])
    assert toks('#"""\na"""b\n"""#', "swift") == [S('#"""\na"""b\n"""#')]


def test_swift_signs_chars_and_regex():
    assert toks("#if DEBUG\n#endif #available(iOS 15, *)", "swift") == [
        N("#if"), N("DEBUG"), N("#endif"), N("#available"), ("op", "("), N("iOS"),
        ("number", "15"), ("op", ","), ("op", "*"), ("op", ")")]
    assert toks("'a' $0 a++", "swift") == [
        ("op", "'"), N("a"), ("op", "'"), ("op", "$"), ("number", "0"), N("a"), ("op", "+"),
        ("op", "+")]
    assert toks("let r = #/a\\/b/# ?? x", "swift") == [
        N("let"), N("r"), ("op", "="), S("#/a\\/b/#"), ("op", "??"), N("x")]
    assert toks("##if #+ ##", "swift") == [("op", "#"), N("#if"), ("op", "#"), ("op", "+"),
                                           ("op", "#"), ("op", "#")]
    assert toks("a ..< b ... c", "swift") == [N("a"), ("op", "..<"), N("b"), ("op", "..."),
                                            N("c")]


def test_swift_nested_comments_and_backticks():
    assert toks("/* /* */ */ `class` x", "swift") == [N("`class`"), N("x")]


# ---------------------------------------------------------------------------------------------
# JavaScript / TypeScript
# ---------------------------------------------------------------------------------------------

def test_js_template_literals_nested_three_deep():
    assert toks("`a${`b${`c${d}e`}f`}g`", "javascript") == [
        S("`a"), OPEN, S("`b"), OPEN, S("`c"), OPEN, N("d"), CLOSE, S("e`"), CLOSE, S("f`"),
        CLOSE, S("g`")]
    assert toks("`$a ${ {b} } \\${c}`", "javascript") == [
        S("`$a "), OPEN, ("op", "{"), N("b"), ("op", "}"), CLOSE, S(" \\${c}`")]


def test_js_multiline_template_lines():
    result = tokenize(b"x = `a\nb${c}\nd`;", "javascript")
    assert [(t.kind, t.line, t.end_line) for t in result.tokens] == [
        ("name", 1, 1), ("op", 1, 1), ("string", 1, 2), ("interp_open", 2, 2),
        ("name", 2, 2), ("interp_close", 2, 2), ("string", 2, 3), ("op", 3, 3)]


def test_js_strings():
    assert toks("'a\"b' \"c'd\" 'e\\'f'", "javascript") == [
        S("'a\"b'"), S("\"c'd\""), S("'e\\'f'")]
    result = tokenize(b"x = 'a\\\nb' + 'c\\\r\nd'", "javascript")
    assert [(t.kind, t.text, t.line, t.end_line) for t in result.tokens] == [
        ("name", "x", 1, 1), ("op", "=", 1, 1), ("string", "'a\\\nb'", 1, 2),
        ("op", "+", 2, 2), ("string", "'c\\\r\nd'", 2, 3)]
    assert result.diagnostics == []


def test_js_regex_versus_division():
    assert toks("a / b / c", "javascript") == [N("a"), ("op", "/"), N("b"), ("op", "/"), N("c")]
    assert toks("x = /re/g", "javascript") == [N("x"), ("op", "="), ("regex", "/re/g")]
    assert toks("return /a\\/b[/]/.test(s)", "javascript") == [
        N("return"), ("regex", "/a\\/b[/]/"), ("op", "."), N("test"), ("op", "("), N("s"),
        ("op", ")")]
    assert toks("f(x)/ 2", "javascript") == [
        N("f"), ("op", "("), N("x"), ("op", ")"), ("op", "/"), ("number", "2")]
    assert toks("a[0] / 2; i++ / 2; {} / 2", "javascript") == [
        N("a"), ("op", "["), ("number", "0"), ("op", "]"), ("op", "/"), ("number", "2"),
        ("op", ";"), N("i"), ("op", "++"), ("op", "/"), ("number", "2"), ("op", ";"),
        ("op", "{"), ("op", "}"), ("op", "/"), ("number", "2")]
    assert toks("/x/i.test(a) && typeof /y/ || b /= 2", "javascript") == [
        ("regex", "/x/i"), ("op", "."), N("test"), ("op", "("), N("a"), ("op", ")"),
        ("op", "&&"), N("typeof"), ("regex", "/y/"), ("op", "||"), N("b"), ("op", "/="),
        ("number", "2")]
    assert toks("x = /=/; s = `${/}/.source}`", "javascript") == [
        N("x"), ("op", "="), ("regex", "/=/"), ("op", ";"), N("s"), ("op", "="), S("`"), OPEN,
        ("regex", "/}/"), ("op", "."), N("source"), CLOSE, S("`")]
    assert toks("'a' / 2", "javascript") == [S("'a'"), ("op", "/"), ("number", "2")]


def test_js_keywords_before_regex():
    for keyword in ("return typeof instanceof in of new delete void throw case do else yield "
                    "await").split():
        assert toks(keyword + " /a/", "javascript") == [N(keyword), ("regex", "/a/")]
    assert toks("foo /a/ b", "javascript") == [N("foo"), ("op", "/"), N("a"), ("op", "/"),
                                              N("b")]


def test_js_operators():
    assert toks("a ??= b?.c ?? d => e ** f >>>= g &&= h ||= i ... j", "typescript") == [
        N("a"), ("op", "??="), N("b"), ("op", "?."), N("c"), ("op", "??"), N("d"), ("op", "=>"),
        N("e"), ("op", "**"), N("f"), ("op", ">>>="), N("g"), ("op", "&&="), N("h"),
        ("op", "||="), N("i"), ("op", "..."), N("j")]
    assert toks("a?.5:1", "javascript") == [N("a"), ("op", "?"), ("number", ".5"), ("op", ":"),
                                           ("number", "1")]
    assert toks("#priv $x _y", "javascript") == [("op", "#"), N("priv"), N("$x"), N("_y")]


def test_ts_type_assertion_is_operators():
    assert toks("y = <T>x;", "typescript") == [
        N("y"), ("op", "="), ("op", "<"), N("T"), ("op", ">"), N("x"), ("op", ";")]
    assert toks("f<List<T>>(a)", "typescript") == [
        N("f"), ("op", "<"), N("List"), ("op", "<"), N("T"), ("op", ">>"), ("op", "("), N("a"),
        ("op", ")")]


def test_tsx_generic_arrows_are_not_elements():
    assert toks("const f = <T,>(x: T) => x", "typescript", jsx=True) == [
        N("const"), N("f"), ("op", "="), ("op", "<"), N("T"), ("op", ","), ("op", ">"),
        ("op", "("), N("x"), ("op", ":"), N("T"), ("op", ")"), ("op", "=>"), N("x")]
    assert toks("g = <T extends U>(x) => x", "typescript", jsx=True) == [
        N("g"), ("op", "="), ("op", "<"), N("T"), N("extends"), N("U"), ("op", ">"),
        ("op", "("), N("x"), ("op", ")"), ("op", "=>"), N("x")]
    # but `<T extends>` / `<T extends="a">` are elements (attributes named `extends`)
    assert toks('h = <T extends="a">b</T>', "typescript", jsx=True) == [
        N("h"), ("op", "="), ("op", "<"), N("T"), N("extends"), ("op", "="), S('"a"'),
        ("op", ">"), ("jsx_text", "b"), ("op", "</"), N("T"), ("op", ">")]
    # and in TSX a bare `<T>x` is an element, as for TypeScript itself
    assert toks("y = <T>x</T>", "typescript", jsx=True) == [
        N("y"), ("op", "="), ("op", "<"), N("T"), ("op", ">"), ("jsx_text", "x"),
        ("op", "</"), N("T"), ("op", ">")]
    # a generic call is not in a regex position
    assert toks("f<T>(x)", "typescript", jsx=True) == [
        N("f"), ("op", "<"), N("T"), ("op", ">"), ("op", "("), N("x"), ("op", ")")]


# ---------------------------------------------------------------------------------------------
# JSX
# ---------------------------------------------------------------------------------------------

def test_jsx_text_is_not_code():
    assert toks("x = <p>Don't if</p>", "javascript", jsx=True) == [
        N("x"), ("op", "="), ("op", "<"), N("p"), ("op", ">"), ("jsx_text", "Don't if"),
        ("op", "</"), N("p"), ("op", ">")]
    # without the flag the same text is code (and the apostrophe starts a string)
    result = tokenize(b"x = <p>Don't if</p>", "javascript")
    assert [(t.kind, t.text) for t in result.tokens] == [
        N("x"), ("op", "="), ("op", "<"), N("p"), ("op", ">"), N("Don"), S("'t if</p>")]
    assert diags("x = <p>Don't if</p>", "javascript") == [("unterminated-string", 1, 10)]


def test_jsx_attributes_children_and_fragments():
    source = ('r = <A.B data-id="1" x=\'y\\\' {...p} on={() => a && b}>'
              '{cond && <C/>}<>t</> u</A.B>;')
    assert toks(source, "javascript", jsx=True) == [
        N("r"), ("op", "="), ("op", "<"), N("A.B"), N("data-id"), ("op", "="), S('"1"'),
        N("x"), ("op", "="), S("'y\\'"), ("op", "{"), ("op", "..."), N("p"), ("op", "}"),
        N("on"), ("op", "="), ("op", "{"), ("op", "("), ("op", ")"), ("op", "=>"), N("a"),
        ("op", "&&"), N("b"), ("op", "}"), ("op", ">"),
        ("op", "{"), N("cond"), ("op", "&&"), ("op", "<"), N("C"), ("op", "/>"), ("op", "}"),
        ("op", "<"), ("op", ">"), ("jsx_text", "t"), ("op", "</"), ("op", ">"),
        ("jsx_text", "u"), ("op", "</"), N("A.B"), ("op", ">"), ("op", ";")]


def test_jsx_nested_in_code_in_jsx():
    assert toks('{c && <A>{x ? <B/> : "c"}</A>}', "javascript", jsx=True) == [
        ("op", "{"), N("c"), ("op", "&&"), ("op", "<"), N("A"), ("op", ">"), ("op", "{"),
        N("x"), ("op", "?"), ("op", "<"), N("B"), ("op", "/>"), ("op", ":"), S('"c"'),
        ("op", "}"), ("op", "</"), N("A"), ("op", ">"), ("op", "}")]


def test_jsx_multiline_text_lines_and_whitespace():
    source = "const a = (\n  <div>\n    Hello if\n\n    {x}\n  </div>\n);\n"
    result = tokenize(source.encode(), "javascript", jsx=True)
    assert [(t.kind, t.text, t.line) for t in result.tokens] == [
        ("name", "const", 1), ("name", "a", 1), ("op", "=", 1), ("op", "(", 1),
        ("op", "<", 2), ("name", "div", 2), ("op", ">", 2), ("jsx_text", "Hello if", 3),
        ("op", "{", 5), ("name", "x", 5), ("op", "}", 5), ("op", "</", 6),
        ("name", "div", 6), ("op", ">", 6), ("op", ")", 7), ("op", ";", 7)]
    # the breaks of lines 2-5 are the element's children (JSX markup); line 6's closes it
    assert result.line_flags == bytearray(
        [0, CODE, CODE | JSX, CODE | JSX, JSX, CODE | JSX, CODE, CODE])


def test_jsx_only_where_an_element_can_start():
    assert toks("a < b > c", "javascript", jsx=True) == [
        N("a"), ("op", "<"), N("b"), ("op", ">"), N("c")]
    assert toks("if (a <b) x", "javascript", jsx=True) == [
        N("if"), ("op", "("), N("a"), ("op", "<"), N("b"), ("op", ")"), N("x")]
    assert toks("x = a < 3", "javascript", jsx=True) == [
        N("x"), ("op", "="), N("a"), ("op", "<"), ("number", "3")]
    assert toks("return <a/>", "javascript", jsx=True) == [
        N("return"), ("op", "<"), N("a"), ("op", "/>")]
    assert toks("x = < 3", "javascript", jsx=True) == [N("x"), ("op", "="), ("op", "<"),
                                                      ("number", "3")]


def test_jsx_in_template_code():
    assert toks("`${<a>b</a>}`", "javascript", jsx=True) == [
        S("`"), OPEN, ("op", "<"), N("a"), ("op", ">"), ("jsx_text", "b"), ("op", "</"),
        N("a"), ("op", ">"), CLOSE, S("`")]


# ---------------------------------------------------------------------------------------------
# Objective-C
# ---------------------------------------------------------------------------------------------

def test_objc_strings_and_signs():
    assert toks('@interface Foo : NSObject\n@property id x;\n@end', "objc") == [
        N("@interface"), N("Foo"), ("op", ":"), N("NSObject"), N("@property"), N("id"), N("x"),
        ("op", ";"), N("@end")]
    assert toks('s = @"a\\"b" "c" \'d\' @[@1] @ $x', "objc") == [
        N("s"), ("op", "="), S('@"a\\"b"'), S('"c"'), S("'d'"), ("op", "@"), ("op", "["),
        ("op", "@"), ("number", "1"), ("op", "]"), ("op", "@"), ("op", "$"), N("x")]
    assert toks('@"${a}"', "objc") == [S('@"${a}"')]


def test_objc_directives():
    source = ("#import <Foo/Foo.h>\n  #define MAX(a, b) \\\n    ((a) > (b) ? (a) : (b))\n"
              "int x = 1; # y\n#if A // c\r\n#endif")
    result = tokenize(source.encode(), "objc")
    assert [(t.kind, t.text, t.line, t.end_line) for t in result.tokens] == [
        ("directive", "#import <Foo/Foo.h>", 1, 1),
        ("directive", "#define MAX(a, b) \\\n    ((a) > (b) ? (a) : (b))", 2, 3),
        ("name", "int", 4, 4), ("name", "x", 4, 4), ("op", "=", 4, 4), ("number", "1", 4, 4),
        ("op", ";", 4, 4), ("op", "#", 4, 4), ("name", "y", 4, 4),
        ("directive", "#if A // c", 5, 5), ("directive", "#endif", 6, 6)]
    assert result.tokens[1].col == 2
    assert toks("#define A \\\r\n 1\r\nb", "objc") == [("directive", "#define A \\\r\n 1"),
                                                      N("b")]


def test_objc_blocks_and_comments():
    assert toks("void (^b)(int) = ^{ x->y; }; /* /* */ z", "objc") == [
        N("void"), ("op", "("), ("op", "^"), N("b"), ("op", ")"), ("op", "("), N("int"),
        ("op", ")"), ("op", "="), ("op", "^"), ("op", "{"), N("x"), ("op", "->"), N("y"),
        ("op", ";"), ("op", "}"), ("op", ";"), N("z")]


# ---------------------------------------------------------------------------------------------
# Dart
# ---------------------------------------------------------------------------------------------

def test_dart_templates():
    assert toks("'$a${b}'", "dart") == [
        S("'"), ("interp_open", "$"), N("a"), ("interp_close", ""), S(""), OPEN, N("b"), CLOSE,
        S("'")]
    assert toks('"$a$b"', "dart") == [
        S('"'), ("interp_open", "$"), N("a"), ("interp_close", ""), S(""),
        ("interp_open", "$"), N("b"), ("interp_close", ""), S('"')]
    assert toks("'\\$a \\${b}'", "dart") == [S("'\\$a \\${b}'")]


def test_dart_raw_and_triple_strings():
    assert toks("r'$x' r\"${y}\\\"", "dart") == [S("r'$x'"), S('r"${y}\\"')]
    assert toks("r'''a\n'b$c'''", "dart") == [S("r'''a\n'b$c'''")]
    result = tokenize(b"s = '''a\n$b\n''';", "dart")
    assert [(t.kind, t.text, t.line, t.end_line) for t in result.tokens] == [
        ("name", "s", 1, 1), ("op", "=", 1, 1), ("string", "'''a\n", 1, 1),
        ("interp_open", "$", 2, 2), ("name", "b", 2, 2), ("interp_close", "", 2, 2),
        ("string", "\n'''", 2, 3), ("op", ";", 3, 3)]
    # `r` glued to a name character is part of the name, not a raw prefix
    assert toks("xr'$a' r", "dart") == [
        N("xr"), S("'"), ("interp_open", "$"), N("a"), ("interp_close", ""), S("'"), N("r")]


def test_dart_operators_and_names():
    assert toks("a ?? b ??= c?.d ?.. e .. f ...? g => h ~/ i ~/= j ! k $l", "dart") == [
        N("a"), ("op", "??"), N("b"), ("op", "??="), N("c"), ("op", "?."), N("d"),
        ("op", "?.."), N("e"), ("op", ".."), N("f"), ("op", "...?"), N("g"), ("op", "=>"),
        N("h"), ("op", "~/"), N("i"), ("op", "~/="), N("j"), ("op", "!"), N("k"), N("$l")]
    assert toks("/* /* */ */ x", "dart") == [N("x")]


# ---------------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("source, expected", [
    ("1..5", [("number", "1"), ("op", ".."), ("number", "5")]),
    ("1...5", [("number", "1"), ("op", "..."), ("number", "5")]),
    ("0x1p+3", [("number", "0x1p+3")]),
    ("0x1P-3f", [("number", "0x1P-3f")]),
    ("0x1e+3", [("number", "0x1e"), ("op", "+"), ("number", "3")]),
    ("1_000L", [("number", "1_000L")]),
    (".5", [("number", ".5")]),
    ("1e-5 2.5E+10 3e+x", [("number", "1e-5"), ("number", "2.5E+10"), ("number", "3e"),
                           ("op", "+"), ("name", "x")]),
    ("1.5f 0b1010 0o17 1u 1.toString()", [
        ("number", "1.5f"), ("number", "0b1010"), ("number", "0o17"), ("number", "1u"),
        ("number", "1.toString"), ("op", "("), ("op", ")")]),
    ("a.5", [("name", "a"), ("number", ".5")]),
])
def test_numbers(source, expected):
    assert toks(source, "kotlin") == expected


# ---------------------------------------------------------------------------------------------
# Line flags
# ---------------------------------------------------------------------------------------------

def test_line_flags_code_comment_blank():
    source = ("val a = 1\n"          # 1 code
              "// c\n"               # 2 comment
              "\n"                   # 3 blank
              "val s = \"\"\"x\n"    # 4 code
              "y\"\"\" /* c */\n"    # 5 code and comment
              "/* a\n"               # 6 comment
              "  b */\n"             # 7 comment
              "   \t\n")             # 8 blank
    result = tokenize(source.encode(), "kotlin")
    assert result.line_flags == bytearray(
        [0, CODE, COMMENT, 0, CODE, CODE | COMMENT, COMMENT, COMMENT, 0])


def test_line_flags_newlines_bom_and_empty():
    assert tokenize(b"", "java").line_flags == bytearray([0])
    assert tokenize(b"\n", "java").line_flags == bytearray([0, 0])
    result = tokenize(b"\xef\xbb\xbfa\r\nb\rc\n// x\r\n\r\nd", "java")
    assert [(t.text, t.line, t.col) for t in result.tokens] == [
        ("a", 1, 0), ("b", 2, 0), ("c", 3, 0), ("d", 6, 0)]
    assert result.line_flags == bytearray([0, CODE, CODE, CODE, COMMENT, 0, CODE])


def test_line_flags_multiline_comment_and_directive():
    result = tokenize(b"/*\n\n*/ #define A \\\n  B\n", "objc")
    # `#` is not first on its line: an op, not a directive
    assert [(t.kind, t.line) for t in result.tokens] == [
        ("op", 3), ("name", 3), ("name", 3), ("op", 3), ("name", 4)]
    assert result.line_flags == bytearray([0, COMMENT, COMMENT, CODE | COMMENT, CODE])


# ---------------------------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------------------------

def test_unterminated_one_line_strings():
    result = tokenize(b'x = "abc\ny', "java")
    assert [(t.kind, t.text, t.line, t.col) for t in result.tokens] == [
        ("name", "x", 1, 0), ("op", "=", 1, 2), ("string", '"abc', 1, 4), ("name", "y", 2, 0)]
    assert diags('x = "abc\ny', "java") == [("unterminated-string", 1, 4)]
    assert diags("a\n  @\"abc\r\n", "objc") == [("unterminated-string", 2, 2)]
    assert diags("'a", "dart") == [("unterminated-string", 1, 0)]
    assert diags("'a\\", "javascript") == [("unterminated-string", 1, 0)]


def test_unterminated_interpolated_one_line_string():
    result = tokenize(b'"a${b}c\nd', "kotlin")
    assert [(t.kind, t.text) for t in result.tokens] == [
        S('"a'), OPEN, N("b"), CLOSE, S("c"), N("d")]
    assert diags('"a${b}c\nd', "kotlin") == [("unterminated-string", 1, 0)]


def test_unterminated_multiline_strings():
    result = tokenize(b'x\n  """abc\n\n', "kotlin")
    assert [(t.kind, t.text, t.line, t.end_line) for t in result.tokens] == [
        ("name", "x", 1, 1), ("string", '"""abc\n\n', 2, 3)]
    assert diags('x\n  """abc\n\n', "kotlin") == [("unterminated-string", 2, 2)]
    assert diags("a `b", "javascript") == [("unterminated-string", 1, 2)]
    assert diags('#"abc"', "swift") == [("unterminated-string", 1, 0)]
    assert diags("r'''x", "dart") == [("unterminated-string", 1, 0)]
    assert diags('a = <b c="d>', "javascript", jsx=True) == [("unterminated-string", 1, 9)]


def test_unterminated_templates():
    result = tokenize(b'"${a', "kotlin")
    assert [(t.kind, t.text) for t in result.tokens] == [S('"'), OPEN, N("a")]
    assert diags('"${a', "kotlin") == [("unterminated-template", 1, 1)]
    assert diags("x = `a${b", "javascript") == [("unterminated-template", 1, 6)]
    assert diags('"\\(a', "swift") == [("unterminated-template", 1, 1)]
    assert diags("`${ `${x", "javascript") == [("unterminated-template", 1, 1),
                                              ("unterminated-template", 1, 5)]
    assert diags('"a ${ "b', "kotlin") == [("unterminated-template", 1, 3),
                                          ("unterminated-string", 1, 6)]


def test_unterminated_regex_and_comment():
    result = tokenize(b"x = /ab[/\ny", "javascript")
    assert [(t.kind, t.text) for t in result.tokens] == [
        N("x"), ("op", "="), ("regex", "/ab[/"), N("y")]
    assert diags("x = /ab[/\ny", "javascript") == [("unterminated-regex", 1, 4)]
    assert diags("x = /a\\", "javascript") == [("unterminated-regex", 1, 4)]
    result = tokenize(b"a\n b /* c\n d", "java")
    assert [(t.text, t.line) for t in result.tokens] == [("a", 1), ("b", 2)]
    assert result.diagnostics[0]["code"] == "unterminated-comment"
    assert diags("a\n b /* c\n d", "java") == [("unterminated-comment", 2, 3)]
    assert diags("/* /* */", "kotlin") == [("unterminated-comment", 1, 0)]
    assert result.line_flags == bytearray([0, CODE, CODE | COMMENT, COMMENT])


def test_invalid_utf8():
    result = tokenize(b"val x = 1\nval \xff\xfe = '\xc3'", "kotlin")
    assert [(t.kind, t.text) for t in result.tokens] == [
        N("val"), N("x"), ("op", "="), ("number", "1"), N("val"), N("\ufffd\ufffd"),
        ("op", "="), S("'\ufffd'")]
    assert [(d["code"], d["line"], d["column"]) for d in result.diagnostics] == [
        ("invalid-utf8", 2, 4)]
    # surrogates and overlong forms are invalid too; one diagnostic only
    assert diags(b"a \xed\xa0\x80 \xc0\xaf", "java") == [("invalid-utf8", 1, 2)]
    assert diags(b"\xef\xbb\xbfa \xff", "java") == [("invalid-utf8", 1, 2)]


def test_binary_file():
    result = tokenize(b"val x = 1\x00\n", "kotlin")
    assert result.tokens == []
    assert [(d["code"], d["line"], d["column"]) for d in result.diagnostics] == [
        ("binary-file", 0, 0)]
    # a NUL after the probe is an ordinary one-byte op
    late = b"a\n" * 5000 + b"\x00"
    result = tokenize(late, "kotlin")
    assert result.diagnostics == []
    assert result.tokens[-1] == Token("op", "\x00", 5001, 0, 5001)


def test_stray_bytes_are_ops():
    assert toks("a \\ b \x01", "java") == [N("a"), ("op", "\\"), N("b"), ("op", "\x01")]
    assert toks("`x", "kotlin") == [("op", "`"), N("x")]


# ---------------------------------------------------------------------------------------------
# Deep nesting and long inputs: explicit stacks, linear time
# ---------------------------------------------------------------------------------------------

DEPTH = 100_000


def _timed(data, language, jsx=False):
    start = time.perf_counter()
    result = tokenize(data, language, jsx)
    return result, time.perf_counter() - start


def test_deep_template_nesting():
    result, seconds = _timed(b"`${" * DEPTH + b"x" + b"}`" * DEPTH, "javascript")
    assert seconds < 10
    assert result.diagnostics == []
    assert len(result.tokens) == 4 * DEPTH + 1
    assert [(t.kind, t.text) for t in result.tokens[:4]] == [S("`"), OPEN, S("`"), OPEN]
    assert [(t.kind, t.text) for t in result.tokens[2 * DEPTH - 1:2 * DEPTH + 2]] == [
        OPEN, N("x"), CLOSE]
    assert [(t.kind, t.text) for t in result.tokens[-2:]] == [CLOSE, S("`")]


def test_deep_swift_and_kotlin_templates():
    result, seconds = _timed(b'"\\(' * DEPTH + b"x" + b')"' * DEPTH, "swift")
    assert seconds < 10 and result.diagnostics == [] and len(result.tokens) == 4 * DEPTH + 1
    result, seconds = _timed(b'"${' * DEPTH, "kotlin")
    assert seconds < 10
    assert len(result.diagnostics) == DEPTH
    assert {d["code"] for d in result.diagnostics} == {"unterminated-template"}


def test_deep_jsx_nesting():
    result, seconds = _timed(b"x = " + b"<a>" * DEPTH + b"y" + b"</a>" * DEPTH, "javascript",
                             jsx=True)
    assert seconds < 10
    assert result.diagnostics == []
    assert len(result.tokens) == 2 + 3 * DEPTH + 1 + 3 * DEPTH
    assert [(t.kind, t.text) for t in result.tokens[3 * DEPTH + 1:3 * DEPTH + 6]] == [
        ("op", ">"), ("jsx_text", "y"), ("op", "</"), N("a"), ("op", ">")]
    assert [(t.kind, t.text) for t in result.tokens[-1:]] == [("op", ">")]


def test_deep_jsx_code_nesting():
    source = b"x = " + b"<a>{" * DEPTH + b"1" + b"}</a>" * DEPTH + b"; y"
    result, seconds = _timed(source, "javascript", jsx=True)
    assert seconds < 10
    assert result.diagnostics == []
    assert [(t.kind, t.text) for t in result.tokens[-2:]] == [("op", ";"), N("y")]


def test_deep_nested_comments():
    result, seconds = _timed(b"/*" * DEPTH + b"*/" * DEPTH + b"x", "kotlin")
    assert seconds < 10
    assert [(t.kind, t.text) for t in result.tokens] == [N("x")]
    result, seconds = _timed(b"/*" * DEPTH + b"*/" * (DEPTH - 1) + b"x", "kotlin")
    assert result.tokens == []
    assert [(d["code"], d["line"], d["column"]) for d in result.diagnostics] == [
        ("unterminated-comment", 1, 0)]


@pytest.mark.parametrize("data, language", [
    (b"a+" * 500_000, "java"),                     # many tokens on one line
    (b"#" * 1_000_000, "swift"),                   # one-byte ops after `#`
    (b"x #" * 300_000, "objc"),                    # `#` not at line start, many times
    (b"\t" * 1_000_000 + b"#x", "objc"),
    (b'"' + b"\\\"" * 500_000, "kotlin"),          # one long unterminated string
    (b"/" * 1_000_000, "javascript"),              # comment
    (b"x" + b" /a" * 300_000, "javascript"),       # divisions after names
    (b"=/[" * 300_000, "javascript"),              # one unterminated regex
    (b"<a " * 300_000, "javascript"),              # one open tag
    (b"$a" * 500_000, "kotlin"),
    (b'"' + b"$a" * 300_000 + b'"', "kotlin"),
], ids=lambda value: value[:12].decode("latin-1") if isinstance(value, bytes) else value)
def test_linear_time_on_long_lines(data, language):
    result, seconds = _timed(data, language, jsx=True)
    assert seconds < 15
    assert len(result.line_flags) == 2


def test_ten_megabytes_in_seconds():
    chunk = (b"fun f(a: Int): String {\n"
             b"    val s = \"a ${a + 1} $a b\" /* c /* n */ */\n"
             b"    return if (a > 1 && a < 3) \"\"\"raw $a\"\"\" else 'c'.toString()\n"
             b"}\n")
    data = chunk * (10_000_000 // len(chunk))
    result, seconds = _timed(data, "kotlin")
    assert seconds < 60
    assert result.diagnostics == []
    assert len(result.tokens) == 47 * (10_000_000 // len(chunk))


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------

LANGUAGE_FLAGS = [(name, False) for name in LANGUAGES] + [("javascript", True),
                                                          ("typescript", True)]
TRAPS = "'\"`$#@{}()[]<>/\\*!?.:=&|r a1e+\n\r\t x\u00e9"


def _check_invariants(data, result):
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    lines = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    physical = len(lines) - (1 if lines[-1] == b"" else 0)
    assert len(result.line_flags) == physical + 1
    assert result.line_flags[0] == 0
    previous = (0, 0)
    for token in result.tokens:
        assert (token.line, token.col) >= previous
        assert token.end_line >= token.line
        assert 1 <= token.line <= max(physical, 1)
        previous = (token.line, token.col)
    for diagnostic in result.diagnostics:
        assert set(diagnostic) == {"line", "column", "code", "message"}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.sampled_from(LANGUAGE_FLAGS))
def test_random_bytes_never_raise(data, language_flag):
    language, jsx = language_flag
    _check_invariants(data, tokenize(data, language, jsx))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=TRAPS, max_size=200), st.sampled_from(LANGUAGE_FLAGS))
def test_random_traps_tokens_are_source_slices(text, language_flag):
    """On valid UTF-8, each token's text is the source at its position, tokens do not
    overlap, and their end lines agree with their text."""
    language, jsx = language_flag
    data = text.encode()
    result = tokenize(data, language, jsx)
    _check_invariants(data, result)
    starts = [0]
    for index, byte in enumerate(data):
        if byte == 0x0A or (byte == 0x0D and data[index + 1:index + 2] != b"\n"):
            starts.append(index + 1)
    end = 0
    for token in result.tokens:
        offset = starts[token.line - 1] + token.col
        raw = token.text.encode()
        assert data[offset:offset + len(raw)] == raw
        assert offset >= end
        end = offset + len(raw)
        if raw:
            last = offset + len(raw) - 1
            assert sum(1 for s in starts if s <= last) == token.end_line
