/*
 * correlate_calls.c - API events into calls, and which calls are background
 * (docs/correlation.md sections 1 and 2). Mirrors _pair_calls,
 * _is_analytics (with a small urlsplit) and _mark_background of
 * observe_core/_python/correlate.py.
 */
#include "correlate_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- pairing requests and responses ------------------------------------ */

/* The pairing key (correlation id, method, url) and the event's rank in
 * time order: sorting by it gives each key's events in time order. */
typedef struct pair_key {
    int32_t corr, method, url;
    size_t rank;
} pair_key;

static int cmp_pair_key(const void *pa, const void *pb) {
    const pair_key *a = pa, *b = pb;
    if (a->corr != b->corr) return a->corr < b->corr ? -1 : 1;
    if (a->method != b->method) return a->method < b->method ? -1 : 1;
    if (a->url != b->url) return a->url < b->url ? -1 : 1;
    return (a->rank > b->rank) - (a->rank < b->rank);
}

#define PAIR_LESS(a, b) (cmp_pair_key(a, b) < 0)
OB_CORR_SORT(sort_pair_keys, pair_key, PAIR_LESS)

/* _number(duration): the recorded duration when finite and >= 0. */
static int duration_of(const ob_corr_api_event *e, double *d) {
    if (!e->has_duration || !isfinite(e->duration) || e->duration < 0) return 0;
    *d = e->duration;
    return 1;
}

/* _is_request: no status code and no duration. */
static int is_request(const ob_corr_api_event *e) {
    double d;
    return !e->has_status && !duration_of(e, &d);
}

/* _call_from(req, resp) or _call_from(ev, None) (resp == OB_CORR_NO_EVENT). */
static ob_corr_call call_from(const ob_corr_api_event *api, size_t head, size_t resp) {
    const ob_corr_api_event *h = &api[head];
    ob_corr_call c = {.event = head, .response = resp, .index = h->index, .start = h->t};
    if (resp != OB_CORR_NO_EVENT) {
        const ob_corr_api_event *r = &api[resp];
        c.has_end = 1;
        c.end = r->t;
        c.has_status = r->has_status;
        c.status = r->status;
        c.has_duration = 1;
        c.duration = r->t - h->t;
    } else {
        c.has_duration = duration_of(h, &c.duration);
        c.has_end = c.has_duration;
        if (c.has_end) c.end = h->t + c.duration;
        c.has_status = h->has_status;
        c.status = h->status;
    }
    return c;
}

/*
 * _pair_calls: events in (t, index) order; a request waits in its key's
 * FIFO, the next event with a status code under the same key answers the
 * oldest one. Keys are independent, so each key's events are taken
 * together (sorted by key, then time) instead of through a hash map.
 * A call sorts by (start, index) = its head event's (t, index), that is by
 * the head's rank in time order: calls are collected at that rank, and
 * read out in order without a second sort.
 */
#define NOT_A_CALL (OB_CORR_NO_EVENT - 1)

int ob_corr_pair_calls(ob_corr_run *run) {
    size_t n = run->n_api;
    const ob_corr_api_event *api = run->api;
    ob_corr_time_key *tk = ob_corr_array(run->tmp, n, sizeof *tk);
    pair_key *pk = ob_corr_array(run->tmp, n, sizeof *pk);
    size_t *queue = ob_corr_array(run->tmp, n, sizeof *queue);
    size_t *response = ob_corr_array(run->tmp, n, sizeof *response);   /* by head rank */
    if (n && (!tk || !pk || !queue || !response)) return OB_CORR_ENOMEM;
    for (size_t i = 0; i < n; i++) tk[i] = (ob_corr_time_key){api[i].t, api[i].index, i};
    if (ob_corr_sort_by_time(run->tmp, tk, n)) return OB_CORR_ENOMEM;
    for (size_t r = 0; r < n; r++) {
        const ob_corr_api_event *e = &api[tk[r].pos];
        pk[r] = (pair_key){e->correlation, e->method, e->url, r};
        response[r] = NOT_A_CALL;
    }
    if (sort_pair_keys(run->tmp, pk, n)) return OB_CORR_ENOMEM;

    size_t n_calls = 0;
    for (size_t g = 0; g < n;) {
        size_t end = g + 1;
        while (end < n && pk[end].corr == pk[g].corr && pk[end].method == pk[g].method
               && pk[end].url == pk[g].url)
            end++;
        size_t qhead = 0, qtail = 0;
        for (size_t j = g; j < end; j++) {
            size_t rank = pk[j].rank;
            const ob_corr_api_event *e = &api[tk[rank].pos];
            if (is_request(e)) {
                queue[qtail++] = rank;
            } else if (e->has_status && qhead < qtail) {
                response[queue[qhead++]] = tk[rank].pos;
                n_calls++;
            } else {
                response[rank] = OB_CORR_NO_EVENT;
                n_calls++;
            }
        }
        for (; qhead < qtail; qhead++, n_calls++) response[queue[qhead]] = OB_CORR_NO_EVENT;
        g = end;
    }

    ob_corr_result *res = run->res;
    res->calls = ob_corr_array(res->arena, n_calls, sizeof *res->calls);
    if (n_calls && !res->calls) return OB_CORR_ENOMEM;
    size_t k = 0;
    for (size_t r = 0; r < n; r++)
        if (response[r] != NOT_A_CALL) res->calls[k++] = call_from(api, tk[r].pos, response[r]);
    res->n_calls = k;
    return OB_CORR_OK;
}

