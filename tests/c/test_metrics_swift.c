/* test_metrics_swift.c - the brace-language metrics pass (metrics_brace.c,
 * brace_swift.c) on Swift: hand-checked constructs (the counts of
 * tests/test_brace_metrics_more.py, docs/metrics_mobile.md), functions and
 * types with their names, the hand-checked files, bad input (brackets,
 * bytes, binary), deep nesting and random bytes, which must never crash
 * under ASan and valgrind. tests/test_brace_metrics_native_swift.py compares
 * every field with the Python specification. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "brace_check.h"

static ob_file_report *run_n(const char *src, size_t len) {
    return bc_run_n(OB_BRACE_SWIFT, 0, src, len);
}

static ob_file_report *run(const char *src) { return run_n(src, strlen(src)); }

/* (cyclomatic, cognitive) of `func f() { body }`, its only function. */
static void body(const char *text, uint32_t cyclomatic, uint32_t cognitive, int line) {
    bc_body(OB_BRACE_SWIFT, 0, "func f() {\n", text, "\n}\n",
            (bc_want){cyclomatic, cognitive, BC_ANY, BC_ANY}, line);
}

static void test_constructs(void) {
    body("let v = a ? b : c", 2, 1, __LINE__);                       /* spaced `?`: ternary */
    body("let v: Int? = a?.b ?? (try? c) as? Int", 1, 0, __LINE__);  /* glued `?`, `??` */
    body("if case .a(let x) = y, x > 1 { }", 3, 1, __LINE__);        /* `if case` is +2 */
    body("guard let x = y else { return }", 2, 1, __LINE__);         /* its else: nothing */
    body("for x in xs where x > 0 { }", 2, 2, __LINE__);             /* `where`: H */
    body("repeat { n += 1 } while n < 3 && ok", 3, 2, __LINE__);
    body("do { try f() } catch E.a { } catch { }", 3, 2, __LINE__);  /* do: nothing */
    body("defer { if a { } }", 2, 1, __LINE__);                      /* defer: no nesting */
    body("outer: for x in xs { for y in ys { continue outer } }", 3, 4, __LINE__);
    body("f(for: x, if: y)\nlet z = o.if", 1, 0, __LINE__);          /* keywords as names */
    body("#if DEBUG && !os(macOS) || X\nlet a = 1\n#endif", 1, 0, __LINE__);
    body("let r = #/a|b ? if/#", 1, 0, __LINE__);                    /* a regex literal */
    body("let s = \"\\(a ? 1 : 2)\"", 2, 1, __LINE__);               /* interpolation counts */
    body("let s = #\"\\(a ? 1 : 2) \\#(b ? 1 : 2)\"#", 2, 1, __LINE__);   /* raw: one */
    body("let v = a\n    ? b\n    : c\nif d { }", 3, 2, __LINE__);   /* ternary over lines */
    body("let v = c1 ? a : c2 ? b : d", 3, 3, __LINE__);             /* nested: 1 + 2 */
    body("xs.forEach { x in if x { } }", 2, 2, __LINE__);            /* closures nest */
    body("switch x { case 1, 2: f() case let y where y > 3: g() default: h() }", 3, 1,
         __LINE__);
    body("if a { } else if b { } else { }", 3, 3, __LINE__);
}

