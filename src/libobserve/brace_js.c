/*
 * brace_js.c - JavaScript and TypeScript (JSX/TSX) declarations of the
 * brace-language metrics pass (brace_pass.h), a port of
 * observe_core/_python/brace_functions_js.py (docs/metrics_mobile.md
 * section 1):
 *
 *   - functions: `function` declarations and expressions, arrows `(a) =>`,
 *     `a =>`, `async (a) =>`, `<T,>(a) =>`, with a block or an expression
 *     body; class and object-literal methods `name(...) {` (`get x`/`set x`
 *     for accessors, `constructor`), class fields holding an arrow. A
 *     signature without a body (TS overloads, `declare`, abstract members)
 *     is not a function;
 *   - names: a function expression or arrow takes the name of the target it
 *     is assigned to (`module.exports.f = function`, `const f: T = () =>`,
 *     `key: () =>` in an object literal), else "(anonymous)"; object
 *     literals are no naming scope;
 *   - a function's parameters are walked in its own scope (a "params"
 *     frame: their default values add 1 each, conditions in them count);
 *     at their `)` the walk jumps to the body (brace_js_open_body);
 *   - TS function types (`(x: T) => U` after `:` outside an object
 *     literal, or in a `type` alias) are not functions.
 *
 * An unclaimed `{` is an object literal (role "value"), a destructuring
 * pattern ("pattern") or a block (brace_js_brace). Like the Java and Kotlin
 * declarations, a header is looked over with the bracket arrays and never
 * walked.
 */
#include <string.h>

#include "brace_pass.h"

#define KEY(i) brace_key(p, (i))

static const char anonymous[] = "(anonymous)";

/* Key sets of brace_languages.py's _JS_CONTINUES_AFTER / _BEFORE. */
enum { GOES_ON_AFTER = 1, GOES_ON_BEFORE = 2 };
#define GA GOES_ON_AFTER
#define GB GOES_ON_BEFORE
static const uint8_t js_flags[K_COUNT] = {
    [K_DOT] = GA | GB, [K_QDOT] = GA | GB, [K_COMMA] = GA | GB, [K_LPAREN] = GA | GB,
    [K_LBRACK] = GA | GB, [K_LBRACE] = GA, [K_RPAREN] = GB, [K_RBRACK] = GB,
    [K_ASSIGN] = GA | GB, [K_PLUSEQ] = GA | GB, [K_MINUSEQ] = GA | GB, [K_STAREQ] = GA | GB,
    [K_SLASHEQ] = GA | GB, [K_PCTEQ] = GA | GB, [K_POWEQ] = GA | GB, [K_ANDEQ] = GA | GB,
    [K_OREQ] = GA | GB, [K_XOREQ] = GA | GB, [K_SHLEQ] = GA | GB, [K_SHREQ] = GA | GB,
    [K_USHREQ] = GA | GB, [K_ANDANDEQ] = GA | GB, [K_OROREQ] = GA | GB,
    [K_NULLISHEQ] = GA | GB, [K_FATARROW] = GA | GB, [K_QUEST] = GA | GB, [K_COLON] = GA | GB,
    [K_ANDAND] = GA | GB, [K_OROR] = GA | GB, [K_NULLISH] = GA | GB, [K_PLUS] = GA | GB,
    [K_MINUS] = GA | GB, [K_STAR] = GA | GB, [K_SLASH] = GA | GB, [K_PERCENT] = GA | GB,
    [K_POW] = GA | GB, [K_EQ] = GA | GB, [K_NE] = GA | GB, [K_EQQ] = GA | GB,
    [K_NEQ] = GA | GB, [K_LT] = GA | GB, [K_GT] = GA | GB, [K_LE] = GA | GB, [K_GE] = GA | GB,
    [K_AMP] = GA | GB, [K_PIPE] = GA | GB, [K_CARET] = GA | GB, [K_SHL] = GA | GB,
    [K_SHR] = GA | GB, [K_USHR] = GA | GB, [K_IN] = GB, [K_AS] = GB,
};
#undef GA
#undef GB

/* Is the `>` at index the end of a JSX closing tag (`</View>`, `</>`)? */
static int closes_element(const br_pass *p, long index) {
    return KEY(index - 1) == K_CLOSE_TAG ||
           (index >= 1 && p->tok[index - 1].kind == BK_NAME && KEY(index - 2) == K_CLOSE_TAG);
}

int brace_js_goes_on(const br_pass *p, long index) {
    size_t line = p->tok[index].line - 1;
    if (line < p->n_line_flags && (p->line_flags[line] & BR_LINE_JSX)) return 1;   /* markup */
    int before = p->keys[index - 1];
    if (before == K_GT && closes_element(p, index - 1)) before = K_NONE;   /* element done */
    return (js_flags[before] & GOES_ON_AFTER) || (js_flags[p->keys[index]] & GOES_ON_BEFORE);
}

