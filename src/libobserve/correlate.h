/*
 * correlate.h - event correlation: which UI event caused each API call, and
 * which response led to each navigation (docs/correlation.md).
 *
 * Internal to libobserve for now (include/observe.h will expose it). The
 * pure-Python reference, observe_core/_python/correlate.py, is the
 * specification: for the same normalised records this code gives the same
 * calls, attributions, reasons and bit-identical scores (same formulas in the
 * same floating-point order, exp() from libm like math.exp). Build it with
 * floating-point contraction off (-std=c11 does that for GCC; never -ffast-math).
 *
 * The caller (the CPython binding) normalises the events first, as
 * _read_stream does: ids, timestamps and duplicates are its job, so every
 * record given here is kept. Strings that are compared for equality across
 * events (screen, thread, correlation id, method, URL, endpoint) are given as
 * ids from ONE interning table shared by all three streams: equal strings,
 * equal ids; -1 = absent (None). The empty string is a present value with an
 * id of its own, except for correlation ids, where "" must be given as -1
 * (the reference treats an empty correlation id as none).
 *
 * Text that is searched (typed text, URL, body) is UTF-8 with a length (it
 * may hold NUL bytes).
 */
#ifndef OB_CORRELATE_H
#define OB_CORRELATE_H

#include <stddef.h>
#include <stdint.h>

/* A UI event (the fields _make_ui gives that the algorithm reads). */
typedef struct ob_corr_ui {
    double t;               /* ms since the epoch: finite, >= 0 */
    uint32_t index;         /* input index in the UI stream (tie-breaks) */
    int32_t screen, thread, correlation;   /* interned ids, -1 = absent */
    const char *input;      /* typed text, NULL = absent */
    size_t input_len;       /* bytes */
} ob_corr_ui;

/* A raw API event (one _ApiEvent of _read_stream): requests and responses
 * are paired into calls here. */
typedef struct ob_corr_api_event {
    double t;               /* finite, >= 0 */
    uint32_t index;         /* input index in the API stream */
    int32_t correlation;    /* _call_correlation(): field, header or traceparent */
    int32_t method;         /* _text(method) */
    int32_t url;            /* _text(url): the pairing key; events with one
                               url id must have the same url_lower */
    int32_t endpoint;       /* _text(endpoint) or _endpoint(url) */
    int32_t screen, thread;
    int has_status;         /* _status(statusCode) is not None */
    int64_t status;
    int has_duration;       /* a duration field given; taken only when finite
                               and >= 0, as _number() does */
    double duration;
    /* The URL for the background patterns, lower-cased by the binding with
     * str.lower() (this code folds ASCII A-Z again, so a raw ASCII URL works
     * too); NULL or "" = no URL. */
    const char *url_lower;
    size_t url_lower_len;
    const char *url_text;   /* unquote_plus(url), "" without a URL */
    size_t url_text_len;
    const char *body;       /* _body(requestBody) or "" */
    size_t body_len;
} ob_corr_api_event;

typedef struct ob_corr_nav {
    double t;               /* finite, >= 0 */
    uint32_t index;
    int32_t from_screen, to_screen;   /* interned ids (same table as screens) */
} ob_corr_nav;

/* Every field of CorrelationConfig; ob_corr_config_default() gives its
 * defaults. Patterns are NUL-terminated and, for non-ASCII text, lower-cased
 * by the caller (ASCII is folded here). */
typedef struct ob_corr_config {
    double window_ms, clock_skew_ms, time_decay_ms;
    int64_t min_input_length;           /* in code points, like len(str) */
    double w_time, w_input, w_thread, w_screen;
    double min_confidence, strong_confidence;
    double nav_window_ms, nav_decay_ms, nav_clock_skew_ms;
    double w_nav_time, w_nav_screen;
    int64_t poll_min_repeats;
    double poll_jitter, poll_min_period_ms;
    double poll_follow_ms;              /* a tap's reach in the polling test */
    double poll_max_ui_share, poll_ui_margin;
    const char *const *background_url_patterns;
    size_t n_background_url_patterns;
    int many_to_many;
} ob_corr_config;

/* Fills cfg with the reference's defaults (patterns: a static table). */
void ob_corr_config_default(ob_corr_config *cfg);

/* Signals of a pair, in the order the reference lists them. A correlation
 * id pair has OB_CORR_M_CORRELATION_ID alone. */
enum {
    OB_CORR_M_TIME = 1,
    OB_CORR_M_INPUT_VALUE = 2,
    OB_CORR_M_THREAD = 4,
    OB_CORR_M_SCREEN = 8,
    OB_CORR_M_CORRELATION_ID = 16
};

typedef enum ob_corr_background {
    OB_CORR_BG_NONE = 0, OB_CORR_BG_ANALYTICS, OB_CORR_BG_POLLING
} ob_corr_background;

