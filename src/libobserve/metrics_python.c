/*
 * metrics_python.c - complexity metrics of Python source in one token scan.
 *
 * No syntax tree is built. The scan keeps three small stacks:
 *   blocks  compound-statement clauses opened by a header ':' and closed
 *           when a logical line starts at or left of the header's indent;
 *   scopes  the open def/class bodies (a def/class is also a block);
 *   frames  one per open bracket, for comprehension and boolean-operator
 *           state that is local to a bracket level;
 * plus the open lambdas. docs/metrics.md defines every number; the comments
 * here say how each rule maps to tokens.
 */
#include <stdlib.h>
#include <string.h>

#include "lex_python.h"
#include "observe.h"
#include "metrics.h"
#include "report.h"

typedef enum blk_kind {
    B_OTHER, B_IF, B_ELIF, B_IF_ELSE, B_FOR, B_WHILE, B_LOOP_ELSE, B_TRY,
    B_EXCEPT, B_TRY_ELSE, B_FINALLY, B_WITH, B_MATCH, B_CASE, B_DEF, B_CLASS
} blk_kind;

/* Per block kind: does its body raise cognitive nesting, does it count as
 * a level of nested_depth (docs/metrics.md). */
static const struct { uint8_t nest, depth; } blk_rules[] = {
    [B_OTHER] = {0, 0},   [B_IF] = {1, 1},      [B_ELIF] = {1, 1},
    [B_IF_ELSE] = {1, 1}, [B_FOR] = {1, 1},     [B_WHILE] = {1, 1},
    [B_LOOP_ELSE] = {0, 1}, [B_TRY] = {0, 1},   [B_EXCEPT] = {1, 1},
    [B_TRY_ELSE] = {0, 1}, [B_FINALLY] = {0, 1}, [B_WITH] = {0, 1},
    [B_MATCH] = {1, 1},   [B_CASE] = {0, 0},    [B_DEF] = {1, 0},
    [B_CLASS] = {0, 0},
};

typedef struct block {
    uint8_t kind;
    uint32_t indent;        /* indentation of the header line */
    int32_t scope;          /* B_DEF/B_CLASS: the scope it opened */
    int32_t owner;          /* innermost scope where the header stands */
    uint32_t n_cases;       /* B_MATCH */
    uint8_t irrefutable;    /* B_MATCH: some case is `case _` / `case name` */
} block;

typedef struct scope {
    uint8_t is_class;
    int32_t parent;         /* enclosing scope, -1 at module level */
    int32_t rec;            /* index into funcs or classes */
    uint32_t base_nest;     /* cognitive nesting at the start of the body */
    uint32_t base_depth;    /* statement depth at the start of the body */
    const char *qualname;
} scope;

typedef struct frame {
    uint8_t comp;           /* a comprehension `for` stood at this level */
    uint8_t seg_or;         /* an `or` node is open in this segment */
    uint8_t and_run;        /* the last boolean operator was `and` */
} frame;

typedef struct lambda {
    size_t depth;
    uint8_t active;         /* its ':' was seen: the body is being read */
} lambda;

/* What the current logical line is, decided by its first tokens. */
typedef enum line_kind {
    L_SIMPLE, L_COMPOUND, L_DEF, L_CLASS, L_DECORATOR, L_MATCH_MAYBE, L_CASE
} line_kind;

