"""Business-logic rules (docs/rules.md): loading and checking rule files, the regions of each
language, and matches with hand-checked lines, columns and fields."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observe_core._python.rule_match import match_file
from observe_core._python.rule_regions import EXTENSIONS, SYNTAX, language_of, regions
from observe_core._python.rules import (CATEGORIES, PLAN_CATEGORY, RuleError, merge_rules,
                                        parse_rules)

RETROFIT = r"""
rules:
  - id: retrofit-endpoint
    category: api_endpoints
    languages: [kotlin, java]
    pattern: '@(?P<method>GET|POST|PUT|DELETE|PATCH)\(\s*"(?P<path>[^"]*)"'
    fields: {method: method, path: path}
    confidence: 0.95
    message: "{method} {path}"
  - id: todo
    category: error_handling
    languages: [any]
    pattern: 'TODO'
    where: [comments]
"""


def region_texts(src: str, language: str):
    data = src.encode()
    return [(data[a:b].decode(), kind) for a, b, kind in regions(data, language)]


# ---- loading -------------------------------------------------------------------------------------

def test_a_rule_file_loads_with_defaults():
    endpoint, todo = parse_rules(RETROFIT, "app.yaml")
    assert endpoint.id == "retrofit-endpoint" and endpoint.languages == ("kotlin", "java")
    assert endpoint.fields == (("method", "method"), ("path", "path"))
    assert endpoint.where == ("code",) and endpoint.severity == "note"
    assert todo.languages == () and todo.where == ("comments",) and todo.confidence == 0.8
    assert todo.message == "todo" and todo.source == "app.yaml"


@pytest.mark.parametrize("rule, reason", [
    ("{id: a, category: payments, languages: [kotlin]}", "missing 'pattern'"),
    ("{id: a, category: money, languages: [kotlin], pattern: x}", "unknown category 'money'"),
    ("{id: a, category: payments, languages: [cobol], pattern: x}", "unknown language 'cobol'"),
    ("{id: a, category: payments, languages: [kotlin], pattern: x, colour: red}",
     "unknown key 'colour'"),
    ("{id: a, category: payments, languages: [kotlin], pattern: '(x'}",
     "pattern does not compile: missing ), unterminated subpattern"),
    ("{id: a, category: payments, languages: [kotlin], pattern: 'x', fields: {p: price}}",
     "field 'p' names the group 'price', which the pattern lacks (groups: none)"),
    ("{id: a, category: payments, languages: [kotlin], pattern: '(?P<v>x)', fields: {v: v},"
     " message: '{w}'}", "message names {w}, not a field"),
    ("{id: a, category: payments, languages: [kotlin], pattern: x, confidence: 2}",
     "confidence 2: a number in [0, 1]"),
    ("{id: a, category: payments, languages: [kotlin], pattern: x, where: [docs]}",
     "where: a non-empty list of code, strings, comments"),
    ("{id: 'a b', category: payments, languages: [kotlin], pattern: x}",
     "id 'a b': letters, digits, '.', '_' and '-' only"),
    (r"{id: a, category: payments, languages: [kotlin], pattern: 'x\Z'}", "\\Z"),
    ("{id: a, category: payments, languages: [kotlin], pattern: 'x{,3}'}", "{,n}"),
    ("{id: a, category: payments, languages: [kotlin], pattern: '[[:alpha:]]'}",
     "POSIX class"),
    (r"{id: a, category: payments, languages: [kotlin], pattern: 'a\Kb'}", "\\K (PCRE2 only)"),
    ("{id: a, category: payments, languages: [kotlin], pattern: '(?<n>x)'}", "not in both"),
])
def test_a_bad_rule_is_rejected_naming_file_rule_and_reason(rule, reason):
    with pytest.raises(RuleError) as info:
        parse_rules("rules:\n  - {id: ok, category: payments, languages: [any], pattern: y}\n"
                    f"  - {rule}\n", "mine.yaml")
    assert str(info.value).startswith("mine.yaml: rule 2")
    assert reason in str(info.value)


def test_file_level_errors():
    with pytest.raises(RuleError, match=r"^r.yaml:2: not valid YAML: found character '\\t'"):
        parse_rules("rules:\n\t- x\n", "r.yaml")
    with pytest.raises(RuleError, match="expected a mapping with a 'rules' list"):
        parse_rules("- 1\n", "r.yaml")
    with pytest.raises(RuleError, match=r"rule 2 \(a\): duplicate id \(also rule 1\)"):
        parse_rules("rules:\n - {id: a, category: payments, languages: [any], pattern: x}\n"
                    " - {id: a, category: payments, languages: [any], pattern: y}\n", "r.yaml")


def test_portable_constructs_are_accepted():
    ok = ["(?i)login", "(?:a|b)+", "(?=x)y", "(?<!a)b", "(?P<n>x)(?P=n)", "[]a]", "[^]a]",
          r"\bid\b\d+\s\w", "a{0,3}", "(?>ab)", "(?#note)x", "[a-z{,]", r"\[\]"]
    for pattern in ok:
        parse_rules("rules:\n - {id: a, category: payments, languages: [any], pattern: '"
                    + pattern + "'}\n", "r.yaml")


def test_user_rules_replace_by_id_and_add():
    base = parse_rules(RETROFIT, "default.yaml")
    mine = parse_rules("rules:\n - {id: todo, category: error_handling, languages: [any], "
                       "pattern: FIXME, where: [comments]}\n - {id: new, category: payments, "
                       "languages: [swift], pattern: 'SKPayment'}\n", "mine.yaml")
    merged = merge_rules(base, mine)
    assert [(r.id, r.source) for r in merged] == [
        ("retrofit-endpoint", "default.yaml"), ("todo", "mine.yaml"), ("new", "mine.yaml")]


def test_every_category_maps_to_a_plan_category():
    assert set(PLAN_CATEGORY) == set(CATEGORIES)


# ---- regions ------------------------------------------------------------------------------------

def test_kotlin_templates_nested_comments_and_char_literals():
    assert region_texts('val a = "x${f("y") + 1}z" // c\n/* a /* b */ c */ d = \'"\'',
                        "kotlin") == [('"x${f("y") + 1}z"', "strings"), ("// c", "comments"),
                                      ("/* a /* b */ c */", "comments"), ("'\"'", "strings")]


def test_swift_interpolation_and_raw_strings():
    assert region_texts('let s = "a\\(x ? "1" : "2")b"; let r = #"raw \\(no) "q" "#', "swift") \
        == [('"a\\(x ? "1" : "2")b"', "strings"), ('#"raw \\(no) "q" "#', "strings")]


def test_javascript_templates_and_unterminated_strings():
    assert region_texts("const t = `a ${`b ${c}`} d`; x = \"open\ny = 'ok' // z", "javascript") \
        == [("`a ${`b ${c}`} d`", "strings"), ('"open', "strings"), ("'ok'", "strings"),
            ("// z", "comments")]


def test_python_java_dart_yaml_xml_json():
    assert region_texts('s = "a\\"b" # c\nt = """x\n"y"\n"""', "python") == [
        ('"a\\"b"', "strings"), ("# c", "comments"), ('"""x\n"y"\n"""', "strings")]
    assert region_texts('String s = """\n  "text block"\n  """; char c = \'\\\'\';', "java") == [
        ('"""\n  "text block"\n  """', "strings"), ("'\\''", "strings")]
    assert region_texts("var p = r'C:\\'; var q = '${a['k']}' /* x */", "dart") == [
        ("r'C:\\'", "strings"), ("'${a['k']}'", "strings"), ("/* x */", "comments")]
    assert region_texts("key: v # c\nurl: http://x#y\n# full", "yaml") == [
        ("# c", "comments"), ("# full", "comments")]
    assert region_texts('<a b="c"/><!-- x --><d/>', "xml") == [("<!-- x -->", "comments")]
    assert region_texts('{"a": "b\\"c", "n": 1}', "json") == [
        ('"a"', "strings"), ('"b\\"c"', "strings"), ('"n"', "strings")]


def test_unterminated_comment_and_string_run_to_the_end():
    assert region_texts("a /* never closed", "java") == [("/* never closed", "comments")]
    assert region_texts('a = """never closed\nstill', "kotlin") == [
        ('"""never closed\nstill', "strings")]


