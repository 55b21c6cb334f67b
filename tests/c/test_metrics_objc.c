/* test_metrics_objc.c - the brace-language metrics pass (metrics_brace.c,
 * brace_objc.c) on Objective-C: hand-checked constructs (docs/metrics_mobile.md
 * §6, tests/data/mobile_metrics/DECISIONS.md), methods, C functions and
 * classes with their names, the hand-checked files, bad input (brackets,
 * bytes, binary), deep nesting, the bounded scans, and random bytes, which
 * must never crash under ASan and valgrind.
 * tests/test_brace_metrics_native_objc.py compares every field with the
 * Python specification. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "brace_check.h"

static ob_file_report *run_n(const char *src, size_t len) {
    return bc_run_n(OB_BRACE_OBJC, 0, src, len);
}

static ob_file_report *run(const char *src) { return run_n(src, strlen(src)); }

/* (cyclomatic, cognitive, nested_depth) of `void f(void) { body }`, its only
 * function. */
static void body(const char *text, uint32_t cyclomatic, uint32_t cognitive, uint32_t depth,
                 int line) {
    bc_body(OB_BRACE_OBJC, 0, "void f(void) {\n", text, "\n}\n",
            (bc_want){cyclomatic, cognitive, depth, BC_ANY}, line);
}

static void test_constructs(void) {
    body("x = a ? b : c;", 2, 1, 0, __LINE__);
    body("x = a ?: b;", 2, 0, 0, __LINE__);                          /* GNU elvis: CCN only */
    body("x = c1 ? a : c2 ? b : d;", 3, 3, 0, __LINE__);             /* nested: 1 + 2 */
    body("if (a && b || c) { }", 4, 3, 1, __LINE__);
    body("if (a) x(); else if (b) y(); else { }", 3, 3, 1, __LINE__);
    body("do { n++; } while (n < 3 && ok);", 3, 2, 1, __LINE__);
    body("switch (x) { case 1: case 2: f(); break; default: g(); }", 3, 1, 1, __LINE__);
    body("@try { f(); } @catch (NSException *e) { if (a) { } } @finally { h(); }", 3, 3, 2,
         __LINE__);
    body("@synchronized (self) { if (a) { } }", 2, 1, 1, __LINE__);  /* no structure */
    body("@autoreleasepool { for (id x in xs) { } }", 2, 1, 1, __LINE__);
    body("goto fail;\nfail: return;", 1, 1, 0, __LINE__);           /* goto: F */
    body("void (^b)(void) = ^{ if (a) { } };", 2, 2, 1, __LINE__);   /* blocks nest */
    body("[xs enumerateObjectsUsingBlock:^(id o, NSUInteger i, BOOL *stop) { if (o) { } }];",
         2, 2, 1, __LINE__);
    body("#if DEBUG\n x();\n#elif TEST\n y();\n#else\n z();\n#endif", 3, 0, 0, __LINE__);
    body("#ifdef A\n#endif\n#ifndef B\n#endif\n#  if C\n#endif", 3, 0, 0, __LINE__);
    body("return o.if;", 1, 0, 0, __LINE__);                         /* keywords as names */
    body("[o case:1 switch:2];", 1, 0, 0, __LINE__);
    body("NSString *s = @\"if (a) { ? }\";", 1, 0, 0, __LINE__);
}

