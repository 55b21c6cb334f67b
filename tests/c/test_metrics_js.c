/* test_metrics_js.c - the brace-language metrics pass on JavaScript and
 * TypeScript (brace_js.c, metrics_brace.c): hand-checked functions
 * (docs/metrics_mobile.md, tests/data/mobile_metrics/DECISIONS.md), rows of
 * the hand-checked files' expected.json, JSX on and off, bad input, deep
 * nesting and random bytes, which must never crash under ASan and valgrind.
 * tests/test_brace_metrics_native_js.py compares every field with the
 * Python specification. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "brace_check.h"

enum { JS = OB_BRACE_JAVASCRIPT, TS = OB_BRACE_TYPESCRIPT };

static ob_file_report *run_n(int lang, const char *src, size_t len, int jsx) {
    return bc_run_n((ob_brace_lang)lang, jsx, src, len);
}

static ob_file_report *run(int lang, const char *src) {
    return run_n(lang, src, strlen(src), lang == JS);
}

/* The only function of src: (cyclomatic, cognitive, nested depth, parameters). */
static void metrics(int lang, const char *src, uint32_t cyclomatic, uint32_t cognitive,
                    uint32_t depth, uint32_t params, int line) {
    bc_body((ob_brace_lang)lang, lang == JS, "", src, "",
            (bc_want){cyclomatic, cognitive, depth, params}, line);
}

static void test_constructs(void) {
    /* defaults of parameters and patterns +1 each, `??` +1 with no cognitive */
    metrics(JS, "function f(a = 1, {b = 2}) { return a ?? b; }", 4, 0, 0, 2, __LINE__);
    metrics(JS, "const g = (x) => x > 0 ? 1 : 2;", 2, 1, 0, 1, __LINE__);
    /* a logical assignment adds 1 and, as any assignment, ends the `&&` sequence */
    metrics(JS, "function f() { g(a && b ||= c && d); }", 4, 2, 0, 0, __LINE__);
    /* keywords as names (D5) and optional chaining count nothing */
    metrics(JS, "function f() { o.if(x); x = {for: 1, case: 2}; y = a?.b ?? c; }", 2, 0, 0, 0,
            __LINE__);
    metrics(JS, "async function f(xs) { for await (const x of xs) { if (x) {} } }", 3, 3, 2, 1,
            __LINE__);
    /* templates nest: the inner `&&` counts in the function (D1) */
    metrics(JS, "function f() { return `${a ? `${b && c}` : d}`; }", 3, 2, 0, 0, __LINE__);
    metrics(JS, "function f() { outer: for (;;) { break outer; } }", 2, 2, 1, 0, __LINE__);
    metrics(JS, "function f(x) { switch (x) { case 1: case 2: return a || b && c; "
                "default: return 0; } }", 5, 3, 1, 1, __LINE__);
    /* regex, not division: its `?` and `(` are no ternary, no group */
    metrics(JS, "function f(s) { return /a?(b)/.test(s) && s / 2 > 1; }", 2, 1, 0, 1,
            __LINE__);
    /* JSX text is no code (JavaScript reads JSX) */
    metrics(JS, "function f() { return <div>if (a) && b</div>; }", 1, 0, 0, 0, __LINE__);
}

static void test_names(void) {
    ob_file_report *r = run(JS, "class A { get v() { return 1; } static async s() { }\n"
                                "  field = () => { if (a) {} } }\n"
                                "module.exports.k = function () { };\n"
                                "const o = { m() { }, key: () => 1 };\n");
    CHECK_EQ_INT(r->n_functions, 6);
    const ob_function *f = bc_find(r, "A.get v");
    if (f) CHECK(f->is_method && !f->is_async && f->num_returns == 1);
    f = bc_find(r, "A.s");
    if (f) CHECK(f->is_method && f->is_async);
    f = bc_find(r, "A.field");
    if (f) {
        CHECK(f->is_method);
        CHECK_EQ_INT(f->line, 2);
        CHECK_EQ_INT(f->column, 10);   /* the arrow's `(` */
        CHECK_EQ_INT(f->cyclomatic, 2);
    }
    f = bc_find(r, "module.exports.k");
    if (f) CHECK_EQ_INT(f->column, 19);
    f = bc_find(r, "m");   /* object literals are no naming scope */
    if (f) CHECK(!f->is_method);
    bc_find(r, "key");
    CHECK_EQ_INT(r->n_classes, 1);
    CHECK_EQ_INT(r->classes[0].num_methods, 3);
    CHECK_EQ_INT(r->language, OB_LANG_JAVASCRIPT);
    ob_file_report_free(r);

    /* TS: function types, overloads and interface members are no functions */
    r = run(TS, "type H = (a: T) => U; let t: (x: number) => void; function o(a: T): U;\n"
                "interface I { m(): void; }\nenum E { A = 1 }\n"
                "class C { private r?: string; constructor(a?: number) { } }\n"
                "const q = <T,>(a: T): T => a;\n");
    CHECK_EQ_INT(r->n_functions, 2);
    f = bc_find(r, "C.constructor");
    if (f) CHECK_EQ_INT(f->num_parameters, 1);
    f = bc_find(r, "q");
    if (f) CHECK_EQ_INT(f->column, 10);   /* the `<` of `<T,>` */
    CHECK_EQ_INT(r->n_classes, 3);        /* I, E, C */
    CHECK_EQ_INT(r->language, OB_LANG_TYPESCRIPT);
    ob_file_report_free(r);
}

