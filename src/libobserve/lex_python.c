/*
 * lex_python.c - the Python tokenizer (see lex_python.h).
 *
 * One pass over the bytes, no allocation per token. F-strings follow
 * Python 3.12 (PEP 701): a replacement field holds ordinary tokens, its
 * strings may reuse the enclosing quote, and fields nest in format specs.
 * That reading is a superset of older Pythons' for every valid program.
 *
 * A mode stack tracks where we are inside f-strings:
 *   FSTR  literal text of an f-string (until the closing quote or '{')
 *   EXPR  a replacement field: code tokens until its '}' (or ':' / '!')
 *   SPEC  a format spec: literal text until '}' (nested '{' opens EXPR)
 * Outside any f-string we are in code.
 */
#include "lex_python.h"

#include <string.h>

#include "line_break.h"
#include "line_flags.h"
#include "name_scan.h"

enum { M_FSTR, M_EXPR, M_SPEC };

struct py_mode {
    uint8_t kind;
    char quote;          /* M_FSTR: quote char */
    uint8_t triple;      /* M_FSTR: triple-quoted */
    uint8_t raw;         /* M_FSTR: raw (backslashes are literal) */
    size_t field_depth;  /* M_EXPR: lx->depth inside the field's '{' */
    uint32_t line, col;  /* where it started, for diagnostics */
};

typedef struct py_bracket {
    char ch;
    uint32_t line, col;
} py_bracket;

/* Character classes. */
enum { C_ID = 1, C_DIGIT = 2, C_SPACE = 4 };
#define IS_ID(c) (ctab[(unsigned char)(c)] & (C_ID | C_DIGIT))
#define IS_ID_START(c) (ctab[(unsigned char)(c)] & C_ID)
#define IS_DIGIT(c) (ctab[(unsigned char)(c)] & C_DIGIT)

/* The table: letters, '_' and every byte >= 0x80 (UTF-8 identifier parts)
 * are identifier characters. */
#define R8(x) x, x, x, x, x, x, x, x
#define R16(x) R8(x), R8(x)
static const unsigned char ctab[256] = {
    /* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, C_SPACE, 0, 0, C_SPACE, 0, 0, 0,
    /* 0x10 */ R16(0),
    /* 0x20 */ C_SPACE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* 0x30 */ C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT, C_DIGIT,
               C_DIGIT, C_DIGIT, 0, 0, 0, 0, 0, 0,
    /* 0x40 */ 0, R8(C_ID), C_ID, C_ID, C_ID, C_ID, C_ID, C_ID, C_ID,
    /* 0x50 */ R8(C_ID), C_ID, C_ID, C_ID, 0, 0, 0, 0, C_ID,
    /* 0x60 */ 0, R8(C_ID), C_ID, C_ID, C_ID, C_ID, C_ID, C_ID, C_ID,
    /* 0x70 */ R8(C_ID), C_ID, C_ID, C_ID, 0, 0, 0, 0, 0,
    /* 0x80 */ R16(C_ID), R16(C_ID), R16(C_ID), R16(C_ID),
    /* 0xC0 */ R16(C_ID), R16(C_ID), R16(C_ID), R16(C_ID),
};

/*
 * Skips to the first byte of [p, end) that is one of a, b, c, d (end if
 * none), eight bytes at a time: strings and comments are long runs of
 * uninteresting bytes. (v - 0x01..) & ~v & 0x80.. is non-zero exactly when
 * some byte of v is zero; a hit is then located byte by byte.
 */
#define OB_ONES 0x0101010101010101ull
#define OB_HIGHS 0x8080808080808080ull
static inline uint64_t zero_byte(uint64_t v) { return (v - OB_ONES) & ~v & OB_HIGHS; }

static inline const char *skip_to_any(const char *p, const char *end, char a, char b, char c,
                                      char d) {
    const uint64_t pa = OB_ONES * (unsigned char)a, pb = OB_ONES * (unsigned char)b,
                   pc = OB_ONES * (unsigned char)c, pd = OB_ONES * (unsigned char)d;
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        if (zero_byte(w ^ pa) | zero_byte(w ^ pb) | zero_byte(w ^ pc) | zero_byte(w ^ pd)) break;
        p += 8;
    }
    while (p < end && *p != a && *p != b && *p != c && *p != d) p++;
    return p;
}

