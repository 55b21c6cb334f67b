/*
 * lex_brace.c - the tokenizer of the brace languages (see lex_brace.h and
 * docs/lexers.md, which this file follows to the letter; the Python twin
 * observe_core/_python/lex_brace.py must yield the same tokens).
 *
 * One scanner for the seven languages, driven by the table `syntaxes`:
 * which bytes make names, which comments nest, the string forms tried in
 * order at each token start, the multi-byte operators, and the three
 * features only some languages have (JS regexes and JSX, Objective-C
 * directives, Swift '#' delimiters).
 *
 * A frame stack says where we are:
 *   CODE      code: the file itself (the bottom frame), the code of a
 *             template (ends at the '}' or ')' balancing its opener) or of
 *             a JSX {...} (ends at the balancing '}')
 *   STRING    the literal text of an interpolated string, between templates
 *   TAG       inside a JSX tag <...> or </...>
 *   CHILDREN  between the tags of a JSX element
 * Strings without a template never get a frame: they are one token. Every
 * level of nesting is one frame in an ob_vec, so depth costs memory, never
 * the C stack; nested comments only need a counter.
 */
#include "lex_brace.h"

#include <pthread.h>
#include <string.h>
#include <strings.h>

#include "line_break.h"
#include "line_flags.h"
#include "name_scan.h"
#include "utf8.h"

/* Git's rule ("8 KB"), with analyze_file.c's figure: a NUL in the first 8000 bytes. */
#define BINARY_PROBE 8000

/* ---- character classes ------------------------------------------------ */

/* C_OP: the bytes of multi-byte operators (all languages), so most
 * punctuation is known to be a one-byte operator without a table search.
 * C_SLASH: '/', which may open a comment. */
enum { C_ALPHA = 1, C_DIGIT = 2, C_HIGH = 4, C_DOLLAR = 8, C_SPACE = 16, C_NL = 32, C_OP = 64,
       C_SLASH = 128 };

#define R8(x) x, x, x, x, x, x, x, x
#define R16(x) R8(x), R8(x)
#define A C_ALPHA
#define D C_DIGIT
#define O C_OP
static const unsigned char ctab[256] = {
    /* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, C_SPACE, C_NL, C_SPACE, C_SPACE, C_NL, 0, 0,
    /* 0x10 */ R16(0),
    /* 0x20 */ C_SPACE, O, 0, 0, C_DOLLAR, O, O, 0, 0, 0, O, O, 0, O, O, O | C_SLASH,
    /* 0x30 */ D, D, D, D, D, D, D, D, D, D, O, 0, O, O, O, O,
    /* 0x40 */ 0, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
    /* 0x50 */ A, A, A, A, A, A, A, A, A, A, A, 0, 0, 0, O, A,
    /* 0x60 */ 0, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
    /* 0x70 */ A, A, A, A, A, A, A, A, A, A, A, 0, O, 0, O, 0,
    /* 0x80 */ R16(C_HIGH), R16(C_HIGH), R16(C_HIGH), R16(C_HIGH),
    /* 0xC0 */ R16(C_HIGH), R16(C_HIGH), R16(C_HIGH), R16(C_HIGH),
};
#undef O
#undef A
#undef D

#define CLS(c) ctab[(unsigned char)(c)]
/* Names inside string templates ($name) never take a '$'. */
#define TEMPLATE_START (C_ALPHA | C_HIGH)
#define TEMPLATE_CHAR (C_ALPHA | C_HIGH | C_DIGIT)

/*
 * What a byte at the start of a token of code is, in every language
 * (scan_code): L_OTHER bytes depend on the language or on what follows.
 * L_OP bytes may start a multi-byte operator, L_ONE bytes never; '.' may
 * start a number, '<' a JSX element.
 */
enum { L_OTHER, L_SPACE, L_NL, L_SLASH, L_NAME, L_DIGIT, L_BRACKET, L_OP, L_ONE, L_DOT, L_LT };

#define S_ L_SPACE
#define N L_NAME
#define D L_DIGIT
#define B L_BRACKET
#define O L_OP
static const unsigned char lead[256] = {
    /* 0x00 */ 0, 0, 0, 0, 0, 0, 0, 0, 0, S_, L_NL, S_, S_, L_NL, 0, 0,
    /* 0x10 */ R16(0),
    /* 0x20 */ S_, O, 0, 0, 0, O, O, 0, B, B, O, O, L_ONE, O, L_DOT, L_SLASH,
    /* 0x30 */ D, D, D, D, D, D, D, D, D, D, O, L_ONE, L_LT, O, O, O,
    /* 0x40 */ 0, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
    /* 0x50 */ N, N, N, N, N, N, N, N, N, N, N, L_ONE, 0, L_ONE, O, N,
    /* 0x60 */ 0, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N,
    /* 0x70 */ N, N, N, N, N, N, N, N, N, N, N, B, O, B, O, 0,
    /* 0x80 */ R16(N), R16(N), R16(N), R16(N), R16(N), R16(N), R16(N), R16(N),
};
#undef S_
#undef N
#undef D
#undef B
#undef O

/* Bytes at which string text needs a look; everything else is text. */
static const unsigned char str_stop[256] = {
    ['\n'] = 1, ['\r'] = 1, ['"'] = 1, ['\''] = 1, ['`'] = 1, ['/'] = 1, ['\\'] = 1, ['$'] = 1,
};

/* ---- the language table --------------------------------------------------- */

enum {                  /* str_form.flags */
    Q_TRIPLE = 1,       /* closes with three quotes */
    Q_MULTI = 2,        /* may span lines */
    Q_RUN = 4,          /* Kotlin: a run of 3+ quotes closes at its end */
    Q_HASH = 8,         /* Swift: may follow '#'s, which the closer repeats */
    Q_NEEDHASH = 16,    /* only after '#'s (Swift regex #/.../#) */
    Q_NLMULTI = 32      /* multi-line when the opener ends a line (Swift #/ newline ... /#) */
};
enum { E_NONE, E_BACKSLASH, E_HASH };          /* escapes: none, '\' + byte, '\' + '#'s + byte */
enum { I_BRACE = 1, I_NAME = 2, I_PAREN = 4 }; /* templates: ${ }, $name, \( ) */

typedef struct str_form {
    const char *open;   /* after any '#'s; NULL ends the list */
    unsigned char olen;
    char quote;
    unsigned char flags, esc, interp;
} str_form;

#define MAX_FORMS 9

struct ob_brace_syntax {
    const char *name;
    unsigned char name_start;       /* class bits */
    unsigned char backtick_names;   /* Kotlin, Swift: `name` */
    char sign;                      /* Swift '#', Objective-C '@': #if, @interface are names */
    unsigned char nested_comments;
    unsigned char regex;            /* JS/TS: regex literals, JSX, '?.' not before a digit */
    unsigned char generic_arrows;   /* TSX: <T,>(x) => ... is no element */
    unsigned char directives;       /* Objective-C: '#' lines */
    unsigned char hashes;           /* Swift: '#'-delimited strings */
    const char *const *ops;         /* multi-byte operators */
    str_form forms[MAX_FORMS];      /* tried in order */
};

