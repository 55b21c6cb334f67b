"""Per-language tables of the brace-language metrics pass (docs/metrics_mobile.md).

``brace_metrics`` is language-independent: it walks tokens with a stack of frames and asks
the ``Rules`` of the language what a keyword means: Java, Kotlin, Swift, JavaScript,
TypeScript, Objective-C and Dart (every language of the lexer); ``rules_for`` refuses others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import FrozenSet

__all__ = ["Rules", "JAVA", "KOTLIN", "SWIFT", "JAVASCRIPT", "TYPESCRIPT", "OBJC", "DART",
           "RULES", "rules_for"]


def _words(text: str) -> FrozenSet[str]:
    return frozenset(text.split())


@dataclass(frozen=True)
class Rules:
    name: str
    # Tokens adding 1 to the cyclomatic complexity wherever they stand in a function's own
    # scope (docs/metrics_mobile.md section 2).  `?` (Java ternary) and Kotlin's `when`
    # arms are decided by the pass, not by this table.
    conditions: FrozenSet[str]
    # Statements end at a newline (Kotlin) or only at `;` and `}` (Java).
    newline_statements: bool
    # Keywords that open a class record; `interface` after `@` (Java annotation types) and
    # `class` after `.`/`::` (`Object.class`, `A::class`) are not classes.
    class_keywords: FrozenSet[str]
    # Java: a `?` can be a ternary; Kotlin: `?:` is the elvis operator.
    ternary: bool
    elvis: bool
    # Kotlin: a `{` nobody claimed is a lambda; Java: a block (lambdas are marked by `->`).
    brace_is_lambda: bool
    # Modifier words that may stand between annotations and a declaration keyword.
    modifiers: FrozenSet[str]
    # Tokens after which a Kotlin line goes on (binary operators ...), and tokens that
    # continue the previous line when they start a line (`.foo()`, `?: x`, `&& b`).
    continues_after: FrozenSet[str] = frozenset()
    continues_before: FrozenSet[str] = frozenset()
    # JS/TS: automatic semicolon insertion. A line break ends the statement as in Kotlin
    # (continues_after/continues_before say when it does not, and a break in JSX markup never
    # does), but a block's `}` still ends the braceless bodies around it, as in Java.
    asi: bool = False
    # Swift: conditions stand without parentheses; a structure's body is the next `{` at
    # the level of its keyword (`if a, b {`, `for x in xs where c {`, `catch let e {`).
    brace_conditions: bool = False


JAVA = Rules(
    name="java",
    conditions=_words("if for while catch case && ||"),
    newline_statements=False,
    class_keywords=_words("class interface enum record"),
    ternary=True,
    elvis=False,
    brace_is_lambda=False,
    modifiers=_words("public protected private static final abstract native synchronized "
                     "transient volatile strictfp default sealed non-sealed"),
)

KOTLIN = Rules(
    name="kotlin",
    conditions=_words("if for while catch && || ?:"),
    newline_statements=True,
    class_keywords=_words("class interface object"),
    ternary=False,
    elvis=True,
    brace_is_lambda=True,
    modifiers=_words("public protected private internal open final abstract override "
                     "sealed data enum annotation inner value companion inline noinline "
                     "crossinline reified suspend tailrec operator infix external const "
                     "lateinit vararg expect actual fun"),
    continues_after=_words(". ?. && || = += -= *= /= %= -> , ?: : :: .. ..< + - * / % "
                           "== != === !== <= >= ! in is as ( [ @"),
    continues_before=_words(". ?. ?: && || : as ) ] = ->"),
)

SWIFT = Rules(
    name="swift",
    conditions=_words("if guard for while catch case && || ?"),
    newline_statements=True,
    class_keywords=_words("class struct enum protocol extension actor"),
    ternary=True,
    elvis=False,
    brace_is_lambda=True,
    modifiers=_words("public private fileprivate internal open final static class override "
                     "mutating nonmutating convenience required lazy weak unowned dynamic "
                     "optional indirect nonisolated isolated async prefix postfix infix"),
    # A line goes on after a binary operator and before one (ternaries split over lines).
    continues_after=_words(". ?. && || ?? ? = += -= *= /= %= -> , + - * / % == != === !== "
                           "< > <= >= ... ..< ( ["),
    continues_before=_words(". ?. ? : && || ?? ) ] -> + * / % == != === !== <= >= "
                            "... ..< = as is"),
    brace_conditions=True,
)

# JS/TS line breaks (ECMAScript's automatic semicolon insertion, in the operator terms of
# docs/metrics_mobile.md section 6): a line goes on after a binary operator, `.`, `,`, an
# opening bracket, `=>`, `?` or `:` (`++`/`--` end it: `a++` is complete, and so does a TS
# non-null `!`: `ref.current!`), and before an
# operator that cannot start a statement, `.`, `?.`, `(`, `[`, `)`, `]` (`a\n(b)` is a call).
# A `>` ending a closing tag (`</View>`) is no operator.
_JS_CONTINUES_AFTER = _words(
    ". ?. , ( [ { = += -= *= /= %= **= &= |= ^= <<= >>= >>>= &&= ||= ??= => ? : && || ?? "
    "+ - * / % ** == != === !== < > <= >= & | ^ << >> >>>")
_JS_CONTINUES_BEFORE = _words(
    ". ?. ( [ ) ] , ? : && || ?? => = += -= *= /= %= **= &= |= ^= <<= >>= >>>= &&= ||= ??= "
    "+ - * / % ** == != === !== < > <= >= & | ^ << >> >>> in as")

JAVASCRIPT = Rules(
    name="javascript",
    conditions=_words("if for while catch case && || ?? &&= ||= ??= ?"),
    newline_statements=False,
    class_keywords=_words("class"),
    ternary=True,
    elvis=False,
    brace_is_lambda=False,
    modifiers=_words("static async get set export default"),
    continues_after=_JS_CONTINUES_AFTER,
    continues_before=_JS_CONTINUES_BEFORE,
    asi=True,
)

TYPESCRIPT = Rules(
    name="typescript",
    conditions=JAVASCRIPT.conditions,
    newline_statements=False,
    class_keywords=_words("class interface enum"),
    ternary=True,
    elvis=False,
    brace_is_lambda=False,
    modifiers=_words("static async get set export default public private protected "
                     "readonly abstract override declare"),
    continues_after=_JS_CONTINUES_AFTER,
    continues_before=_JS_CONTINUES_BEFORE,
    asi=True,
)

# Objective-C: `@catch` is the catch; `?` a ternary, or the GNU `a ?: b` (CCN only); the
# `#if`/`#ifdef`/`#elif` directive lines inside a function add 1 each (decided by the pass).
OBJC = Rules(
    name="objc",
    conditions=_words("if for while case && || ? @catch"),
    newline_statements=False,
    class_keywords=_words("@implementation @interface @protocol"),
    ternary=True,
    elvis=False,
    brace_is_lambda=False,
    modifiers=_words("static extern inline const volatile register __weak __strong "
                     "__unsafe_unretained __block __autoreleasing nullable nonnull"),
)

# Dart: `catch` also stands for `on T catch (e)` (one clause); a bare `on T` clause adds 1;
# each non-wildcard arm of a switch expression adds 1 (decided by the pass).
DART = Rules(
    name="dart",
    conditions=_words("if for while catch on case && || ?? ?"),
    newline_statements=False,
    class_keywords=_words("class mixin extension enum"),
    ternary=True,
    elvis=True,
    brace_is_lambda=False,
    modifiers=_words("abstract base final interface sealed mixin static const late "
                     "external factory covariant required async sync"),
)

RULES = {"java": JAVA, "kotlin": KOTLIN, "swift": SWIFT, "javascript": JAVASCRIPT,
         "typescript": TYPESCRIPT, "objc": OBJC, "dart": DART}


def rules_for(language: str) -> Rules:
    if language not in RULES:
        raise ValueError(f"metrics for {language!r} are not implemented yet")
    return RULES[language]
