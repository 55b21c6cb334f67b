/* test_analyze_mobile.c - the brace languages through the public entry
 * points: languages by extension, ob_analyze_source's dispatch (JSX by path
 * or by the caller), the cap on diagnostics, languages without C metrics,
 * ob_analyze_paths_as overriding the extensions, and a scratch's buffers
 * lent from one file to the next changing no report. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "metrics.h"
#include "observe.h"

static void languages_by_extension(void) {
    CHECK_EQ_INT(ob_language_for_path("app/Main.kt"), OB_LANG_KOTLIN);
    CHECK_EQ_INT(ob_language_for_path("build.gradle.kts"), OB_LANG_KOTLIN);
    CHECK_EQ_INT(ob_language_for_path("A.java"), OB_LANG_JAVA);
    CHECK_EQ_INT(ob_language_for_path("ios/View.SWIFT"), OB_LANG_SWIFT);   /* any case */
    CHECK_EQ_INT(ob_language_for_path("x.mjs"), OB_LANG_JAVASCRIPT);
    CHECK_EQ_INT(ob_language_for_path("x.tsx"), OB_LANG_TYPESCRIPT);
    CHECK_EQ_INT(ob_language_for_path("Bridge.h"), OB_LANG_OBJC);
    CHECK_EQ_INT(ob_language_for_path("V.mm"), OB_LANG_OBJC);
    CHECK_EQ_INT(ob_language_for_path("main.dart"), OB_LANG_DART);
    CHECK_EQ_INT(ob_language_for_path("m.py"), OB_LANG_PYTHON);
    CHECK_EQ_INT(ob_language_for_path("M.PY"), OB_LANG_UNKNOWN);   /* Python's are exact */
    CHECK_EQ_INT(ob_language_for_path("notes.txt"), OB_LANG_UNKNOWN);
    CHECK_EQ_INT(ob_language_for_path("dir.kt/README"), OB_LANG_UNKNOWN);
    CHECK_EQ_INT(ob_language_for_path(".kt"), OB_LANG_UNKNOWN);    /* a dot file */
}

static void dispatch(void) {
    const char *kt = "class Cart {\n  fun total(x: Int) = if (x > 0) 1 else 2\n}\n";
    ob_file_report *r = ob_analyze_source(kt, strlen(kt), "Cart.kt", OB_LANG_KOTLIN);
    CHECK(r && r->n_functions == 1 && r->n_classes == 1 && r->n_diags == 0);
    if (r && r->n_functions == 1) {
        CHECK_EQ_STR(r->functions[0].qualified_name, "Cart.total");
        CHECK_EQ_INT(r->functions[0].cyclomatic, 2);
        CHECK_EQ_INT(r->language, OB_LANG_KOTLIN);
        CHECK_EQ_INT(r->physical_lines, 3);
    }
    ob_file_report_free(r);

    /* JSX: read in .tsx, not in .ts (the '/' of "</div>" then opens a regex),
     * and as the caller says whatever the path. */
    const char *tsx = "const f = () => <div>{x ? 1 : 2}</div>;\n";
    size_t n = strlen(tsx);
    ob_file_report *with = ob_analyze_source(tsx, n, "a.tsx", OB_LANG_TYPESCRIPT);
    ob_file_report *without = ob_analyze_source(tsx, n, "a.ts", OB_LANG_TYPESCRIPT);
    ob_file_report *forced = ob_analyze_source_jsx(tsx, n, "a.ts", OB_LANG_TYPESCRIPT, 1);
    CHECK(with && with->n_diags == 0 && with->n_functions == 1);
    CHECK(without && without->n_diags == 1);
    if (without && without->n_diags == 1) CHECK_EQ_STR(without->diags[0].code, "unterminated-regex");
    CHECK(forced && forced->n_diags == 0);
    ob_file_report_free(with);
    ob_file_report_free(without);
    ob_file_report_free(forced);
}