#define COMMON_OPS "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", \
    "|=", "^=", "<<", ">>", "<<=", ">>=", "->"
static const char *const kotlin_ops[] = {COMMON_OPS, "++", "--", "===", "!==", "?.", "?:", "!!",
                                         "::", "..", "..<", "...", NULL};
static const char *const java_ops[] = {COMMON_OPS, "++", "--", ">>>", ">>>=", "::", "...", NULL};
static const char *const swift_ops[] = {COMMON_OPS, "===", "!==", "??", "?.", "...", "..<", NULL};
static const char *const js_ops[] = {COMMON_OPS, "++", "--", "===", "!==", "??", "?\?=", "?.",
                                     "=>", "**", "**=", ">>>", ">>>=", "&&=", "||=", "...", NULL};
static const char *const objc_ops[] = {COMMON_OPS, "++", "--", "...", NULL};
static const char *const dart_ops[] = {COMMON_OPS, "++", "--", "??", "?\?=", "?.", "?..", "..",
                                       "...", "...?", "=>", "~/", "~/=", NULL};

#define NAME_DOLLAR (C_ALPHA | C_HIGH | C_DOLLAR)
#define NAME_PLAIN (C_ALPHA | C_HIGH)
#define S(o, q, fl, e, i) {o, sizeof(o) - 1, q, fl, e, i}
#define ONE_LINE(q) S(q, q[0], 0, E_BACKSLASH, 0)

static const ob_brace_syntax syntaxes[OB_BRACE_LANG_COUNT] = {
    [OB_BRACE_KOTLIN] = {"kotlin", NAME_DOLLAR, 1, 0, 1, 0, 0, 0, 0, kotlin_ops, {
        S("\"\"\"", '"', Q_TRIPLE | Q_MULTI | Q_RUN, E_NONE, I_BRACE | I_NAME),
        S("\"", '"', 0, E_BACKSLASH, I_BRACE | I_NAME), ONE_LINE("'")}},
    [OB_BRACE_JAVA] = {"java", NAME_DOLLAR, 0, 0, 0, 0, 0, 0, 0, java_ops, {
        S("\"\"\"", '"', Q_TRIPLE | Q_MULTI, E_BACKSLASH, 0), ONE_LINE("\""), ONE_LINE("'")}},
    [OB_BRACE_SWIFT] = {"swift", NAME_PLAIN, 1, '#', 1, 0, 0, 0, 1, swift_ops, {
        S("\"\"\"", '"', Q_TRIPLE | Q_MULTI | Q_HASH, E_HASH, I_PAREN),
        S("\"", '"', Q_HASH, E_HASH, I_PAREN),
        S("/", '/', Q_NLMULTI | Q_HASH | Q_NEEDHASH, E_BACKSLASH, 0)}},
    [OB_BRACE_JAVASCRIPT] = {"javascript", NAME_DOLLAR, 0, 0, 0, 1, 0, 0, 0, js_ops, {
        S("`", '`', Q_MULTI, E_BACKSLASH, I_BRACE), ONE_LINE("\""), ONE_LINE("'")}},
    [OB_BRACE_TYPESCRIPT] = {"typescript", NAME_DOLLAR, 0, 0, 0, 1, 1, 0, 0, js_ops, {
        S("`", '`', Q_MULTI, E_BACKSLASH, I_BRACE), ONE_LINE("\""), ONE_LINE("'")}},
    [OB_BRACE_OBJC] = {"objc", NAME_PLAIN, 0, '@', 0, 0, 0, 1, 0, objc_ops, {
        S("@\"", '"', 0, E_BACKSLASH, 0), ONE_LINE("\""), ONE_LINE("'")}},
    [OB_BRACE_DART] = {"dart", NAME_DOLLAR, 0, 0, 1, 0, 0, 0, 0, dart_ops, {
        S("r\"\"\"", '"', Q_TRIPLE | Q_MULTI, E_NONE, 0),
        S("r'''", '\'', Q_TRIPLE | Q_MULTI, E_NONE, 0),
        S("r\"", '"', 0, E_NONE, 0), S("r'", '\'', 0, E_NONE, 0),
        S("\"\"\"", '"', Q_TRIPLE | Q_MULTI, E_BACKSLASH, I_BRACE | I_NAME),
        S("'''", '\'', Q_TRIPLE | Q_MULTI, E_BACKSLASH, I_BRACE | I_NAME),
        S("\"", '"', 0, E_BACKSLASH, I_BRACE | I_NAME),
        S("'", '\'', 0, E_BACKSLASH, I_BRACE | I_NAME)}},
};

/* The bytes at which a language's string forms (with any '#'s) can open, as
 * bits 1 << language; the first bytes of `forms` above. */
#define LANG_BIT(l) (1u << OB_BRACE_##l)
static const unsigned char string_leads[256] = {
    ['"'] = LANG_BIT(KOTLIN) | LANG_BIT(JAVA) | LANG_BIT(SWIFT) | LANG_BIT(JAVASCRIPT) |
            LANG_BIT(TYPESCRIPT) | LANG_BIT(OBJC) | LANG_BIT(DART),
    ['\''] = LANG_BIT(KOTLIN) | LANG_BIT(JAVA) | LANG_BIT(JAVASCRIPT) | LANG_BIT(TYPESCRIPT) |
             LANG_BIT(OBJC) | LANG_BIT(DART),
    ['`'] = LANG_BIT(JAVASCRIPT) | LANG_BIT(TYPESCRIPT),
    ['#'] = LANG_BIT(SWIFT),
    ['@'] = LANG_BIT(OBJC),
    ['r'] = LANG_BIT(DART),
};
#undef LANG_BIT

/* Names and aliases; jsx tells whether JSX is read for that name. */
static const struct { const char *name; ob_brace_lang lang; int jsx; } lang_names[] = {
    {"kotlin", OB_BRACE_KOTLIN, 0}, {"kt", OB_BRACE_KOTLIN, 0}, {"kts", OB_BRACE_KOTLIN, 0},
    {"java", OB_BRACE_JAVA, 0}, {"swift", OB_BRACE_SWIFT, 0},
    {"javascript", OB_BRACE_JAVASCRIPT, 1}, {"js", OB_BRACE_JAVASCRIPT, 1},
    {"jsx", OB_BRACE_JAVASCRIPT, 1}, {"typescript", OB_BRACE_TYPESCRIPT, 0},
    {"ts", OB_BRACE_TYPESCRIPT, 0}, {"tsx", OB_BRACE_TYPESCRIPT, 1}, {"objc", OB_BRACE_OBJC, 0},
    {"objective-c", OB_BRACE_OBJC, 0}, {"objectivec", OB_BRACE_OBJC, 0}, {"m", OB_BRACE_OBJC, 0},
    {"dart", OB_BRACE_DART, 0},
};

