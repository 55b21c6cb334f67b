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
#include "metrics_brace.h"

enum { JS = OB_BRACE_JAVASCRIPT, TS = OB_BRACE_TYPESCRIPT };

/* Analyses an exact-length copy of src (ASan sees any read past its end). */
static ob_file_report *run_n(int lang, const char *src, size_t len, int jsx) {
    char *copy = malloc(len ? len : 1);
    if (!copy) abort();
    memcpy(copy, src, len);
    ob_file_report *r = ob_report_new("t", OB_LANG_UNKNOWN, len);
    CHECK(r != NULL);
    ob_diag_list diags;
    ob_diags_init(&diags, r->arena);
    CHECK_EQ_INT(ob_brace_metrics(copy, len, (ob_brace_lang)lang, jsx, r, &diags), 0);
    CHECK_EQ_INT(ob_report_take_diags(r, &diags), 0);
    free(copy);
    return r;
}

static ob_file_report *run(int lang, const char *src) {
    return run_n(lang, src, strlen(src), lang == JS);
}

static const ob_function *find(const ob_file_report *r, const char *qname) {
    for (size_t i = 0; i < r->n_functions; i++)
        if (strcmp(r->functions[i].qualified_name, qname) == 0) return &r->functions[i];
    fprintf(stderr, "no function %s\n", qname);
    check_failures++;
    return NULL;
}

/* The only function of src: (cyclomatic, cognitive, nested depth, parameters). */
static void metrics(int lang, const char *src, uint32_t cyclomatic, uint32_t cognitive,
                    uint32_t depth, uint32_t params, int line) {
    ob_file_report *r = run(lang, src);
    if (r->n_functions != 1) {
        fprintf(stderr, "line %d: %zu functions\n", line, r->n_functions);
        check_failures++;
    } else {
        const ob_function *f = &r->functions[0];
        if (f->cyclomatic != cyclomatic || f->cognitive != cognitive ||
            f->nested_depth != depth || f->num_parameters != params) {
            fprintf(stderr, "line %d: (%u, %u, %u, %u), expected (%u, %u, %u, %u): %s\n", line,
                    f->cyclomatic, f->cognitive, f->nested_depth, f->num_parameters,
                    cyclomatic, cognitive, depth, params, src);
            check_failures++;
        }
    }
    ob_file_report_free(r);
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
    const ob_function *f = find(r, "A.get v");
    if (f) CHECK(f->is_method && !f->is_async && f->num_returns == 1);
    f = find(r, "A.s");
    if (f) CHECK(f->is_method && f->is_async);
    f = find(r, "A.field");
    if (f) {
        CHECK(f->is_method);
        CHECK_EQ_INT(f->line, 2);
        CHECK_EQ_INT(f->column, 10);   /* the arrow's `(` */
        CHECK_EQ_INT(f->cyclomatic, 2);
    }
    f = find(r, "module.exports.k");
    if (f) CHECK_EQ_INT(f->column, 19);
    f = find(r, "m");   /* object literals are no naming scope */
    if (f) CHECK(!f->is_method);
    find(r, "key");
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
    f = find(r, "C.constructor");
    if (f) CHECK_EQ_INT(f->num_parameters, 1);
    f = find(r, "q");
    if (f) CHECK_EQ_INT(f->column, 10);   /* the `<` of `<T,>` */
    CHECK_EQ_INT(r->n_classes, 3);        /* I, E, C */
    CHECK_EQ_INT(r->language, OB_LANG_TYPESCRIPT);
    ob_file_report_free(r);
}

static ob_file_report *run_file(int lang, const char *path) {
    FILE *f = fopen(path, "rb");
    CHECK(f != NULL);
    if (!f) return NULL;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return run_n(lang, buf, n, strstr(path, ".ts") == NULL || strstr(path, ".tsx") != NULL);
}