/* ---- urlsplit ---------------------------------------------------------- */

static int is_scheme_char(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || c == '+' || c == '-' || c == '.';
}

static int is_hex(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static const char *find_byte(const char *s, size_t n, char c) { return memchr(s, c, n); }

/* ipaddress.IPv4Address(s) accepts s. */
static int valid_ipv4(const char *s, size_t n) {
    int octets = 0;
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (j < n && s[j] != '.') j++;
        size_t len = j - i;
        if (len == 0 || len > 3) return 0;
        int v = 0;
        for (size_t k = i; k < j; k++) {
            if (s[k] < '0' || s[k] > '9') return 0;
            v = v * 10 + (s[k] - '0');
        }
        if (v > 255 || (len > 1 && s[i] == '0')) return 0;
        octets++;
        if (j == n) break;
        i = j + 1;
    }
    return octets == 4;
}

/* ipaddress.IPv6Address(s) accepts s (Python 3.11 rules, scope id included). */
static int valid_ipv6(const char *s, size_t n) {
    const char *pct = find_byte(s, n, '%');
    if (pct) {
        size_t scope = n - (size_t)(pct - s) - 1;
        if (scope == 0 || find_byte(pct + 1, scope, '%')) return 0;
        n = (size_t)(pct - s);
    }
    if (n == 0) return 0;
    /* split on ':' into at most a few parts; more than 9 (+1 for IPv4) fails */
    size_t start[16], len[16], parts = 0;
    for (size_t i = 0;;) {
        size_t j = i;
        while (j < n && s[j] != ':') j++;
        if (parts == 16) return 0;
        start[parts] = i;
        len[parts++] = j - i;
        if (j == n) break;
        i = j + 1;
    }
    if (parts < 3) return 0;
    size_t total = parts;   /* parts after an IPv4 tail became two hextets */
    if (find_byte(s + start[parts - 1], len[parts - 1], '.')) {
        if (!valid_ipv4(s + start[parts - 1], len[parts - 1])) return 0;
        total = parts + 1;
        parts--;            /* the hextets checked below */
    }
    if (total > 9) return 0;
    size_t skip = 0, n_skip = 0;
    for (size_t i = 1; i + 1 < total; i++)
        if (i < parts && len[i] == 0) { skip = i; n_skip++; }
    if (n_skip > 1) return 0;
    int first_empty = len[0] == 0;
    int last_empty = parts == total && len[parts - 1] == 0;
    if (n_skip) {
        size_t hi = skip, lo = total - skip - 1;
        if (first_empty && --hi) return 0;   /* a leading ':' needs "::" */
        if (last_empty && --lo) return 0;     /* a trailing ':' needs "::" */
        if (8 < (hi + lo) + 1) return 0;
    } else {
        if (total != 8 || first_empty || last_empty) return 0;
    }
    for (size_t i = 0; i < parts; i++) {
        if (len[i] > 4) return 0;
        for (size_t k = 0; k < len[i]; k++)
            if (!is_hex((unsigned char)s[start[i] + k])) return 0;
    }
    return 1;
}

