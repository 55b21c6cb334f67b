/*
 * rules.c - compiling a rule set with PCRE2 and finding its matches in one
 * file (rules.h). Mirrors observe_core/_python/rule_match.py: each rule's
 * matches left to right without overlap (re.finditer), kept when they start
 * in one of the rule's regions, sorted by start then rule id.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "rule_gate.h"

struct ob_rules {
    size_t n;
    char **ids;
    pcre2_code **codes;
    unsigned *languages, *where;
    uint32_t *group_count, max_groups;
    pcre2_match_context *mctx;
    ob_gate *gate;             /* NULL: every rule runs on every file of its languages */
};

void ob_rules_free(ob_rules *r) {
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) {
        if (r->codes) pcre2_code_free(r->codes[i]);
        if (r->ids) free(r->ids[i]);
    }
    free(r->ids);
    free(r->codes);
    free(r->languages);
    free(r->where);
    free(r->group_count);
    pcre2_match_context_free(r->mctx);
    ob_gate_free(r->gate);
    free(r);
}

static int fail(char *err, size_t len, ob_rules *r, const char *fmt, const char *a, size_t i) {
    if (err && len) snprintf(err, len, fmt, i, a);
    ob_rules_free(r);
    return -1;
}

int ob_rules_compile(const ob_rule_spec *specs, size_t n, ob_rules **out, char *err,
                     size_t err_len) {
    return ob_rules_compile_saved(specs, n, NULL, 0, out, err, err_len);
}

int ob_rules_compile_saved(const ob_rule_spec *specs, size_t n, const void *saved_gate,
                           size_t saved_len, ob_rules **out, char *err, size_t err_len) {
    *out = NULL;
    ob_rules *r = calloc(1, sizeof *r);
    if (!r) return fail(err, err_len, NULL, "rule %zu%s: out of memory", "", 0);
    size_t k = n ? n : 1;
    r->ids = calloc(k, sizeof *r->ids);
    r->codes = calloc(k, sizeof *r->codes);
    r->languages = calloc(k, sizeof *r->languages);
    r->where = calloc(k, sizeof *r->where);
    r->group_count = calloc(k, sizeof *r->group_count);
    pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
    r->mctx = pcre2_match_context_create(NULL);
    if (!r->ids || !r->codes || !r->languages || !r->where || !r->group_count || !cctx
        || !r->mctx) {
        pcre2_compile_context_free(cctx);
        return fail(err, err_len, r, "rule %zu%s: out of memory", "", 0);
    }
    pcre2_set_newline(cctx, PCRE2_NEWLINE_LF);           /* as Python's re */
    /* OB_PCRE2_JIT=0 runs the interpreter: JIT code reads ahead of the subject
     * with vector loads that stay within its page, which valgrind reports */
    const char *env = getenv("OB_PCRE2_JIT");
    int jit = !(env && strcmp(env, "0") == 0);
    pcre2_set_match_limit(r->mctx, OB_RULES_MATCH_LIMIT);
    pcre2_set_depth_limit(r->mctx, OB_RULES_DEPTH_LIMIT);
    for (size_t i = 0; i < n; i++, r->n++) {
        int code;
        PCRE2_SIZE at;
        r->ids[i] = strdup(specs[i].id ? specs[i].id : "");
        r->codes[i] = pcre2_compile((PCRE2_SPTR)specs[i].pattern, specs[i].pattern_len, 0,
                                    &code, &at, cctx);
        if (!r->ids[i] || !r->codes[i]) {
            char msg[256], text[400];
            pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof msg);
            snprintf(text, sizeof text, " (%s): %s at offset %zu", specs[i].id ? specs[i].id : "",
                     r->ids[i] ? msg : "out of memory", (size_t)at);
            r->n++;
            pcre2_compile_context_free(cctx);
            return fail(err, err_len, r, "rule %zu%s", text, i);
        }
        if (jit) pcre2_jit_compile(r->codes[i], PCRE2_JIT_COMPLETE);   /* else: interpreter */
        pcre2_pattern_info(r->codes[i], PCRE2_INFO_CAPTURECOUNT, &r->group_count[i]);
        if (r->group_count[i] > r->max_groups) r->max_groups = r->group_count[i];
        r->languages[i] = specs[i].languages;
        r->where[i] = specs[i].where ? specs[i].where : OB_REGION_CODE;
    }
    pcre2_compile_context_free(cctx);
    r->gate = ob_gate_new(specs, n, saved_gate, saved_len);
    *out = r;
    return 0;
}

int ob_rules_group_count(const ob_rules *r, size_t i) {
    return i < r->n ? (int)r->group_count[i] : -1;
}