static const struct { const char *ext; ob_brace_lang lang; int jsx; } extensions[] = {
    {".kt", OB_BRACE_KOTLIN, 0}, {".kts", OB_BRACE_KOTLIN, 0}, {".java", OB_BRACE_JAVA, 0},
    {".swift", OB_BRACE_SWIFT, 0}, {".js", OB_BRACE_JAVASCRIPT, 1},
    {".jsx", OB_BRACE_JAVASCRIPT, 1}, {".mjs", OB_BRACE_JAVASCRIPT, 1},
    {".cjs", OB_BRACE_JAVASCRIPT, 1}, {".ts", OB_BRACE_TYPESCRIPT, 0},
    {".tsx", OB_BRACE_TYPESCRIPT, 1}, {".mts", OB_BRACE_TYPESCRIPT, 0},
    {".cts", OB_BRACE_TYPESCRIPT, 0}, {".m", OB_BRACE_OBJC, 0}, {".mm", OB_BRACE_OBJC, 0},
    {".h", OB_BRACE_OBJC, 0}, {".dart", OB_BRACE_DART, 0},
};

ob_brace_lang ob_brace_lang_from_name(const char *name, int *jsx) {
    for (size_t i = 0; i < sizeof lang_names / sizeof *lang_names; i++) {
        if (strcasecmp(name, lang_names[i].name) != 0) continue;
        if (jsx) *jsx = lang_names[i].jsx;
        return lang_names[i].lang;
    }
    if (jsx) *jsx = 0;
    return OB_BRACE_NONE;
}

ob_brace_lang ob_brace_lang_from_path(const char *path, int *jsx) {
    /* The extension as os.path.splitext sees it (".bashrc" has none). */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.'), *p = base;
    if (jsx) *jsx = 0;
    if (!dot) return OB_BRACE_NONE;
    while (p < dot && *p == '.') p++;
    if (p == dot) return OB_BRACE_NONE;
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++) {
        if (strcasecmp(dot, extensions[i].ext) != 0) continue;
        if (jsx) *jsx = extensions[i].jsx;
        return extensions[i].lang;
    }
    return OB_BRACE_NONE;
}

const char *ob_brace_lang_name(ob_brace_lang lang) {
    return lang >= 0 && lang < OB_BRACE_LANG_COUNT ? syntaxes[lang].name : "";
}

const char *ob_brace_kind_name(ob_brace_kind kind) {
    static const char *const names[] = {"eof", "name", "number", "string", "op", "regex",
                                        "jsx_text", "interp_open", "interp_close", "directive"};
    return (unsigned)kind < sizeof names / sizeof *names ? names[kind] : "";
}

/* ---- frames, lines, tokens ------------------------------------------------ */

enum { F_CODE, F_STRING, F_TAG, F_CHILDREN };
enum { ST_TEXT, ST_OPEN, ST_NAME, ST_CLOSE };   /* F_STRING: what comes next */

typedef struct frame {
    unsigned char kind;
    unsigned char closer;     /* F_CODE: 0 (the file), '}' or ')' */
    unsigned char interp;     /* F_CODE: its closer is an INTERP_CLOSE (else a JSX '}') */
    unsigned char state;      /* F_STRING: ST_*; F_TAG: 1 for a closing tag */
    unsigned char ikind;      /* F_STRING at ST_OPEN: I_BRACE, I_NAME or I_PAREN */
    unsigned char multi;      /* F_STRING: may span lines */
    const str_form *form;     /* F_STRING */
    size_t hashes;            /* F_STRING: Swift '#' count */
    size_t depth;             /* F_CODE: open '{' or '(' of the closer's kind */
    uint32_t line, col;       /* the opener, for diagnostics */
} frame;

static inline uint32_t col_of(const ob_brace_lexer *lx, const char *p) {
    return (uint32_t)(p - lx->line_ptr);
}

static inline frame *top(ob_brace_lexer *lx) {
    return lx->frames.len ? &OB_VEC_AT(&lx->frames, frame, lx->frames.len - 1) : NULL;
}

static frame *push_frame(ob_brace_lexer *lx, unsigned char kind, uint32_t line, uint32_t col) {
    frame *f = ob_vec_push(&lx->frames);
    if (!f) return NULL;
    f->kind = kind;
    f->line = line;
    f->col = col;
    return f;
}

static int mark_lines(ob_brace_lexer *lx, uint32_t from, uint32_t to, uint8_t flag) {
    return ob_line_flags_mark(&lx->line_flags, from, to, flag);
}

/* A new line starts at p (the caller has counted it). */
static inline void start_line(ob_brace_lexer *lx, const char *p) {
    ob_vec *v = &lx->line_starts;
    lx->line_ptr = p;
    if (v->len == v->cap && ob_vec_reserve(v, v->cap) < 0) lx->line_starts_lost = 1;
    else *(size_t *)ob_vec_take(v) = (size_t)(p - lx->src);
}

/* Consumes a line break at lx->p (\n, \r\n or \r) if there is one. */
static inline int eat_newline(ob_brace_lexer *lx) {
    size_t n = ob_line_break(lx->p, lx->end);
    if (!n) return 0;
    lx->p += n;
    lx->line++;
    start_line(lx, lx->p);
    return 1;
}

/* Does the previous token let a '/' start a regex (or a '<' a JSX element)? */
static int regex_ok(const ob_brace_lexer *lx) {
#define IS(w) (memcmp(s, w, sizeof w - 1) == 0)
    const char *s = lx->prev_text;
    if (lx->prev_kind == BK_EOF || lx->prev_kind == BK_INTERP_OPEN) return 1;
    if (lx->prev_kind == BK_OP) {
        if (lx->prev_len == 1) return !(s[0] == ')' || s[0] == ']' || s[0] == '}');
        return !(lx->prev_len == 2 && (IS("++") || IS("--")));
    }
    if (lx->prev_kind != BK_NAME) return 0;
    switch (lx->prev_len) {   /* the keywords after which an expression starts */
    case 2: return IS("in") || IS("of") || IS("do");
    case 3: return IS("new");
    case 4: return IS("void") || IS("case") || IS("else");
    case 5: return IS("throw") || IS("yield") || IS("await");
    case 6: return IS("return") || IS("typeof") || IS("delete");
    case 10: return IS("instanceof");
    default: return 0;
    }
#undef IS
}

/* Fills tok with [start, stop) and marks its lines as code. Returns 1, -1 on no memory. */
static int emit_span(ob_brace_lexer *lx, ob_brace_token *tok, ob_brace_kind kind,
                     const char *start, const char *stop, uint32_t line, uint32_t col,
                     uint32_t end_line) {
    tok->kind = kind;
    tok->text = start;
    tok->len = (size_t)(stop - start);
    tok->line = line;
    tok->col = col;
    tok->end_line = tok->len ? end_line : line;
    lx->prev_kind = kind;
    lx->prev_text = start;
    lx->prev_len = tok->len;
    /* Most tokens sit on the line the previous one marked. */
    if (line == tok->end_line && line == lx->code_line) return 1;
    if (mark_lines(lx, line, tok->end_line, BR_LINE_CODE) < 0) return -1;
    lx->code_line = tok->end_line;
    return 1;
}