static br_func *func_at(br_pass *p, int32_t i) { return &OB_VEC_AT(&p->funcs, br_func, i); }

/* _MEMBER_MODIFIERS: words that may stand before a member's name. */
static int member_modifier(int key) {
    switch (key) {
    case K_STATIC: case K_ASYNC: case K_GET: case K_SET: case K_PUBLIC: case K_PRIVATE:
    case K_PROTECTED: case K_READONLY: case K_OVERRIDE: case K_ABSTRACT: case K_DECLARE:
    case K_ACCESSOR: case K_STAR:
        return 1;
    default:
        return 0;
    }
}

/* _VALUE_AFTER: a `{` after these starts an object literal. */
static int value_after(int key) {
    switch (key) {
    case K_ASSIGN: case K_LPAREN: case K_COMMA: case K_COLON: case K_LBRACK: case K_RETURN:
    case K_QUEST: case K_NULLISH: case K_OROR: case K_ANDAND: case K_BANG: case K_ELLIPSIS:
    case K_YIELD: case K_AWAIT: case K_IN: case K_OF: case K_TYPEOF: case K_CASE:
    case K_FATARROW: case K_PLUS: case K_MINUS: case K_STAR: case K_SLASH: case K_PERCENT:
    case K_LT: case K_GT: case K_LE: case K_GE: case K_EQ: case K_NE: case K_EQQ: case K_NEQ:
    case K_PLUSEQ: case K_MINUSEQ: case K_NULLISHEQ: case K_OROREQ: case K_ANDANDEQ:
    case K_DEFAULT: case K_EXPORT:
        return 1;
    default:
        return 0;
    }
}

/* A token a type annotation may hold (name, operator, string, number). */
static int type_token(const br_pass *p, long i) {
    ob_brace_kind kind = p->tok[i].kind;
    return kind == BK_NAME || kind == BK_OP || kind == BK_STRING || kind == BK_NUMBER;
}

/* ---- names -------------------------------------------------------------- */

/* The names at first, first + 2, ..., last joined with '.' (`a.b.c`), in
 * the arena: measured first, so that a long chain costs linear memory. */
static const char *dotted(br_pass *p, long first, long last, size_t *len) {
    size_t total = 0;
    for (long k = first; k <= last; k += 2) total += brace_text_write(p, k, NULL) + 1;
    char *out = ob_arena_alloc(p->arena, total);
    if (!out) {
        p->oom = 1;
        *len = 0;
        return "";
    }
    size_t o = 0;
    for (long k = first; k <= last; k += 2) {
        if (k > first) out[o++] = '.';
        o += brace_text_write(p, k, out + o);
    }
    *len = o;
    return out;
}

/* js_annotated_name: `name: Type =` ending at probe gives the index of the
 * name; -1 when there is no annotation (or not TypeScript). */
static long annotated_name(const br_pass *p, long probe) {
    if (!p->typescript) return -1;
    while (probe > 0) {
        int key = p->keys[probe];
        if ((key == K_RPAREN || key == K_RBRACK || key == K_RBRACE) && p->opener[probe] >= 0) {
            probe = p->opener[probe] - 1;
            continue;
        }
        if (key == K_COLON) return brace_is_name(p, probe - 1) ? probe - 1 : -1;
        if (key == K_SEMI || key == K_LBRACE || key == K_RBRACE || key == K_ASSIGN ||
            key == K_COMMA || key == K_LPAREN || key == K_CONST || key == K_LET ||
            key == K_VAR || key == K_QUEST ||
            (p->tok[probe].kind != BK_NAME && p->tok[probe].kind != BK_OP))
            return -1;
        probe--;
    }
    return -1;
}

/* js_target_name: the name of a function expression starting at first: the
 * assignment target (dotted as written; over a TS type annotation), an
 * object literal's key, or "(anonymous)". */
static const char *target_name(br_pass *p, long first, size_t *len) {
    long before = first - 1;
    int key = KEY(before);
    if (key == K_COLON && brace_top(p)->role == R_VALUE && brace_is_name(p, before - 1))
        return brace_text(p, before - 1, len);
    if (key == K_ASSIGN) {
        long probe = before - 1, annotated = annotated_name(p, probe);
        if (annotated >= 0) return brace_text(p, annotated, len);
        if (brace_is_name(p, probe)) {
            long start = probe;
            while (KEY(start - 1) == K_DOT && brace_is_name(p, start - 2)) start -= 2;
            return dotted(p, start, probe, len);
        }
    }
    *len = sizeof anonymous - 1;
    return anonymous;
}