typedef struct scan {
    py_lexer lx;
    ob_arena *arena;
    ob_vec blocks, scopes, frames, lambdas, funcs, classes;
    ob_vec func_scope;      /* int32_t per function: its scope */
    ob_vec func_class;      /* int32_t per function: class record or -1 */
    ob_vec func_outer;      /* uint8_t per function: not nested in a function */
    int32_t cur;            /* innermost open scope, -1 = module */
    uint32_t nest;          /* cognitive nesting (blocks + lambdas) */
    uint32_t depth;         /* statement depth (sum over open blocks) */
    uint32_t last_end_line; /* end line of the last token read */

    /* Logical-line state. */
    line_kind lk;
    uint8_t expect_stmt;    /* the next token starts the statement */
    uint8_t stmt_async;
    uint8_t header_open;    /* in a compound header, before its ':' */
    uint8_t pending;        /* blk_kind to open at the header ':' */
    uint8_t in_assert;
    uint8_t match_colon;    /* L_MATCH_MAYBE: a ':' ended the line so far */
    uint32_t line_indent;
    uint32_t stmt_line, stmt_col;
    /* def/class header */
    const char *name;
    size_t name_len;
    uint8_t params_state;   /* 0 before '(', 1 inside, 2 after */
    uint8_t entry_named, entry_closed;
    uint32_t n_params;
    /* case header: irrefutable pattern detection */
    uint8_t case_state;     /* 0 start, 1 after name, 2 not irrefutable, 3 done */
    uint32_t case_open, case_close;
    uint8_t case_header;    /* in a case header: nesting lowered by one */
} scan;

/* ---- helpers ------------------------------------------------------------ */

static inline block *top_block(scan *s) {
    return s->blocks.len ? &OB_VEC_AT(&s->blocks, block, s->blocks.len - 1) : NULL;
}
static inline scope *scope_at(scan *s, int32_t i) { return &OB_VEC_AT(&s->scopes, scope, i); }
static inline ob_function *func_at(scan *s, int32_t i) { return &OB_VEC_AT(&s->funcs, ob_function, i); }

/* The function whose own scope we are in, or NULL (module/class level). */
static inline ob_function *own(scan *s) {
    if (s->cur < 0) return NULL;
    scope *sc = scope_at(s, s->cur);
    return sc->is_class ? NULL : func_at(s, sc->rec);
}

/* Cognitive: a structure "+1 + nesting" (hybrid: "+1") for every open
 * function, each with nesting measured from its own body. */
static void cognitive(scan *s, int structural) {
    for (int32_t i = s->cur; i >= 0; i = scope_at(s, i)->parent) {
        scope *sc = scope_at(s, i);
        if (sc->is_class) continue;
        func_at(s, sc->rec)->cognitive += 1 + (structural ? s->nest - sc->base_nest : 0);
    }
}

static inline void cyclomatic(scan *s, uint32_t n) {
    ob_function *f = own(s);
    if (f && !s->in_assert) f->cyclomatic += n;
}

/* A compound statement starts here: nested_depth of the own function. */
static void statement_depth(scan *s) {
    ob_function *f = own(s);
    if (!f) return;
    uint32_t d = s->depth - scope_at(s, s->cur)->base_depth + 1;
    if (d > f->nested_depth) f->nested_depth = d;
}

static inline frame *cur_frame(scan *s) {
    return &OB_VEC_AT(&s->frames, frame, s->frames.len - 1);
}

static inline void end_segment(scan *s) {
    frame *fr = cur_frame(s);
    fr->seg_or = 0;
    fr->and_run = 0;
}

/* Ends the lambdas whose body stands at bracket depth >= d. A lambda at
 * depth d still reading its parameters (no ':' yet) stays open: its
 * commas and defaults belong to it. */
static void end_lambdas(scan *s, size_t d) {
    while (s->lambdas.len) {
        lambda *l = &OB_VEC_AT(&s->lambdas, lambda, s->lambdas.len - 1);
        if (l->depth < d || (l->depth == d && !l->active)) break;
        if (l->active) s->nest--;
        s->lambdas.len--;
    }
}

/* Ends every lambda at depth >= d, finished or not (closing brackets). */
static void drop_lambdas(scan *s, size_t d) {
    while (s->lambdas.len) {
        lambda *l = &OB_VEC_AT(&s->lambdas, lambda, s->lambdas.len - 1);
        if (l->depth < d) break;
        if (l->active) s->nest--;
        s->lambdas.len--;
    }
}

/* Keeps one frame per open bracket level, following the lexer. */
static int sync_frames(scan *s) {
    size_t want = s->lx.depth + 1;
    if (s->frames.len > want) {
        drop_lambdas(s, want);
        s->frames.len = want;
    }
    while (s->frames.len < want)
        if (!ob_vec_push(&s->frames)) return -1;
    return 0;
}

