/*
 * test_correlate.c - the correlation core against the hand-checked cases of
 * tests/test_correlation.py. Expected scores are computed here with the
 * reference's formula in the reference's order, and compared with ==: the
 * core must give the same doubles, not merely close ones.
 */
#include "check.h"
#include "correlate.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- building sessions ------------------------------------------------- */

/* Interned strings: the id of a string is its slot in this table. */
static const char *interned[4096];
static int n_interned;

static int32_t id(const char *s) {
    if (!s) return -1;
    for (int i = 0; i < n_interned; i++)
        if (strcmp(interned[i], s) == 0) return i;
    interned[n_interned] = s;
    return n_interned++;
}

#define MAXEV 256
static ob_corr_ui U[MAXEV];
static ob_corr_api_event A[MAXEV];
static ob_corr_nav N[MAXEV];
static int nu, na, nn;
static char url_text[MAXEV][256];

static void reset(void) { nu = na = nn = 0; }

static ob_corr_ui *ui(double t) {
    ob_corr_ui *u = &U[nu];
    *u = (ob_corr_ui){.t = t, .index = (uint32_t)nu, .screen = -1, .thread = -1,
                      .correlation = -1};
    nu++;
    return u;
}

static void ui_input(ob_corr_ui *u, const char *text) {
    u->input = text;
    u->input_len = strlen(text);
}

/* unquote_plus for the tests' URLs: '+' -> ' ' and %XX */
static void unquote_plus(const char *s, char *out) {
    while (*s) {
        if (*s == '+') *out++ = ' ', s++;
        else if (*s == '%' && s[1] && s[2]) {
            char hex[3] = {s[1], s[2], 0};
            *out++ = (char)strtol(hex, NULL, 16);
            s += 3;
        } else *out++ = *s++;
    }
    *out = 0;
}

/* The path of a URL without query (what _endpoint gives for these URLs). */
static const char *endpoint_of(const char *url) {
    static char buf[MAXEV][256];
    static int k;
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    if (!p) p = "/";
    char *out = buf[k++ % MAXEV];
    size_t n = strcspn(p, "?#");
    memcpy(out, p, n);
    out[n] = 0;
    return out;
}

static ob_corr_api_event *api(double t, const char *method, const char *url) {
    ob_corr_api_event *e = &A[na];
    *e = (ob_corr_api_event){.t = t, .index = (uint32_t)na, .correlation = -1,
                             .method = id(method), .url = id(url), .endpoint = -1,
                             .screen = -1, .thread = -1, .body = "", .url_text = ""};
    if (url) {
        e->endpoint = id(endpoint_of(url));
        e->url_lower = url;
        e->url_lower_len = strlen(url);
        unquote_plus(url, url_text[na]);
        e->url_text = url_text[na];
        e->url_text_len = strlen(url_text[na]);
    }
    na++;
    return e;
}

static ob_corr_api_event *get(double t) { return api(t, "GET", "https://shop.example/api/items"); }

static void status(ob_corr_api_event *e, int s) { e->has_status = 1, e->status = s; }
static void duration(ob_corr_api_event *e, double d) { e->has_duration = 1, e->duration = d; }

static ob_corr_nav *nav(double t, const char *from, const char *to) {
    ob_corr_nav *n = &N[nn];
    *n = (ob_corr_nav){.t = t, .index = (uint32_t)nn, .from_screen = id(from),
                       .to_screen = id(to)};
    nn++;
    return n;
}

static ob_corr_result *run_cfg(const ob_corr_config *cfg) {
    ob_corr_result *r = NULL;
    char err[200];
    int rc = ob_correlate(U, (size_t)nu, A, (size_t)na, N, (size_t)nn, cfg, &r, err, sizeof err);
    CHECK_EQ_INT(rc, OB_CORR_OK);
    if (rc) fprintf(stderr, "  %s\n", err);
    return r;
}

static ob_corr_result *run(void) { return run_cfg(NULL); }

/* The call whose event is api[i]; NULL when none (a response). */
static const ob_corr_call *call_of(const ob_corr_result *r, int i) {
    for (size_t k = 0; k < r->n_calls; k++)
        if (r->calls[k].event == (size_t)i) return &r->calls[k];
    return NULL;
}

/* The ui[] index that caused call api[i] (one cause), -1 when none. */
static int cause(const ob_corr_result *r, int i) {
    const ob_corr_call *c = call_of(r, i);
    if (!c || c->n_causes != 1) return -1;
    return (int)r->ui_order[r->causes[c->first_cause].pos];
}

static const ob_corr_link *link_of(const ob_corr_result *r, int i) {
    const ob_corr_call *c = call_of(r, i);
    return c && c->n_causes ? &r->causes[c->first_cause] : NULL;
}

