/*
 * brace_structure.c - the parts of the brace-language metrics pass that
 * look at tokens rather than walk them (brace_pass.h): the keys of the
 * tokens, bracket matching, the header helpers (generics, parameter
 * counts, glued names), token texts as Python decodes them, and the final
 * records (sorted, with class sums and file totals).
 */
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brace_pass.h"
#include "report.h"

/* ---- keys --------------------------------------------------------------- */

static const char *const key_text[K_COUNT] = {
#define BRACE_KEY_TEXT(k, text) [K_##k] = text,
    BRACE_KEYS(BRACE_KEY_TEXT)
#undef BRACE_KEY_TEXT
};

#define CA KF_CONT_AFTER
#define CB KF_CONT_BEFORE
#define MOD KF_MODIFIER
#define BW KF_BLOCK_WORD
#define SEQ KF_ENDS_SEQUENCE
#define ASQ (KF_ASSIGN | KF_ENDS_SEQUENCE)
#define OPN KF_OPENER
#define CLO KF_CLOSER
const uint8_t brace_key_flags[K_COUNT] = {
    [K_DOT] = CA | CB, [K_QDOT] = CA | CB, [K_ANDAND] = CA | CB, [K_OROR] = CA | CB,
    [K_ASSIGN] = ASQ | CA | CB, [K_PLUSEQ] = ASQ | CA, [K_MINUSEQ] = ASQ | CA,
    [K_STAREQ] = ASQ | CA, [K_SLASHEQ] = ASQ | CA, [K_PCTEQ] = ASQ | CA, [K_ANDEQ] = ASQ,
    [K_OREQ] = ASQ, [K_XOREQ] = ASQ, [K_SHLEQ] = ASQ, [K_SHREQ] = ASQ, [K_USHREQ] = ASQ,
    [K_ANDANDEQ] = ASQ, [K_OROREQ] = ASQ, [K_NULLISHEQ] = ASQ, [K_QUEST] = SEQ,
    [K_SEMI] = SEQ, [K_ARROW] = SEQ | CA | CB, [K_COMMA] = SEQ | CA, [K_ELVIS] = CA | CB,
    [K_COLON] = SEQ | CA | CB,
    [K_COLCOL] = CA, [K_RANGE] = CA, [K_RANGE_UNTIL] = CA, [K_PLUS] = CA, [K_MINUS] = CA,
    [K_STAR] = CA, [K_SLASH] = CA, [K_PERCENT] = CA, [K_EQ] = CA, [K_NE] = CA, [K_EQQ] = CA,
    [K_NEQ] = CA, [K_LE] = CA, [K_GE] = CA, [K_BANG] = CA, [K_IN] = CA, [K_IS] = CA,
    [K_AS] = CA | CB, [K_LPAREN] = OPN | CA, [K_LBRACK] = OPN | CA, [K_LBRACE] = OPN,
    [K_AT] = CA, [K_RPAREN] = CLO | CB, [K_RBRACK] = CLO | CB, [K_RBRACE] = CLO,
    [K_PUBLIC] = MOD, [K_PROTECTED] = MOD, [K_PRIVATE] = MOD, [K_INTERNAL] = MOD,
    [K_OPEN] = MOD, [K_FINAL] = MOD, [K_ABSTRACT] = MOD, [K_OVERRIDE] = MOD,
    [K_SEALED] = MOD, [K_DATA] = MOD, [K_ENUM] = MOD, [K_ANNOTATION] = MOD, [K_INNER] = MOD,
    [K_VALUE] = MOD, [K_COMPANION] = MOD, [K_INLINE] = MOD, [K_NOINLINE] = MOD,
    [K_CROSSINLINE] = MOD, [K_REIFIED] = MOD, [K_SUSPEND] = MOD, [K_TAILREC] = MOD,
    [K_OPERATOR] = MOD, [K_INFIX] = MOD, [K_EXTERNAL] = MOD, [K_CONST] = MOD,
    [K_LATEINIT] = MOD, [K_VARARG] = MOD, [K_EXPECT] = MOD, [K_ACTUAL] = MOD, [K_FUN] = MOD,
    [K_IF] = BW, [K_ELSE] = BW, [K_FOR] = BW, [K_WHILE] = BW, [K_DO] = BW, [K_TRY] = BW,
    [K_CATCH] = BW, [K_FINALLY] = BW, [K_SWITCH] = BW, [K_WHEN] = BW, [K_RETURN] = BW,
    [K_THROW] = BW, [K_NEW] = BW, [K_THIS] = BW, [K_SUPER] = BW, [K_SYNCHRONIZED] = BW,
    [K_CASE] = BW, [K_DEFAULT] = BW, [K_YIELD] = BW, [K_BREAK] = BW, [K_CONTINUE] = BW,
    [K_ASSERT] = BW,
};