/* The token [start, lx->p): its end line is the line of its last byte. */
static int emit(ob_brace_lexer *lx, ob_brace_token *tok, ob_brace_kind kind, const char *start,
                uint32_t line, uint32_t col) {
    uint32_t end_line = lx->line;
    if (lx->p > start && (lx->p[-1] == '\n' || lx->p[-1] == '\r')) end_line--;
    return emit_span(lx, tok, kind, start, lx->p, line, col, end_line);
}

/* emit() for a non-empty token without line breaks (names, numbers, operators). */
static inline int emit_line(ob_brace_lexer *lx, ob_brace_token *tok, ob_brace_kind kind,
                            const char *start, uint32_t line, uint32_t col) {
    tok->kind = kind;
    tok->text = start;
    tok->len = (size_t)(lx->p - start);
    tok->line = tok->end_line = line;
    tok->col = col;
    lx->prev_kind = kind;
    lx->prev_text = start;
    lx->prev_len = tok->len;
    if (line == lx->code_line) return 1;
    if (mark_lines(lx, line, line, BR_LINE_CODE) < 0) return -1;
    lx->code_line = line;
    return 1;
}

/* ---- comments --------------------------------------------------------------- */

/*
 * Skips to the first byte of [p, end) that is one of a, b, c, d (end if
 * none), eight bytes at a time, as in lex_python.c: (v - 0x01..) & ~v &
 * 0x80.. is non-zero exactly when some byte of v is zero.
 */
#define OB_ONES 0x0101010101010101ull
#define OB_HIGHS 0x8080808080808080ull
static inline uint64_t zero_byte(uint64_t v) { return (v - OB_ONES) & ~v & OB_HIGHS; }

static const char *skip_to_any(const char *p, const char *end, char a, char b, char c, char d) {
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

/* The end of the line at p: its '\n', '\r' or the end of the source. */
static const char *line_end(const ob_brace_lexer *lx, const char *p) {
    if (!lx->no_cr) return skip_to_any(p, lx->end, '\n', '\r', '\n', '\r');
    const char *eol = memchr(p, '\n', (size_t)(lx->end - p));
    return eol ? eol : lx->end;
}

/* At "//" or "/x" with x = '*': skips the comment. Returns -1 on no memory. */
static int skip_comment(ob_brace_lexer *lx) {
    const char *p = lx->p, *end = lx->end;
    uint32_t line = lx->line, col = col_of(lx, p);
    if (p[1] == '/') {
        lx->p = line_end(lx, p);
        return mark_lines(lx, line, line, BR_LINE_COMMENT);
    }
    size_t depth = 1;
    int nested = lx->sx->nested_comments;
    lx->p = p + 2;
    while (depth) {
        p = lx->p = skip_to_any(lx->p, end, '*', '/', '\n', '\r');
        if (p >= end) {
            ob_diag_add(lx->diags, line, col, 1, "unterminated-comment",
                        "unterminated block comment");
            break;
        }
        if (*p == '*' && p + 1 < end && p[1] == '/') {
            lx->p += 2;
            depth--;
        } else if (*p == '/' && nested && p + 1 < end && p[1] == '*') {
            lx->p += 2;
            depth++;
        } else if (!eat_newline(lx)) {
            lx->p++;
        }
    }
    uint32_t last = lx->line - (lx->p[-1] == '\n' || lx->p[-1] == '\r');
    return mark_lines(lx, line, last, BR_LINE_COMMENT);
}

/* ---- strings ----------------------------------------------------------------- */

enum { S_CLOSED, S_INTERP, S_EOL, S_EOF };

static inline int hash_run(const char *p, const char *end, size_t n) {
    if ((size_t)(end - p) < n) return 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] != '#') return 0;
    return 1;
}

/* The string form opening at p (with its '#'s), or NULL. */
static const str_form *match_string(ob_brace_lexer *lx, const char *p, size_t *hashes) {
    const char *end = lx->end;
    size_t n = 0;
    if (*p == '#' && lx->sx->hashes) {
        /* A failed run of '#'s is not re-counted from each of its bytes. */
        if (p < lx->no_string_before) return NULL;
        while (p + n < end && p[n] == '#') n++;
    }
    const char *q = p + n;
    if (n) lx->no_string_before = q;   /* if it opens a string, we jump past it anyway */
    if (q >= end) return NULL;
    for (const str_form *f = lx->sx->forms; f->open; f++) {
        if (f->open[0] != *q || (n && !(f->flags & Q_HASH)) || (!n && (f->flags & Q_NEEDHASH)))
            continue;
        if ((size_t)(end - q) >= f->olen && memcmp(q, f->open, f->olen) == 0) {
            *hashes = n;
            return f;
        }
    }
    return NULL;
}

/*
 * Scans string text from lx->p: S_CLOSED after the closer, S_INTERP at a
 * template start (its kind in *ik), S_EOL at the newline that cuts a
 * one-line string, S_EOF at the end of the input.
 */
static int scan_text(ob_brace_lexer *lx, const str_form *f, size_t hashes, int multi,
                     unsigned char *ik) {
    const char *end = lx->end;
    const char q = f->quote;
    for (;;) {
        const char *p = lx->p;
        while (p < end && !str_stop[(unsigned char)*p]) p++;
        lx->p = p;
        if (p >= end) return S_EOF;
        char c = *p;
        if (c == '\n' || c == '\r') {
            if (!multi) return S_EOL;
            eat_newline(lx);
        } else if (c == '\\' && f->esc != E_NONE) {
            size_t n = f->esc == E_HASH ? hashes : 0;
            if (!hash_run(p + 1, end, n)) { lx->p++; continue; }
            const char *a = p + 1 + n;
            if ((f->interp & I_PAREN) && a < end && *a == '(') { *ik = I_PAREN; return S_INTERP; }
            lx->p = a;
            if (a < end && !eat_newline(lx)) lx->p++;
        } else if (c == '$' && (f->interp & (I_BRACE | I_NAME)) && p + 1 < end) {
            if ((f->interp & I_BRACE) && p[1] == '{') { *ik = I_BRACE; return S_INTERP; }
            if ((f->interp & I_NAME) && (CLS(p[1]) & TEMPLATE_START)) { *ik = I_NAME; return S_INTERP; }
            lx->p++;
        } else if (c == q) {
            const char *a = p + 1;
            if (f->flags & Q_RUN) {
                while (a < end && *a == q) a++;
                if (a - p < 3) { lx->p = a; continue; }
            } else if (f->flags & Q_TRIPLE) {
                if (end - p < 3 || p[1] != q || p[2] != q) { lx->p++; continue; }
                a = p + 3;
            }
            if (hash_run(a, end, hashes)) { lx->p = a + hashes; return S_CLOSED; }
            lx->p++;
        } else {
            lx->p++;
        }
    }
}

/*
 * Scans a piece of string text starting at `start` (lx->p is past the
 * opener for the first piece) and yields it as a STRING token. The first
 * template of a string pushes its frame; the end of the string pops it.
 */
