/* test_analyze_mobile.c - the brace languages through the public entry
 * points: languages by extension, ob_analyze_source's dispatch (JSX by path
 * or by the caller), the cap on diagnostics, languages without C metrics,
 * and ob_analyze_paths_as overriding the extensions. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
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

int main(void) {
    languages_by_extension();
    dispatch();
    diagnostics_are_capped();
    native_metrics();
    paths_with_languages();
    return CHECK_DONE();
}
