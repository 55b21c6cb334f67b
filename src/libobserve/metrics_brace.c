/*
 * metrics_brace.c - complexity metrics of the brace languages
 * (docs/metrics_mobile.md): Java, Kotlin, Swift, JavaScript, TypeScript,
 * Objective-C and Dart.
 *
 * A port of observe_core/_python/brace_metrics.py, the specification; see
 * brace_pass.h for how the work is split. One analysis:
 *   1. tokenize (lex_brace.c) and count lines from the lexer's line flags;
 *   2. match brackets once (brace_structure.c), so that a declaration header
 *      is looked over in O(1) per group;
 *   3. walk the tokens once with an explicit stack of frames:
 *        BRACKET  a `(`, `[`, `{` or template `${`; a `{` has a role
 *                 (function body, class body, block, lambda, switch ...);
 *        STMT     a statement body without braces (`if (a) x();`, a Kotlin
 *                 `when` arm or expression body), ended with its statement;
 *        EXPR     a Java expression region that nests (a lambda's
 *                 expression body, a ternary's branches), ended at `;`,
 *                 `,` or a closing bracket;
 *      every frame knows the function whose own scope it is in, the
 *      innermost function around it (cognitive), its cognitive nesting and
 *      its control depth. Nothing recurses: 100,000 nested braces cost
 *      frames, never C stack;
 *   4. build the records (brace_structure.c).
 */
#include <stdlib.h>
#include <string.h>

#include "brace_pass.h"
#include "metrics_brace.h"

/* ---- the stack ---------------------------------------------------------- */

/* A frame inheriting its scope from the top one (_Frame.__init__). */
br_frame *brace_push(br_pass *p, int kind, int role, long index) {
    int room = ob_vec_reserve(&p->stack, 1) == 0;   /* first: the parent must not move */
    br_frame *base = p->stack.data;
    const br_frame *parent = &base[p->stack.len - 1];
    br_frame *f = room ? &base[p->stack.len++] : &p->scratch;
    if (room) p->top_frame = f;
    else p->oom = 1;
    *f = (br_frame){.kind = (uint8_t)kind, .role = (uint8_t)role, .opener = -1,
                    .function = parent->function, .enc = parent->enc, .owner = -1,
                    .class_ = -1, .nesting = parent->nesting, .depth = parent->depth,
                    .prefix = parent->prefix, .prefix_len = parent->prefix_len};
    f->start = (int32_t)(kind == FK_BRACKET ? index + 1 : index);
    if (kind == FK_BRACKET && f != &p->scratch) {
        f->opener = (int32_t)index;
        p->stack_pos[index] = (int32_t)(p->stack.len - 1);
    }
    return f;
}

static br_func *func_at(br_pass *p, int32_t i) { return &OB_VEC_AT(&p->funcs, br_func, i); }

/* A function body ended: its pending cognitive increments become its own
 * (each structure at its nesting measured from the body) and go on to the
 * function around it. */
static void hand_out_cognitive(br_pass *p, br_func *f) {
    f->cognitive += f->sum_s - f->count_s * (int64_t)f->body_nesting + f->count_f;
    if (f->outer >= 0) {
        br_func *outer = func_at(p, f->outer);
        outer->sum_s += f->sum_s;
        outer->count_s += f->count_s;
        outer->count_f += f->count_f;
    }
    f->sum_s = f->count_s = f->count_f = 0;
}

/* Pops the top frame; last is the index of its last token. The frame
 * returned lives in the stack's spare room: valid until the next push. */
static const br_frame *pop(br_pass *p, long last) {
    const br_frame *f = brace_top(p);   /* (not copied: a frame is about 90 bytes) */
    p->stack.len--;
    p->top_frame--;
    if (f->opener >= 0) p->stack_pos[f->opener] = -1;
    uint32_t last_line = p->n ? p->tok[last > 0 ? last : 0].end_line : 0;
    if (f->owner >= 0) {
        br_func *fn = func_at(p, f->owner);
        fn->end_line = last_line > fn->line ? last_line : fn->line;
        hand_out_cognitive(p, fn);
    } else if (f->role == R_PARAMS && f->function >= 0) {
        /* JS parameters: their increments are the function's (its body may
         * never open); handed out in parts, they sum to the same. */
        hand_out_cognitive(p, func_at(p, f->function));
    }
    if (f->class_ >= 0) {
        br_class *c = &OB_VEC_AT(&p->classes, br_class, f->class_);
        c->end_line = last_line > c->line ? last_line : c->line;
    }
    if (f->role == R_WHEN && f->arms && f->function >= 0)
        func_at(p, f->function)->cyclomatic--;   /* lizard: a `when` with n arms adds n - 1 */
    return f;
}

br_frame brace_pop(br_pass *p, long last) { return *pop(p, last); }

/* ---- increments (docs/metrics_mobile.md sections 2-4) -------------------- */

static void cyclomatic(br_pass *p, const br_frame *f) {
    if (f->function >= 0) func_at(p, f->function)->cyclomatic++;
}

/* Cognitive S: +1 + nesting, for every function around. */
static void structural(br_pass *p, const br_frame *f) {
    if (f->enc < 0) return;
    br_func *fn = func_at(p, f->enc);
    fn->sum_s += 1 + (int64_t)f->nesting;
    fn->count_s++;
}

/* Cognitive H and F: +1 for every function around. */
static void flat(br_pass *p, const br_frame *f) {
    if (f->enc >= 0) func_at(p, f->enc)->count_f++;
}

static uint32_t enter_structure(br_pass *p, const br_frame *f) {
    uint32_t depth = f->depth + 1;
    if (f->function >= 0 && depth > func_at(p, f->function)->nested_depth)
        func_at(p, f->function)->nested_depth = depth;
    return depth;
}