int ob_rules_group_number(const ob_rules *r, size_t i, const char *name) {
    if (i >= r->n) return -1;
    int g = pcre2_substring_number_from_name(r->codes[i], (PCRE2_SPTR)name);
    return g > 0 ? g : -1;
}

int ob_rules_gated(const ob_rules *r, size_t i) {
    return ob_gate_has(r->gate, i);
}

int ob_rules_save_gate(const ob_rules *r, char **out, size_t *len) {
    return ob_gate_save(r->gate, out, len);
}

/* ---- positions ---------------------------------------------------------- */

/* Lines and columns of the matches, which are sorted by start: one forward
 * pass keeps the line and column of a cursor, counting only the bytes since
 * the previous start, so a file of one long line costs no more than others;
 * an end is counted on from its start (matches are short). */
typedef struct cursor {
    const char *d;
    size_t at;               /* a position, its line and column */
    uint32_t line, column;
} cursor;

static void advance(cursor *c, size_t offset) {
    const char *p = c->d + c->at, *stop = c->d + offset, *nl;
    while ((nl = memchr(p, '\n', (size_t)(stop - p))) != NULL) {
        c->line++;
        c->column = 1;
        p = nl + 1;
    }
    for (; p < stop; p++) c->column += ((unsigned char)*p & 0xC0) != 0x80;
    c->at = offset;
}

static void set_positions(const char *d, ob_rule_match *m, size_t n) {
    cursor c = {d, 0, 1, 1};
    for (size_t i = 0; i < n; i++) {
        advance(&c, m[i].start);
        m[i].line = c.line;
        m[i].column = c.column;
        cursor e = c;
        advance(&e, m[i].end > m[i].start ? m[i].end - 1 : m[i].start);
        m[i].end_line = e.line;
        m[i].end_column = e.column;
    }
}

/* ---- matching ------------------------------------------------------------ */

typedef struct run {
    const ob_rules *r;
    const char *d;
    size_t len;
    ob_lang lang;
    ob_arena *arena, *tmp;
    ob_region_span *spans;
    size_t n_spans;
    int have_spans;
    ob_vec matches, limits;
} run;

/* What one thread reuses from file to file: Vectorscan scratch space (cloned
 * from the rule set's prototype) and PCRE2 match data big enough for the rule
 * with the most groups. */
struct ob_rule_worker {
    void *scratch;             /* the gate's, NULL without a gate */
    pcre2_match_data *md;
};
typedef struct ob_rule_worker worker;

static int worker_init(worker *w, const ob_rules *r) {
    *w = (worker){0};
    if (r->gate && !(w->scratch = ob_gate_scratch_new(r->gate))) return -1;
    w->md = pcre2_match_data_create(r->max_groups + 1, NULL);
    return w->md ? 0 : -1;
}

static void worker_free(worker *w) {
    ob_gate_scratch_free(w->scratch);
    pcre2_match_data_free(w->md);
}

ob_rule_worker *ob_rule_worker_new(const ob_rules *r) {
    worker *w = malloc(sizeof *w);
    if (w && worker_init(w, r)) {
        worker_free(w);
        free(w);
        return NULL;
    }
    return w;
}

void ob_rule_worker_free(ob_rule_worker *w) {
    if (!w) return;
    worker_free(w);
    free(w);
}

static int keep_match(run *u, uint32_t rule, const PCRE2_SIZE *ov) {
    uint32_t groups = u->r->group_count[rule];
    ob_rule_match *m = ob_vec_push(&u->matches);
    if (!m) return -1;
    m->rule = rule;
    m->start = ov[0];
    m->end = ov[1];
    m->groups = ob_arena_alloc(u->arena, (2 * (size_t)groups + 1) * sizeof *m->groups);
    if (!m->groups) return -1;
    for (uint32_t g = 0; g < 2 * groups; g++) {
        PCRE2_SIZE v = ov[2 + g];
        m->groups[g] = v == PCRE2_UNSET ? SIZE_MAX : v;
    }
    return 0;
}

static int in_regions(run *u, uint32_t rule, size_t offset) {
    unsigned where = u->r->where[rule];
    if (where == (OB_REGION_CODE | OB_REGION_STRINGS | OB_REGION_COMMENTS)) return 1;
    if (!u->have_spans) {
        if (ob_regions(u->d, u->len, u->lang, u->tmp, &u->spans, &u->n_spans)) return -1;
        u->have_spans = 1;
    }
    return (ob_region_at(u->spans, u->n_spans, offset) & (int)where) != 0;
}

