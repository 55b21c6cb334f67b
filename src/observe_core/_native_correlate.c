/*
 * _native_correlate.c - correlate(ui, api, nav, config, session_id): the
 * binding of the correlator's C core (libobserve/correlate.h).
 *
 * Before the core runs, the events are normalised exactly as
 * _python/correlate.py's _read_stream and _call_from do (field names, ids,
 * times, duplicates, diagnostics, interned strings); after, the result dict
 * is built (_native_correlate_out.c). Plain values (str, int, float, None,
 * dict, list) take a C path; rare ones (ISO 8601 time strings, dict bodies,
 * status codes written as text, non-ASCII URLs, headers that are neither a
 * dict nor a list) call the reference's own helpers, so the two backends
 * agree by construction there.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "_native_correlate.h"
#include "_native_keys.h"
#include "_native_strtab.h"

/* ---- field names ---------------------------------------------------------- */

/* The canonical fields (FIELD_NAMES of the reference, read from it at first use). */
enum {
    F_EVENT_ID, F_TIMESTAMP, F_SCREEN, F_THREAD, F_CORRELATION, F_ACTION, F_ELEMENT_ID,
    F_ELEMENT_TEXT, F_ELEMENT_TYPE, F_INPUT, F_METHOD, F_URL, F_ENDPOINT, F_STATUS,
    F_DURATION, F_HEADERS, F_REQUEST_BODY, F_FROM, F_TO, F_NAV_TYPE, F_COUNT
};
static const char *const field_keys[F_COUNT] = {
    "eventId", "timestamp", "screen", "threadId", "correlationId", "action", "elementId",
    "elementText", "elementType", "inputText", "method", "url", "endpoint", "statusCode",
    "duration", "requestHeaders", "requestBody", "fromScreen", "toScreen", "navType",
};

/* What this file takes from the reference module, loaded once. */
static struct {
    PyObject *names;            /* dict: field name -> (field << 8) | priority */
    PyObject *field_names[F_COUNT][4];   /* the names of each field, in order */
    PyObject *parse_time, *status, *body, *endpoint, *call_correlation;
    PyObject *unquote_plus, *urlsplit;
    PyObject *s_true, *s_false, *s_get, *s_strip, *s_lower, *s_name, *s_value;
} ref;

static int load_reference(void) {
    if (ref.names) return 0;
    PyObject *mod = PyImport_ImportModule("observe_core._python.correlate");
    PyObject *parse = PyImport_ImportModule("urllib.parse");
    PyObject *table = mod ? PyObject_GetAttrString(mod, "FIELD_NAMES") : NULL;
    PyObject *names = PyDict_New();
    int rc = -1;
    if (!mod || !parse || !table || !names) goto done;
    for (int f = 0; f < F_COUNT; f++) {
        PyObject *seq = PyDict_GetItemString(table, field_keys[f]);
        if (!seq || !PyTuple_Check(seq) || PyTuple_GET_SIZE(seq) > 3) {
            PyErr_Format(PyExc_RuntimeError, "FIELD_NAMES[%s] is not a short tuple",
                         field_keys[f]);
            goto done;
        }
        for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(seq); k++) {
            PyObject *name = PyTuple_GET_ITEM(seq, k);
            PyObject *code = PyLong_FromLong((long)(f << 8 | (int)k));
            if (!code || PyDict_SetItem(names, name, code) < 0) {
                Py_XDECREF(code);
                goto done;
            }
            Py_DECREF(code);
            ref.field_names[f][k] = Py_NewRef(name);
        }
    }
    if (!(ref.parse_time = PyObject_GetAttrString(mod, "parse_time"))
        || !(ref.status = PyObject_GetAttrString(mod, "_status"))
        || !(ref.body = PyObject_GetAttrString(mod, "_body"))
        || !(ref.endpoint = PyObject_GetAttrString(mod, "_endpoint"))
        || !(ref.call_correlation = PyObject_GetAttrString(mod, "_call_correlation"))
        || !(ref.unquote_plus = PyObject_GetAttrString(parse, "unquote_plus"))
        || !(ref.urlsplit = PyObject_GetAttrString(parse, "urlsplit"))
        || !(ref.s_true = PyUnicode_InternFromString("true"))
        || !(ref.s_false = PyUnicode_InternFromString("false"))
        || !(ref.s_get = PyUnicode_InternFromString("get"))
        || !(ref.s_strip = PyUnicode_InternFromString("strip"))
        || !(ref.s_lower = PyUnicode_InternFromString("lower"))
        || !(ref.s_name = PyUnicode_InternFromString("name"))
        || !(ref.s_value = PyUnicode_InternFromString("value")))
        goto done;
    ref.names = Py_NewRef(names);
    rc = 0;
done:
    Py_XDECREF(mod);
    Py_XDECREF(parse);
    Py_XDECREF(table);
    Py_XDECREF(names);
    return rc;
}