static br_body body_of(int struct_, uint32_t nesting, uint32_t depth) {
    return (br_body){1, (uint8_t)struct_, nesting, depth};
}

/* ---- statements --------------------------------------------------------- */

static void body_frame(br_pass *p, br_body body, int kind, long index) {
    int role = body.struct_;
    if (kind == FK_BRACKET && role != R_SWITCH && role != R_WHEN && role != R_SWITCHX)
        role = R_BLOCK;
    br_frame *f = brace_push(p, kind, role, index);
    f->nesting = body.nesting;
    f->depth = body.depth;
    f->struct_ = body.struct_;
}

/* The body of a structure starts at index: a block, or one statement. */
static void open_body(br_pass *p, br_body body, long index) {
    if (brace_key(p, index) == K_LBRACE) {
        p->expect = E_BODY;
        p->expect_body = body;
    } else {
        body_frame(p, body, FK_STMT, index);
    }
}

/* A structure body ended; is the whole statement complete? Not when `else`,
 * `catch`/`finally` or a do-while's `while` follows. */
static int body_complete(br_pass *p, const br_frame *f, long next) {
    int after = brace_key(p, next);
    if (f->struct_ == R_IF && after == K_ELSE && brace_key(p, next + 1) != K_ARROW) {
        p->expect = E_ELSE;
        return 0;
    }
    if ((f->struct_ == R_TRY || f->struct_ == R_CATCH) &&
        (after == K_CATCH || after == K_FINALLY || (p->dart && after == K_ON) ||
         (p->objc && (after == K_AT_CATCH || after == K_AT_FINALLY)))) {
        p->expect = E_CATCH;
        return 0;
    }
    if (f->struct_ == R_DO && after == K_WHILE) {
        p->expect = E_DO_TAIL;
        return 0;
    }
    return 1;
}

/* The statement in the innermost STMT/EXPR frames ended at last. */
static void statement_end(br_pass *p, long next, long last) {
    while (brace_top(p)->kind != FK_BRACKET) {
        br_frame f = *pop(p, last);
        if (f.kind == FK_STMT && !body_complete(p, &f, next)) return;
    }
}

/* The `(` at index at will open body when it closes (no other `(` will). */
static void expect_header(br_pass *p, br_body body, long at) {
    p->header_body = body;
    p->header_at = at;
}

/* Opens body after the `(...)` header that follows token index, or at once;
 * Swift: at the next `{` of this level (conditions without parentheses). */
static void body_after(br_pass *p, br_body body, long index, int header) {
    if (header && brace_key(p, index + 1) == K_AWAIT) index++;   /* JS `for await (` */
    if (header && p->swift) brace_top(p)->pending = body;
    else if (header && brace_key(p, index + 1) == K_LPAREN) expect_header(p, body, index + 1);
    else open_body(p, body, index + 1);
}

/* Kotlin, Swift: a newline ends the statement of a STMT or EXPR frame (a
 * Swift ternary's branches) unless the line goes on (an operator ends the
 * line, or `.`, `?:`, `&&` ... starts the next). */
static void newline(br_pass *p, long index) {
    if (p->swift ? brace_swift_goes_on(p, index)
        : p->js  ? brace_js_goes_on(p, index)
                 : (brace_key_flags[p->keys[index - 1]] & KF_CONT_AFTER) ||
                       (brace_key_flags[p->keys[index]] & KF_CONT_BEFORE))
        return;
    br_frame *top = brace_top(p);
    if (top->kind != FK_BRACKET && top->start < index) statement_end(p, index, index - 1);
    top = brace_top(p);
    top->seen_or = top->in_and = 0;
}

/* ---- brackets ----------------------------------------------------------- */

static long open_bracket(br_pass *p, long index, int expect, br_body expect_body) {
    int key = p->keys[index];
    br_body header = {0};
    if (key == K_LPAREN) {
        if (p->header_body.set && p->header_at == index) header = p->header_body;
        p->header_body.set = 0;
    }
    if (key == K_LPAREN && p->js && !header.set) {   /* an arrow's, never a header */
        long arrow = brace_js_arrow_after(p, index);
        if (arrow >= 0) return brace_js_arrow(p, index, arrow);
    }
    if (key != K_LBRACE) {
        brace_push(p, FK_BRACKET, R_PAREN, index)->body = header;
        return index + 1;
    }
    br_frame top = *brace_top(p);   /* (a copy: the pushes below may move the stack) */
    if (expect == E_BODY) {
        body_frame(p, expect_body, FK_BRACKET, index);
    } else if (top.pending.set) {   /* Swift `if a, b {` */
        brace_top(p)->pending.set = 0;
        body_frame(p, top.pending, FK_BRACKET, index);
    } else if (p->swift && brace_in_decl(&top)) {
        brace_swift_member_brace(p, index);
    } else if (expect == E_ARM) {
        brace_push(p, FK_BRACKET, R_BLOCK, index);
    } else if (expect == E_LAMBDA) {
        brace_push(p, FK_BRACKET, R_LAMBDA, index)->nesting = top.nesting + 1;
    } else if (expect == E_CLASS) {   /* anonymous class */
        br_frame *f = brace_push(p, FK_BRACKET, R_CLASS, index);
        f->function = -1;
        f->prefix = brace_concat(p, top.prefix, top.prefix_len, "(anonymous)", 11, 1,
                                 &f->prefix_len);
    } else if (p->objc) {
        brace_objc_brace(p, index);
    } else if (p->dart) {
        brace_dart_brace(p, index);
    } else if (p->js) {
        brace_js_brace(p, index);
    } else if (brace_in_decl(&top) && top.entries) {
        brace_enum_entry_body(p, index);
    } else if (brace_in_decl(&top) && (p->java || brace_key(p, index - 1) == K_INIT)) {
        /* Java initializer blocks, record compact constructors, Kotlin `init`. */
        brace_push(p, FK_BRACKET, R_SCOPE, index);
    } else if (p->kotlin || p->swift) {
        brace_push(p, FK_BRACKET, R_LAMBDA, index)->nesting = top.nesting + 1;
    } else {
        int before = brace_key(p, index - 1);
        int value = before == K_ASSIGN || before == K_RBRACK || before == K_LPAREN ||
                    top.role == R_VALUE;   /* Java array initializer */
        brace_push(p, FK_BRACKET, value ? R_VALUE : R_BLOCK, index);
    }
    return index + 1;
}