static int string_piece(ob_brace_lexer *lx, ob_brace_token *tok, const str_form *f,
                        size_t hashes, int multi, const char *start, uint32_t oline,
                        uint32_t ocol, int in_frame) {
    uint32_t line = lx->line, col = col_of(lx, start);
    if (!in_frame) line = oline, col = ocol;
    unsigned char ik = 0;
    int r = scan_text(lx, f, hashes, multi, &ik);
    if (r == S_INTERP) {
        frame *fr = in_frame ? top(lx) : push_frame(lx, F_STRING, oline, ocol);
        if (!fr) return -1;
        fr->form = f;
        fr->hashes = hashes;
        fr->multi = (unsigned char)multi;
        fr->state = ST_OPEN;
        fr->ikind = ik;
    } else {
        if (r != S_CLOSED)
            ob_diag_add(lx->diags, oline, ocol, 1, "unterminated-string",
                        "unterminated string literal");
        if (in_frame) lx->frames.len--;
    }
    return emit(lx, tok, BK_STRING, start, line, col);
}

/* The STRING frame on top: the next piece, or a template's boundary. */
static int scan_string_frame(ob_brace_lexer *lx, ob_brace_token *tok) {
    frame *fr = top(lx);
    const char *p = lx->p;
    uint32_t line = lx->line, col = col_of(lx, p);
    switch (fr->state) {
    case ST_OPEN:
        if (fr->ikind == I_NAME) {
            fr->state = ST_NAME;
            lx->p++;
        } else {
            unsigned char closer = fr->ikind == I_BRACE ? '}' : ')';
            lx->p += fr->ikind == I_BRACE ? 2 : 2 + fr->hashes;
            fr->state = ST_TEXT;
            frame *code = push_frame(lx, F_CODE, line, col);
            if (!code) return -1;
            code->closer = closer;
            code->interp = 1;
        }
        return emit(lx, tok, BK_INTERP_OPEN, p, line, col);
    case ST_NAME:
        fr->state = ST_CLOSE;
        lx->p++;
        while (lx->p < lx->end && (CLS(*lx->p) & TEMPLATE_CHAR)) lx->p++;
        return emit(lx, tok, BK_NAME, p, line, col);
    case ST_CLOSE:
        fr->state = ST_TEXT;
        return emit(lx, tok, BK_INTERP_CLOSE, p, line, col);
    default:
        return string_piece(lx, tok, fr->form, fr->hashes, fr->multi, p, fr->line, fr->col, 1);
    }
}

/* ---- code --------------------------------------------------------------------- */

/* Only blanks between the start of the line and p? */
static int first_on_line(const ob_brace_lexer *lx, const char *p) {
    while (p > lx->line_ptr && (CLS(p[-1]) & C_SPACE)) p--;
    return p == lx->line_ptr;
}

/* An Objective-C directive: to the end of the line, backslash-newline continuing it. */
static int directive(ob_brace_lexer *lx, ob_brace_token *tok, uint32_t line, uint32_t col) {
    const char *start = lx->p, *end = lx->end;
    for (;;) {
        lx->p = line_end(lx, lx->p);
        if (lx->p >= end || lx->p[-1] != '\\') break;
        eat_newline(lx);
    }
    return emit(lx, tok, BK_DIRECTIVE, start, line, col);
}

/* A JS regex literal at '/'; a newline or the end cuts it. */
static int regex(ob_brace_lexer *lx, ob_brace_token *tok, uint32_t line, uint32_t col) {
    const char *start = lx->p, *q = start + 1, *end = lx->end;
    int in_class = 0;
    for (;;) {
        if (q >= end || *q == '\n' || *q == '\r') {
            ob_diag_add(lx->diags, line, col, 1, "unterminated-regex",
                        "unterminated regular expression literal");
            lx->p = q;
            return emit(lx, tok, BK_REGEX, start, line, col);
        }
        char c = *q++;
        if (c == '\\') {
            if (q < end && *q != '\n' && *q != '\r') q++;
        } else if (c == '[') {
            in_class = 1;
        } else if (c == ']') {
            in_class = 0;
        } else if (c == '/' && !in_class) {
            break;
        }
    }
    while (q < end && *q >= 'a' && *q <= 'z') q++;
    lx->p = q;
    return emit(lx, tok, BK_REGEX, start, line, col);
}

static const char *scan_number(const char *p, const char *end) {
    const char *q = p + 1;
    char exp = (p[0] == '0' && q < end && (*q | 0x20) == 'x') ? 'p' : 'e';
    while (q < end) {
        char d = *q;
        if (d == '.') {
            if (q + 1 < end && q[1] == '.') break;   /* a range: 1..5 */
            q++;
        } else if (CLS(d) & (C_ALPHA | C_DIGIT)) {
            q++;
        } else if ((d == '+' || d == '-') && (q[-1] | 0x20) == exp && q + 1 < end &&
                   (CLS(q[1]) & C_DIGIT)) {
            q++;
        } else {
            break;
        }
    }
    return q;
}

/* Each language's operators grouped by first byte, built once (ob_brace_init):
 * op_length tries only those that start with the byte it is at. */
#define MAX_OPS 48
static struct {
    const char *op[MAX_OPS];   /* sx->ops in order of first byte */
    uint8_t first[256], count[256];
} op_index[OB_BRACE_LANG_COUNT];
static pthread_once_t op_index_once = PTHREAD_ONCE_INIT;

static void build_op_index(void) {
    for (int lang = 0; lang < OB_BRACE_LANG_COUNT; lang++) {
        const char *const *ops = syntaxes[lang].ops;
        size_t n = 0;
        for (int c = 1; c < 256; c++) {
            op_index[lang].first[c] = (uint8_t)n;
            for (size_t i = 0; ops[i]; i++)
                if ((unsigned char)ops[i][0] == c && n < MAX_OPS) op_index[lang].op[n++] = ops[i];
            op_index[lang].count[c] = (uint8_t)(n - op_index[lang].first[c]);
        }
    }
}

/* Length of the longest operator at p (1 for any other byte). */
static size_t op_length(const ob_brace_lexer *lx, const char *p, const char *end) {
    size_t best = 1, avail = (size_t)(end - p);
    if (avail < 2 || !(CLS(p[0]) & CLS(p[1]) & C_OP)) return 1;
    unsigned char c = (unsigned char)p[0];
    const char *const *o = op_index[lx->lang].op + op_index[lx->lang].first[c];
    for (unsigned k = op_index[lx->lang].count[c]; k; k--, o++) {
        const char *s = *o;
        size_t i = 1;
        while (s[i] && i < avail && s[i] == p[i]) i++;
        if (!s[i] && i > best) best = i;
    }
    /* JS/TS: a?.5:1 is '?' then '.5' */
    if (lx->sx->regex && best == 2 && c == '?' && p[1] == '.' && avail > 2 &&
        (CLS(p[2]) & C_DIGIT))
        best = 1;
    return best;
}

