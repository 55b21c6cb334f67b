"""JavaScript/TypeScript without semicolons (automatic semicolon insertion, docs/metrics_mobile.md
section 6): a line break ends a statement, an arrow's expression body or a ternary unless the
line goes on (an operator, `.`, `,`, `(`, `[`, `=>`, `?` or `:` ends it, or the next starts with
an operator that cannot start a statement, `.`, `?.`, `(`, `[`, `)`, `]`); a break inside JSX
markup never ends one. Both backends; every expected value is derived by hand in its comment.

Each function is (qualified name, line, end line, cyclomatic, cognitive)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from observe_core import AstAnalyzer

DATA = Path(__file__).parent / "data" / "mobile_metrics"

BACKENDS = ["native", "python"]


def functions(source: str, language: str, backend: str):
    record = AstAnalyzer(backend=backend).analyze_source(source, language)
    assert [d for d in record["diagnostics"] if d["severity"] == "error"] == []
    return [(f["qualified_name"], f["line"], f["end_line"], f["cyclomatic_complexity"],
             f["cognitive_complexity"]) for f in record["functions"]]


CASES = {
    # The arrow's body `x + 1` ends with its line: g is a top-level function, not `f.g`.
    "arrow body ends at the line break": ("js", """\
const f = x => x + 1
function g(a) {
  if (a) return 1
  return 2
}
""", [("f", 1, 1, 1, 0),
      ("g", 2, 5, 2, 1)]),              # ccn 1 + if; cog if(+1)

    # A line ending with `&&` or `=>` goes on; so does one starting with `.` or `?`/`:`.
    "operators carry the statement over lines": ("js", """\
const h = (a, b) =>
  a &&
  b
const k = xs => xs
  .filter(x => x.ok)
  .map(x => x.v)
const t = a => a
  ? 1
  : 2
""", [("h", 1, 3, 2, 1),                # ccn 1 + &&; cog one && sequence(+1)
      ("k", 4, 6, 1, 0),
      ("k.(anonymous)", 5, 5, 1, 0),
      ("k.(anonymous)", 6, 6, 1, 0),
      ("t", 7, 9, 2, 1)]),              # ccn 1 + ?; cog ternary(+1)

    # The ternary's frame (its branches are nested) ends with its line, so the `if`, `else`
    # and `while` after it are at nesting 0; `a--` is complete, `return` starts a statement.
    "a ternary and braceless bodies end at the line break": ("js", """\
function m(a) {
  const x = a ? 1 : 2
  if (x) g()
  else h()
  while (a) a--
  return x
}
""", [("m", 1, 7, 4, 4)]),              # ccn 1 + ? + if + while; cog ?(+1) if(+1) else(+1)
                                         # while(+1)

    # Without `;`, two lines of `&&` are two boolean sequences (each +1), as with `;`.
    "a line break starts a new boolean sequence": ("js", """\
function u(a, b, c, d) {
  let x = a && b
  x = c && d
  foo(a || b)
  a && b
  c && d
}
""", [("u", 1, 7, 6, 5)]),              # ccn 1 + 5 operators; cog 5 sequences(+1 each)

    # Line breaks inside JSX (between a tag's attributes, among the children) end nothing; the
    # break after the closing tag `</View>` ends the arrow's body.
    "JSX markup over lines": ("jsx", """\
const A = () =>
  <View
    style={s}>
    <Text>{a && b}</Text>
    {c ? <X/> : null}
  </View>
function k() {}
""", [("A", 1, 6, 3, 2),                # ccn 1 + && + ?; cog &&(+1) ?(+1)
      ("k", 7, 7, 1, 0)]),

    # A self-closing root element `/>` ends the body too, on one line or over three.
    "self-closing root elements": ("jsx", """\
const I = () => <Img src={u} />
const J = () =>
  <Img
    src={u}
  />
export default I
""", [("I", 1, 1, 1, 0),
      ("J", 2, 5, 1, 0)]),

    # Class fields holding arrows end with their line; the method after them is the class's.
    "class fields holding arrows": ("ts", """\
