/*
 * correlate.c - ob_correlate(): validates and sorts the streams, then runs
 * the reference's steps in its order: _pair_calls and _mark_background
 * (correlate_calls.c), _ui_causes and _nav_causes (correlate_sweep.c).
 *
 * The Python reference (observe_core/_python/correlate.py) is the
 * specification; each function names the one it mirrors. Results are
 * all-or-nothing: where the reference raises (division by zero through a
 * degenerate config, math.exp overflow), the run returns OB_CORR_EDOM.
 */
#include "correlate_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const default_patterns[] = {
    "google-analytics.com", "googletagmanager.com", "app-measurement.com", "doubleclick.net",
    "crashlytics", "sentry.io", "segment.io", "api.mixpanel.com", "amplitude.com",
    "/collect", "/track", "/analytics", "/metrics", "/log", "/events/batch",
};

void ob_corr_config_default(ob_corr_config *cfg) {
    *cfg = (ob_corr_config){
        .window_ms = 5000.0, .clock_skew_ms = 50.0, .time_decay_ms = 1000.0,
        .min_input_length = 3,
        .w_time = 0.55, .w_input = 0.25, .w_thread = 0.10, .w_screen = 0.10,
        .min_confidence = 0.5, .strong_confidence = 0.8,
        .nav_window_ms = 3000.0, .nav_decay_ms = 1000.0, .nav_clock_skew_ms = 0.0,
        .w_nav_time = 0.75, .w_nav_screen = 0.25,
        .poll_min_repeats = 5, .poll_jitter = 0.10, .poll_min_period_ms = 1000.0,
        .poll_follow_ms = 300.0,
        .poll_max_ui_share = 0.5, .poll_ui_margin = 0.25,
        .background_url_patterns = default_patterns,
        .n_background_url_patterns = sizeof default_patterns / sizeof *default_patterns,
        .many_to_many = 0,
    };
}

void *ob_corr_array(ob_arena *a, size_t n, size_t item) {
    /* the arena rounds sizes up, so keep well clear of SIZE_MAX */
    if (item && n > (SIZE_MAX / 2) / item) return NULL;
    return ob_arena_alloc(a, n * item);
}

double ob_corr_div(ob_corr_run *run, double a, double b) {
    if (b == 0.0) {
        /* the first error wins: the reference raises there */
        if (!run->domain_error) run->domain_error = "float division by zero (check the configuration)";
        return 0.0;
    }
    return a / b;
}

double ob_corr_exp(ob_corr_run *run, double x) {
    double r = exp(x);
    if (isinf(r) && isfinite(x) && !run->domain_error)
        run->domain_error = "math range error (exp overflow)";
    return r;
}

size_t ob_corr_bisect(const double *v, size_t n, double x) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] < x) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Python's `needle in hay` on UTF-8 bytes (code-point search is byte search
 * for valid UTF-8). */
int ob_corr_contains(const char *hay, size_t hn, const char *needle, size_t nn) {
    if (nn == 0) return 1;
    if (!hay || hn < nn) return 0;
    const char *end = hay + (hn - nn) + 1;
    for (const char *p = hay; p < end;) {
        p = memchr(p, needle[0], (size_t)(end - p));
        if (!p) return 0;
        if (memcmp(p, needle, nn) == 0) return 1;
        p++;
    }
    return 0;
}

/* ---- sorting by (t, index) --------------------------------------------- */