static int reason(const ob_corr_result *r, int i) {
    const ob_corr_call *c = call_of(r, i);
    return c ? (int)c->reason : -1;
}

/* ---- UI -> API --------------------------------------------------------- */

static void test_score_is_weighted_mean(void) {
    reset();
    ob_corr_ui *u = ui(1000);
    u->thread = id("main"), u->screen = id("Cart");
    ob_corr_api_event *a = get(1100);
    a->thread = id("main"), a->screen = id("Cart");
    ob_corr_result *r = run();
    double total = 0.55 * exp(-100.0 / 1000.0);
    total += 0.10;
    total += 0.10;
    const ob_corr_link *l = link_of(r, 0);
    CHECK(l && l->score == total / (0.55 + 0.10 + 0.10));
    CHECK(l && l->methods == (OB_CORR_M_TIME | OB_CORR_M_THREAD | OB_CORR_M_SCREEN));
    ob_corr_result_free(r);

    reset();
    ui(1000);
    get(1300);
    r = run();
    l = link_of(r, 0);
    CHECK(l && l->score == 0.55 * exp(-300.0 / 1000.0) / 0.55 && l->methods == OB_CORR_M_TIME);
    ob_corr_result_free(r);

    reset();
    ui(1000)->screen = id("Cart");
    get(1300)->screen = id("Home");
    r = run();
    l = link_of(r, 0);
    CHECK(l && l->score == 0.55 * exp(-300.0 / 1000.0) / (0.55 + 0.10));
    CHECK(l && l->methods == OB_CORR_M_TIME);
    ob_corr_result_free(r);
}

static void test_time_only_reach_is_ln2(void) {
    reset();
    ui(0.0);
    get(690.0);
    api(700.0, "GET", "/other");
    ob_corr_result *r = run();
    CHECK_EQ_INT(cause(r, 0), 0);
    CHECK_EQ_INT(cause(r, 1), -1);
    CHECK_EQ_INT(reason(r, 1), OB_CORR_REASON_LOW_CONFIDENCE);
    CHECK_EQ_INT(r->n_calls, 2);
    ob_corr_result_free(r);
}

static void test_typed_text(void) {
    const char *url = "https://shop.example/search?q=red+shoes";
    reset();
    ob_corr_ui *typing = ui(0);
    ui_input(typing, "red shoes");
    ui(900);
    api(1000, "GET", url);
    ob_corr_result *r = run();
    CHECK_EQ_INT(cause(r, 0), 1);                    /* the submit tap */
    ob_corr_result_free(r);

    reset();
    ui_input(ui(0), "red shoes");
    api(1000, "GET", url);
    r = run();
    const ob_corr_link *l = link_of(r, 0);
    CHECK_EQ_INT(cause(r, 0), 0);
    CHECK(l && l->score == (0.55 * exp(-1000.0 / 1000.0) + 0.25) / (0.55 + 0.25));
    CHECK(l && l->methods == (OB_CORR_M_TIME | OB_CORR_M_INPUT_VALUE));
    ob_corr_result_free(r);

    /* in the request body */
    reset();
    ui_input(ui(0), "ann@example.com");
    ob_corr_api_event *login = api(1000, "POST", "https://shop.example/auth");
    login->body = "{\"password\":\"x\",\"user\":\"ann@example.com\"}";
    login->body_len = strlen(login->body);
    r = run();
    CHECK_EQ_INT(cause(r, 0), 0);
    ob_corr_result_free(r);

    /* fewer than 3 characters (code points, not bytes): no input signal */
    reset();
    ui_input(ui(0), "ab");
    api(1000, "GET", "/x?q=ab");
    r = run();
    CHECK_EQ_INT(cause(r, 0), -1);
    ob_corr_result_free(r);
    reset();
    ui_input(ui(0), "\xc3\xa9\xc3\xa9");             /* "éé": 4 bytes, 2 characters */
    api(1000, "GET", "/x?q=%C3%A9%C3%A9");
    r = run();
    CHECK_EQ_INT(cause(r, 0), -1);
    ob_corr_result_free(r);
    reset();
    ui_input(ui(0), "\xc3\xa9\xc3\xa9\xc3\xa9");
    api(1000, "GET", "/x?q=%C3%A9%C3%A9%C3%A9");
    r = run();
    CHECK_EQ_INT(cause(r, 0), 0);
    ob_corr_result_free(r);
}