static inline py_mode *top_mode(py_lexer *lx) {
    return lx->modes.len ? &OB_VEC_AT(&lx->modes, py_mode, lx->modes.len - 1) : NULL;
}

static inline uint32_t col_of(const py_lexer *lx, const char *p) {
    return (uint32_t)(p - lx->line_ptr);
}

static int mark_lines(py_lexer *lx, uint32_t from, uint32_t to, uint8_t flag) {
    return ob_line_flags_mark(&lx->line_flags, from, to, flag);
}

/* The common case of mark_lines: one line already marked as code. */
static inline int mark_code(py_lexer *lx, uint32_t from, uint32_t to) {
    if (from == to && to < lx->line_flags.len &&
        (((uint8_t *)lx->line_flags.data)[to] & PY_LINE_CODE))
        return 0;
    return mark_lines(lx, from, to, PY_LINE_CODE);
}

/* Consumes a line break at p (\n, \r\n or \r) if there is one. */
static inline int eat_newline(py_lexer *lx) {
    size_t n = ob_line_break(lx->p, lx->end);
    if (!n) return 0;
    lx->p += n;
    lx->line_ptr = lx->p;
    lx->line++;
    return 1;
}

int py_lexer_init(py_lexer *lx, const char *src, size_t len, ob_diag_list *diags) {
    memset(lx, 0, sizeof *lx);
    lx->src = lx->p = lx->line_ptr = src;
    lx->end = src + len;
    lx->line = 1;
    lx->at_bol = 1;
    lx->diags = diags;
    ob_vec_init(&lx->modes, sizeof(py_mode));
    ob_vec_init(&lx->brackets, sizeof(py_bracket));
    ob_vec_init(&lx->line_flags, 1);
    /* Skip a UTF-8 byte order mark. */
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) lx->p = lx->line_ptr = src + 3;
    return 0;
}

void py_lexer_free(py_lexer *lx) {
    ob_vec_free(&lx->modes);
    ob_vec_free(&lx->brackets);
    ob_vec_free(&lx->line_flags);
}

/* ---- keywords and operators ---------------------------------------- */

static py_kw keyword(const char *s, size_t n) {
#define KW(str, id) if (n == sizeof(str) - 1 && memcmp(s, str, n) == 0) return id
    switch (s[0]) {
    case 'a': KW("and", KW_AND); KW("as", KW_AS); KW("assert", KW_ASSERT);
              KW("async", KW_ASYNC); KW("await", KW_AWAIT); break;
    case 'c': KW("class", KW_CLASS); KW("case", KW_CASE); break;
    case 'd': KW("def", KW_DEF); break;
    case 'e': KW("elif", KW_ELIF); KW("else", KW_ELSE); KW("except", KW_EXCEPT); break;
    case 'f': KW("for", KW_FOR); KW("from", KW_FROM); KW("finally", KW_FINALLY); break;
    case 'i': KW("if", KW_IF); KW("in", KW_IN); KW("is", KW_IS); break;
    case 'l': KW("lambda", KW_LAMBDA); break;
    case 'm': KW("match", KW_MATCH); break;
    case 'n': KW("not", KW_NOT); break;
    case 'o': KW("or", KW_OR); break;
    case 'r': KW("return", KW_RETURN); break;
    case 't': KW("try", KW_TRY); break;
    case 'w': KW("while", KW_WHILE); KW("with", KW_WITH); break;
    case 'y': KW("yield", KW_YIELD); break;
    /* Hard keywords that matter only as "not a name" (case patterns). */
    case 'N': KW("None", KW_OTHER); break;
    case 'T': KW("True", KW_OTHER); break;
    case 'F': KW("False", KW_OTHER); break;
    default: break;
    }
#undef KW
    return KW_NONE;
}

