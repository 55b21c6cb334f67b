/*
 * brace_dart.c - Dart declarations of the brace-language metrics pass
 * (brace_pass.h), a port of observe_core/_python/brace_functions_dart.py:
 *
 *   - functions: `[T] name[<T>](params) [async|async*|sync*] {` or `=> e;`
 *     at file or class level and in bodies (local functions); getters
 *     `T get x` and setters `set x(v)` (named `get x` / `set x`), operators
 *     (`operator ==`), constructors: unnamed `A(...)` (named after the
 *     class), named and factory ones `A.named(...)` (named `named`, their
 *     line the class-name token), with a body after an initializer list
 *     `: x = 1 {`. A declaration without a body is no function;
 *   - classes: class, mixin, extension (an unnamed one by its extended
 *     type), enum; `mixin class M` is the class's;
 *   - a `{` nobody claimed: a closure body after `)`, `async`, `sync*`, a
 *     scope at file or class level (its tokens count nowhere), a map or set
 *     literal after an operator, else a block.
 *
 * The scans over a header are bounded or remembered, so that hostile input
 * costs linear time: type parameters at most TYPE_PARAMETERS_MAX tokens, an
 * initializer-list scan that starts inside the previous one ends where it
 * ended. The statements (switch expressions, `on` clauses, `=>` arms and
 * closures, the `?` rules, collection `if`/`for` elements ending at `,`)
 * are in the walk, metrics_brace.c.
 */
#include <string.h>

#include "brace_pass.h"

#define KEY(i) brace_key(p, (i))
#define TYPE_PARAMETERS_MAX 64

/* Key sets of brace_functions_dart.py. */
enum {
    RESERVED = 1,     /* _RESERVED: never the name of a function being declared */
    VALUE_AFTER = 2   /* _VALUE_AFTER: a `{` after it is a map or set literal */
};

#define R RESERVED
#define V VALUE_AFTER
static const uint8_t dart_flags[K_COUNT] = {
    [K_ASSERT] = R, [K_BREAK] = R, [K_CASE] = R, [K_CATCH] = R, [K_CLASS] = R,
    [K_CONST] = R | V, [K_CONTINUE] = R, [K_DEFAULT] = R, [K_DO] = R, [K_ELSE] = R,
    [K_ENUM] = R, [K_EXTENDS] = R, [K_LIT_FALSE] = R, [K_FINAL] = R, [K_FINALLY] = R,
    [K_FOR] = R, [K_IF] = R, [K_IN] = R | V, [K_IS] = R, [K_NEW] = R, [K_LIT_NULL] = R,
    [K_RETHROW] = R, [K_RETURN] = R | V, [K_SUPER] = R, [K_SWITCH] = R, [K_THIS] = R,
    [K_THROW] = R, [K_LIT_TRUE] = R, [K_TRY] = R, [K_VAR] = R, [K_VOID] = R, [K_WHILE] = R,
    [K_WITH] = R, [K_AWAIT] = R, [K_YIELD] = R | V, [K_ASYNC] = R, [K_SYNC] = R, [K_ON] = R,
    [K_LATE] = R, [K_REQUIRED] = R, [K_COVARIANT] = R, [K_STATIC] = R, [K_ABSTRACT] = R,
    [K_EXTERNAL] = R, [K_FACTORY] = R, [K_TYPEDEF] = R, [K_IMPORT] = R, [K_EXPORT] = R,
    [K_LIBRARY] = R, [K_PART] = R, [K_SHOW] = R, [K_HIDE] = R, [K_AS] = R, [K_DEFERRED] = R,
    [K_MIXIN] = R, [K_EXTENSION] = R, [K_SEALED] = R, [K_BASE] = R, [K_INTERFACE] = R,
    [K_WHEN] = R,
    [K_ASSIGN] = V, [K_LPAREN] = V, [K_COMMA] = V, [K_COLON] = V, [K_LBRACK] = V,
    [K_FATARROW] = V, [K_QUEST] = V, [K_NULLISH] = V, [K_OROR] = V, [K_ANDAND] = V,
    [K_BANG] = V, [K_ELLIPSIS] = V, [K_SPREADQ] = V, [K_GT] = V, [K_PLUS] = V, [K_MINUS] = V,
    [K_STAR] = V, [K_SLASH] = V, [K_PERCENT] = V, [K_EQ] = V, [K_NE] = V, [K_LT] = V,
    [K_LE] = V, [K_GE] = V,
};
#undef R
#undef V

/* ---- classes -------------------------------------------------------------- */