static void test_correlation_id_decisive_and_windowed(void) {
    reset();
    ui(0)->correlation = id("c-1");
    ui(900);
    get(1000)->correlation = id("c-1");
    ob_corr_result *r = run();
    const ob_corr_link *l = link_of(r, 0);
    CHECK_EQ_INT(cause(r, 0), 0);
    CHECK(l && l->score == 1.0 && l->methods == OB_CORR_M_CORRELATION_ID);
    ob_corr_result_free(r);

    /* outside the window the id decides nothing */
    reset();
    ui(0)->correlation = id("c-9");
    get(6000)->correlation = id("c-9");
    r = run();
    CHECK_EQ_INT(cause(r, 0), -1);
    CHECK_EQ_INT(reason(r, 0), OB_CORR_REASON_NO_CANDIDATE);
    ob_corr_result_free(r);

    /* several with the id in the window: the latest */
    reset();
    ui(0)->correlation = id("k");
    ui(100)->correlation = id("k");
    ui(200);
    get(300)->correlation = id("k");
    r = run();
    CHECK_EQ_INT(cause(r, 0), 1);
    ob_corr_result_free(r);
}

static void test_one_cause_unless_many_to_many(void) {
    reset();
    ui(0), ui(100), ui(200);
    get(250);
    ob_corr_result *r = run();
    CHECK_EQ_INT(cause(r, 0), 2);
    CHECK(link_of(r, 0)->score == 0.55 * exp(-50.0 / 1000.0) / 0.55);
    ob_corr_result_free(r);

    ob_corr_config cfg;
    ob_corr_config_default(&cfg);
    cfg.many_to_many = 1;
    r = run_cfg(&cfg);
    const ob_corr_call *c = call_of(r, 0);
    CHECK_EQ_INT(c->n_causes, 3);
    for (size_t k = 0; k < 3 && k < c->n_causes; k++) {
        const ob_corr_link *l = &r->causes[c->first_cause + k];
        CHECK_EQ_INT(r->ui_order[l->pos], k);
        CHECK(l->score == 0.55 * exp(-(250.0 - 100.0 * (double)k) / 1000.0) / 0.55);
    }
    ob_corr_result_free(r);

    /* equal scores: the later event; equal times: the earlier input */
    reset();
    ui(100), ui(100);
    get(200);
    r = run();
    CHECK_EQ_INT(cause(r, 0), 0);
    ob_corr_result_free(r);
    /* the same given in reverse array order: still input index 0 */
    reset();
    ui(100)->index = 1;
    ui(100)->index = 0;
    get(200);
    r = run();
    CHECK_EQ_INT(cause(r, 0), 1);
    ob_corr_result_free(r);
}

static void test_clock_skew(void) {
    reset();
    ui(1040);
    get(1000);
    ob_corr_result *r = run();
    CHECK_EQ_INT(cause(r, 0), 0);
    CHECK(link_of(r, 0)->score == 1.0);
    ob_corr_result_free(r);
    reset();
    ui(1060);
    get(1000);
    r = run();
    CHECK_EQ_INT(reason(r, 0), OB_CORR_REASON_NO_CANDIDATE);
    ob_corr_result_free(r);
}

/* ---- background -------------------------------------------------------- */

static const char *POLL = "https://shop.example/api/poll";

static double poll_time(int i) { return 1000 + i * 10000 + (i % 2 ? 7 : -5); }

static void test_background(void) {
    reset();
    for (int i = 0; i < 6; i++) ui(4000 + i * 10000);
    for (int i = 0; i < 6; i++) api(poll_time(i), "GET", POLL);
    api(34010, "POST", "https://www.google-analytics.com/collect");
    api(24050, "GET", "https://shop.example/api/cart");
    ob_corr_result *r = run();
    for (int i = 0; i < 6; i++) {
        CHECK_EQ_INT(reason(r, i), OB_CORR_REASON_POLLING);
        CHECK_EQ_INT(call_of(r, i)->background, OB_CORR_BG_POLLING);
    }
    CHECK_EQ_INT(reason(r, 6), OB_CORR_REASON_ANALYTICS);
    CHECK_EQ_INT(cause(r, 7), 2);
    ob_corr_result_free(r);

    /* four regular calls are not yet polling */
    reset();
    for (int i = 0; i < 4; i++) ui(4000 + i * 10000);
    for (int i = 0; i < 4; i++) api(poll_time(i), "GET", POLL);
    r = run();
    for (int i = 0; i < 4; i++) CHECK_EQ_INT(reason(r, i), OB_CORR_REASON_NO_CANDIDATE);
    ob_corr_result_free(r);

    /* each 100 ms after a tap: the user's doing */
    reset();
    for (int i = 0; i < 6; i++) ui(poll_time(i) - 100);
    for (int i = 0; i < 6; i++) api(poll_time(i), "GET", POLL);
    r = run();
    for (int i = 0; i < 6; i++) CHECK_EQ_INT(cause(r, i), i);
    ob_corr_result_free(r);

    /* an explicit id wins over the background rule */
    reset();
    ui(0)->correlation = id("k");
    api(100, "POST", "https://www.google-analytics.com/collect")->correlation = id("k");
    r = run();
    CHECK_EQ_INT(cause(r, 0), 0);
    CHECK_EQ_INT(call_of(r, 0)->background, OB_CORR_BG_ANALYTICS);
    ob_corr_result_free(r);
}

