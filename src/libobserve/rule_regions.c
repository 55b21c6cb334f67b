/*
 * rule_regions.c - the code / strings / comments regions of a source file
 * (docs/rules.md section 3), the C twin of observe_core/_python/rule_regions.py.
 *
 * One scanner for every language, driven by the table `syntaxes`. In code it
 * looks, at each byte, for the tokens in the Python scanner's order (line
 * comment, block comment, string openers, then braces); in a string, for the
 * closer, the opener of code inside it ("${", "\("), a backslash and, for
 * one-line strings, a line end. Code inside a string template is scanned as
 * code with its own brace depth, on an explicit stack, so nesting depth costs
 * memory, never recursion.
 */
#include "rule_regions.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct quote {
    const char *open, *close;
    int multiline, escapes;
    const char *interp_open, *interp_close;   /* NULL: no code inside */
} quote;

#define MAX_QUOTES 8

typedef struct syntax {
    const char *line_comment;                 /* NULL: none */
    const char *block_open, *block_close;     /* NULL: none */
    int nested_block;
    int comment_needs_space;                  /* YAML */
    quote quotes[MAX_QUOTES];                 /* tried in order */
} syntax;

#define C_COMMENTS "//", "/*", "*/"
#define Q(o, c, ml, esc) {o, c, ml, esc, NULL, NULL}
#define QI(o, c, ml, esc, io, ic) {o, c, ml, esc, io, ic}

static const syntax syntaxes[OB_LANG_COUNT] = {
    [OB_LANG_KOTLIN] = {C_COMMENTS, 1, 0, {QI("\"\"\"", "\"\"\"", 1, 0, "${", "}"),
                                           QI("\"", "\"", 0, 1, "${", "}"), Q("'", "'", 0, 1)}},
    [OB_LANG_JAVA] = {C_COMMENTS, 0, 0, {Q("\"\"\"", "\"\"\"", 1, 1), Q("\"", "\"", 0, 1),
                                         Q("'", "'", 0, 1)}},
    [OB_LANG_SWIFT] = {C_COMMENTS, 1, 0, {Q("#\"\"\"", "\"\"\"#", 1, 0), Q("#\"", "\"#", 0, 0),
                                          QI("\"\"\"", "\"\"\"", 1, 1, "\\(", ")"),
                                          QI("\"", "\"", 0, 1, "\\(", ")")}},
    [OB_LANG_OBJC] = {C_COMMENTS, 0, 0, {Q("\"", "\"", 0, 1), Q("'", "'", 0, 1)}},
    [OB_LANG_JAVASCRIPT] = {C_COMMENTS, 0, 0, {QI("`", "`", 1, 1, "${", "}"),
                                               Q("\"", "\"", 0, 1), Q("'", "'", 0, 1)}},
    [OB_LANG_TYPESCRIPT] = {C_COMMENTS, 0, 0, {QI("`", "`", 1, 1, "${", "}"),
                                               Q("\"", "\"", 0, 1), Q("'", "'", 0, 1)}},
    [OB_LANG_DART] = {C_COMMENTS, 1, 0, {
        Q("r\"\"\"", "\"\"\"", 1, 0), Q("r'''", "'''", 1, 0), Q("r\"", "\"", 0, 0),
        Q("r'", "'", 0, 0), QI("\"\"\"", "\"\"\"", 1, 1, "${", "}"),
        QI("'''", "'''", 1, 1, "${", "}"), QI("\"", "\"", 0, 1, "${", "}"),
        QI("'", "'", 0, 1, "${", "}")}},
    [OB_LANG_PYTHON] = {"#", NULL, NULL, 0, 0, {Q("\"\"\"", "\"\"\"", 1, 1),
                                                Q("'''", "'''", 1, 1), Q("\"", "\"", 0, 1),
                                                Q("'", "'", 0, 1)}},
    [OB_LANG_XML] = {NULL, "<!--", "-->", 0, 0, {{0}}},
    [OB_LANG_YAML] = {"#", NULL, NULL, 0, 1, {{0}}},
    [OB_LANG_JSON] = {NULL, NULL, NULL, 0, 0, {Q("\"", "\"", 0, 1)}},
};

