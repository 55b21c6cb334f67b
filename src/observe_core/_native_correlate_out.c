/*
 * _native_correlate_out.c - the correlator's result dict from the core's
 * calls and links: the second half of _python/correlate.py's _correlate(),
 * key for key and in the same order.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_native_correlate.h"

#define KEYS(X)                                                                            \
    X(session_id) X(ui_to_api) X(api_to_navigation) X(full_flows) X(unattributed_api_calls) \
    X(total_ui_events) X(total_api_events) X(total_navigation_events)                      \
    X(correlated_ui_events) X(correlated_api_events) X(correlation_rate) X(statistics)     \
    X(diagnostics) X(unattributed_by_reason) X(pairs_by_strength) X(pairs_by_method)       \
    X(average_confidence) X(navigations_attributed) X(background_calls)                    \
    X(eventId) X(method) X(endpoint) X(statusCode) X(timestamp) X(duration) X(delayMs)     \
    X(correlationMethods) X(confidence) X(strength) X(ui_event) X(api_calls) X(action)     \
    X(elementId) X(elementText) X(screen) X(api_event) X(navigation) X(fromScreen)         \
    X(toScreen) X(navType) X(flow_id) X(flow_name) X(description) X(ui_event_id)           \
    X(api_event_ids) X(navigation_event_ids) X(reason)                                     \
    X(strong) X(medium) X(weak) X(time) X(input_value) X(thread) X(correlation_id)         \
    X(pending) X(success)

enum {
#define ENUM(k) K_##k,
    KEYS(ENUM)
#undef ENUM
    K_COUNT
};
static PyObject *k[K_COUNT];
/* reasons by ob_corr_reason (NONE unused), and the text pieces of flows */
static PyObject *s_reason[5], *s_screen_word, *s_action_word, *s_call_word, *s_unknown,
    *s_comma, *s_empty;
/* the pieces of a flow's texts */
enum { P_USER, P_ON, P_TRIGGERS, P_NAVIGATE, P_OPEN, P_CLOSE, P_SPACE, P_COUNT };
static PyObject *piece[P_COUNT];

/* Empty dicts with the keys of each shape, copied (PyDict_Copy) and filled:
 * no resize while the values are set. */
enum { T_BRIEF, T_UNATTRIBUTED, T_API_CALL, T_UI_EVENT, T_UI_ENTRY, T_NAV, T_NAV_ENTRY, T_FLOW,
       T_COUNT };
static PyObject *templates[T_COUNT];

static PyObject *make_template(const int *keys) {
    PyObject *d = PyDict_New();
    for (; d && *keys >= 0; keys++)
        if (PyDict_SetItem(d, k[*keys], Py_None) < 0) Py_CLEAR(d);
    return d;
}

static int make_templates(void) {
    static const int shapes[T_COUNT][11] = {
        [T_BRIEF] = {K_eventId, K_method, K_endpoint, K_statusCode, K_timestamp, -1},
        [T_UNATTRIBUTED] = {K_eventId, K_method, K_endpoint, K_statusCode, K_timestamp, K_reason,
                            -1},
        [T_API_CALL] = {K_eventId, K_method, K_endpoint, K_statusCode, K_timestamp, K_duration,
                        K_delayMs, K_correlationMethods, K_confidence, K_strength, -1},
        [T_UI_EVENT] = {K_eventId, K_action, K_elementId, K_elementText, K_screen, K_timestamp,
                        -1},
        [T_UI_ENTRY] = {K_ui_event, K_api_calls, K_confidence, K_strength, -1},
        [T_NAV] = {K_eventId, K_fromScreen, K_toScreen, K_navType, K_timestamp, -1},
        [T_NAV_ENTRY] = {K_api_event, K_navigation, K_delayMs, K_correlationMethods,
                         K_confidence, K_strength, -1},
        [T_FLOW] = {K_flow_id, K_flow_name, K_description, K_ui_event_id, K_api_event_ids,
                    K_navigation_event_ids, K_confidence, K_strength, -1},
    };
    for (int t = 0; t < T_COUNT; t++)
        if (!(templates[t] = make_template(shapes[t]))) return -1;
    return 0;
}

static PyObject *new_dict(int shape) { return PyDict_Copy(templates[shape]); }