static void test_analytics_whole_segments(void) {
    reset();
    ui(0);
    api(100, "POST", "https://shop.example/v1/auth/login");
    api(110, "GET", "https://shop.example/v1/orders/7/tracking");
    api(120, "POST", "https://shop.example/v1/log/batch");
    api(130, "POST", "https://api.segment.io/v1/t");
    api(140, "POST", "https://shop.example/v2/Events/Batch/x");   /* two segments, any case */
    ob_corr_result *r = run();
    CHECK_EQ_INT(cause(r, 0), 0);
    CHECK_EQ_INT(cause(r, 1), 0);
    CHECK_EQ_INT(reason(r, 2), OB_CORR_REASON_ANALYTICS);
    CHECK_EQ_INT(reason(r, 3), OB_CORR_REASON_ANALYTICS);
    CHECK_EQ_INT(reason(r, 4), OB_CORR_REASON_ANALYTICS);
    ob_corr_result_free(r);
}

static void test_polling_among_dense_taps(void) {
    reset();
    for (int i = 0; i < 130; i++) ui(30 + i * 400);
    for (int i = 0; i < 5; i++) api(1000 + i * 10000, "GET", POLL);
    ob_corr_result *r = run();
    for (int i = 0; i < 5; i++) CHECK_EQ_INT(reason(r, i), OB_CORR_REASON_POLLING);
    CHECK_EQ_INT(r->n_causes, 0);
    ob_corr_result_free(r);
}

/* an automated replay taps every 2 s and each tap fetches the same endpoint
 * 10 ms later: as regular as a timer, but every call follows its tap */
static void test_clockwork_script_is_not_polling(void) {
    reset();
    for (int i = 0; i < 20; i++) ui(1000 + i * 2000.0);
    for (int i = 0; i < 20; i++) {
        ob_corr_api_event *a = get(1010 + i * 2000.0);
        status(a, 200), duration(a, 5);
    }
    ob_corr_result *r = run();
    for (int i = 0; i < 20; i++) CHECK_EQ_INT(cause(r, i), i);
    ob_corr_result_free(r);
    /* a reach of 1950 ms covers the whole timeline (1950 + 50 skew of each
     * 2 s): following a tap is then chance, and the run is a timer */
    ob_corr_config cfg;
    ob_corr_config_default(&cfg);
    cfg.poll_follow_ms = 1950.0;
    r = run_cfg(&cfg);
    for (int i = 0; i < 20; i++) CHECK_EQ_INT(reason(r, i), OB_CORR_REASON_POLLING);
    ob_corr_result_free(r);
}

/* ---- requests and responses -------------------------------------------- */

static void test_request_response_fifo(void) {
    reset();
    ui(0)->correlation = id("k");
    api(100, "POST", "/auth")->correlation = id("k");
    api(120, "POST", "/auth")->correlation = id("k");
    ob_corr_api_event *resp1 = api(400, "POST", "/auth");
    resp1->correlation = id("k");
    status(resp1, 200);
    ob_corr_api_event *resp2 = api(500, "POST", "/auth");
    resp2->correlation = id("k");
    status(resp2, 401);
    ob_corr_api_event *lone = api(2000, "GET", "/items");
    status(lone, 200);
    duration(lone, 30);
    ob_corr_result *r = run();
    CHECK_EQ_INT(r->n_calls, 3);
    const ob_corr_call *c1 = call_of(r, 0), *c2 = call_of(r, 1), *c3 = call_of(r, 4);
    CHECK(c1 && c1->response == 2 && c1->status == 200 && c1->duration == 300.0
          && c1->end == 400.0 && c1->has_end);
    CHECK(c2 && c2->response == 3 && c2->status == 401 && c2->duration == 380.0);
    CHECK(c3 && c3->response == OB_CORR_NO_EVENT && c3->end == 2030.0);
    CHECK_EQ_INT(cause(r, 0), 0);
    CHECK_EQ_INT(cause(r, 1), 0);
    CHECK_EQ_INT(reason(r, 4), OB_CORR_REASON_LOW_CONFIDENCE);
    ob_corr_result_free(r);

    /* different keys do not pair; an unanswered request has no end; a
     * response given before its request is a call of its own */
    reset();
    api(100, "GET", "/a");
    status(api(200, "GET", "/b"), 200);
    status(api(50, "GET", "/c"), 204);
    api(60, "GET", "/c");
    r = run();
    CHECK_EQ_INT(r->n_calls, 4);
    CHECK(!call_of(r, 0)->has_end && !call_of(r, 0)->has_status);
    CHECK(call_of(r, 1)->has_status && !call_of(r, 1)->has_end);
    CHECK(call_of(r, 2)->response == OB_CORR_NO_EVENT && call_of(r, 3)->response == OB_CORR_NO_EVENT);
    /* sorted by (start, index) */
    for (size_t k = 1; k < r->n_calls; k++) CHECK(r->calls[k - 1].start <= r->calls[k].start);
    ob_corr_result_free(r);
}

