"""The C tokenizer of the brace languages (libobserve/lex_brace.c) against its pure-Python
specification (observe_core/_python/lex_brace.py): the same tokens, positions, line counts and
diagnostics on the test app, on a generated mobile tree in every language, on random mixes of
each language's lexical traps and on random bytes."""

from __future__ import annotations

import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observe_core import _backend
from observe_core._python import lex_brace

LANGUAGES = ("kotlin", "java", "swift", "javascript", "typescript", "objc", "dart")
APP = os.path.join(os.path.dirname(__file__), "data", "business_app")


def both(data: bytes, language: str, jsx: bool = False):
    tokens, flags, diagnostics, counts = _backend._native.lex_brace(data, language, jsx)
    expected = lex_brace.tokenize(data, language, jsx)
    assert tokens == [tuple(t) for t in expected.tokens]
    # every line's flags (code, comment, JSX break); the arrays' spare tails are zeros
    assert flags.rstrip(b"\0") == bytes(expected.line_flags).rstrip(b"\0")
    assert [(d["line"], d["column"], d["code"], d["message"]) for d in diagnostics] == \
        [(d["line"], d["column"], d["code"], d["message"]) for d in expected.diagnostics]
    assert counts == lex_brace.count_lines(data, expected.line_flags)
    return tokens


def sources(root):
    for directory, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            path = os.path.join(directory, name)
            found = lex_brace.language_of(path)
            if found:
                yield path, found


def test_the_test_app():
    files = 0
    for path, (language, jsx) in sources(APP):
        with open(path, "rb") as handle:
            assert both(handle.read(), language, jsx), path
        files += 1
    assert files >= 30


def test_a_generated_mobile_tree(tmp_path):
    import gen_mobile_tree
    gen_mobile_tree.write_tree(str(tmp_path), 300, seed=3)
    seen = set()
    for path, (language, jsx) in sources(str(tmp_path)):
        with open(path, "rb") as handle:
            both(handle.read(), language, jsx)
        seen.add(language)
    assert seen == set(LANGUAGES)


# Pieces of each language's hard parts, glued at random: the lexers must agree on every mix,
# including the broken ones (unterminated strings and templates, stray quotes and slashes).
TRAPS = {
    "kotlin": ['"${a && b}"', '"$name"', '"""raw ${x} ""q"""', "/* a /* b */ c */", "`is`",
               "'\\n'", "x?.y ?: z", "when (x) { 1 -> a\n else -> b }", "1..5", "0x1F_L",
               '"${"${', "}", '"', "/*", "@Ann", "a!!"],
    "java": ['"a\\"b"', '"""\n text "q" \n"""', "'\\''", "List<List<String>>", "a >>>= 2",
             "/* c */", "// c\n", "x ? y : z", "@Override", '"', "'", "/*", "#"],
    "swift": ['"\\(x ? 1 : 2)"', '#"raw \\(no) \\#(yes)"#', '"""\n multi \\(a)\n"""',
              "/* a /* b */ c */", "#/re/#", "a?.b ?? c", "#if DEBUG\n", "`class`", "$0",
              '"\\(', ")", '"', "'", "#"],
    "javascript": ["`a${`b${c}`}`", "a / b / c", "x = /re/g", "return /a\\/b[/]/.test(s)",
                   "<p>Don't if</p>", "{cond && <A b={c ? 1 : 2}/>}", "<>x</>", "a?.5:1",
                   "`${", "}", "/", "<", "'", '"', "`", "/*", "//", "\n"],
    "typescript": ["<T>x", "f<T>(a)", "`a${b}`", "x?: T", "a ?? b", "/re/.test(s)", "a / b",
                   "`", "/", "'"],
    "objc": ['@"a"', "@interface A\n@end\n", "#define X(a) \\\n  a\n", "^{ return 1; }",
             "@try {} @catch (id e) {}", "'c'", '"', "#", "@", "/*"],
    "dart": ["'$a${b}'", "r'$x'", "'''\n m ${c} \n'''", 'r"""raw"""', "a ?? b", "x?.y",
             "/* a /* b */ c */", "'${", "}", "'", '"', "$"],
}


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_random_mixes_of_the_traps(language, data):
    traps = TRAPS[language] + [" ", "\n", "a", "(", ")", "{", "}", "if", "x"]
    pieces = data.draw(st.lists(st.sampled_from(traps), max_size=40))
    jsx = data.draw(st.booleans()) if language in ("javascript", "typescript") else False
    both("".join(pieces).encode(), language, jsx)


# Name bytes at the edges of each class (the C lexer classifies 16 bytes of a name at once),
# and the bytes just outside them, which end a name.
NAME_BYTES = [b"A", b"Z", b"a", b"z", b"_", b"0", b"9", b"$", b"\xc3\xa9", b"\x80", b"\xff"]
STOP_BYTES = [b"@", b"[", b"`", b"{", b"/", b":", b"\x7f", b" ", b"\n", b"(", b".", b"#", b"\\"]


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_names_of_every_length(language, data):
    pieces = []
    for _ in range(data.draw(st.integers(1, 6))):
        pieces.append(data.draw(st.sampled_from([b"a", b"Q", b"_"])))
        pieces += data.draw(st.lists(st.sampled_from(NAME_BYTES), max_size=40))
        pieces.append(data.draw(st.sampled_from(STOP_BYTES)))
    source = b"".join(pieces)
    cut = data.draw(st.integers(0, 20))   # so that a name may end with the input, anywhere
    both(source[:len(source) - cut], language)


@pytest.mark.parametrize("language", LANGUAGES)
@settings(max_examples=100, deadline=None)
@given(blob=st.binary(max_size=300))
def test_random_bytes(language, blob):
    both(blob, language, language == "javascript")


@pytest.mark.parametrize("language,opener,closer", [
    ("kotlin", '"${', '}"'), ("swift", '"\\(', ')"'), ("javascript", "`${", "}`"),
    ("dart", "'${", "}'"), ("kotlin", "/*", "*/")])
def test_deep_nesting_agrees(language, opener, closer):
    depth = 20000
    both((opener * depth + "x" + closer * depth).encode(), language)
    both((opener * depth).encode(), language)          # unterminated at every level


def test_jsx_deep_nesting_agrees():
    depth = 20000
    both(("x = " + "<a>{" * depth + "y" + "}</a>" * depth).encode(), "javascript", True)


def test_an_unknown_language_is_an_error():
    with pytest.raises(ValueError):
        _backend._native.lex_brace(b"x", "cobol", False)
