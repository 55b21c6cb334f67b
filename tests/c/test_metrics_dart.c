/* test_metrics_dart.c - the brace-language metrics pass (metrics_brace.c,
 * brace_dart.c) on Dart: hand-checked constructs (the counts of
 * tests/test_brace_metrics_more.py, docs/metrics_mobile.md), functions and
 * classes with their names, the hand-checked file, bad input (brackets,
 * bytes, binary), hostile headers, deep nesting and random bytes, which
 * must never crash under ASan and valgrind.
 * tests/test_brace_metrics_native_dart.py compares every field with the
 * Python specification. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check.h"
#include "brace_check.h"

static ob_file_report *run_n(const char *src, size_t len) {
    return bc_run_n(OB_BRACE_DART, 0, src, len);
}

static ob_file_report *run(const char *src) { return run_n(src, strlen(src)); }

/* (cyclomatic, cognitive) of `void f() { body }`, its only function. */
static void body(const char *text, uint32_t cyclomatic, uint32_t cognitive, int line) {
    bc_body(OB_BRACE_DART, 0, "void f() {\n", text, "\n}\n",
            (bc_want){cyclomatic, cognitive, BC_ANY, BC_ANY}, line);
}

static void test_constructs(void) {
    body("x = a ?? b;", 2, 0, __LINE__);                            /* `??`: CCN only */
    body("x ?\?= b;", 1, 0, __LINE__);
    body("y = a?.b?..c()..d();", 1, 0, __LINE__);                   /* null-aware, cascades */
    body("int? n = m as int?;", 1, 0, __LINE__);                    /* nullable types */
    body("v = a ? b : c;", 2, 1, __LINE__);
    body("v = a?b:c;", 2, 1, __LINE__);                             /* glued ternary */
    body("l = [...?xs, if (a) 1 else 2, for (var x in ys) x];", 3, 3, __LINE__);
    body("try { } on A { } on B catch (e) { } catch (e) { } finally { }", 4, 3, __LINE__);
    body("s = switch (x) { 1 => 'a', 2 when c && d => 'b', _ => 'c' };", 4, 2, __LINE__);
    body("s = '${a ? 1 : 2} $b';", 2, 1, __LINE__);                 /* interpolation counts */
    body("s = r'${a ? 1 : 2}' '''if && b''';", 1, 0, __LINE__);     /* raw, multi-line */
    body("/* a /* if (b) */ && c */ var z = 1;", 1, 0, __LINE__);   /* nested comment */
    body("xs.forEach((x) { if (x) { } });", 2, 2, __LINE__);        /* closures nest */
    body("g((x) => x ? 1 : 2, y ? 3 : 4);", 3, 3, __LINE__);
    body("outer: for (;;) { for (;;) { continue outer; } }", 3, 4, __LINE__);
    body("await for (final e in s) { }", 2, 1, __LINE__);
    body("switch (x) { case 1 when y > 0: case 2: z(); default: w(); }", 3, 1, __LINE__);
    body("if (x case int n) { }", 3, 1, __LINE__);                  /* if-case: +1 */
    body("f(switch: 1, if: 2); o.if; o?.for;", 1, 0, __LINE__);     /* keywords as names */
}