/* The field code of a dict key (see ref.names), -1 for no field, -2 on error. */
static int field_code(key_cache *kc, PyObject *key) { return key_cache_code(kc, ref.names, key); }

/* Reads every field of one event into slot[] (new references, NULL = None),
 * as _first() does: the first of a field's names with a value that is not
 * None. Returns 0, 1 when the event is not a mapping (no .get), -1 on error. */
static int read_fields(key_cache *kc, PyObject *event, PyObject *slot[F_COUNT]) {
    int prio[F_COUNT];
    memset(slot, 0, F_COUNT * sizeof *slot);
    if (PyDict_CheckExact(event)) {
        /* one pass over the event's keys: cheaper than a lookup per name */
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        while (PyDict_Next(event, &pos, &key, &value)) {
            if (value == Py_None) continue;
            int c = field_code(kc, key);
            if (c == -2) return -1;
            if (c < 0) continue;
            int f = c >> 8, p = c & 0xff;
            if (!slot[f] || p < prio[f]) {
                Py_XSETREF(slot[f], Py_NewRef(value));
                prio[f] = p;
            }
        }
        return 0;
    }
    PyObject *get = PyObject_GetAttr(event, ref.s_get);
    if (!get) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError)) return -1;
        PyErr_Clear();
        return 1;
    }
    for (int f = 0; f < F_COUNT; f++) {
        for (int k = 0; k < 4 && ref.field_names[f][k]; k++) {
            PyObject *value = PyObject_CallOneArg(get, ref.field_names[f][k]);
            if (!value) {
                Py_DECREF(get);
                return -1;
            }
            if (value != Py_None) {
                slot[f] = value;
                break;
            }
            Py_DECREF(value);
        }
    }
    Py_DECREF(get);
    return 0;
}

static void drop_fields(PyObject *slot[F_COUNT]) {
    for (int f = 0; f < F_COUNT; f++) Py_CLEAR(slot[f]);
}

/* ---- the reference's value readers ----------------------------------------- */

/* Results: a new reference; NULL without an exception for None. */
#define FAILED(obj) (!(obj) && PyErr_Occurred())

/* _text(). */
static PyObject *text_of(PyObject *v) {
    if (!v || v == Py_None) return NULL;
    if (PyUnicode_Check(v)) return Py_NewRef(v);
    if (PyBool_Check(v)) return Py_NewRef(v == Py_True ? ref.s_true : ref.s_false);
    if (PyLong_Check(v)) return PyObject_Str(v);
    if (PyFloat_Check(v) && isfinite(PyFloat_AS_DOUBLE(v))) return PyObject_Repr(v);
    return NULL;
}

/* A call of a reference helper, None mapped to NULL. */
static PyObject *call_ref(PyObject *fn, PyObject *arg) {
    PyObject *r = PyObject_CallOneArg(fn, arg);
    if (r == Py_None) Py_CLEAR(r);
    return r;
}

/* float(v) of an int or float, with the int beyond the float range as none. */
static int real_of(PyObject *v, double *out) {
    if (PyFloat_Check(v)) {
        *out = PyFloat_AS_DOUBLE(v);
        return 1;
    }
    double d = PyLong_AsDouble(v);
    if (d == -1.0 && PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_OverflowError)) return -1;
        PyErr_Clear();
        return 0;
    }
    *out = d;
    return 1;
}

/* parse_time(): 1 with *t, 0 for None, -1 on error. */
static int time_of(PyObject *v, double *t) {
    int rc;
    if (!v || PyBool_Check(v)) return 0;
    if (PyLong_Check(v) || PyFloat_Check(v)) {
        if ((rc = real_of(v, t)) <= 0) return rc;
    } else if (PyUnicode_Check(v)) {
        PyObject *r = call_ref(ref.parse_time, v);   /* ISO 8601 or a number as text */
        if (!r) return PyErr_Occurred() ? -1 : 0;
        *t = PyFloat_AsDouble(r);
        Py_DECREF(r);
        return *t == -1.0 && PyErr_Occurred() ? -1 : 1;
    } else {
        return 0;
    }
    return isfinite(*t) && *t >= 0;
}

/* _number(): 1 with *d, 0 for None, -1 on error. */
static int number_of(PyObject *v, double *d) {
    if (!v || PyBool_Check(v) || !(PyLong_Check(v) || PyFloat_Check(v))) return 0;
    int rc = real_of(v, d);
    if (rc <= 0) return rc;
    return isfinite(*d) && *d >= 0;
}

/* _status(). */
static PyObject *status_of(PyObject *v) {
    if (!v || PyBool_Check(v)) return NULL;
    if (PyLong_Check(v)) return Py_NewRef(v);
    if (PyFloat_Check(v)) {
        double d = PyFloat_AS_DOUBLE(v);
        return isfinite(d) && floor(d) == d ? PyLong_FromDouble(d) : NULL;
    }
    if (PyUnicode_Check(v)) return call_ref(ref.status, v);
    return NULL;
}

