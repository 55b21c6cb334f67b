/* test_lex_python.c - the Python tokenizer on the lexical traps: string
 * prefixes, triple quotes, f-strings with nested fields and reused quotes,
 * continuations, brackets, indentation, comments, line classes. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lex_python.h"

typedef struct lexed {
    py_token toks[256];
    size_t n;
    ob_diag_list diags;
    ob_arena *arena;
    uint32_t physical, code, comment, blank;
} lexed;

static void lex(lexed *out, const char *src) {
    memset(out, 0, sizeof *out);
    out->arena = ob_arena_new();
    ob_diags_init(&out->diags, out->arena);
    py_lexer lx;
    py_lexer_init(&lx, src, strlen(src), &out->diags);
    for (;;) {
        py_token t;
        CHECK(py_next(&lx, &t) == 0);
        if (out->n < 256) out->toks[out->n++] = t;
        if (t.kind == PK_EOF) break;
    }
    py_count_lines(&lx, &out->physical, &out->code, &out->comment, &out->blank);
    py_lexer_free(&lx);
}

static void done(lexed *l) {
    ob_vec_free(&l->diags.items);
    ob_arena_free(l->arena);
}

static size_t count_kind(const lexed *l, py_kind k) {
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) n += l->toks[i].kind == k;
    return n;
}

static size_t count_kw(const lexed *l, py_kw kw) {
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++) n += l->toks[i].kind == PK_NAME && l->toks[i].kw == kw;
    return n;
}

static void test_string_prefixes(void) {
    lexed l;
    lex(&l, "a = [r'\\'', b\"x\", Rb'''y''', BR\"z\", u'w', f'{x}', rf'{y}\\d', t'{z}']\n");
    CHECK_EQ_INT(count_kind(&l, PK_STRING), 5);
    CHECK_EQ_INT(count_kind(&l, PK_FSTRING_START), 3);
    CHECK_EQ_INT(count_kind(&l, PK_FSTRING_END), 3);
    CHECK_EQ_INT(count_kind(&l, PK_NEWLINE), 1);
    CHECK_EQ_INT(l.diags.items.len, 0);
    done(&l);
}

static void test_triple_quotes_span_lines(void) {
    lexed l;
    lex(&l, "x = '''a\n# not a comment\n\nif b:'''\n# real comment\n\ny = 1\n");
    CHECK_EQ_INT(count_kw(&l, KW_IF), 0);
    CHECK_EQ_INT(l.physical, 7);
    CHECK_EQ_INT(l.code, 5);   /* 4 string lines + y = 1 */
    CHECK_EQ_INT(l.comment, 1);
    CHECK_EQ_INT(l.blank, 1);
    done(&l);
}

static void test_fstring_nesting(void) {
    lexed l;
    /* 3.12: the same quote inside a field, nested fields in the spec,
     * a conditional and a comprehension inside fields. */
    lex(&l, "s = f\"{x if y else z!r:>{w}} {f\"{a and b}\"} {[c for c in d]}\"\n");
    CHECK_EQ_INT(count_kw(&l, KW_IF), 1);
    CHECK_EQ_INT(count_kw(&l, KW_ELSE), 1);
    CHECK_EQ_INT(count_kw(&l, KW_AND), 1);
    CHECK_EQ_INT(count_kw(&l, KW_FOR), 1);
    CHECK_EQ_INT(count_kind(&l, PK_FSTRING_START), 2);
    CHECK_EQ_INT(count_kind(&l, PK_NEWLINE), 1);
    CHECK_EQ_INT(l.diags.items.len, 0);
    done(&l);
}

static void test_fstring_escapes_and_dict(void) {
    lexed l;
    lex(&l, "s = f'{{literal}} {d[\"k\"]:{\"x\"}} {a!=b} {x=}'\nif q: pass\n");
    CHECK_EQ_INT(count_kw(&l, KW_IF), 1);
    CHECK_EQ_INT(count_kind(&l, PK_NEWLINE), 2);
    CHECK_EQ_INT(l.diags.items.len, 0);
    done(&l);
}

static void test_continuation_and_brackets(void) {
    lexed l;
    lex(&l, "x = (1 +\n     2) + \\\n    3\ny = [\n  # inside\n]\n");
    CHECK_EQ_INT(count_kind(&l, PK_NEWLINE), 2);
    CHECK_EQ_INT(l.comment, 1);
    done(&l);
}

static void test_indentation(void) {
    lexed l;
    lex(&l, "if a:\n\tb = 1\n        c = 2\n  # comment at odd indent\n");
    /* Tabs advance to the next multiple of 8. */
    size_t starts = 0;
    for (size_t i = 0; i < l.n; i++) {
        if (!l.toks[i].line_start) continue;
        starts++;
        if (starts == 2) CHECK_EQ_INT(l.toks[i].indent, 8);
        if (starts == 3) CHECK_EQ_INT(l.toks[i].indent, 8);
    }
    CHECK_EQ_INT(starts, 3);
    done(&l);
}

static void test_line_endings(void) {
    lexed l;
    lex(&l, "a = 1\r\nb = 2\rc = 3");
    CHECK_EQ_INT(l.physical, 3);
    CHECK_EQ_INT(count_kind(&l, PK_NEWLINE), 3);
    done(&l);
    lex(&l, "\xEF\xBB\xBF# bom\n");
    CHECK_EQ_INT(l.comment, 1);
    CHECK_EQ_INT(l.physical, 1);
    done(&l);
}

static void test_errors_are_located(void) {
    lexed l;
    lex(&l, "x = 'abc\ny = (1,\n");
    CHECK(l.diags.items.len >= 2);
    const ob_diag *d = l.diags.items.data;
    CHECK_EQ_STR(d[0].code, "unterminated-string");
    CHECK_EQ_INT(d[0].line, 1);
    CHECK_EQ_INT(d[0].column, 4);
    CHECK_EQ_STR(d[1].code, "unclosed-bracket");
    CHECK_EQ_INT(d[1].line, 2);
    done(&l);
    lex(&l, "x = f'{a\n");
    CHECK(l.diags.items.len >= 1);
    done(&l);
    lex(&l, "x = ]\n)\n");
    CHECK_EQ_INT(l.diags.items.len, 2);
    done(&l);
}

static void test_keywords_and_soft_keywords(void) {
    lexed l;
    lex(&l, "match = case = type = 1\nmatch x:\n    case _: pass\n");
    CHECK_EQ_INT(count_kw(&l, KW_MATCH), 2);
    CHECK_EQ_INT(count_kw(&l, KW_CASE), 2);
    done(&l);
}

int main(void) {
    test_string_prefixes();
    test_triple_quotes_span_lines();
    test_fstring_nesting();
    test_fstring_escapes_and_dict();
    test_continuation_and_brackets();
    test_indentation();
    test_line_endings();
    test_errors_are_located();
    test_keywords_and_soft_keywords();
    return CHECK_DONE();
}
