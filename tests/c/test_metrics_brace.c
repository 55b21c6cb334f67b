/* test_metrics_brace.c - the brace-language metrics pass (metrics_brace.c)
 * on hand-checked Java and Kotlin functions (the counts of
 * tests/test_brace_metrics.py, docs/metrics_mobile.md), the hand-checked
 * files, names and lines, bad input (brackets, bytes, binary), 100,000
 * nesting levels and random bytes, which must never crash under ASan and
 * valgrind. tests/test_brace_metrics_native.py compares every field with
 * the Python specification. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "brace_check.h"

enum { KT = OB_BRACE_KOTLIN, JAVA = OB_BRACE_JAVA };

static ob_file_report *run_n(int lang, const char *src, size_t len) {
    return bc_run_n((ob_brace_lang)lang, 0, src, len);
}

static ob_file_report *run(int lang, const char *src) { return run_n(lang, src, strlen(src)); }

/* (cyclomatic, cognitive) of `f`, the only function, with body in it. */
static void java_body(const char *body, uint32_t cyclomatic, uint32_t cognitive, int line) {
    bc_body(OB_BRACE_JAVA, 0, "class A { void f() { ", body, " } }",
            (bc_want){cyclomatic, cognitive, BC_ANY, BC_ANY}, line);
}

static void kotlin_body(const char *body, uint32_t cyclomatic, uint32_t cognitive, int line) {
    bc_body(OB_BRACE_KOTLIN, 0, "fun f() {\n", body, "\n}\n",
            (bc_want){cyclomatic, cognitive, BC_ANY, BC_ANY}, line);
}

static void test_java_constructs(void) {
    java_body("x = a || b && c || d;", 4, 2, __LINE__);   /* one || node, one && node */
    java_body("x = a && b || c && d;", 4, 3, __LINE__);
    java_body("x = a && (b && c);", 3, 2, __LINE__);
    java_body("x = f(a && b) && c;", 3, 2, __LINE__);
    java_body("x = a ? (b ? 1 : 2) : 3;", 3, 3, __LINE__);   /* branches nested */
    java_body("List<?> l = (List<?>) o;", 1, 0, __LINE__);   /* wildcards (D4) */
    java_body("if (a) { } else if (b) { } else { }", 3, 3, __LINE__);
    java_body("if (a) if (b) x(); else y();", 3, 4, __LINE__);
    java_body("l: while (a) { continue l; }", 2, 2, __LINE__);   /* labelled F */
    java_body("do x(); while (a);", 2, 1, __LINE__);
    java_body("switch (a) { case 1: case 2: x(); break; default: y(); }", 3, 1, __LINE__);
    java_body("try { } catch (A | B e) { } finally { }", 2, 1, __LINE__);
    java_body("Runnable r = () -> { if (a) b(); };", 2, 2, __LINE__);   /* lambda nests */
    java_body("f(x -> x > 0 ? 1 : 2, y);", 2, 2, __LINE__);
    java_body("String s = \"if (a) && b ? c\"; char c = '?';", 1, 0, __LINE__);
}

static void test_kotlin_constructs(void) {
    kotlin_body("val x = if (a) 1 else 2", 2, 1, __LINE__);   /* `else` without `{`: 0 */
    kotlin_body("val x = if (a) 1 else if (b) 2 else 3", 3, 2, __LINE__);
    kotlin_body("val x = a ?: b", 2, 0, __LINE__);            /* elvis: +1, cognitive 0 */
    kotlin_body("val x = a?:b", 2, 0, __LINE__);
    kotlin_body("when (x) { 1 -> a(); 2 -> b(); else -> c() }", 3, 1, __LINE__);
    kotlin_body("when (x) { 1 -> g() }", 1, 1, __LINE__);     /* one arm: +0 */
    kotlin_body("loop@ for (x in xs) { if (x) break@loop }", 3, 4, __LINE__);
    kotlin_body("xs.map { x -> if (x) 1 else 2 }", 2, 2, __LINE__);
    kotlin_body("val s = \"${if (a) 1 else 2} $b\"", 2, 1, __LINE__);   /* template (D1) */
    kotlin_body("/* a /* if (b) */ && c */ val z = 1", 1, 0, __LINE__);
    kotlin_body("val t = a &&\n    b\nval u = c || d", 3, 2, __LINE__);
    kotlin_body("do { n-- } while (n > 0)", 2, 1, __LINE__);
}