/* _body(requestBody) or "": the text searched for typed values. */
static PyObject *body_of(PyObject *v) {
    if (v && (PyDict_Check(v) || PyList_Check(v))) return call_ref(ref.body, v);
    return text_of(v);
}

/* Python's str.strip() whitespace, for ASCII. */
static int ascii_space(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* key.lower() == name for a str key and an ASCII lower-case name. A non-ASCII
 * key never matches: of all code points only U+212A (Kelvin) lower-cases to
 * ASCII ("k"), and the header names read here have no "k". */
static int header_name_is(PyObject *key, const char *name) {
    if (!PyUnicode_Check(key) || !PyUnicode_IS_ASCII(key)) return 0;
    size_t n = strlen(name);
    if ((size_t)PyUnicode_GET_LENGTH(key) != n) return 0;
    const char *k = (const char *)PyUnicode_1BYTE_DATA(key);
    for (size_t i = 0; i < n; i++) {
        char c = k[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c | 0x20);
        if (c != name[i]) return 0;
    }
    return 1;
}

/* _header(headers, name) for a dict or a list of dicts; *found tells whether
 * a key matched (its value may still be no text). */
static PyObject *header_of(PyObject *headers, const char *name) {
    if (PyDict_CheckExact(headers)) {
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        while (PyDict_Next(headers, &pos, &key, &value))
            if (header_name_is(key, name)) return text_of(value);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(headers); i++) {
        PyObject *h = PyList_GET_ITEM(headers, i), *key, *value;
        if (!PyDict_Check(h)) continue;
        if (PyDict_CheckExact(h)) {
            key = Py_XNewRef(PyDict_GetItemWithError(h, ref.s_name));
            if (!key && PyErr_Occurred()) return NULL;
            value = Py_XNewRef(PyDict_GetItemWithError(h, ref.s_value));
            if (!value && PyErr_Occurred()) {
                Py_XDECREF(key);
                return NULL;
            }
        } else {                                   /* a dict subclass: its own get() */
            key = PyObject_CallMethodOneArg(h, ref.s_get, ref.s_name);
            value = key ? PyObject_CallMethodOneArg(h, ref.s_get, ref.s_value) : NULL;
            if (!value) {
                Py_XDECREF(key);
                return NULL;
            }
        }
        int match = key && header_name_is(key, name);
        PyObject *r = match ? text_of(value) : NULL;
        Py_XDECREF(key);
        Py_XDECREF(value);
        if (match || PyErr_Occurred()) return r;
    }
    return NULL;
}

static int truthy_text(PyObject *s) { return s && PyUnicode_GET_LENGTH(s) > 0; }

static int is_lower_hex(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return 0;
    return 1;
}

/* TRACEPARENT.match(parent.strip().lower()).group(1), or NULL. */
static PyObject *trace_id_of(PyObject *parent) {
    PyObject *text = Py_NewRef(parent);
    if (!PyUnicode_IS_ASCII(text)) {                /* Unicode whitespace: str.strip() */
        Py_SETREF(text, PyObject_CallMethodNoArgs(text, ref.s_strip));
        if (!text) return NULL;
        if (!PyUnicode_IS_ASCII(text)) {           /* a non-ASCII character stays one */
            Py_DECREF(text);
            return NULL;
        }
    }
    const char *s = (const char *)PyUnicode_1BYTE_DATA(text);
    size_t a = 0, b = (size_t)PyUnicode_GET_LENGTH(text);
    while (a < b && ascii_space((unsigned char)s[a])) a++;
    while (b > a && ascii_space((unsigned char)s[b - 1])) b--;
    char low[55];
    PyObject *r = NULL;
    if (b - a == sizeof low) {
        for (size_t i = 0; i < sizeof low; i++) {
            char c = s[a + i];
            low[i] = c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
        }
        if (is_lower_hex(low, 2) && low[2] == '-' && is_lower_hex(low + 3, 32)
            && low[35] == '-' && is_lower_hex(low + 36, 16) && low[52] == '-'
            && is_lower_hex(low + 53, 2))
            r = PyUnicode_FromStringAndSize(low + 3, 32);
    }
    Py_DECREF(text);
    return r;
}

/* _call_correlation(event). */
static PyObject *call_correlation_of(PyObject *event, PyObject *slot[F_COUNT]) {
    PyObject *cid = text_of(slot[F_CORRELATION]);
    if (truthy_text(cid) || FAILED(cid)) return cid;
    Py_XDECREF(cid);
    PyObject *headers = slot[F_HEADERS];
    if (!headers) return NULL;
    if (!PyDict_CheckExact(headers) && !PyList_CheckExact(headers))
        return call_ref(ref.call_correlation, event);
    cid = header_of(headers, "x-observe-correlation-id");
    if (truthy_text(cid) || FAILED(cid)) return cid;
    Py_XDECREF(cid);
    PyObject *parent = header_of(headers, "traceparent");
    if (!truthy_text(parent)) return parent;       /* NULL, or "" (no id) */
    cid = trace_id_of(parent);
    Py_DECREF(parent);
    return cid;
}

/* ---- per-run state ---------------------------------------------------------- */

typedef struct conv {
    strtab interned;          /* str -> id, shared by the three streams */
    key_cache keys;
    corr_input *in;
    char *scratch;            /* for URL work */
    size_t scratch_cap;
} conv;

static char *scratch(conv *cv, size_t n) {
    if (n == 0) n = 1;                  /* never NULL for an empty URL */
    if (n > cv->scratch_cap) {
        char *p = PyMem_Realloc(cv->scratch, n);
        if (!p) {
            PyErr_NoMemory();
            return NULL;
        }
        cv->scratch = p;
        cv->scratch_cap = n;
    }
    return cv->scratch;
}

/* An interned id for a string (equal strings, equal ids); -1 for NULL, -2 on error. */
static int32_t intern(conv *cv, PyObject *s) {
    if (!s) return -1;
    int64_t id = strtab_get(&cv->interned, s);
    if (id >= 0 || id == -2) return (int32_t)id;
    size_t n = strtab_size(&cv->interned);
    if (n >= INT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "too many distinct strings");
        return -2;
    }
    return strtab_put(&cv->interned, s, (int32_t)n) < 0 ? -2 : (int32_t)n;
}