long brace_dart_class(br_pass *p, long index) {
    int keyword = p->keys[index], before = KEY(index - 1);
    if (!brace_in_decl(brace_top(p)) || before == K_DOT || before == K_QDOT) return -1;
    long name = index + 1, header;
    if (keyword == K_MIXIN && KEY(name) == K_CLASS) return name;   /* the class decides */
    if (keyword == K_EXTENSION && KEY(name) == K_TYPE && brace_is_name(p, name + 1))
        name++;   /* `extension type Id(int v)` */
    const char *text = "(anonymous)";
    size_t len = 11;
    if (keyword == K_EXTENSION && (KEY(name) == K_ON || !brace_is_name(p, name))) {
        long probe = KEY(name) == K_ON ? name + 1 : name;   /* named by the extended type */
        if (brace_is_name(p, probe)) text = brace_text(p, probe, &len);
        header = name;
    } else if (brace_is_name(p, name) && KEY(name) != K_ON && KEY(name) != K_WITH) {
        text = brace_text(p, name, &len);
        header = name + 1;
    } else {
        return -1;
    }
    long last, body = brace_class_header(p, header, &last);
    int32_t c = brace_new_class(p, text, len, index);
    if (body < 0) {   /* `class A = B with M;` */
        long end = last > index ? last : index;
        if (c >= 0) OB_VEC_AT(&p->classes, br_class, c).end_line = p->tok[end].end_line;
        return end + 1;
    }
    brace_class_frame(p, body, text, len)->class_ = c;
    return body + 1;
}

/* ---- functions ------------------------------------------------------------ */

/* A function's name: the text of token first, then, when end > first + 1,
 * a space and the texts of first + 1 .. end - 1 (`get x`, `operator []=`).
 * In the arena. */
static const char *member_name(br_pass *p, long first, long end, size_t *len) {
    size_t n = brace_text_write(p, first, NULL) + 1;
    for (long i = first + 1; i < end; i++) n += brace_text_write(p, i, NULL);
    char *out = ob_arena_alloc(p->arena, n + 1);
    if (!out) {
        p->oom = 1;
        *len = 0;
        return "";
    }
    size_t o = brace_text_write(p, first, out);
    if (end > first + 1) out[o++] = ' ';
    for (long i = first + 1; i < end; i++) o += brace_text_write(p, i, out + o);
    out[o] = '\0';
    *len = o;
    return out;
}

/* Index after a function's type parameters `<...>` at index. Bounded
 * (TYPE_PARAMETERS_MAX tokens, groups skipped whole), so that a name before
 * every `<` of `List<List<List<...` costs O(1); a longer list is no
 * function's. */
static long type_parameters(const br_pass *p, long index) {
    return brace_skip_angles_within(p, index, TYPE_PARAMETERS_MAX);
}

/* The index of the `{` after a constructor's initializer list starting at
 * index, or of the token that ends it. Every scan starts at declaration
 * level, so one that starts inside the span of the previous scan ends where
 * that one ended (remembered: linear on `a() : a() : a() ...`). */
static long initializers(br_pass *p, long index) {
    long start = index;
    if (p->dart_init_start <= start && start < p->dart_init_end) return p->dart_init_end;
    while (index < p->n) {
        int key = p->keys[index];
        if (key == K_LBRACE || key == K_SEMI || key == K_RBRACE || key == K_FATARROW) break;
        if ((key == K_LPAREN || key == K_LBRACK) && p->closer[index] >= 0) {
            index = p->resume[index];
            continue;
        }
        if (key == K_RPAREN || key == K_RBRACK) break;
        index++;
    }
    p->dart_init_start = start;
    p->dart_init_end = index;
    return index;
}

/* Top-level parameters, the named `{...}` and optional `[...]` ones one
 * each (never below 0: a group inside a glued `<...>` was no segment). */
static uint32_t parameters(const br_pass *p, long open) {
    long close = p->closer[open];
    int64_t count = brace_count_parameters(p, open, close);
    long index = open + 1;
    while (index < close) {
        int key = p->keys[index];
        int group = (key == K_LPAREN || key == K_LBRACK || key == K_LBRACE) &&
                    p->closer[index] >= 0;
        if (group && key != K_LPAREN && (KEY(index - 1) == K_LPAREN || KEY(index - 1) == K_COMMA))
            count += (int64_t)brace_count_parameters(p, index, p->closer[index]) - 1;
        index = group ? p->resume[index] : index + 1;
    }
    return count < 0 ? 0 : count > UINT32_MAX ? UINT32_MAX : (uint32_t)count;
}