/* ---- navigation -------------------------------------------------------- */

static const ob_corr_link *nav_link(const ob_corr_result *r, int i, size_t k) {
    for (size_t p = 0; p < r->n_nav; p++)
        if (r->nav_order[p] == (size_t)i)
            return k < r->navs[p].n_links ? &r->nav_links[r->navs[p].first_link + k] : NULL;
    return NULL;
}

static void test_navigation_latest_response(void) {
    reset();
    ui(0)->screen = id("Login");
    ob_corr_api_event *auth = api(50, "POST", "https://shop.example/auth");
    status(auth, 200), duration(auth, 300), auth->screen = id("Login");
    ob_corr_api_event *slow = api(60, "GET", "https://shop.example/api/banner");
    status(slow, 200), duration(slow, 1000), slow->screen = id("Login");
    nav(400, "Login", "Home");
    ob_corr_result *r = run();
    const ob_corr_link *l = nav_link(r, 0, 0);
    CHECK(l && r->calls[l->pos].event == 0);
    CHECK(l && l->score == (0.75 * exp(-50.0 / 1000.0) + 0.25) / (0.75 + 0.25));
    CHECK(l && l->methods == (OB_CORR_M_TIME | OB_CORR_M_SCREEN));
    CHECK(nav_link(r, 0, 1) == NULL);
    ob_corr_result_free(r);

    reset();
    ui(0)->screen = id("Login");
    auth = api(50, "POST", "/auth");
    status(auth, 401), duration(auth, 10);
    nav(3100, "Login", "Home");
    r = run();
    CHECK(nav_link(r, 0, 0) == NULL);
    ob_corr_result_free(r);
}

static void test_background_responses_do_not_cause_navigation(void) {
    reset();
    ob_corr_api_event *cart = get(0);
    status(cart, 200), duration(cart, 100);
    ob_corr_api_event *ga = api(150, "POST", "https://www.google-analytics.com/collect");
    status(ga, 204), duration(ga, 10);
    nav(200, NULL, "Cart");
    ob_corr_result *r = run();
    const ob_corr_link *l = nav_link(r, 0, 0);
    CHECK(l && r->calls[l->pos].event == 0 && l->score == 0.75 * exp(-100.0 / 1000.0) / 0.75);
    ob_corr_result_free(r);
}

static void test_user_action_between(void) {
    reset();
    ob_corr_api_event *cart = get(0);
    status(cart, 200), duration(cart, 300);
    ui(350);
    nav(360, "Cart", "Profile");
    ob_corr_result *r = run();
    CHECK(nav_link(r, 0, 0) == NULL);
    ob_corr_result_free(r);
    /* many_to_many skips the rule and lists every candidate */
    get(100);
    status(&A[1], 200), duration(&A[1], 150);
    ob_corr_config cfg;
    ob_corr_config_default(&cfg);
    cfg.many_to_many = 1;
    r = run_cfg(&cfg);
    const ob_corr_link *a = nav_link(r, 0, 0), *b = nav_link(r, 0, 1);
    CHECK(a && b && r->calls[a->pos].event == 1 && r->calls[b->pos].event == 0);
    CHECK(a && a->score == 0.75 * exp(-110.0 / 1000.0) / 0.75);
    ob_corr_result_free(r);
    nu = 0;                                   /* no tap: the response is the cause */
    r = run();
    const ob_corr_link *l = nav_link(r, 0, 0);
    CHECK(l && r->calls[l->pos].event == 0);  /* ends at 300, the later of the two */
    ob_corr_result_free(r);
}

/* ---- urlsplit, input errors -------------------------------------------- */

static void check_split(const char *url, int rc, const char *netloc, const char *path) {
    char buf[256];
    size_t no = 0, nl = 0, po = 0, pl = 0;
    int got = ob_corr_urlsplit(url, strlen(url), buf, &no, &nl, &po, &pl);
    CHECK_EQ_INT(got, rc);
    if (got || rc) return;
    buf[no + nl] = 0;
    CHECK_EQ_STR(buf + no, netloc);
    ob_corr_urlsplit(url, strlen(url), buf, &no, &nl, &po, &pl);
    buf[po + pl] = 0;
    CHECK_EQ_STR(buf + po, path);
}