/* 150 stray ')' give 150 errors: the first 100 by position and a summary. */
static void diagnostics_are_capped(void) {
    size_t cap = 16 + 150 * 16;
    char *src = malloc(cap);
    CHECK(src != NULL);
    if (!src) return;
    size_t n = (size_t)snprintf(src, cap, "class A {\n");
    for (int i = 0; i < 150; i++) n += (size_t)snprintf(src + n, cap - n, "void f() { ) }\n");
    n += (size_t)snprintf(src + n, cap - n, "}\n");
    ob_file_report *r = ob_analyze_source(src, n, "A.java", OB_LANG_JAVA);
    CHECK(r && r->n_diags == 101);
    if (r && r->n_diags == 101) {
        CHECK_EQ_INT(r->diags[0].line, 2);
        CHECK_EQ_INT(r->diags[99].line, 101);
        CHECK_EQ_STR(r->diags[100].code, "too-many-diagnostics");
        CHECK_EQ_STR(r->diags[100].message, "50 more diagnostics not shown");
        CHECK_EQ_INT(r->diags[100].is_error, 0);
        CHECK_EQ_INT(r->n_functions, 150);
    }
    ob_file_report_free(r);
    free(src);
}

/* Every brace language has its metrics in the C core: the last two ported,
 * Dart and Objective-C, through the public entry point. */
static void native_metrics(void) {
    const char *dart = "int f() => a ?? 1;\n";
    ob_file_report *r = ob_analyze_source(dart, strlen(dart), "m.dart", OB_LANG_DART);
    CHECK(r && r->n_diags == 0 && r->n_functions == 1);
    if (r && r->n_functions == 1) CHECK_EQ_INT(r->functions[0].cyclomatic, 2);
    ob_file_report_free(r);
    const char *objc = "int f(int a) { return a ? 1 : 2; }\n";
    r = ob_analyze_source(objc, strlen(objc), "m.m", OB_LANG_OBJC);
    CHECK(r && r->n_diags == 0 && r->n_functions == 1);
    if (r && r->n_functions == 1) CHECK_EQ_INT(r->functions[0].cyclomatic, 2);
    ob_file_report_free(r);
}

static void paths_with_languages(void) {
    char dir[] = "/tmp/obmobile-XXXXXX", a[64], b[64];
    CHECK(mkdtemp(dir) != NULL);
    snprintf(a, sizeof a, "%s/Rules.inc", dir);
    snprintf(b, sizeof b, "%s/Main.kt", dir);
    FILE *f = fopen(a, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("class R { int f(int x) { return x > 0 ? 1 : 2; } }\n", f);
        fclose(f);
    }
    f = fopen(b, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("fun main() { for (i in 1..3) println(i) }\n", f);
        fclose(f);
    }
    const char *paths[] = {a, b};
    ob_language langs[] = {OB_LANG_JAVA, OB_LANG_KOTLIN};
    ob_file_report *out[2] = {NULL, NULL};
    CHECK(ob_analyze_paths_as(paths, langs, 2, 2, out) == 0);
    CHECK(out[0] && out[0]->language == OB_LANG_JAVA && out[0]->n_functions == 1);
    if (out[0] && out[0]->n_functions == 1) CHECK_EQ_INT(out[0]->functions[0].cyclomatic, 2);
    CHECK(out[1] && out[1]->language == OB_LANG_KOTLIN && out[1]->n_functions == 1);
    if (out[1] && out[1]->n_functions == 1) CHECK_EQ_INT(out[1]->functions[0].cyclomatic, 2);
    ob_file_report_free(out[0]);
    ob_file_report_free(out[1]);
    /* By extension: the .inc file is nobody's, so Python's (the default). */
    CHECK(ob_analyze_paths(paths, 2, 1, out) == 0);
    CHECK(out[0] && out[0]->language == OB_LANG_PYTHON);
    ob_file_report_free(out[0]);
    ob_file_report_free(out[1]);
    unlink(a);
    unlink(b);
    rmdir(dir);
}

static int same_function(const ob_function *a, const ob_function *b) {
    return !strcmp(a->name, b->name) && !strcmp(a->qualified_name, b->qualified_name) &&
           a->line == b->line && a->column == b->column && a->end_line == b->end_line &&
           a->cyclomatic == b->cyclomatic && a->cognitive == b->cognitive &&
           a->nested_depth == b->nested_depth && a->lines_of_code == b->lines_of_code &&
           a->num_parameters == b->num_parameters && a->num_returns == b->num_returns &&
           a->num_branches == b->num_branches && a->num_loops == b->num_loops &&
           a->is_method == b->is_method && a->is_async == b->is_async;
}

