/*
 * brace_pass.h - what the three files of the brace-language metrics pass
 * share (private to libobserve):
 *
 *   brace_structure.c     keys of the tokens, bracket matching, header
 *                         helpers (generics, parameters), the records;
 *   metrics_brace.c       the walk: frame stack, statements, control
 *                         structures, increments; the entry point;
 *   brace_declarations.c  functions and classes (Java methods, Kotlin fun,
 *                         accessors, classes, objects, enum bodies);
 *   brace_js.c            JavaScript/TypeScript functions (declarations,
 *                         expressions, arrows, methods) and `{` roles;
 *   brace_swift.c         Swift functions (func, init, deinit, subscript,
 *                         accessors), type declarations, property bodies
 *                         and closures at type level, line continuations;
 *   brace_dart.c          Dart functions (methods, constructors, getters,
 *                         setters, operators, local functions), classes,
 *                         mixins, extensions, enums and `{` roles;
 *   brace_objc.c          Objective-C methods, C functions, @implementation/
 *                         @interface/@protocol ... @end, blocks, `{` roles,
 *                         #if lines.
 *
 * It is a port of observe_core/_python/brace_metrics.py (the specification;
 * the names of its methods are kept: kw_if, java_method, kotlin_body ...).
 * Token texts are compared through small integer keys: every name or
 * operator the rules mention has one (K_IF, K_LPAREN ...), any other name
 * is K_NAME, any other operator K_OP, any other token kind K_NONE, and an
 * index outside the tokens K_END, so that no two of those are ever equal
 * to a rule's key, as in the Python.
 *
 * Cognitive complexity is added lazily: an increment goes to the innermost
 * enclosing function only (sums of "1 + nesting" and counts), and each
 * function passes its sums on to the function around it when its body frame
 * is popped. That is the Python's "for every function around" in O(1).
 */
#ifndef OB_BRACE_PASS_H
#define OB_BRACE_PASS_H

#include <limits.h>
#include <stdint.h>

#include "arena.h"
#include "lex_brace.h"
#include "scratch.h"