/*
 * Keys of two to 16 bytes are found by a perfect hash: a multiplier is
 * searched once (pthread_once) so that no two keys share a slot, then a
 * token is compared with the one key its slot names, 16 bytes at once.
 */
#define KEY_BITS 12
#define KEY_SLOTS (1u << KEY_BITS)
#define KEY_MAX 16

static struct {
    uint8_t slot[KEY_SLOTS];      /* the only key a hash can be; 0 (K_NONE): none */
    uint8_t len[K_COUNT];
    uint8_t single[256];          /* the one-byte keys: ( ) { } . , ; ... */
    char text[K_COUNT][KEY_MAX];  /* zero-padded */
    uint8_t mask[KEY_MAX + 1][KEY_MAX];   /* mask[n]: n bytes of 0xff, then zeros */
    uint64_t multiplier;
} kt;
static pthread_once_t kt_once = PTHREAD_ONCE_INIT;

static unsigned key_hash(const char *s, size_t n) {   /* n >= 2 */
    const unsigned char *u = (const unsigned char *)s;
    uint64_t x = (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[n - 2] << 16 |
                 (uint64_t)u[n - 1] << 24 | (uint64_t)n << 32;
    return (unsigned)((x * kt.multiplier) >> (64 - KEY_BITS));
}

static int fill_slots(void) {
    memset(kt.slot, 0, sizeof kt.slot);
    for (int k = K_LPAREN; k < K_COUNT; k++) {
        if (kt.len[k] < 2) continue;
        unsigned h = key_hash(key_text[k], kt.len[k]);
        if (kt.slot[h]) return 0;
        kt.slot[h] = (uint8_t)k;
    }
    return 1;
}

/* splitmix64: well-spread odd multipliers from a counter. */
static uint64_t next_multiplier(uint64_t *seed) {
    uint64_t z = (*seed += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return (z ^ (z >> 31)) | 1;
}

static void build_key_tables(void) {
    for (int k = K_LPAREN; k < K_COUNT; k++) {
        size_t n = strlen(key_text[k]);   /* every key is 1 to KEY_MAX bytes */
        kt.len[k] = (uint8_t)n;
        memcpy(kt.text[k], key_text[k], n);
        if (n == 1) kt.single[(unsigned char)key_text[k][0]] = (uint8_t)k;
    }
    for (int n = 0; n <= KEY_MAX; n++) memset(kt.mask[n], 0xff, (size_t)n);
    /* About one odd multiplier in 50 separates the keys; the search is fixed. It
     * fails only if two keys agree in the bytes key_hash reads (a programming error). */
    uint64_t seed = 0;
    for (int tries = 0; kt.multiplier = next_multiplier(&seed), !fill_slots(); tries++) {
        if (tries == 1000000) {
            fputs("observe: brace key table: two keys hash alike; widen key_hash\n", stderr);
            abort();
        }
    }
}

/* Is the token at text (len bytes, 2 to KEY_MAX; end: the source's end) key k's text? */
static int is_key_text(const char *text, size_t len, const char *end, uint8_t k) {
    if (end - text < KEY_MAX) return memcmp(text, kt.text[k], len) == 0;
    uint64_t a, b, ma, mb, ka, kb;
    memcpy(&a, text, 8);
    memcpy(&b, text + 8, 8);
    memcpy(&ma, kt.mask[len], 8);
    memcpy(&mb, kt.mask[len] + 8, 8);
    memcpy(&ka, kt.text[k], 8);
    memcpy(&kb, kt.text[k] + 8, 8);
    return ((a & ma) == ka) & ((b & mb) == kb);
}

/* The key of one name or operator token (end: the source's end). */
static uint8_t key_of(const ob_brace_token *t, const char *end) {
    uint8_t other = t->kind == BK_NAME ? K_NAME : K_OP;
    if (t->len == 1) {
        uint8_t k = kt.single[(unsigned char)t->text[0]];
        return k ? k : other;
    }
    if (t->len > KEY_MAX) return other;
    uint8_t k = kt.slot[key_hash(t->text, t->len)];
    return kt.len[k] == t->len && is_key_text(t->text, t->len, end, k) ? k : other;
}

enum { BR_PAREN, BR_BRACK, BR_BRACE, BR_TEMPLATE, BR_NOT };
static const char bracket_char[] = "([{$";

/* A token's bracket as one byte: 1 + its BR_* kind, plus BR_CLOSES for a closer; 0: none. */
#define BR_CLOSES 16
static const uint8_t key_bracket[K_COUNT] = {
    [K_LPAREN] = 1 + BR_PAREN, [K_LBRACK] = 1 + BR_BRACK, [K_LBRACE] = 1 + BR_BRACE,
    [K_RPAREN] = 1 + BR_PAREN + BR_CLOSES, [K_RBRACK] = 1 + BR_BRACK + BR_CLOSES,
    [K_RBRACE] = 1 + BR_BRACE + BR_CLOSES};

static unsigned bracket_of(const ob_brace_token *t, uint8_t key) {
    unsigned b = key_bracket[key];
    if (b) return b;
    return t->kind == BK_INTERP_OPEN ? 1 + BR_TEMPLATE
         : t->kind == BK_INTERP_CLOSE ? 1 + BR_TEMPLATE + BR_CLOSES : 0;
}

/* Doubles a vec full at len (its slots typed by the caller): 0, or -1 when memory runs out. */
static int grow(ob_vec *v, size_t len) {
    v->len = len;
    return ob_vec_reserve(v, v->cap);
}

int brace_lex(br_pass *p, ob_brace_lexer *lx, size_t len) {
    pthread_once(&kt_once, build_key_tables);
    ob_vec *tokens = &p->arrays[BA_TOKENS], *keys = &p->arrays[BA_KEYS];
    ob_vec *brackets = &p->arrays[BA_BRACKETS];
    size_t guess = len / 4 + 64;   /* a token per 5.4 bytes on average, rarely under 4 */
    int rc = ob_vec_reserve(tokens, guess) < 0 || ob_vec_reserve(keys, guess) < 0 ||
             ob_vec_reserve(brackets, len / 12 + 16) < 0   /* one per 19 bytes, 13 at most */
                 ? -1 : 0;
    /* The hot loop fills typed slots; the vecs' lengths are set once at the end. */
    size_t n = 0, nb = 0;
    while (rc == 0) {
        if ((n == tokens->cap && grow(tokens, n) < 0) || (n == keys->cap && grow(keys, n) < 0) ||
            n >= INT32_MAX - 2) {   /* token indices are int32_t */
            rc = -1;
            break;
        }
        ob_brace_token *t = (ob_brace_token *)tokens->data + n;   /* every field set */
        if (ob_brace_next(lx, t) < 0) rc = -1;
        if (rc < 0 || t->kind == BK_EOF) break;
        uint8_t key = t->kind == BK_NAME || t->kind == BK_OP ? key_of(t, lx->end) : K_NONE;
        ((uint8_t *)keys->data)[n] = key;
        unsigned b = bracket_of(t, key);
        if (b) {
            if (nb == brackets->cap && grow(brackets, nb) < 0) {
                rc = -1;
                break;
            }
            ((br_bracket *)brackets->data)[nb++] = (br_bracket){
                .index = (int32_t)n, .kind = (uint8_t)((b & 15) - 1), .closer = b >= BR_CLOSES};
        }
        n++;
    }
    tokens->len = keys->len = n;
    brackets->len = nb;
    p->tok = tokens->data;
    p->n = (long)n;
    p->keys = keys->data;
    p->brackets = brackets->data;
    p->n_brackets = (long)nb;
    return rc;
}

/* ---- brackets ----------------------------------------------------------- */

static void unclosed(const br_pass *p, ob_diag_list *diags, const br_bracket *b) {
    if (b->kind != BR_TEMPLATE)
        ob_diag_add(diags, p->tok[b->index].line, p->tok[b->index].col, 1, "unclosed-bracket",
                    "'%c' was never closed", bracket_char[b->kind]);
}

/* One closer c (brace_metrics.py's _match_brackets); stack holds open brackets. */
static void match_closer(br_pass *p, ob_diag_list *diags, const br_bracket **stack,
                         long *depth, long *open_count, const br_bracket *c) {
    long i = c->index;
    if (open_count[c->kind] == 0) {
        if (c->kind != BR_TEMPLATE)
            ob_diag_add(diags, p->tok[i].line, p->tok[i].col, 1, "unmatched-bracket",
                        "unmatched '%.*s'", (int)p->tok[i].len, p->tok[i].text);
        return;
    }
    for (;;) {   /* amortised linear: every opener is popped once */
        const br_bracket *top = stack[--*depth];
        open_count[top->kind]--;
        if (top->kind == c->kind) {
            p->closer[top->index] = (int32_t)i;
            p->resume[top->index] = (int32_t)(i + 1);
            p->opener[i] = top->index;
            return;
        }
        p->resume[top->index] = (int32_t)i;
        unclosed(p, diags, top);
    }
}

/* The data of the array at slot, with room for n items; NULL on no memory. */
static void *array(br_pass *p, int slot, size_t n) {
    ob_vec *v = &p->arrays[slot];
    return ob_vec_reserve(v, n) < 0 ? NULL : v->data;
}

int brace_match(br_pass *p, ob_diag_list *diags) {
    size_t n = p->n ? (size_t)p->n : 1;
    p->closer = array(p, BA_CLOSER, n);
    p->resume = array(p, BA_RESUME, n);
    p->opener = array(p, BA_OPENER, n);
    p->stack_pos = array(p, BA_STACK_POS, n);
    p->new_paren = array(p, BA_NEW_PAREN, n);
    const br_bracket **stack = array(p, BA_MATCH_STACK, p->n_brackets ? (size_t)p->n_brackets : 1);
    if (!p->closer || !p->resume || !p->opener || !p->stack_pos || !p->new_paren || !stack)
        return -1;
    memset(p->new_paren, 0, n);
    long depth = 0, open_count[BR_NOT + 1] = {0};   /* per BR_* (BR_NOT unused) */
    for (long i = 0; i < p->n; i++) {
        p->closer[i] = p->opener[i] = p->stack_pos[i] = -1;
        p->resume[i] = (int32_t)p->n;
    }
    for (long b = 0; b < p->n_brackets; b++) {
        const br_bracket *bracket = &p->brackets[b];
        if (!bracket->closer) {
            stack[depth++] = bracket;
            open_count[bracket->kind]++;
        } else {
            match_closer(p, diags, stack, &depth, open_count, bracket);
        }
    }
    for (long k = 0; k < depth; k++) unclosed(p, diags, stack[k]);
    return 0;
}

/* ---- header helpers ----------------------------------------------------- */

long brace_skip_angles_within(const br_pass *p, long index, long limit) {
    long depth = 0, end = limit < p->n - index ? index + limit : p->n;
    while (index < end) {
        int key = p->keys[index];
        if (key == K_LT) {
            depth++;
        } else if (key == K_GT || key == K_SHR || key == K_USHR) {
            depth -= key == K_GT ? 1 : key == K_SHR ? 2 : 3;
            if (depth <= 0) return index + 1;
        } else if (key == K_LPAREN || key == K_LBRACK) {
            index = p->resume[index];
            continue;
        } else if (key == K_LBRACE || key == K_RBRACE || key == K_SEMI || key == K_ASSIGN) {
            return index;
        }
        index++;
    }
    return index;
}

/* Python's UTF-8 "replace" decoding: the length of the valid sequence at s
 * (> 0), or minus the length of the invalid piece one U+FFFD replaces. */
static long utf8_step(const unsigned char *s, size_t n) {
    unsigned char c = s[0];
    if (c < 0x80) return 1;
    size_t more;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) more = 1;
    else if (c == 0xE0) { more = 2; lo = 0xA0; }
    else if (c == 0xED) { more = 2; hi = 0x9F; }
    else if (c >= 0xE1 && c <= 0xEF) more = 2;
    else if (c == 0xF0) { more = 3; lo = 0x90; }
    else if (c == 0xF4) { more = 3; hi = 0x8F; }
    else if (c >= 0xF1 && c <= 0xF3) more = 3;
    else return -1;
    for (size_t k = 1; k <= more; k++) {
        if (k >= n) return -(long)k;
        unsigned b = s[k];
        if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80) return -(long)k;
    }
    return (long)more + 1;
}

