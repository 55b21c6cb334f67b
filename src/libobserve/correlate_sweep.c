/*
 * correlate_sweep.c - the two windowed sweeps (docs/correlation.md sections
 * 3 and 4): UI event -> API call (_ui_causes, _pair_score) and API call ->
 * navigation (_nav_causes) of observe_core/_python/correlate.py.
 *
 * Both walk a sorted stream with two pointers that only move forward, so
 * each event is visited a bounded number of times plus its candidates.
 * Correlation ids are found through an index of (id, UI position) pairs
 * sorted once: two binary searches give a call's decisive UI events in its
 * window. Every score is computed with the reference's operations in the
 * reference's order, so the doubles are the same bits.
 */
#include "correlate_internal.h"

#include <stdlib.h>
#include <string.h>

/* ---- helpers ----------------------------------------------------------- */

/* len(str) of UTF-8 text: the bytes that start a code point. */
static int64_t code_points(const char *s, size_t n) {
    int64_t k = 0;
    for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

typedef struct corr_entry {
    int32_t id;
    size_t pos;     /* sorted UI position */
} corr_entry;

static int cmp_corr_entry(const void *pa, const void *pb) {
    const corr_entry *a = pa, *b = pb;
    if (a->id != b->id) return a->id < b->id ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

#define CORR_LESS(a, b) (cmp_corr_entry(a, b) < 0)
OB_CORR_SORT(sort_corr_entries, corr_entry, CORR_LESS)

/* First entry in idx[lo..hi) not less than (id, pos). */
static size_t corr_lower(const corr_entry *idx, size_t lo, size_t hi, int32_t id, size_t pos) {
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (idx[mid].id < id || (idx[mid].id == id && idx[mid].pos < pos)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int push_link(ob_vec *v, size_t pos, double score, unsigned methods) {
    ob_corr_link *l = ob_vec_push(v);
    if (!l) return OB_CORR_ENOMEM;
    *l = (ob_corr_link){pos, score, methods};
    return OB_CORR_OK;
}

/* Moves a vector's links into the result arena. */
static int keep_links(ob_corr_run *run, ob_vec *v, ob_corr_link **out, size_t *n) {
    *n = v->len;
    *out = ob_corr_array(run->res->arena, v->len, sizeof **out);
    if (v->len && !*out) return OB_CORR_ENOMEM;
    if (v->len) memcpy(*out, v->data, v->len * sizeof **out);
    return OB_CORR_OK;
}

/* ---- UI event -> API call ---------------------------------------------- */

/* _pair_score(u, c): the weighted mean of the signals that apply. */
static double pair_score(ob_corr_run *run, const ob_corr_ui *u, int64_t input_cps,
                         const ob_corr_call *c, const ob_corr_api_event *e,
                         unsigned *methods) {
    const ob_corr_config *cfg = run->cfg;
    double delay = c->start - u->t;
    double total = cfg->w_time * ob_corr_exp(run, ob_corr_div(run, -(delay > 0.0 ? delay : 0.0),
                                                              cfg->time_decay_ms));
    double weights = cfg->w_time;
    *methods = OB_CORR_M_TIME;
    if (u->input && input_cps >= cfg->min_input_length) {
        weights += cfg->w_input;
        if (ob_corr_contains(e->url_text, e->url_text_len, u->input, u->input_len)
            || ob_corr_contains(e->body, e->body_len, u->input, u->input_len)) {
            total += cfg->w_input;
            *methods |= OB_CORR_M_INPUT_VALUE;
        }
    }
    if (u->thread >= 0 && e->thread >= 0) {
        weights += cfg->w_thread;
        if (u->thread == e->thread) {
            total += cfg->w_thread;
            *methods |= OB_CORR_M_THREAD;
        }
    }
    if (u->screen >= 0 && e->screen >= 0) {
        weights += cfg->w_screen;
        if (u->screen == e->screen) {
            total += cfg->w_screen;
            *methods |= OB_CORR_M_SCREEN;
        }
    }
    return ob_corr_div(run, total, weights);
}

/* max() over (score, t, -index): replaced only by a strictly greater key. */
static int better(const ob_corr_ui *a, double sa, const ob_corr_ui *b, double sb) {
    if (sa != sb) return sa > sb;
    if (a->t != b->t) return a->t > b->t;
    return a->index < b->index;
}

/* The candidates of call c in the UI window [lo, hi) (decisive ones in
 * idx[d0..d1)), as _ui_causes scores them; sets c->reason when none is kept. */
static int score_window(ob_corr_run *run, ob_corr_call *c, size_t lo, size_t hi,
                        const corr_entry *idx, size_t d0, size_t d1, const int64_t *cps,
                        ob_vec *links) {
    const ob_corr_config *cfg = run->cfg;
    const ob_corr_api_event *e = &run->api[c->event];
    size_t best = OB_CORR_NO_EVENT, kept = 0;
    double best_score = 0.0;
    unsigned best_methods = 0;
    for (size_t p = lo; p < hi; p++) {
        const ob_corr_ui *u = &run->ui[run->ui_order[p]];
        double score;
        unsigned methods;
        if (d0 < d1 && idx[d0].pos == p) {
            d0++;
            score = 1.0;
            methods = OB_CORR_M_CORRELATION_ID;
        } else {
            score = pair_score(run, u, cps[p], c, e, &methods);
        }
        if (!(score >= cfg->min_confidence)) continue;
        kept++;
        if (cfg->many_to_many) {
            if (push_link(links, p, score, methods)) return OB_CORR_ENOMEM;
        } else if (best == OB_CORR_NO_EVENT
                   || better(u, score, &run->ui[run->ui_order[best]], best_score)) {
            best = p;
            best_score = score;
            best_methods = methods;
        }
    }
    if (!kept)
        c->reason = lo == hi ? OB_CORR_REASON_NO_CANDIDATE : OB_CORR_REASON_LOW_CONFIDENCE;
    else if (!cfg->many_to_many && push_link(links, best, best_score, best_methods))
        return OB_CORR_ENOMEM;
    return OB_CORR_OK;
}

static int build_corr_index(ob_corr_run *run, corr_entry **out, size_t *n_out) {
    size_t n = 0;
    corr_entry *idx = ob_corr_array(run->tmp, run->n_ui, sizeof *idx);
    if (run->n_ui && !idx) return OB_CORR_ENOMEM;
    for (size_t p = 0; p < run->n_ui; p++) {
        int32_t id = run->ui[run->ui_order[p]].correlation;
        if (id >= 0) idx[n++] = (corr_entry){id, p};
    }
    if (sort_corr_entries(run->tmp, idx, n)) return OB_CORR_ENOMEM;
    *out = idx;
    *n_out = n;
    return OB_CORR_OK;
}

static int ui_sweep(ob_corr_run *run, const corr_entry *idx, size_t n_idx, const int64_t *cps,
                    ob_vec *links) {
    const ob_corr_config *cfg = run->cfg;
    ob_corr_result *res = run->res;
    size_t lo = 0, hi = 0, n_ui = run->n_ui;
    for (size_t ci = 0; ci < res->n_calls; ci++) {
        ob_corr_call *c = &res->calls[ci];
        int32_t cid = run->api[c->event].correlation;
        while (lo < n_ui && run->ui_t[lo] < c->start - cfg->window_ms) lo++;
        if (hi < lo) hi = lo;
        while (hi < n_ui && run->ui_t[hi] <= c->start + cfg->clock_skew_ms) hi++;
        size_t d0 = 0, d1 = 0;      /* decisive: idx[d0..d1) */
        if (cid >= 0) {
            d0 = corr_lower(idx, 0, n_idx, cid, lo);
            d1 = corr_lower(idx, d0, n_idx, cid, hi);
        }
        c->first_cause = links->len;
        if (d0 < d1 && !cfg->many_to_many) {
            if (push_link(links, idx[d1 - 1].pos, 1.0, OB_CORR_M_CORRELATION_ID))
                return OB_CORR_ENOMEM;
        } else if (c->background != OB_CORR_BG_NONE) {
            for (size_t d = d0; d < d1; d++)
                if (push_link(links, idx[d].pos, 1.0, OB_CORR_M_CORRELATION_ID))
                    return OB_CORR_ENOMEM;
            if (d0 == d1)
                c->reason = c->background == OB_CORR_BG_ANALYTICS ? OB_CORR_REASON_ANALYTICS
                                                                  : OB_CORR_REASON_POLLING;
        } else if (score_window(run, c, lo, hi, idx, d0, d1, cps, links)) {
            return OB_CORR_ENOMEM;
        }
        c->n_causes = links->len - c->first_cause;
    }
    return OB_CORR_OK;
}

int ob_corr_ui_causes(ob_corr_run *run) {
    corr_entry *idx;
    size_t n_idx;
    ob_vec links;
    ob_vec_init(&links, sizeof(ob_corr_link));
    int64_t *cps = ob_corr_array(run->tmp, run->n_ui, sizeof *cps);
    if (run->n_ui && !cps) return OB_CORR_ENOMEM;
    for (size_t p = 0; p < run->n_ui; p++) {
        const ob_corr_ui *u = &run->ui[run->ui_order[p]];
        cps[p] = u->input ? code_points(u->input, u->input_len) : 0;
    }
    int rc = build_corr_index(run, &idx, &n_idx);
    if (!rc) rc = ui_sweep(run, idx, n_idx, cps, &links);
    if (!rc) rc = keep_links(run, &links, &run->res->causes, &run->res->n_causes);
    ob_vec_free(&links);
    return rc;
}

/* ---- API call -> navigation -------------------------------------------- */

typedef struct end_key {
    double end, start;
    uint32_t index;
    size_t pos;
} end_key;

static int cmp_end_key(const void *pa, const void *pb) {
    const end_key *a = pa, *b = pb;
    if (a->end != b->end) return a->end < b->end ? -1 : 1;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->index != b->index) return a->index < b->index ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

#define END_LESS(a, b) (cmp_end_key(a, b) < 0)
OB_CORR_SORT(sort_end_keys, end_key, END_LESS)

/* The score of navigation n after the response of call c. */
static double nav_score(ob_corr_run *run, const ob_corr_nav *n, const ob_corr_call *c,
                        unsigned *methods) {
    const ob_corr_config *cfg = run->cfg;
    int32_t screen = run->api[c->event].screen;
    double gap = n->t - c->end;
    double total = cfg->w_nav_time * ob_corr_exp(run, ob_corr_div(run, -(gap > 0.0 ? gap : 0.0),
                                                                  cfg->nav_decay_ms));
    double weights = cfg->w_nav_time;
    *methods = OB_CORR_M_TIME;
    if (n->from_screen >= 0 && screen >= 0) {
        weights += cfg->w_nav_screen;
        if (n->from_screen == screen) {
            total += cfg->w_nav_screen;
            *methods |= OB_CORR_M_SCREEN;
        }
    }
    return ob_corr_div(run, total, weights);
}

static int nav_sweep(ob_corr_run *run, const end_key *ended, size_t n_ended, ob_vec *links) {
    const ob_corr_config *cfg = run->cfg;
    ob_corr_result *res = run->res;
    size_t lo = 0, hi = 0;
    for (size_t np = 0; np < run->n_nav; np++) {
        const ob_corr_nav *n = &run->nav[run->nav_order[np]];
        while (lo < n_ended && ended[lo].end < n->t - cfg->nav_window_ms) lo++;
        if (hi < lo) hi = lo;
        while (hi < n_ended && ended[hi].end <= n->t + cfg->nav_clock_skew_ms) hi++;
        res->navs[np].first_link = links->len;
        double last = 0.0;
        unsigned last_methods = 0;
        /* every candidate is scored, as in the reference (its errors too) */
        for (size_t k = lo; k < hi; k++) {
            unsigned methods;
            double s = nav_score(run, n, &res->calls[ended[k].pos], &methods);
            if (cfg->many_to_many && s >= cfg->min_confidence
                && push_link(links, ended[k].pos, s, methods))
                return OB_CORR_ENOMEM;
            last = s;
            last_methods = methods;
        }
        if (lo == hi || cfg->many_to_many) {
            res->navs[np].n_links = links->len - res->navs[np].first_link;
            continue;
        }
        /* a user action between the latest response and the navigation is
         * the likelier cause: then no response is */
        size_t k = ob_corr_bisect(run->ui_t, run->n_ui, ended[hi - 1].end);
        if (k < run->n_ui && run->ui_t[k] <= n->t) continue;
        if (last >= cfg->min_confidence) {
            if (push_link(links, ended[hi - 1].pos, last, last_methods)) return OB_CORR_ENOMEM;
            res->navs[np].n_links = 1;
        }
    }
    return OB_CORR_OK;
}

int ob_corr_nav_causes(ob_corr_run *run) {
    ob_corr_result *res = run->res;
    size_t n_ended = 0;
    ob_vec links;
    end_key *ended = ob_corr_array(run->tmp, res->n_calls, sizeof *ended);
    res->navs = ob_corr_array(res->arena, run->n_nav, sizeof *res->navs);
    if ((res->n_calls && !ended) || (run->n_nav && !res->navs)) return OB_CORR_ENOMEM;
    for (size_t i = 0; i < res->n_calls; i++) {
        const ob_corr_call *c = &res->calls[i];
        if (c->has_end && c->background == OB_CORR_BG_NONE)
            ended[n_ended++] = (end_key){c->end, c->start, c->index, i};
    }
    if (sort_end_keys(run->tmp, ended, n_ended)) return OB_CORR_ENOMEM;
    ob_vec_init(&links, sizeof(ob_corr_link));
    int rc = nav_sweep(run, ended, n_ended, &links);
    if (!rc) rc = keep_links(run, &links, &res->nav_links, &res->n_nav_links);
    ob_vec_free(&links);
    return rc;
}