/* Length of the operator at p (1..3) and its id. */
static size_t scan_op(const char *p, const char *end, uint8_t *op) {
    size_t avail = (size_t)(end - p);
    char c = p[0], c1 = avail > 1 ? p[1] : 0, c2 = avail > 2 ? p[2] : 0;
    *op = OP_OTHER;
    switch (c) {
    case '(': *op = OP_LPAR; return 1;
    case ')': *op = OP_RPAR; return 1;
    case '[': *op = OP_LSQB; return 1;
    case ']': *op = OP_RSQB; return 1;
    case '{': *op = OP_LBRACE; return 1;
    case '}': *op = OP_RBRACE; return 1;
    case ',': *op = OP_COMMA; return 1;
    case ';': *op = OP_SEMI; return 1;
    case '.':
        if (c1 == '.' && c2 == '.') return 3;
        *op = OP_DOT; return 1;
    case ':':
        if (c1 == '=') { *op = OP_WALRUS; return 2; }
        *op = OP_COLON; return 1;
    case '=':
        if (c1 == '=') return 2;
        *op = OP_EQUAL; return 1;
    case '-':
        if (c1 == '>') { *op = OP_ARROW; return 2; }
        if (c1 == '=') { *op = OP_AUGASSIGN; return 2; }
        return 1;
    case '*':
        if (c1 == '*') {
            if (c2 == '=') { *op = OP_AUGASSIGN; return 3; }
            *op = OP_DSTAR; return 2;
        }
        if (c1 == '=') { *op = OP_AUGASSIGN; return 2; }
        *op = OP_STAR; return 1;
    case '/':
        if (c1 == '/') {
            if (c2 == '=') { *op = OP_AUGASSIGN; return 3; }
            return 2;
        }
        if (c1 == '=') { *op = OP_AUGASSIGN; return 2; }
        *op = OP_SLASH; return 1;
    case '<': case '>':
        if (c1 == c) {
            if (c2 == '=') { *op = OP_AUGASSIGN; return 3; }
            return 2;
        }
        if (c1 == '=' || (c == '<' && c1 == '>')) return 2;
        return 1;
    case '@':
        if (c1 == '=') { *op = OP_AUGASSIGN; return 2; }
        *op = OP_AT; return 1;
    case '+': case '%': case '&': case '|': case '^':
        if (c1 == '=') { *op = OP_AUGASSIGN; return 2; }
        return 1;
    case '!':
        if (c1 == '=') return 2;
        return 1;
    default:
        return 1;
    }
}

/* ---- strings ---------------------------------------------------------- */

/* If name[0..n) is a string prefix, its flags; else -1. */
static int string_prefix(const char *s, size_t n, int *raw, int *fmt) {
    if (n > 2) return -1;
    *raw = *fmt = 0;
    int b = 0, u = 0;
    for (size_t i = 0; i < n; i++) {
        switch (s[i] | 0x20) {
        case 'r': if (*raw) return -1; *raw = 1; break;
        case 'b': if (b) return -1; b = 1; break;
        case 'u': if (u) return -1; u = 1; break;
        case 'f': case 't': if (*fmt) return -1; *fmt = 1; break;
        default: return -1;
        }
    }
    if (u && n > 1) return -1;
    if (b && *fmt) return -1;
    return 0;
}

/*
 * Scans a plain (non-f) string body after its opening quote(s). Stops after
 * the closing quote, or at the offending newline / end of input with a
 * diagnostic.
 */
static void scan_plain_string(py_lexer *lx, char q, int triple, uint32_t line, uint32_t col) {
    const char *end = lx->end;
    for (;;) {
        const char *p = lx->p;
        p = skip_to_any(p, end, q, '\\', '\n', '\r');
        lx->p = p;
        if (p >= end) break;
        char c = *p;
        if (c == q) {
            if (!triple) { lx->p++; return; }
            if (end - p >= 3 && p[1] == q && p[2] == q) { lx->p += 3; return; }
            lx->p++;
        } else if (c == '\\') {
            lx->p++;
            if (!eat_newline(lx) && lx->p < end) lx->p++;
        } else {
            if (!triple) {
                ob_diag_add(lx->diags, line, col, 1, "unterminated-string",
                            "unterminated string literal (started at line %u)", line);
                return;
            }
            eat_newline(lx);
        }
    }
    ob_diag_add(lx->diags, line, col, 1, "unterminated-string",
                "unterminated %sstring literal at end of file (started at line %u)",
                triple ? "triple-quoted " : "", line);
}

static int push_mode(py_lexer *lx, uint8_t kind) {
    py_mode *m = ob_vec_push(&lx->modes);
    if (!m) return -1;
    m->kind = kind;
    m->line = lx->line;
    m->col = col_of(lx, lx->p);
    return 0;
}