/* ---- blocks and scopes ------------------------------------------------ */

static void close_block(scan *s) {
    block *b = top_block(s);
    s->nest -= blk_rules[b->kind].nest;
    s->depth -= blk_rules[b->kind].depth;
    if (b->kind == B_MATCH && b->owner >= 0 && !scope_at(s, b->owner)->is_class) {
        uint32_t n = b->n_cases - (b->irrefutable && b->n_cases ? 1 : 0);
        func_at(s, scope_at(s, b->owner)->rec)->cyclomatic += n;
    }
    if (b->kind == B_DEF || b->kind == B_CLASS) {
        scope *sc = scope_at(s, b->scope);
        if (sc->is_class) {
            ob_class *c = &OB_VEC_AT(&s->classes, ob_class, sc->rec);
            c->end_line = s->last_end_line;
            c->lines_of_code = c->end_line - c->line + 1;
        } else {
            ob_function *f = func_at(s, sc->rec);
            f->end_line = s->last_end_line;
            f->lines_of_code = f->end_line - f->line + 1;
        }
        s->cur = sc->parent;
    }
    s->blocks.len--;
}

/* Closes every block whose header is at or right of indent; returns the
 * kind of the last one closed at exactly that indent (B_OTHER if none),
 * the statement an `elif`/`else`/`except`/`finally` continues. */
static blk_kind close_blocks(scan *s, uint32_t indent) {
    blk_kind prev = B_OTHER;
    block *b;
    while ((b = top_block(s)) && b->indent >= indent) {
        prev = b->indent == indent ? (blk_kind)b->kind : B_OTHER;
        close_block(s);
    }
    return prev;
}

static const char *make_qualname(scan *s, const char *name, size_t len) {
    if (s->cur < 0) return ob_arena_strndup(s->arena, name, len);
    const char *outer = scope_at(s, s->cur)->qualname;
    size_t olen = strlen(outer);
    char *q = ob_arena_alloc(s->arena, olen + 1 + len + 1);
    if (!q) return NULL;
    memcpy(q, outer, olen);
    q[olen] = '.';
    memcpy(q + olen + 1, name, len);  /* the arena zeroed the terminator */
    return q;
}

/* The header ':' of a def/class: create its record and scope. */
static int open_scope(scan *s, int is_class) {
    scope *sc = ob_vec_push(&s->scopes);
    if (!sc) return -1;
    int32_t idx = (int32_t)s->scopes.len - 1;
    const char *name = s->name ? s->name : "<unnamed>";
    size_t nlen = s->name ? s->name_len : 9;
    sc->is_class = (uint8_t)is_class;
    sc->parent = s->cur;
    sc->qualname = make_qualname(s, name, nlen);
    const char *short_name = ob_arena_strndup(s->arena, name, nlen);
    if (!sc->qualname || !short_name) return -1;
    if (is_class) {
        ob_class *c = ob_vec_push(&s->classes);
        if (!c) return -1;
        c->name = short_name;
        c->qualified_name = sc->qualname;
        c->line = c->end_line = s->stmt_line;
        c->column = s->stmt_col;
        c->lines_of_code = 1;
        sc->rec = (int32_t)s->classes.len - 1;
    } else {
        ob_function *f = ob_vec_push(&s->funcs);
        int32_t *fs = ob_vec_push(&s->func_scope);
        int32_t *fc = ob_vec_push(&s->func_class);
        uint8_t *fo = ob_vec_push(&s->func_outer);
        if (!f || !fs || !fc || !fo) return -1;
        f->name = short_name;
        f->qualified_name = sc->qualname;
        f->line = f->end_line = s->stmt_line;
        f->column = s->stmt_col;
        f->lines_of_code = 1;
        f->cyclomatic = 1;
        f->num_parameters = s->n_params;
        f->is_async = s->stmt_async;
        *fs = idx;
        *fc = -1;
        *fo = 1;
        for (int32_t i = s->cur; i >= 0; i = scope_at(s, i)->parent)
            if (!scope_at(s, i)->is_class) *fo = 0;
        if (s->cur >= 0 && scope_at(s, s->cur)->is_class) {
            f->is_method = 1;
            *fc = scope_at(s, s->cur)->rec;
        }
        sc->rec = (int32_t)s->funcs.len - 1;
    }
    block *b = top_block(s);
    b->scope = idx;
    s->cur = idx;
    sc->base_nest = s->nest;
    sc->base_depth = s->depth;
    return 0;
}