/* Bytes of token i's text once decoded with "replace" and encoded again. */
static size_t python_len(const ob_brace_token *t) {
    size_t out = 0;
    for (size_t i = 0; i < t->len;) {
        long step = utf8_step((const unsigned char *)t->text + i, t->len - i);
        out += step > 0 ? (size_t)step : 3;
        i += step > 0 ? (size_t)step : (size_t)-step;
    }
    return out;
}

size_t brace_text_write(const br_pass *p, long i, char *out) {
    const ob_brace_token *t = &p->tok[i];
    if (!out) return python_len(t);
    size_t o = 0;
    for (size_t k = 0; k < t->len;) {
        long step = utf8_step((const unsigned char *)t->text + k, t->len - k);
        if (step > 0) {
            memcpy(out + o, t->text + k, (size_t)step);
            o += (size_t)step;
            k += (size_t)step;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            k += (size_t)-step;
        }
    }
    return o;
}

const char *brace_text(br_pass *p, long i, size_t *len) {
    size_t n = python_len(&p->tok[i]);
    char *out = ob_arena_alloc(p->arena, n + 1);
    if (!out) {
        p->oom = 1;
        *len = 0;
        return "";
    }
    *len = brace_text_write(p, i, out);
    return out;
}

const char *brace_concat(br_pass *p, const char *prefix, size_t plen, const char *name,
                         size_t nlen, int dot, size_t *len) {
    char *out = ob_arena_alloc(p->arena, plen + nlen + 2);
    if (!out) {
        p->oom = 1;
        *len = 0;
        return "";
    }
    memcpy(out, prefix, plen);
    memcpy(out + plen, name, nlen);
    if (dot) out[plen + nlen] = '.';
    *len = plen + nlen + (dot ? 1 : 0);
    return out;
}

