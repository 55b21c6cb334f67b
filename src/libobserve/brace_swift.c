/*
 * brace_swift.c - Swift declarations of the brace-language metrics pass
 * (brace_pass.h), a port of observe_core/_python/brace_functions_swift.py
 * and of the Swift branch of kw_class:
 *
 *   - functions: `func` (named by its identifier, backticks kept, or by its
 *     operator symbol), `init`/`init?`/`init!`, `deinit` and `subscript` in
 *     a type (or file) body, and the accessors get/set/willSet/didSet written
 *     as a block directly in a property body (methods of the type, named
 *     `Type.get`) or in a subscript's body (functions nested in it, named
 *     `Type.subscript.get`). A declaration without a body (a protocol
 *     requirement) is no function;
 *   - types: class, struct, enum, protocol, extension (named by the extended
 *     type, `extension A.B`) and actor; `class func`, `class var` ... are
 *     modifiers, not classes;
 *   - a `{` nobody claimed at type or file level: a closure value after `=`,
 *     `(`, `,`, `[`, `return`, `in`; else a property body (accessors, or a
 *     shorthand getter whose tokens count nowhere);
 *   - the line rules: where a statement goes on over a newline, and where a
 *     signature does.
 *
 * The statements without a Java/Kotlin twin (guard, do, defer, the `where`
 * of a for, #if lines, the ternary `?`) are in the walk, metrics_brace.c.
 */
#include <string.h>

#include "brace_pass.h"

#define KEY(i) brace_key(p, (i))

/* Key sets of brace_languages.py's SWIFT and brace_functions_swift.py. */
enum {
    GOES_ON_AFTER = 1,    /* continues_after: a line ending with it goes on */
    GOES_ON_BEFORE = 2,   /* continues_before: a line starting with it continues */
    SIG_AFTER = 4,        /* _SIGNATURE_AFTER: a signature goes on after it ... */
    SIG_NEXT = 8,         /* _SIGNATURE_NEXT: ... and before it */
    MEMBER_WORD = 16      /* _MEMBER_WORDS: `class func`, `class var` ... */
};

#define GA GOES_ON_AFTER
#define GB GOES_ON_BEFORE
#define SA SIG_AFTER
#define SN SIG_NEXT
#define MW MEMBER_WORD
static const uint8_t swift_flags[K_COUNT] = {
    [K_DOT] = GA | GB | SA | SN, [K_QDOT] = GA | GB, [K_ANDAND] = GA | GB,
    [K_OROR] = GA | GB, [K_NULLISH] = GA | GB, [K_QUEST] = GA | GB, [K_ASSIGN] = GA | GB,
    [K_PLUSEQ] = GA, [K_MINUSEQ] = GA, [K_STAREQ] = GA, [K_SLASHEQ] = GA, [K_PCTEQ] = GA,
    [K_ARROW] = GA | GB | SA | SN, [K_COMMA] = GA | SA | SN, [K_PLUS] = GA | GB,
    [K_MINUS] = GA, [K_STAR] = GA | GB, [K_SLASH] = GA | GB, [K_PERCENT] = GA | GB,
    [K_EQ] = GA | GB, [K_NE] = GA | GB, [K_EQQ] = GA | GB, [K_NEQ] = GA | GB, [K_LT] = GA,
    [K_GT] = GA, [K_LE] = GA | GB, [K_GE] = GA | GB, [K_ELLIPSIS] = GA | GB,
    [K_RANGE_UNTIL] = GA | GB, [K_LPAREN] = GA, [K_LBRACK] = GA, [K_COLON] = GB | SA | SN,
    [K_RPAREN] = GB, [K_RBRACK] = GB, [K_AS] = GB, [K_IS] = GB,
    [K_WHERE] = SA | SN, [K_AMP] = SA | SN, [K_THROWS] = SA | SN, [K_RETHROWS] = SA | SN,
    [K_ASYNC] = SA | SN, [K_LBRACE] = SN,
    [K_FUNC] = MW, [K_VAR] = MW, [K_LET] = MW, [K_SUBSCRIPT] = MW, [K_INIT] = MW,
    [K_OVERRIDE] = MW, [K_FINAL] = MW, [K_STATIC] = MW, [K_PRIVATE] = MW, [K_PUBLIC] = MW,
    [K_INTERNAL] = MW, [K_FILEPRIVATE] = MW, [K_OPEN] = MW, [K_REQUIRED] = MW,
    [K_CONVENIENCE] = MW,
};
#undef GA
#undef GB
#undef SA
#undef SN
#undef MW

