/*
 * brace_objc.c - Objective-C declarations of the brace-language metrics
 * pass (brace_pass.h), a port of observe_core/_python/brace_functions_objc.py:
 *
 *   - `@implementation Name [(Category)] ... @end` is a class record named
 *     Name, whose frame has no brace: it ends at `@end` (or at the next
 *     `@implementation`/`@interface`/`@protocol`); `@interface`/`@protocol
 *     ... @end` are class scopes without a record; `@protocol P;` and
 *     `@protocol(P)` open nothing;
 *   - methods `-`/`+` `(type) part:(T)a part:(U)b {`, named by their
 *     selector without spaces (`part:part:`, `run` for a unary selector),
 *     one parameter per part with a colon; a declaration ending with `;` is
 *     no function;
 *   - C functions `T name(params) [MACRO|__attribute__((...))] {` at file or
 *     class level, not part of a typedef/enum/struct/union, an initializer
 *     or an `@` declaration (a look back to the declaration's start);
 *   - a `{` nobody claimed: a block literal `^{`, `^(params) {`,
 *     `^Type(params) {` (a lambda of the function around), a scope at file
 *     or class level (ivars, enum bodies, initializers: nothing counts), a
 *     value, or a plain block (`@synchronized`, `@autoreleasepool`);
 *   - which directive lines count (`#if`, `#ifdef`, `#elif`).
 *
 * The statements (@try/@catch/@finally, goto, `?` and `?:`, the directive's
 * +1) are in the walk, metrics_brace.c. Every scan here is bounded: a
 * header is looked over once with the bracket arrays, at most 8 macros
 * between a C function's `)` and its `{`, a block's return type at most 8
 * tokens.
 */
#include <string.h>

#include "brace_pass.h"

#define KEY(i) brace_key(p, (i))

/* Macros and attributes looked over between a C function's `)` and `{`. */
#define MACROS_MAX 8
/* Tokens of a block literal's return type looked over, `^Type *(...)`. */
#define BLOCK_TYPE_MAX 8

/* Does the text of name or operator token i start with `@` (`@end`, `@`)? */
static int at_word(const br_pass *p, long i) {
    const ob_brace_token *t = &p->tok[i];
    return (t->kind == BK_NAME || t->kind == BK_OP) && t->len && t->text[0] == '@';
}

static int text_is(const ob_brace_token *t, const char *s) {
    return t->len == strlen(s) && memcmp(t->text, s, t->len) == 0;
}

/* _C_KEYWORDS: statements and operators that take a parenthesis. */
static int is_c_keyword(const ob_brace_token *t) {
    static const char *const words[] = {
        "if", "else", "for", "while", "do", "switch", "case", "default", "return", "sizeof",
        "typeof", "__typeof__", "__typeof", "_Alignof", "alignof", "defined", "goto", "break",
        "continue", "asm", "__asm__", "_Static_assert", "static_assert"};
    for (size_t k = 0; k < sizeof words / sizeof *words; k++)
        if (text_is(t, words[k])) return 1;
    return 0;
}

/* `NS_SWIFT_NAME`, `__attribute__`: an ASCII upper-case name (a letter,
 * none lower case) or one starting with `__` (the Python's _is_macro). */
static int is_macro(const ob_brace_token *t) {
    if (t->len >= 2 && t->text[0] == '_' && t->text[1] == '_') return 1;
    int upper = 0;
    for (size_t i = 0; i < t->len; i++) {
        unsigned char c = (unsigned char)t->text[i];
        if (c >= 0x80 || (c >= 'a' && c <= 'z')) return 0;
        upper |= c >= 'A' && c <= 'Z';
    }
    return upper;
}

/* ---- classes ------------------------------------------------------------ */

static int is_at_frame(const br_frame *f) {
    return f->kind == FK_BRACKET && f->role == R_CLASS && f->struct_ == R_AT;
}

/* `@implementation`/`@interface`/`@protocol Name ...` at file or class
 * level: a class frame (a record for @implementation) that ends at `@end`.
 * Its frame's start is after the header: a C function's look-back stops
 * there. */
