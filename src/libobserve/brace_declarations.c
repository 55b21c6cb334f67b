/*
 * brace_declarations.c - functions and classes of the brace-language
 * metrics pass (brace_pass.h): Java methods and constructors, Kotlin `fun`,
 * property accessors and secondary constructors, class, interface, enum,
 * record and object declarations, object expressions and enum-constant
 * bodies. Each looks over a declaration header with the bracket arrays (a
 * group is skipped in O(1)) and pushes the body's frame; the header's tokens
 * are never walked.
 */
#include <string.h>

#include "brace_pass.h"

#define KEY(i) brace_key(p, (i))

static br_func *func_at(br_pass *p, int32_t i) { return &OB_VEC_AT(&p->funcs, br_func, i); }

int32_t brace_new_function(br_pass *p, const char *text, size_t name_len, long token,
                           int is_async, uint32_t params) {
    br_frame *top = brace_top(p);
    size_t qname_len;
    const char *qname = brace_concat(p, top->prefix, top->prefix_len, text, name_len, 0,
                                     &qname_len);
    br_func *f = ob_vec_push(&p->funcs);
    if (!f) {
        p->oom = 1;
        return -1;
    }
    const ob_brace_token *t = &p->tok[token];
    f->name = text;
    f->qname = qname;
    f->line = t->line;
    f->column = t->col;
    f->end_line = t->end_line;
    f->is_method = top->kind == FK_BRACKET && top->role == R_CLASS;
    f->is_async = (uint8_t)is_async;
    f->outer = top->enc;
    f->class_ = f->is_method ? top->class_ : -1;
    f->body_nesting = top->nesting + 1;
    f->num_parameters = params;
    f->cyclomatic = 1;
    return (int32_t)(p->funcs.len - 1);
}

/* A function named by the token at name. */
static int32_t new_function(br_pass *p, long name, long token, int is_async, uint32_t params) {
    size_t name_len;
    const char *text = brace_text(p, name, &name_len);
    return brace_new_function(p, text, name_len, token, is_async, params);
}

/* Pushes the function's body frame at body (its `{`, or the first token of
 * a Kotlin expression body); the header between is never visited. */
long brace_open_function(br_pass *p, int32_t function, int kind, long body) {
    long next = kind == FK_BRACKET ? body + 1 : body;
    if (function < 0) return next;
    uint32_t nesting = brace_top(p)->nesting + 1;
    const br_func *fn = func_at(p, function);
    size_t len;
    const char *prefix = brace_concat(p, fn->qname, strlen(fn->qname), "", 0, 1, &len);
    br_frame *f = brace_push(p, kind, R_FUNCTION, body);
    f->function = f->enc = f->owner = function;
    f->nesting = nesting;
    f->depth = 0;
    f->prefix = prefix;
    f->prefix_len = len;
    return next;
}

/* ---- Java --------------------------------------------------------------- */

/* Is the name at index the (last part of the) name of an annotation `@a.b.C`? */
static int is_annotation(const br_pass *p, long index) {
    while (index > 0) {
        int before = p->keys[index - 1];
        if (before == K_AT) return 1;
        if (before != K_DOT || !brace_is_name(p, index - 2)) return 0;
        index -= 2;
    }
    return 0;
}

/* `[annotations] [modifiers] [<T>] Type name(params) [throws X, Y] {` at
 * class level is a method (`name(...) {` a constructor); with `;` or
 * `default` instead of the body it is no function. */
static long java_method(br_pass *p, long index) {
    const br_frame *top = brace_top(p);
    if (KEY(index + 1) != K_LPAREN || top->assigned || top->entries ||
        (brace_key_flags[p->keys[index]] & KF_BLOCK_WORD) || is_annotation(p, index) ||
        KEY(index - 1) == K_DOT)
        return index + 1;
    long close = p->closer[index + 1];
    if (close < 0) return index + 1;
    long body = close + 1;
    while (KEY(body) == K_LBRACK) body = p->resume[body];   /* `int f()[]` */
    if (KEY(body) == K_THROWS) {
        body++;
        for (;;) {
            int key = KEY(body);
            if (!brace_is_name(p, body) && key != K_DOT && key != K_COMMA && key != K_LT &&
                key != K_GT && key != K_SHR && key != K_QUEST && key != K_AT)
                break;
            body++;
        }
    }
    if (KEY(body) != K_LBRACE) return index + 1;
    int32_t f = new_function(p, index, index, 0, brace_count_parameters(p, index + 1, close));
    return brace_open_function(p, f, FK_BRACKET, body);
}

/* ---- Kotlin ------------------------------------------------------------- */

/* After a Kotlin signature's `)`: FK_BRACKET (*body: the `{`), FK_STMT
 * (*body: the first token after `=`) or -1 when there is no body. The
 * return type and `where` clause are looked over; the next declaration is
 * not swallowed (D6). */