/* A closer at index: pops everything down to its opener's frame; 0 for a
 * stray closer (diagnosed already). */
static int pop_to_opener(br_pass *p, long index, br_frame *out) {
    long opener = p->opener[index];
    if (opener < 0 || p->stack_pos[opener] < 0) return 0;
    for (;;) {
        const br_frame *f = pop(p, brace_top(p)->opener == opener ? index : index - 1);
        if (f->opener == opener) {
            *out = *f;
            return 1;
        }
    }
}

static long close_bracket(br_pass *p, long index) {
    br_frame f;
    if (!pop_to_opener(p, index, &f)) return index + 1;
    br_frame *top = brace_top(p);
    if (f.role == R_PARAMS) return brace_js_open_body(p, &f);   /* JS: on to the body */
    if (f.body.set) {   /* `if (...)` and the like */
        open_body(p, f.body, index + 1);
    } else if (p->new_paren[f.opener] && brace_key(p, index + 1) == K_LBRACE) {
        p->expect = E_CLASS;   /* `new X(...) { ... }` */
    } else if (f.role == R_BLOCK || f.role == R_SWITCH || f.role == R_WHEN) {
        /* Java: the braceless bodies around may end too; Kotlin: the block may be part of
         * an expression, only `else`/`catch`/`while` are noted, the newline ends it. */
        if (body_complete(p, &f, index + 1) && (p->java || p->js || p->objc || p->dart))
            statement_end(p, index + 1, index);
    } else if ((f.role == R_FUNCTION || f.role == R_CLASS || f.role == R_SCOPE) &&
               top->kind == FK_BRACKET) {
        top->assigned = 0;   /* a member ended */
    }
    return index + 1;
}

/* ---- control structures -------------------------------------------------- */

static long control(br_pass *p, long index, int struct_, int condition, int loop, int branch,
                    int cognitive) {
    br_frame *top = brace_top(p);
    if (cognitive) structural(p, top);
    if (top->function >= 0) {
        func_at(p, top->function)->loops += (uint32_t)loop;
        func_at(p, top->function)->branches += (uint32_t)branch;
    }
    uint32_t nesting = struct_ == R_TRY ? top->nesting : top->nesting + 1;
    body_after(p, body_of(struct_, nesting, enter_structure(p, top)), index, condition);
    return index + 1;
}

static long kw_if(br_pass *p, long index, int expect) {
    br_frame *top = brace_top(p);
    cyclomatic(p, top);
    if (expect == E_ELSE_IF) {   /* H given by the `else` */
        if (top->function >= 0) func_at(p, top->function)->branches++;
        body_after(p, body_of(R_IF, top->nesting + 1, top->depth + 1), index, 1);
        return index + 1;
    }
    return control(p, index, R_IF, 1, 0, 1, 1);
}

static long kw_else(br_pass *p, long index, int expect) {
    br_frame *top = brace_top(p);
    if (p->kotlin && top->role == R_WHEN && top->kind == FK_BRACKET) return index + 1;
    if (top->pending.set && top->pending.struct_ == R_GUARD) return index + 1;   /* guard */
    if (expect != E_ELSE) {   /* Kotlin `if (a) x else y`: the if body ends at the `else` */
        while (brace_top(p)->kind != FK_BRACKET)
            if (pop(p, index - 1)->struct_ == R_IF) break;
        top = brace_top(p);
    }
    int after = brace_key(p, index + 1);
    if (!p->kotlin || after == K_LBRACE || after == K_IF) flat(p, top);
    if (after == K_IF) {
        p->expect = E_ELSE_IF;
        return index + 1;
    }
    open_body(p, body_of(R_ELSE, top->nesting + 1, top->depth + 1), index + 1);
    return index + 1;
}

static long kw_catch(br_pass *p, long index) {
    br_frame *top = brace_top(p);
    cyclomatic(p, top);
    structural(p, top);
    body_after(p, body_of(R_CATCH, top->nesting + 1, top->depth + 1), index, 1);
    return index + 1;
}

/* Java `switch`, Kotlin `when`: S once; the arms are nested in the body. */
static long kw_switch(br_pass *p, long index) {
    br_frame *top = brace_top(p);
    structural(p, top);
    br_body body = body_of(p->kotlin ? R_WHEN : R_SWITCH, top->nesting + 1,
                           enter_structure(p, top));
    if (p->swift) {
        top->pending = body;
    } else if (brace_key(p, index + 1) == K_LPAREN) {
        expect_header(p, body, index + 1);
    } else {
        p->expect = E_BODY;
        p->expect_body = body;
    }
    return index + 1;
}

/* Labelled `break label` (Java) and `break@label` (Kotlin): F. */
static void kw_jump(br_pass *p, long index) {
    int after = brace_key(p, index + 1);
    int labelled = p->kotlin ? after == K_AT && !brace_newline_before(p, index + 1)
                             : brace_is_name(p, index + 1) && after != K_CASE &&
                                   after != K_DEFAULT && !brace_newline_before(p, index + 1);
    if (labelled) flat(p, brace_top(p));
}