/* A `<` glued to the name before it opens a generic (`Map<K, V>`). */
static int glued(const br_pass *p, long index) {
    const ob_brace_token *before = &p->tok[index - 1], *t = &p->tok[index];
    return before->kind == BK_NAME && before->end_line == t->line &&
           before->col + python_len(before) == t->col;
}

int brace_glued(const br_pass *p, long index) { return glued(p, index); }

int brace_adjacent(const br_pass *p, long index) {
    if (index <= 0 || index >= p->n) return 0;
    const ob_brace_token *before = &p->tok[index - 1], *t = &p->tok[index];
    return before->line == before->end_line && before->end_line == t->line &&
           before->col + python_len(before) == t->col;
}

uint32_t brace_count_parameters(const br_pass *p, long open, long close) {
    uint32_t count = 0;
    int segment = 0;
    long angles = 0;
    long index = open + 1;
    while (index < close) {
        int key = p->keys[index];
        if (key == K_LPAREN || key == K_LBRACK || key == K_LBRACE) {
            segment = 1;
            index = p->resume[index];
            continue;
        }
        if (key == K_LT && glued(p, index)) {
            angles++;
        } else if ((key == K_GT || key == K_SHR || key == K_USHR) && angles) {
            angles -= key == K_GT ? 1 : key == K_SHR ? 2 : 3;
            if (angles < 0) angles = 0;
        } else if (key == K_COMMA && !angles) {
            count += (uint32_t)segment;
            segment = 0;
        } else {
            segment = 1;
        }
        index++;
    }
    return count + (uint32_t)segment;
}