/* expected values from Python 3.11's urllib.parse.urlsplit */
static void test_urlsplit(void) {
    check_split("https://www.google-analytics.com/collect", 0, "www.google-analytics.com",
                "/collect");
    check_split("/api/x?q=1", 0, "", "/api/x");
    check_split("localhost:8080/log/x", 0, "", "8080/log/x");
    check_split("//host:80/a/b#f?x", 0, "host:80", "/a/b");
    check_split(" \t https://a.b/c", 0, "a.b", "/c");
    check_split("http://[::1]:80/log", 0, "[::1]:80", "/log");
    check_split("http://[1.2.3.4]/x", -1, "", "");
    check_split("http://[v1.x]/y", 0, "[v1.x]", "/y");
    check_split("mailto:x@y", 0, "", "x@y");
    check_split("1http://a/b", 0, "", "1http://a/b");
    check_split("http://a?b/c", 0, "a", "");
    check_split("http://[::ffff:1.2.3.4]/z", 0, "[::ffff:1.2.3.4]", "/z");
    check_split("http://[1::2::3]/z", -1, "", "");
    check_split("http://a]/z", -1, "", "");
    check_split("ht\ntp://a/\tb", 0, "a", "/b");
}

static void test_bad_input_and_errors(void) {
    ob_corr_result *r = NULL;
    char err[200];
    CHECK_EQ_INT(ob_correlate(NULL, 0, NULL, 0, NULL, 0, NULL, &r, err, sizeof err), OB_CORR_OK);
    CHECK(r && r->n_calls == 0 && r->n_ui == 0 && r->n_causes == 0 && r->n_nav_links == 0);
    ob_corr_result_free(r);
    CHECK_EQ_INT(ob_correlate(NULL, 3, NULL, 0, NULL, 0, NULL, &r, err, sizeof err),
                 OB_CORR_EINVAL);
    CHECK(r == NULL);
    reset();
    ui(NAN);
    CHECK_EQ_INT(ob_correlate(U, 1, A, 0, N, 0, NULL, &r, err, sizeof err), OB_CORR_EINVAL);
    reset();
    nav(-1, NULL, NULL);
    CHECK_EQ_INT(ob_correlate(U, 0, A, 0, N, 1, NULL, &r, err, sizeof err), OB_CORR_EINVAL);
    /* a zero decay raises ZeroDivisionError in the reference once a pair is scored */
    ob_corr_config cfg;
    ob_corr_config_default(&cfg);
    cfg.time_decay_ms = 0;
    reset();
    ui(0);
    get(100);
    CHECK_EQ_INT(ob_correlate(U, 1, A, 1, N, 0, &cfg, &r, err, sizeof err), OB_CORR_EDOM);
    CHECK(strstr(err, "division") != NULL);
    CHECK_EQ_INT(ob_correlate(U, 0, A, 1, N, 0, &cfg, &r, err, sizeof err), OB_CORR_OK);
    ob_corr_result_free(r);
    /* equal timestamps everywhere, NULL texts, no patterns */
    reset();
    for (int i = 0; i < 50; i++) ui(10), get(10), nav(10, "a", "b");
    for (int i = 0; i < 50; i++) duration(&A[i], 0);
    cfg.time_decay_ms = 1000;
    cfg.background_url_patterns = NULL;
    cfg.n_background_url_patterns = 0;
    r = run_cfg(&cfg);
    CHECK(r && r->n_calls == 50 && r->n_causes == 50);
    for (size_t k = 0; r && k < r->n_calls; k++) CHECK_EQ_INT(cause(r, (int)k), 0);
    ob_corr_result_free(r);
}

/* ---- randomized: the order of the input does not matter ---------------- */

static uint64_t rng_state = 88172645463325252ULL;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static double urand(double lo, double hi) { return lo + (hi - lo) * (double)(rnd() >> 11) / 9007199254740992.0; }

typedef struct session {
    ob_corr_ui *ui;
    ob_corr_api_event *api;
    ob_corr_nav *nav;
    size_t n_ui, n_api, n_nav;
} session;

static const char *const URLS[] = {
    "https://shop.example/api/items", "https://shop.example/api/cart",
    "https://shop.example/search?q=red+shoes", "https://shop.example/api/poll",
    "https://www.google-analytics.com/collect", "https://shop.example/v1/log/batch",
    "/auth", "/api/profile"};

/* A realistic random session: taps 0.3-3 s apart, 1-2 calls after each
 * (some as request + response), polling, beacons, navigations after
 * responses and after taps. Ids are interned as slots of the tables. */