long brace_objc_class(br_pass *p, long index) {
    const br_frame *top = brace_top(p);
    if (!brace_in_decl(top) || !brace_is_name(p, index + 1))
        return -1;   /* `@protocol(P)`: an expression */
    int keyword = p->keys[index];
    long name = index + 1, probe = name + 1;
    if (keyword == K_AT_PROTOCOL && (KEY(probe) == K_SEMI || KEY(probe) == K_COMMA))
        return probe;   /* a forward declaration */
    if (KEY(probe) == K_LPAREN && p->closer[probe] >= 0)
        probe = p->resume[probe];   /* category, class extension */
    if (KEY(probe) == K_COLON && brace_is_name(p, probe + 1)) probe += 2;   /* superclass */
    if (KEY(probe) == K_LT) probe = brace_skip_angles(p, probe);   /* adopted protocols */
    if (is_at_frame(top)) brace_pop(p, index - 1);   /* a missing `@end` */
    size_t len;
    const char *text = brace_text(p, name, &len);
    int32_t c = keyword == K_AT_IMPLEMENTATION ? brace_new_class(p, text, len, index) : -1;
    br_frame parent = *brace_top(p);
    size_t prefix_len;
    const char *prefix =
        brace_concat(p, parent.prefix, parent.prefix_len, text, len, 1, &prefix_len);
    br_frame *f = brace_push(p, FK_BRACKET, R_CLASS, index);
    f->function = f->enc = -1;
    f->class_ = c;
    f->prefix = prefix;
    f->prefix_len = prefix_len;
    f->struct_ = R_AT;
    f->start = (int32_t)probe;
    return probe;
}

/* `@end`: closes the innermost @implementation/@interface/@protocol frame.
 * Such a frame is only pushed at file level (at class level the class frame
 * is one, popped first), so it can only be the second frame of the stack:
 * the Python's search of the whole stack is one look here. */
long brace_objc_end(br_pass *p, long index) {
    if (p->stack.len < 2 || !is_at_frame(&OB_VEC_AT(&p->stack, br_frame, 1))) return index + 1;
    for (;;) {
        br_frame f = brace_pop(p, is_at_frame(brace_top(p)) ? index : index - 1);
        if (is_at_frame(&f)) return index + 1;
    }
}

/* ---- methods and C functions --------------------------------------------- */

/* Does a declaration start after the token at index? */
static int boundary(const br_pass *p, long index) {
    if (index < 0) return 1;
    int key = p->keys[index];
    return p->tok[index].kind == BK_DIRECTIVE || key == K_SEMI || key == K_RBRACE ||
           key == K_LBRACE || key == K_AT_END;
}

enum { SEL_NONE, SEL_BODY, SEL_DECLARATION };

/* Looks over a method's selector from *probe (after the return type):
 * SEL_BODY with *probe at the body's `{`, SEL_DECLARATION with *probe at
 * the `;` that ends it, or SEL_NONE (not a method). The name (the parts
 * without spaces) is written to out (NULL: only measured), its length in
 * *len; *params: the parts with a colon. */
static int selector(const br_pass *p, long *probe_io, char *out, size_t *len,
                    uint32_t *params) {
    long probe = *probe_io;
    size_t n = 0;
    uint32_t parts = 0, labels = 0;
    while (probe < p->n) {
        int key = p->keys[probe];
        if (key == K_LBRACE && parts) break;
        if (key == K_SEMI) {
            *probe_io = probe;
            return SEL_DECLARATION;
        }
        if (key == K_LBRACE) return SEL_NONE;
        if ((brace_is_name(p, probe) && KEY(probe + 1) == K_COLON) || key == K_COLON) {
            int labelled = key != K_COLON;
            if (labelled) n += brace_text_write(p, probe, out ? out + n : NULL);
            if (out) out[n] = ':';
            n++;
            parts++;
            labels++;
            probe += labelled ? 2 : 1;
            if (KEY(probe) == K_LPAREN) {   /* the parameter's type */
                if (p->closer[probe] < 0) return SEL_NONE;
                probe = p->resume[probe];
            }
            if (brace_is_name(p, probe)) probe++;   /* the parameter's name */
        } else if (brace_is_name(p, probe)) {
            if (!parts) {   /* a unary selector */
                n += brace_text_write(p, probe, out ? out + n : NULL);
                parts++;
            } else if (KEY(probe + 1) == K_LPAREN && p->closer[probe + 1] >= 0) {
                probe = p->resume[probe + 1];   /* `__attribute__((...))`, macros */
                continue;
            }
            probe++;   /* `NS_REQUIRES_SUPER` */
        } else if ((key == K_COMMA || key == K_ELLIPSIS) && parts) {
            probe++;   /* variadic `, ...` */
        } else {
            return SEL_NONE;
        }
    }
    if (probe >= p->n) return SEL_NONE;
    *probe_io = probe;
    *len = n;
    *params = labels;
    return SEL_BODY;
}

/* `-`/`+` at class level (or at file level after a declaration boundary):
 * `(type) selector-parts {` is a method (a function outside a class). */
long brace_objc_method(br_pass *p, long index) {
    const br_frame *top = brace_top(p);
    if (!brace_in_decl(top) || (top->role == R_FILE && !boundary(p, index - 1))) return -1;
    long probe = index + 1;
    if (KEY(probe) == K_LPAREN) {
        if (p->closer[probe] < 0) return -1;
        probe = p->resume[probe];
    }
    long start = probe;
    size_t len;
    uint32_t params;
    int found = selector(p, &probe, NULL, &len, &params);
    if (found == SEL_NONE) return -1;
    if (found == SEL_DECLARATION) return probe;
    char *name = ob_arena_alloc(p->arena, len + 1);
    if (!name) {
        p->oom = 1;
        return probe;
    }
    selector(p, &start, name, &len, &params);
    int32_t f = brace_new_function(p, name, len, index, 0, params);
    return brace_open_function(p, f, FK_BRACKET, probe);
}