/* `&&` / `||`: +1 cyclomatic; cognitive +1 per sequence per grammar node. */
static long boolean(br_pass *p, long index) {
    br_frame *top = brace_top(p);
    cyclomatic(p, top);
    if (p->keys[index] == K_OROR) {
        if (!top->seen_or) {
            flat(p, top);
            top->seen_or = 1;
        }
        top->in_and = 0;
    } else if (!top->in_and) {
        flat(p, top);
        top->in_and = 1;
    }
    return index + 1;
}

/* A ternary's `?`: +1, S, and its branches nested (an EXPR frame). */
static long ternary(br_pass *p, long index) {
    br_frame *top = brace_top(p);
    cyclomatic(p, top);
    structural(p, top);
    uint32_t nesting = top->nesting + 1;
    brace_push(p, FK_EXPR, R_TERNARY, index + 1)->nesting = nesting;
    return index + 1;
}

/* Java `?`: a ternary unless a generic wildcard (D4). */
static long question(br_pass *p, long index) {
    int before = brace_key(p, index - 1), after = brace_key(p, index + 1);
    int wildcard = before == K_LT || before == K_COMMA || after == K_GT || after == K_SHR ||
                   after == K_USHR || after == K_COMMA ||
                   ((after == K_EXTENDS || after == K_SUPER) &&
                    brace_key(p, index + 2) != K_DOT);
    return wildcard ? index + 1 : ternary(p, index);
}

static long arrow(br_pass *p, long index) {
    br_frame *top = brace_top(p);
    if (top->kind == FK_BRACKET && top->role == R_WHEN) {   /* Kotlin arm */
        top->arms++;
        cyclomatic(p, top);
        if (top->function >= 0) func_at(p, top->function)->branches++;
        open_body(p, body_of(R_ARM, top->nesting, top->depth), index + 1);
        return index + 1;
    }
    if (!p->java) return index + 1;   /* lambda parameters, function types */
    if (top->kind == FK_BRACKET && top->role == R_SWITCH) {   /* Java `case x ->` */
        if (brace_key(p, index + 1) == K_LBRACE) p->expect = E_ARM;
        return index + 1;
    }
    if (brace_key(p, index + 1) == K_LBRACE) {   /* Java lambda */
        p->expect = E_LAMBDA;
    } else {
        uint32_t nesting = top->nesting + 1;
        brace_push(p, FK_EXPR, R_LAMBDA, index + 1)->nesting = nesting;
    }
    return index + 1;
}

/* Java `new T<...>(...)`: remember the `(`; a `{` after its `)` is a class. */
static void kw_new(br_pass *p, long index) {
    long probe = index + 1;
    while (probe < p->n) {
        int key = p->keys[probe];
        if (key == K_LT) {
            probe = brace_skip_angles(p, probe);
        } else if (key == K_LPAREN) {
            p->new_paren[probe] = 1;
            break;
        } else if (brace_is_name(p, probe) || key == K_DOT || key == K_AT) {
            probe++;
        } else {
            break;
        }
    }
}

static long semicolon(br_pass *p, long index) {
    statement_end(p, index + 1, index);
    br_frame *top = brace_top(p);
    if (brace_in_decl(top)) top->assigned = top->entries = 0;   /* enum constants end */
    return index + 1;
}

/* ---- Swift statements (brace_functions_swift.py) ------------------------- */

/* `guard c else { }`: +1, S, a branch and a structure; its `else` adds
 * nothing. */
static long swift_guard(br_pass *p, long index) {
    br_frame *top = brace_top(p);
    cyclomatic(p, top);
    structural(p, top);
    if (top->function >= 0) func_at(p, top->function)->branches++;
    top->pending = body_of(R_GUARD, top->nesting + 1, enter_structure(p, top));
    return index + 1;
}

/* `if case`, `guard case`, `for case`, `catch case` ...: +1, not an arm. */
static long swift_case(br_pass *p, long index) {
    br_frame *top = brace_top(p);
    cyclomatic(p, top);
    int before = brace_key(p, index - 1);
    int label = top->role == R_SWITCH && before != K_IF && before != K_GUARD &&
                before != K_FOR && before != K_WHILE && before != K_COMMA && before != K_CATCH;
    if (top->function >= 0 && label) func_at(p, top->function)->branches++;
    return index + 1;
}

/* `#if`/`#elseif` conditions are compilation conditions: the line is
 * skipped (an unbalanced one only up to its bracket, which the walk sees). */
static long swift_directive(br_pass *p, long index) {
    uint32_t line = p->tok[index].line;
    long probe = index + 1;
    while (probe < p->n && p->tok[probe].line == line) {
        int key = p->keys[probe];
        if ((key == K_LPAREN || key == K_LBRACK) && p->closer[probe] >= 0)
            probe = p->resume[probe];
        else if (key == K_LPAREN || key == K_LBRACK || key == K_LBRACE || key == K_RBRACE ||
                 key == K_RPAREN || key == K_RBRACK)
            break;
        else
            probe++;
    }
    return probe;
}

#define NOT_SWIFT (-2)

/* The Swift keywords (brace_metrics.py's _handlers for "swift"); NOT_SWIFT
 * for those Swift shares with Java and Kotlin. */