static const char *const lang_names[OB_LANG_COUNT] = {
    "kotlin", "java", "swift", "objc", "javascript", "typescript", "dart", "python", "xml",
    "yaml", "json",
};

static const struct { const char *ext; ob_lang lang; } extensions[] = {
    {".kt", OB_LANG_KOTLIN}, {".kts", OB_LANG_KOTLIN}, {".java", OB_LANG_JAVA},
    {".swift", OB_LANG_SWIFT}, {".m", OB_LANG_OBJC}, {".mm", OB_LANG_OBJC},
    {".js", OB_LANG_JAVASCRIPT}, {".jsx", OB_LANG_JAVASCRIPT}, {".mjs", OB_LANG_JAVASCRIPT},
    {".cjs", OB_LANG_JAVASCRIPT}, {".ts", OB_LANG_TYPESCRIPT}, {".tsx", OB_LANG_TYPESCRIPT},
    {".dart", OB_LANG_DART}, {".py", OB_LANG_PYTHON}, {".xml", OB_LANG_XML},
    {".plist", OB_LANG_XML}, {".yaml", OB_LANG_YAML}, {".yml", OB_LANG_YAML},
    {".json", OB_LANG_JSON},
};

ob_lang ob_lang_from_name(const char *name) {
    for (int i = 0; i < OB_LANG_COUNT; i++)
        if (strcmp(name, lang_names[i]) == 0) return (ob_lang)i;
    return OB_LANG_NONE;
}

ob_lang ob_lang_from_path(const char *path) {
    /* os.path.splitext: the extension starts at the last dot of the last
     * component, unless that component is all dots before it (".bashrc") */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot) return OB_LANG_NONE;
    const char *p = base;
    while (p < dot && *p == '.') p++;
    if (p == dot) return OB_LANG_NONE;
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++)
        if (strcasecmp(dot, extensions[i].ext) == 0) return extensions[i].lang;
    return OB_LANG_NONE;
}

/* ---- scanning ------------------------------------------------------------ */

typedef struct frame {
    const quote *q;          /* a string; NULL: code inside a string */
    char closer;             /* code: the byte that ends it ('}' or ')') */
    size_t depth;            /* code: open braces of the closer's kind */
} frame;

typedef struct scan {
    const char *d;
    size_t n;
    const syntax *sx;
    frame *stack;
    size_t depth, cap;
    ob_vec spans;
    unsigned char token_start[2][256];   /* bytes that may start a token of code: [0] at
                                            top level, [1] inside a string (with braces) */
} scan;

static int starts(const scan *s, size_t pos, const char *tok) {
    if (pos >= s->n || s->d[pos] != tok[0]) return 0;     /* most calls end here */
    size_t k = strlen(tok);
    return pos + k <= s->n && memcmp(s->d + pos, tok, k) == 0;
}

static size_t find(const scan *s, size_t from, const char *tok) {
    size_t k = strlen(tok);
    if (from > s->n || s->n - from < k) return SIZE_MAX;
    const char *p = s->d + from, *last = s->d + s->n - k;   /* memmem is not C11 */
    while (p <= last && (p = memchr(p, tok[0], (size_t)(last - p) + 1)) != NULL) {
        if (memcmp(p, tok, k) == 0) return (size_t)(p - s->d);
        p++;
    }
    return SIZE_MAX;
}

static int push_span(scan *s, size_t start, size_t end, int kind) {
    ob_region_span *sp = ob_vec_push(&s->spans);
    if (!sp) return -1;
    *sp = (ob_region_span){start, end, kind};
    return 0;
}