int corr_result_init(void) {
    if (templates[0]) return 0;
    static const char *names[K_COUNT] = {
#define NAME(x) #x,
        KEYS(NAME)
#undef NAME
    };
    static const char *reasons[5] = {"", "no-candidate", "low-confidence", "analytics",
                                     "polling"};
    for (int i = 0; i < 5; i++)
        if (!(s_reason[i] = PyUnicode_InternFromString(reasons[i]))) return -1;
    if (!(s_screen_word = PyUnicode_InternFromString("screen"))
        || !(s_action_word = PyUnicode_InternFromString("action"))
        || !(s_call_word = PyUnicode_InternFromString("CALL"))
        || !(s_unknown = PyUnicode_InternFromString("?"))
        || !(s_comma = PyUnicode_InternFromString(", "))
        || !(s_empty = PyUnicode_InternFromString("")))
        return -1;
    static const char *pieces[P_COUNT] = {"User ", " on ", " -> triggers ",
                                          " -> which causes navigate to ", " (", ")", " "};
    for (int i = 0; i < P_COUNT; i++)
        if (!(piece[i] = PyUnicode_InternFromString(pieces[i]))) return -1;
    for (int i = 0; i < K_COUNT; i++)
        if (!k[i] && !(k[i] = PyUnicode_InternFromString(names[i]))) return -1;
    return make_templates();
}

/* ---- small builders ------------------------------------------------------------ */

/* d[key] = value, stealing value (NULL value: an error already set). */
static int put(PyObject *d, int key, PyObject *value) {
    if (!value) return -1;
    int rc = PyDict_SetItem(d, k[key], value);
    Py_DECREF(value);
    return rc;
}

/* d[key] = value or None, borrowing. */
static int put_obj(PyObject *d, int key, PyObject *value) {
    return PyDict_SetItem(d, k[key], value ? value : Py_None);
}

/* The concatenation of n strings (borrowed). */
static PyObject *concat(Py_ssize_t n, PyObject *const *parts) {
    PyObject *t = PyTuple_New(n);
    if (!t) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) PyTuple_SET_ITEM(t, i, Py_NewRef(parts[i]));
    PyObject *r = PyUnicode_Join(s_empty, t);
    Py_DECREF(t);
    return r;
}

static PyObject *strength_of(double score, const ob_corr_config *cfg) {
    int key = score >= cfg->strong_confidence ? K_strong
            : score >= cfg->min_confidence ? K_medium : K_weak;
    return Py_NewRef(k[key]);
}

/* The signal names of a link, in the reference's order. */
static PyObject *methods_list(unsigned m) {
    static const struct { unsigned bit; int key; } order[] = {
        {OB_CORR_M_CORRELATION_ID, K_correlation_id}, {OB_CORR_M_TIME, K_time},
        {OB_CORR_M_INPUT_VALUE, K_input_value}, {OB_CORR_M_THREAD, K_thread},
        {OB_CORR_M_SCREEN, K_screen},
    };
    Py_ssize_t n = 0;
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) n += (m & order[i].bit) != 0;
    PyObject *list = PyList_New(n);
    for (size_t i = 0, j = 0; list && i < sizeof order / sizeof *order; i++)
        if (m & order[i].bit) PyList_SET_ITEM(list, (Py_ssize_t)j++, Py_NewRef(k[order[i].key]));
    return list;
}

/* The result's state: the input, the core's result, and indexes over them. */
typedef struct out {
    const corr_input *in;
    const ob_corr_result *res;
    const ob_corr_config *cfg;
    size_t *ui_first, *ui_items;     /* by UI position: (call, cause) items, call order */
    size_t *call_first, *call_navs;  /* by call: nav_links indexes, navigation order */
    size_t *link_nav;                /* nav_links index -> navigation position */
    size_t *cause_call;              /* causes index -> call */
} out;

static PyObject *call_status(const out *o, const ob_corr_call *c) {
    size_t at = c->response != OB_CORR_NO_EVENT ? c->response : c->event;
    return o->in->api_out[at].status;
}