static int open_block(scan *s, blk_kind kind) {
    block *b = ob_vec_push(&s->blocks);
    if (!b) return -1;
    b->kind = (uint8_t)kind;
    b->indent = s->line_indent;
    b->scope = -1;
    b->owner = s->cur;
    s->nest += blk_rules[kind].nest;
    s->depth += blk_rules[kind].depth;
    if (kind == B_DEF || kind == B_CLASS) return open_scope(s, kind == B_CLASS);
    return 0;
}

/* ---- statements --------------------------------------------------------- */

/* The first keyword of a logical line (after `async`). */
static void start_statement(scan *s, const py_token *t) {
    ob_function *f = own(s);
    s->lk = L_COMPOUND;
    s->header_open = 1;
    switch (t->kw) {
    case KW_IF:
        cyclomatic(s, 1);
        cognitive(s, 1);
        statement_depth(s);
        if (f) f->num_branches++;
        s->pending = B_IF;
        break;
    case KW_FOR:
    case KW_WHILE:
        cyclomatic(s, 1);
        cognitive(s, 1);
        statement_depth(s);
        if (f) f->num_loops++;
        s->pending = t->kw == KW_FOR ? B_FOR : B_WHILE;
        break;
    case KW_TRY:
        statement_depth(s);
        s->pending = B_TRY;
        break;
    case KW_WITH:
        statement_depth(s);
        s->pending = B_WITH;
        break;
    case KW_DEF:
    case KW_CLASS:
        s->lk = t->kw == KW_DEF ? L_DEF : L_CLASS;
        s->pending = t->kw == KW_DEF ? B_DEF : B_CLASS;
        s->name = NULL;
        s->params_state = 0;
        s->n_params = 0;
        s->entry_named = s->entry_closed = 0;
        break;
    default:
        s->lk = L_SIMPLE;
        s->header_open = 0;
        break;
    }
}

/* A clause keyword at the start of a line: elif/else/except/finally/case. */
static void start_clause(scan *s, const py_token *t, blk_kind prev) {
    ob_function *f = own(s);
    s->lk = L_COMPOUND;
    s->header_open = 1;
    switch (t->kw) {
    case KW_ELIF:
        cyclomatic(s, 1);
        cognitive(s, 0);
        if (f) f->num_branches++;
        s->pending = B_ELIF;
        break;
    case KW_ELSE:
        if (prev == B_IF || prev == B_ELIF) {
            cognitive(s, 0);
            s->pending = B_IF_ELSE;
        } else if (prev == B_FOR || prev == B_WHILE) {
            cyclomatic(s, 1);
            s->pending = B_LOOP_ELSE;
        } else if (prev == B_EXCEPT) {
            cyclomatic(s, 1);
            s->pending = B_TRY_ELSE;
        } else {
            s->pending = B_OTHER;
        }
        break;
    case KW_EXCEPT:
        cyclomatic(s, 1);
        cognitive(s, 1);
        s->pending = B_EXCEPT;
        break;
    case KW_FINALLY:
        s->pending = B_FINALLY;
        break;
    default:
        break;
    }
}

