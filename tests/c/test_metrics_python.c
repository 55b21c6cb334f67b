/* test_metrics_python.c - metrics of hand-checked Python snippets (each
 * expected value is derived in the comment beside it, per docs/metrics.md)
 * and bad input that must never crash. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "observe.h"

static ob_file_report *run(const char *src) {
    ob_file_report *r = ob_analyze_source(src, strlen(src), "t.py", OB_LANG_PYTHON);
    CHECK(r != NULL);
    return r;
}

static const ob_function *fn(const ob_file_report *r, const char *qualname) {
    for (size_t i = 0; i < r->n_functions; i++)
        if (strcmp(r->functions[i].qualified_name, qualname) == 0) return &r->functions[i];
    fprintf(stderr, "function %s not found\n", qualname);
    check_failures++;
    static ob_function none;
    return &none;
}

static int has_diag(const ob_file_report *r, const char *code) {
    for (size_t i = 0; i < r->n_diags; i++)
        if (strcmp(r->diags[i].code, code) == 0) return 1;
    return 0;
}

static void test_if_chain(void) {
    ob_file_report *r = run(
        "def f(x):\n"
        "    if x and y:\n"          /* cc +1 if +1 and; cog +1 if, +1 and */
        "        if z:\n"            /* cc +1; cog +2 (nesting 1) */
        "            pass\n"
        "    elif x:\n"              /* cc +1; cog +1 */
        "        pass\n"
        "    else:\n"                /* cog +1 */
        "        return 1\n");
    const ob_function *f = fn(r, "f");
    CHECK_EQ_INT(f->cyclomatic, 5);
    CHECK_EQ_INT(f->cognitive, 6);
    CHECK_EQ_INT(f->nested_depth, 2);
    CHECK_EQ_INT(f->num_branches, 3);
    CHECK_EQ_INT(f->num_returns, 1);
    CHECK_EQ_INT(f->line, 1);
    CHECK_EQ_INT(f->end_line, 8);
    ob_file_report_free(r);
}

static void test_loops_try_comprehensions(void) {
    ob_file_report *r = run(
        "def g(items):\n"
        "    for a in items:\n"               /* cc +1, +1 else; cog +1 */
        "        while a:\n"                   /* cc +1; cog +2 */
        "            a -= 1\n"
        "    else:\n"
        "        pass\n"
        "    try:\n"
        "        v = [b for b in items if b]\n" /* cc +2; cog +1 for, +1 if */
        "    except ValueError:\n"              /* cc +1; cog +1 */
        "        pass\n"
        "    except (KeyError, TypeError):\n"   /* cc +1; cog +1 */
        "        pass\n"
        "    else:\n"                           /* cc +1 */
        "        pass\n"
        "    return 1 if v else 2\n");          /* cc +1; cog +1 */
    const ob_function *f = fn(r, "g");
    CHECK_EQ_INT(f->cyclomatic, 10);
    CHECK_EQ_INT(f->cognitive, 8);
    CHECK_EQ_INT(f->num_loops, 2);
    CHECK_EQ_INT(f->nested_depth, 2);
    ob_file_report_free(r);
}

static void test_boolean_sequences(void) {
    ob_file_report *r = run(
        "def h():\n"
        "    a = p and q and r\n"          /* cc +2, cog +1 */
        "    b = p or q and r or s\n"      /* cc +3, cog +2 (or of an and) */
        "    c = p and (q and r)\n"        /* cc +2, cog +2 */
        "    assert p or q\n");            /* cc +1 only (assert); cog +1 */
    const ob_function *f = fn(r, "h");
    CHECK_EQ_INT(f->cyclomatic, 9);
    CHECK_EQ_INT(f->cognitive, 6);
    ob_file_report_free(r);
}

static void test_match(void) {
    ob_file_report *r = run(
        "def m(x):\n"
        "    match x:\n"                 /* cog +1 */
        "        case 1 if a or b:\n"    /* guard: cc +1 (or), cog +1 */
        "            if x: pass\n"       /* cc +1, cog +2 (nesting 1) */
        "        case (y):\n"            /* irrefutable */
        "            pass\n"
        "        case Point(x=0):\n"
        "            pass\n");
    const ob_function *f = fn(r, "m");
    /* 1 + (3 cases - 1 irrefutable) + or + if */
    CHECK_EQ_INT(f->cyclomatic, 5);
    CHECK_EQ_INT(f->cognitive, 4);
    CHECK_EQ_INT(f->num_branches, 4);
    CHECK_EQ_INT(f->nested_depth, 2);
    ob_file_report_free(r);
}