/* Where the gate says a rule may match: the ends of its hits, ascending, and
 * its width. A match starting at or after pos ends at a hit after pos, so it
 * cannot start before that hit's end minus the width: the search skips
 * there, and a rule with no hit left is done. */
typedef struct window {
    const uint32_t *ends;      /* NULL: the rule runs everywhere */
    size_t n, next, width;
} window;

static int skip_ahead(window *w, size_t *pos) {
    if (!w->ends) return 1;
    while (w->next < w->n && w->ends[w->next] <= *pos) w->next++;
    if (w->next == w->n) return 0;
    size_t end = w->ends[w->next];
    if (end > w->width && end - w->width > *pos) *pos = end - w->width;
    return 1;
}

/* Every match of one rule, as re.finditer finds them: after an empty match
 * at p, a non-empty match at p is tried, then the search goes on from p + 1.
 * (Gated rules cannot match the empty string: Vectorscan rejects those.) */
static int match_rule(run *u, uint32_t rule, pcre2_match_data *md, window *win) {
    const pcre2_code *code = u->r->codes[rule];
    size_t pos = 0;
    uint32_t options = 0;
    while (pos <= u->len) {
        size_t from = pos;
        if (!options && !skip_ahead(win, &from)) break;
        int rc = pcre2_match(code, (PCRE2_SPTR)u->d, u->len, from, options, md, u->r->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) {
            if (!options) break;
            options = 0;                 /* no non-empty match at pos: move on */
            pos++;
            continue;
        }
        if (rc < 0) {
            ob_rule_limit *l = ob_vec_push(&u->limits);
            if (!l) return -1;
            *l = (ob_rule_limit){rule, from, rc};
            return 0;                    /* this rule gives up on this file */
        }
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        int keep = in_regions(u, rule, ov[0]);
        if (keep < 0 || (keep && keep_match(u, rule, ov))) return -1;
        pos = ov[1];
        options = ov[0] == ov[1] ? PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED : 0;
    }
    return 0;
}

/* A merge sort by (start, id, rule index): qsort's comparator could not see
 * the rule set without a global, and threads match files at once. */
static int less(const ob_rules *r, const ob_rule_match *a, const ob_rule_match *b) {
    if (a->start != b->start) return a->start < b->start;
    int c = strcmp(r->ids[a->rule], r->ids[b->rule]);
    return c ? c < 0 : a->rule < b->rule;
}

static int sort_matches(const ob_rules *r, ob_rule_match *v, size_t n, ob_arena *tmp) {
    if (n < 2) return 0;
    ob_rule_match *buf = ob_arena_alloc(tmp, n * sizeof *buf), *src = v, *dst = buf;
    if (!buf) return -1;
    for (size_t w = 1; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = mid + w < n ? mid + w : n;
            size_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi) dst[k++] = less(r, &src[b], &src[a]) ? src[b++] : src[a++];
            while (a < mid) dst[k++] = src[a++];
            while (b < hi) dst[k++] = src[b++];
        }
        ob_rule_match *t = src;
        src = dst;
        dst = t;
    }
    if (src != v) memcpy(v, src, n * sizeof *v);
    return 0;
}

static int ascending(const uint32_t *v, size_t n) {
    for (size_t k = 1; k < n; k++)
        if (v[k] < v[k - 1]) return 0;
    return 1;
}

static int by_value(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The gate's hits grouped by rule, ends ascending (the scan reports them in
 * end order), as one window per rule; on a failed scan, windows that run
 * every rule everywhere. NULL when memory runs out. */
static window *gate_windows(const ob_rules *r, worker *w, run *u) {
    window *wins = ob_arena_alloc(u->tmp, r->n * sizeof *wins);
    if (!wins) return NULL;
    memset(wins, 0, r->n * sizeof *wins);
    ob_vec hits;
    ob_vec_init(&hits, sizeof(ob_gate_hit));
    if (ob_gate_scan(r->gate, w->scratch, u->d, u->len, &hits) == 0) {
        const ob_gate_hit *h = hits.data;
        uint32_t *ends = ob_arena_alloc(u->tmp, (hits.len + 1) * sizeof *ends);
        if (!ends) wins = NULL;
        /* a hit of a rule not marked gated (a hand-edited cache) is ignored: it runs anyway */
        for (size_t k = 0; wins && k < hits.len; k++)
            if (ob_gate_has(r->gate, h[k].rule)) wins[h[k].rule].n++;
        size_t at = 0;
        for (size_t i = 0; wins && i < r->n; i++) {
            if (!ob_gate_has(r->gate, i)) continue;
            wins[i].ends = ends + at;
            wins[i].width = ob_gate_width(r->gate, i);
            at += wins[i].n;
            wins[i].n = 0;                    /* filled again below */
        }
        for (size_t k = 0; wins && k < hits.len; k++) {
            window *win = &wins[h[k].rule];
            if (win->ends) ((uint32_t *)win->ends)[win->n++] = h[k].end;
        }
        for (size_t i = 0; wins && i < r->n; i++)   /* skip_ahead relies on the order */
            if (!ascending(wins[i].ends, wins[i].n))
                qsort((uint32_t *)wins[i].ends, wins[i].n, sizeof *ends, by_value);
    }
    ob_vec_free(&hits);
    return wins;
}

