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
#include "metrics_brace.h"

/* Analyses an exact-length copy of src (ASan sees any read past its end). */
static ob_file_report *run_n(const char *src, size_t len) {
    char *copy = malloc(len ? len : 1);
    if (!copy) abort();
    memcpy(copy, src, len);
    ob_file_report *r = ob_report_new("t", OB_LANG_UNKNOWN, len);
    CHECK(r != NULL);
    ob_diag_list diags;
    ob_diags_init(&diags, r->arena);
    CHECK_EQ_INT(ob_brace_metrics(copy, len, OB_BRACE_OBJC, 0, r, &diags), 0);
    CHECK_EQ_INT(ob_report_take_diags(r, &diags), 0);
    free(copy);
    return r;
}

static ob_file_report *run(const char *src) { return run_n(src, strlen(src)); }

static const ob_function *find(const ob_file_report *r, const char *qname) {
    for (size_t i = 0; i < r->n_functions; i++)
        if (strcmp(r->functions[i].qualified_name, qname) == 0) return &r->functions[i];
    fprintf(stderr, "no function %s\n", qname);
    check_failures++;
    return NULL;
}

/* (cyclomatic, cognitive, nested_depth) of `void f(void) { body }`, its only
 * function. */
static void body(const char *text, uint32_t cyclomatic, uint32_t cognitive, uint32_t depth,
                 int line) {
    char src[512];
    snprintf(src, sizeof src, "void f(void) {\n%s\n}\n", text);
    ob_file_report *r = run(src);
    if (r->n_functions != 1) {
        fprintf(stderr, "line %d: %zu functions\n", line, r->n_functions);
        check_failures++;
    } else if (r->functions[0].cyclomatic != cyclomatic ||
               r->functions[0].cognitive != cognitive ||
               r->functions[0].nested_depth != depth) {
        fprintf(stderr, "line %d: (%u, %u, %u), expected (%u, %u, %u): %s\n", line,
                r->functions[0].cyclomatic, r->functions[0].cognitive,
                r->functions[0].nested_depth, cyclomatic, cognitive, depth, src);
        check_failures++;
    }
    ob_file_report_free(r);
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

static ob_file_report *run_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        check_failures++;
        return NULL;
    }
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return run_n(buf, n);
}

/* Some rows of tests/data/mobile_metrics/objc/expected.json. */
static void test_hand_checked_files(void) {
    ob_file_report *r = run_file("tests/data/mobile_metrics/objc/AuthManager.m");
    if (r) {
        CHECK_EQ_INT(r->n_diags, 0);
        const ob_function *f = find(r, "AMRetryCount");
        if (f) {
            CHECK_EQ_INT(f->line, 20);
            CHECK_EQ_INT(f->end_line, 32);
            CHECK_EQ_INT(f->cyclomatic, 7);
            CHECK_EQ_INT(f->cognitive, 5);
            CHECK_EQ_INT(f->num_loops, 1);
            CHECK(!f->is_method);
        }
        f = find(r, "AuthManager.loginWithUser:password:completion:");
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
        f = find(r, "AuthManager.describeState:");
        if (f) {
            CHECK_EQ_INT(f->cyclomatic, 5);
            CHECK_EQ_INT(f->cognitive, 3);
        }
        ob_file_report_free(r);
    }
    r = run_file("tests/data/mobile_metrics/objc/CartCell.m");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 3);
        CHECK_EQ_INT(r->n_classes, 1);
        const ob_function *f = find(r, "CartCell.configureWithModel:animated:");
        if (f) CHECK_EQ_INT(f->num_parameters, 2);
        find(r, "CCBadgeText");
        ob_file_report_free(r);
    }
}