static void test_declarations(void) {
    ob_file_report *r = run(
        "protocol P { func req() -> Int; init(x: Int); var v: Int { get set } }\n"
        "class C {\n"
        "    class func make() -> C { C() }\n"
        "    var shorthand: Int { if a { return 1 }; return 2 }\n"
        "    var observed = 0 { willSet { } didSet { if a { } } }\n"
        "    lazy var closure: () -> Int = { if a { return 1 }; return 2 }\n"
        "    init!() { }\n"
        "    deinit { }\n"
        "    subscript(i: Int) -> Int { get { i } set(v) { } }\n"
        "    static func + (l: C, r: C) -> C { l }\n"
        "    func generic<T: Equatable>(_ a: T, _ b: T) async throws -> Bool where T: H {\n"
        "        a == b\n"
        "    }\n"
        "}\n"
        "extension Outer.Inner { func m() { } }\n");
    static const struct {
        const char *qname;
        uint32_t line;
        uint8_t is_method, is_async;
        uint32_t params;
    } want[] = {
        {"C.make", 3, 1, 0, 0},          {"C.willSet", 5, 1, 0, 0},
        {"C.didSet", 5, 1, 0, 0},        {"C.init", 7, 1, 0, 0},
        {"C.deinit", 8, 1, 0, 0},        {"C.subscript", 9, 1, 0, 1},
        {"C.subscript.get", 9, 0, 0, 0}, {"C.subscript.set", 9, 0, 0, 1},
        {"C.+", 10, 1, 0, 2},            {"C.generic", 11, 1, 1, 2},
        {"Outer.Inner.m", 15, 1, 0, 0},
    };
    size_t n = sizeof want / sizeof want[0];
    CHECK_EQ_INT(r->n_functions, n);
    for (size_t i = 0; i < n && i < r->n_functions; i++) {
        const ob_function *f = &r->functions[i];
        CHECK_EQ_STR(f->qualified_name, want[i].qname);
        CHECK_EQ_INT(f->line, want[i].line);
        CHECK_EQ_INT(f->is_method, want[i].is_method);
        CHECK_EQ_INT(f->is_async, want[i].is_async);
        CHECK_EQ_INT(f->num_parameters, want[i].params);
    }
    CHECK_EQ_INT(r->n_classes, 3);
    if (r->n_classes == 3) {
        CHECK_EQ_STR(r->classes[0].qualified_name, "P");
        CHECK_EQ_INT(r->classes[0].num_methods, 0);
        CHECK_EQ_STR(r->classes[1].qualified_name, "C");
        CHECK_EQ_INT(r->classes[1].num_methods, 8);
        CHECK_EQ_STR(r->classes[2].qualified_name, "Outer.Inner");
        CHECK_EQ_INT(r->classes[2].end_line, 15);
    }
    ob_file_report_free(r);

    /* No name, no function: an operator cut off, a number, a string. */
    r = run("func +");
    CHECK_EQ_INT(r->n_functions, 0);
    ob_file_report_free(r);
    r = run("func 1() { }\nfunc \"x\"() { }\nfunc <*>(a: A, b: A) -> A { if a { } }");
    CHECK_EQ_INT(r->n_functions, 1);
    if (r->n_functions == 1) {
        CHECK_EQ_STR(r->functions[0].name, "<*>");
        CHECK_EQ_INT(r->functions[0].cyclomatic, 2);
    }
    ob_file_report_free(r);
}

/* Some rows of tests/data/mobile_metrics/swift/expected.json. */
static void test_hand_checked_files(void) {
    ob_file_report *r =
        bc_run_file(OB_BRACE_SWIFT, 0, "tests/data/mobile_metrics/swift/CartStore.swift");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 15);
        CHECK_EQ_INT(r->n_classes, 6);
        CHECK_EQ_INT(r->n_diags, 0);
        const ob_function *f = bc_find(r, "CartStore.mergeDuplicates");
        if (f) {
            CHECK_EQ_INT(f->line, 59);
            CHECK_EQ_INT(f->end_line, 78);
            CHECK_EQ_INT(f->cyclomatic, 8);
            CHECK_EQ_INT(f->cognitive, 15);
            CHECK_EQ_INT(f->nested_depth, 3);
            CHECK_EQ_INT(f->num_branches, 2);
            CHECK_EQ_INT(f->num_loops, 4);
        }
        f = bc_find(r, "CartItem.==");
        if (f) CHECK_EQ_INT(f->num_parameters, 2);
        f = bc_find(r, "CartStore.`default`");
        if (f) CHECK_EQ_INT(f->num_returns, 1);
        ob_file_report_free(r);
    }
    r = bc_run_file(OB_BRACE_SWIFT, 0, "tests/data/mobile_metrics/swift/CheckoutViewModel.swift");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 19);
        CHECK_EQ_INT(r->n_classes, 3);
        const ob_function *f = bc_find(r, "CheckoutViewModel.subscript");
        if (f) {   /* its accessors are nested: their cognitive is its too */
            CHECK_EQ_INT(f->cyclomatic, 1);
            CHECK_EQ_INT(f->cognitive, 5);
        }
        f = bc_find(r, "CheckoutViewModel.submit");
        if (f) {
            CHECK(f->is_async);
            CHECK_EQ_INT(f->num_returns, 4);
        }
        f = bc_find(r, "CheckoutViewModel.validate.isWellFormed");
        if (f) CHECK(!f->is_method);
        if (r->n_classes == 3) CHECK_EQ_INT(r->classes[2].num_methods, 15);
        ob_file_report_free(r);
    }
}