/* The UTF-8 of a str (lone surrogates as surrogatepass, like the bytes the
 * reference's code-point search sees); the buffer lives as long as s or a
 * bytes object kept in in->keep. */
static int utf8_of(conv *cv, PyObject *s, const char **p, size_t *n) {
    Py_ssize_t len;
    const char *u = PyUnicode_AsUTF8AndSize(s, &len);
    if (!u) {
        if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) return -1;
        PyErr_Clear();
        PyObject *b = PyUnicode_AsEncodedString(s, "utf-8", "surrogatepass");
        if (!b || PyList_Append(cv->in->keep, b) < 0) {
            Py_XDECREF(b);
            return -1;
        }
        Py_DECREF(b);
        u = PyBytes_AS_STRING(b);
        len = PyBytes_GET_SIZE(b);
    }
    *p = u;
    *n = (size_t)len;
    return 0;
}

/* Keeps a new reference in in->keep (the records point into it). */
static int keep(conv *cv, PyObject *o) {
    int rc = PyList_Append(cv->in->keep, o);
    Py_DECREF(o);
    return rc;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    c = (char)(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* unquote_plus(url) for an ASCII URL: '+' is a space, %XX a byte, and the
 * bytes are decoded as UTF-8 with errors="replace" (Python's own decoder). */
static PyObject *unquote_plus_ascii(conv *cv, const char *s, size_t n) {
    char *out = scratch(cv, n);
    if (!out) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int hi, lo;
        if (s[i] == '+') {
            out[k++] = ' ';
        } else if (s[i] == '%' && i + 2 < n && (hi = hex_value(s[i + 1])) >= 0
                   && (lo = hex_value(s[i + 2])) >= 0) {
            out[k++] = (char)(hi << 4 | lo);
            i += 2;
        } else {
            out[k++] = s[i];
        }
    }
    return PyUnicode_DecodeUTF8(out, (Py_ssize_t)k, "replace");
}

/* ---- one API event ------------------------------------------------------------ */

/* _endpoint(url): urlsplit(url).path or "/"; the C urlsplit serves every ASCII
 * URL without brackets (where urlsplit cannot raise). */
static PyObject *endpoint_of(conv *cv, PyObject *url) {
    if (!url) return NULL;
    if (!PyUnicode_IS_ASCII(url) || PyUnicode_FindChar(url, '[', 0, PY_SSIZE_T_MAX, 1) != -1
        || PyUnicode_FindChar(url, ']', 0, PY_SSIZE_T_MAX, 1) != -1)
        return call_ref(ref.endpoint, url);
    const char *s = (const char *)PyUnicode_1BYTE_DATA(url);
    size_t n = (size_t)PyUnicode_GET_LENGTH(url), no, nl, po, pl;
    char *buf = scratch(cv, n);
    if (!buf) return NULL;
    if (ob_corr_urlsplit(s, n, buf, &no, &nl, &po, &pl) != 0) return call_ref(ref.endpoint, url);
    return pl ? PyUnicode_FromStringAndSize(buf + po, (Py_ssize_t)pl)
              : PyUnicode_FromString("/");
}

/* The URL texts the core reads: url_lower for the background patterns, and
 * url_text = unquote_plus(url) for typed values. */
static int url_texts(conv *cv, PyObject *url, ob_corr_api_event *e) {
    e->url_lower = e->url_text = "";
    e->url_lower_len = e->url_text_len = 0;
    if (!url || PyUnicode_GET_LENGTH(url) == 0) return 0;
    if (PyUnicode_IS_ASCII(url)) {
        const char *s = (const char *)PyUnicode_1BYTE_DATA(url);
        size_t n = (size_t)PyUnicode_GET_LENGTH(url);
        e->url_lower = s;              /* the core folds ASCII */
        e->url_lower_len = n;
        if (!memchr(s, '%', n) && !memchr(s, '+', n)) {
            e->url_text = s;
            e->url_text_len = n;
            return 0;
        }
        PyObject *text = unquote_plus_ascii(cv, s, n);
        if (!text || keep(cv, text) < 0) return -1;
        return utf8_of(cv, text, &e->url_text, &e->url_text_len);
    }
    PyObject *text = PyObject_CallOneArg(ref.unquote_plus, url);
    if (!text || keep(cv, text) < 0 || utf8_of(cv, text, &e->url_text, &e->url_text_len) < 0)
        return -1;
    /* _is_analytics: urlsplit(url.lower()); a ValueError means no analytics */
    PyObject *low = PyObject_CallMethodNoArgs(url, ref.s_lower);
    if (!low || keep(cv, low) < 0) return -1;
    PyObject *parts = PyObject_CallOneArg(ref.urlsplit, low);
    if (!parts) {
        if (!PyErr_ExceptionMatches(PyExc_ValueError)) return -1;
        PyErr_Clear();
        return 0;
    }
    Py_DECREF(parts);
    return utf8_of(cv, low, &e->url_lower, &e->url_lower_len);
}

static int make_api(conv *cv, PyObject *event, PyObject *slot[F_COUNT], ob_corr_api_event *e,
                    corr_api_out *o) {
    PyObject *url = text_of(slot[F_URL]), *endpoint = NULL, *cid = NULL, *body = NULL;
    int rc = -1;
    if (FAILED(url)) return -1;
    o->method = text_of(slot[F_METHOD]);
    if (FAILED(o->method)) goto done;
    endpoint = text_of(slot[F_ENDPOINT]);
    if (FAILED(endpoint)) goto done;
    if (!truthy_text(endpoint)) {
        Py_XSETREF(endpoint, endpoint_of(cv, url));
        if (FAILED(endpoint)) goto done;
    }
    o->endpoint = Py_XNewRef(endpoint);
    o->status = status_of(slot[F_STATUS]);
    if (FAILED(o->status)) goto done;
    e->has_status = o->status != NULL;
    if (o->status) {
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(o->status, &overflow);
        if (v == -1 && PyErr_Occurred()) goto done;
        e->status = overflow ? (overflow > 0 ? INT64_MAX : INT64_MIN) : (int64_t)v;
    }
    int has = number_of(slot[F_DURATION], &e->duration);
    if (has < 0) goto done;
    e->has_duration = has;
    cid = call_correlation_of(event, slot);
    if (FAILED(cid)) goto done;
    if ((e->correlation = truthy_text(cid) ? intern(cv, cid) : -1) == -2
        || (e->method = intern(cv, o->method)) == -2 || (e->url = intern(cv, url)) == -2
        || (e->endpoint = intern(cv, endpoint)) == -2)
        goto done;
    PyObject *screen = text_of(slot[F_SCREEN]), *thread = NULL;
    if (FAILED(screen)) goto done;
    e->screen = intern(cv, screen);
    Py_XDECREF(screen);
    thread = text_of(slot[F_THREAD]);
    if (FAILED(thread)) goto done;
    e->thread = intern(cv, thread);
    Py_XDECREF(thread);
    if (e->screen == -2 || e->thread == -2) goto done;
    if (url_texts(cv, url, e) < 0) goto done;
    body = body_of(slot[F_REQUEST_BODY]);
    if (FAILED(body)) goto done;
    e->body = "";
    e->body_len = 0;
    if (body && (keep(cv, Py_NewRef(body)) < 0 || utf8_of(cv, body, &e->body, &e->body_len) < 0))
        goto done;
    if (url && keep(cv, Py_NewRef(url)) < 0) goto done;   /* url_text may point into it */
    rc = 0;
done:
    Py_XDECREF(url);
    Py_XDECREF(endpoint);
    Py_XDECREF(cid);
    Py_XDECREF(body);
    return rc;
}

/* ---- UI and navigation events --------------------------------------------------- */

static int make_ui(conv *cv, PyObject *slot[F_COUNT], ob_corr_ui *u, corr_ui_out *o) {
    PyObject *thread = NULL, *cid = NULL, *input = NULL;
    int rc = -1;
    if (FAILED(o->action = text_of(slot[F_ACTION]))
        || FAILED(o->element_id = text_of(slot[F_ELEMENT_ID]))
        || FAILED(o->element_text = text_of(slot[F_ELEMENT_TEXT]))
        || FAILED(o->element_type = text_of(slot[F_ELEMENT_TYPE]))
        || FAILED(input = text_of(slot[F_INPUT])) || FAILED(o->screen = text_of(slot[F_SCREEN]))
        || FAILED(thread = text_of(slot[F_THREAD]))
        || FAILED(cid = text_of(slot[F_CORRELATION])))
        goto done;
    if ((u->screen = intern(cv, o->screen)) == -2 || (u->thread = intern(cv, thread)) == -2
        || (u->correlation = truthy_text(cid) ? intern(cv, cid) : -1) == -2)
        goto done;
    u->input = NULL;
    u->input_len = 0;
    if (input && (keep(cv, Py_NewRef(input)) < 0 || utf8_of(cv, input, &u->input, &u->input_len) < 0))
        goto done;
    rc = 0;
done:
    Py_XDECREF(thread);
    Py_XDECREF(cid);
    Py_XDECREF(input);
    return rc;
}

static int make_nav(conv *cv, PyObject *slot[F_COUNT], ob_corr_nav *n, corr_nav_out *o) {
    if (FAILED(o->from_screen = text_of(slot[F_FROM])) || FAILED(o->to_screen = text_of(slot[F_TO]))
        || FAILED(o->nav_type = text_of(slot[F_NAV_TYPE])))
        return -1;
    if ((n->from_screen = intern(cv, o->from_screen)) == -2
        || (n->to_screen = intern(cv, o->to_screen)) == -2)
        return -1;
    return 0;
}

/* ---- _read_stream ----------------------------------------------------------------- */

enum { S_UI, S_API, S_NAV };
static const char *const stream_names[] = {"ui", "api", "navigation"};

static int diagnose(conv *cv, int stream, Py_ssize_t index, PyObject *event_id, const char *code,
                    PyObject *message) {
    if (!message) return -1;
    PyObject *d = Py_BuildValue("{s:s,s:n,s:O,s:s,s:N}", "stream", stream_names[stream],
                                "index", index, "eventId", event_id ? event_id : Py_None,
                                "code", code, "message", message);
    if (!d) return -1;
    int rc = PyList_Append(cv->in->diagnostics, d);
    Py_DECREF(d);
    return rc;
}

/* The id, time and uniqueness of one event; 1 = keep it, 0 = dropped with a
 * diagnostic, -1 = error. *id is a new reference when kept. */
static int event_head(conv *cv, int stream, Py_ssize_t index, PyObject *slot[F_COUNT],
                      strtab *seen, PyObject **id, double *t) {
    const char *name = stream_names[stream];
    PyObject *event_id = text_of(slot[F_EVENT_ID]);
    if (FAILED(event_id)) return -1;
    if (!truthy_text(event_id)) {
        Py_XSETREF(event_id, PyUnicode_FromFormat("%s-%zd", name, index));
        if (!event_id) return -1;
    }
    int rc = time_of(slot[F_TIMESTAMP], t);
    if (rc == 0) {
        PyObject *raw = slot[F_TIMESTAMP];
        PyObject *msg = raw ? PyUnicode_FromFormat("%s event %zd (%U): timestamp not a valid "
                                                   "time: %R", name, index, event_id, raw)
                            : PyUnicode_FromFormat("%s event %zd (%U): timestamp missing",
                                                   name, index, event_id);
        rc = diagnose(cv, stream, index, event_id, "bad-timestamp", msg);
        Py_DECREF(event_id);
        return rc;
    }
    int64_t first = rc < 0 ? -2 : strtab_get(seen, event_id);
    if (first == -2) {
        Py_DECREF(event_id);
        return -1;
    }
    if (first >= 0) {
        rc = diagnose(cv, stream, index, event_id, "duplicate-id",
                      PyUnicode_FromFormat("%s event %zd repeats the id %R of event %lld; the "
                                           "first is kept", name, index, event_id,
                                           (long long)first));
        Py_DECREF(event_id);
        return rc;
    }
    if (strtab_put(seen, event_id, (int32_t)index) < 0) {
        Py_DECREF(event_id);
        return -1;
    }
    *id = event_id;
    return 1;
}

static int read_stream(conv *cv, PyObject *events, int stream) {
    corr_input *in = cv->in;
    PyObject *seq = PySequence_Fast(events, "events must be a sequence");
    strtab seen = {0};
    int rc = -1;
    if (!seq) goto done;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if ((size_t)n > UINT32_MAX) {
        PyErr_SetString(PyExc_OverflowError, "more than 2**32 events in one stream");
        goto done;
    }
    size_t cap = n ? (size_t)n : 1;
    if (stream == S_UI) {
        in->ui = PyMem_Calloc(cap, sizeof *in->ui);
        in->ui_out = PyMem_Calloc(cap, sizeof *in->ui_out);
        if (!in->ui || !in->ui_out) goto nomem;
    } else if (stream == S_API) {
        in->api = PyMem_Calloc(cap, sizeof *in->api);
        in->api_out = PyMem_Calloc(cap, sizeof *in->api_out);
        if (!in->api || !in->api_out) goto nomem;
    } else {
        in->nav = PyMem_Calloc(cap, sizeof *in->nav);
        in->nav_out = PyMem_Calloc(cap, sizeof *in->nav_out);
        if (!in->nav || !in->nav_out) goto nomem;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *event = PySequence_Fast_GET_ITEM(seq, i), *slot[F_COUNT], *id = NULL;
        double t = 0;
        int r = read_fields(&cv->keys, event, slot);
        if (r == 1) {
            PyObject *tname = PyObject_GetAttrString((PyObject *)Py_TYPE(event), "__name__");
            PyObject *msg = tname ? PyUnicode_FromFormat("%s event %zd is a %U, not a mapping",
                                                         stream_names[stream], i, tname) : NULL;
            Py_XDECREF(tname);
            if (diagnose(cv, stream, i, NULL, "not-a-mapping", msg) < 0) goto done;
            continue;
        }
        if (r == 0) r = event_head(cv, stream, i, slot, &seen, &id, &t);
        if (r == 1) {
            if (stream == S_UI) {
                ob_corr_ui *u = &in->ui[in->n_ui];
                corr_ui_out *o = &in->ui_out[in->n_ui++];
                o->id = id;
                u->t = t;
                u->index = (uint32_t)i;
                r = make_ui(cv, slot, u, o);
            } else if (stream == S_API) {
                ob_corr_api_event *e = &in->api[in->n_api];
                corr_api_out *o = &in->api_out[in->n_api++];
                o->id = id;
                e->t = t;
                e->index = (uint32_t)i;
                r = make_api(cv, event, slot, e, o);
            } else {
                ob_corr_nav *v = &in->nav[in->n_nav];
                corr_nav_out *o = &in->nav_out[in->n_nav++];
                o->id = id;
                v->t = t;
                v->index = (uint32_t)i;
                r = make_nav(cv, slot, v, o);
            }
        }
        drop_fields(slot);
        if (r < 0) goto done;
    }
    rc = 0;
    goto done;
nomem:
    PyErr_NoMemory();
done:
    Py_XDECREF(seq);
    strtab_free(&seen);
    return rc;
}

/* The corr_*_out records hold nothing but object pointers: drops n records' worth. */
static void drop_objects(void *records, size_t n, size_t record_size) {
    PyObject **objects = records;
    for (size_t i = 0; records && i < n * (record_size / sizeof(PyObject *)); i++)
        Py_XDECREF(objects[i]);
}

static void free_input(corr_input *in) {
    drop_objects(in->ui_out, in->n_ui, sizeof *in->ui_out);
    drop_objects(in->api_out, in->n_api, sizeof *in->api_out);
    drop_objects(in->nav_out, in->n_nav, sizeof *in->nav_out);
    PyMem_Free(in->ui);
    PyMem_Free(in->ui_out);
    PyMem_Free(in->api);
    PyMem_Free(in->api_out);
    PyMem_Free(in->nav);
    PyMem_Free(in->nav_out);
    Py_XDECREF(in->diagnostics);
    Py_XDECREF(in->keep);
}

/* ---- the configuration ---------------------------------------------------------- */

static int config_double(PyObject *cfg, const char *name, double *out) {
    PyObject *v = PyObject_GetAttrString(cfg, name);
    if (!v) return -1;
    *out = PyFloat_AsDouble(v);
    Py_DECREF(v);
    return *out == -1.0 && PyErr_Occurred() ? -1 : 0;
}

static int config_int(PyObject *cfg, const char *name, int64_t *out) {
    PyObject *v = PyObject_GetAttrString(cfg, name);
    if (!v) return -1;
    long long x = PyLong_AsLongLong(v);
    Py_DECREF(v);
    if (x == -1 && PyErr_Occurred()) return -1;
    *out = x;
    return 0;
}

/* A CorrelationConfig (validated by its __post_init__) into c; the lower-cased
 * patterns are kept alive in *owner and listed in the PyMem array *patterns. */
static int read_config(PyObject *cfg, ob_corr_config *c, const char ***patterns,
                       PyObject **owner) {
    struct { const char *name; double *field; } doubles[] = {
        {"window_ms", &c->window_ms}, {"clock_skew_ms", &c->clock_skew_ms},
        {"time_decay_ms", &c->time_decay_ms}, {"w_time", &c->w_time},
        {"w_input", &c->w_input}, {"w_thread", &c->w_thread}, {"w_screen", &c->w_screen},
        {"min_confidence", &c->min_confidence}, {"strong_confidence", &c->strong_confidence},
        {"nav_window_ms", &c->nav_window_ms}, {"nav_decay_ms", &c->nav_decay_ms},
        {"nav_clock_skew_ms", &c->nav_clock_skew_ms}, {"w_nav_time", &c->w_nav_time},
        {"w_nav_screen", &c->w_nav_screen}, {"poll_jitter", &c->poll_jitter},
        {"poll_min_period_ms", &c->poll_min_period_ms}, {"poll_follow_ms", &c->poll_follow_ms},
        {"poll_max_ui_share", &c->poll_max_ui_share}, {"poll_ui_margin", &c->poll_ui_margin},
    };
    ob_corr_config_default(c);
    for (size_t i = 0; i < sizeof doubles / sizeof *doubles; i++)
        if (config_double(cfg, doubles[i].name, doubles[i].field) < 0) return -1;
    if (config_int(cfg, "min_input_length", &c->min_input_length) < 0
        || config_int(cfg, "poll_min_repeats", &c->poll_min_repeats) < 0)
        return -1;
    PyObject *m2m = PyObject_GetAttrString(cfg, "many_to_many");
    if (!m2m) return -1;
    c->many_to_many = PyObject_IsTrue(m2m);
    Py_DECREF(m2m);
    if (c->many_to_many < 0) return -1;

    PyObject *pats = PyObject_GetAttrString(cfg, "background_url_patterns");
    PyObject *seq = pats ? PySequence_Fast(pats, "background_url_patterns: a sequence") : NULL;
    Py_XDECREF(pats);
    if (!seq || !(*owner = PyList_New(0))) {
        Py_XDECREF(seq);
        return -1;
    }
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    *patterns = PyMem_Calloc(n ? (size_t)n : 1, sizeof **patterns);
    if (!*patterns) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *low = PyObject_CallMethodNoArgs(PySequence_Fast_GET_ITEM(seq, i), ref.s_lower);
        PyObject *b = low ? PyUnicode_AsEncodedString(low, "utf-8", "surrogatepass") : NULL;
        Py_XDECREF(low);
        if (!b || PyList_Append(*owner, b) < 0) {
            Py_XDECREF(b);
            Py_DECREF(seq);
            return -1;
        }
        (*patterns)[i] = PyBytes_AS_STRING(b);   /* NUL-free: __post_init__ checked */
        Py_DECREF(b);
    }
    Py_DECREF(seq);
    c->background_url_patterns = *patterns;
    c->n_background_url_patterns = (size_t)n;
    return 0;
}

/* ---- correlate() ----------------------------------------------------------------- */

static PyObject *py_correlate(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *ui, *api, *nav, *cfg_obj, *session_id, *result = NULL, *pattern_owner = NULL;
    const char **patterns = NULL;
    if (!PyArg_ParseTuple(args, "OOOOO:correlate", &ui, &api, &nav, &cfg_obj, &session_id))
        return NULL;
    if (load_reference() < 0 || corr_result_init() < 0) return NULL;
    corr_input in = {0};
    conv cv = {.in = &in};
    ob_corr_config cfg;
    ob_corr_result *res = NULL;
    int gc_was_enabled = PyGC_Disable();   /* as the reference: no cycles are made */
    if (read_config(cfg_obj, &cfg, &patterns, &pattern_owner) < 0) goto done;
    if (!(in.diagnostics = PyList_New(0))
        || !(in.keep = PyList_New(0)))
        goto done;
    if (read_stream(&cv, ui, S_UI) < 0 || read_stream(&cv, api, S_API) < 0
        || read_stream(&cv, nav, S_NAV) < 0)
        goto done;
    char err[200];
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = ob_correlate(in.ui, in.n_ui, in.api, in.n_api, in.nav, in.n_nav, &cfg, &res, err,
                      sizeof err);
    Py_END_ALLOW_THREADS
    if (rc == OB_CORR_ENOMEM) {
        PyErr_NoMemory();
    } else if (rc == OB_CORR_EDOM) {
        PyErr_SetString(strncmp(err, "float division", 14) == 0 ? PyExc_ZeroDivisionError
                                                                : PyExc_OverflowError, err);
    } else if (rc != OB_CORR_OK) {
        PyErr_SetString(PyExc_ValueError, err);
    } else {
        result = corr_build_result(&in, res, &cfg, session_id);
    }
done:
    if (gc_was_enabled) PyGC_Enable();
    ob_corr_result_free(res);
    free_input(&in);
    strtab_free(&cv.interned);
    key_cache_clear(&cv.keys);
    PyMem_Free(cv.scratch);
    PyMem_Free(patterns);
    Py_XDECREF(pattern_owner);
    return result;
}

PyMethodDef ob_correlate_methods[] = {
    {"correlate", py_correlate, METH_VARARGS,
     "correlate(ui_events, api_events, navigation_events, config, session_id) -> dict, "
     "the result of observe_core._python.correlate.correlate"},
    {NULL, NULL, 0, NULL},
};
