/*
 * lex_brace.h - a pull tokenizer for the brace languages: Kotlin, Java,
 * Swift, JavaScript (JSX), TypeScript (TSX), Objective-C and Dart.
 *
 * docs/lexers.md is the specification; observe_core/_python/lex_brace.py
 * is its pure-Python twin and must yield the same tokens. One scanner
 * serves every language, driven by a per-language table (lex_brace.c).
 *
 * Tokens point into the source. Interpolated strings come as pieces:
 * STRING, INTERP_OPEN, the code's tokens, INTERP_CLOSE, STRING ...
 * Comments are not tokens: they and the tokens go into a per-line flag
 * array from which the code / comment / blank line counts follow.
 *
 * It accepts any bytes: problems become diagnostics and scanning goes on.
 * Nesting (templates, JSX elements, comments) lives on explicit stacks.
 */
#ifndef OB_LEX_BRACE_H
#define OB_LEX_BRACE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "report.h"

typedef enum ob_brace_lang {
    OB_BRACE_NONE = -1,
    OB_BRACE_KOTLIN, OB_BRACE_JAVA, OB_BRACE_SWIFT, OB_BRACE_JAVASCRIPT,
    OB_BRACE_TYPESCRIPT, OB_BRACE_OBJC, OB_BRACE_DART,
    OB_BRACE_LANG_COUNT
} ob_brace_lang;

typedef enum ob_brace_kind {
    BK_EOF, BK_NAME, BK_NUMBER, BK_STRING, BK_OP, BK_REGEX, BK_JSX_TEXT,
    BK_INTERP_OPEN, BK_INTERP_CLOSE, BK_DIRECTIVE
} ob_brace_kind;

typedef struct ob_brace_token {
    ob_brace_kind kind;
    uint32_t line;       /* 1-based line of the first byte */
    uint32_t col;        /* 0-based byte offset of the first byte in its line */
    uint32_t end_line;   /* line of the last byte (= line for empty tokens) */
    const char *text;    /* into the source; not NUL-terminated */
    size_t len;
} ob_brace_token;

/* Line flags, one byte per physical line (index = line number). */
#define BR_LINE_CODE 1      /* a token covers the line */
#define BR_LINE_COMMENT 2   /* a comment touches the line */
#define BR_LINE_JSX 4       /* the line's break is JSX markup: in a tag or an element's children */

typedef struct ob_brace_syntax ob_brace_syntax;

typedef struct ob_brace_lexer {
    const char *src, *p, *end;
    uint32_t line;
    const char *line_ptr;        /* start of the current physical line */
    uint32_t code_line;          /* the last line a token marked as code (0: none yet) */
    ob_brace_lang lang;
    int jsx;                     /* JSX elements are read (JS, TSX) */
    const ob_brace_syntax *sx;   /* the language's table */
    int binary;                  /* NUL in the first 8 KB: no tokens */
    int no_cr;                   /* no '\r' anywhere: lines end at '\n' alone (memchr) */
    ob_brace_kind prev_kind;     /* JS/TS: the last token (BK_EOF: none), which tells */
    const char *prev_text;       /* whether a '/' or '<' may start a regex or an element */
    size_t prev_len;             /* (regex_ok(): asked only there, it costs nothing else) */
    const char *no_string_before;  /* Swift: a run of '#'s known to open no string */
    size_t diag_base;            /* diagnostics before ours (sorted by position at EOF) */
    ob_vec frames;               /* scanner state stack (lex_brace.c) */
    ob_vec line_flags;           /* uint8_t per line */
    ob_vec line_starts;          /* size_t per line: the offset of its first byte */
    int line_starts_lost;        /* a push found no memory: the next token fails */
    ob_arena *arena;
    ob_diag_list *diags;
} ob_brace_lexer;

/* "kotlin", "kt", ... (docs/lexers.md, any case); OB_BRACE_NONE if unknown. *jsx (may
 * be NULL) is set to whether JSX is read for that name. */
ob_brace_lang ob_brace_lang_from_name(const char *name, int *jsx);
/* By extension (case-insensitive); OB_BRACE_NONE if none. *jsx as above. */
ob_brace_lang ob_brace_lang_from_path(const char *path, int *jsx);
/* "kotlin", "java", ... for a language; "name", "number", ... for a kind. */
const char *ob_brace_lang_name(ob_brace_lang lang);
const char *ob_brace_kind_name(ob_brace_kind kind);

/*
 * src must stay valid while the lexer is used; jsx is ignored for languages
 * other than JavaScript and TypeScript. Diagnostics of the input as a whole
 * (binary-file, invalid-utf8) are added here; at BK_EOF the lexer's
 * diagnostics are in position order. Returns 0, -1 on a bad language or no
 * memory (ob_brace_free is safe either way).
 */
int ob_brace_init(ob_brace_lexer *lx, const char *src, size_t len, ob_brace_lang lang, int jsx,
                  ob_arena *arena, ob_diag_list *diags);
void ob_brace_free(ob_brace_lexer *lx);
/* Next token; BK_EOF at the end (repeatedly). Returns -1 on no memory. */
int ob_brace_next(ob_brace_lexer *lx, ob_brace_token *tok);
/* After BK_EOF: the line counts of docs/metrics.md ("Files"). */
void ob_brace_count_lines(const ob_brace_lexer *lx, uint32_t *physical, uint32_t *code,
                          uint32_t *comment, uint32_t *blank);

#endif
