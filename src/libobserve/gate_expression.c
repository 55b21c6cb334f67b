/*
 * gate_expression.c - a rule's pattern as the Vectorscan gate scans it
 * (rule_gate.h, docs/rules.md section 6).
 *
 * The gate needs, for every match [s, e) of a rule, a hit ending in
 * (s, s + width]. Any non-empty prefix of the pattern gives that (its match
 * is the start of the rule's), so the expression is cut to its shortest
 * prefix that must consume a byte: the items after the last one that cannot
 * match empty go, and that item keeps only its minimum repeat (its last
 * group is cut the same way, alternative by alternative). A pattern ending
 * in "{(?P<fields>[^}]{0,2000})" reported up to 2,000 hits per match;
 * "{" reports one, and PCRE2 searches from at most the prefix's width
 * before it, not the rule's 2,000 bytes. Then every bounded repeat {m,n}
 * opens to {m,}: a superset, as a prefilter may be, that Vectorscan scans
 * about a fifth faster and compiles ten times faster.
 *
 * The cut reads only the syntax below; a pattern using anything else
 * (backreferences, \Q, \x.., conditionals, extended mode, ...) is only
 * loosened.
 */
#include "rule_gate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cut {
    const char *p;
    size_t n;
    char *out;
    size_t len;
    int unknown;               /* syntax the cut does not read: leave the pattern whole */
    int depth;                 /* of groups, in atom_end */
} cut;

enum { MAX_DEPTH = 300 };      /* PCRE2 allows 250 nested groups */

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* The end of the character class opening at i. */
static size_t class_end(cut *c, size_t i) {
    size_t j = i + 1;
    if (j < c->n && c->p[j] == '^') j++;
    if (j < c->n && c->p[j] == ']') j++;             /* a leading ] is a member */
    while (j < c->n && c->p[j] != ']') {
        if (c->p[j] == '\\') j += 2;
        else if (c->p[j] == '[' && j + 1 < c->n && c->p[j + 1] == ':') {
            const char *close = memchr(c->p + j + 2, ']', c->n - j - 2);
            j = close ? (size_t)(close - c->p) + 1 : c->n;
        } else j++;
    }
    return j < c->n ? j + 1 : c->n;
}

/* The length of a group's head at i: "(" or "(?:", "(?P<name>", "(?<name>",
 * "(?'name'", "(?>", "(?flags:", "(?flags)" (the whole group), the
 * lookarounds; 0 for any other. *zero_width: a lookaround or "(?flags)". */
static size_t group_head(cut *c, size_t i, int *zero_width) {
    const char *p = c->p + i;
    size_t left = c->n - i;
    *zero_width = 0;
    if (left < 2 || p[1] != '?') return 1;
    if (left >= 3 && (p[2] == '=' || p[2] == '!')) return *zero_width = 1, 3;
    if (left >= 4 && p[2] == '<' && (p[3] == '=' || p[3] == '!')) return *zero_width = 1, 4;
    if (left >= 3 && (p[2] == ':' || p[2] == '>')) return 3;
    size_t k = 2;
    if (left >= 3 && (p[2] == '<' || p[2] == '\'' || (p[2] == 'P' && left >= 4 && p[3] == '<'))) {
        char close = p[2] == '\'' ? '\'' : '>';
        k = p[2] == 'P' ? 4 : 3;
        while (k < left && (p[k] == '_' || is_digit(p[k]) || is_letter(p[k]))) k++;
        return k < left && p[k] == close ? k + 1 : 0;
    }
    while (k < left && (is_letter(p[k]) || p[k] == '-')) {
        if (p[k] == 'x') return 0;                   /* extended mode: spaces and # comments */
        k++;
    }
    if (k == 2 || k >= left) return 0;
    if (p[k] == ':') return k + 1;
    if (p[k] == ')') return *zero_width = 1, k + 1;
    return 0;
}

/* The end of the atom at i (an escape, a class, a group, a byte); sets
 * c->unknown for syntax the cut does not read. *zero_width: the atom
 * matches no byte (an assertion, a lookaround, "^", "$"). */