/* _call_brief(c). */
static PyObject *call_brief(const out *o, const ob_corr_call *c, int shape) {
    const corr_api_out *a = &o->in->api_out[c->event];
    PyObject *d = new_dict(shape);
    if (d && (put_obj(d, K_eventId, a->id) || put_obj(d, K_method, a->method)
              || put_obj(d, K_endpoint, a->endpoint) || put_obj(d, K_statusCode, call_status(o, c))
              || put(d, K_timestamp, PyFloat_FromDouble(c->start))))
        Py_CLEAR(d);
    return d;
}

/* _outcome(c). */
static PyObject *outcome(const out *o, const ob_corr_call *c) {
    PyObject *status = call_status(o, c);
    if (!status) return Py_NewRef(k[K_pending]);
    static PyObject *limit;
    if (!limit && !(limit = PyLong_FromLong(400))) return NULL;
    int below = PyObject_RichCompareBool(status, limit, Py_LT);
    if (below < 0) return NULL;
    return below ? Py_NewRef(k[K_success]) : PyUnicode_FromFormat("error %S", status);
}

/* ---- indexes ------------------------------------------------------------------ */

/* Counting sort of n items by key[] < buckets into first[buckets + 1], items[n]
 * (stable: items keep their order within a bucket). */
static int group(size_t buckets, size_t n, const size_t *key, size_t **first, size_t **items) {
    *first = PyMem_Calloc(buckets + 1, sizeof **first);
    *items = PyMem_Calloc(n ? n : 1, sizeof **items);
    if (!*first || !*items) return -1;
    for (size_t i = 0; i < n; i++) (*first)[key[i] + 1]++;
    for (size_t b = 0; b < buckets; b++) (*first)[b + 1] += (*first)[b];
    size_t *fill = PyMem_Calloc(buckets ? buckets : 1, sizeof *fill);
    if (!fill) return -1;
    for (size_t i = 0; i < n; i++) (*items)[(*first)[key[i]] + fill[key[i]]++] = i;
    PyMem_Free(fill);
    return 0;
}

static int build_indexes(out *o) {
    const ob_corr_result *r = o->res;
    /* causes are grouped by call in call order, so cause index order is call order */
    size_t *ui_key = PyMem_Calloc(r->n_causes ? r->n_causes : 1, sizeof *ui_key);
    size_t *call_key = PyMem_Calloc(r->n_nav_links ? r->n_nav_links : 1, sizeof *call_key);
    o->link_nav = PyMem_Calloc(r->n_nav_links ? r->n_nav_links : 1, sizeof *o->link_nav);
    o->cause_call = PyMem_Calloc(r->n_causes ? r->n_causes : 1, sizeof *o->cause_call);
    int rc = -1;
    if (!ui_key || !call_key || !o->link_nav || !o->cause_call) goto done;
    for (size_t i = 0; i < r->n_causes; i++) ui_key[i] = r->causes[i].pos;
    for (size_t ci = 0; ci < r->n_calls; ci++)
        for (size_t j = 0; j < r->calls[ci].n_causes; j++)
            o->cause_call[r->calls[ci].first_cause + j] = ci;
    for (size_t q = 0; q < r->n_nav; q++)
        for (size_t j = 0; j < r->navs[q].n_links; j++) {
            size_t l = r->navs[q].first_link + j;
            call_key[l] = r->nav_links[l].pos;
            o->link_nav[l] = q;
        }
    if (group(r->n_ui, r->n_causes, ui_key, &o->ui_first, &o->ui_items) < 0
        || group(r->n_calls, r->n_nav_links, call_key, &o->call_first, &o->call_navs) < 0)
        goto done;
    rc = 0;
done:
    PyMem_Free(ui_key);
    PyMem_Free(call_key);
    if (rc) PyErr_NoMemory();
    return rc;
}

/* ---- the lists ---------------------------------------------------------------- */