/* Puts this lexer's diagnostics in position order (stable; at most OB_MAX_DIAGS). */
static void sort_diags(ob_brace_lexer *lx) {
    ob_diag *d = lx->diags->items.data;
    for (size_t i = lx->diag_base + 1; i < lx->diags->items.len; i++) {
        ob_diag x = d[i];
        size_t j = i;
        for (; j > lx->diag_base && (d[j - 1].line > x.line ||
                                     (d[j - 1].line == x.line && d[j - 1].column > x.column)); j--)
            d[j] = d[j - 1];
        d[j] = x;
    }
}

/*
 * The end of the input, wherever it comes: every template still open is
 * reported (the string around it is not: the template is what was cut),
 * the frames go, and BK_EOF comes now and on every later call.
 */
static int finish(ob_brace_lexer *lx, ob_brace_token *tok) {
    for (size_t i = lx->frames.len; i-- > 1;) {
        frame *fr = &OB_VEC_AT(&lx->frames, frame, i);
        if (fr->kind == F_CODE && fr->interp)
            ob_diag_add(lx->diags, fr->line, fr->col, 1, "unterminated-template",
                        "unterminated string template");
    }
    lx->frames.len = 1;
    sort_diags(lx);
    tok->kind = BK_EOF;
    tok->text = lx->p;
    tok->len = 0;
    tok->line = tok->end_line = lx->line;
    tok->col = col_of(lx, lx->p);
    return 1;
}

/* Names, including Kotlin/Swift `backtick` names, Swift #name and Objective-C @name. */
static const char *scan_name(const ob_brace_lexer *lx, const char *p) {
    const ob_brace_syntax *sx = lx->sx;
    const char *end = lx->end;
    unsigned char start = sx->name_start, part = sx->name_start | C_DIGIT;
    if (*p == '`' && sx->backtick_names) {
        const char *q = p + 1;
        while (q < end && *q != '`' && !(CLS(*q) & C_NL)) q++;
        return q < end && *q == '`' ? q + 1 : NULL;
    }
    if (sx->sign && *p == sx->sign && p + 1 < end && (CLS(p[1]) & start)) p++;
    if (!(CLS(*p) & start)) return NULL;
    p++;
    while (p < end && (CLS(*p) & part)) p++;
    return p;
}

static const char *skip_ts_name(const char *p, const char *end) {
    return ob_skip_name_bytes(p, end, 1, ctab, NAME_DOLLAR | C_DIGIT);
}

static const char *skip_blanks(const char *p, const char *end) {
    while (p < end && (CLS(*p) & (C_SPACE | C_NL))) p++;
    return p;
}

/*
 * A '<' where a regex could start opens a JSX element if a name start or
 * '>' follows; in TSX not when it opens the type parameters of an arrow
 * function, by TypeScript's rule: <T,  <T=  <const T ...  <T extends U.
 */
static int starts_element(const ob_brace_lexer *lx, const char *p) {
    const char *end = lx->end, *q = p + 1, *w;
    if (q >= end || *q == '>') return q < end;
    if (!(CLS(*q) & NAME_DOLLAR)) return 0;
    if (!lx->sx->generic_arrows) return 1;
    w = q;
    q = skip_ts_name(q, end);
    int is_const = q - w == 5 && memcmp(w, "const", 5) == 0;
    q = skip_blanks(q, end);
    if (is_const && q < end && (CLS(*q) & NAME_DOLLAR)) q = skip_blanks(skip_ts_name(q, end), end);
    if (q < end && (*q == ',' || *q == '=')) return 0;
    if (q < end && (CLS(*q) & NAME_DOLLAR)) {
        w = q;
        q = skip_ts_name(q, end);
        if (q - w == 7 && memcmp(w, "extends", 7) == 0) {
            q = skip_blanks(q, end);
            return q < end && (*q == '=' || *q == '>' || *q == '/');
        }
    }
    return 1;
}

/* '{' '(' '}' ')' in a template's or JSX child's code: the closer at depth 0 ends it. */
static int closes_frame(ob_brace_lexer *lx, char c) {
    frame *fr = top(lx);
    if (!fr->closer) return 0;
    char opener = fr->closer == '}' ? '{' : '(';
    if (c == opener) {
        fr->depth++;
    } else if (c == (char)fr->closer) {
        if (fr->depth == 0) return 1;
        fr->depth--;
    }
    return 0;
}

/* The 8 (4) bytes at p are all spaces: indentation goes in such steps. */
static inline int eight_spaces(const char *p) {
    uint64_t w;
    memcpy(&w, p, 8);
    return w == OB_ONES * ' ';
}

static inline int four_spaces(const char *p) {
    uint32_t w;
    memcpy(&w, p, 4);
    return w == 0x20202020u;
}

/* skip_space once a line break or a '/' is in sight. */
static int skip_lines(ob_brace_lexer *lx) {
    const char *p = lx->p, *end = lx->end;
    for (;;) {
        while (end - p >= 8 && eight_spaces(p)) p += 8;
        if (end - p >= 4 && four_spaces(p)) p += 4;
        while (p < end && (CLS(*p) & C_SPACE)) p++;
        if (p >= end) break;
        if (*p == '\n' || *p == '\r') {
            p += ob_line_break(p, end);
            lx->line++;
            start_line(lx, p);
        } else if (*p == '/' && p + 1 < end && (p[1] == '/' || p[1] == '*')) {
            lx->p = p;
            if (skip_comment(lx) < 0) return -1;
            p = lx->p;
        } else {
            break;
        }
    }
    lx->p = p;
    return 0;
}

/* Skips spaces, line breaks and comments; -1 on no memory. Between two
 * tokens of a line there is at most a space or two: that stays inline. */
static inline int skip_space(ob_brace_lexer *lx) {
    const char *p = lx->p, *end = lx->end;
    while (p < end && (CLS(*p) & C_SPACE)) p++;
    lx->p = p;
    if (p < end && (CLS(*p) & (C_NL | C_SLASH))) return skip_lines(lx);
    return 0;
}

/* Can c open a string literal in this language (with what follows)? */
static inline int opens_string(const ob_brace_lexer *lx, char c) {
    return (string_leads[(unsigned char)c] >> lx->lang) & 1;
}