static void test_bad_input(void) {
    bc_bad_brackets(OB_BRACE_SWIFT, "class A { func f() { } } }\n"
                                    "class B { func g() { h(; if a {} } }\n");

    bc_binary(OB_BRACE_SWIFT, 0, "func f() {\0}", 12);   /* binary */

    /* bad UTF-8 names */
    ob_file_report *r = run("struct \xff\xfe { func f\xe2\x82() { if \xff { } } }");
    CHECK_EQ_STR(r->classes[0].name, "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_EQ_STR(r->functions[0].qualified_name, "\xEF\xBF\xBD\xEF\xBF\xBD.f\xEF\xBF\xBD");
    CHECK_EQ_STR(r->diags[0].code, "invalid-utf8");
    ob_file_report_free(r);

    r = run("let s = \"\\(if a { 1 } else { 2 }\nfunc f() { }");   /* unterminated */
    CHECK(r->n_diags >= 1);
    ob_file_report_free(r);

    static const char *const cut[] = {"", "}", "{", ")(", "func", "init", "get", "#if",
                                      "?", "a ?", "extension", "guard", "func <"};
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        r = run(cut[i]);
        CHECK_EQ_INT(r->n_functions, 0);
        ob_file_report_free(r);
    }
}

static void test_deep_nesting(void) {
    enum { DEPTH = 90000 };
    bc_nested_ifs(OB_BRACE_SWIFT, 0, "func f() {\n", "if a {", DEPTH);

    /* 3,000 accessors nested through types, and a long extension name. */
    char *props = bc_repeat("struct A { ", "var x: Int { get { struct B { ", 3000, "if a { }");
    char *all = bc_repeat(props, "} } } ", 3000, "}");
    ob_file_report *r = run(all);
    CHECK_EQ_INT(r->n_functions, 3000);
    CHECK_EQ_STR(r->functions[1].qualified_name, "A.get.B.get");
    CHECK_EQ_INT(r->functions[0].cognitive, 3000);   /* the if at nesting 3,000 */
    CHECK_EQ_INT(r->functions[2999].cognitive, 1);
    CHECK_EQ_INT(r->total_cognitive, 3000);
    ob_file_report_free(r);
    free(props);
    free(all);

    char *ext = bc_repeat("extension ", "a.", 50000, "b { func m() { } }");
    r = run(ext);
    CHECK_EQ_INT(r->n_classes, 1);
    CHECK_EQ_INT(strlen(r->classes[0].name), 100001);
    ob_file_report_free(r);
    free(ext);

    char *ternaries = bc_repeat("func f() { let v = ", "a ? ", DEPTH, "b }");
    r = run(ternaries);
    CHECK_EQ_INT(r->functions[0].cyclomatic, DEPTH + 1);
    ob_file_report_free(r);
    free(ternaries);
}

static void test_random(void) {
    bc_random(OB_BRACE_SWIFT, OB_BRACE_SWIFT, 0,
              "{}()[];,=?!:<>-&|#@.\\\"/*\n funcinitgetsetguardclass\xff\xc3$`");
}

int main(void) {
    test_constructs();
    test_declarations();
    test_hand_checked_files();
    test_bad_input();
    test_deep_nesting();
    test_random();
    return CHECK_DONE();
}