static PyObject *api_to_navigation(const out *o) {
    const ob_corr_result *r = o->res;
    PyObject *list = PyList_New(0);
    for (size_t q = 0; list && q < r->n_nav; q++) {
        const corr_nav_out *n = &o->in->nav_out[r->nav_order[q]];
        double nt = o->in->nav[r->nav_order[q]].t;
        for (size_t j = 0; j < r->navs[q].n_links; j++) {
            const ob_corr_link *l = &r->nav_links[r->navs[q].first_link + j];
            const ob_corr_call *c = &r->calls[l->pos];
            PyObject *d = new_dict(T_NAV_ENTRY), *nd = new_dict(T_NAV);
            int bad = !d || !nd || put(d, K_api_event, call_brief(o, c, T_BRIEF))
                || put_obj(nd, K_eventId, n->id) || put_obj(nd, K_fromScreen, n->from_screen)
                || put_obj(nd, K_toScreen, n->to_screen) || put_obj(nd, K_navType, n->nav_type)
                || put(nd, K_timestamp, PyFloat_FromDouble(nt))
                || put(d, K_navigation, Py_NewRef(nd))
                || put(d, K_delayMs, PyFloat_FromDouble(nt - c->end))
                || put(d, K_correlationMethods, methods_list(l->methods))
                || put(d, K_confidence, PyFloat_FromDouble(l->score))
                || put(d, K_strength, strength_of(l->score, o->cfg))
                || PyList_Append(list, d) < 0;
            Py_XDECREF(d);
            Py_XDECREF(nd);
            if (bad) {
                Py_CLEAR(list);
                break;
            }
        }
    }
    return list;
}

/* One entry of api_calls. */
static PyObject *api_call_item(const out *o, const ob_corr_call *c, const ob_corr_link *l,
                               double ut) {
    const corr_api_out *a = &o->in->api_out[c->event];
    PyObject *d = new_dict(T_API_CALL);
    if (d && (put_obj(d, K_eventId, a->id) || put_obj(d, K_method, a->method)
              || put_obj(d, K_endpoint, a->endpoint) || put_obj(d, K_statusCode, call_status(o, c))
              || put(d, K_timestamp, PyFloat_FromDouble(c->start))
              || (c->has_duration ? put(d, K_duration, PyFloat_FromDouble(c->duration))
                                  : put_obj(d, K_duration, NULL))
              || put(d, K_delayMs, PyFloat_FromDouble(c->start - ut))
              || put(d, K_correlationMethods, methods_list(l->methods))
              || put(d, K_confidence, PyFloat_FromDouble(l->score))
              || put(d, K_strength, strength_of(l->score, o->cfg))))
        Py_CLEAR(d);
    return d;
}

/* "{method or 'CALL'} {endpoint or '?'}" joined by ", ". */
static PyObject *triggers(const out *o, const size_t *calls, size_t n) {
    PyObject *parts = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; parts && i < n; i++) {
        const corr_api_out *a = &o->in->api_out[o->res->calls[calls[i]].event];
        PyObject *m = a->method && PyUnicode_GET_LENGTH(a->method) ? a->method : s_call_word;
        PyObject *e = a->endpoint && PyUnicode_GET_LENGTH(a->endpoint) ? a->endpoint : s_unknown;
        PyObject *t = concat(3, (PyObject *[]){m, piece[P_SPACE], e});
        if (!t) Py_CLEAR(parts);
        else PyList_SET_ITEM(parts, (Py_ssize_t)i, t);
    }
    if (!parts) return NULL;
    PyObject *joined = PyUnicode_Join(s_comma, parts);
    Py_DECREF(parts);
    return joined;
}

static PyObject *first_text(PyObject *a, PyObject *b, PyObject *c, PyObject *fallback) {
    if (a && PyUnicode_GET_LENGTH(a)) return a;
    if (b && PyUnicode_GET_LENGTH(b)) return b;
    if (c && PyUnicode_GET_LENGTH(c)) return c;
    return fallback;
}