static int same_report(const ob_file_report *a, const ob_file_report *b) {
    if (!a || !b || a->n_functions != b->n_functions || a->n_classes != b->n_classes ||
        a->n_diags != b->n_diags || a->physical_lines != b->physical_lines ||
        a->code_lines != b->code_lines || a->comment_lines != b->comment_lines ||
        a->blank_lines != b->blank_lines || a->total_cognitive != b->total_cognitive)
        return 0;
    for (size_t i = 0; i < a->n_functions; i++)
        if (!same_function(&a->functions[i], &b->functions[i])) return 0;
    for (size_t i = 0; i < a->n_classes; i++) {
        const ob_class *x = &a->classes[i], *y = &b->classes[i];
        if (strcmp(x->qualified_name, y->qualified_name) || x->line != y->line ||
            x->end_line != y->end_line || x->num_methods != y->num_methods ||
            x->cyclomatic != y->cyclomatic || x->cognitive != y->cognitive)
            return 0;
    }
    for (size_t i = 0; i < a->n_diags; i++)
        if (strcmp(a->diags[i].code, b->diags[i].code) || a->diags[i].line != b->diags[i].line ||
            a->diags[i].column != b->diags[i].column)
            return 0;
    return 1;
}

/* One scratch through files of every brace language, large and small, twice
 * over: each report is the one analysed without a scratch. The Java pair
 * puts `new B(` and a plain `y(` at the same token index: a stale mark of
 * `new X(...) {` (an anonymous class) would make the second `{ }` a class.
 * Gaps.java's blank lines follow the big file's code lines: stale line
 * flags would count them as code. */
static void a_scratch_changes_no_report(void) {
    static const struct { const char *path, *src; } files[] = {
        {"A.java", "class A { void f() { new B() { void g() { if (a) {} } }; } }\n"},
        {"B.java", "class A { void f() { x y () { if (a && b) {} } } }\n"},
        {"m.kt", "fun f(x: Int) = when (x) { 1 -> \"${if (a) 1 else 2}\" else -> \"\" }\n"},
        {"v.swift", "struct S { func f() { guard a else { return }; let c = { (x) in x ? 1 : 2 } } }"},
        {"a.tsx", "const C = () => <div>{xs.map((x) => x ? <b/> : null)}</div>;\n"},
        {"b.js", "class K { m() { for (const x of y) { try { z() } catch { } } } }\n"},
        {"m.m", "@implementation A\n- (void)f { if (a) { [b c]; } }\n@end\n"},
        {"d.dart", "class A { int f() => a ?? (b ? 1 : 2); A(); }\n"},
        {"bad.ts", "function f( { `${ if (a) } ) } ]"},
        {"empty.js", ""},
        {"Gaps.java", "\n\n// a comment\n\nclass A {\n\n  /* two\n  lines */\n  void f() { }\n}\n"},
    };
    enum { N = sizeof files / sizeof files[0] };
    size_t big_len = 200 * 1000;   /* large enough that later files reuse part of its arrays */
    char *big = malloc(big_len + 1);
    CHECK(big != NULL);
    if (!big) return;
    for (size_t i = 0; i < big_len; i++) big[i] = "if (a) { f(new X() { }); }\n"[i % 27];
    big[big_len] = 0;
    ob_scratch *scratch = ob_scratch_new();
    CHECK(scratch != NULL);
    for (int round = 0; round < 2; round++) {
        ob_file_report *with = ob_analyze_source_in(scratch, big, big_len, "Big.java",
                                                    OB_LANG_JAVA, -1);
        ob_file_report *without = ob_analyze_source(big, big_len, "Big.java", OB_LANG_JAVA);
        CHECK(same_report(with, without));
        ob_file_report_free(with);
        ob_file_report_free(without);
        for (int i = 0; i < N; i++) {
            const char *src = files[i].src;
            ob_language lang = ob_language_for_path(files[i].path);
            with = ob_analyze_source_in(scratch, src, strlen(src), files[i].path, lang, -1);
            without = ob_analyze_source(src, strlen(src), files[i].path, lang);
            if (!same_report(with, without)) fprintf(stderr, "differs: %s\n", files[i].path);
            CHECK(same_report(with, without));
            ob_file_report_free(with);
            ob_file_report_free(without);
        }
    }
    ob_scratch_free(scratch);
    free(big);
}

int main(void) {
    languages_by_extension();
    dispatch();
    diagnostics_are_capped();
    native_metrics();
    paths_with_languages();
    a_scratch_changes_no_report();
    return CHECK_DONE();
}