def test_deep_nesting_needs_no_recursion():
    src = 'val s = "' + "${f(\"" * 20_000 + "x" + "\")}" * 20_000 + '"'
    assert region_texts(src, "kotlin") == [(src[8:], "strings")]
    deep = "/*" * 100_000 + "*/" * 100_000
    assert regions(deep.encode(), "swift") == [(0, len(deep), "comments")]


def test_languages_by_extension():
    assert language_of("App/Main.KT") == "kotlin" and language_of("x.tsx") == "typescript"
    assert language_of("Info.plist") == "xml" and language_of("README") is None
    assert set(EXTENSIONS.values()) <= set(SYNTAX)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(sorted(SYNTAX)))
def test_spans_are_ordered_disjoint_and_inside_the_data(data, language):
    spans = regions(data, language)
    end = 0
    for a, b, kind in spans:
        assert end <= a < b <= len(data) and kind in ("strings", "comments")
        end = b


# ---- matching -----------------------------------------------------------------------------------

def test_matches_with_lines_columns_and_fields():
    rules = parse_rules(RETROFIT, "r.yaml")
    src = ('interface Api {\n'
           '    // TODO: paging; @GET("/not/this")\n'
           '    @GET("/v1/items/{id}") fun item(@Path("id") id: String)\n'
           '  /* é */ @POST(\n        "/v1/cart") fun add()\n'
           '    val s = "@DELETE(\\"/in/a/string\\")"\n'
           '}\n').encode()
    got = match_file(src, "Api.kt", rules)
    assert [(m["rule"], m["line"], m["column"], m["end_line"], m["end_column"], m["fields"])
            for m in got] == [
        ("todo", 2, 8, 2, 11, {}),
        ("retrofit-endpoint", 3, 5, 3, 25, {"method": "GET", "path": "/v1/items/{id}"}),
        # "/* é */" is 8 bytes but 7 characters: the match starts at character 11
        ("retrofit-endpoint", 4, 11, 5, 18, {"method": "POST", "path": "/v1/cart"}),
    ]
    assert got[1]["text"] == '@GET("/v1/items/{id}"'
    # Swift: the endpoint rule is for Kotlin and Java only; "todo" is for any language
    assert [m["rule"] for m in match_file(src, "Api.swift", rules)] == ["todo"]


def test_invalid_utf8_and_binary_do_not_break_matching():
    rules = parse_rules("rules:\n - {id: t, category: validation, languages: [any], "
                        "pattern: '(?P<n>max)\\s*=\\s*(?P<v>\\d+)', fields: {n: n, v: v}}\n",
                        "r.yaml")
    data = b"\xff\xfe\x00 max = 12\n\x80\x80max=7"
    got = match_file(data, "x.kt", rules)
    assert [(m["line"], m["column"], m["fields"]) for m in got] == [
        (1, 5, {"n": "max", "v": "12"}), (2, 1, {"n": "max", "v": "7"})]