/* The ui_to_api entry and the flow of the UI event at sorted position p. */
static int ui_entry(const out *o, size_t p, size_t flow_no, PyObject *ui_list, PyObject *flows,
                    size_t *calls_buf) {
    const ob_corr_result *r = o->res;
    const corr_ui_out *u = &o->in->ui_out[r->ui_order[p]];
    double ut = o->in->ui[r->ui_order[p]].t;
    size_t first = o->ui_first[p], n = o->ui_first[p + 1] - first;
    size_t n_navs = 0;
    for (size_t i = 0; i < n; i++) {
        size_t ci = o->cause_call[o->ui_items[first + i]];
        n_navs += o->call_first[ci + 1] - o->call_first[ci];
    }
    PyObject *entry = new_dict(T_UI_ENTRY), *ud = new_dict(T_UI_EVENT);
    PyObject *calls = PyList_New((Py_ssize_t)n), *call_ids = PyList_New((Py_ssize_t)n);
    PyObject *flow = new_dict(T_FLOW), *nav_ids = PyList_New((Py_ssize_t)n_navs);
    PyObject *text = NULL, *trig = NULL, *out_text = NULL;
    int rc = -1;
    if (!entry || !ud || !calls || !flow || !call_ids || !nav_ids) goto done;
    double best = 0, low = 0;
    const ob_corr_call *last_call = NULL;
    const corr_nav_out *last_nav = NULL;
    for (size_t i = 0; i < n; i++) {
        size_t cause = o->ui_items[first + i];
        const ob_corr_link *l = &r->causes[cause];
        size_t ci = o->cause_call[cause];
        calls_buf[i] = ci;
        if (i == 0 || l->score > best) best = l->score;       /* max() keeps the first */
        if (i == 0 || l->score < low) low = l->score;
        PyObject *item = api_call_item(o, &r->calls[ci], l, ut);
        if (!item) goto done;
        PyList_SET_ITEM(calls, (Py_ssize_t)i, item);
        PyList_SET_ITEM(call_ids, (Py_ssize_t)i, Py_NewRef(o->in->api_out[r->calls[ci].event].id));
    }
    size_t nav_at = 0;
    /* then the navigations each call led to, in call order: min() over all scores */
    for (size_t i = 0; i < n; i++) {
        size_t ci = calls_buf[i];
        for (size_t j = o->call_first[ci]; j < o->call_first[ci + 1]; j++) {
            size_t link = o->call_navs[j];
            const corr_nav_out *nv = &o->in->nav_out[r->nav_order[o->link_nav[link]]];
            double s = r->nav_links[link].score;
            if (s < low) low = s;
            PyList_SET_ITEM(nav_ids, (Py_ssize_t)nav_at++, Py_NewRef(nv->id));
            last_nav = nv;
            last_call = &r->calls[ci];
        }
    }
    if (put(ud, K_eventId, Py_NewRef(u->id)) || put_obj(ud, K_action, u->action)
        || put_obj(ud, K_elementId, u->element_id) || put_obj(ud, K_elementText, u->element_text)
        || put_obj(ud, K_screen, u->screen) || put(ud, K_timestamp, PyFloat_FromDouble(ut))
        || put(entry, K_ui_event, Py_NewRef(ud)) || put(entry, K_api_calls, Py_NewRef(calls))
        || put(entry, K_confidence, PyFloat_FromDouble(best))
        || put(entry, K_strength, strength_of(best, o->cfg)) || PyList_Append(ui_list, entry) < 0)
        goto done;

    PyObject *element = first_text(u->element_text, u->element_id, u->element_type, s_screen_word);
    PyObject *action = u->action && PyUnicode_GET_LENGTH(u->action) ? u->action : s_action_word;
    if (!(trig = triggers(o, calls_buf, n))) goto done;
    if (last_nav) {
        PyObject *to = last_nav->to_screen && PyUnicode_GET_LENGTH(last_nav->to_screen)
                     ? last_nav->to_screen : s_unknown;
        if (!(out_text = outcome(o, last_call))) goto done;
        text = concat(10, (PyObject *[]){piece[P_USER], action, piece[P_ON], element,
                                         piece[P_TRIGGERS], trig, piece[P_NAVIGATE], to,
                                         piece[P_OPEN], out_text});
        if (text) Py_SETREF(text, concat(2, (PyObject *[]){text, piece[P_CLOSE]}));
    } else {
        if (!(out_text = outcome(o, &r->calls[calls_buf[n - 1]]))) goto done;
        text = concat(9, (PyObject *[]){piece[P_USER], action, piece[P_ON], element,
                                        piece[P_TRIGGERS], trig, piece[P_OPEN], out_text,
                                        piece[P_CLOSE]});
    }
    char flow_id[32];
    int id_len = snprintf(flow_id, sizeof flow_id, "flow-%zu", flow_no);
    if (put(flow, K_flow_id, PyUnicode_FromStringAndSize(flow_id, id_len))
        || put(flow, K_flow_name, concat(3, (PyObject *[]){action, piece[P_SPACE], element}))
        || put(flow, K_description, Py_XNewRef(text)) || put_obj(flow, K_ui_event_id, u->id)
        || put(flow, K_api_event_ids, Py_NewRef(call_ids))
        || put(flow, K_navigation_event_ids, Py_NewRef(nav_ids))
        || put(flow, K_confidence, PyFloat_FromDouble(low))
        || put(flow, K_strength, strength_of(low, o->cfg)) || PyList_Append(flows, flow) < 0)
        goto done;
    rc = 0;
done:
    Py_XDECREF(entry);
    Py_XDECREF(ud);
    Py_XDECREF(calls);
    Py_XDECREF(flow);
    Py_XDECREF(call_ids);
    Py_XDECREF(nav_ids);
    Py_XDECREF(text);
    Py_XDECREF(trig);
    Py_XDECREF(out_text);
    return rc;
}