static int push_frame(scan *s, frame f) {
    if (s->depth == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        frame *st = realloc(s->stack, cap * sizeof *st);
        if (!st) return -1;
        s->stack = st;
        s->cap = cap;
    }
    s->stack[s->depth++] = f;
    return 0;
}

static int is_ident(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '_' || c == '$';
}

/* _opening_quote: the first quote opening at pos, a raw prefix ("r") not
 * glued to a name. */
static const quote *opening_quote(const scan *s, size_t pos) {
    for (int i = 0; i < MAX_QUOTES && s->sx->quotes[i].open; i++) {
        const quote *q = &s->sx->quotes[i];
        if (!starts(s, pos, q->open)) continue;
        unsigned char first = (unsigned char)q->open[0];
        int alpha = (first | 0x20) >= 'a' && (first | 0x20) <= 'z';
        if (alpha && pos > 0 && is_ident((unsigned char)s->d[pos - 1])) continue;
        return q;
    }
    return NULL;
}

/* The end of the block comment opening at pos (the end of data if unclosed). */
static size_t skip_block(const scan *s, size_t pos) {
    size_t i = pos + strlen(s->sx->block_open), depth = 1;
    while (depth) {
        size_t c = find(s, i, s->sx->block_close);
        if (c == SIZE_MAX) return s->n;
        size_t o = s->sx->nested_block ? find(s, i, s->sx->block_open) : SIZE_MAX;
        if (o < c) {
            depth++;
            i = o + strlen(s->sx->block_open);
        } else {
            depth--;
            i = c + strlen(s->sx->block_close);
        }
    }
    return i;
}

/* Which token of code starts at pos: 1 line comment, 2 block comment, 3 a
 * quote opener (its text, not yet checked), 4 a brace, 0 none. */
static int code_token(const scan *s, size_t pos) {
    const syntax *sx = s->sx;
    if (sx->line_comment && starts(s, pos, sx->line_comment)) return 1;
    if (sx->block_open && starts(s, pos, sx->block_open)) return 2;
    for (int i = 0; i < MAX_QUOTES && sx->quotes[i].open; i++)
        if (starts(s, pos, sx->quotes[i].open)) return 3;
    char c = s->d[pos];
    return c == '{' || c == '}' || c == '(' || c == ')' ? 4 : 0;
}

/* Marks the first bytes of the language's code tokens, so the scan skips the
 * other bytes without comparing tokens at each one. */
static void mark_token_starts(scan *s) {
    const syntax *sx = s->sx;
    memset(s->token_start, 0, sizeof s->token_start);
    for (int k = 0; k < 2; k++) {
        if (sx->line_comment) s->token_start[k][(unsigned char)sx->line_comment[0]] = 1;
        if (sx->block_open) s->token_start[k][(unsigned char)sx->block_open[0]] = 1;
        for (int i = 0; i < MAX_QUOTES && sx->quotes[i].open; i++)
            s->token_start[k][(unsigned char)sx->quotes[i].open[0]] = 1;
    }
    /* braces only count in code inside a string, where they find its end */
    for (const char *b = "{}()"; *b; b++) s->token_start[1][(unsigned char)*b] = 1;
}

/* One step in code (top level when s->depth == 0); returns the next position. */
static size_t step_code(scan *s, size_t pos, size_t *start, int *err) {
    int tok = 0;
    const unsigned char *token_start = s->token_start[s->depth != 0];
    while (pos < s->n && !(token_start[(unsigned char)s->d[pos]] && (tok = code_token(s, pos))))
        pos++;
    if (pos >= s->n) return s->n;
    frame *top = s->depth ? &s->stack[s->depth - 1] : NULL;
    if (tok == 4) {
        if (top) {                       /* code inside a string: find its end */
            char c = s->d[pos], opener = top->closer == '}' ? '{' : '(';
            if (c == top->closer) {
                if (top->depth == 0) s->depth--;
                else top->depth--;
            } else if (c == opener) {
                top->depth++;
            }
        }
        return pos + 1;
    }
    if (tok == 1) {
        if (s->sx->comment_needs_space && pos > 0 && s->d[pos - 1] != ' '
            && s->d[pos - 1] != '\t' && s->d[pos - 1] != '\n')
            return pos + 1;
        size_t end = find(s, pos, "\n");
        if (end == SIZE_MAX) end = s->n;
        if (!top && push_span(s, pos, end, OB_REGION_COMMENTS)) *err = 1;
        return end;
    }
    if (tok == 2) {
        size_t end = skip_block(s, pos);
        if (!top && push_span(s, pos, end, OB_REGION_COMMENTS)) *err = 1;
        return end;
    }
    const quote *q = opening_quote(s, pos);
    if (!q) return pos + 1;
    if (!top) *start = pos;
    if (push_frame(s, (frame){q, 0, 0})) *err = 1;
    return pos + strlen(q->open);
}