int brace_swift_goes_on(const br_pass *p, long index) {
    return (swift_flags[p->keys[index - 1]] & GOES_ON_AFTER) ||
           (swift_flags[p->keys[index]] & GOES_ON_BEFORE);
}

/* ---- functions ------------------------------------------------------------ */

/* A function named text declared at the top frame; member_of: the frame
 * whose class it is a method of (a property accessor: the frame under the
 * property body). Its index, -1 on no memory. */
static int32_t new_function(br_pass *p, const char *text, size_t len, long token, int is_async,
                            uint32_t params, const br_frame *member_of) {
    int is_method = member_of->kind == FK_BRACKET && member_of->role == R_CLASS;
    int32_t class_ = member_of->class_;
    int32_t f = brace_new_function(p, text, len, token, is_async, params);
    if (f >= 0) {
        br_func *fn = &OB_VEC_AT(&p->funcs, br_func, f);
        fn->is_method = (uint8_t)is_method;
        fn->class_ = is_method ? class_ : -1;
    }
    return f;
}

/* After the parameters: the index of the body's `{`, or -1. Effects, return
 * type and `where` clause are looked over; a newline ends the signature
 * unless the line goes on. *is_async: `async` among them. */
static long signature(const br_pass *p, long index, int *is_async) {
    long start = index;
    int async = 0;
    *is_async = 0;
    while (index < p->n) {
        int key = p->keys[index];
        if (key == K_LBRACE) {
            *is_async = async;
            return index;
        }
        if (key == K_LPAREN || key == K_LBRACK) {
            if (p->closer[index] < 0) break;
            index = p->resume[index];
            continue;
        }
        if (key == K_SEMI || key == K_RBRACE || key == K_RPAREN || key == K_RBRACK ||
            key == K_ASSIGN)
            break;
        if (index > start && brace_newline_before(p, index) && !(swift_flags[key] & SIG_NEXT) &&
            !(swift_flags[p->keys[index - 1]] & SIG_AFTER))
            break;
        async |= key == K_ASYNC;
        index++;
    }
    return -1;
}

/* The parameters open at open; a function when a body follows. */
static long swift_function(br_pass *p, const char *text, size_t len, long token, long open) {
    long close = p->closer[open];
    int is_async;
    long body = signature(p, close + 1, &is_async);
    if (body < 0) return close + 1;   /* a requirement without a body */
    int32_t f = new_function(p, text, len, token, is_async,
                             brace_count_parameters(p, open, close), brace_top(p));
    return brace_open_function(p, f, FK_BRACKET, body);
}

/* An operator's name: the glued operator tokens [first, end) (ASCII, so
 * their texts are Python's), in the arena. */
static const char *operator_name(br_pass *p, long first, long end, size_t *len) {
    size_t n = 0;
    for (long i = first; i < end; i++) n += p->tok[i].len;
    char *out = ob_arena_alloc(p->arena, n + 1);
    if (!out) {
        p->oom = 1;
        *len = 0;
        return "";
    }
    *len = n;
    for (long i = first, o = 0; i < end; o += (long)p->tok[i].len, i++)
        memcpy(out + o, p->tok[i].text, p->tok[i].len);
    return out;
}

/* `func name<T>(params) [async] [throws] [-> T] [where ...] {`; the name may
 * be an operator (`==`, `<*>` lexed as pieces). */
long brace_swift_func(br_pass *p, long index) {
    long name = index + 1;
    if (name >= p->n || KEY(index - 1) == K_DOT) return -1;
    long probe = name + 1;
    if (p->tok[name].kind == BK_NAME) {
        if (KEY(probe) == K_LT) probe = brace_skip_angles(p, probe);
    } else if (p->tok[name].kind == BK_OP) {
        while (probe < p->n && p->tok[probe].kind == BK_OP && p->keys[probe] != K_LPAREN &&
               brace_adjacent(p, probe))
            probe++;
    } else {
        return index + 1;   /* `func "x"`, `func 1`: no name */
    }
    if (KEY(probe) != K_LPAREN || p->closer[probe] < 0) return index + 1;
    size_t len;
    const char *text = p->tok[name].kind == BK_NAME ? brace_text(p, name, &len)
                                                    : operator_name(p, name, probe, &len);
    return swift_function(p, text, len, index, probe);
}