/* ---- records ------------------------------------------------------------ */

typedef struct order {
    uint32_t line, column;
    size_t index;
} order;

static int by_position(const void *a, const void *b) {
    const order *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->column != y->column) return x->column < y->column ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The records' order: by (line, column), ties in creation order. */
static order *sorted(const ob_vec *v, size_t item, size_t line_offset) {
    order *o = malloc((v->len ? v->len : 1) * sizeof *o);
    if (!o) return NULL;
    for (size_t i = 0; i < v->len; i++) {
        const uint32_t *pos = (const uint32_t *)((const char *)v->data + i * item + line_offset);
        o[i] = (order){pos[0], pos[1], i};
    }
    qsort(o, v->len, sizeof *o, by_position);
    return o;
}

static uint32_t clamp32(int64_t v) {
    return v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static void function_record(const br_func *f, ob_function *out) {
    out->name = f->name;
    out->qualified_name = f->qname;
    out->line = f->line;
    out->column = f->column;
    out->end_line = f->end_line;
    out->is_method = f->is_method;
    out->is_async = f->is_async;
    out->cyclomatic = clamp32(f->cyclomatic);
    out->cognitive = clamp32(f->cognitive);
    out->nested_depth = f->nested_depth;
    out->lines_of_code = f->end_line - f->line + 1;
    out->num_parameters = f->num_parameters;
    out->num_returns = f->returns;
    out->num_branches = f->branches;
    out->num_loops = f->loops;
}

static int class_records(br_pass *p, ob_file_report *r) {
    size_t n = p->classes.len;
    order *o = sorted(&p->classes, sizeof(br_class), offsetof(br_class, line));
    int64_t *sums = calloc(n ? n * 3 : 1, sizeof(int64_t));  /* methods, cyclomatic, cognitive */
    r->classes = ob_arena_alloc(r->arena, (n ? n : 1) * sizeof(ob_class));
    if (!o || !sums || !r->classes) {
        free(o);
        free(sums);
        return -1;
    }
    for (size_t i = 0; i < p->funcs.len; i++) {
        const br_func *f = &OB_VEC_AT(&p->funcs, br_func, i);
        if (f->class_ < 0) continue;
        sums[3 * f->class_]++;
        sums[3 * f->class_ + 1] += f->cyclomatic;
        sums[3 * f->class_ + 2] += f->cognitive;
    }
    for (size_t i = 0; i < n; i++) {
        size_t k = o[i].index;
        const br_class *c = &OB_VEC_AT(&p->classes, br_class, k);
        r->classes[i] = (ob_class){c->name, c->qname, c->line, c->column, c->end_line,
                                   c->end_line - c->line + 1, clamp32(sums[3 * k]),
                                   clamp32(sums[3 * k + 1]), clamp32(sums[3 * k + 2])};
    }
    r->n_classes = n;
    free(o);
    free(sums);
    return 0;
}

int brace_records(br_pass *p, ob_file_report *r) {
    size_t n = p->funcs.len;
    order *o = sorted(&p->funcs, sizeof(br_func), offsetof(br_func, line));
    uint8_t *outermost = malloc(n ? n : 1);
    r->functions = ob_arena_alloc(r->arena, (n ? n : 1) * sizeof(ob_function));
    if (!o || !outermost || !r->functions) {
        free(o);
        free(outermost);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const br_func *f = &OB_VEC_AT(&p->funcs, br_func, o[i].index);
        function_record(f, &r->functions[i]);
        outermost[i] = f->outer < 0;
    }
    r->n_functions = n;
    ob_report_totals(r, outermost);
    free(o);
    free(outermost);
    return class_records(p, r);
}