static int cmp_time_key(const ob_corr_time_key *a, const ob_corr_time_key *b) {
    if (a->t != b->t) return a->t < b->t ? -1 : 1;
    if (a->index != b->index) return a->index < b->index ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

#define TIME_LESS(a, b) (cmp_time_key(a, b) < 0)
OB_CORR_SORT(sort_time_keys, ob_corr_time_key, TIME_LESS)

int ob_corr_sort_by_time(ob_arena *tmp, ob_corr_time_key *keys, size_t n) {
    return sort_time_keys(tmp, keys, n);
}

/* Sorts keys[0..n) and writes their positions, in (t, index) order, to order. */
static int sort_keys(ob_arena *tmp, ob_corr_time_key *keys, size_t n, size_t *order) {
    if (sort_time_keys(tmp, keys, n)) return OB_CORR_ENOMEM;
    for (size_t i = 0; i < n; i++) order[i] = keys[i].pos;
    return OB_CORR_OK;
}

static int sort_ui_nav(ob_corr_run *run) {
    ob_corr_result *res = run->res;
    size_t n = run->n_ui > run->n_nav ? run->n_ui : run->n_nav;
    ob_corr_time_key *keys = ob_corr_array(run->tmp, n, sizeof *keys);
    if (n && !keys) return OB_CORR_ENOMEM;
    for (size_t i = 0; i < run->n_ui; i++)
        keys[i] = (ob_corr_time_key){run->ui[i].t, run->ui[i].index, i};
    if (sort_keys(run->tmp, keys, run->n_ui, res->ui_order)) return OB_CORR_ENOMEM;
    for (size_t i = 0; i < run->n_nav; i++)
        keys[i] = (ob_corr_time_key){run->nav[i].t, run->nav[i].index, i};
    return sort_keys(run->tmp, keys, run->n_nav, res->nav_order);
}

/* ---- validation -------------------------------------------------------- */

static int bad_time(double t) { return !isfinite(t) || t < 0; }

static int validate(const ob_corr_ui *ui, size_t n_ui, const ob_corr_api_event *api,
                    size_t n_api, const ob_corr_nav *nav, size_t n_nav, char *err,
                    size_t err_len) {
    const char *stream = NULL;
    size_t at = 0;
    if ((n_ui && !ui) || (n_api && !api) || (n_nav && !nav)) {
        if (err && err_len) snprintf(err, err_len, "NULL event array with a non-zero count");
        return OB_CORR_EINVAL;
    }
    for (size_t i = 0; i < n_ui && !stream; i++)
        if (bad_time(ui[i].t) || (ui[i].input == NULL && ui[i].input_len)) stream = "ui", at = i;
    for (size_t i = 0; i < n_api && !stream; i++)
        if (bad_time(api[i].t) || (!api[i].url_lower && api[i].url_lower_len)
            || (!api[i].url_text && api[i].url_text_len) || (!api[i].body && api[i].body_len))
            stream = "api", at = i;
    for (size_t i = 0; i < n_nav && !stream; i++)
        if (bad_time(nav[i].t)) stream = "navigation", at = i;
    if (!stream) return OB_CORR_OK;
    if (err && err_len)
        snprintf(err, err_len, "%s event at position %zu: time not finite and >= 0, or "
                 "a NULL text with a length", stream, at);
    return OB_CORR_EINVAL;
}

/* ---- the run ----------------------------------------------------------- */

int ob_correlate(const ob_corr_ui *ui, size_t n_ui,
                 const ob_corr_api_event *api, size_t n_api,
                 const ob_corr_nav *nav, size_t n_nav,
                 const ob_corr_config *cfg, ob_corr_result **out,
                 char *err, size_t err_len) {
    ob_corr_config defaults;
    if (err && err_len) err[0] = '\0';
    if (!out) return OB_CORR_EINVAL;
    *out = NULL;
    if (!cfg) {
        ob_corr_config_default(&defaults);
        cfg = &defaults;
    }
    if (cfg->n_background_url_patterns && !cfg->background_url_patterns) {
        if (err && err_len) snprintf(err, err_len, "NULL pattern array with a non-zero count");
        return OB_CORR_EINVAL;
    }
    int rc = validate(ui, n_ui, api, n_api, nav, n_nav, err, err_len);
    if (rc) return rc;

    ob_corr_result *res = calloc(1, sizeof *res);
    ob_arena *tmp = ob_arena_new();
    if (!res || !tmp || !(res->arena = ob_arena_new())) {
        free(res);
        ob_arena_free(tmp);
        if (err && err_len) snprintf(err, err_len, "out of memory");
        return OB_CORR_ENOMEM;
    }
    ob_corr_run run = {.cfg = cfg, .ui = ui, .n_ui = n_ui, .api = api, .n_api = n_api,
                       .nav = nav, .n_nav = n_nav, .res = res, .tmp = tmp};
    rc = OB_CORR_ENOMEM;
    res->n_ui = n_ui;
    res->n_nav = n_nav;
    res->ui_order = ob_corr_array(res->arena, n_ui, sizeof(size_t));
    res->nav_order = ob_corr_array(res->arena, n_nav, sizeof(size_t));
    run.ui_t = ob_corr_array(tmp, n_ui, sizeof(double));
    if (!res->ui_order || !res->nav_order || !run.ui_t) goto fail;
    if (sort_ui_nav(&run)) goto fail;
    for (size_t p = 0; p < n_ui; p++) run.ui_t[p] = ui[res->ui_order[p]].t;
    run.ui_order = res->ui_order;
    run.nav_order = res->nav_order;

    if ((rc = ob_corr_pair_calls(&run)) || (rc = ob_corr_mark_background(&run))
        || (rc = ob_corr_ui_causes(&run)) || (rc = ob_corr_nav_causes(&run)))
        goto fail;
    if (run.domain_error) {
        rc = OB_CORR_EDOM;
        goto fail;
    }
    ob_arena_free(tmp);
    *out = res;
    return OB_CORR_OK;

fail:
    if (err && err_len)
        snprintf(err, err_len, "%s", rc == OB_CORR_ENOMEM ? "out of memory"
                 : run.domain_error ? run.domain_error : "invalid input");
    ob_arena_free(tmp);
    ob_corr_result_free(res);
    return rc;
}

void ob_corr_result_free(ob_corr_result *result) {
    if (!result) return;
    ob_arena_free(result->arena);
    free(result);
}