/* One step in the string on top of the stack; returns the next position. */
static size_t step_string(scan *s, size_t pos, size_t start, int *err) {
    const quote *q = s->stack[s->depth - 1].q;
    /* only these bytes can end the run of plain string text */
    const char a = q->close[0], b = q->interp_open ? q->interp_open[0] : a;
    const char c = q->escapes ? '\\' : a, e = q->multiline ? a : '\n';
    size_t i = pos;
    for (; i < s->n; i++) {
        char x = s->d[i];
        if (x != a && x != b && x != c && x != e) continue;
        if (starts(s, i, q->close)) break;
        if (q->interp_open && starts(s, i, q->interp_open)) break;
        if (q->escapes && s->d[i] == '\\') {
            i++;                         /* the escaped byte */
            continue;
        }
        if (!q->multiline && s->d[i] == '\n') break;
    }
    if (i >= s->n) return s->n;          /* unterminated: the caller closes it */
    if (q->interp_open && starts(s, i, q->interp_open) && !starts(s, i, q->close)) {
        char closer = q->interp_close[0];
        if (push_frame(s, (frame){NULL, closer, 0})) *err = 1;
        return i + strlen(q->interp_open);
    }
    s->depth--;                          /* closed, or a line end ends a one-line string */
    size_t next = i + (starts(s, i, q->close) ? strlen(q->close) : 0);
    if (s->depth == 0 && push_span(s, start, next, OB_REGION_STRINGS)) *err = 1;
    return next;
}

int ob_regions(const char *data, size_t len, ob_lang lang, ob_arena *arena,
               ob_region_span **spans, size_t *n) {
    *spans = NULL;
    *n = 0;
    if (lang < 0 || lang >= OB_LANG_COUNT) return 0;
    scan s = {.d = data, .n = len, .sx = &syntaxes[lang]};
    mark_token_starts(&s);
    ob_vec_init(&s.spans, sizeof(ob_region_span));
    size_t pos = 0, start = 0;
    int err = 0;
    while (pos < len && !err) {
        if (s.depth == 0 || s.stack[s.depth - 1].q == NULL)
            pos = step_code(&s, pos, &start, &err);
        else
            pos = step_string(&s, pos, start, &err);
    }
    if (!err && s.depth > 0) err = push_span(&s, start, len, OB_REGION_STRINGS);
    free(s.stack);
    if (!err && s.spans.len) {
        *spans = ob_arena_alloc(arena, s.spans.len * sizeof **spans);
        if (*spans) {
            memcpy(*spans, s.spans.data, s.spans.len * sizeof **spans);
            *n = s.spans.len;
        } else {
            err = 1;
        }
    }
    ob_vec_free(&s.spans);
    return err ? -1 : 0;
}

int ob_region_at(const ob_region_span *spans, size_t n, size_t offset) {
    size_t lo = 0, hi = n;          /* the first span starting after offset */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (spans[mid].start <= offset) lo = mid + 1;
        else hi = mid;
    }
    if (lo > 0 && offset < spans[lo - 1].end) return spans[lo - 1].kind;
    return OB_REGION_CODE;
}