/* First token of a logical line. Returns 1 when the token is consumed. */
static int line_start(scan *s, const py_token *t) {
    s->line_indent = t->indent;
    s->lk = L_SIMPLE;
    s->header_open = 0;
    s->stmt_async = 0;
    s->match_colon = 0;
    s->stmt_line = t->line;
    s->stmt_col = t->col;
    blk_kind prev = B_OTHER;
    if (t->kind == PK_NAME &&
        (t->kw == KW_ELIF || t->kw == KW_ELSE || t->kw == KW_EXCEPT || t->kw == KW_FINALLY)) {
        prev = close_blocks(s, t->indent);
        start_clause(s, t, prev);
        return 1;
    }
    close_blocks(s, t->indent);
    if (t->kind == PK_OP && t->op == OP_AT) {
        s->lk = L_DECORATOR;
        return 1;
    }
    if (t->kind != PK_NAME) return 0;
    block *b = top_block(s);
    if (t->kw == KW_CASE && b && b->kind == B_MATCH) {
        b->n_cases++;
        if (own(s)) own(s)->num_branches++;
        s->lk = L_CASE;
        s->header_open = 1;
        s->pending = B_CASE;
        /* The pattern and guard stand at the match statement's own nesting,
         * like an elif condition; only the case body is nested. */
        s->nest--;
        s->case_header = 1;
        s->case_state = 0;
        s->case_open = s->case_close = 0;
        return 1;
    }
    if (t->kw == KW_MATCH) {
        s->lk = L_MATCH_MAYBE;
        return 0;  /* it may be a name: `match = ...` */
    }
    if (t->kw == KW_ASYNC) {
        s->stmt_async = 1;
        s->expect_stmt = 1;
        return 1;
    }
    start_statement(s, t);
    return s->lk != L_SIMPLE;
}

/* The ':' that ends a compound header opens its block. */
/* Undoes the nesting adjustment of a case header. */
static void end_case_header(scan *s) {
    if (!s->case_header) return;
    s->nest++;
    s->case_header = 0;
}

static int header_colon(scan *s) {
    s->header_open = 0;
    end_case_header(s);
    if (s->lk == L_CASE && s->case_state == 1 && s->case_open == s->case_close)
        top_block(s)->irrefutable = 1;
    s->lk = s->lk == L_DEF || s->lk == L_CLASS ? L_SIMPLE : s->lk;
    return open_block(s, (blk_kind)s->pending);
}

/* End of a logical line (NEWLINE). */
static int end_line(scan *s) {
    int rc = 0;
    end_case_header(s);
    if (s->lk == L_MATCH_MAYBE && s->match_colon) {
        /* `match subject:` - now we know it was a match statement. */
        cognitive(s, 1);
        statement_depth(s);
        rc = open_block(s, B_MATCH);
    }
    drop_lambdas(s, 0);
    s->frames.len = 1;
    end_segment(s);
    cur_frame(s)->comp = 0;
    s->lk = L_SIMPLE;
    s->header_open = 0;
    s->in_assert = 0;
    s->expect_stmt = 0;
    return rc;
}

/* ---- def/class headers: name and parameters, nothing else counts ---- */

static void header_token(scan *s, const py_token *t, size_t depth_after) {
    if (s->lk == L_DEF || s->lk == L_CLASS) {
        if (!s->name && t->kind == PK_NAME) {
            s->name = t->text;
            s->name_len = t->len;
            return;
        }
    }
    if (s->lk != L_DEF || s->params_state == 2) return;
    if (s->params_state == 0) {
        if (t->kind == PK_OP && t->op == OP_LPAR && depth_after == 1) s->params_state = 1;
        return;
    }
    /* Inside the parameter list (depth 1 is its own level). */
    size_t d = t->kind == PK_OP && (t->op == OP_RPAR) ? depth_after + 1 : depth_after;
    if (d != 1) return;
    if (t->kind == PK_NAME && !s->entry_closed) s->entry_named = 1;
    if (t->kind == PK_OP && (t->op == OP_EQUAL || t->op == OP_COLON)) s->entry_closed = 1;
    if (t->kind == PK_OP && (t->op == OP_COMMA || t->op == OP_RPAR)) {
        s->n_params += s->entry_named;
        s->entry_named = s->entry_closed = 0;
        if (t->op == OP_RPAR) s->params_state = 2;
    }
}

/* ---- expression tokens ---------------------------------------------- */

/* Tokens of a case pattern, before its guard or ':'. The case is
 * irrefutable when the pattern is one name, maybe parenthesized. */