static void test_braceless_bodies(void) {
    ob_file_report *r = run(JAVA, "class A { void f() { for (;;) if (a) while (b) x(); } }");
    CHECK_EQ_INT(r->functions[0].nested_depth, 3);
    CHECK_EQ_INT(r->functions[0].cognitive, 6);   /* 1 + 2 + 3 */
    ob_file_report_free(r);
    r = run(KT, "fun f() {\n  for (x in xs)\n    if (x) y()\n  if (z) w()\n}\n");
    CHECK_EQ_INT(r->functions[0].nested_depth, 2);
    CHECK_EQ_INT(r->functions[0].cognitive, 4);
    ob_file_report_free(r);
}

static void test_names(void) {
    ob_file_report *r = run(JAVA,
        "@interface Ann { String value() default \"x\"; }\n"
        "abstract class A {\n"
        "  static { if (x) y(); }\n"
        "  Runnable q = new Runnable() { public void run() { } };\n"
        "  abstract int abs(int a);\n"
        "  @Override public <T> T g(T t, Map<K, V> m) throws E, F { return t; }\n"
        "  enum Mode { FAST { int cost() { return 1; } }, SLOW }\n"
        "}\n");
    CHECK_EQ_INT(r->n_functions, 3);
    CHECK_EQ_STR(r->functions[0].qualified_name, "A.(anonymous).run");
    const ob_function *g = bc_find(r, "A.g");
    if (g) {
        CHECK_EQ_INT(g->line, 6);
        CHECK_EQ_INT(g->column, 25);   /* the name token */
        CHECK_EQ_INT(g->num_parameters, 2);
        CHECK_EQ_INT(g->num_returns, 1);
        CHECK(g->is_method);
    }
    bc_find(r, "A.Mode.FAST.cost");
    CHECK_EQ_INT(r->n_classes, 2);   /* A, Mode; not the annotation type */
    CHECK_EQ_STR(r->classes[1].qualified_name, "A.Mode");
    CHECK_EQ_INT(r->classes[0].num_methods, 1);   /* g; run belongs to an anonymous class */
    CHECK_EQ_INT(r->language, OB_LANG_JAVA);
    ob_file_report_free(r);

    r = run(KT, "class A {\n    fun f(a: Boolean) = if (a) 1 else 2\n    companion object {\n"
                "        fun c() { if (b) { } }\n    }\n    var y = 0\n"
                "        set(v) { field = v }\n"
                "}\nsuspend fun <T> T.ext(x: Int, y: (Int, Int) -> Unit,) { }\n"
                "fun `with spaces`() { }\nfun bodiless(): Int\n");
    CHECK_EQ_INT(r->n_functions, 5);
    const ob_function *f = bc_find(r, "A.f");
    if (f) {
        CHECK_EQ_INT(f->line, 2);
        CHECK_EQ_INT(f->end_line, 2);
        CHECK_EQ_INT(f->column, 4);
        CHECK_EQ_INT(f->cyclomatic, 2);
        CHECK_EQ_INT(f->num_returns, 0);
    }
    bc_find(r, "A.Companion.c");
    bc_find(r, "A.set");
    const ob_function *ext = bc_find(r, "ext");
    if (ext) {
        CHECK(ext->is_async && !ext->is_method);
        CHECK_EQ_INT(ext->num_parameters, 2);
    }
    bc_find(r, "`with spaces`");
    CHECK_EQ_INT(r->n_classes, 2);
    CHECK_EQ_STR(r->classes[1].name, "Companion");
    CHECK_EQ_INT(r->language, OB_LANG_KOTLIN);
    ob_file_report_free(r);
}