/* Everything but a plain name or number, tried in the order of docs/lexers.md. */
static int scan_punct(ob_brace_lexer *lx, ob_brace_token *tok, uint32_t line, uint32_t col) {
    const ob_brace_syntax *sx = lx->sx;
    const char *p = lx->p, *end = lx->end;
    char c = *p;
    if (c == '#' && sx->directives && first_on_line(lx, p)) return directive(lx, tok, line, col);
    size_t hashes;
    const str_form *f = opens_string(lx, c) ? match_string(lx, p, &hashes) : NULL;
    if (f) {
        const char *body = lx->p = p + hashes + f->olen;
        int multi = (f->flags & Q_MULTI) ||
                    ((f->flags & Q_NLMULTI) && body < end && (CLS(*body) & C_NL));
        return string_piece(lx, tok, f, hashes, multi, p, line, col, 0);
    }
    if (c == '/' && sx->regex && regex_ok(lx)) return regex(lx, tok, line, col);
    if (c == '<' && lx->jsx && regex_ok(lx) && starts_element(lx, p)) {
        lx->p++;
        if (!push_frame(lx, F_TAG, line, col)) return -1;
        return emit_line(lx, tok, BK_OP, p, line, col);
    }
    const char *q = scan_name(lx, p);
    if (q) {
        lx->p = q;
        return emit(lx, tok, BK_NAME, p, line, col);
    }
    if (c == '.' && p + 1 < end && (CLS(p[1]) & C_DIGIT)) {
        lx->p = scan_number(p, end);
        return emit_line(lx, tok, BK_NUMBER, p, line, col);
    }
    if ((c == '{' || c == '}' || c == '(' || c == ')') && closes_frame(lx, c)) {
        int interp = top(lx)->interp;
        lx->frames.len--;
        lx->p++;
        return emit_line(lx, tok, interp ? BK_INTERP_CLOSE : BK_OP, p, line, col);
    }
    lx->p = p + op_length(lx, p, end);
    return emit_line(lx, tok, BK_OP, p, line, col);
}

/*
 * A token of code. The byte at the token start mostly decides alone: a
 * name, a number, a bracket, an operator. The bytes whose meaning depends
 * on the language or on what follows more (strings, regexes, '#', '@',
 * '$', '/') take scan_punct, which tries every rule in order.
 */
static int scan_code(ob_brace_lexer *lx, ob_brace_token *tok) {
    const char *p = lx->p, *end = lx->end;
    unsigned char k;
    for (;;) {   /* blanks and comments */
        if (p >= end) {
            lx->p = p;
            return finish(lx, tok);
        }
        k = lead[(unsigned char)*p];
        if (k == L_SPACE) {
            p++;
        } else if (k == L_NL || (k == L_SLASH && p + 1 < end && (p[1] == '/' || p[1] == '*'))) {
            lx->p = p;
            if (skip_lines(lx) < 0) return -1;
            p = lx->p;
        } else {
            break;
        }
    }
    uint32_t line = lx->line, col = col_of(lx, p);
    lx->p = p;
    switch (k) {
    case L_NAME:
        if (opens_string(lx, *p)) break;   /* Dart r"..." */
        lx->p = ob_skip_name_bytes(p + 1, end, lx->sx->name_start & C_DOLLAR, ctab,
                                   lx->sx->name_start | C_DIGIT);
        return emit_line(lx, tok, BK_NAME, p, line, col);
    case L_DIGIT:
        lx->p = scan_number(p, end);
        return emit_line(lx, tok, BK_NUMBER, p, line, col);
    case L_ONE:
        lx->p = p + 1;
        return emit_line(lx, tok, BK_OP, p, line, col);
    case L_DOT:
        if (p + 1 < end && (CLS(p[1]) & C_DIGIT)) {
            lx->p = scan_number(p, end);
            return emit_line(lx, tok, BK_NUMBER, p, line, col);
        }
        lx->p = p + op_length(lx, p, end);
        return emit_line(lx, tok, BK_OP, p, line, col);
    case L_LT:
        if (lx->jsx && regex_ok(lx) && starts_element(lx, p)) break;
        /* fall through */
    case L_OP:
        lx->p = p + op_length(lx, p, end);
        return emit_line(lx, tok, BK_OP, p, line, col);
    case L_BRACKET:
        if (closes_frame(lx, *p)) {
            int interp = top(lx)->interp;
            lx->frames.len--;
            lx->p = p + 1;
            return emit_line(lx, tok, interp ? BK_INTERP_CLOSE : BK_OP, p, line, col);
        }
        lx->p = p + 1;
        return emit_line(lx, tok, BK_OP, p, line, col);
    default:
        break;
    }
    return scan_punct(lx, tok, line, col);
}

/* ---- JSX ------------------------------------------------------------------------- */

/* An attribute string: no escapes, may span lines. */
static int jsx_string(ob_brace_lexer *lx, ob_brace_token *tok, uint32_t line, uint32_t col) {
    const char *start = lx->p, *end = lx->end;
    char q = *start;
    lx->p++;
    for (;;) {
        lx->p = skip_to_any(lx->p, end, q, '\n', '\r', q);
        if (lx->p >= end) {
            ob_diag_add(lx->diags, line, col, 1, "unterminated-string",
                        "unterminated string literal");
            break;
        }
        if (*lx->p == q) { lx->p++; break; }
        eat_newline(lx);
    }
    return emit(lx, tok, BK_STRING, start, line, col);
}

/* The end of a tag: '>' opens the children of an opening tag, '/>' and the
 * '>' of a closing tag end the element. */
static int tag_end(ob_brace_lexer *lx, ob_brace_token *tok, size_t n, uint32_t line,
                   uint32_t col) {
    const char *p = lx->p;
    int closing = top(lx)->state;
    lx->frames.len--;
    if (closing) {
        if (lx->frames.len > 1 && top(lx)->kind == F_CHILDREN) lx->frames.len--;
    } else if (n == 1 && !push_frame(lx, F_CHILDREN, line, col)) {
        return -1;
    }
    lx->p += n;
    return emit(lx, tok, BK_OP, p, line, col);
}

static int scan_tag(ob_brace_lexer *lx, ob_brace_token *tok) {
    const char *end = lx->end;
    for (;;) {
        uint32_t first_line = lx->line;
        if (skip_space(lx) < 0) return -1;
        if (lx->line > first_line && mark_lines(lx, first_line, lx->line - 1, BR_LINE_JSX) < 0)
            return -1;
        const char *p = lx->p;
        if (p >= end) return finish(lx, tok);
        char c = *p;
        uint32_t line = lx->line, col = col_of(lx, p);
        if (c == '>') return tag_end(lx, tok, 1, line, col);
        if (c == '/' && p + 1 < end && p[1] == '>' && !top(lx)->state)
            return tag_end(lx, tok, 2, line, col);
        if (c == '"' || c == '\'') return jsx_string(lx, tok, line, col);
        lx->p++;
        if (c == '{') {
            frame *code = push_frame(lx, F_CODE, line, col);
            if (!code) return -1;
            code->closer = '}';
            return emit(lx, tok, BK_OP, p, line, col);
        }
        if (CLS(c) & NAME_DOLLAR) {
            while (lx->p < end && ((CLS(*lx->p) & (NAME_DOLLAR | C_DIGIT)) || *lx->p == '.' ||
                                   *lx->p == ':' || *lx->p == '-'))
                lx->p++;
            return emit(lx, tok, BK_NAME, p, line, col);
        }
        return emit(lx, tok, BK_OP, p, line, col);
    }
}