static void test_declarations(void) {
    ob_file_report *r = run(
        "@protocol P;\n"
        "typedef struct { int x; } Point;\n"
        "static int table[] = { 1, 2, 3 };\n"
        "static inline int clamp(int x, int lo) NS_SWIFT_NAME(c(_:_:)) { return x; }\n"
        "@interface Foo : NSObject <P> {\n"
        "    int _ivar;\n"
        "}\n"
        "- (void)a:(int)x :(int)y;\n"
        "@end\n"
        "@implementation Foo (Private)\n"
        "static int helper(int a) { return a ? 1 : 0; }\n"
        "- (void)a:(int)x :(int)y { }\n"
        "+ (void)log:(NSString *)fmt, ... { }\n"
        "- (void)run NS_REQUIRES_SUPER { }\n"
        "- (int)value { return @protocol(P) != nil; }\n"
        "@end\n"
        "- (void)orphan { }\n"
        "@implementation Missing\n"
        "- (void)m { }\n"
        "@interface Next\n"
        "- (void)n { }\n"
        "@end\n");
    static const struct {
        const char *name, *qname;
        uint32_t line;
        uint8_t is_method;
        uint32_t params;
    } want[] = {
        {"clamp", "clamp", 4, 0, 2},      {"helper", "helper", 11, 0, 1},
        {"a::", "Foo.a::", 12, 1, 2},     {"log:", "Foo.log:", 13, 1, 1},
        {"run", "Foo.run", 14, 1, 0},     {"value", "Foo.value", 15, 1, 0},
        {"orphan", "orphan", 17, 0, 0},   {"m", "Missing.m", 19, 1, 0},
        {"n", "Next.n", 21, 1, 0},
    };
    size_t n = sizeof want / sizeof want[0];
    CHECK_EQ_INT(r->n_functions, n);
    for (size_t i = 0; i < n && i < r->n_functions; i++) {
        const ob_function *f = &r->functions[i];
        CHECK_EQ_STR(f->name, want[i].name);
        CHECK_EQ_STR(f->qualified_name, want[i].qname);
        CHECK_EQ_INT(f->line, want[i].line);
        CHECK_EQ_INT(f->is_method, want[i].is_method);
        CHECK_EQ_INT(f->num_parameters, want[i].params);
    }
    CHECK_EQ_INT(r->n_classes, 2);   /* @implementation only */
    if (r->n_classes == 2) {
        CHECK_EQ_STR(r->classes[0].qualified_name, "Foo");
        CHECK_EQ_INT(r->classes[0].line, 10);
        CHECK_EQ_INT(r->classes[0].end_line, 16);   /* its `@end` */
        CHECK_EQ_INT(r->classes[0].num_methods, 4);
        CHECK_EQ_INT(r->classes[0].cyclomatic, 4);
        CHECK_EQ_STR(r->classes[1].qualified_name, "Missing");
        CHECK_EQ_INT(r->classes[1].end_line, 19);   /* ends before the next `@interface` */
    }
    ob_file_report_free(r);

    /* Not functions: declarations, typedefs, initializers, keywords. */
    r = run("int f(void);\ntypedef int g(int) { }\nint x = h() { }\nenum E k() { }\n"
            "int a, b() { }\nsizeof(x) { }\n@implementation A\n- (void)d:(int)x;\n@end\n");
    CHECK_EQ_INT(r->n_functions, 0);
    ob_file_report_free(r);
}

/* Some rows of tests/data/mobile_metrics/objc/expected.json. */
static void test_hand_checked_files(void) {
    ob_file_report *r =
        bc_run_file(OB_BRACE_OBJC, 0, "tests/data/mobile_metrics/objc/AuthManager.m");
    if (r) {
        CHECK_EQ_INT(r->n_diags, 0);
        const ob_function *f = bc_find(r, "AMRetryCount");
        if (f) {
            CHECK_EQ_INT(f->line, 20);
            CHECK_EQ_INT(f->end_line, 32);
            CHECK_EQ_INT(f->cyclomatic, 7);
            CHECK_EQ_INT(f->cognitive, 5);
            CHECK_EQ_INT(f->num_loops, 1);
            CHECK(!f->is_method);
        }
        f = bc_find(r, "AuthManager.loginWithUser:password:completion:");
        if (f) {
            CHECK_EQ_INT(f->line, 59);
            CHECK_EQ_INT(f->end_line, 82);
            CHECK_EQ_INT(f->cyclomatic, 8);
            CHECK_EQ_INT(f->cognitive, 9);
            CHECK_EQ_INT(f->num_parameters, 3);
            CHECK_EQ_INT(f->num_returns, 2);
            CHECK_EQ_INT(f->num_branches, 3);
            CHECK(f->is_method);
        }
        f = bc_find(r, "AuthManager.describeState:");
        if (f) {
            CHECK_EQ_INT(f->cyclomatic, 5);
            CHECK_EQ_INT(f->cognitive, 3);
        }
        ob_file_report_free(r);
    }
    r = bc_run_file(OB_BRACE_OBJC, 0, "tests/data/mobile_metrics/objc/CartCell.m");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 3);
        CHECK_EQ_INT(r->n_classes, 1);
        const ob_function *f = bc_find(r, "CartCell.configureWithModel:animated:");
        if (f) CHECK_EQ_INT(f->num_parameters, 2);
        bc_find(r, "CCBadgeText");
        ob_file_report_free(r);
    }
}