static void case_pattern_token(scan *s, const py_token *t) {
    if (t->kind == PK_OP && t->op == OP_LPAR && s->case_state == 0) {
        s->case_open++;
    } else if (t->kind == PK_OP && t->op == OP_RPAR && s->case_state == 1) {
        s->case_close++;
    } else if (t->kind == PK_NAME && s->case_state == 0 &&
               (t->kw == KW_NONE || t->kw == KW_MATCH || t->kw == KW_CASE)) {
        s->case_state = 1;
    } else {
        s->case_state = 2;
    }
}

static int expr_token(scan *s, const py_token *t, size_t depth_before) {
    ob_function *f = own(s);
    frame *fr = cur_frame(s);
    int at_top = depth_before == 0;
    if (s->lk == L_MATCH_MAYBE && s->match_colon) s->lk = L_SIMPLE;  /* `match: int = 1` */
    if (t->kind == PK_NAME) {
        switch (t->kw) {
        case KW_IF:
            if (s->lk == L_CASE && at_top && s->header_open && s->case_state != 3) {
                /* The guard of a case clause: not an `if` node. */
                if (s->case_state == 1 && s->case_open == s->case_close)
                    top_block(s)->irrefutable = 1;
                s->case_state = 3;
                end_segment(s);
                return 0;
            }
            cyclomatic(s, 1);
            cognitive(s, !fr->comp);  /* comprehension `if`: hybrid */
            end_segment(s);
            return 0;
        case KW_FOR:
            end_lambdas(s, depth_before);
            cyclomatic(s, 1);
            cognitive(s, 1);
            fr->comp = 1;
            end_segment(s);
            return 0;
        case KW_AND:
            cyclomatic(s, 1);
            if (!fr->and_run) cognitive(s, 0);
            fr->and_run = 1;
            return 0;
        case KW_OR:
            cyclomatic(s, 1);
            if (!fr->seg_or) cognitive(s, 0);
            fr->seg_or = 1;
            fr->and_run = 0;
            return 0;
        case KW_ELSE: case KW_FROM: case KW_AS: case KW_ASYNC:
            end_segment(s);
            return 0;
        case KW_LAMBDA: {
            end_segment(s);
            lambda *l = ob_vec_push(&s->lambdas);
            if (!l) return -1;
            l->depth = depth_before;
            return 0;
        }
        case KW_RETURN:
            if (f) f->num_returns++;
            return 0;
        case KW_ASSERT:
            cyclomatic(s, 1);
            s->in_assert = 1;
            return 0;
        default:
            return 0;
        }
    }
    if (t->kind != PK_OP) return 0;
    switch (t->op) {
    case OP_COLON: {
        lambda *l = s->lambdas.len ? &OB_VEC_AT(&s->lambdas, lambda, s->lambdas.len - 1) : NULL;
        if (l && !l->active && l->depth == depth_before) {
            l->active = 1;
            s->nest++;
        } else {
            end_lambdas(s, depth_before);
            if (at_top && s->header_open) return header_colon(s);
            if (at_top && s->lk == L_MATCH_MAYBE) s->match_colon = 1;
        }
        end_segment(s);
        return 0;
    }
    case OP_COMMA: case OP_SEMI:
        end_lambdas(s, depth_before);
        end_segment(s);
        if (t->op == OP_SEMI && at_top) s->in_assert = 0;
        return 0;
    case OP_EQUAL: case OP_AUGASSIGN: case OP_ARROW: case OP_WALRUS:
        end_segment(s);
        return 0;
    default:
        return 0;
    }
}

/* ---- driver --------------------------------------------------------- */

static int feed_token(scan *s, const py_token *t, size_t depth_before) {
    if (t->line_start) {
        s->expect_stmt = 0;
        if (line_start(s, t)) return 0;
    } else if (s->expect_stmt) {
        s->expect_stmt = 0;
        if (t->kind == PK_NAME && (t->kw == KW_DEF || t->kw == KW_FOR || t->kw == KW_WITH)) {
            start_statement(s, t);
            return 0;
        }
    }
    if (s->lk == L_DECORATOR) return 0;
    if (s->lk == L_DEF || s->lk == L_CLASS) {
        if (t->kind == PK_OP && t->op == OP_COLON && depth_before == 0) return header_colon(s);
        header_token(s, t, s->lx.depth);
        return 0;
    }
    if (s->lk == L_CASE && s->header_open && s->case_state < 2 &&
        !(depth_before == 0 && ((t->kind == PK_OP && t->op == OP_COLON) ||
                                (t->kind == PK_NAME && t->kw == KW_IF))))
        case_pattern_token(s, t);
    return expr_token(s, t, depth_before);
}