static int kotlin_body(const br_pass *p, long index, long *body) {
    long start = index;
    while (index < p->n) {
        int key = p->keys[index];
        if (key == K_LBRACE) {
            *body = index;
            return FK_BRACKET;
        }
        if (key == K_ASSIGN) {
            *body = index + 1;
            return FK_STMT;
        }
        if (key == K_LPAREN || key == K_LBRACK) {
            if (p->closer[index] < 0) break;
            index = p->resume[index];
            continue;
        }
        if (key == K_SEMI || key == K_RBRACE || key == K_RPAREN || key == K_RBRACK ||
            key == K_FUN || key == K_VAL || key == K_VAR || key == K_CLASS ||
            key == K_INTERFACE || key == K_OBJECT || key == K_INIT || key == K_CONSTRUCTOR)
            break;
        if (index > start && brace_newline_before(p, index)) {
            int before = p->keys[index - 1];
            int goes_on = key == K_COLON || key == K_DOT || key == K_QUEST || key == K_QDOT ||
                          key == K_ARROW || key == K_COMMA || key == K_WHERE || key == K_LT ||
                          key == K_GT || before == K_COLON || before == K_COMMA ||
                          before == K_ARROW || before == K_DOT || before == K_WHERE ||
                          before == K_LT;
            if (!goes_on) break;
        }
        index++;
    }
    *body = index;
    return -1;
}

static int is_suspend(const br_pass *p, long index) {
    for (index--; index >= 0 && (brace_key_flags[p->keys[index]] & KF_MODIFIER); index--)
        if (p->keys[index] == K_SUSPEND) return 1;
    return 0;
}

/* Kotlin `fun [<T>] [Receiver.]name(params) [: Type] [where ...]` then `{`,
 * `=` or nothing (abstract, interface: no function). */
long brace_kw_fun(br_pass *p, long index) {
    if (KEY(index - 1) == K_DOT || KEY(index - 1) == K_COLCOL) return -1;
    long probe = index + 1;
    if (KEY(probe) == K_LT) probe = brace_skip_angles(p, probe);
    long name = -1;
    while (probe < p->n) {   /* receiver and name */
        int key = p->keys[probe];
        if (p->tok[probe].kind == BK_NAME && key != K_INTERFACE) name = probe++;
        else if (key == K_DOT || key == K_QUEST || key == K_QDOT) probe++;
        else if (key == K_LT) probe = brace_skip_angles(p, probe);
        else break;
    }
    if (name < 0 || KEY(probe) != K_LPAREN || p->closer[probe] < 0) return index + 1;
    long close = p->closer[probe], body;
    int kind = kotlin_body(p, close + 1, &body);
    if (kind < 0) return close + 1;   /* bodiless: not a function */
    int32_t f = new_function(p, name, index, is_suspend(p, index),
                             brace_count_parameters(p, probe, close));
    return brace_open_function(p, f, kind, body);
}

/* `get() ...` / `set(v) ...` with a body, at class or file level. */
static long kotlin_accessor(br_pass *p, long index) {
    int before = KEY(index - 1);
    if (KEY(index + 1) != K_LPAREN || before == K_DOT || before == K_QDOT ||
        before == K_COLCOL || before == K_AT || before == K_ASSIGN || p->closer[index + 1] < 0)
        return index + 1;
    long close = p->closer[index + 1], body;
    int kind = kotlin_body(p, close + 1, &body);
    if (kind < 0) return index + 1;
    int32_t f = new_function(p, index, index, 0, brace_count_parameters(p, index + 1, close));
    return brace_open_function(p, f, kind, body);
}

/* A secondary `constructor(...) [: this(...)] { }`: not a function and, as
 * in lizard, its tokens count nowhere. */
static long kotlin_constructor(br_pass *p, long index) {
    if (KEY(index + 1) != K_LPAREN || p->closer[index + 1] < 0) return index + 1;
    long probe = p->closer[index + 1] + 1;
    if (KEY(probe) == K_COLON) {   /* delegation `: this(...)` */
        probe++;
        while (brace_is_name(p, probe) || KEY(probe) == K_DOT) probe++;
        if (KEY(probe) == K_LPAREN) probe = p->resume[probe];
    }
    if (KEY(probe) != K_LBRACE) return index + 1;
    br_frame *f = brace_push(p, FK_BRACKET, R_SCOPE, probe);
    f->function = f->enc = -1;
    return probe + 1;
}

/* A name at class or file level: a Java method or constructor, a Kotlin
 * accessor, `constructor` or nothing. */
long brace_declaration_name(br_pass *p, long index) {
    if (!p->kotlin) return java_method(p, index);
    int key = p->keys[index];
    if (key == K_GET || key == K_SET) return kotlin_accessor(p, index);
    if (key == K_CONSTRUCTOR) return kotlin_constructor(p, index);
    return index + 1;
}

/* ---- classes ------------------------------------------------------------ */