/* _check_bracketed_host: an IPvFuture or an IPv6 address. */
static int valid_bracketed_host(const char *h, size_t n) {
    if (n && h[0] == 'v') {   /* \Av[a-fA-F0-9]+\..+\Z */
        size_t i = 1;
        while (i < n && is_hex((unsigned char)h[i])) i++;
        return i > 1 && i < n && h[i] == '.' && i + 1 < n;
    }
    return valid_ipv6(h, n);
}

int ob_corr_urlsplit(const char *url, size_t len, char *buf,
                     size_t *netloc_off, size_t *netloc_len,
                     size_t *path_off, size_t *path_len) {
    size_t i = 0, n = 0;
    while (i < len && (unsigned char)url[i] <= ' ') i++;      /* lstrip C0 and space */
    for (; i < len; i++)
        if (url[i] != '\t' && url[i] != '\r' && url[i] != '\n') buf[n++] = url[i];
    size_t at = 0;
    const char *colon = find_byte(buf, n, ':');
    if (colon && colon > buf && (unsigned char)buf[0] < 0x80
        && ((buf[0] | 0x20) >= 'a' && (buf[0] | 0x20) <= 'z')) {
        size_t c = (size_t)(colon - buf), k = 0;
        while (k < c && is_scheme_char((unsigned char)buf[k])) k++;
        if (k == c) at = c + 1;
    }
    *netloc_off = at;
    *netloc_len = 0;
    if (n - at >= 2 && buf[at] == '/' && buf[at + 1] == '/') {
        size_t s = at + 2, e = s;
        while (e < n && buf[e] != '/' && buf[e] != '?' && buf[e] != '#') e++;
        *netloc_off = s;
        *netloc_len = e - s;
        const char *open = find_byte(buf + s, e - s, '[');
        const char *close = find_byte(buf + s, e - s, ']');
        if (!open != !close) return -1;                       /* "Invalid IPv6 URL" */
        if (open) {
            /* netloc.partition('[')[2].partition(']')[0] */
            const char *h = open + 1, *stop = buf + e;
            const char *rb = find_byte(h, (size_t)(stop - h), ']');
            if (!valid_bracketed_host(h, (size_t)((rb ? rb : stop) - h))) return -1;
        }
        at = e;
    }
    size_t e = at;
    while (e < n && buf[e] != '?' && buf[e] != '#') e++;
    *path_off = at;
    *path_len = e - at;
    return 0;
}

/* ---- analytics --------------------------------------------------------- */

typedef struct seg { const char *s; size_t n; } seg;

typedef struct patterns {
    char **hosts;           /* lower-cased */
    size_t *host_len, n_hosts;
    seg **paths;            /* each pattern's segments */
    size_t *path_n, n_paths;
} patterns;

static void ascii_lower(char *dst, const char *src, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)src[i];
        dst[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
}

/* Splits s on '/' keeping the non-empty segments into out (room for n/2+1). */
static size_t split_segments(const char *s, size_t n, seg *out) {
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] != '/') j++;
        if (j > i) out[k++] = (seg){s + i, j - i};
        i = j + 1;
    }
    return k;
}

static int load_patterns(ob_corr_run *run, patterns *p) {
    const ob_corr_config *cfg = run->cfg;
    size_t n = cfg->n_background_url_patterns;
    memset(p, 0, sizeof *p);
    p->hosts = ob_corr_array(run->tmp, n, sizeof *p->hosts);
    p->host_len = ob_corr_array(run->tmp, n, sizeof *p->host_len);
    p->paths = ob_corr_array(run->tmp, n, sizeof *p->paths);
    p->path_n = ob_corr_array(run->tmp, n, sizeof *p->path_n);
    if (n && (!p->hosts || !p->host_len || !p->paths || !p->path_n)) return OB_CORR_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        const char *src = cfg->background_url_patterns[i] ? cfg->background_url_patterns[i] : "";
        size_t len = strlen(src);
        char *low = ob_arena_alloc(run->tmp, len + 1);
        if (!low) return OB_CORR_ENOMEM;
        ascii_lower(low, src, len);
        if (len && low[0] == '/') {
            seg *segs = ob_corr_array(run->tmp, len / 2 + 1, sizeof *segs);
            if (!segs) return OB_CORR_ENOMEM;
            p->path_n[p->n_paths] = split_segments(low, len, segs);
            p->paths[p->n_paths++] = segs;
        } else {
            p->host_len[p->n_hosts] = len;
            p->hosts[p->n_hosts++] = low;
        }
    }
    return OB_CORR_OK;
}