/* Rows of tests/data/mobile_metrics/{javascript,typescript}/expected.json. */
static void test_hand_checked_files(void) {
    ob_file_report *r = run_file(JS, "tests/data/mobile_metrics/javascript/cart.js");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 16);
        CHECK_EQ_INT(r->n_diags, 0);
        const ob_function *f = find(r, "module.exports.totals");
        if (f) {   /* (11, 27, 10, 15, 3, 2, 1, 3, 2) */
            CHECK_EQ_INT(f->line, 11);
            CHECK_EQ_INT(f->end_line, 27);
            CHECK_EQ_INT(f->cyclomatic, 10);
            CHECK_EQ_INT(f->cognitive, 15);
            CHECK_EQ_INT(f->nested_depth, 3);
            CHECK_EQ_INT(f->num_branches, 3);
            CHECK_EQ_INT(f->num_loops, 2);
        }
        f = find(r, "lineTotal");
        if (f) {
            CHECK_EQ_INT(f->cyclomatic, 5);
            CHECK_EQ_INT(f->num_parameters, 1);
        }
        ob_file_report_free(r);
    }
    r = run_file(JS, "tests/data/mobile_metrics/javascript/CartBadge.jsx");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 11);
        const ob_function *f = find(r, "CartBadge.render");
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
        const ob_function *f = find(r, "CartApi.load");
        if (f) {   /* (99, 116, 12, 14, 3, 2, method, async) */
            CHECK_EQ_INT(f->line, 99);
            CHECK_EQ_INT(f->end_line, 116);
            CHECK_EQ_INT(f->cyclomatic, 12);
            CHECK_EQ_INT(f->cognitive, 14);
            CHECK_EQ_INT(f->nested_depth, 3);
            CHECK(f->is_method && f->is_async);
        }
        f = find(r, "CartApi.set token");
        if (f) CHECK_EQ_INT(f->cyclomatic, 3);
        f = find(r, "byField");   /* cognitive 5: 3 of its own, 2 nested in its arrow */
        if (f) CHECK_EQ_INT(f->cognitive, 5);
        ob_file_report_free(r);
    }
    r = run_file(TS, "tests/data/mobile_metrics/typescript/CartScreen.tsx");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 17);
        const ob_function *f = find(r, "CartScreen");
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

    r = run_n(JS, "function f() {\0}", 16, 1);   /* binary */
    CHECK_EQ_INT(r->n_functions, 0);
    CHECK_EQ_INT(r->n_diags, 1);
    if (r->n_diags) CHECK_EQ_STR(r->diags[0].code, "binary-file");
    ob_file_report_free(r);

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
    char *ifs = repeat("function f() {\n", "if (a) {", DEPTH, "");
    char *all = repeat(ifs, "}", DEPTH, "\n}\n");
    ob_file_report *r = run(JS, all);
    CHECK_EQ_INT(r->functions[0].cyclomatic, DEPTH + 1);
    CHECK_EQ_INT(r->functions[0].nested_depth, DEPTH);
    CHECK_EQ_INT(r->functions[0].cognitive, (uint64_t)DEPTH * (DEPTH + 1) / 2);
    ob_file_report_free(r);
    free(ifs);
    free(all);

    char *parens = repeat("", "(a, ", DEPTH, "b) => 1");
    r = run(TS, parens);
    CHECK_EQ_INT(r->n_functions, 1);
    CHECK_EQ_INT(r->n_diags, 101);   /* 89,999 unclosed: the first 100 and a count */
    ob_file_report_free(r);
    free(parens);

    char *templates = repeat("", "`${", DEPTH, "");
    all = repeat(templates, "}`", DEPTH, "");
    r = run(JS, all);
    CHECK_EQ_INT(r->n_functions + r->n_diags, 0);
    ob_file_report_free(r);
    free(templates);
    free(all);

    /* 2,000 functions nested through parameters' defaults: cognitive handed out lazily. */
    char *defaults = repeat("", "function f(a = function () {", 2000, "if (a && b) x();");
    all = repeat(defaults, "}) {}", 2000, "");
    r = run(JS, all);
    CHECK_EQ_INT(r->n_functions, 4000);   /* 2,000 f and 2,000 (anonymous) */
    CHECK_EQ_INT(r->functions[0].cognitive, 4001);   /* if at nesting 4,000, and && */
    CHECK_EQ_INT(r->functions[3999].cognitive, 2);
    ob_file_report_free(r);
    free(defaults);
    free(all);
}

/* Random input must never crash: random bytes, and random mixes of the
 * bytes that steer the walk. */
static void test_random(void) {
    static const char steer[] = "{}()[];,=?:<>-&|.\n functionclassasync=>`${/\\'\"*!\xff\xc3";
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
        ob_file_report_free(run_n(round % 3 ? JS : TS, buf, len, round % 5 != 0));
    }
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