/* `init[?!]<T>(...)`, `deinit`, `subscript(...)` in a type (or file) body. */
long brace_swift_init(br_pass *p, long index) {
    const br_frame *top = brace_top(p);
    if (!brace_in_decl(top) || KEY(index - 1) == K_DOT) return -1;
    int keyword = p->keys[index];
    if (keyword == K_DEINIT) {
        if (KEY(index + 1) != K_LBRACE) return index + 1;
        int32_t f = new_function(p, "deinit", 6, index, 0, 0, top);
        return brace_open_function(p, f, FK_BRACKET, index + 1);
    }
    long probe = index + 1;
    if ((KEY(probe) == K_QUEST || KEY(probe) == K_BANG) && brace_adjacent(p, probe)) probe++;
    if (KEY(probe) == K_LT) probe = brace_skip_angles(p, probe);
    if (KEY(probe) != K_LPAREN || p->closer[probe] < 0) return index + 1;
    if (keyword == K_INIT) return swift_function(p, "init", 4, index, probe);
    return swift_function(p, "subscript", 9, index, probe);
}

/* `get {`, `set {`, `set(v) {`, `willSet {`, `didSet {` directly in a
 * property body (a method of the type) or a subscript's body (nested in
 * it). */
long brace_swift_accessor(br_pass *p, long index) {
    const br_frame *top = brace_top(p);
    int in_property = top->kind == FK_BRACKET && top->role == R_PROPERTY;
    int in_subscript = top->kind == FK_BRACKET && top->role == R_FUNCTION && top->owner >= 0 &&
                       strcmp(OB_VEC_AT(&p->funcs, br_func, top->owner).name, "subscript") == 0;
    if (!(in_property || in_subscript) || KEY(index - 1) == K_DOT || KEY(index - 1) == K_QDOT)
        return -1;
    long probe = index + 1;
    uint32_t params = 0;
    if (KEY(probe) == K_LPAREN) {
        long close = p->closer[probe];
        if (close < 0) return -1;
        params = brace_count_parameters(p, probe, close);
        probe = close + 1;
    }
    if (KEY(probe) != K_LBRACE) return -1;
    const br_frame *member_of =
        in_property ? &OB_VEC_AT(&p->stack, br_frame, p->stack.len - 2) : top;
    size_t len;
    const char *text = brace_text(p, index, &len);
    int32_t f = new_function(p, text, len, index, 0, params, member_of);
    return brace_open_function(p, f, FK_BRACKET, probe);
}

void brace_swift_member_brace(br_pass *p, long index) {
    int before = KEY(index - 1);
    if (before == K_ASSIGN || before == K_LPAREN || before == K_COMMA || before == K_LBRACK ||
        before == K_RETURN || before == K_IN) {
        uint32_t nesting = brace_top(p)->nesting + 1;
        brace_push(p, FK_BRACKET, R_LAMBDA, index)->nesting = nesting;
    } else {
        brace_push(p, FK_BRACKET, R_PROPERTY, index);
    }
}

/* ---- types ---------------------------------------------------------------- */

/* The name of an extension, `A.B.C`, from the names first, first + 2 ...
 * through last, in the arena (in linear time: a chain may be long). */
static const char *dotted_name(br_pass *p, long first, long last, size_t *len) {
    size_t n = (size_t)(last - first) / 2, piece;   /* the dots */
    for (long i = first; i <= last; i += 2) {
        brace_text(p, i, &piece);
        n += piece;
    }
    char *out = ob_arena_alloc(p->arena, n + 1);
    if (!out) {
        p->oom = 1;
        *len = 0;
        return "";
    }
    size_t o = 0;
    for (long i = first; i <= last; i += 2) {
        const char *text = brace_text(p, i, &piece);
        if (i > first) out[o++] = '.';
        memcpy(out + o, text, piece);
        o += piece;
    }
    *len = o;
    return out;
}

/* `class`/`struct`/`enum`/`protocol`/`extension`/`actor Name ... {`: a class
 * record and its body (whose tokens are in no function's scope). */
long brace_swift_kw_class(br_pass *p, long index) {
    int keyword = p->keys[index], before = KEY(index - 1);
    long name = index + 1;
    if (before == K_DOT || before == K_COLCOL || !brace_is_name(p, name)) return -1;
    if (keyword == K_CLASS && (swift_flags[p->keys[name]] & MEMBER_WORD))
        return -1;   /* `class func`, `class var` */
    size_t len;
    const char *text;
    if (keyword == K_EXTENSION) {   /* named by the extended type */
        long first = name;
        while (KEY(name + 1) == K_DOT && brace_is_name(p, name + 2)) name += 2;
        text = dotted_name(p, first, name, &len);
    } else {
        text = brace_text(p, name, &len);
    }
    long last, body = brace_class_header(p, name + 1, &last);
    int32_t c = brace_new_class(p, text, len, index);
    if (body < 0) {
        if (c >= 0) OB_VEC_AT(&p->classes, br_class, c).end_line = p->tok[last].end_line;
        return last + 1;
    }
    brace_class_frame(p, body, text, len)->class_ = c;
    return body + 1;
}