static int feed(scan *s, const py_token *t, size_t depth_before) {
    if (t->kind == PK_NEWLINE) return end_line(s);
    if (t->kind == PK_EOF) return 0;
    /* Blocks closed by this token end at the previous token. */
    int rc = feed_token(s, t, depth_before);
    s->last_end_line = t->end_line;
    return rc;
}

static void scan_free(scan *s) {
    py_lexer_free(&s->lx);
    ob_vec_free(&s->blocks);
    ob_vec_free(&s->scopes);
    ob_vec_free(&s->frames);
    ob_vec_free(&s->lambdas);
    ob_vec_free(&s->funcs);
    ob_vec_free(&s->classes);
    ob_vec_free(&s->func_scope);
    ob_vec_free(&s->func_class);
    ob_vec_free(&s->func_outer);
}

/* Copies the records into the report and derives the class sums. */
static int finish(scan *s, ob_file_report *r) {
    size_t nf = s->funcs.len, nc = s->classes.len;
    if (nf) {
        r->functions = ob_arena_alloc(r->arena, nf * sizeof(ob_function));
        if (!r->functions) return -1;
        memcpy(r->functions, s->funcs.data, nf * sizeof(ob_function));
    }
    if (nc) {
        r->classes = ob_arena_alloc(r->arena, nc * sizeof(ob_class));
        if (!r->classes) return -1;
        memcpy(r->classes, s->classes.data, nc * sizeof(ob_class));
    }
    r->n_functions = nf;
    r->n_classes = nc;
    for (size_t i = 0; i < nf; i++) {
        int32_t c = OB_VEC_AT(&s->func_class, int32_t, i);
        if (c < 0) continue;
        r->classes[c].num_methods++;
        r->classes[c].cyclomatic += r->functions[i].cyclomatic;
        r->classes[c].cognitive += r->functions[i].cognitive;
    }
    ob_report_totals(r, s->func_outer.data);
    return 0;
}

/* Analyses Python source into r (which owns the arena for strings). */
int ob_python_metrics(const char *src, size_t len, ob_file_report *r, ob_diag_list *diags) {
    scan s;
    memset(&s, 0, sizeof s);
    s.arena = r->arena;
    s.cur = -1;
    ob_vec_init(&s.blocks, sizeof(block));
    ob_vec_init(&s.scopes, sizeof(scope));
    ob_vec_init(&s.frames, sizeof(frame));
    ob_vec_init(&s.lambdas, sizeof(lambda));
    ob_vec_init(&s.funcs, sizeof(ob_function));
    ob_vec_init(&s.classes, sizeof(ob_class));
    ob_vec_init(&s.func_scope, sizeof(int32_t));
    ob_vec_init(&s.func_class, sizeof(int32_t));
    ob_vec_init(&s.func_outer, sizeof(uint8_t));
    int rc = py_lexer_init(&s.lx, src, len, diags);
    if (rc == 0 && !ob_vec_push(&s.frames)) rc = -1;
    py_token t;
    while (rc == 0) {
        size_t depth_before = s.lx.depth;
        if (py_next(&s.lx, &t) < 0) { rc = -1; break; }
        if (feed(&s, &t, depth_before) < 0 || sync_frames(&s) < 0) { rc = -1; break; }
        if (t.kind == PK_EOF) break;
    }
    if (rc == 0) {
        while (s.blocks.len) close_block(&s);
        py_count_lines(&s.lx, &r->physical_lines, &r->code_lines, &r->comment_lines,
                       &r->blank_lines);
        rc = finish(&s, r);
    }
    scan_free(&s);
    return rc;
}