static int push_bracket(py_lexer *lx, char ch, const char *at) {
    py_bracket *b = ob_vec_push(&lx->brackets);
    if (!b) return -1;
    b->ch = ch;
    b->line = lx->line;
    b->col = col_of(lx, at);
    lx->depth++;
    return 0;
}

/* Pops the innermost bracket for closer ch; a mismatch is reported. */
static void pop_bracket(py_lexer *lx, char ch, const char *at) {
    if (!lx->brackets.len) {
        ob_diag_add(lx->diags, lx->line, col_of(lx, at), 1, "unmatched-bracket",
                    "unmatched '%c'", ch);
        return;
    }
    py_bracket *b = &OB_VEC_AT(&lx->brackets, py_bracket, lx->brackets.len - 1);
    char want = b->ch == '(' ? ')' : b->ch == '[' ? ']' : '}';
    if (want != ch)
        ob_diag_add(lx->diags, lx->line, col_of(lx, at), 1, "unmatched-bracket",
                    "closing '%c' does not match '%c' opened at line %u", ch, b->ch, b->line);
    lx->brackets.len--;
    lx->depth--;
}

/*
 * Literal text of an f-string (M_FSTR) or of a format spec (M_SPEC), up to
 * the next event: end quote, '{' of a field, or '}' closing a spec.
 * Returns 1 with a token, 0 when the text ended without one (error paths).
 */
static int scan_fliteral(py_lexer *lx, py_token *tok) {
    py_mode *m = top_mode(lx);
    /* The f-string this text belongs to. */
    py_mode *fs = m;
    for (size_t i = lx->modes.len; i-- > 0;) {
        fs = &OB_VEC_AT(&lx->modes, py_mode, i);
        if (fs->kind == M_FSTR) break;
    }
    char q = fs->quote;
    int triple = fs->triple, raw = fs->raw, spec = m->kind == M_SPEC;
    const char *end = lx->end;
    while (lx->p < end) {
        const char *p = lx->p;
        char c = *p;
        tok->line = lx->line;
        tok->col = col_of(lx, p);
        tok->text = p;
        if (c == q && (!triple || (end - p >= 3 && p[1] == q && p[2] == q))) {
            if (spec) {
                /* The string ends inside a format spec: close the field. */
                ob_diag_add(lx->diags, lx->line, tok->col, 1, "unterminated-fstring-field",
                            "f-string replacement field not closed before the end of the string");
                lx->modes.len--;
                continue;
            }
            lx->p += triple ? 3 : 1;
            lx->modes.len--;
            tok->kind = PK_FSTRING_END;
            tok->len = (size_t)(lx->p - p);
            tok->end_line = lx->line;
            return 1;
        }
        if (c == '{') {
            if (!spec && p + 1 < end && p[1] == '{') { lx->p += 2; continue; }
            lx->p++;
            if (push_bracket(lx, '{', p) < 0 || push_mode(lx, M_EXPR) < 0) return -1;
            top_mode(lx)->field_depth = lx->depth;
            tok->kind = PK_OP;
            tok->op = OP_LBRACE;
            tok->len = 1;
            tok->end_line = lx->line;
            return 1;
        }
        if (c == '}') {
            if (!spec) {
                lx->p += (p + 1 < end && p[1] == '}') ? 2 : 1;
                continue;
            }
            /* End of the replacement field whose spec this is. */
            lx->p++;
            lx->modes.len--;            /* M_SPEC */
            if (lx->modes.len && top_mode(lx)->kind == M_EXPR) lx->modes.len--;
            pop_bracket(lx, '}', p);
            tok->kind = PK_OP;
            tok->op = OP_RBRACE;
            tok->len = 1;
            tok->end_line = lx->line;
            return 1;
        }
        if (c == '\\' && !raw) {
            lx->p++;
            if (!eat_newline(lx) && lx->p < end) lx->p++;
            continue;
        }
        if (c == '\n' || c == '\r') {
            if (!triple) {
                ob_diag_add(lx->diags, fs->line, fs->col, 1, "unterminated-string",
                            "unterminated f-string literal (started at line %u)", fs->line);
                /* Drop everything back to the code around this f-string. */
                while (lx->modes.len && top_mode(lx)->kind != M_FSTR) {
                    if (top_mode(lx)->kind == M_EXPR) pop_bracket(lx, '}', p);
                    lx->modes.len--;
                }
                if (lx->modes.len) lx->modes.len--;
                tok->kind = PK_FSTRING_END;
                tok->len = 0;
                tok->end_line = lx->line;
                return 1;
            }
            eat_newline(lx);
            continue;
        }
        lx->p++;
    }
    ob_diag_add(lx->diags, fs->line, fs->col, 1, "unterminated-string",
                "unterminated f-string literal at end of file (started at line %u)", fs->line);
    while (lx->modes.len) {
        if (top_mode(lx)->kind == M_EXPR) pop_bracket(lx, '}', lx->p);
        lx->modes.len--;
    }
    return 0;
}