static void test_nesting_scopes(void) {
    ob_file_report *r = run(
        "class A(Base if X else Other):\n"        /* header: never counted */
        "    @deco(lambda: a if b else c)\n"
        "    def m(self, /, x=1 if y else 2, *args, k, **kw):\n"
        "        def inner():\n"
        "            if x:\n"                     /* inner: cc +1, cog +1; m: cog +2 */
        "                return [i for i in x]\n" /* inner: cc +1, cog +2; m: cog +3 */
        "        f = lambda v: v if v else 0\n"   /* m: cc +1, cog +2 (lambda nests) */
        "        return inner\n"
        "async def top():\n"
        "    async with a:\n"
        "        pass\n");
    const ob_function *m = fn(r, "A.m");
    const ob_function *inner = fn(r, "A.m.inner");
    CHECK_EQ_INT(m->num_parameters, 5);
    CHECK_EQ_INT(m->cyclomatic, 2);
    CHECK_EQ_INT(m->cognitive, 7);
    CHECK(m->is_method);
    CHECK_EQ_INT(inner->cyclomatic, 3);
    CHECK_EQ_INT(inner->cognitive, 3);
    CHECK(!inner->is_method);
    CHECK_EQ_INT(m->line, 3);
    CHECK_EQ_INT(m->column, 4);
    CHECK_EQ_INT(m->end_line, 8);
    const ob_function *top = fn(r, "top");
    CHECK(top->is_async);
    CHECK_EQ_INT(top->nested_depth, 1);
    CHECK_EQ_INT(r->n_classes, 1);
    CHECK_EQ_INT(r->classes[0].num_methods, 1);
    CHECK_EQ_INT(r->classes[0].cyclomatic, 2);
    /* File totals: cognitive of outermost functions only (m and top). */
    CHECK_EQ_INT(r->total_cognitive, 7);
    CHECK_EQ_INT(r->total_cyclomatic, 2 + 3 + 1);
    ob_file_report_free(r);
}

static void test_fstring_counts(void) {
    ob_file_report *r = run("def s(a):\n    return f\"{a if a else f'{b or c}'}\"\n");
    CHECK_EQ_INT(fn(r, "s")->cyclomatic, 3);
    ob_file_report_free(r);
}

static void test_python_312_syntax(void) {
    /* PEP 695 type parameters and aliases, PEP 701 f-strings reusing quotes
     * and nesting fields in a format spec. */
    ob_file_report *r = run(
        "type Point = tuple[float, float]\n"
        "type = 5\n"
        "def first[T](xs: list[T], *, default: T | None = None) -> T | None:\n"
        "    return xs[0] if xs else default\n"            /* cc 2, cog 1 */
        "class Box[T](Base):\n"
        "    def get(self) -> T:\n"
        "        return f\"{self.x!r:{'>' if self.left else '<'}10}\"\n"   /* cc 2 */
        "def g(x):\n"
        "    return f\"{f\"{x or y}\"}\" + f'{\n"        /* a field spanning lines */
        "        a if b else c}'\n");                      /* cc 3, cog 2 */
    CHECK_EQ_INT(fn(r, "first")->cyclomatic, 2);
    CHECK_EQ_INT(fn(r, "first")->num_parameters, 2);
    CHECK_EQ_INT(fn(r, "Box.get")->cyclomatic, 2);
    CHECK_EQ_INT(fn(r, "g")->cyclomatic, 3);
    CHECK_EQ_INT(fn(r, "g")->cognitive, 2);
    CHECK_EQ_INT(fn(r, "g")->end_line, 10);
    CHECK_EQ_INT(r->n_diags, 0);
    ob_file_report_free(r);
}

static void test_file_lines(void) {
    ob_file_report *r = run("# c\n\n\"\"\"doc\n\nend\"\"\"\nx = 1  # trailing\n   \t\n");
    CHECK_EQ_INT(r->physical_lines, 7);
    CHECK_EQ_INT(r->comment_lines, 1);
    CHECK_EQ_INT(r->blank_lines, 2);
    CHECK_EQ_INT(r->code_lines, 4);
    ob_file_report_free(r);
}

/* ---- bad input ------------------------------------------------------ */

static void test_deep_brackets(void) {
    size_t n = 100000;
    char *src = malloc(2 * n + 32);
    strcpy(src, "def f():\n    x = ");
    size_t len = strlen(src);
    memset(src + len, '(', n);
    memset(src + len + n, ')', n);
    strcpy(src + len + 2 * n, "\n");
    ob_file_report *r = run(src);
    CHECK_EQ_INT(r->n_functions, 1);
    CHECK_EQ_INT(r->n_diags, 0);
    ob_file_report_free(r);
    /* Unbalanced: 100,000 openers, never closed. */
    src[len + n] = '\0';
    r = run(src);
    CHECK(has_diag(r, "unclosed-bracket"));
    ob_file_report_free(r);
    free(src);
}

static void test_deep_indentation(void) {
    size_t depth = 3000, cap = depth * (depth + 8);
    char *src = malloc(cap), *p = src;
    p += sprintf(p, "def f():\n");
    for (size_t i = 1; i <= depth; i++) {
        memset(p, ' ', i);
        p += i;
        p += sprintf(p, "if x:\n");
    }
    memset(p, ' ', depth + 1);
    p += depth + 1;
    p += sprintf(p, "pass\n");
    ob_file_report *r = ob_analyze_source(src, (size_t)(p - src), "deep.py", OB_LANG_PYTHON);
    CHECK_EQ_INT(r->functions[0].nested_depth, depth);
    CHECK_EQ_INT(r->functions[0].cyclomatic, depth + 1);
    ob_file_report_free(r);
    free(src);
}