static int segs_equal(const seg *a, const seg *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (a[i].n != b[i].n || memcmp(a[i].s, b[i].s, a[i].n) != 0) return 0;
    return 1;
}

/* _is_analytics. low and buf have room for the URL; segs for len/2+1. */
static int is_analytics(const ob_corr_api_event *e, const patterns *p, char *low, char *buf,
                        seg *segs) {
    size_t len = e->url_lower_len, no, nl, po, pl;
    if (!e->url_lower || len == 0) return 0;
    ascii_lower(low, e->url_lower, len);
    if (ob_corr_urlsplit(low, len, buf, &no, &nl, &po, &pl) != 0) return 0;
    for (size_t h = 0; h < p->n_hosts; h++)
        if (ob_corr_contains(buf + no, nl, p->hosts[h], p->host_len[h]))
            return 1;
    size_t ns = split_segments(buf + po, pl, segs);
    for (size_t k = 0; k < p->n_paths; k++) {
        size_t m = p->path_n[k];
        for (size_t i = 0; i + m <= ns; i++)
            if (segs_equal(segs + i, p->paths[k], m)) return 1;
    }
    return 0;
}

/* ---- polling ----------------------------------------------------------- */

/* Python's max(a, b) and min(a, b): the first argument unless the second
 * is strictly greater (smaller). */
static double py_max(double a, double b) { return b > a ? b : a; }
static double py_min(double a, double b) { return b < a ? b : a; }

/* follows_action: some UI event in [start - poll_follow_ms, start + clock_skew_ms]. */
static int follows_action(const ob_corr_run *run, double start) {
    size_t k = ob_corr_bisect(run->ui_t, run->n_ui, start - run->cfg->poll_follow_ms);
    return k < run->n_ui && run->ui_t[k] <= start + run->cfg->clock_skew_ms;
}

/* coverage(lo, hi), term for term. */
static double coverage(ob_corr_run *run, double lo, double hi) {
    const ob_corr_config *cfg = run->cfg;
    double covered = 0.0, reach = lo;
    size_t k = ob_corr_bisect(run->ui_t, run->n_ui, lo - cfg->poll_follow_ms);
    while (k < run->n_ui && run->ui_t[k] - cfg->clock_skew_ms < hi) {
        double a = py_max(run->ui_t[k] - cfg->clock_skew_ms, reach);
        double b = py_min(run->ui_t[k] + cfg->poll_follow_ms, hi);
        if (b > a) {
            covered += b - a;
            reach = b;
        }
        k++;
    }
    return ob_corr_div(run, covered, hi - lo);
}

/* Is the run g[k..m] a timer? (the condition of _mark_background) */
static int is_polling_run(ob_corr_run *run, const size_t *g, size_t k, size_t m,
                          const unsigned char *follows, double first_gap) {
    const ob_corr_config *cfg = run->cfg;
    const ob_corr_call *calls = run->res->calls;
    size_t len = m - k + 1;
    if (!(first_gap >= cfg->poll_min_period_ms) || (int64_t)len < cfg->poll_min_repeats)
        return 0;
    size_t hits = 0;
    for (size_t i = k; i <= m; i++) hits += follows[g[i]];
    double lo = calls[g[k]].start, hi = calls[g[m]].start;
    if ((double)hits <= (double)len * cfg->poll_max_ui_share) {
        /* max(share, x) >= share: true whatever the coverage, which is
         * computed only for the division the reference would do */
        if (hi - lo == 0.0) ob_corr_div(run, 0.0, 0.0);
        return 1;
    }
    double cov = coverage(run, lo, hi);
    return (double)hits <= (double)len * py_max(cfg->poll_max_ui_share, cov + cfg->poll_ui_margin);
}

typedef struct group_key {
    int32_t method, endpoint;
    size_t pos;
} group_key;

static int cmp_group_key(const void *pa, const void *pb) {
    const group_key *a = pa, *b = pb;
    if (a->method != b->method) return a->method < b->method ? -1 : 1;
    if (a->endpoint != b->endpoint) return a->endpoint < b->endpoint ? -1 : 1;
    return (a->pos > b->pos) - (a->pos < b->pos);
}