/* ---- the main scanner -------------------------------------------------- */

/* Measures the indentation at the start of a physical line. Returns 1 when
 * the line holds a token, 0 for a blank or comment-only line (consumed). */
static int scan_indent(py_lexer *lx, uint32_t *indent) {
    uint32_t col = 0;
    const char *p = lx->p, *end = lx->end;
    for (; p < end; p++) {
        if (*p == ' ') col++;
        else if (*p == '\t') col = (col / 8 + 1) * 8;
        else if (*p == '\f') col = 0;
        else break;
    }
    lx->p = p;
    if (p >= end) return 0;
    if (*p == '#') {
        const char *e = skip_to_any(p, end, '\n', '\r', '\n', '\r');
        mark_lines(lx, lx->line, lx->line, PY_LINE_COMMENT);
        lx->p = e;
        eat_newline(lx);
        return 0;
    }
    if (*p == '\n' || *p == '\r') {
        eat_newline(lx);
        return 0;
    }
    if (*p == '\\' && p + 1 < end && (p[1] == '\n' || p[1] == '\r')) {
        /* A line holding only a continuation joins the next one. */
        mark_code(lx, lx->line, lx->line);
        lx->p++;
        eat_newline(lx);
        *indent = col;
        return 2;
    }
    *indent = col;
    return 1;
}

/* Does the physical line at lx->p start with `def`, `async def` or
 * `class` at or left of the current logical line's indentation? */
static int starts_definition(const py_lexer *lx) {
    const char *p = lx->p, *end = lx->end;
    uint32_t col = 0;
    for (; p < end && (*p == ' ' || *p == '\t'); p++) col = *p == ' ' ? col + 1 : (col / 8 + 1) * 8;
    if (col > lx->line_indent) return 0;
    size_t left = (size_t)(end - p);
    if (left > 6 && memcmp(p, "async ", 6) == 0) {
        p += 6;
        left -= 6;
        while (left && *p == ' ') p++, left--;
    }
    return (left > 4 && memcmp(p, "def ", 4) == 0) || (left > 6 && memcmp(p, "class ", 6) == 0);
}

static void report_unclosed(py_lexer *lx) {
    for (size_t i = 0; i < lx->brackets.len; i++) {
        py_bracket *b = &OB_VEC_AT(&lx->brackets, py_bracket, i);
        ob_diag_add(lx->diags, b->line, b->col, 1, "unclosed-bracket",
                    "'%c' was never closed", b->ch);
    }
    lx->brackets.len = 0;
    lx->depth = 0;
}

static void finish_token(py_lexer *lx, py_token *tok) {
    tok->end_line = lx->line;
    tok->len = (size_t)(lx->p - tok->text);
    mark_code(lx, tok->line, tok->end_line);
    lx->line_has_tokens = 1;
}