static void test_huge_single_line(void) {
    size_t n = 50u << 20;
    char *src = malloc(n + 1);
    memcpy(src, "x = [", 5);
    for (size_t i = 5; i + 2 < n; i += 2) memcpy(src + i, "1,", 2);
    src[n - 1] = ']';
    src[n] = '\0';
    ob_file_report *r = ob_analyze_source(src, n, "huge.py", OB_LANG_PYTHON);
    CHECK_EQ_INT(r->physical_lines, 1);
    CHECK_EQ_INT(r->n_diags, 0);
    ob_file_report_free(r);
    free(src);
}

static void test_binary_nul_utf8(void) {
    const char bin[] = "\x7f" "ELF\0\0\0\x01";
    ob_file_report *r = ob_analyze_source(bin, sizeof bin, "a.out", OB_LANG_PYTHON);
    CHECK(has_diag(r, "binary-file"));
    CHECK_EQ_INT(r->n_functions, 0);
    ob_file_report_free(r);

    /* A NUL after the binary probe: partial result and a located error. */
    size_t n = 9000;
    char *src = malloc(n + 64);
    memset(src, '#', n);
    src[n - 1] = '\n';
    memcpy(src + n, "def f():\n    return\0 1\n", 24);
    r = ob_analyze_source(src, n + 24, "nul.py", OB_LANG_PYTHON);
    CHECK(has_diag(r, "nul-byte"));
    CHECK_EQ_INT(r->n_functions, 1);
    ob_file_report_free(r);
    free(src);

    const char bad[] = "def f():\n    return '\xff\xfe'\n";
    r = ob_analyze_source(bad, sizeof bad - 1, "u.py", OB_LANG_PYTHON);
    CHECK(has_diag(r, "invalid-utf8"));
    CHECK_EQ_INT(r->diags[0].line, 2);
    CHECK_EQ_INT(r->diags[0].column, 12);
    CHECK_EQ_INT(r->n_functions, 1);
    ob_file_report_free(r);

    const char latin1[] = "# -*- coding: latin-1 -*-\ns = '\xe9'\n";
    r = ob_analyze_source(latin1, sizeof latin1 - 1, "l.py", OB_LANG_PYTHON);
    CHECK_EQ_INT(r->n_diags, 0);
    ob_file_report_free(r);
}

static void test_syntax_errors_give_partial_results(void) {
    ob_file_report *r = run(
        "def ok():\n    return 1 if a else 2\n"
        "def broken(:\n    x = 'unterminated\n"
        "def later():\n    if a: pass\n");
    CHECK_EQ_INT(fn(r, "ok")->cyclomatic, 2);
    CHECK_EQ_INT(fn(r, "later")->cyclomatic, 2);
    CHECK(has_diag(r, "unterminated-string"));
    ob_file_report_free(r);
    r = run("");
    CHECK_EQ_INT(r->physical_lines, 0);
    CHECK_EQ_INT(r->n_functions, 0);
    ob_file_report_free(r);
}

static void test_too_many_diagnostics_are_summarised(void) {
    /* 150 stray closers: the first 100 are reported, then one summary of the other 50 */
    char src[160];
    memset(src, ')', 150);
    src[150] = '\0';
    ob_file_report *r = run(src);
    CHECK_EQ_INT(r->n_diags, 101);
    const ob_diag *last = &r->diags[r->n_diags - 1];
    CHECK(strcmp(last->code, "too-many-diagnostics") == 0);
    CHECK(strcmp(last->message, "50 more diagnostics not shown") == 0);
    ob_file_report_free(r);
}

static void test_every_prefix_of_a_program(void) {
    /* Truncating a program anywhere must never crash or leak. */
    const char *src =
        "@d\nclass C:\n  async def m(self, a=(1, [2]), *, b: 'x' = f'{a!r:{b}}'):\n"
        "    match a:\n      case [x, *_] if x: return lambda: x or y\n"
        "    try:\n      pass\n    except* E:\n      pass\n    '''doc''' \\\n      ; x = 1\n";
    size_t n = strlen(src);
    for (size_t i = 0; i <= n; i++) {
        ob_file_report *r = ob_analyze_source(src, i, "p.py", OB_LANG_PYTHON);
        CHECK(r != NULL);
        ob_file_report_free(r);
    }
}

int main(void) {
    test_if_chain();
    test_loops_try_comprehensions();
    test_boolean_sequences();
    test_match();
    test_nesting_scopes();
    test_fstring_counts();
    test_python_312_syntax();
    test_file_lines();
    test_deep_brackets();
    test_deep_indentation();
    test_huge_single_line();
    test_binary_nul_utf8();
    test_syntax_errors_give_partial_results();
    test_too_many_diagnostics_are_summarised();
    test_every_prefix_of_a_program();
    return CHECK_DONE();
}