#define BRACE_KEYS(X) \
    X(LPAREN, "(") X(RPAREN, ")") X(LBRACK, "[") X(RBRACK, "]") X(LBRACE, "{") \
    X(RBRACE, "}") X(DOT, ".") X(COMMA, ",") X(SEMI, ";") X(COLON, ":") X(COLCOL, "::") \
    X(QUEST, "?") X(QDOT, "?.") X(ELVIS, "?:") X(ARROW, "->") X(ASSIGN, "=") \
    X(PLUSEQ, "+=") X(MINUSEQ, "-=") X(STAREQ, "*=") X(SLASHEQ, "/=") X(PCTEQ, "%=") \
    X(ANDEQ, "&=") X(OREQ, "|=") X(XOREQ, "^=") X(SHLEQ, "<<=") X(SHREQ, ">>=") \
    X(USHREQ, ">>>=") X(ANDAND, "&&") X(OROR, "||") X(LT, "<") X(GT, ">") X(SHR, ">>") \
    X(USHR, ">>>") X(AT, "@") X(RANGE, "..") X(RANGE_UNTIL, "..<") X(PLUS, "+") \
    X(MINUS, "-") X(STAR, "*") X(SLASH, "/") X(PERCENT, "%") X(EQ, "==") X(NE, "!=") \
    X(EQQ, "===") X(NEQ, "!==") X(LE, "<=") X(GE, ">=") X(BANG, "!") \
    X(IF, "if") X(ELSE, "else") X(FOR, "for") X(WHILE, "while") X(DO, "do") X(TRY, "try") \
    X(CATCH, "catch") X(FINALLY, "finally") X(SWITCH, "switch") X(WHEN, "when") \
    X(RETURN, "return") X(THROW, "throw") X(NEW, "new") X(THIS, "this") X(SUPER, "super") \
    X(SYNCHRONIZED, "synchronized") X(CASE, "case") X(DEFAULT, "default") \
    X(YIELD, "yield") X(BREAK, "break") X(CONTINUE, "continue") X(ASSERT, "assert") \
    X(CLASS, "class") X(INTERFACE, "interface") X(ENUM, "enum") X(RECORD, "record") \
    X(OBJECT, "object") X(FUN, "fun") X(VAL, "val") X(VAR, "var") X(INIT, "init") \
    X(CONSTRUCTOR, "constructor") X(GET, "get") X(SET, "set") X(THROWS, "throws") \
    X(EXTENDS, "extends") X(WHERE, "where") X(BY, "by") X(IN, "in") X(IS, "is") X(AS, "as") \
    X(PUBLIC, "public") X(PROTECTED, "protected") X(PRIVATE, "private") \
    X(INTERNAL, "internal") X(OPEN, "open") X(FINAL, "final") X(ABSTRACT, "abstract") \
    X(OVERRIDE, "override") X(SEALED, "sealed") X(DATA, "data") X(ANNOTATION, "annotation") \
    X(INNER, "inner") X(VALUE, "value") X(COMPANION, "companion") X(INLINE, "inline") \
    X(NOINLINE, "noinline") X(CROSSINLINE, "crossinline") X(REIFIED, "reified") \
    X(SUSPEND, "suspend") X(TAILREC, "tailrec") X(OPERATOR, "operator") X(INFIX, "infix") \
    X(EXTERNAL, "external") X(CONST, "const") X(LATEINIT, "lateinit") X(VARARG, "vararg") \
    X(EXPECT, "expect") X(ACTUAL, "actual") \
    X(FUNC, "func") X(DEINIT, "deinit") X(SUBSCRIPT, "subscript") X(WILLSET, "willSet") \
    X(DIDSET, "didSet") X(GUARD, "guard") X(REPEAT, "repeat") X(DEFER, "defer") \
    X(HASH_IF, "#if") X(HASH_ELSEIF, "#elseif") X(STRUCT, "struct") X(PROTOCOL, "protocol") \
    X(EXTENSION, "extension") X(ACTOR, "actor") X(FILEPRIVATE, "fileprivate") \
    X(REQUIRED, "required") X(CONVENIENCE, "convenience") X(RETHROWS, "rethrows") \
    X(AMP, "&") \
    X(FATARROW, "=>") X(NULLISH, "??") X(NULLISHEQ, "?\?=") X(ANDANDEQ, "&&=") \
    X(OROREQ, "||=") X(ELLIPSIS, "...") X(FUNCTION, "function") X(ASYNC, "async") \
    X(AWAIT, "await") X(STATIC, "static") X(READONLY, "readonly") X(DECLARE, "declare") \
    X(ACCESSOR, "accessor") X(LET, "let") X(TYPE, "type") X(OF, "of") X(TYPEOF, "typeof") \
    X(EXPORT, "export") X(PIPE, "|") \
    X(ON, "on") X(MIXIN, "mixin") X(SYNC, "sync") X(WITH, "with") X(UNDERSCORE, "_") \
    X(QCASCADE, "?..") X(SPREADQ, "...?") X(LIT_FALSE, "false") X(LIT_NULL, "null") \
    X(LIT_TRUE, "true") X(RETHROW, "rethrow") X(VOID, "void") X(LATE, "late") \
    X(COVARIANT, "covariant") X(FACTORY, "factory") X(TYPEDEF, "typedef") \
    X(IMPORT, "import") X(LIBRARY, "library") X(PART, "part") X(SHOW, "show") \
    X(HIDE, "hide") X(DEFERRED, "deferred") X(BASE, "base") \
    X(AT_IMPLEMENTATION, "@implementation") X(AT_INTERFACE, "@interface") \
    X(AT_PROTOCOL, "@protocol") X(AT_END, "@end") X(AT_TRY, "@try") X(AT_CATCH, "@catch") \
    X(AT_FINALLY, "@finally") X(GOTO, "goto") X(CARET, "^") X(UNION, "union") \
    X(POW, "**") X(POWEQ, "**=") X(SHL, "<<") X(CLOSE_TAG, "</")

enum {
    K_NONE, K_END, K_NAME, K_OP,
#define BRACE_KEY_ENUM(k, text) K_##k,
    BRACE_KEYS(BRACE_KEY_ENUM)
#undef BRACE_KEY_ENUM
    K_COUNT
};