/* Why a call has no cause; NONE for an attributed call. */
typedef enum ob_corr_reason {
    OB_CORR_REASON_NONE = 0, OB_CORR_REASON_NO_CANDIDATE, OB_CORR_REASON_LOW_CONFIDENCE,
    OB_CORR_REASON_ANALYTICS, OB_CORR_REASON_POLLING
} ob_corr_reason;

#define OB_CORR_NO_EVENT ((size_t)-1)

/* One attribution: a UI event (causes of a call) or a call (causes of a
 * navigation) with its score and signals. */
typedef struct ob_corr_link {
    size_t pos;         /* causes: position in result->ui_order (sorted UI);
                           nav_links: position in result->calls */
    double score;
    unsigned methods;   /* OB_CORR_M_* */
} ob_corr_link;

/* One API call (a request with its response, or a single event). */
typedef struct ob_corr_call {
    size_t event;       /* position in the api array of the event giving the
                           call its id, index, fields (the request) */
    size_t response;    /* position of the paired response, or OB_CORR_NO_EVENT */
    uint32_t index;     /* api[event].index */
    double start;
    int has_end;        /* 0: no end (cannot lead to a navigation) */
    double end;
    int has_status;
    int64_t status;
    int has_duration;   /* recorded duration, or end - start of a pair */
    double duration;
    ob_corr_background background;
    ob_corr_reason reason;
    size_t first_cause, n_causes;   /* slice of result->causes, in UI order */
} ob_corr_call;

typedef struct ob_corr_nav_result {
    size_t first_link, n_links;     /* slice of result->nav_links, in end order */
} ob_corr_nav_result;

/* Everything the correlation found. Every array is owned by the result's
 * arena; free the whole with ob_corr_result_free. */
typedef struct ob_corr_result {
    size_t *ui_order;   /* sorted by (t, index): position -> index into ui[] */
    size_t n_ui;
    size_t *nav_order;  /* sorted by (t, index): position -> index into nav[] */
    size_t n_nav;       /* also the length of navs */
    ob_corr_call *calls;   /* sorted by (start, index) */
    size_t n_calls;
    ob_corr_link *causes;  /* grouped by call */
    size_t n_causes;
    ob_corr_nav_result *navs;   /* navs[p]: the responses that led to
                                   navigation nav[nav_order[p]] */
    ob_corr_link *nav_links;
    size_t n_nav_links;
    struct ob_arena *arena;     /* private */
} ob_corr_result;

/* Return codes. */
enum {
    OB_CORR_OK = 0,
    OB_CORR_ENOMEM = -1,   /* out of memory (or counts too large to allocate) */
    OB_CORR_EINVAL = -2,   /* bad argument: NULL array with n > 0, time not
                              finite or negative, NULL config */
    OB_CORR_EDOM = -3      /* where the reference raises ZeroDivisionError or
                              OverflowError (a config with a zero decay or
                              zero weights, math.exp overflow) */
};

/*
 * Correlates the three streams (any order; each is sorted by (t, index)).
 * cfg NULL means the defaults. On success returns OB_CORR_OK and *out owns
 * the result (free with ob_corr_result_free); on failure returns an error
 * code, *out is NULL and err (when not NULL) holds a message. The inputs are
 * only read, and need not outlive the call.
 */
int ob_correlate(const ob_corr_ui *ui, size_t n_ui,
                 const ob_corr_api_event *api, size_t n_api,
                 const ob_corr_nav *nav, size_t n_nav,
                 const ob_corr_config *cfg, ob_corr_result **out,
                 char *err, size_t err_len);

void ob_corr_result_free(ob_corr_result *result);

/*
 * The parts of Python's urllib.parse.urlsplit (3.11) that _is_analytics
 * reads, for an already lower-cased URL: netloc and path as (offset, length)
 * into buf, which receives the URL after urlsplit's clean-up (leading C0
 * controls and spaces stripped, tab/CR/LF removed; needs len bytes). Returns
 * 0, or -1 where urlsplit raises ValueError: unbalanced brackets in the
 * netloc, or a bracketed host that is neither IPvFuture (v<hex>.<any>) nor
 * an IPv6 address ipaddress accepts (scope ids included; IPv4 rejected).
 * Mirrored for any URL (http(s), relative, scheme-less, "host:port/...").
 * Limits: the NFKC check of _checknetloc for a netloc with non-ASCII
 * characters (a ValueError when normalisation produces one of "/?#@:") is
 * not done, so for such a URL Python finds no analytics while this looks
 * at the host; and Unicode lower-casing is the caller's (see
 * ob_corr_api_event.url_lower). Exposed for tests.
 */
int ob_corr_urlsplit(const char *url, size_t len, char *buf,
                     size_t *netloc_off, size_t *netloc_len,
                     size_t *path_off, size_t *path_len);

#endif