long brace_class_header(const br_pass *p, long index, long *last) {
    long start = index;
    while (index < p->n) {
        int key = p->keys[index];
        if (key == K_LBRACE) {
            *last = index - 1;
            return index;
        }
        if (key == K_LPAREN || key == K_LBRACK) {
            if (p->closer[index] < 0) break;
            index = p->resume[index];
            continue;
        }
        if (key == K_SEMI || key == K_RBRACE || key == K_RPAREN || key == K_RBRACK) break;
        if (p->kotlin && index > start && brace_newline_before(p, index)) {
            int before = p->keys[index - 1];
            int goes_on = key == K_COLON || key == K_COMMA || key == K_WHERE || key == K_DOT ||
                          key == K_LT || key == K_GT || key == K_BY || before == K_COLON ||
                          before == K_COMMA || before == K_WHERE || before == K_DOT ||
                          before == K_LT || before == K_BY;
            if (!goes_on) break;
        }
        index++;
    }
    *last = index - 1 > start - 1 ? index - 1 : start - 1;
    return -1;
}

/* A class-body frame (function -1) with prefix + text + ".". */
br_frame *brace_class_frame(br_pass *p, long body, const char *text, size_t len) {
    br_frame top = *brace_top(p);
    size_t prefix_len;
    const char *prefix = brace_concat(p, top.prefix, top.prefix_len, text, len, 1, &prefix_len);
    br_frame *f = brace_push(p, FK_BRACKET, R_CLASS, body);
    f->function = -1;
    f->prefix = prefix;
    f->prefix_len = prefix_len;
    return f;
}

/* Kotlin `object : A(), B { ... }`: an anonymous class body. */
static long object_expression(br_pass *p, long index) {
    long last, body = brace_class_header(p, index + 1, &last);
    if (body < 0) return index + 1;
    brace_class_frame(p, body, "(anonymous)", 11);
    return body + 1;
}

int32_t brace_new_class(br_pass *p, const char *text, size_t len, long token) {
    const br_frame *top = brace_top(p);
    size_t qlen;
    const char *qname = brace_concat(p, top->prefix, top->prefix_len, text, len, 0, &qlen);
    br_class *c = ob_vec_push(&p->classes);
    if (!c) {
        p->oom = 1;
        return -1;
    }
    *c = (br_class){text, qname, p->tok[token].line, p->tok[token].col,
                    p->tok[token].end_line};
    return (int32_t)(p->classes.len - 1);
}

/* `class`/`interface`/`enum`/`record` (Java), `class`/`interface`/`object`
 * (Kotlin): a class record and its body. Java `@interface` and Kotlin
 * object expressions have a body but no record. */
long brace_kw_class(br_pass *p, long index) {
    int keyword = p->keys[index], before = KEY(index - 1);
    if (before == K_DOT || before == K_COLCOL) return -1;   /* `Object.class`, `A::class` */
    long name = index + 1;
    if (p->java && keyword == K_RECORD &&
        !(brace_is_name(p, name) && (KEY(name + 1) == K_LPAREN || KEY(name + 1) == K_LT)))
        return -1;   /* `record` as a name */
    if (p->kotlin && keyword == K_OBJECT && (KEY(name) == K_COLON || KEY(name) == K_LBRACE) &&
        before != K_COMPANION)
        return object_expression(p, index);
    const char *text;
    size_t len;
    if (p->kotlin && keyword == K_OBJECT && before == K_COMPANION && !brace_is_name(p, name)) {
        text = "Companion";
        len = 9;
        name = index;
    } else if (brace_is_name(p, name)) {
        text = brace_text(p, name, &len);
    } else {
        return -1;
    }
    int is_enum = keyword == K_ENUM || (p->kotlin && before == K_ENUM);
    long last, body = brace_class_header(p, name + 1, &last);
    int32_t c = -1;
    if (!(p->java && keyword == K_INTERFACE && before == K_AT))
        c = brace_new_class(p, text, len, index);
    if (body < 0) {   /* Kotlin `data class D(...)` */
        if (c >= 0) OB_VEC_AT(&p->classes, br_class, c).end_line = p->tok[last].end_line;
        return last + 1;
    }
    br_frame *f = brace_class_frame(p, body, text, len);
    f->class_ = c;
    f->entries = (uint8_t)is_enum;
    return body + 1;
}

/* `PLUS { ... }` / `A(1) { ... }` in an enum's constants: an anonymous
 * class named by its constant (`Op.PLUS.apply`). */
void brace_enum_entry_body(br_pass *p, long index) {
    long name = index - 1;
    if (KEY(name) == K_RPAREN && p->opener[name] > 0) name = p->opener[name] - 1;
    size_t len = 11;
    const char *text = brace_is_name(p, name) ? brace_text(p, name, &len) : "(anonymous)";
    brace_class_frame(p, index, text, len);
}
