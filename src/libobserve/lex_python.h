/*
 * lex_python.h - a pull tokenizer for Python source.
 *
 * It yields the tokens the metrics pass needs, nothing more: names (with
 * keyword ids), numbers, strings, f-string boundaries with the tokens of
 * their replacement fields in between, operators (with ids for the ones
 * that matter), and NEWLINE at the end of each logical line. Indentation
 * is reported on the first token of a logical line instead of INDENT and
 * DEDENT tokens. Comments and line classes go into a per-line flag array.
 *
 * It accepts any bytes: problems become diagnostics and scanning goes on.
 */
#ifndef OB_LEX_PYTHON_H
#define OB_LEX_PYTHON_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "report.h"

typedef enum py_kind {
    PK_EOF, PK_NEWLINE, PK_NAME, PK_NUMBER, PK_STRING,
    PK_FSTRING_START, PK_FSTRING_END, PK_OP
} py_kind;

typedef enum py_kw {
    KW_NONE, KW_IF, KW_ELIF, KW_ELSE, KW_FOR, KW_WHILE, KW_TRY, KW_EXCEPT,
    KW_FINALLY, KW_WITH, KW_DEF, KW_CLASS, KW_ASYNC, KW_AWAIT, KW_LAMBDA,
    KW_AND, KW_OR, KW_NOT, KW_IN, KW_IS, KW_RETURN, KW_ASSERT, KW_MATCH,
    KW_CASE, KW_FROM, KW_AS, KW_YIELD, KW_OTHER
} py_kw;

typedef enum py_op {
    OP_OTHER, OP_LPAR, OP_RPAR, OP_LSQB, OP_RSQB, OP_LBRACE, OP_RBRACE,
    OP_COLON, OP_COMMA, OP_SEMI, OP_EQUAL, OP_AUGASSIGN, OP_ARROW,
    OP_WALRUS, OP_DOT, OP_AT, OP_STAR, OP_DSTAR, OP_SLASH
} py_op;

typedef struct py_token {
    py_kind kind;
    uint8_t kw;          /* py_kw for PK_NAME */
    uint8_t op;          /* py_op for PK_OP */
    uint8_t line_start;  /* first token of a logical line */
    uint32_t indent;     /* its indentation column (tabs to multiples of 8) */
    uint32_t line, col, end_line;
    const char *text;
    size_t len;
} py_token;

/* Line flags, one byte per physical line (index = line number). */
#define PY_LINE_CODE 1
#define PY_LINE_COMMENT 2

typedef struct py_mode py_mode;

typedef struct py_lexer {
    const char *src, *p, *end;
    uint32_t line;
    const char *line_ptr;     /* start of the current physical line */
    int at_bol;               /* next token starts a logical line */
    int line_has_tokens;      /* a token was emitted on this logical line */
    size_t depth;             /* open brackets, f-string fields included */
    uint32_t line_indent;     /* indentation of the current logical line */
    ob_vec modes;             /* py_mode stack for f-strings */
    ob_vec brackets;          /* open bracket chars with their lines */
    ob_vec line_flags;        /* uint8_t per line */
    ob_diag_list *diags;
} py_lexer;

/* src must stay valid while the lexer is used. Returns 0, -1 on no memory. */
int py_lexer_init(py_lexer *lx, const char *src, size_t len, ob_diag_list *diags);
void py_lexer_free(py_lexer *lx);
/* Next token; PK_EOF at the end (repeatedly). Returns -1 on no memory. */
int py_next(py_lexer *lx, py_token *tok);
/* After PK_EOF: fills the line counts of docs/metrics.md. */
void py_count_lines(const py_lexer *lx, uint32_t *physical, uint32_t *code,
                    uint32_t *comment, uint32_t *blank);

#endif