/* Some rows of tests/test_brace_metrics.py's JAVA and KOTLIN tables. */
static void test_hand_checked_files(void) {
    ob_file_report *r =
        bc_run_file(OB_BRACE_JAVA, 0, "tests/data/mobile_metrics/java/Checkout.java");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 18);
        CHECK_EQ_INT(r->n_classes, 5);
        CHECK_EQ_INT(r->n_diags, 0);
        const ob_function *f = bc_find(r, "Checkout.retry");
        if (f) {   /* (44, 64, 9, 18, 3, 1, 0, 3, 3) */
            CHECK_EQ_INT(f->line, 44);
            CHECK_EQ_INT(f->end_line, 64);
            CHECK_EQ_INT(f->cyclomatic, 9);
            CHECK_EQ_INT(f->cognitive, 18);
            CHECK_EQ_INT(f->nested_depth, 3);
            CHECK_EQ_INT(f->num_branches, 3);
            CHECK_EQ_INT(f->num_loops, 3);
        }
        f = bc_find(r, "Checkout.schedule");
        if (f) {
            CHECK_EQ_INT(f->cyclomatic, 9);
            CHECK_EQ_INT(f->cognitive, 12);
        }
        CHECK_EQ_INT(r->max_cyclomatic, 9);
        CHECK_EQ_INT(r->max_cognitive, 18);
        CHECK_EQ_INT(r->max_nested_depth, 3);
        CHECK_EQ_INT(r->classes[0].num_methods, 10);
        ob_file_report_free(r);
    }
    r = bc_run_file(OB_BRACE_KOTLIN, 0, "tests/data/mobile_metrics/kotlin/Cart.kt");
    if (r) {
        CHECK_EQ_INT(r->n_functions, 16);
        CHECK_EQ_INT(r->n_classes, 5);
        const ob_function *f = bc_find(r, "Cart.sync");
        if (f) {   /* (39, 56, 6, 10, 3, 2, 0, 1, 2, async) */
            CHECK_EQ_INT(f->cyclomatic, 6);
            CHECK_EQ_INT(f->cognitive, 10);
            CHECK_EQ_INT(f->nested_depth, 3);
            CHECK(f->is_async);
        }
        f = bc_find(r, "Cart.label");
        if (f) {   /* (33, 37, 5, 3, 2, 2, 0, 4, 0) */
            CHECK_EQ_INT(f->end_line, 37);
            CHECK_EQ_INT(f->cyclomatic, 5);
            CHECK_EQ_INT(f->num_branches, 4);
        }
        f = bc_find(r, "Cart.applyAll.local");
        if (f) CHECK(!f->is_method);
        ob_file_report_free(r);
    }
}

static void test_lines(void) {
    ob_file_report *r = run(JAVA, "// c\n\nclass A {\n  /* a\n\n  b */\n  void f() { }\n}\n");
    CHECK_EQ_INT(r->physical_lines, 8);
    CHECK_EQ_INT(r->code_lines, 3);
    CHECK_EQ_INT(r->comment_lines, 3);
    CHECK_EQ_INT(r->blank_lines, 2);
    ob_file_report_free(r);
}