/* Key sets (brace_languages.py), one bit each in brace_key_flags[]. */
enum {
    KF_ASSIGN = 1,        /* _ASSIGN */
    KF_CONT_AFTER = 2,    /* Kotlin continues_after */
    KF_CONT_BEFORE = 4,   /* Kotlin continues_before */
    KF_MODIFIER = 8,      /* Kotlin modifiers */
    KF_BLOCK_WORD = 16,   /* _BLOCK_KEYWORDS */
    KF_ENDS_SEQUENCE = 32,   /* an assignment, `?`, `:`, `->`, `,` or `;`: no boolean sequence
                              * goes on over it */
    KF_OPENER = 64,       /* ( [ { */
    KF_CLOSER = 128       /* ) ] } */
};

/* Frame kinds and roles; a role is also a structure ("struct") name. */
enum { FK_BRACKET, FK_STMT, FK_EXPR };
enum {
    R_NONE, R_FILE, R_CLASS, R_FUNCTION, R_BLOCK, R_LAMBDA, R_VALUE, R_SWITCH, R_WHEN,
    R_SCOPE, R_PAREN, R_IF, R_ELSE, R_LOOP, R_DO, R_TRY, R_CATCH, R_FINALLY, R_ARM, R_TERNARY,
    R_PARAMS, R_PATTERN, R_TYPE,  /* JS/TS: a function's `(...)`, `{a = 1}`, `type T = {` */
    R_GUARD, R_DEFER, R_PROPERTY, /* Swift: guard and defer bodies, `var x: T {` */
    R_SWITCHX,                    /* Dart: a switch expression's body (`=>` arms) */
    R_AT                          /* Objective-C: the struct_ of an @implementation frame */
};
/* One-token expectations (brace_metrics.py's `expect`). */
enum { E_NONE, E_ELSE, E_CATCH, E_DO_TAIL, E_ARM, E_LAMBDA, E_CLASS, E_ELSE_IF, E_BODY };

/* A control structure's body waiting for its `{` or first token (_Body). */
typedef struct br_body {
    uint8_t set;
    uint8_t struct_;
    uint32_t nesting, depth;
} br_body;

typedef struct br_frame {
    uint8_t kind, role, struct_;
    uint8_t entries, assigned, seen_or, in_and;
    br_body body;              /* "(": the structure body to open when it closes */
    br_body pending;           /* Swift: the body the next `{` at this level opens */
    int32_t opener, start;     /* token indices (-1: none) */
    int32_t function;          /* own scope: index into funcs, -1 */
    int32_t enc;               /* innermost function around (cognitive), -1 */
    int32_t owner, class_;     /* a function body's function, a class body's record */
    int32_t params_body;       /* JS "params": where the body starts after the `)` */
    uint32_t nesting, depth, arms;
    const char *prefix;        /* qualified-name prefix, "" or ending with '.' */
    size_t prefix_len;
} br_frame;

typedef struct br_func {
    const char *name, *qname;
    uint32_t line, column, end_line;
    uint8_t is_method, is_async;
    int32_t outer;             /* innermost function around it, -1 */
    int32_t class_;            /* class record it is a method of, -1 */
    uint32_t body_nesting, num_parameters;
    uint32_t nested_depth, returns, branches, loops;
    int64_t cyclomatic, cognitive;
    int64_t sum_s, count_s, count_f;   /* cognitive increments not yet handed out */
} br_func;

typedef struct br_class {
    const char *name, *qname;
    uint32_t line, column, end_line;
} br_class;

typedef struct br_bracket {
    int32_t index;             /* token index */
    uint8_t kind, closer;      /* BR_* of brace_structure.c; a closing one */
} br_bracket;

/* The pass's arrays by token or bracket, lent by the scratch (scratch.h)
 * under these slots, the walk's vecs after them. */
enum { BA_TOKENS, BA_KEYS, BA_BRACKETS, BA_CLOSER, BA_RESUME, BA_OPENER, BA_STACK_POS,
       BA_NEW_PAREN, BA_MATCH_STACK, BA_COUNT, BS_STACK = BA_COUNT, BS_FUNCS, BS_CLASSES };