static int match_buffer(const ob_rules *r, worker *w, const char *data, size_t len, ob_lang lang,
                        ob_rule_result **out, char *err, size_t err_len) {
    *out = NULL;
    ob_rule_result *res = calloc(1, sizeof *res);
    run u = {.r = r, .d = data, .len = len, .lang = lang};
    ob_vec_init(&u.matches, sizeof(ob_rule_match));
    ob_vec_init(&u.limits, sizeof(ob_rule_limit));
    int rc = -1;
    if (!res || !(res->arena = u.arena = ob_arena_new()) || !(u.tmp = ob_arena_new())) goto done;
    window *wins = NULL;                  /* per rule, NULL: no gate, every rule everywhere */
    if (r->gate && !(wins = gate_windows(r, w, &u))) goto done;
    for (uint32_t i = 0; i < r->n; i++) {
        unsigned langs = r->languages[i];
        if (langs && (lang < 0 || !(langs & (1u << lang)))) continue;
        window everywhere = {0};
        window *win = wins ? &wins[i] : &everywhere;
        if (win->ends && win->n == 0) continue;              /* the gate: cannot match */
        if (match_rule(&u, i, w->md, win)) goto done;
    }
    ob_rule_match *m = u.matches.data;
    if (sort_matches(r, m, u.matches.len, u.tmp)) goto done;
    res->matches = ob_arena_alloc(u.arena, (u.matches.len + 1) * sizeof *res->matches);
    res->limits = ob_arena_alloc(u.arena, (u.limits.len + 1) * sizeof *res->limits);
    if (!res->matches || !res->limits) goto done;
    set_positions(data, m, u.matches.len);
    if (u.matches.len) memcpy(res->matches, m, u.matches.len * sizeof *m);
    if (u.limits.len) memcpy(res->limits, u.limits.data, u.limits.len * sizeof *res->limits);
    res->n_matches = u.matches.len;
    res->n_limits = u.limits.len;
    *out = res;
    rc = 0;
done:
    if (rc && err && err_len) snprintf(err, err_len, "out of memory");
    ob_vec_free(&u.matches);
    ob_vec_free(&u.limits);
    ob_arena_free(u.tmp);
    if (rc) ob_rule_result_free(res);
    return rc;
}

int ob_rules_match(const ob_rules *r, const char *data, size_t len, ob_lang lang,
                   ob_rule_result **out, char *err, size_t err_len) {
    worker w;
    int rc = worker_init(&w, r);
    if (rc) {
        *out = NULL;
        if (err && err_len) snprintf(err, err_len, "out of memory");
    } else {
        rc = match_buffer(r, &w, data, len, lang, out, err, err_len);
    }
    worker_free(&w);
    return rc;
}

void ob_rule_result_free(ob_rule_result *res) {
    if (!res) return;
    ob_arena_free(res->arena);
    free(res);
}

/* ---- one file of many ----------------------------------------------------- */

void ob_rule_match_file(const ob_rules *r, ob_rule_worker *w, const char *path,
                        ob_rule_file *f) {
    if (!w) {
        f->error_code = "out-of-memory";
        snprintf(f->error, sizeof f->error, "out of memory");
        return;
    }
    if (ob_read_file(path, &f->buf, &f->error_code, f->error, sizeof f->error)) {
        f->buf = (ob_buffer){0};
        return;
    }
    if (match_buffer(r, w, f->buf.data, f->buf.len, ob_lang_from_path(path), &f->result,
                     f->error, sizeof f->error))
        f->error_code = "out-of-memory";
    if (!f->result || !f->result->n_matches) ob_buffer_free(&f->buf);   /* no captures to read */
}

void ob_rule_file_clear(ob_rule_file *f) {
    ob_rule_result_free(f->result);
    if (f->buf.data) ob_buffer_free(&f->buf);
    *f = (ob_rule_file){0};
}