static size_t atom_end(cut *c, size_t i, int *zero_width) {
    char x = c->p[i];
    *zero_width = x == '^' || x == '$';
    if (x == '\\') {
        if (i + 1 >= c->n) return c->unknown = 1, c->n;
        char e = c->p[i + 1];
        int alnum = is_digit(e) || is_letter(e);
        if (alnum && !strchr("wWdDsSnrtfvhHRNebBAzZG", e)) c->unknown = 1;
        *zero_width = e != '\0' && strchr("bBAzZG", e) != NULL;
        return i + 2;
    }
    if (x == '[') return class_end(c, i);
    if (x != '(') return i + 1;
    size_t head = i + 1 < c->n && c->p[i + 1] == '*' ? 0 : group_head(c, i, zero_width);
    if (!head || c->depth >= MAX_DEPTH) return c->unknown = 1, c->n;   /* (*VERB), ... */
    size_t j = i + head;
    if (c->p[j - 1] == ')') return j;                 /* "(?flags)" */
    c->depth++;
    while (j < c->n && c->p[j] != ')') {
        int zw;
        j = c->p[j] == '|' ? j + 1 : atom_end(c, j, &zw);
    }
    c->depth--;
    return j < c->n ? j + 1 : (c->unknown = 1, c->n);
}

/* The quantifier at j, if any: returns its end and sets *min (1 without one). */
static size_t quantifier_end(cut *c, size_t j, size_t *min) {
    *min = 1;
    if (j >= c->n) return j;
    char q = c->p[j];
    size_t k = j + 1;
    if (q == '*' || q == '?') *min = 0;
    else if (q == '{' && j + 1 < c->n && is_digit(c->p[j + 1])) {
        size_t m = 0;
        for (k = j + 1; k < c->n && is_digit(c->p[k]); k++) m = m * 10 + (size_t)(c->p[k] - '0');
        if (k < c->n && c->p[k] == ',') k++;
        while (k < c->n && is_digit(c->p[k])) k++;
        if (k >= c->n || c->p[k] != '}') return j;   /* a literal brace */
        k++;
        *min = m;
    } else if (q != '+') return j;
    if (k < c->n && (c->p[k] == '?' || c->p[k] == '+')) k++;   /* lazy, possessive */
    return k;
}

/* Appends k bytes; the cut only ever shortens, so past the input's length
 * something was misread. */
static void put(cut *c, const char *s, size_t k) {
    if (c->unknown || k > c->n - c->len) {
        c->unknown = 1;
        return;
    }
    memcpy(c->out + c->len, s, k);
    c->len += k;
}

static void emit(cut *c, size_t from, size_t to) {
    if (to < from) c->unknown = 1;
    else put(c, c->p + from, to - from);
}

static int nullable_seq(cut *c, size_t a, size_t b, int depth);

/* 1 when the atom [a, b) can match the empty string. */
static int nullable_atom(cut *c, size_t a, size_t b, int zero_width, int depth) {
    if (zero_width) return 1;
    if (c->p[a] != '(') return 0;
    int zw;
    size_t head = group_head(c, a, &zw);
    return nullable_seq(c, a + head, b - 1, depth + 1);
}

/* 1 when some alternative of [a, b) can match the empty string. */
static int nullable_seq(cut *c, size_t a, size_t b, int depth) {
    if (depth > MAX_DEPTH) return c->unknown = 1, 1;
    int all = 1;
    for (size_t i = a; i <= b; ) {
        if (i == b || c->p[i] == '|') {
            if (all) return 1;
            all = 1;
            i++;
            continue;
        }
        int zw;
        size_t end = atom_end(c, i, &zw), min, q = quantifier_end(c, end, &min);
        if (min > 0 && !nullable_atom(c, i, end, zw, depth)) all = 0;
        i = q;
    }
    return 0;
}

static void cut_seq(cut *c, size_t a, size_t b, int depth);

/* One alternative [a, b): up to its last item that must consume a byte, that
 * item repeated its minimum times, a group among them cut in turn. */