typedef struct br_pass {
    ob_vec arrays[BA_COUNT];   /* the storage behind tok, keys ... new_paren */
    const ob_brace_token *tok;
    long n;
    uint8_t *keys;             /* per token */
    const uint8_t *line_flags; /* the lexer's, per line (BR_LINE_JSX: a break in JSX markup) */
    size_t n_line_flags;
    struct br_bracket *brackets;   /* the bracket tokens ( [ { } ] ) and ${ }, in order */
    long n_brackets;
    int32_t *closer, *resume, *opener;   /* bracket matching (_Brackets) */
    int32_t *stack_pos;        /* an opener's frame on the stack, -1 */
    uint8_t *new_paren;        /* `(` of `new X(...)` */
    int java, kotlin, swift;
    int js, typescript;        /* JavaScript or TypeScript; TypeScript */
    int dart;
    int objc;                  /* Objective-C */
    long dart_init_start, dart_init_end;   /* Dart: the last initializer-list scan */
    ob_vec stack;              /* br_frame */
    br_frame *top_frame;       /* the stack's last frame (brace_top), kept by push and pop */
    ob_vec funcs, classes;     /* br_func, br_class */
    ob_arena *arena;           /* the report's: names */
    br_frame scratch;          /* written to when a push finds no memory */
    int oom;
    int expect;                /* E_* for the next token */
    br_body expect_body;
    /* The body the `(` at header_at (a structure's header) opens when it
     * closes. Any other `(` drops it: a declaration can take the header's
     * `(` (`for await() {` in a class is a method), and a later `(` must not
     * open the body at the wrong nesting. */
    br_body header_body;
    long header_at;
} br_pass;

extern const uint8_t brace_key_flags[K_COUNT];

/* ---- brace_structure.c ---- */
/* Reads every token of lx into p->arrays (the capacity guessed from the source
 * length len) with their keys and the indices of the bracket tokens; sets
 * p->tok, n, keys, brackets. Then brace_match: the bracket arrays and
 * diagnostics. Both return 0, -1 on no memory. */
int brace_lex(br_pass *p, ob_brace_lexer *lx, size_t len);
int brace_match(br_pass *p, ob_diag_list *diags);
/* Index after a generic `<...>` at index (`>>` closes two), bracket groups
 * skipped whole; stops at `{` `}` `;` `=` if unbalanced, or after `limit`
 * tokens (brace_skip_angles: no limit). */
long brace_skip_angles_within(const br_pass *p, long index, long limit);
uint32_t brace_count_parameters(const br_pass *p, long open, long close);
/* Is token index glued to the one before it (no space, same line)? */
int brace_adjacent(const br_pass *p, long index);
/* The same, the one before being a name (`Map<`); index > 0. */
int brace_glued(const br_pass *p, long index);
/* The text of token i as Python decodes it (UTF-8, "replace"), in the arena. */
const char *brace_text(br_pass *p, long i, size_t *len);
/* The same written to out (NULL: only measured); its length in bytes. */
size_t brace_text_write(const br_pass *p, long i, char *out);
/* prefix + name (+ "." when dot), in the arena; "" when out of memory. */
const char *brace_concat(br_pass *p, const char *prefix, size_t plen, const char *name,
                         size_t nlen, int dot, size_t *len);
int brace_records(br_pass *p, ob_file_report *r);

/* ---- metrics_brace.c (the walk) ---- */
br_frame *brace_push(br_pass *p, int kind, int role, long index);
/* Pops the top frame; last is the index of its last token. */
br_frame brace_pop(br_pass *p, long last);

/* ---- brace_declarations.c ---- */
long brace_declaration_name(br_pass *p, long index);
long brace_kw_fun(br_pass *p, long index);
long brace_kw_class(br_pass *p, long index);
/* Looks over a type header (type parameters, a Kotlin primary constructor,
 * supertypes, `where`; in Kotlin a line break ends it unless the header
 * goes on): the index of the body's `{` or -1; *last: its last token. */
long brace_class_header(const br_pass *p, long index, long *last);
/* A class record named text (qualified by the scope around), lined at token;
 * its index, -1 when memory runs out. */