static void test_declarations(void) {
    ob_file_report *r = run(
        "class P {\n"
        "  final int x;\n"
        "  P(this.x) : assert(x > 0 || x < -1);\n"
        "  P.origin() : x = 0 { if (a) {} }\n"
        "  P.redirect() : this(0);\n"
        "  factory P.make(int v) => v > 0 ? P(v) : P.origin();\n"
        "  bool operator ==(Object o) => o is P && o.x == x;\n"
        "  int get hashCode => x.hashCode;\n"
        "  T pick<T>(T a, [T? b, T? c]) => b ?? a;\n"
        "  static void s() { void local(int y) { if (y > 0) {} } local(1); }\n"
        "  Future<int> af() async => 1;\n"
        "  Iterable<int> gen() sync* { yield 1; }\n"
        "  external void ext();\n"
        "  void set(int v) {}\n"
        "  int get(int k) => k;\n"
        "}\n"
        "extension on String { bool get isBlank => trim().isEmpty; }\n"
        "mixin class MC { void m() {} }\n"
        "enum E { a(1), b(2); const E(this.v); final int v; int twice() => v * 2; }\n"
        "abstract class R { void f(); int get g; }\n"
        "typedef Cb = void Function(int x);\n"
        "void named(int a, {int? b, required int c}, ) { }\n"
        "void glued(a<b, {}, {}) { }\n");
    static const struct {
        const char *qname;
        uint32_t line, column;
        uint8_t is_method, is_async;
        uint32_t params, cyclomatic;
    } want[] = {
        {"P.origin", 4, 2, 1, 0, 0, 2},        {"P.make", 6, 10, 1, 0, 1, 2},
        {"P.operator ==", 7, 7, 1, 0, 1, 2},   {"P.get hashCode", 8, 10, 1, 0, 0, 1},
        {"P.pick", 9, 4, 1, 0, 3, 2},          {"P.s", 10, 14, 1, 0, 0, 1},
        {"P.s.local", 10, 25, 0, 0, 1, 2},     {"P.af", 11, 14, 1, 1, 0, 1},
        {"P.gen", 12, 16, 1, 0, 0, 1},         {"P.set", 14, 7, 1, 0, 1, 1},
        {"P.get", 15, 6, 1, 0, 1, 1},          {"String.get isBlank", 17, 31, 1, 0, 0, 1},
        {"MC.m", 18, 22, 1, 0, 0, 1},          {"E.twice", 19, 55, 1, 0, 0, 1},
        {"named", 22, 5, 0, 0, 3, 1},          {"glued", 23, 5, 0, 0, 0, 1},
    };
    size_t n = sizeof want / sizeof want[0];
    CHECK_EQ_INT(r->n_functions, n);
    for (size_t i = 0; i < n && i < r->n_functions; i++) {
        const ob_function *f = &r->functions[i];
        CHECK_EQ_STR(f->qualified_name, want[i].qname);
        CHECK_EQ_INT(f->line, want[i].line);
        CHECK_EQ_INT(f->column, want[i].column);
        CHECK_EQ_INT(f->is_method, want[i].is_method);
        CHECK_EQ_INT(f->is_async, want[i].is_async);
        CHECK_EQ_INT(f->num_parameters, want[i].params);
        CHECK_EQ_INT(f->cyclomatic, want[i].cyclomatic);
    }
    CHECK_EQ_INT(r->n_classes, 5);
    if (r->n_classes == 5) {
        CHECK_EQ_STR(r->classes[0].qualified_name, "P");
        CHECK_EQ_INT(r->classes[0].num_methods, 10);
        CHECK_EQ_INT(r->classes[0].end_line, 16);
        CHECK_EQ_STR(r->classes[1].qualified_name, "String");
        CHECK_EQ_STR(r->classes[2].qualified_name, "MC");
        CHECK_EQ_STR(r->classes[3].qualified_name, "E");
        CHECK_EQ_STR(r->classes[4].qualified_name, "R");
        CHECK_EQ_INT(r->classes[4].num_methods, 0);
    }
    CHECK_EQ_INT(r->n_diags, 0);
    ob_file_report_free(r);

    /* Class forms: `extension type`, `class A = B with M;`, `mixin M on T`. */
    r = run("extension type Id(int v) { int f() => v; }\nclass D = B with M;\n"
            "mixin M on A, B { void m() { } }\nextension<T> on T { }\n");
    CHECK_EQ_INT(r->n_classes, 4);
    if (r->n_classes == 4) {
        CHECK_EQ_STR(r->classes[0].name, "Id");
        CHECK_EQ_STR(r->classes[1].name, "D");
        CHECK_EQ_INT(r->classes[1].end_line, 2);
        CHECK_EQ_STR(r->classes[2].name, "M");
        CHECK_EQ_STR(r->classes[3].name, "(anonymous)");
    }
    CHECK_EQ_INT(r->n_functions, 2);
    ob_file_report_free(r);
}

/* Some rows of tests/data/mobile_metrics/dart/expected.json. */
static void test_hand_checked_file(void) {
    ob_file_report *r =
        bc_run_file(OB_BRACE_DART, 0, "tests/data/mobile_metrics/dart/cart_bloc.dart");
    if (!r) return;
    CHECK_EQ_INT(r->n_functions, 16);
    CHECK_EQ_INT(r->n_classes, 6);
    CHECK_EQ_INT(r->n_diags, 0);
    const ob_function *f = bc_find(r, "CartBloc.load");
    if (f) {
        CHECK_EQ_INT(f->line, 83);
        CHECK_EQ_INT(f->end_line, 103);
        CHECK_EQ_INT(f->cyclomatic, 6);
        CHECK_EQ_INT(f->cognitive, 10);
        CHECK_EQ_INT(f->nested_depth, 3);
        CHECK_EQ_INT(f->num_parameters, 2);
        CHECK_EQ_INT(f->num_returns, 1);
        CHECK(f->is_async);
    }
    f = bc_find(r, "CartItem.fromJson");
    if (f) {
        CHECK_EQ_INT(f->line, 28);
        CHECK_EQ_INT(f->cyclomatic, 5);
        CHECK_EQ_INT(f->cognitive, 2);
    }
    f = bc_find(r, "CartBloc.describe");
    if (f) CHECK_EQ_INT(f->num_branches, 4);
    f = bc_find(r, "CartBloc.totals");
    if (f) CHECK_EQ_INT(f->num_loops, 2);
    f = bc_find(r, "label");
    if (f) {
        CHECK(!f->is_method);
        CHECK_EQ_INT(f->num_returns, 3);
    }
    if (r->n_classes == 6) {
        CHECK_EQ_STR(r->classes[5].qualified_name, "CartBloc");
        CHECK_EQ_INT(r->classes[5].num_methods, 7);
        CHECK_EQ_INT(r->classes[5].end_line, 130);
    }
    ob_file_report_free(r);
}