#define GROUP_LESS(a, b) (cmp_group_key(a, b) < 0)
OB_CORR_SORT(sort_group_keys, group_key, GROUP_LESS)

/* The greedy runs of one (method, endpoint) group g[0..n), in start order:
 * each call is looked at a bounded number of times. */
static void mark_polling(ob_corr_run *run, const size_t *g, size_t n,
                         const unsigned char *follows) {
    ob_corr_call *calls = run->res->calls;
    double jitter = run->cfg->poll_jitter;
    size_t k = 0;
    while (k + 1 < n) {
        double first_gap = calls[g[k + 1]].start - calls[g[k]].start;
        size_t m = k + 1;
        while (m + 1 < n
               && fabs((calls[g[m + 1]].start - calls[g[m]].start) - first_gap)
                      <= jitter * first_gap)
            m++;
        if (is_polling_run(run, g, k, m, follows, first_gap))
            for (size_t i = k; i <= m; i++) calls[g[i]].background = OB_CORR_BG_POLLING;
        k = m;      /* the next run starts where this one ended: linear */
    }
}

int ob_corr_mark_background(ob_corr_run *run) {
    ob_corr_call *calls = run->res->calls;
    size_t n = run->res->n_calls, max_url = 0;
    patterns pat;
    if (load_patterns(run, &pat)) return OB_CORR_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t len = run->api[calls[i].event].url_lower_len;
        if (len > max_url) max_url = len;
    }
    char *low = ob_corr_array(run->tmp, max_url + 1, 1);
    char *buf = ob_corr_array(run->tmp, max_url + 1, 1);
    seg *segs = ob_corr_array(run->tmp, max_url / 2 + 1, sizeof *segs);
    unsigned char *follows = ob_corr_array(run->tmp, n, 1);
    group_key *gk = ob_corr_array(run->tmp, n, sizeof *gk);
    size_t *g = ob_corr_array(run->tmp, n, sizeof *g);
    if (!low || !buf || !segs || (n && (!follows || !gk || !g))) return OB_CORR_ENOMEM;
    /* _is_analytics once per distinct URL: a small open-addressing map from
     * the interned URL id to the answer (calls repeat a few URLs) */
    size_t cap = 16;
    while (cap < 2 * n) cap *= 2;
    int32_t *seen = ob_corr_array(run->tmp, cap, sizeof *seen);
    unsigned char *answer = ob_corr_array(run->tmp, cap, 1);
    if (!seen || !answer) return OB_CORR_ENOMEM;
    for (size_t i = 0; i < cap; i++) seen[i] = -1;
    for (size_t i = 0; i < n; i++) {
        const ob_corr_api_event *e = &run->api[calls[i].event];
        int yes;
        if (e->url < 0) {
            yes = is_analytics(e, &pat, low, buf, segs);
        } else {
            size_t h = ((uint32_t)e->url * 2654435761u) & (cap - 1);
            while (seen[h] >= 0 && seen[h] != e->url) h = (h + 1) & (cap - 1);
            if (seen[h] < 0) {
                seen[h] = e->url;
                answer[h] = (unsigned char)is_analytics(e, &pat, low, buf, segs);
            }
            yes = answer[h];
        }
        if (yes) calls[i].background = OB_CORR_BG_ANALYTICS;
    }

    size_t n_keys = 0;
    for (size_t i = 0; i < n; i++) {
        follows[i] = (unsigned char)follows_action(run, calls[i].start);
        if (calls[i].background == OB_CORR_BG_NONE) {
            const ob_corr_api_event *e = &run->api[calls[i].event];
            gk[n_keys++] = (group_key){e->method, e->endpoint, i};
        }
    }
    if (sort_group_keys(run->tmp, gk, n_keys)) return OB_CORR_ENOMEM;
    for (size_t s = 0; s < n_keys;) {
        size_t e = s;
        while (e < n_keys && gk[e].method == gk[s].method && gk[e].endpoint == gk[s].endpoint) {
            g[e - s] = gk[e].pos;
            e++;
        }
        mark_polling(run, g, e - s, follows);
        s = e;
    }
    return OB_CORR_OK;
}