static long handle_swift(br_pass *p, long index, int key) {
    br_frame *top = brace_top(p);
    switch (key) {
    case K_TRY:
    case K_FINALLY:
    case K_INTERFACE: return -1;   /* names in Swift */
    case K_DO:   /* `do { } catch ...`: one structure, like `try` */
        if (brace_key(p, index + 1) != K_LBRACE) return index + 1;
        return control(p, index, R_TRY, 0, 0, 0, 0);
    case K_REPEAT: return control(p, index, R_DO, 0, 1, 0, 1);
    case K_DEFER:   /* a plain block: no structure, no nesting (DECISIONS §4) */
        if (brace_key(p, index + 1) == K_LBRACE) {
            p->expect = E_BODY;
            p->expect_body = body_of(R_DEFER, top->nesting, top->depth);
        }
        return index + 1;
    case K_GUARD: return swift_guard(p, index);
    case K_WHERE:   /* the `where` of a `for` header: cognitive H */
        if (top->pending.set && top->pending.struct_ == R_LOOP) flat(p, top);
        return index + 1;
    case K_SWITCH: return kw_switch(p, index);
    case K_CASE: return swift_case(p, index);
    case K_QUEST:   /* `T?`, `x?.y`, `try?`, `as?` are glued; a spaced `?` a ternary */
        return brace_adjacent(p, index) ? index + 1 : ternary(p, index);
    case K_HASH_IF:
    case K_HASH_ELSEIF: return swift_directive(p, index);
    case K_CLASS:
    case K_STRUCT:
    case K_ENUM:
    case K_PROTOCOL:
    case K_EXTENSION:
    case K_ACTOR: return brace_swift_kw_class(p, index);
    case K_FUNC: return brace_swift_func(p, index);
    case K_INIT:
    case K_DEINIT:
    case K_SUBSCRIPT: return brace_swift_init(p, index);
    case K_GET:
    case K_SET:
    case K_WILLSET:
    case K_DIDSET: return brace_swift_accessor(p, index);
    default: return NOT_SWIFT;
    }
}

/* ---- Dart statements (brace_functions_dart.py) -------------------------- */

/* `=>` not of a declaration: a switch-expression arm (+1 and a branch, the
 * wildcard `_ =>` neither), else a closure's expression body. */
static long dart_arrow(br_pass *p, long index) {
    br_frame *top = brace_top(p);
    if (top->kind == FK_BRACKET && top->role == R_SWITCHX) {
        int before = brace_key(p, index - 2);
        int wildcard = brace_key(p, index - 1) == K_UNDERSCORE &&
                       (before == K_LBRACE || before == K_COMMA);
        if (!wildcard) {
            cyclomatic(p, top);
            if (top->function >= 0) func_at(p, top->function)->branches++;
        }
        brace_push(p, FK_EXPR, R_ARM, index + 1);
        return index + 1;
    }
    uint32_t nesting = top->nesting + 1;
    brace_push(p, FK_EXPR, R_LAMBDA, index + 1)->nesting = nesting;
    return index + 1;
}

/* `switch`: S once; a statement's body has `case` labels, an expression's
 * (`switch` not at the start of a statement) `=>` arms. */
static long dart_switch(br_pass *p, long index) {
    br_frame *top = brace_top(p);
    int before = brace_key(p, index - 1);
    int statement = index == 0 || before == K_SEMI || before == K_LBRACE ||
                    before == K_RBRACE || before == K_RPAREN || before == K_ELSE ||
                    (before == K_COLON && top->role == R_SWITCH);
    structural(p, top);
    br_body body = body_of(statement ? R_SWITCH : R_SWITCHX, top->nesting + 1,
                           enter_structure(p, top));
    if (brace_key(p, index + 1) == K_LPAREN) {
        expect_header(p, body, index + 1);
    } else {
        p->expect = E_BODY;
        p->expect_body = body;
    }
    return index + 1;
}

/* `on T {` / `on T catch (e) {` after a try or catch body: one catch clause
 * (+1, S); -1 for any other `on`. */
static long dart_on(br_pass *p, long index, int expect) {
    if (expect != E_CATCH) return -1;
    br_frame *top = brace_top(p);
    cyclomatic(p, top);
    structural(p, top);
    br_body body = body_of(R_CATCH, top->nesting + 1, top->depth + 1);
    long probe = index + 1;
    while (probe < p->n) {   /* the type */
        int key = p->keys[probe];
        if (key == K_LT)
            probe = brace_skip_angles(p, probe);
        else if ((brace_is_name(p, probe) && key != K_CATCH) || key == K_DOT || key == K_QUEST)
            probe++;
        else
            break;
    }
    if (brace_key(p, probe) == K_CATCH && brace_key(p, probe + 1) == K_LPAREN) {
        expect_header(p, body, probe + 1);
        return probe + 1;
    }
    open_body(p, body, probe);
    return probe;
}

/* `?`: a ternary, unless glued to the token before (`int?`, `a?[i]`); a
 * glued `a?b:c` is still one. */
static long dart_question(br_pass *p, long index) {
    if (brace_adjacent(p, index)) {
        int glued_operand = brace_adjacent(p, index + 1) &&
                            (p->tok[index + 1].kind == BK_NAME ||
                             p->tok[index + 1].kind == BK_NUMBER ||
                             p->tok[index + 1].kind == BK_STRING);
        if (!glued_operand) return index + 1;
    }
    return ternary(p, index);
}

#define NOT_DART (-2)

/* The Dart handlers (brace_metrics.py's _handlers for "dart"): NOT_DART for
 * those Dart shares with Java, -1 for keys without a handler in Dart. */
static long handle_dart(br_pass *p, long index, int key, int expect) {
    br_frame *top = brace_top(p);
    switch (key) {
    case K_IF: case K_ELSE: case K_FOR: case K_WHILE: case K_DO: case K_TRY: case K_CATCH:
    case K_FINALLY: case K_RETURN: case K_BREAK: case K_CONTINUE: case K_ANDAND: case K_OROR:
    case K_SEMI:
        return NOT_DART;
    case K_COMMA:   /* collection `if`/`for` elements and `=>` bodies end here */
        while (brace_top(p)->kind != FK_BRACKET) pop(p, index - 1);
        return -1;
    case K_CLASS: case K_MIXIN: case K_EXTENSION: case K_ENUM:
        return brace_dart_class(p, index);
    case K_SWITCH: return dart_switch(p, index);
    case K_CASE:   /* `if (x case P)`: +1, no branch */
        cyclomatic(p, top);
        if (top->function >= 0 && top->role == R_SWITCH) func_at(p, top->function)->branches++;
        return index + 1;
    case K_QUEST: return dart_question(p, index);
    case K_NULLISH: cyclomatic(p, top); return index + 1;   /* cognitive 0 */
    case K_FATARROW: return dart_arrow(p, index);
    case K_ON: return dart_on(p, index, expect);
    default: return -1;
    }
}