static void test_bad_input(void) {
    bc_bad_brackets(OB_BRACE_OBJC, "@implementation A\n- (void)f { } }\n@end\n"
                                   "@implementation B\n- (void)g { h(; if (a) {} }\n@end\n");

    bc_binary(OB_BRACE_OBJC, 0, "void f(void) {\0}", 16);   /* binary */

    ob_file_report *r =
        run("@implementation \xff\xfe\n- (void)f\xe2\x82:(int)x { if (a) { } }\n@end\n");
    CHECK_EQ_INT(r->n_functions, 1);
    CHECK_EQ_INT(r->n_classes, 1);
    if (r->n_functions == 1 && r->n_classes == 1) {
        CHECK_EQ_STR(r->classes[0].name, "\xEF\xBF\xBD\xEF\xBF\xBD");
        CHECK_EQ_STR(r->functions[0].qualified_name,
                     "\xEF\xBF\xBD\xEF\xBF\xBD.f\xEF\xBF\xBD:");
    }
    ob_file_report_free(r);

    /* Non-ASCII names are no macros (the Python's _is_macro is ASCII). */
    r = run("int f(void) \xc3\x89 { }\nint g(void) FOO { }\n");
    CHECK_EQ_INT(r->n_functions, 1);
    if (r->n_functions == 1) CHECK_EQ_STR(r->functions[0].name, "g");
    ob_file_report_free(r);

    static const char *const cut[] = {"", "}", "{", ")(", "-", "+", "- (", "- (void)",
                                      "- (void)f:", "@end", "@implementation", "@protocol",
                                      "@protocol(", "^", "^{", "?", "a ?:", "f(", "f() {",
                                      "f() A(", "#if", "goto"};
    for (size_t i = 0; i < sizeof cut / sizeof cut[0]; i++) {
        r = run(cut[i]);
        CHECK_EQ_INT(r->n_functions, strcmp(cut[i], "f() {") == 0);
        ob_file_report_free(r);
    }
}

static void test_deep_nesting(void) {
    enum { DEPTH = 90000 };
    bc_nested_ifs(OB_BRACE_OBJC, 0, "void f(void) {\n", "if (a) {", DEPTH);

    /* `@end` after deep nesting: one look each, not a search of the stack. */
    char *parens = bc_repeat("@implementation A\n- (void)f { ", "(", DEPTH, "");
    char *all = bc_repeat(parens, "@end ", DEPTH, "");
    ob_file_report *r = run(all);
    CHECK_EQ_INT(r->n_functions, 1);
    CHECK_EQ_INT(r->n_classes, 1);
    ob_file_report_free(r);
    free(parens);
    free(all);

    char *blocks = bc_repeat("void f(void) {\n", "[x m:^{ ", DEPTH, "if (a) { }");
    all = bc_repeat(blocks, "}]", DEPTH, "\n}\n");
    r = run(all);
    CHECK_EQ_INT(r->functions[0].cognitive, DEPTH + 1);   /* the if at nesting DEPTH */
    ob_file_report_free(r);
    free(blocks);
    free(all);

    /* The bounded scans: macros after `)`, selector parts, the look-back. */
    char *macros = bc_repeat("int f() ", "A(x) ", DEPTH, "{ }");
    r = run(macros);
    CHECK_EQ_INT(r->n_functions, 1);   /* f has too many macros; the ninth last A is one */
    if (r->n_functions == 1) CHECK_EQ_STR(r->functions[0].name, "A");
    ob_file_report_free(r);
    free(macros);
    char *parts = bc_repeat("+ ", "a:(int)x ", DEPTH, "{ }");
    r = run(parts);
    CHECK_EQ_INT(r->n_functions, 1);
    if (r->n_functions == 1) {
        CHECK_EQ_INT(r->functions[0].num_parameters, DEPTH);
        CHECK_EQ_INT(strlen(r->functions[0].name), 2 * DEPTH);
    }
    ob_file_report_free(r);
    free(parts);
    char *words = bc_repeat("int x = ", "a ", DEPTH, "f() { }");
    r = run(words);
    CHECK_EQ_INT(r->n_functions, 0);
    ob_file_report_free(r);
    free(words);
}

static void test_random(void) {
    bc_random(OB_BRACE_OBJC, OB_BRACE_OBJC, 0,
              "{}()[];,=?!:<>-+^*&|#@.\\\"/*\n @end@implementation@try@catchifA_B__ \xff\xc3");
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