/* ---- statistics ----------------------------------------------------------------- */

/* {name: count} for the non-zero counts, names given in sorted order. */
static PyObject *counts(const int *keys, const size_t *n, size_t len) {
    PyObject *d = PyDict_New();
    for (size_t i = 0; d && i < len; i++)
        if (n[i] && put(d, keys[i], PyLong_FromSize_t(n[i])) < 0) Py_CLEAR(d);
    return d;
}

static PyObject *statistics(const out *o, size_t n_diags) {
    const ob_corr_result *r = o->res;
    size_t reasons[5] = {0}, strengths[3] = {0}, methods[5] = {0}, background = 0, navs = 0;
    PyObject *scores = PyList_New((Py_ssize_t)r->n_causes), *d = NULL, *reason_d = NULL;
    if (!scores) return NULL;
    for (size_t i = 0; i < r->n_calls; i++) {
        reasons[r->calls[i].reason]++;
        background += r->calls[i].background != OB_CORR_BG_NONE;
    }
    for (size_t i = 0; i < r->n_causes; i++) {
        const ob_corr_link *l = &r->causes[i];
        double s = l->score;
        strengths[s >= o->cfg->strong_confidence ? 1 : s >= o->cfg->min_confidence ? 0 : 2]++;
        for (int b = 0; b < 5; b++) methods[b] += (l->methods >> b) & 1;
        PyObject *f = PyFloat_FromDouble(s);
        if (!f) goto fail;
        PyList_SET_ITEM(scores, (Py_ssize_t)i, f);
    }
    for (size_t q = 0; q < r->n_nav; q++) navs += r->navs[q].n_links > 0;
    /* sorted names: analytics, low-confidence, no-candidate, polling */
    static const int reason_order[4] = {OB_CORR_REASON_ANALYTICS, OB_CORR_REASON_LOW_CONFIDENCE,
                                        OB_CORR_REASON_NO_CANDIDATE, OB_CORR_REASON_POLLING};
    if (!(reason_d = PyDict_New())) goto fail;
    for (int i = 0; i < 4; i++) {
        size_t c = reasons[reason_order[i]];
        PyObject *count = c ? PyLong_FromSize_t(c) : NULL;
        int bad = c && (!count || PyDict_SetItem(reason_d, s_reason[reason_order[i]], count) < 0);
        Py_XDECREF(count);
        if (bad) goto fail;
    }
    static const int strength_keys[3] = {K_medium, K_strong, K_weak};
    /* bit b of methods: time, input_value, thread, screen, correlation_id */
    static const int method_keys[5] = {K_correlation_id, K_input_value, K_screen, K_thread,
                                       K_time};
    size_t method_counts[5] = {methods[4], methods[1], methods[3], methods[2], methods[0]};
    /* sum() as the reference does it (3.12 compensates; this follows whichever runs) */
    PyObject *sum = r->n_causes ? PyObject_CallOneArg(
        PyDict_GetItemString(PyEval_GetBuiltins(), "sum"), scores) : PyFloat_FromDouble(0.0);
    if (!sum) goto fail;
    PyObject *len = PyLong_FromSize_t(r->n_causes);
    PyObject *average = !len ? NULL : r->n_causes ? PyNumber_TrueDivide(sum, len) : Py_NewRef(sum);
    Py_DECREF(sum);
    Py_XDECREF(len);
    if (!(d = PyDict_New()) || put(d, K_unattributed_by_reason, Py_NewRef(reason_d))
        || put(d, K_pairs_by_strength, counts(strength_keys, strengths, 3))
        || put(d, K_pairs_by_method, counts(method_keys, method_counts, 5))
        || put(d, K_average_confidence, average)
        || put(d, K_navigations_attributed, PyLong_FromSize_t(navs))
        || put(d, K_background_calls, PyLong_FromSize_t(background))
        || put(d, K_diagnostics, PyLong_FromSize_t(n_diags)))
        goto fail;
    Py_DECREF(scores);
    Py_DECREF(reason_d);
    return d;
fail:
    Py_XDECREF(scores);
    Py_XDECREF(reason_d);
    Py_XDECREF(d);
    return NULL;
}

