/*
 * correlate_internal.h - what the correlate*.c files share: the state of one
 * ob_correlate() run. Not part of any API.
 */
#ifndef OB_CORRELATE_INTERNAL_H
#define OB_CORRELATE_INTERNAL_H

#include "arena.h"
#include "correlate.h"

#include <stdint.h>
#include <string.h>

typedef struct ob_corr_run {
    const ob_corr_config *cfg;
    const ob_corr_ui *ui;           /* as given */
    size_t n_ui;
    const size_t *ui_order;         /* sorted position -> ui[] index */
    double *ui_t;                   /* ui_t[p] = ui[ui_order[p]].t, sorted */
    const ob_corr_api_event *api;
    size_t n_api;
    const ob_corr_nav *nav;
    size_t n_nav;
    const size_t *nav_order;
    ob_corr_result *res;            /* calls, causes, navs filled in turn */
    ob_arena *tmp;                  /* scratch, freed when the run ends */
    const char *domain_error;       /* set where the reference would raise */
} ob_corr_run;

/* n items of size item from arena a, zeroed; NULL on overflow or no memory. */
void *ob_corr_array(ob_arena *a, size_t n, size_t item);

/* Python's a / b for floats: sets run->domain_error when b == 0. */
double ob_corr_div(ob_corr_run *run, double a, double b);
/* math.exp: sets run->domain_error on overflow. */
double ob_corr_exp(ob_corr_run *run, double x);
/* Python's `needle in hay` on UTF-8 bytes (the same as a code-point search
 * for valid UTF-8); hay may be NULL when hn is 0. */
int ob_corr_contains(const char *hay, size_t hn, const char *needle, size_t nn);
/* bisect_left(ui_t, x). */
size_t ob_corr_bisect(const double *v, size_t n, double x);

/*
 * OB_CORR_SORT(name, type, less): defines
 *     static int name(ob_arena *tmp, type *v, size_t n)
 * a bottom-up merge sort by the inlined expression less(a, b) (a, b: const
 * type *), O(n) when v is already sorted, no recursion; returns 0 or
 * OB_CORR_ENOMEM. Every key the correlator sorts ends with a position, so
 * less is a total order and the result does not depend on the algorithm.
 */
#define OB_CORR_SORT(name, type, less)                                              \
    static int name(ob_arena *tmp, type *v, size_t n) {                             \
        size_t i;                                                                   \
        for (i = 1; i < n && !less(&v[i], &v[i - 1]); i++) {}                       \
        if (i >= n) return 0;                                                       \
        type *buf = ob_corr_array(tmp, n, sizeof *buf), *src = v, *dst = buf;       \
        if (!buf) return OB_CORR_ENOMEM;                                            \
        for (size_t w = 1; w < n; w *= 2) {                                         \
            for (size_t lo = 0; lo < n; lo += 2 * w) {                              \
                size_t mid = lo + w < n ? lo + w : n;                               \
                size_t hi = mid + w < n ? mid + w : n, a = lo, b = mid, k = lo;     \
                while (a < mid && b < hi)                                           \
                    dst[k++] = less(&src[b], &src[a]) ? src[b++] : src[a++];        \
                while (a < mid) dst[k++] = src[a++];                                \
                while (b < hi) dst[k++] = src[b++];                                 \
            }                                                                       \
            type *t = src;                                                          \
            src = dst;                                                              \
            dst = t;                                                                \
            if (w > SIZE_MAX / 4) break;                                            \
        }                                                                           \
        if (src != v) memcpy(v, src, n * sizeof *v);                                \
        return 0;                                                                   \
    }

/* A record's place in time order: (t, index), then its position, so the
 * order is total. */
typedef struct ob_corr_time_key {
    double t;
    uint32_t index;
    size_t pos;
} ob_corr_time_key;

/* Sorts keys by (t, index, pos); 0 or OB_CORR_ENOMEM. */
int ob_corr_sort_by_time(ob_arena *tmp, ob_corr_time_key *keys, size_t n);

/* correlate_calls.c: _pair_calls then _mark_background. */
int ob_corr_pair_calls(ob_corr_run *run);
int ob_corr_mark_background(ob_corr_run *run);

/* correlate_sweep.c: _ui_causes and _nav_causes. */
int ob_corr_ui_causes(ob_corr_run *run);
int ob_corr_nav_causes(ob_corr_run *run);

#endif