static int scan_code(py_lexer *lx, py_token *tok) {
    const char *end = lx->end;
    for (;;) {
        if (lx->at_bol && lx->depth == 0 && !lx->modes.len) {
            uint32_t indent;
            int r = scan_indent(lx, &indent);
            if (lx->p >= end && r == 0) goto eof;
            if (r == 0) continue;
            lx->at_bol = 0;
            lx->line_indent = indent;
            tok->line_start = 1;
            tok->indent = indent;
            if (r == 2) continue;
        }
        const char *p = lx->p;
        if (p >= end) goto eof;
        unsigned char c = (unsigned char)*p;
        if (c == ' ' || c == '\t' || c == '\f' || c == '\v') { lx->p++; continue; }
        if (c == '\n' || c == '\r') {
            eat_newline(lx);
            if (lx->depth > 0 && starts_definition(lx)) {
                /* A def/class at or left of the statement's indent inside
                 * open brackets or an f-string field: they were never
                 * closed. Close them here so the rest of the file still
                 * yields results. */
                if (lx->modes.len) {
                    py_mode *fs = &OB_VEC_AT(&lx->modes, py_mode, 0);
                    ob_diag_add(lx->diags, fs->line, fs->col, 1, "unterminated-string",
                                "unterminated f-string literal (started at line %u)", fs->line);
                    lx->modes.len = 0;
                }
                report_unclosed(lx);  /* depth is 0 now: the line ends here */
            }
            if (lx->depth == 0 && !lx->modes.len) {
                lx->at_bol = 1;
                if (lx->line_has_tokens) {
                    lx->line_has_tokens = 0;
                    tok->kind = PK_NEWLINE;
                    tok->line = tok->end_line = lx->line - 1;
                    tok->col = 0;
                    tok->text = p;
                    tok->len = 0;
                    return 1;
                }
            }
            continue;
        }
        if (c == '#') {
            p = skip_to_any(p, end, '\n', '\r', '\n', '\r');
            mark_lines(lx, lx->line, lx->line, PY_LINE_COMMENT);
            lx->p = p;
            continue;
        }
        if (c == '\\') {
            mark_code(lx, lx->line, lx->line);
            lx->p++;
            if (!eat_newline(lx)) {
                ob_diag_add(lx->diags, lx->line, col_of(lx, p), 1, "unexpected-character",
                            "unexpected character after line continuation");
            }
            continue;
        }
        tok->line = lx->line;
        tok->col = col_of(lx, p);
        tok->text = p;
        tok->kw = KW_NONE;
        tok->op = OP_OTHER;
        if (IS_ID_START(c)) {
            const char *q = ob_skip_name_bytes(p + 1, end, 0, ctab, C_ID | C_DIGIT);
            size_t n = (size_t)(q - p);
            int raw, fmt;
            if (q < end && (*q == '"' || *q == '\'') && string_prefix(p, n, &raw, &fmt) == 0) {
                char quote = *q;
                int triple = end - q >= 3 && q[1] == quote && q[2] == quote;
                lx->p = q + (triple ? 3 : 1);
                if (fmt) {
                    if (push_mode(lx, M_FSTR) < 0) return -1;
                    py_mode *m = top_mode(lx);
                    m->quote = quote;
                    m->triple = (uint8_t)triple;
                    m->raw = (uint8_t)raw;
                    m->line = tok->line;
                    m->col = tok->col;
                    tok->kind = PK_FSTRING_START;
                } else {
                    scan_plain_string(lx, quote, triple, tok->line, tok->col);
                    tok->kind = PK_STRING;
                }
                finish_token(lx, tok);
                return 1;
            }
            lx->p = q;
            tok->kind = PK_NAME;
            tok->kw = (uint8_t)keyword(p, n);
            finish_token(lx, tok);
            return 1;
        }
        if (IS_DIGIT(c) || (c == '.' && p + 1 < end && IS_DIGIT(p[1]))) {
            const char *q = p + 1;
            int hex = c == '0' && q < end && (*q | 0x20) == 'x';
            while (q < end) {
                char d = *q;
                if (IS_ID(d) || d == '.') q++;
                else if ((d == '+' || d == '-') && !hex && (q[-1] | 0x20) == 'e') q++;
                else break;
            }
            lx->p = q;
            tok->kind = PK_NUMBER;
            finish_token(lx, tok);
            return 1;
        }
        if (c == '"' || c == '\'') {
            int triple = end - p >= 3 && p[1] == (char)c && p[2] == (char)c;
            lx->p = p + (triple ? 3 : 1);
            scan_plain_string(lx, (char)c, triple, tok->line, tok->col);
            tok->kind = PK_STRING;
            finish_token(lx, tok);
            return 1;
        }
        if (c == 0) {  /* reported once per file by analyze_file.c */
            mark_code(lx, lx->line, lx->line);
            lx->p++;
            continue;
        }
        py_mode *m = top_mode(lx);
        /* Inside a replacement field, at its own level: ':' starts a
         * format spec, '!' a conversion, '}' ends the field. */
        if (m && m->kind == M_EXPR && lx->depth == m->field_depth) {
            if (c == '}') {
                lx->p++;
                lx->modes.len--;
                pop_bracket(lx, '}', p);
                tok->kind = PK_OP;
                tok->op = OP_RBRACE;
                finish_token(lx, tok);
                return 1;
            }
            if (c == ':') {
                lx->p++;
                if (push_mode(lx, M_SPEC) < 0) return -1;
                tok->kind = PK_OP;
                tok->op = OP_COLON;
                finish_token(lx, tok);
                return 1;
            }
            if (c == '!' && !(p + 1 < end && p[1] == '=')) {
                /* Conversion "!r": skip it, the next token is ':' or '}'. */
                lx->p = ob_skip_name_bytes(p + 1, end, 0, ctab, C_ID | C_DIGIT);
                continue;
            }
        }
        uint8_t op;
        size_t n = scan_op(p, end, &op);
        lx->p = p + n;
        tok->kind = PK_OP;
        tok->op = op;
        if (op == OP_LPAR || op == OP_LSQB || op == OP_LBRACE) {
            if (push_bracket(lx, (char)c, p) < 0) return -1;
        } else if (op == OP_RPAR || op == OP_RSQB || op == OP_RBRACE) {
            if (lx->depth > (m && m->kind == M_EXPR ? m->field_depth : 0))
                pop_bracket(lx, (char)c, p);
            else
                ob_diag_add(lx->diags, lx->line, tok->col, 1, "unmatched-bracket",
                            "unmatched '%c'", c);
        }
        finish_token(lx, tok);
        return 1;
    }
eof:
    if (lx->line_has_tokens) {
        lx->line_has_tokens = 0;
        tok->kind = PK_NEWLINE;
        tok->line = tok->end_line = lx->line;
        tok->col = col_of(lx, lx->p);
        tok->text = lx->p;
        tok->len = 0;
        return 1;
    }
    report_unclosed(lx);
    tok->kind = PK_EOF;
    tok->line = tok->end_line = lx->line;
    tok->col = col_of(lx, lx->p);
    tok->text = lx->p;
    tok->len = 0;
    return 1;
}