/* ---- Objective-C statements (brace_functions_objc.py) ------------------- */

/* `?`: a ternary, or the GNU `a ?: b` (CCN +1, cognitive 0). */
static long objc_question(br_pass *p, long index) {
    if (brace_key(p, index + 1) == K_COLON) {
        cyclomatic(p, brace_top(p));
        return index + 2;
    }
    return ternary(p, index);
}

#define NOT_OBJC (-2)

/* The Objective-C handlers (brace_metrics.py's _handlers for "objc"):
 * NOT_OBJC for those it shares with Java, -1 for keys without a handler in
 * Objective-C (`try`, `catch`, `finally`, `class` are names there). */
static long handle_objc(br_pass *p, long index, int key) {
    br_frame *top = brace_top(p);
    switch (key) {
    case K_TRY: case K_CATCH: case K_FINALLY: case K_ARROW: case K_CLASS: case K_INTERFACE:
        return -1;
    case K_AT_TRY: return control(p, index, R_TRY, 1, 0, 0, 0);
    case K_AT_CATCH: return kw_catch(p, index);
    case K_AT_FINALLY:
        open_body(p, body_of(R_FINALLY, top->nesting, top->depth + 1), index + 1);
        return index + 1;
    case K_SWITCH: return kw_switch(p, index);
    case K_CASE:
        cyclomatic(p, top);
        if (top->function >= 0) func_at(p, top->function)->branches++;
        return index + 1;
    case K_QUEST: return objc_question(p, index);
    case K_GOTO: flat(p, top); return index + 1;   /* cognitive F */
    case K_AT_END: return brace_objc_end(p, index);
    case K_MINUS:
    case K_PLUS: return brace_objc_method(p, index);
    case K_AT_IMPLEMENTATION:
    case K_AT_INTERFACE:
    case K_AT_PROTOCOL: return brace_objc_class(p, index);
    default: return NOT_OBJC;
    }
}

/* ---- JavaScript and TypeScript (brace_functions_js.py) ------------------- */

/* `?`: a ternary, unless a TS optional marker (`x?:`, `x?)`, `f?(`). */
static long js_question(br_pass *p, long index) {
    const br_frame *top = brace_top(p);
    int after = brace_key(p, index + 1);
    if (after == K_COLON || after == K_RPAREN || after == K_COMMA || after == K_ASSIGN ||
        top->role == R_CLASS || top->role == R_FILE || top->role == R_PARAMS)
        return index + 1;
    return ternary(p, index);
}

/* The JavaScript and TypeScript keywords and operators that Java's and
 * Kotlin's handlers do not cover; -1 as in handle(). */
static long handle_js(br_pass *p, long index, int key) {
    br_frame *top = brace_top(p);
    switch (key) {
    case K_ENUM: return p->typescript ? brace_kw_class(p, index) : -1;
    case K_SWITCH: return kw_switch(p, index);
    case K_CASE:
        cyclomatic(p, top);
        if (top->function >= 0) func_at(p, top->function)->branches++;
        return index + 1;
    case K_QUEST: return js_question(p, index);
    case K_FUNCTION: return brace_js_function(p, index);
    case K_FATARROW: return brace_js_bare_arrow(p, index);
    case K_ASSIGN:   /* a parameter's or a destructuring pattern's default value: +1 */
        if (top->role == R_PARAMS || top->role == R_PATTERN) cyclomatic(p, top);
        return -1;
    case K_NULLISH:
    case K_NULLISHEQ:
    case K_ANDANDEQ:
    case K_OROREQ: cyclomatic(p, top); return index + 1;   /* cognitive 0 */
    default: return -1;
    }
}

/* The keyword handlers (_handlers); -1 is Python's None: go on with the
 * declaration checks of step(). */