static void cut_alternative(cut *c, size_t a, size_t b, int depth) {
    size_t last = b, last_end = b, last_min = 1;
    for (size_t i = a; i < b; ) {
        int zw;
        size_t end = atom_end(c, i, &zw), min, q = quantifier_end(c, end, &min);
        if (min > 0 && !nullable_atom(c, i, end, zw, depth))
            last = i, last_end = end, last_min = min;
        i = q;
    }
    if (last == b) {                                 /* it can match empty: keep it whole */
        emit(c, a, b);
        return;
    }
    emit(c, a, last);
    if (last_min > 1) {                              /* "x{3,9}" -> "x{3}" */
        emit(c, last, last_end);
        char count[32];
        int k = snprintf(count, sizeof count, "{%zu}", last_min);
        put(c, count, (size_t)k);
    } else if (c->p[last] == '(') {                  /* the group, cut inside */
        int zw;
        size_t head = group_head(c, last, &zw);
        emit(c, last, last + head);
        cut_seq(c, last + head, last_end - 1, depth + 1);
        put(c, ")", 1);
    } else {
        emit(c, last, last_end);
    }
}

static void cut_seq(cut *c, size_t a, size_t b, int depth) {
    if (depth > MAX_DEPTH) {
        c->unknown = 1;
        return;
    }
    size_t start = a;
    for (size_t i = a; i <= b; ) {
        if (i == b || c->p[i] == '|') {
            cut_alternative(c, start, i, depth);
            if (i < b) put(c, "|", 1);
            start = ++i;
            continue;
        }
        int zw;
        i = quantifier_end(c, atom_end(c, i, &zw), &(size_t){0});
    }
}

/* Length of a bounded repeat "{m,n}" at p, else 0; *comma: the comma's offset. */
static size_t bounded_repeat(const char *p, const char *end, size_t *comma) {
    const char *q = p + 1;
    while (q < end && is_digit(*q)) q++;
    if (q == p + 1 || q >= end || *q != ',') return 0;
    *comma = (size_t)(q - p);
    const char *r = ++q;
    while (r < end && is_digit(*r)) r++;
    return r > q && r < end && *r == '}' ? (size_t)(r - p + 1) : 0;
}

/* Writes pattern with every {m,n} outside classes and escapes as {m,} to out. */
static size_t loosen(const char *pattern, size_t len, char *out) {
    char *o = out;
    const char *p = pattern, *end = pattern + len;
    int in_class = 0;
    while (p < end) {
        size_t comma, n;
        if (*p == '\\' && p + 1 < end) {            /* an escape: two bytes as they are */
            *o++ = *p++;
            *o++ = *p++;
        } else if (in_class) {
            if (*p == '[' && p + 1 < end && p[1] == ':') {   /* [:alpha:] inside a class */
                const char *close = memchr(p + 2, ']', (size_t)(end - p - 2));
                size_t k = close ? (size_t)(close - p + 1) : (size_t)(end - p);
                memcpy(o, p, k), o += k, p += k;
                continue;
            }
            in_class = *p != ']';
            *o++ = *p++;
        } else if (*p == '[') {                       /* "[]" and "[^]" open with a literal ] */
            in_class = 1;
            *o++ = *p++;
            if (p < end && *p == '^') *o++ = *p++;
            if (p < end && *p == ']') *o++ = *p++;
        } else if (*p == '{' && (n = bounded_repeat(p, end, &comma))) {
            memcpy(o, p, comma + 1), o += comma + 1;
            *o++ = '}';
            p += n;
        } else {
            *o++ = *p++;
        }
    }
    return (size_t)(o - out);
}

char *ob_gate_expression(const char *pattern, size_t len, int open_bounds) {
    cut c = {.p = pattern, .n = len, .out = malloc(len + 1)};
    char *out = malloc(len + 1);
    if (!c.out || !out) {
        free(c.out);
        free(out);
        return NULL;
    }
    cut_seq(&c, 0, len, 0);
    if (c.unknown) {                                 /* not read: the pattern whole */
        memcpy(c.out, pattern, len);
        c.len = len;
    }
    size_t n = c.len;
    if (open_bounds) n = loosen(c.out, c.len, out);
    else memcpy(out, c.out, n);
    out[n] = '\0';
    free(c.out);
    return out;
}