/* ---- signatures --------------------------------------------------------- */

/* js_type_ends: does a type annotation being looked over end at a line
 * break before index (no `;` after `a(): void`)? Not before a `{`. */
static int type_ends(const br_pass *p, long index) {
    return brace_newline_before(p, index) && KEY(index) != K_LBRACE &&
           !brace_js_goes_on(p, index);
}

/* js_body_brace: after a signature's `)`, the index of the body's `{` (over
 * a `: Type` annotation), or -1. */
static long body_brace(const br_pass *p, long index) {
    if (KEY(index) == K_LBRACE) return index;
    if (KEY(index) != K_COLON) return -1;
    index++;
    if (KEY(index) == K_LBRACE && p->closer[index] >= 0)
        index = p->resume[index];   /* an object type `: { a: T }` */
    while (index < p->n) {
        int key = p->keys[index];
        if (key == K_LBRACE) return index;
        if (type_ends(p, index)) return -1;
        if (key == K_LPAREN || key == K_LBRACK) {
            if (p->closer[index] < 0) return -1;
            index = p->resume[index];
            continue;
        }
        if (key == K_SEMI || key == K_RBRACE || key == K_RPAREN || key == K_RBRACK ||
            key == K_ASSIGN || !type_token(p, index))
            return -1;
        index++;
    }
    return -1;
}

/* js_signature: `[<T>] (params) [: T] {` at probe: 1 with the `(`, its
 * closer and the body's `{` (-1: no body); 0 when no parameter list
 * follows. */
static int signature(const br_pass *p, long probe, long *open, long *close, long *body) {
    if (KEY(probe) == K_LT) probe = brace_skip_angles(p, probe);
    if (KEY(probe) != K_LPAREN || p->closer[probe] < 0) return 0;
    *open = probe;
    *close = p->closer[probe];
    *body = body_brace(p, *close + 1);
    return 1;
}

/* js_parameters: the parameters are walked in the function's scope (a
 * "params" frame); at their `)` the walk goes on at body. */
static long parameters(br_pass *p, int32_t function, long open, long body) {
    if (function < 0) return open + 1;   /* no memory: the walk stops */
    uint32_t nesting = brace_top(p)->nesting + 1;
    const br_func *fn = func_at(p, function);
    size_t len;
    const char *prefix = brace_concat(p, fn->qname, strlen(fn->qname), "", 0, 1, &len);
    br_frame *f = brace_push(p, FK_BRACKET, R_PARAMS, open);
    f->function = f->enc = function;
    f->nesting = nesting;
    f->depth = 0;
    f->prefix = prefix;
    f->prefix_len = len;
    f->params_body = (int32_t)body;
    return open + 1;
}

long brace_js_open_body(br_pass *p, const br_frame *params) {
    long body = params->params_body;
    return brace_open_function(p, params->function,
                               KEY(body) == K_LBRACE ? FK_BRACKET : FK_EXPR, body);
}

/* ---- functions ---------------------------------------------------------- */

/* `[async] function [*] [name] [<T>] (params) [: T] {` (or none: no body). */
long brace_js_function(br_pass *p, long index) {
    long probe = index + 1, name = -1;
    if (KEY(probe) == K_STAR) probe++;
    if (brace_is_name(p, probe)) name = probe++;
    long open, close, body;
    if (!signature(p, probe, &open, &close, &body)) return index + 1;
    if (body < 0) return close + 1;   /* overload, `declare function` */
    int is_async = KEY(index - 1) == K_ASYNC;
    size_t len;
    const char *text = name >= 0 ? brace_text(p, name, &len)
                                 : target_name(p, is_async ? index - 1 : index, &len);
    int32_t f = brace_new_function(p, text, len, index, is_async,
                                   brace_count_parameters(p, open, close));
    return parameters(p, f, open, body);
}

/* A name in a class body or an object literal: a method when `(...) {`
 * follows (`get x`/`set x` for accessors). */
long brace_js_member(br_pass *p, long index) {
    int key = p->keys[index];
    if (member_modifier(key) && (brace_is_name(p, index + 1) || KEY(index + 1) == K_STAR))
        return index + 1;   /* the member's own name decides */
    long open, close, body;
    if (!signature(p, index + 1, &open, &close, &body) || body < 0) return index + 1;
    size_t len;
    const char *text = brace_text(p, index, &len);
    long before = index - 1;
    if ((KEY(before) == K_GET || KEY(before) == K_SET) && KEY(before - 1) != K_DOT)
        text = brace_concat(p, KEY(before) == K_GET ? "get " : "set ", 4, text, len, 0, &len);
    int is_async = 0;
    for (; member_modifier(KEY(before)); before--) is_async |= KEY(before) == K_ASYNC;
    int32_t f = brace_new_function(p, text, len, index, is_async,
                                   brace_count_parameters(p, open, close));
    return parameters(p, f, open, body);
}