static session make_session(size_t n_ui, size_t n_api, size_t n_nav) {
    session s = {calloc(n_ui, sizeof(ob_corr_ui)), calloc(n_api, sizeof(ob_corr_api_event)),
                 calloc(n_nav, sizeof(ob_corr_nav)), n_ui, n_api, n_nav};
    double t = 1.7e12;
    for (size_t i = 0; i < n_ui; i++) {
        t += (rnd() % 8 == 0) ? 0.0 : urand(300, 3000);   /* some equal times */
        s.ui[i] = (ob_corr_ui){.t = t, .index = (uint32_t)i, .screen = (int32_t)(rnd() % 5),
                               .thread = (int32_t)(rnd() % 3) - 1, .correlation = -1};
        if (rnd() % 4 == 0) s.ui[i].correlation = (int32_t)(100 + rnd() % 50);
        if (rnd() % 6 == 0) s.ui[i].input = "red shoes", s.ui[i].input_len = 9;
    }
    double t_end = t;
    size_t timer = 0;
    for (size_t i = 0; i < n_api; i++) {
        ob_corr_api_event *e = &s.api[i];
        size_t u = (size_t)(rnd() % (n_ui ? n_ui : 1));
        int kind = (int)(rnd() % 10), url = (int)(rnd() % 8);
        double at = n_ui && kind < 7 ? s.ui[u].t + urand(-60, 1500) : urand(1.7e12, t_end);
        if (at < 0) at = 0;
        *e = (ob_corr_api_event){.t = at, .index = (uint32_t)i, .correlation = -1,
                                 .method = (int32_t)(rnd() % 2), .url = 200 + url,
                                 .endpoint = 300 + url, .screen = (int32_t)(rnd() % 6) - 1,
                                 .thread = (int32_t)(rnd() % 3) - 1,
                                 .url_lower = URLS[url], .url_lower_len = strlen(URLS[url]),
                                 .url_text = URLS[url], .url_text_len = strlen(URLS[url]),
                                 .body = "", .body_len = 0};
        if (n_ui && kind < 7 && s.ui[u].correlation >= 0 && rnd() % 2)
            e->correlation = s.ui[u].correlation;
        if (kind == 7) {                           /* a regular timer */
            e->t = 1.7e12 + (double)timer++ * 10000.0 + urand(-5, 5);
            e->url = 203, e->endpoint = 303, e->method = 0;
            e->url_lower = e->url_text = URLS[3];
            e->url_lower_len = e->url_text_len = strlen(URLS[3]);
        }
        if (rnd() % 3) status(e, rnd() % 5 ? 200 : 500);
        if (rnd() % 3) duration(e, urand(20, 1200));
        if (i + 1 < n_api && rnd() % 5 == 0) {     /* a request and its response */
            e->has_status = e->has_duration = 0;
            ob_corr_api_event *resp = &s.api[++i];
            *resp = *e;
            resp->index = (uint32_t)i;
            resp->t = e->t + urand(10, 900);
            status(resp, 201);
        }
    }
    for (size_t i = 0; i < n_nav; i++) {
        size_t a = (size_t)(rnd() % (n_api ? n_api : 1));
        double at = n_api ? s.api[a].t + urand(0, 2500) : urand(1.7e12, t_end);
        s.nav[i] = (ob_corr_nav){.t = at, .index = (uint32_t)i,
                                 .from_screen = (int32_t)(rnd() % 6) - 1,
                                 .to_screen = (int32_t)(rnd() % 5)};
    }
    return s;
}

static void free_session(session *s) {
    free(s->ui);
    free(s->api);
    free(s->nav);
}

/* Shuffles an array of n items of size item (Fisher-Yates). */
static void shuffle(void *base, size_t n, size_t item) {
    unsigned char tmp[sizeof(ob_corr_api_event)], *b = base;
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(rnd() % i);
        memcpy(tmp, b + (i - 1) * item, item);
        memcpy(b + (i - 1) * item, b + j * item, item);
        memcpy(b + j * item, tmp, item);
    }
}