static void test_bad_input(void) {
    bc_bad_brackets(OB_BRACE_DART, "class A { void f() { } } }\n"
                                   "class B { void g() { h(; if (a) {} } }\n");

    bc_binary(OB_BRACE_DART, 0, "void f() {\0}", 12);   /* binary */

    /* bad UTF-8 */
    ob_file_report *r = run("class \xff\xfe { void f\xe2\x82() { if (\xff) { } } }");
    CHECK(r->n_classes == 1 && r->n_functions == 1);
    if (r->n_classes == 1 && r->n_functions == 1) {
        CHECK_EQ_STR(r->classes[0].name, "\xEF\xBF\xBD\xEF\xBF\xBD");
        CHECK_EQ_STR(r->functions[0].qualified_name, "\xEF\xBF\xBD\xEF\xBF\xBD.f\xEF\xBF\xBD");
    }
    ob_file_report_free(r);

    r = run("var s = '${a ? 1 : 2\nvoid f() { }");   /* unterminated interpolation */
    CHECK(r->n_diags >= 1);
    ob_file_report_free(r);

    static const char *const cut[] = {"", "}", "{", ")(", "void", "get", "?", "a ?", "on",
                                      "switch", "=>", "factory A.", "class A { get",
                                      "class A { operator", "class A { operator +",
                                      "A(a) : ", "A(a) : b(", "extension", "extension on",
                                      "mixin", "mixin class", "enum", "class A = B",
                                      "} on A catch", "x = switch (a) { 1 => "};
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        r = run(cut[i]);
        CHECK_EQ_INT(r->n_functions, 0);
        ob_file_report_free(r);
    }
}

/* Headers that would cost quadratic time without the bounded and
 * remembered scans: 200,000 repetitions in well under ten seconds, even
 * under valgrind (quadratic: hours). */
static void test_hostile_headers(void) {
    static const char *const piece[][3] = {
        {"class A { ", "f<", " }"},            /* type parameters: bounded */
        {"void g() { ", "f<", " }"},
        {"class A { ", "a() : ", "; }"},       /* initializer lists: remembered */
        {"class A { operator ", "+", "() { } }"},
    };
    for (size_t i = 0; i < sizeof piece / sizeof piece[0]; i++) {
        char *s = bc_repeat(piece[i][0], piece[i][1], 200000, piece[i][2]);
        clock_t started = clock();
        ob_file_report *r = run(s);
        double seconds = (double)(clock() - started) / CLOCKS_PER_SEC;
        if (seconds > 10.0) {
            fprintf(stderr, "hostile header %zu: %.1f s\n", i, seconds);
            check_failures++;
        }
        CHECK_EQ_INT(r->n_diags, 0);
        ob_file_report_free(r);
        free(s);
    }
}

static void test_deep_nesting(void) {
    enum { DEPTH = 90000 };
    bc_nested_ifs(OB_BRACE_DART, 0, "void f() {\n", "if (a) {", DEPTH);

    /* closures in closures: cognitive nesting, no depth */
    char *open = bc_repeat("void f() {\n", "g((x) {", DEPTH, "if (a) { }");
    char *all = bc_repeat(open, "});", DEPTH, "\n}\n");
    ob_file_report *r = run(all);
    CHECK_EQ_INT(r->n_diags, 0);
    CHECK_EQ_INT(r->functions[0].cyclomatic, 2);
    CHECK_EQ_INT(r->functions[0].cognitive, DEPTH + 1);
    CHECK_EQ_INT(r->functions[0].nested_depth, 1);
    ob_file_report_free(r);
    free(open);
    free(all);

    open = bc_repeat("void f() {\n", "g((x) => ", DEPTH, "a ? 1 : 2");
    all = bc_repeat(open, ")", DEPTH, ";\n}\n");
    r = run(all);
    CHECK_EQ_INT(r->functions[0].cyclomatic, 2);
    CHECK_EQ_INT(r->functions[0].cognitive, DEPTH + 1);
    ob_file_report_free(r);
    free(open);
    free(all);

    /* 2,000 local functions nested in functions of classes */
    char *nested = bc_repeat("", "class A { void f() {\n void g() {\n", 2000, "if (a && b) { }\n");
    all = bc_repeat(nested, "} } }\n", 2000, "");
    r = run(all);
    CHECK_EQ_INT(r->n_functions, 4000);
    CHECK_EQ_INT(r->n_diags, 0);
    ob_file_report_free(r);
    free(nested);
    free(all);
}

static void test_random(void) {
    bc_random(OB_BRACE_DART, OB_BRACE_DART, 0,
              "{}()[];,=?!:<>-&|$@.\\'\"r/*\n voidgetsetonswitchclassoperator_\xff\xc3");
}

int main(void) {
    test_constructs();
    test_declarations();
    test_hand_checked_file();
    test_bad_input();
    test_hostile_headers();
    test_deep_nesting();
    test_random();
    return CHECK_DONE();
}