/* `(` at index: the index of its `=>` when it opens an arrow's parameters,
 * else -1. A TS return type is looked over; TS function types are not
 * arrows. */
long brace_js_arrow_after(br_pass *p, long index) {
    long close = p->closer[index];
    if (close < 0) return -1;
    long after = close + 1;
    if (KEY(after) == K_COLON && p->typescript) {   /* return type annotation */
        after++;
        while (after < p->n && p->keys[after] != K_FATARROW) {
            int key = p->keys[after];
            if (type_ends(p, after)) return -1;
            if (key == K_LPAREN || key == K_LBRACK || key == K_LBRACE) {
                if (p->closer[after] < 0) return -1;
                after = p->resume[after];
                continue;
            }
            if (key == K_SEMI || key == K_RBRACE || key == K_RPAREN || key == K_RBRACK ||
                key == K_ASSIGN || key == K_COMMA || !type_token(p, after))
                return -1;
            after++;
        }
    }
    if (KEY(after) != K_FATARROW) return -1;
    if (p->typescript) {
        int before = KEY(index - 1);
        if (before == K_LT || before == K_PIPE || before == K_AMP ||
            (before == K_COLON &&
             (brace_top(p)->role != R_VALUE || KEY(index - 2) == K_QUEST)))
            return -1;   /* `x: (a: T) => U`, `Array<() => void>` */
        if (before == K_ASSIGN && KEY(index - 3) == K_TYPE)
            return -1;   /* `type H = (a: T) => U` */
    }
    return after;
}

/* `(params) [: T] =>` at its `(`: the function starts at the `(` (or at the
 * `<` of `<T,>(`). */
long brace_js_arrow(br_pass *p, long index, long arrow) {
    long first = index;
    if (KEY(first - 1) == K_GT) {   /* `<T,>(...)`: back to the `<` */
        long depth = 0;
        for (long probe = first - 1; probe >= 0; probe--) {
            int key = p->keys[probe];
            if (key == K_GT || key == K_SHR) {
                depth += key == K_GT ? 1 : 2;
            } else if (key == K_LT) {
                if (--depth <= 0) {
                    first = probe;
                    break;
                }
            } else if (key == K_SEMI || key == K_LBRACE || key == K_RBRACE) {
                break;
            }
        }
    }
    int is_async = KEY(first - 1) == K_ASYNC;
    size_t len;
    const char *text = target_name(p, is_async ? first - 1 : first, &len);
    int32_t f = brace_new_function(p, text, len, first, is_async,
                                   brace_count_parameters(p, index, p->closer[index]));
    return parameters(p, f, index, arrow + 1);
}

/* `=>` not reached through a "params" frame: `x => ...` (one bare
 * parameter), or a TS function type's arrow (nothing). */
long brace_js_bare_arrow(br_pass *p, long index) {
    long param = index - 1;
    if (!brace_is_name(p, param) || KEY(param - 1) == K_DOT || KEY(param - 1) == K_QDOT)
        return index + 1;
    int is_async = KEY(param - 1) == K_ASYNC;
    size_t len;
    const char *text = target_name(p, is_async ? param - 1 : param, &len);
    int32_t f = brace_new_function(p, text, len, param, is_async, 1);
    return brace_open_function(p, f, KEY(index + 1) == K_LBRACE ? FK_BRACKET : FK_EXPR,
                               index + 1);
}

/* ---- braces ------------------------------------------------------------- */

/* An unclaimed `{`: destructuring pattern, TS object type, object literal
 * or block. */
void brace_js_brace(br_pass *p, long index) {
    const br_frame *top = brace_top(p);
    int before = KEY(index - 1), role;
    if (top->role == R_PARAMS || top->role == R_PATTERN || before == K_CONST ||
        before == K_LET || before == K_VAR)
        role = R_PATTERN;
    else if (p->typescript && before == K_ASSIGN && KEY(index - 3) == K_TYPE)
        role = R_TYPE;   /* `type T = { a: (x) => void }` */
    else if (before == K_COLON && top->role == R_SWITCH)
        role = R_BLOCK;   /* `case x: {` */
    else if (value_after(before) || (index > 0 && p->tok[index - 1].kind == BK_INTERP_OPEN))
        role = R_VALUE;
    else
        role = R_BLOCK;
    brace_push(p, FK_BRACKET, role, index);
}