/* The result in input-index terms, so that runs on shuffled copies compare. */
static int same_result(const session *s1, const ob_corr_result *r1, const session *s2,
                       const ob_corr_result *r2) {
    if (r1->n_calls != r2->n_calls || r1->n_causes != r2->n_causes
        || r1->n_nav_links != r2->n_nav_links)
        return 0;
    for (size_t k = 0; k < r1->n_calls; k++) {
        const ob_corr_call *a = &r1->calls[k], *b = &r2->calls[k];
        if (a->index != b->index || a->start != b->start || a->has_end != b->has_end
            || (a->has_end && a->end != b->end) || a->background != b->background
            || a->reason != b->reason || a->n_causes != b->n_causes
            || a->first_cause != b->first_cause || a->status != b->status)
            return 0;
        if ((a->response == OB_CORR_NO_EVENT) != (b->response == OB_CORR_NO_EVENT)) return 0;
        if (a->response != OB_CORR_NO_EVENT
            && s1->api[a->response].index != s2->api[b->response].index)
            return 0;
    }
    for (size_t k = 0; k < r1->n_causes; k++) {
        const ob_corr_link *a = &r1->causes[k], *b = &r2->causes[k];
        if (a->pos != b->pos || a->score != b->score || a->methods != b->methods) return 0;
        if (s1->ui[r1->ui_order[a->pos]].index != s2->ui[r2->ui_order[b->pos]].index) return 0;
    }
    for (size_t p = 0; p < r1->n_nav; p++)
        if (r1->navs[p].n_links != r2->navs[p].n_links
            || s1->nav[r1->nav_order[p]].index != s2->nav[r2->nav_order[p]].index)
            return 0;
    for (size_t k = 0; k < r1->n_nav_links; k++)
        if (r1->nav_links[k].pos != r2->nav_links[k].pos
            || r1->nav_links[k].score != r2->nav_links[k].score)
            return 0;
    return 1;
}

static ob_corr_result *run_session(const session *s, const ob_corr_config *cfg) {
    ob_corr_result *r = NULL;
    char err[200];
    int rc = ob_correlate(s->ui, s->n_ui, s->api, s->n_api, s->nav, s->n_nav, cfg, &r, err,
                          sizeof err);
    CHECK_EQ_INT(rc, OB_CORR_OK);
    return r;
}

static void test_input_order_does_not_matter(void) {
    ob_corr_config cfg;
    ob_corr_config_default(&cfg);
    for (int mode = 0; mode < 2; mode++) {
        cfg.many_to_many = mode;
        session s = make_session(4000, 5000, 1000);
        ob_corr_result *expected = run_session(&s, &cfg);
        CHECK(expected && expected->n_causes > 1000 && expected->n_nav_links > 100);
        size_t bg = 0;
        for (size_t k = 0; expected && k < expected->n_calls; k++)
            bg += expected->calls[k].background == OB_CORR_BG_POLLING;
        CHECK(bg > 0);
        for (int round = 0; round < 2 && expected; round++) {
            session c = {malloc(s.n_ui * sizeof *s.ui), malloc(s.n_api * sizeof *s.api),
                         malloc(s.n_nav * sizeof *s.nav), s.n_ui, s.n_api, s.n_nav};
            memcpy(c.ui, s.ui, s.n_ui * sizeof *s.ui);
            memcpy(c.api, s.api, s.n_api * sizeof *s.api);
            memcpy(c.nav, s.nav, s.n_nav * sizeof *s.nav);
            shuffle(c.ui, c.n_ui, sizeof *c.ui);
            shuffle(c.api, c.n_api, sizeof *c.api);
            shuffle(c.nav, c.n_nav, sizeof *c.nav);
            ob_corr_result *got = run_session(&c, &cfg);
            CHECK(got && same_result(&s, expected, &c, got));
            ob_corr_result_free(got);
            free_session(&c);
        }
        ob_corr_result_free(expected);
        free_session(&s);
    }
}

static void test_timing(void) {
    session s = make_session(10000, 10000, 1000);
    ob_corr_result *r = NULL;
    double best = 1e9;
    for (int i = 0; i < 5; i++) {
        struct timespec a, b;
        clock_gettime(CLOCK_MONOTONIC, &a);
        r = run_session(&s, NULL);
        clock_gettime(CLOCK_MONOTONIC, &b);
        double ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
        if (ms < best) best = ms;
        if (i < 4) ob_corr_result_free(r);
    }
    printf("correlate: 10000 UI + 10000 API + 1000 nav events: %.2f ms (best of 5); "
           "%zu calls, %zu attributed pairs, %zu navigation links\n",
           best, r ? r->n_calls : 0, r ? r->n_causes : 0, r ? r->n_nav_links : 0);
    ob_corr_result_free(r);
    free_session(&s);
}

int main(void) {
    test_score_is_weighted_mean();
    test_time_only_reach_is_ln2();
    test_typed_text();
    test_correlation_id_decisive_and_windowed();
    test_one_cause_unless_many_to_many();
    test_clock_skew();
    test_background();
    test_analytics_whole_segments();
    test_polling_among_dense_taps();
    test_clockwork_script_is_not_polling();
    test_request_response_fifo();
    test_navigation_latest_response();
    test_background_responses_do_not_cause_navigation();
    test_user_action_between();
    test_urlsplit();
    test_bad_input_and_errors();
    test_input_order_does_not_matter();
    test_timing();
    return CHECK_DONE();
}