class Store {
  load = () => this.api.get()
  save = async (x: Item) => x ? this.api.put(x) : null
  count = 0
  reset() {
    this.count = 0
  }
}
""", [("Store.load", 2, 2, 1, 0),
      ("Store.save", 3, 3, 2, 1),        # ccn 1 + ?; cog ?(+1)
      ("Store.reset", 5, 7, 1, 0)]),

    # As in the language: a line starting with `(` or `[` continues the one before (`a(b)`,
    # `i[0]`), while `i++` is complete. Comments and blank lines between change nothing.
    "( and [ continue, ++ does not": ("js", """\
const p = a => a
(b)
let i = 0
i++
const q = () => i
[0].forEach(n => n)
const r = x => x
// a comment

function s() {}
""", [("p", 1, 2, 1, 0),
      ("q", 5, 6, 1, 0),
      ("q.(anonymous)", 6, 6, 1, 0),
      ("r", 7, 7, 1, 0),
      ("s", 10, 10, 1, 0)]),

    # A signature's return type ends at the line break too: overloads, abstract members,
    # interface and type-literal members are no functions; a type over several lines that
    # goes on (`<`, `>`), and a body `{` on its own line, are still read.
    "TS signatures without a body": ("ts", """\
function f(a: string): void
function f(a: number): void
function f(a: any) {
  if (a) return 1
}
abstract class B {
  abstract m(): void
  abstract n(x: number): string
  k() { return 1 }
}
interface J {
  a(): void
  b: (x: number) => void
}
type T = {
  c(): void
  d: (x: number) => void
}
declare function g(x: number): void
const h = (): Promise<
  number
> => 1
function w(): number
{
  return 1
}
""", [("f", 3, 5, 2, 1),                # the implementation; ccn 1 + if; cog if(+1)
      ("B.k", 9, 9, 1, 0),
      ("h", 20, 22, 1, 0),
      ("w", 23, 26, 1, 0)]),

    # With semicolons nothing changes: a line break inside a statement that goes on by the
    # rules above, and braceless bodies on the next line.
    "semicolon style is unchanged": ("js", """\
function w(a) {
  if (a)
    g();
  const y = a
    ? 1
    : 2;
  return y;
}
""", [("w", 1, 8, 3, 2)]),              # ccn 1 + if + ?; cog if(+1) ?(+1)
}


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", CASES)
def test_asi(case, backend):
    language, source, expected = CASES[case]
    assert functions(source, language, backend) == expected


def test_dropping_semicolons_changes_nothing_on_a_generated_tree(tmp_path):
    """Every `;` that ends a line dropped from the JS/TS files of a generated mobile tree (about
    6,000 of them): every function keeps its name, lines and complexities."""
    import gen_mobile_tree
    gen_mobile_tree.write_tree(str(tmp_path), 300, seed=3)
    analyzer = AstAnalyzer(backend="native")
    dropped = compared = 0
    for path in sorted(tmp_path.rglob("*")):
        if path.suffix not in (".js", ".jsx", ".ts", ".tsx"):
            continue
        data = path.read_bytes()
        without = re.sub(rb";[ \t]*(\r?\n)", rb"\1", data)
        dropped += data.count(b";") - without.count(b";")
        with_them, without_them = (
            [(f["qualified_name"], f["line"], f["end_line"], f["cyclomatic_complexity"],
              f["cognitive_complexity"], f["nested_depth"])
             for f in analyzer.analyze_source(text, path.suffix[1:])["functions"]]
            for text in (data, without))
        assert without_them == with_them, path
        compared += len(with_them)
    assert dropped > 3000 and compared > 1000


HAND_CHECKED = ["javascript/cart.js", "javascript/CartBadge.jsx", "typescript/api.ts",
                "typescript/CartScreen.tsx"]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("relative", HAND_CHECKED)
def test_the_hand_checked_files_without_semicolons(relative, backend):
    """The hand-checked JS/TS files (every construct and lexical trap of the corpus) with every
    `;` that ends a line dropped: the same functions and classes, field by field."""
    path = DATA / relative
    data = path.read_bytes()
    without = re.sub(rb";[ \t]*(\r?\n)", rb"\1", data)
    assert data.count(b";") - without.count(b";") >= 15
    analyzer = AstAnalyzer(backend=backend)
    language = path.suffix[1:]
    with_them = analyzer.analyze_source(data, language, str(path))
    without_them = analyzer.analyze_source(without, language, str(path))
    assert without_them["functions"] == with_them["functions"]
    assert without_them["classes"] == with_them["classes"]
    assert without_them["diagnostics"] == with_them["diagnostics"] == []