/* JSX on for .js, .jsx and .tsx, off for .ts. */
static ob_file_report *run_file(int lang, const char *path) {
    int jsx = strstr(path, ".ts") == NULL || strstr(path, ".tsx") != NULL;
    return bc_run_file((ob_brace_lang)lang, jsx, path);
}

/* Rows of tests/data/mobile_metrics/{javascript,typescript}/expected.json. */
static void test_hand_checked_files(void) {
    ob_file_report *r = run_file(JS, "tests/data/mobile_metrics/javascript/cart.js");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 16);
        CHECK_EQ_INT(r->n_diags, 0);
        const ob_function *f = bc_find(r, "module.exports.totals");
        if (f) {   /* (11, 27, 10, 15, 3, 2, 1, 3, 2) */
            CHECK_EQ_INT(f->line, 11);
            CHECK_EQ_INT(f->end_line, 27);
            CHECK_EQ_INT(f->cyclomatic, 10);
            CHECK_EQ_INT(f->cognitive, 15);
            CHECK_EQ_INT(f->nested_depth, 3);
            CHECK_EQ_INT(f->num_branches, 3);
            CHECK_EQ_INT(f->num_loops, 2);
        }
        f = bc_find(r, "lineTotal");
        if (f) {
            CHECK_EQ_INT(f->cyclomatic, 5);
            CHECK_EQ_INT(f->num_parameters, 1);
        }
        ob_file_report_free(r);
    }
    r = run_file(JS, "tests/data/mobile_metrics/javascript/CartBadge.jsx");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 11);
        const ob_function *f = bc_find(r, "CartBadge.render");
        if (f) {   /* (22, 38, 5, 6) */
            CHECK_EQ_INT(f->end_line, 38);
            CHECK_EQ_INT(f->cyclomatic, 5);
            CHECK_EQ_INT(f->cognitive, 6);
        }
        ob_file_report_free(r);
    }
    r = run_file(TS, "tests/data/mobile_metrics/typescript/api.ts");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 30);
        CHECK_EQ_INT(r->n_classes, 4);
        const ob_function *f = bc_find(r, "CartApi.load");
        if (f) {   /* (99, 116, 12, 14, 3, 2, method, async) */
            CHECK_EQ_INT(f->line, 99);
            CHECK_EQ_INT(f->end_line, 116);
            CHECK_EQ_INT(f->cyclomatic, 12);
            CHECK_EQ_INT(f->cognitive, 14);
            CHECK_EQ_INT(f->nested_depth, 3);
            CHECK(f->is_method && f->is_async);
        }
        f = bc_find(r, "CartApi.set token");
        if (f) CHECK_EQ_INT(f->cyclomatic, 3);
        f = bc_find(r, "byField");   /* cognitive 5: 3 of its own, 2 nested in its arrow */
        if (f) CHECK_EQ_INT(f->cognitive, 5);
        ob_file_report_free(r);
    }
    r = run_file(TS, "tests/data/mobile_metrics/typescript/CartScreen.tsx");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 17);
        const ob_function *f = bc_find(r, "CartScreen");
        if (f) {   /* (43, 90, 6, 15) */
            CHECK_EQ_INT(f->end_line, 90);
            CHECK_EQ_INT(f->cyclomatic, 6);
            CHECK_EQ_INT(f->cognitive, 15);
        }
        ob_file_report_free(r);
    }
}