/* ---- the result ----------------------------------------------------------------- */

PyObject *corr_build_result(const corr_input *in, const ob_corr_result *res,
                            const ob_corr_config *cfg, PyObject *session_id) {
    out o = {.in = in, .res = res, .cfg = cfg};
    PyObject *result = NULL, *ui_list = PyList_New(0), *flows = PyList_New(0), *navs = NULL;
    PyObject *unattributed = PyList_New(0), *stats = NULL;
    size_t *calls_buf = PyMem_Calloc(res->n_calls ? res->n_calls : 1, sizeof *calls_buf);
    if (!ui_list || !flows || !unattributed) goto done;
    if (!calls_buf) {
        PyErr_NoMemory();
        goto done;
    }
    if (build_indexes(&o) < 0 || !(navs = api_to_navigation(&o))) goto done;
    size_t correlated_ui = 0, correlated_calls = 0;
    for (size_t p = 0; p < res->n_ui; p++) {
        if (o.ui_first[p + 1] == o.ui_first[p]) continue;
        if (ui_entry(&o, p, ++correlated_ui, ui_list, flows, calls_buf) < 0) goto done;
    }
    for (size_t i = 0; i < res->n_calls; i++) {
        const ob_corr_call *c = &res->calls[i];
        correlated_calls += c->n_causes > 0;
        if (c->reason == OB_CORR_REASON_NONE) continue;
        PyObject *d = call_brief(&o, c, T_UNATTRIBUTED);
        if (!d || PyDict_SetItem(d, k[K_reason], s_reason[c->reason]) < 0
            || PyList_Append(unattributed, d) < 0) {
            Py_XDECREF(d);
            goto done;
        }
        Py_DECREF(d);
    }
    size_t n_diags = (size_t)PyList_GET_SIZE(in->diagnostics);
    if (!(stats = statistics(&o, n_diags))) goto done;
    result = PyDict_New();
    if (!result || put_obj(result, K_session_id, session_id)
        || put(result, K_ui_to_api, Py_NewRef(ui_list))
        || put(result, K_api_to_navigation, Py_NewRef(navs))
        || put(result, K_full_flows, Py_NewRef(flows))
        || put(result, K_unattributed_api_calls, Py_NewRef(unattributed))
        || put(result, K_total_ui_events, PyLong_FromSize_t(res->n_ui))
        || put(result, K_total_api_events, PyLong_FromSize_t(res->n_calls))
        || put(result, K_total_navigation_events, PyLong_FromSize_t(res->n_nav))
        || put(result, K_correlated_ui_events, PyLong_FromSize_t(correlated_ui))
        || put(result, K_correlated_api_events, PyLong_FromSize_t(correlated_calls))
        || put(result, K_correlation_rate,
               PyFloat_FromDouble(res->n_calls ? (double)correlated_calls / (double)res->n_calls
                                               : 0.0))
        || put(result, K_statistics, Py_NewRef(stats))
        || put(result, K_diagnostics, Py_NewRef(in->diagnostics)))
        Py_CLEAR(result);
done:
    Py_XDECREF(ui_list);
    Py_XDECREF(flows);
    Py_XDECREF(navs);
    Py_XDECREF(unattributed);
    Py_XDECREF(stats);
    PyMem_Free(calls_buf);
    PyMem_Free(o.ui_first);
    PyMem_Free(o.ui_items);
    PyMem_Free(o.call_first);
    PyMem_Free(o.call_navs);
    PyMem_Free(o.link_nav);
    PyMem_Free(o.cause_call);
    return result;
}