/* Between tags: text, {code}, nested elements and the closing tag. */
static int scan_children(ob_brace_lexer *lx, ob_brace_token *tok) {
    const char *p = lx->p, *end = lx->end;
    if (p >= end) return finish(lx, tok);
    uint32_t line = lx->line, col = col_of(lx, p);
    if (*p == '<' || *p == '{') {
        int closing = *p == '<' && p + 1 < end && p[1] == '/';
        frame *fr = push_frame(lx, *p == '<' ? F_TAG : F_CODE, line, col);
        if (!fr) return -1;
        fr->state = (unsigned char)closing;
        fr->closer = *p == '{' ? '}' : 0;
        lx->p += 1 + closing;
        return emit(lx, tok, BK_OP, p, line, col);
    }
    /* A run of text, trimmed; a blank one yields nothing. */
    const char *first = NULL, *last = NULL;
    uint32_t fline = 0, fcol = 0, lline = 0;
    while (lx->p < end && *lx->p != '<' && *lx->p != '{') {
        unsigned char k = CLS(*lx->p);
        if (k & C_NL) {
            eat_newline(lx);
            if (mark_lines(lx, lx->line - 1, lx->line - 1, BR_LINE_JSX) < 0) return -1;
            continue;
        }
        if (!(k & C_SPACE)) {
            if (!first) first = lx->p, fline = lx->line, fcol = col_of(lx, lx->p);
            last = lx->p;
            lline = lx->line;
        }
        lx->p++;
    }
    if (!first) return lx->p >= end ? finish(lx, tok) : 0;
    return emit_span(lx, tok, BK_JSX_TEXT, first, last + 1, fline, fcol, lline);
}

/* ---- the lexer ---------------------------------------------------------------- */

/* One invalid-utf8 diagnostic at the first bad byte, located as tokens are. */
static void check_utf8(ob_brace_lexer *lx) {
    const char *start = lx->p;
    size_t ok = ob_utf8_valid_prefix((const unsigned char *)start, (size_t)(lx->end - start));
    if (ok == (size_t)(lx->end - start)) return;
    uint32_t line = 1;
    const char *bol = start, *bad = start + ok;
    for (const char *p = start; p < bad; p++) {
        if (*p == '\n' || (*p == '\r' && !(p + 1 < bad && p[1] == '\n'))) {
            line++;
            bol = p + 1;
        }
    }
    ob_diag_add(lx->diags, line, (uint32_t)(bad - bol), 1, "invalid-utf8",
                "invalid UTF-8 byte 0x%02X; analysed as if it were text", (unsigned char)*bad);
}

int ob_brace_init(ob_brace_lexer *lx, const char *src, size_t len, ob_brace_lang lang, int jsx,
                  ob_arena *arena, ob_diag_list *diags) {
    memset(lx, 0, sizeof *lx);
    ob_vec_init(&lx->frames, sizeof(frame));
    ob_vec_init(&lx->line_flags, 1);
    ob_vec_init(&lx->line_starts, sizeof(size_t));
    if (lang < 0 || lang >= OB_BRACE_LANG_COUNT) return -1;
    pthread_once(&op_index_once, build_op_index);
    lx->src = lx->p = lx->line_ptr = src;
    lx->end = src + len;
    lx->no_cr = !len || memchr(src, '\r', len) == NULL;
    lx->line = 1;
    lx->lang = lang;
    lx->sx = &syntaxes[lang];
    lx->jsx = jsx && (lang == OB_BRACE_JAVASCRIPT || lang == OB_BRACE_TYPESCRIPT);
    lx->arena = arena;
    lx->diags = diags;
    if (memchr(src, 0, len < BINARY_PROBE ? len : BINARY_PROBE)) {
        ob_diag_add(diags, 0, 0, 0, "binary-file",
                    "binary file (NUL byte in the first %d bytes); not analysed", BINARY_PROBE);
        lx->binary = 1;
        return 0;
    }
    /* Skip a UTF-8 byte order mark (docs/metrics.md, "Files"). */
    if (len >= 3 && memcmp(src, "\xEF\xBB\xBF", 3) == 0) lx->p = lx->line_ptr = src + 3;
    size_t *starts = ob_vec_reserve(&lx->line_starts, len / 12 + 16) < 0 ? NULL
                     : ob_vec_push(&lx->line_starts);   /* line 0: none */
    if (!starts) return -1;
    start_line(lx, lx->p);
    lx->diag_base = diags->items.len;
    check_utf8(lx);
    return push_frame(lx, F_CODE, 1, 0) ? 0 : -1;
}

void ob_brace_free(ob_brace_lexer *lx) {
    ob_vec_free(&lx->frames);
    ob_vec_free(&lx->line_flags);
    ob_vec_free(&lx->line_starts);
}

/* Inlined into the brace pass's loop wherever link-time optimisation can: in the extension, a
 * shared object, GCC would otherwise keep the call once per token (5% on the mobile pass). */
__attribute__((always_inline)) inline int ob_brace_next(ob_brace_lexer *lx,
                                                         ob_brace_token *tok) {
    for (;;) {
        int r;
        if (lx->frames.len == 1) {   /* the file's own code: by far the most frequent */
            r = scan_code(lx, tok);
        } else if (!lx->frames.len) {   /* a binary file */
            tok->kind = BK_EOF;
            tok->text = lx->src;
            tok->len = 0;
            tok->line = tok->end_line = 1;
            tok->col = 0;
            return 0;
        } else {
            unsigned char kind = top(lx)->kind;
            if (kind == F_CODE) r = scan_code(lx, tok);
            else if (kind == F_STRING) r = scan_string_frame(lx, tok);
            else if (kind == F_TAG) r = scan_tag(lx, tok);
            else r = scan_children(lx, tok);
        }
        if (r < 0 || lx->line_starts_lost) return -1;
        if (r > 0) return 0;
    }
}

void ob_brace_count_lines(const ob_brace_lexer *lx, uint32_t *physical, uint32_t *code,
                          uint32_t *comment, uint32_t *blank) {
    /* docs/metrics.md: a line a token covers is code; else a line of only
     * blanks is blank (an empty line inside a block comment too); else a
     * line a comment touches is comment; else code. */
    const char *p = lx->src, *end = lx->end;
    const uint8_t *flags = lx->line_flags.data;
    size_t nflags = lx->line_flags.len;
    uint32_t lines = 0, n_code = 0, n_blank = 0;
    if (!lx->binary) {
        /* Where every line starts, recorded by the lexer (it read to the end);
         * a line after the last line break only counts if it has bytes. */
        const size_t *starts = lx->line_starts.data;
        size_t n_starts = lx->line_starts.len, len = (size_t)(end - p);
        for (size_t l = 1; l < n_starts && starts[l] < len; l++) {
            uint8_t f = l < nflags ? flags[l] : 0;
            lines++;
            if (f & BR_LINE_CODE) {
                n_code++;
                continue;
            }
            const char *q = p + starts[l];
            while (q < end && (CLS(*q) & C_SPACE)) q++;
            if (q == end || *q == '\n' || *q == '\r') n_blank++;
            else if (!(f & BR_LINE_COMMENT)) n_code++;
        }
    }
    *physical = lines;
    *code = n_code;
    *blank = n_blank;
    *comment = lines - n_code - n_blank;
}