int py_next(py_lexer *lx, py_token *tok) {
    tok->line_start = 0;
    tok->kw = KW_NONE;
    tok->op = OP_OTHER;
    for (;;) {
        py_mode *m = top_mode(lx);
        if (m && (m->kind == M_FSTR || m->kind == M_SPEC)) {
            uint32_t start_line = lx->line;
            int r = scan_fliteral(lx, tok);
            if (r < 0) return -1;
            if (mark_code(lx, start_line, lx->line) < 0) return -1;
            if (r == 1) {
                lx->line_has_tokens = 1;
                return 0;
            }
            continue;  /* the f-string ended abnormally; back to code */
        }
        int r = scan_code(lx, tok);
        if (r < 0) return -1;
        return 0;
    }
}

void py_count_lines(const py_lexer *lx, uint32_t *physical, uint32_t *code,
                    uint32_t *comment, uint32_t *blank) {
    /* Every non-blank line got a flag while scanning: a token covers it
     * (code), or a comment stands on it, or it holds a lone continuation
     * or NUL byte (marked code). What has no flag is blank. */
    const char *start = lx->src;
    if (lx->end - start >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0) start += 3;
    uint32_t lines = 0;
    if (lx->end > start) {
        char last = lx->end[-1];
        lines = lx->line - (last == '\n' || last == '\r');
    }
    const uint8_t *flags = lx->line_flags.data;
    size_t nflags = lx->line_flags.len;
    uint32_t n_code = 0, n_comment = 0;
    for (uint32_t l = 1; l <= lines && l < nflags; l++) {
        n_code += (flags[l] & PY_LINE_CODE) != 0;
        n_comment += flags[l] == PY_LINE_COMMENT;
    }
    *physical = lines;
    *code = n_code;
    *comment = n_comment;
    *blank = lines - n_code - n_comment;
}