static void test_jsx_flag(void) {
    const char *src = "function f() { return a < b ? <div>if (a) && b</div> : 1; }";
    ob_file_report *r = run_n(TS, src, strlen(src), 1);
    CHECK_EQ_INT(r->functions[0].cyclomatic, 2);   /* the ternary only */
    ob_file_report_free(r);
    r = run_n(TS, src, strlen(src), 0);   /* `<div>` is a comparison: if and && count */
    CHECK_EQ_INT(r->functions[0].cyclomatic, 4);
    ob_file_report_free(r);
}

static void test_bad_input(void) {
    ob_file_report *r = run(JS, "class A { m() { } } }\nclass B { g() { h(; if (a) {} } }\n");
    CHECK_EQ_INT(r->n_diags, 2);
    if (r->n_diags == 2) {
        CHECK_EQ_STR(r->diags[0].code, "unmatched-bracket");
        CHECK_EQ_STR(r->diags[1].code, "unclosed-bracket");
        CHECK_EQ_INT(r->diags[1].line, 2);
    }
    CHECK_EQ_INT(r->n_functions, 2);
    ob_file_report_free(r);

    bc_binary(OB_BRACE_JAVASCRIPT, 1, "function f() {\0}", 16);   /* binary */

    r = run(JS, "const \xff = (a = \xc3) => { if (\xff) { } };");   /* names as Python decodes */
    CHECK_EQ_INT(r->n_functions, 1);
    if (r->n_functions) {
        CHECK_EQ_STR(r->functions[0].name, "\xEF\xBF\xBD");
        CHECK_EQ_INT(r->functions[0].cyclomatic, 3);
    }
    ob_file_report_free(r);

    /* Cut short everywhere: no parameters' `)`, no body, no template end. */
    static const char *const cuts[] = {"(", "(a) =>", "x =>", "=>", "function", "function f(",
                                       "function f() :", "class", "`${", "`${(a) => {",
                                       "<div>{(a) => { if (b) { } }}</div", "{ f() {", "a ?",
                                       "o = { get", "type T = {", "const q = <T,>(", ""};
    for (size_t i = 0; i < sizeof cuts / sizeof *cuts; i++) {
        ob_file_report_free(run(JS, cuts[i]));
        ob_file_report_free(run(TS, cuts[i]));
    }
}

static void test_deep_nesting(void) {
    enum { DEPTH = 90000 };
    bc_nested_ifs(OB_BRACE_JAVASCRIPT, 1, "function f() {\n", "if (a) {", DEPTH);

    char *parens = bc_repeat("", "(a, ", DEPTH, "b) => 1");
    ob_file_report *r = run(TS, parens);
    CHECK_EQ_INT(r->n_functions, 1);
    CHECK_EQ_INT(r->n_diags, 101);   /* 89,999 unclosed: the first 100 and a count */
    ob_file_report_free(r);
    free(parens);

    char *templates = bc_repeat("", "`${", DEPTH, "");
    char *all = bc_repeat(templates, "}`", DEPTH, "");
    r = run(JS, all);
    CHECK_EQ_INT(r->n_functions + r->n_diags, 0);
    ob_file_report_free(r);
    free(templates);
    free(all);

    /* 2,000 functions nested through parameters' defaults: cognitive handed out lazily. */
    char *defaults = bc_repeat("", "function f(a = function () {", 2000, "if (a && b) x();");
    all = bc_repeat(defaults, "}) {}", 2000, "");
    r = run(JS, all);
    CHECK_EQ_INT(r->n_functions, 4000);   /* 2,000 f and 2,000 (anonymous) */
    CHECK_EQ_INT(r->functions[0].cognitive, 4001);   /* if at nesting 4,000, and && */
    CHECK_EQ_INT(r->functions[3999].cognitive, 2);
    ob_file_report_free(r);
    free(defaults);
    free(all);
}

static void test_random(void) {
    bc_random(OB_BRACE_JAVASCRIPT, OB_BRACE_TYPESCRIPT, 1,
              "{}()[];,=?:<>-&|.\n functionclassasync=>`${/\\'\"*!\xff\xc3");
}

int main(void) {
    test_constructs();
    test_names();
    test_hand_checked_files();
    test_jsx_flag();
    test_bad_input();
    test_deep_nesting();
    test_random();
    return CHECK_DONE();
}