static void test_bad_input(void) {
    ob_file_report *r = run(JAVA, "class A { void f() { } } }\n"
                                  "class B { void g() { h(; if (a) {} } }\n");
    CHECK_EQ_INT(r->n_diags, 2);
    if (r->n_diags == 2) {
        CHECK_EQ_STR(r->diags[0].code, "unmatched-bracket");
        CHECK_EQ_INT(r->diags[0].column, 25);
        CHECK_EQ_STR(r->diags[1].code, "unclosed-bracket");
        CHECK_EQ_INT(r->diags[1].line, 2);
        CHECK_EQ_INT(r->diags[1].column, 22);
        CHECK_EQ_STR(r->diags[1].message, "'(' was never closed");
    }
    CHECK_EQ_INT(r->n_functions, 2);
    if (r->n_functions == 2) CHECK_EQ_INT(r->functions[1].cyclomatic, 2);
    ob_file_report_free(r);

    r = run_n(KT, "class A {\0}", 11);   /* binary: one diagnostic, an error */
    CHECK_EQ_INT(r->n_functions, 0);
    CHECK_EQ_INT(r->n_diags, 1);
    if (r->n_diags) {
        CHECK_EQ_STR(r->diags[0].code, "binary-file");
        CHECK_EQ_INT(r->diags[0].is_error, 1);
    }
    CHECK_EQ_INT(r->physical_lines, 0);
    ob_file_report_free(r);

    /* Invalid UTF-8 in names: decoded as Python does ("replace"). */
    r = run(JAVA, "class \xff\xfe { void f\xe2\x82() { if (\xff) { } } }");
    CHECK_EQ_STR(r->classes[0].name, "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_EQ_STR(r->functions[0].name, "f\xEF\xBF\xBD");
    CHECK_EQ_INT(r->functions[0].cyclomatic, 2);
    CHECK_EQ_STR(r->diags[0].code, "invalid-utf8");
    ob_file_report_free(r);

    r = run(KT, "");
    CHECK_EQ_INT(r->n_functions + r->n_diags + r->physical_lines, 0);
    ob_file_report_free(r);

    ob_file_report *s = ob_report_new("t", OB_LANG_UNKNOWN, 1);
    ob_diag_list diags;
    ob_diags_init(&diags, s->arena);
    CHECK_EQ_INT(ob_brace_metrics("x", 1, OB_BRACE_LANG_COUNT, 0, s, &diags), -2);
    CHECK_EQ_INT(ob_brace_metrics("x", 1, OB_BRACE_NONE, 0, s, &diags), -2);
    CHECK_EQ_INT(diags.items.len, 0);
    ob_vec_free(&diags.items);
    ob_file_report_free(s);
}

static void test_deep_nesting(void) {
    enum { DEPTH = 100000 };
    char *opens = bc_repeat("", "{", DEPTH, ""), *closes = bc_repeat("", "}", DEPTH, " } }");
    char *java = malloc(2 * DEPTH + 64);
    if (!java) abort();
    sprintf(java, "class A { void f() { %sif (a) x();%s", opens, closes);
    ob_file_report *r = run(JAVA, java);
    CHECK_EQ_INT(r->n_functions, 1);
    CHECK_EQ_INT(r->functions[0].cyclomatic, 2);
    CHECK_EQ_INT(r->functions[0].nested_depth, 1);
    CHECK_EQ_INT(r->n_diags, 0);
    ob_file_report_free(r);

    /* cognitive 5,000,050,000 saturates: UINT32_MAX */
    bc_nested_ifs(OB_BRACE_KOTLIN, 0, "fun f() {\n", "if (a) {", DEPTH);

    r = run(JAVA, opens);   /* 100,000 unclosed: the first 100 kept (report.c's limit) */
    CHECK_EQ_INT(r->n_diags, 101);
    CHECK_EQ_STR(r->diags[99].code, "unclosed-bracket");
    CHECK_EQ_STR(r->diags[100].code, "too-many-diagnostics");   /* and the rest counted */
    ob_file_report_free(r);

    /* 2,000 functions nested through anonymous classes: cognitive handed out lazily. */
    char *nested = bc_repeat("class A { void f() { ", "new R() { public void run() { ", 2000,
                             "if (a && b) x();");
    char *all = bc_repeat(nested, "} } ", 2000, "} }");
    r = run(JAVA, all);
    CHECK_EQ_INT(r->n_functions, 2001);
    /* f: the if at nesting 2001, measured from f's body (1): 1 + 2000, and && 1 */
    CHECK_EQ_INT(r->functions[0].cognitive, 2002);
    CHECK_EQ_INT(r->functions[2000].cognitive, 2);   /* the innermost run: if 1, && 1 */
    CHECK_EQ_INT(r->total_cognitive, 2002);
    ob_file_report_free(r);
    free(nested);
    free(all);
    free(opens);
    free(closes);
    free(java);
}

static void test_random(void) {
    bc_random(OB_BRACE_JAVA, OB_BRACE_KOTLIN, 0,
              "{}()[];,=?:<>-&|@.\n ifunclasswhenelse\xff\xc3\"'$/*");
}

int main(void) {
    test_java_constructs();
    test_kotlin_constructs();
    test_braceless_bodies();
    test_names();
    test_hand_checked_files();
    test_lines();
    test_bad_input();
    test_deep_nesting();
    test_random();
    return CHECK_DONE();
}