int32_t brace_new_class(br_pass *p, const char *text, size_t len, long token);
/* A class body's frame opened at body: no function's scope, names below it
 * qualified by text (the class record is the caller's to set). */
br_frame *brace_class_frame(br_pass *p, long body, const char *text, size_t len);
void brace_enum_entry_body(br_pass *p, long index);
/* A function named text (in the arena or static) at token; its index, -1 on
 * no memory. Then its body frame at body (`{`: FK_BRACKET, else the first
 * token of an expression body); returns the index to go on at. */
int32_t brace_new_function(br_pass *p, const char *text, size_t len, long token, int is_async,
                           uint32_t params);
long brace_open_function(br_pass *p, int32_t function, int kind, long body);

/* ---- brace_js.c ---- */
long brace_js_function(br_pass *p, long index);
long brace_js_member(br_pass *p, long index);
long brace_js_bare_arrow(br_pass *p, long index);
/* `(` at index: the arrow's `=>` when it opens an arrow's parameters, else -1;
 * then the arrow itself. */
long brace_js_arrow_after(br_pass *p, long index);
long brace_js_arrow(br_pass *p, long index, long arrow);
/* At the `)` of a "params" frame: the body of its function (brace_js_open_body). */
long brace_js_open_body(br_pass *p, const br_frame *f);
void brace_js_brace(br_pass *p, long index);

/* ---- brace_swift.c ---- */
/* Does the line go on at the newline before index (an operator ends the
 * line before or starts this one)? */
int brace_swift_goes_on(const br_pass *p, long index);
/* The keyword handlers of declarations; -1: not one (go on as a name). */
long brace_swift_func(br_pass *p, long index);
long brace_swift_init(br_pass *p, long index);
long brace_swift_accessor(br_pass *p, long index);
long brace_swift_kw_class(br_pass *p, long index);
/* A `{` nobody claimed at type or file level: a closure or a property body. */
void brace_swift_member_brace(br_pass *p, long index);

/* ---- brace_dart.c ---- */
/* `class`/`mixin`/`extension`/`enum` at file or class level; -1: not one. */
long brace_dart_class(br_pass *p, long index);
/* A name at declaration or statement level: a function when a body follows. */
long brace_dart_member(br_pass *p, long index);
/* An unclaimed `{`: a closure, a scope, a map or set literal, or a block. */
void brace_dart_brace(br_pass *p, long index);

/* ---- brace_objc.c ---- */
/* `@implementation`/`@interface`/`@protocol` and `-`/`+` at index; -1: not
 * one (go on as a name or operator). */
long brace_objc_class(br_pass *p, long index);
long brace_objc_method(br_pass *p, long index);
long brace_objc_end(br_pass *p, long index);
/* A name at file or class level: a C function definition, or not. */
long brace_objc_c_function(br_pass *p, long index);
/* A `{` nobody claimed: a block literal, a scope, a value or a block. */
void brace_objc_brace(br_pass *p, long index);
/* JS/TS: does the statement go on over the line break before index
 * (brace_metrics.py's goes_on: automatic semicolon insertion)? */
int brace_js_goes_on(const br_pass *p, long index);
/* Is the directive at index an `#if`/`#ifdef`/`#elif` line? */
int brace_objc_counted_directive(const br_pass *p, long index);

static inline long brace_skip_angles(const br_pass *p, long index) {
    return brace_skip_angles_within(p, index, LONG_MAX);
}
static inline br_frame *brace_top(br_pass *p) { return p->top_frame; }
static inline int brace_key(const br_pass *p, long i) {
    return i >= 0 && i < p->n ? p->keys[i] : K_END;
}
static inline int brace_is_name(const br_pass *p, long i) {
    return i >= 0 && i < p->n && p->tok[i].kind == BK_NAME;
}
static inline int brace_newline_before(const br_pass *p, long i) {
    return i > 0 && i < p->n && p->tok[i].line > p->tok[i - 1].end_line;
}
static inline int brace_in_decl(const br_frame *f) {
    return f->kind == FK_BRACKET && (f->role == R_FILE || f->role == R_CLASS);
}

#endif