/* After the parameters (after; open: their `(`, -1 for a getter): `async`/
 * `async*`/`sync*`, then `{` or `=>`; a constructor's initializer list
 * `: ...` before a `{`. The name is [first, end) as in member_name. */
static long dart_function(br_pass *p, long first, long end, long token, long index, long after,
                          long open) {
    long body = after;
    int is_async = 0;
    if (KEY(body) == K_ASYNC) {
        is_async = 1;
        body++;
    } else if (KEY(body) == K_SYNC) {
        body++;
    }
    if (KEY(body) == K_STAR && body > after) body++;
    if (KEY(body) == K_COLON && open >= 0 && !is_async && brace_in_decl(brace_top(p)))
        body = initializers(p, body + 1);   /* a constructor's initializer list */
    if (KEY(body) != K_LBRACE && KEY(body) != K_FATARROW) return index + 1;   /* a call */
    uint32_t params = open < 0 ? 0 : parameters(p, open);
    size_t len;
    const char *name = member_name(p, first, end, &len);
    int32_t f = brace_new_function(p, name, len, token, is_async, params);
    if (p->keys[body] == K_LBRACE) return brace_open_function(p, f, FK_BRACKET, body);
    return brace_open_function(p, f, FK_STMT, body + 1);
}

long brace_dart_member(br_pass *p, long index) {
    const br_frame *top = brace_top(p);
    int key = p->keys[index], before = KEY(index - 1);
    if (before == K_AT) {   /* an annotation `@Name(args)` */
        if (KEY(index + 1) == K_LPAREN && p->closer[index + 1] >= 0) return p->resume[index + 1];
        return index + 1;
    }
    if (top->assigned || before == K_DOT || before == K_QDOT || before == K_RANGE ||
        before == K_QCASCADE || before == K_NEW || before == K_CONST)
        return index + 1;
    int declaration = brace_in_decl(top);
    long token = index, probe = index + 1, first = index, end = index + 1;
    int after = KEY(index + 2);
    if (declaration && (key == K_GET || key == K_SET) && brace_is_name(p, index + 1) &&
        (after == K_LPAREN || after == K_FATARROW || after == K_LBRACE || after == K_ASYNC ||
         after == K_SYNC)) {   /* a getter or setter */
        token = index + 1;
        probe = end = index + 2;
        if (after != K_LPAREN) return dart_function(p, first, end, token, index, probe, -1);
    } else if (declaration && key == K_OPERATOR && index + 1 < p->n &&
               p->tok[index + 1].kind == BK_OP && p->keys[index + 1] != K_LPAREN) {
        while (probe < p->n && p->tok[probe].kind == BK_OP && p->keys[probe] != K_LPAREN)
            probe++;
        end = probe;   /* `operator ==` */
    } else if (dart_flags[key] & RESERVED) {
        return index + 1;
    } else if (declaration && KEY(index + 1) == K_DOT && brace_is_name(p, index + 2) &&
               (KEY(index + 3) == K_LPAREN || KEY(index + 3) == K_LT)) {
        first = index + 2;   /* a named or factory constructor */
        end = index + 3;
        probe = index + 3;
    }
    if (KEY(probe) == K_LT && (declaration || brace_glued(p, probe)))
        probe = type_parameters(p, probe);   /* `f<T>(` (in a body: glued only) */
    if (KEY(probe) != K_LPAREN || p->closer[probe] < 0) return index + 1;
    return dart_function(p, first, end, token, index, p->closer[probe] + 1, probe);
}

/* ---- braces --------------------------------------------------------------- */

void brace_dart_brace(br_pass *p, long index) {
    br_frame top = *brace_top(p);
    int before = KEY(index - 1);
    int closure = before == K_RPAREN || before == K_ASYNC ||
                  (before == K_STAR && (KEY(index - 2) == K_ASYNC || KEY(index - 2) == K_SYNC));
    if (closure) {
        brace_push(p, FK_BRACKET, R_LAMBDA, index)->nesting = top.nesting + 1;
    } else if (brace_in_decl(&top)) {   /* its tokens count nowhere */
        br_frame *f = brace_push(p, FK_BRACKET, R_SCOPE, index);
        f->function = f->enc = -1;
    } else if ((dart_flags[before] & VALUE_AFTER) ||
               (index > 0 && p->tok[index - 1].kind == BK_INTERP_OPEN)) {
        brace_push(p, FK_BRACKET, R_VALUE, index);
    } else {
        brace_push(p, FK_BRACKET, R_BLOCK, index);
    }
}