/* Looks back from a candidate C function's name to the start of its
 * declaration (a boundary, or the start of the class frame): no
 * typedef/enum/struct/union, `=`, `,` or `@` word on the way. */
static int declaration_start(br_pass *p, long index) {
    long start = brace_top(p)->start, limit = start > 0 ? start : 0;
    for (long probe = index - 1; probe >= limit; probe--) {
        int key = p->keys[probe];
        if (boundary(p, probe)) return 1;
        if (key == K_TYPEDEF || key == K_ENUM || key == K_STRUCT || key == K_UNION ||
            key == K_ASSIGN || key == K_COMMA || at_word(p, probe))
            return 0;
    }
    return 1;
}

long brace_objc_c_function(br_pass *p, long index) {
    const ob_brace_token *t = &p->tok[index];
    int before = KEY(index - 1);
    if (is_c_keyword(t) || t->text[0] == '@' || KEY(index + 1) != K_LPAREN ||
        before == K_DOT || before == K_ARROW)
        return index + 1;
    long close = p->closer[index + 1];
    if (close < 0) return index + 1;
    long body = close + 1;
    for (int macros = 0; brace_is_name(p, body) && macros < MACROS_MAX &&
                         is_macro(&p->tok[body]); macros++) {
        body++;   /* `NS_SWIFT_NAME(x)`, attributes */
        if (KEY(body) == K_LPAREN) {
            if (p->closer[body] < 0) return index + 1;
            body = p->resume[body];
        }
    }
    if (KEY(body) != K_LBRACE || !declaration_start(p, index)) return index + 1;
    int in_class = brace_top(p)->role == R_CLASS;
    size_t len;
    const char *text = brace_text(p, index, &len);
    int32_t f = brace_new_function(p, text, len, index, 0,
                                   brace_count_parameters(p, index + 1, close));
    if (f >= 0 && in_class) {   /* C has no class scope */
        br_func *fn = &OB_VEC_AT(&p->funcs, br_func, f);
        fn->qname = text;
        fn->is_method = 0;
        fn->class_ = -1;
    }
    return brace_open_function(p, f, FK_BRACKET, body);
}

/* ---- blocks and directives ----------------------------------------------- */

/* `^{`, `^(params) {`, `^Type(params) {`, `^Type *(params) {`. */
static int block_literal(const br_pass *p, long index) {
    long before = index - 1;
    if (KEY(before) == K_CARET) return 1;
    if (KEY(before) != K_RPAREN || p->opener[before] < 0) return 0;
    long probe = p->opener[before] - 1;
    for (int k = 0; k < BLOCK_TYPE_MAX; k++, probe--) {
        if (KEY(probe) == K_CARET) return 1;
        if (!brace_is_name(p, probe) && KEY(probe) != K_STAR) return 0;
    }
    return 0;
}

void brace_objc_brace(br_pass *p, long index) {
    br_frame top = *brace_top(p);
    int before = KEY(index - 1);
    if (block_literal(p, index)) {
        brace_push(p, FK_BRACKET, R_LAMBDA, index)->nesting = top.nesting + 1;
    } else if (brace_in_decl(&top)) {   /* ivars, enum/struct bodies, initializers */
        br_frame *f = brace_push(p, FK_BRACKET, R_SCOPE, index);
        f->function = f->enc = -1;
    } else if (before == K_AT || before == K_ASSIGN || before == K_LPAREN ||
               before == K_COMMA || before == K_LBRACK || before == K_RETURN ||
               before == K_COLON || before == K_QUEST) {
        brace_push(p, FK_BRACKET, R_VALUE, index);
    } else {
        brace_push(p, FK_BRACKET, R_BLOCK, index);
    }
}

/* The Python's `#\s*(\w+)` (ASCII) is `if`, `ifdef` or `elif`. */
int brace_objc_counted_directive(const br_pass *p, long index) {
    const ob_brace_token *t = &p->tok[index];
    const char *s = t->text;
    size_t i = 1;
    if (!t->len || s[0] != '#') return 0;
    while (i < t->len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                          s[i] == '\f' || s[i] == '\v'))
        i++;
    size_t start = i;
    while (i < t->len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                          (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
        i++;
    size_t n = i - start;
    return (n == 2 && memcmp(s + start, "if", 2) == 0) ||
           (n == 5 && memcmp(s + start, "ifdef", 5) == 0) ||
           (n == 4 && memcmp(s + start, "elif", 4) == 0);
}