static void test_bad_input(void) {
    ob_file_report *r = run("@implementation A\n- (void)f { } }\n@end\n"
                            "@implementation B\n- (void)g { h(; if (a) {} }\n@end\n");
    CHECK_EQ_INT(r->n_diags, 2);
    if (r->n_diags == 2) {
        CHECK_EQ_STR(r->diags[0].code, "unmatched-bracket");
        CHECK_EQ_STR(r->diags[1].code, "unclosed-bracket");
        CHECK_EQ_STR(r->diags[1].message, "'(' was never closed");
    }
    CHECK_EQ_INT(r->n_functions, 2);
    ob_file_report_free(r);

    r = run_n("void f(void) {\0}", 16);   /* binary */
    CHECK_EQ_INT(r->n_functions, 0);
    CHECK_EQ_INT(r->n_diags, 1);
    if (r->n_diags) CHECK_EQ_STR(r->diags[0].code, "binary-file");
    ob_file_report_free(r);

    r = run("@implementation \xff\xfe\n- (void)f\xe2\x82:(int)x { if (a) { } }\n@end\n");
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

static char *repeat(const char *head, const char *piece, size_t times, const char *tail) {
    size_t hn = strlen(head), pn = strlen(piece), tn = strlen(tail);
    char *s = malloc(hn + pn * times + tn + 1);
    if (!s) abort();
    memcpy(s, head, hn);
    for (size_t i = 0; i < times; i++) memcpy(s + hn + i * pn, piece, pn);
    memcpy(s + hn + pn * times, tail, tn + 1);
    return s;
}

static void test_deep_nesting(void) {
    enum { DEPTH = 90000 };
    char *ifs = repeat("void f(void) {\n", "if (a) {", DEPTH, "");
    char *all = repeat(ifs, "}", DEPTH, "\n}\n");
    ob_file_report *r = run(all);
    CHECK_EQ_INT(r->functions[0].cyclomatic, DEPTH + 1);
    CHECK_EQ_INT(r->functions[0].nested_depth, DEPTH);
    CHECK_EQ_INT(r->functions[0].cognitive, (uint64_t)DEPTH * (DEPTH + 1) / 2);
    ob_file_report_free(r);
    free(ifs);
    free(all);

    /* `@end` after deep nesting: one look each, not a search of the stack. */
    char *parens = repeat("@implementation A\n- (void)f { ", "(", DEPTH, "");
    all = repeat(parens, "@end ", DEPTH, "");
    r = run(all);
    CHECK_EQ_INT(r->n_functions, 1);
    CHECK_EQ_INT(r->n_classes, 1);
    ob_file_report_free(r);
    free(parens);
    free(all);

    char *blocks = repeat("void f(void) {\n", "[x m:^{ ", DEPTH, "if (a) { }");
    all = repeat(blocks, "}]", DEPTH, "\n}\n");
    r = run(all);
    CHECK_EQ_INT(r->functions[0].cognitive, DEPTH + 1);   /* the if at nesting DEPTH */
    ob_file_report_free(r);
    free(blocks);
    free(all);

    /* The bounded scans: macros after `)`, selector parts, the look-back. */
    char *macros = repeat("int f() ", "A(x) ", DEPTH, "{ }");
    r = run(macros);
    CHECK_EQ_INT(r->n_functions, 1);   /* f has too many macros; the ninth last A is one */
    if (r->n_functions == 1) CHECK_EQ_STR(r->functions[0].name, "A");
    ob_file_report_free(r);
    free(macros);
    char *parts = repeat("+ ", "a:(int)x ", DEPTH, "{ }");
    r = run(parts);
    CHECK_EQ_INT(r->n_functions, 1);
    if (r->n_functions == 1) {
        CHECK_EQ_INT(r->functions[0].num_parameters, DEPTH);
        CHECK_EQ_INT(strlen(r->functions[0].name), 2 * DEPTH);
    }
    ob_file_report_free(r);
    free(parts);
    char *words = repeat("int x = ", "a ", DEPTH, "f() { }");
    r = run(words);
    CHECK_EQ_INT(r->n_functions, 0);
    ob_file_report_free(r);
    free(words);
}

/* Random input must never crash: random bytes, and random mixes of the
 * bytes that steer the walk. */
static void test_random(void) {
    static const char steer[] =
        "{}()[];,=?!:<>-+^*&|#@.\\\"/*\n @end@implementation@try@catchifA_B__ \xff\xc3";
    uint64_t state = 0x9E3779B97F4A7C15ull;
    char buf[600];
    for (int round = 0; round < 4000; round++) {
        size_t len = 0;
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        size_t n = (size_t)(state >> 33) % sizeof buf;
        for (; len < n; len++) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            unsigned v = (unsigned)(state >> 33);
            buf[len] = round % 2 ? (char)(v & 0xFF) : steer[v % (sizeof steer - 1)];
        }
        if (round % 4 < 2) {   /* no NUL in the first probe: past the binary check */
            for (size_t i = 0; i < len; i++) if (!buf[i]) buf[i] = ' ';
        }
        ob_file_report_free(run_n(buf, len));
    }
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