static long handle(br_pass *p, long index, int key, int expect) {
    br_frame *top = brace_top(p);
    if (p->swift) {
        long next = handle_swift(p, index, key);
        if (next != NOT_SWIFT) return next;
    }
    if (p->dart) {
        long next = handle_dart(p, index, key, expect);
        if (next != NOT_DART) return next;
    }
    if (p->objc) {
        long next = handle_objc(p, index, key);
        if (next != NOT_OBJC) return next;
    }
    if (p->js && (key == K_ARROW || (key == K_INTERFACE && !p->typescript)))
        return -1;   /* not JavaScript's */
    switch (key) {
    case K_IF: return kw_if(p, index, expect);
    case K_ELSE: return kw_else(p, index, expect);
    case K_FOR:
    case K_WHILE:
        cyclomatic(p, top);
        if (expect == E_DO_TAIL) return index + 1;   /* `do { } while (c)`: its CCN only */
        return control(p, index, R_LOOP, 1, 1, 0, 1);
    case K_DO: return control(p, index, R_DO, 0, 1, 0, 1);
    case K_TRY: return control(p, index, R_TRY, 1, 0, 0, 0);
    case K_CATCH: return kw_catch(p, index);
    case K_FINALLY:
        open_body(p, body_of(R_FINALLY, top->nesting, top->depth + 1), index + 1);
        return index + 1;
    case K_RETURN:
        if (top->function >= 0) func_at(p, top->function)->returns++;
        return -1;
    case K_BREAK:
    case K_CONTINUE: kw_jump(p, index); return -1;
    case K_ANDAND:
    case K_OROR: return boolean(p, index);
    case K_SEMI: return semicolon(p, index);
    case K_COMMA:
        while (brace_top(p)->kind == FK_EXPR) pop(p, index - 1);
        return -1;
    case K_ARROW: return arrow(p, index);
    case K_CLASS:
    case K_INTERFACE: return brace_kw_class(p, index);
    default: break;
    }
    if (p->swift || p->objc) return -1;
    if (p->js) return handle_js(p, index, key);
    if (p->java) {
        switch (key) {
        case K_ENUM:
        case K_RECORD: return brace_kw_class(p, index);
        case K_SWITCH: return kw_switch(p, index);
        case K_CASE:
            cyclomatic(p, top);
            if (top->function >= 0) func_at(p, top->function)->branches++;
            return index + 1;
        case K_DEFAULT: {   /* a `default:` / `default ->` arm is a branch */
            int after = brace_key(p, index + 1);
            if (top->role == R_SWITCH && brace_key(p, index - 1) != K_COMMA &&
                (after == K_COLON || after == K_ARROW) && top->function >= 0)
                func_at(p, top->function)->branches++;
            return -1;
        }
        case K_QUEST: return question(p, index);
        case K_NEW: kw_new(p, index); return index + 1;
        default: return -1;
        }
    }
    switch (key) {
    case K_OBJECT: return brace_kw_class(p, index);
    case K_WHEN: return kw_switch(p, index);
    case K_ELVIS: cyclomatic(p, top); return index + 1;   /* cognitive 0 */
    case K_FUN: return brace_kw_fun(p, index);
    default: return -1;
    }
}

/* ---- the walk ----------------------------------------------------------- */

/* D5: a keyword of brace_metrics.py's _KEYWORDS_AS_NAMES that has a handler
 * in this language is a plain name when used_as_name() says so. */
static int keyword_as_name(const br_pass *p, int key) {
    switch (key) {
    case K_IF: case K_ELSE: case K_FOR: case K_WHILE: case K_DO: case K_RETURN: return 1;
    case K_CATCH: return !p->objc;   /* `@catch` in Objective-C */
    case K_TRY: return p->java || p->kotlin || p->js || p->dart;
    case K_SWITCH: case K_CASE: return p->java || p->swift || p->js || p->dart || p->objc;
    case K_WHEN: return p->kotlin;
    case K_REPEAT: case K_GUARD: return p->swift;
    default: return 0;
    }
}

/* After `.` (a member) or, outside Java and Kotlin, before `:` (a label, an
 * argument label, a key): `o.if`, `f(for: x)`, `{case: 1}`. */
static int used_as_name(const br_pass *p, long index) {
    int before = brace_key(p, index - 1);
    return before == K_DOT || before == K_QDOT ||
           (!p->java && !p->kotlin && brace_key(p, index + 1) == K_COLON);
}

/* A name at index that no handler took: a declaration's name, a Dart
 * member, a C function, a JavaScript method. Returns the next index. */
static long name_step(br_pass *p, long index) {
    br_frame *top = brace_top(p);
    if (p->dart && top->kind == FK_BRACKET &&
        (brace_in_decl(top) || top->role == R_FUNCTION || top->role == R_BLOCK ||
         top->role == R_LAMBDA || top->role == R_SWITCH))
        return brace_dart_member(p, index);   /* declarations, local functions */
    if (p->objc)   /* C functions */
        return brace_in_decl(top) ? brace_objc_c_function(p, index) : index + 1;
    if (p->js && top->kind == FK_BRACKET)   /* methods */
        return top->role == R_CLASS || top->role == R_VALUE ? brace_js_member(p, index)
                                                            : index + 1;
    if (brace_in_decl(top) && !p->swift) return brace_declaration_name(p, index);
    return index + 1;
}

/* Handles the token at index; returns the index of the next one. */
static long step(br_pass *p, long index, int expect, br_body expect_body) {
    int key = p->keys[index];
    /* The most frequent tokens, which no keyword handler takes (handle() is
     * -1 for them in every language): */
    if (key == K_NAME) return name_step(p, index);
    if (key == K_OP) return index + 1;
    ob_brace_kind kind = p->tok[index].kind;
    br_frame *top = brace_top(p);
    unsigned flags = brace_key_flags[key];
    if (flags & KF_ENDS_SEQUENCE) top->seen_or = top->in_and = 0;   /* a boolean sequence ends */
    if ((flags & KF_OPENER) || kind == BK_INTERP_OPEN)
        return open_bracket(p, index, expect, expect_body);
    if ((flags & KF_CLOSER) || kind == BK_INTERP_CLOSE) return close_bracket(p, index);
    if (kind != BK_NAME && kind != BK_OP) {
        if (kind == BK_DIRECTIVE && p->objc && brace_objc_counted_directive(p, index))
            cyclomatic(p, top);   /* `#if` inside a function: +1 (lizard), no cognitive */
        return index + 1;
    }
    if (keyword_as_name(p, key) && used_as_name(p, index)) return index + 1;   /* D5 */
    long next = handle(p, index, key, expect);
    if (next >= 0) return next;
    top = brace_top(p);   /* the handlers that fall through left the top frame as it was */
    if ((p->java || p->dart) && key == K_ASSIGN && brace_in_decl(top)) top->assigned = 1;
    return kind == BK_NAME ? name_step(p, index) : index + 1;
}

static int walk(br_pass *p) {
    br_frame *file = ob_vec_push(&p->stack);
    if (!file) return -1;
    p->top_frame = file;
    *file = (br_frame){.kind = FK_BRACKET, .role = R_FILE, .opener = -1, .start = -1,
                       .function = -1, .enc = -1, .owner = -1, .class_ = -1, .prefix = ""};
    long index = 0;
    const int line_ends = p->kotlin || p->swift || p->js;   /* a line break may end things */
    const ob_brace_token *tok = p->tok;
    while (index < p->n && !p->oom) {
        if (line_ends && index > 0 && tok[index].line > tok[index - 1].end_line)
            newline(p, index);
        int expect = p->expect;
        br_body expect_body = p->expect_body;
        p->expect = E_NONE;
        index = step(p, index, expect, expect_body);
    }
    while (p->stack.len > 1) pop(p, p->n - 1);
    return p->oom ? -1 : 0;
}

/* ---- entry point -------------------------------------------------------- */

ob_language ob_brace_report_language(ob_brace_lang lang) {
    return lang >= 0 && lang < OB_BRACE_LANG_COUNT ? (ob_language)(OB_LANG_KOTLIN + lang)
                                                   : OB_LANG_UNKNOWN;
}

/* Every diagnostic from `first` on is an error, sorted by position (stable:
 * the lexer's before the brackets' at the same place). */
static int sort_diags(ob_diag_list *diags, size_t first) {
    size_t n = diags->items.len - first;
    ob_diag *d = (ob_diag *)diags->items.data + first;
    if (n == 0) return 0;
    ob_diag *tmp = malloc(n * sizeof *tmp);
    if (!tmp) return -1;
    for (size_t i = 0; i < n; i++) d[i].is_error = 1;
    for (size_t width = 1; width < n; width *= 2) {   /* bottom-up merge sort */
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t a = lo, b = mid, o = lo;
            while (a < mid || b < hi) {
                int take_b = b < hi && (a >= mid || d[b].line < d[a].line ||
                                        (d[b].line == d[a].line && d[b].column < d[a].column));
                tmp[o++] = take_b ? d[b++] : d[a++];
            }
        }
        memcpy(d, tmp, n * sizeof *tmp);
    }
    free(tmp);
    return 0;
}

int ob_brace_has_metrics(ob_brace_lang lang) {
    switch (lang) {
    case OB_BRACE_JAVA:
    case OB_BRACE_KOTLIN:
    case OB_BRACE_SWIFT:
    case OB_BRACE_JAVASCRIPT:
    case OB_BRACE_TYPESCRIPT:
    case OB_BRACE_DART:
    case OB_BRACE_OBJC:
        return 1;
    default:
        return 0;
    }
}

/* The size of an item of each of br_pass's arrays. */
static const size_t array_item[BA_COUNT] = {
    [BA_TOKENS] = sizeof(ob_brace_token), [BA_KEYS] = 1, [BA_BRACKETS] = sizeof(br_bracket),
    [BA_CLOSER] = sizeof(int32_t), [BA_RESUME] = sizeof(int32_t),
    [BA_OPENER] = sizeof(int32_t), [BA_STACK_POS] = sizeof(int32_t), [BA_NEW_PAREN] = 1,
    [BA_MATCH_STACK] = sizeof(const br_bracket *)};

int ob_brace_metrics(const char *src, size_t len, ob_brace_lang lang, int jsx,
                     ob_file_report *r, ob_diag_list *diags) {
    return ob_brace_metrics_in(NULL, src, len, lang, jsx, r, diags);
}

int ob_brace_metrics_in(ob_scratch *scratch, const char *src, size_t len, ob_brace_lang lang,
                        int jsx, ob_file_report *r, ob_diag_list *diags) {
    if (!ob_brace_has_metrics(lang)) return -2;
    size_t first = diags->items.len;
    br_pass p = {.java = lang == OB_BRACE_JAVA, .kotlin = lang == OB_BRACE_KOTLIN,
                 .swift = lang == OB_BRACE_SWIFT,
                 .js = lang == OB_BRACE_JAVASCRIPT || lang == OB_BRACE_TYPESCRIPT,
                 .typescript = lang == OB_BRACE_TYPESCRIPT, .dart = lang == OB_BRACE_DART,
                 .objc = lang == OB_BRACE_OBJC,
                 .arena = r->arena};
    for (int i = 0; i < BA_COUNT; i++) ob_scratch_lend(scratch, i, &p.arrays[i], array_item[i]);
    ob_scratch_lend(scratch, BS_STACK, &p.stack, sizeof(br_frame));
    ob_scratch_lend(scratch, BS_FUNCS, &p.funcs, sizeof(br_func));
    ob_scratch_lend(scratch, BS_CLASSES, &p.classes, sizeof(br_class));
    ob_brace_lexer lx;
    int rc = ob_brace_init(&lx, src, len, lang, jsx, r->arena, diags);
    if (rc == 0) rc = brace_lex(&p, &lx, len);
    if (rc == 0) {
        r->language = ob_brace_report_language(lang);
        ob_brace_count_lines(&lx, &r->physical_lines, &r->code_lines, &r->comment_lines,
                             &r->blank_lines);
        p.line_flags = lx.line_flags.data;
        p.n_line_flags = lx.line_flags.len;
    }
    if (rc == 0) rc = brace_match(&p, diags);
    if (rc == 0) rc = walk(&p);
    if (rc == 0) rc = brace_records(&p, r);
    if (rc == 0) rc = sort_diags(diags, first);
    ob_brace_free(&lx);
    for (int i = 0; i < BA_COUNT; i++) ob_scratch_give_back(scratch, i, &p.arrays[i]);
    ob_scratch_give_back(scratch, BS_STACK, &p.stack);
    ob_scratch_give_back(scratch, BS_FUNCS, &p.funcs);
    ob_scratch_give_back(scratch, BS_CLASSES, &p.classes);
    return rc < 0 ? -1 : 0;
}
