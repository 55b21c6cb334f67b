/*
 * _native_sdk.c - add_sdk_events() and convert_sdk_event(): the C
 * accelerator of the recording SDK's event conversion (the loop of
 * session_io/sdk.py's _add_events and session_io/sdk_event.py's
 * _convert_event and _session_id_of).
 *
 * The Python code is the specification. Its tables (FIELDS, STREAM_OF_TYPE,
 * GENERIC_UI_TYPES, TYPE_KEYS, PAYLOAD_KEYS, SESSION_KEYS) are read from
 * sdk_event at first use, and only the common event takes the C path: a
 * dict whose keys are all str, whose data/details payloads are absent, null
 * or dicts, whose type values are ASCII str, and whose type (or the forced
 * type) names a stream. Every other event - not an object, a payload stored
 * as a JSON string or of another type, a type that is not an ASCII str, an
 * unknown or missing type - is handed to _convert_event itself, which also
 * writes every diagnostic, so the two agree by construction there. The C
 * path never writes a diagnostic. The session id is read the same way: in C
 * for plain values, by _session_id_of for anything else.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "_native_keys.h"

#include <stdint.h>
#include <string.h>

#define MAX_STREAMS 4
#define MAX_FIELDS 32            /* distinct output fields of all streams */
#define MAX_ALIASES 8            /* names read for one field */
#define MAX_KEYS 4               /* type, payload and session key names */
#define MAX_LAYERS (1 + MAX_KEYS)
#define MAX_TYPES 64             /* entries of STREAM_OF_TYPE, of GENERIC_UI_TYPES */
#define TYPE_KEY_MAX 32          /* longest type name, plus one */

/* ---- the tables of sdk_event ----------------------------------------------- */

typedef struct type_name {
    char text[TYPE_KEY_MAX];
    size_t len;
    int stream;                  /* index into tab.stream (-1 in tab.generic) */
} type_name;

/* What this file takes from sdk_event, loaded once and kept for the life of
 * the interpreter (the module's own tables live as long). */
static struct {
    int loaded;
    PyObject *convert_event, *session_id_of;      /* the reference functions */
    PyObject *stream[MAX_STREAMS];                /* FIELDS' keys, in order */
    int n_streams, ui;                            /* ui: the "ui" stream, or -1 */
    int stream_field[MAX_STREAMS][MAX_FIELDS];    /* FIELDS[stream]'s fields, in order */
    int n_stream_fields[MAX_STREAMS];
    PyObject *field[MAX_FIELDS];                  /* output names */
    PyObject *aliases[MAX_FIELDS];                /* the tuple of names read for each */
    unsigned field_streams[MAX_FIELDS];           /* bit s set: a field of stream s */
    int n_fields;
    PyObject *codes;          /* dict: name read -> (field << 8) | rank among the field's */
    PyObject *type_key[MAX_KEYS], *payload_key[MAX_KEYS], *session_key[MAX_KEYS];
    int type_key_code[MAX_KEYS];                  /* codes of the type keys, or -1 */
    int n_type_keys, n_payload_keys, n_session_keys;
    type_name types[MAX_TYPES], generic[MAX_TYPES];
    int n_types, n_generic;
    PyObject *s_action, *s_data, *s_stream, *s_append, *s_session_id;
} tab;

static int table_error(const char *what) {
    PyErr_Format(PyExc_RuntimeError,
                 "observe_core.session_io.sdk_event.%s is not what _native_sdk.c expects", what);
    return -1;
}

/* sdk_event.<attr>, a tuple of at most MAX_KEYS str, into out[]. */
static int load_keys(PyObject *mod, const char *attr, PyObject **out, int *n) {
    PyObject *t = PyObject_GetAttrString(mod, attr);
    if (!t) return -1;
    int rc = PyTuple_Check(t) && PyTuple_GET_SIZE(t) <= MAX_KEYS ? 0 : table_error(attr);
    for (Py_ssize_t i = 0; rc == 0 && i < PyTuple_GET_SIZE(t); i++) {
        PyObject *s = PyTuple_GET_ITEM(t, i);
        if (!PyUnicode_CheckExact(s)) rc = table_error(attr);
        else Py_XSETREF(out[i], Py_NewRef(s));
    }
    if (rc == 0) *n = (int)PyTuple_GET_SIZE(t);
    Py_DECREF(t);
    return rc;
}

/* The index of output field `name` reading `aliases`, added to the table
 * (with its names' codes) when new; -1 on error. A name read for two fields
 * would make the one-pass read ambiguous, so it is refused. */
static int field_index(PyObject *name, PyObject *aliases) {
    for (int f = 0; f < tab.n_fields; f++) {
        int same = PyUnicode_Compare(tab.field[f], name);
        if (same == -1 && PyErr_Occurred()) return -1;
        if (same != 0) continue;
        int eq = PyObject_RichCompareBool(tab.aliases[f], aliases, Py_EQ);
        return eq > 0 ? f : eq < 0 ? -1 : table_error("FIELDS");
    }
    int f = tab.n_fields;
    if (f == MAX_FIELDS || !PyUnicode_CheckExact(name) || !PyTuple_Check(aliases) ||
        PyTuple_GET_SIZE(aliases) > MAX_ALIASES)
        return table_error("FIELDS");
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(aliases); k++) {
        PyObject *alias = PyTuple_GET_ITEM(aliases, k);
        int seen = PyUnicode_CheckExact(alias) ? PyDict_Contains(tab.codes, alias) : 1;
        if (seen != 0) return seen < 0 ? -1 : table_error("FIELDS");
        PyObject *code = PyLong_FromLong((long)(f << 8 | (int)k));
        int rc = code ? PyDict_SetItem(tab.codes, alias, code) : -1;
        Py_XDECREF(code);
        if (rc < 0) return -1;
    }
    Py_XSETREF(tab.field[f], Py_NewRef(name));
    Py_XSETREF(tab.aliases[f], Py_NewRef(aliases));
    tab.field_streams[f] = 0;
    tab.n_fields++;
    return f;
}

/* FIELDS: stream -> {output field: names read}, in output order. */
static int load_fields(PyObject *mod) {
    PyObject *fields = PyObject_GetAttrString(mod, "FIELDS");
    if (!fields) return -1;
    Py_XSETREF(tab.codes, PyDict_New());
    tab.n_fields = tab.n_streams = 0;
    tab.ui = -1;
    int rc = 0;
    if (!tab.codes) rc = -1;
    else if (!PyDict_Check(fields) || PyDict_GET_SIZE(fields) > MAX_STREAMS)
        rc = table_error("FIELDS");
    Py_ssize_t pos = 0, fpos;
    PyObject *stream, *table, *name, *aliases;
    while (rc == 0 && PyDict_Next(fields, &pos, &stream, &table)) {
        int s = tab.n_streams++;
        if (!PyUnicode_CheckExact(stream) || !PyDict_Check(table) ||
            PyDict_GET_SIZE(table) > MAX_FIELDS) {
            rc = table_error("FIELDS");
            break;
        }
        Py_XSETREF(tab.stream[s], Py_NewRef(stream));
        if (PyUnicode_CompareWithASCIIString(stream, "ui") == 0) tab.ui = s;
        tab.n_stream_fields[s] = 0;
        for (fpos = 0; rc == 0 && PyDict_Next(table, &fpos, &name, &aliases);) {
            int f = field_index(name, aliases);
            if (f < 0) rc = -1;
            else {
                tab.field_streams[f] |= 1u << s;
                tab.stream_field[s][tab.n_stream_fields[s]++] = f;
            }
        }
    }
    Py_DECREF(fields);
    return rc;
}

/* An ASCII str's _type_key() into buf: lower case, without "_", "-" and " ".
 * Its length, or TYPE_KEY_MAX when it is longer than any table name. */
static size_t type_key(PyObject *s, char buf[TYPE_KEY_MAX]) {
    const Py_UCS1 *p = PyUnicode_1BYTE_DATA(s);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    size_t len = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        char c = (char)p[i];
        if (c == '_' || c == '-' || c == ' ') continue;
        if (len == TYPE_KEY_MAX - 1) return TYPE_KEY_MAX;
        buf[len++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    return len;
}

static int is_ascii_str(PyObject *v) {
    return PyUnicode_CheckExact(v) && PyUnicode_IS_ASCII(v);
}

/* A table name (an ASCII str, stored as is: a name that is not in
 * _type_key() form can never match, in either implementation). */
static int add_type_name(type_name *list, int *n, PyObject *name, int stream, const char *what) {
    if (*n == MAX_TYPES || !is_ascii_str(name) || PyUnicode_GET_LENGTH(name) >= TYPE_KEY_MAX)
        return table_error(what);
    type_name *t = &list[(*n)++];
    t->len = (size_t)PyUnicode_GET_LENGTH(name);
    memcpy(t->text, PyUnicode_1BYTE_DATA(name), t->len);
    t->stream = stream;
    return 0;
}

static const type_name *find_type(const type_name *list, int n, PyObject *value) {
    char key[TYPE_KEY_MAX];
    size_t len = type_key(value, key);
    for (int i = 0; len < TYPE_KEY_MAX && i < n; i++) {
        if (list[i].len == len && memcmp(list[i].text, key, len) == 0) return &list[i];
    }
    return NULL;
}

/* STREAM_OF_TYPE (type name -> a stream of FIELDS) and GENERIC_UI_TYPES. */
static int load_type_names(PyObject *mod) {
    PyObject *map = PyObject_GetAttrString(mod, "STREAM_OF_TYPE");
    PyObject *generic = map ? PyObject_GetAttrString(mod, "GENERIC_UI_TYPES") : NULL;
    PyObject *it = generic ? PyObject_GetIter(generic) : NULL;
    int rc = it ? 0 : -1;
    if (rc == 0 && !PyDict_Check(map)) rc = table_error("STREAM_OF_TYPE");
    tab.n_types = tab.n_generic = 0;
    Py_ssize_t pos = 0;
    PyObject *name, *stream;
    while (rc == 0 && PyDict_Next(map, &pos, &name, &stream)) {
        int s = 0;
        while (s < tab.n_streams && !(PyUnicode_Check(stream) &&
                                      PyUnicode_Compare(stream, tab.stream[s]) == 0))
            s++;
        rc = s < tab.n_streams ? add_type_name(tab.types, &tab.n_types, name, s,
                                               "STREAM_OF_TYPE")
                               : table_error("STREAM_OF_TYPE");
    }
    while (rc == 0 && (name = PyIter_Next(it))) {
        rc = add_type_name(tab.generic, &tab.n_generic, name, -1, "GENERIC_UI_TYPES");
        Py_DECREF(name);
    }
    if (rc == 0 && PyErr_Occurred()) rc = -1;
    Py_XDECREF(it);
    Py_XDECREF(generic);
    Py_XDECREF(map);
    return rc;
}

static int intern(PyObject **slot, const char *text) {
    if (!*slot) *slot = PyUnicode_InternFromString(text);
    return *slot ? 0 : -1;
}

static int load_tables(void) {
    if (tab.loaded) return 0;
    PyObject *mod = PyImport_ImportModule("observe_core.session_io.sdk_event");
    if (!mod) return -1;
    int rc = load_fields(mod);
    if (rc == 0) rc = load_type_names(mod);
    if (rc == 0) rc = load_keys(mod, "TYPE_KEYS", tab.type_key, &tab.n_type_keys);
    if (rc == 0) rc = load_keys(mod, "PAYLOAD_KEYS", tab.payload_key, &tab.n_payload_keys);
    if (rc == 0) rc = load_keys(mod, "SESSION_KEYS", tab.session_key, &tab.n_session_keys);
    for (int k = 0; rc == 0 && k < tab.n_type_keys; k++) {
        PyObject *code = PyDict_GetItemWithError(tab.codes, tab.type_key[k]);
        tab.type_key_code[k] = code ? (int)PyLong_AsLong(code) : -1;
        if (!code && PyErr_Occurred()) rc = -1;
    }
    if (rc == 0) {
        Py_XSETREF(tab.convert_event, PyObject_GetAttrString(mod, "_convert_event"));
        Py_XSETREF(tab.session_id_of, PyObject_GetAttrString(mod, "_session_id_of"));
        if (!tab.convert_event || !tab.session_id_of) rc = -1;
    }
    if (rc == 0 && (intern(&tab.s_action, "action") || intern(&tab.s_data, "data") ||
                    intern(&tab.s_stream, "stream") || intern(&tab.s_append, "append") ||
                    intern(&tab.s_session_id, "session_id")))
        rc = -1;
    Py_DECREF(mod);
    tab.loaded = rc == 0;
    return rc;
}

/* ---- one event ------------------------------------------------------------- */

/* The code of a key in tab.codes, -1 for a name no field reads, -2 on error. */
static int key_code(key_cache *kc, PyObject *key) { return key_cache_code(kc, tab.codes, key); }

/* One event on its way through the C path; every object is a new reference. */
typedef struct event_view {
    PyObject *layer[MAX_LAYERS];      /* the event, then its payload dicts */
    int n_layers;
    int stream;                       /* index into tab.stream, -1 for none */
    int type_layer, type_index;       /* the type field that named the stream, or -1 */
    PyObject *type_value;             /* the type deciding the stream (may be forced) */
    PyObject *slot[MAX_FIELDS];       /* each field's value, NULL for none */
    int slot_layer[MAX_FIELDS], slot_rank[MAX_FIELDS];
} event_view;

static void view_release(event_view *ev) {
    for (int i = 0; i < ev->n_layers; i++) Py_CLEAR(ev->layer[i]);
    for (int f = 0; f < tab.n_fields; f++) Py_CLEAR(ev->slot[f]);
    Py_CLEAR(ev->type_value);
}

/* _layers(): the event, then its dict payloads. 1, or 0 when the reference
 * must convert the event (not a dict; a payload neither a dict nor null,
 * which is parsed or reported), -1 on error. */
static int take_layers(event_view *ev, PyObject *raw) {
    if (!PyDict_CheckExact(raw)) return 0;
    ev->layer[ev->n_layers++] = Py_NewRef(raw);
    for (int k = 0; k < tab.n_payload_keys; k++) {
        PyObject *inner = PyDict_GetItemWithError(raw, tab.payload_key[k]);
        if (!inner && PyErr_Occurred()) return -1;
        if (!inner || inner == Py_None) continue;
        if (!PyDict_CheckExact(inner)) return 0;
        ev->layer[ev->n_layers++] = Py_NewRef(inner);
    }
    return 1;
}

/* _classify(): the stream and the type field that named it. 1, or 0 when the
 * reference must convert the event (a type value that is not an ASCII str;
 * no stream, which is reported), -1 on error. forced: NULL for None. */
static int classify(event_view *ev, PyObject *forced) {
    ev->stream = ev->type_layer = ev->type_index = -1;
    for (int li = 0; li < ev->n_layers && ev->type_layer < 0; li++) {
        for (int k = 0; k < tab.n_type_keys; k++) {
            PyObject *v = PyDict_GetItemWithError(ev->layer[li], tab.type_key[k]);
            if (!v && PyErr_Occurred()) return -1;
            if (!v || v == Py_None) continue;
            if (!is_ascii_str(v)) return 0;
            const type_name *t = find_type(tab.types, tab.n_types, v);
            if (t) {
                ev->stream = t->stream;
                ev->type_layer = li;
                ev->type_index = k;
                ev->type_value = Py_NewRef(v);
                break;
            }
        }
    }
    if (forced) {
        if (!is_ascii_str(forced)) return 0;
        const type_name *t = find_type(tab.types, tab.n_types, forced);
        ev->stream = t ? t->stream : -1;
        Py_XSETREF(ev->type_value, Py_NewRef(forced));
    }
    return ev->stream >= 0;
}

/* The fields of the event's stream, as _lookup() finds them, in one pass over
 * each layer's keys: a field takes the value of its best-ranked name with a
 * value that is not None, in the first layer having one; the key that named
 * the stream is not read. 1, or 0 when the reference must convert the event
 * (a key that is not a str), -1 on error. */
static int read_fields(event_view *ev, key_cache *kc) {
    int type_code = ev->type_layer < 0 ? -1 : tab.type_key_code[ev->type_index];
    for (int li = 0; li < ev->n_layers; li++) {
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        while (PyDict_Next(ev->layer[li], &pos, &key, &value)) {
            if (!PyUnicode_CheckExact(key)) return 0;
            if (value == Py_None) continue;
            int c = key_code(kc, key);
            if (c == -2) return -1;
            if (c < 0 || (li == ev->type_layer && c == type_code)) continue;
            int f = c >> 8, rank = c & 0xff;
            if (!(tab.field_streams[f] >> ev->stream & 1u)) continue;
            if (ev->slot[f] && (ev->slot_layer[f] < li || ev->slot_rank[f] < rank)) continue;
            Py_XSETREF(ev->slot[f], Py_NewRef(value));
            ev->slot_layer[f] = li;
            ev->slot_rank[f] = rank;
        }
    }
    return 1;
}

/* The output dict: the stream's fields in FIELDS order, a missing one from
 * defaults (an exact dict, or NULL), then the action a UI type names. */
static PyObject *build_event(event_view *ev, PyObject *defaults) {
    PyObject *out = PyDict_New();
    if (!out) return NULL;
    int s = ev->stream;
    int use_defaults = defaults && PyDict_GET_SIZE(defaults) > 0;
    for (int i = 0; i < tab.n_stream_fields[s]; i++) {
        int f = tab.stream_field[s][i];
        PyObject *value = ev->slot[f];
        if (!value && use_defaults) {
            value = PyDict_GetItemWithError(defaults, tab.field[f]);
            if (!value && PyErr_Occurred()) goto fail;
            if (value == Py_None) value = NULL;
        }
        if (value && PyDict_SetItem(out, tab.field[f], value) < 0) goto fail;
    }
    if (s == tab.ui) {
        int has = PyDict_Contains(out, tab.s_action);
        if (has < 0) goto fail;
        if (!has && !find_type(tab.generic, tab.n_generic, ev->type_value) &&
            PyDict_SetItem(out, tab.s_action, ev->type_value) < 0)
            goto fail;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* _convert_event() of one event on the C path: 1 with *stream and *out (a
 * new dict), 0 when the reference must convert it (nothing was done, nothing
 * reported), -1 on error. forced and defaults: NULL for None. kc may be NULL. */
static int convert_fast(key_cache *kc, PyObject *raw, PyObject *forced, PyObject *defaults,
                        int *stream, PyObject **out) {
    event_view ev;
    memset(&ev, 0, sizeof ev);
    int rc = defaults && !PyDict_CheckExact(defaults) ? 0 : take_layers(&ev, raw);
    if (rc == 1) rc = classify(&ev, forced);
    if (rc == 1) rc = read_fields(&ev, kc);
    if (rc == 1) {
        *stream = ev.stream;
        *out = build_event(&ev, defaults);
        if (!*out) rc = -1;
    }
    view_release(&ev);
    return rc;
}

/* isinstance() of these answers by type alone; of anything else it may not
 * (subclasses, __class__), so the reference is asked. */
static int is_plain(PyObject *v) {
    return v == Py_None || PyBool_Check(v) || PyUnicode_CheckExact(v) || PyLong_CheckExact(v) ||
           PyFloat_CheckExact(v) || PyList_CheckExact(v) || PyDict_CheckExact(v);
}

/* _session_id_of() for plain values: 1 with *sid (a new reference, NULL for
 * None), 0 when the reference must answer, -1 on error. */
static int session_id_fast(PyObject *raw, PyObject **sid) {
    *sid = NULL;
    if (!PyDict_CheckExact(raw)) return 0;
    PyObject *data = PyDict_GetItemWithError(raw, tab.s_data);
    if (!data && PyErr_Occurred()) return -1;
    if (data && !is_plain(data)) return 0;
    PyObject *layers[2] = {raw, data && PyDict_CheckExact(data) ? data : NULL};
    for (int li = 0; li < 2 && layers[li]; li++) {
        for (int k = 0; k < tab.n_session_keys; k++) {
            PyObject *v = PyDict_GetItemWithError(layers[li], tab.session_key[k]);
            if (!v && PyErr_Occurred()) return -1;
            if (!v) continue;
            if (!is_plain(v)) return 0;
            if (PyUnicode_CheckExact(v) || PyLong_CheckExact(v)) {
                *sid = PyObject_Str(v);
                return *sid ? 1 : -1;
            }
        }
    }
    return 1;
}

/* ---- add_sdk_events -------------------------------------------------------- */

/* One call of add_sdk_events: the _add_events loop. */
typedef struct batch {
    PyObject *session, *report, *prefix;   /* the call's arguments (borrowed) */
    PyObject *list[MAX_STREAMS];           /* session.stream(name) of each stream */
    int have_session_id;
    key_cache kc;
} batch;

/* `session.session_id is not None`, read at the start and again after any
 * Python code ran (the reference, the report), which could have set it. */
static int read_session_id(batch *b) {
    PyObject *sid = PyObject_GetAttr(b->session, tab.s_session_id);
    if (!sid) return -1;
    b->have_session_id = sid != Py_None;
    Py_DECREF(sid);
    return 0;
}

static int batch_start(batch *b) {
    for (int s = 0; s < tab.n_streams; s++) {
        b->list[s] = PyObject_CallMethodOneArg(b->session, tab.s_stream, tab.stream[s]);
        if (!b->list[s]) return -1;
        if (!PyList_Check(b->list[s])) {
            PyErr_SetString(PyExc_TypeError, "add_sdk_events: session.stream() is not a list");
            return -1;
        }
    }
    return read_session_id(b);
}

static void batch_end(batch *b) {
    for (int s = 0; s < MAX_STREAMS; s++) Py_CLEAR(b->list[s]);
    key_cache_clear(&b->kc);
}

/* `converted = _convert_event(raw, where, report)` and its append. */
static int add_by_reference(batch *b, PyObject *where, Py_ssize_t index, PyObject *raw) {
    PyObject *loc = where ? Py_NewRef(where) : PyUnicode_FromFormat("%U[%zd]", b->prefix, index);
    if (!loc) return -1;
    PyObject *res = PyObject_CallFunctionObjArgs(tab.convert_event, raw, loc, b->report, NULL);
    Py_DECREF(loc);
    if (!res) return -1;
    int rc = 0;
    if (res != Py_None) {
        PyObject *stream, *event, *list = NULL, *done = NULL;
        if (PyTuple_Check(res) && PyArg_UnpackTuple(res, "_convert_event", 2, 2, &stream, &event)
            && (list = PyObject_CallMethodOneArg(b->session, tab.s_stream, stream)))
            done = PyObject_CallMethodOneArg(list, tab.s_append, event);
        else if (!PyErr_Occurred())
            PyErr_SetString(PyExc_TypeError, "_convert_event returned neither None nor a pair");
        rc = done ? 0 : -1;
        Py_XDECREF(list);
        Py_XDECREF(done);
    }
    Py_DECREF(res);
    return rc;
}

/* `if session.session_id is None: session.session_id = _session_id_of(raw)`. */
static int take_session_id(batch *b, PyObject *raw) {
    PyObject *sid;
    int rc = session_id_fast(raw, &sid);
    if (rc < 0) return -1;
    if (rc == 0) {
        sid = PyObject_CallOneArg(tab.session_id_of, raw);
        if (!sid) return -1;
        if (sid == Py_None) Py_CLEAR(sid);
    }
    if (!sid) return 0;
    rc = PyObject_SetAttr(b->session, tab.s_session_id, sid);
    Py_DECREF(sid);
    b->have_session_id = rc == 0;
    return rc;
}

/* One event; where is its location, or NULL for prefix[index]. */
static int add_one(batch *b, PyObject *where, Py_ssize_t index, PyObject *raw) {
    int stream, rc;
    PyObject *out;
    rc = convert_fast(&b->kc, raw, NULL, NULL, &stream, &out);
    if (rc == 1) {
        rc = PyList_Append(b->list[stream], out);
        Py_DECREF(out);
    } else if (rc == 0) {
        rc = add_by_reference(b, where, index, raw);
        if (rc == 0 && !b->have_session_id) rc = read_session_id(b);
    }
    if (rc < 0) return -1;
    return b->have_session_id ? 0 : take_session_id(b, raw);
}

/* (location, event) pairs from any iterable, read one at a time: the JSON
 * Lines reader reports a bad line when it reaches it. */
static int add_pairs(batch *b, PyObject *items) {
    PyObject *it = PyObject_GetIter(items), *item;
    if (!it) return -1;
    int rc = 0;
    while (rc == 0 && (item = PyIter_Next(it))) {
        if (PyTuple_Check(item) && PyTuple_GET_SIZE(item) == 2) {
            rc = add_one(b, PyTuple_GET_ITEM(item, 0), -1, PyTuple_GET_ITEM(item, 1));
        } else {
            PyErr_SetString(PyExc_TypeError, "add_sdk_events: items must be (location, event) "
                                             "pairs");
            rc = -1;
        }
        Py_DECREF(item);
    }
    Py_DECREF(it);
    return rc < 0 || PyErr_Occurred() ? -1 : 0;
}

/* The events of a list (as enumerate() reads it: a list that grows is read
 * to its new end), or of any iterable; locations prefix[i]. */
static int add_indexed(batch *b, PyObject *events) {
    if (PyList_CheckExact(events)) {
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(events); i++) {
            PyObject *raw = Py_NewRef(PyList_GET_ITEM(events, i));
            int rc = add_one(b, NULL, i, raw);
            Py_DECREF(raw);
            if (rc < 0) return -1;
        }
        return 0;
    }
    PyObject *it = PyObject_GetIter(events), *raw;
    if (!it) return -1;
    int rc = 0;
    for (Py_ssize_t i = 0; rc == 0 && (raw = PyIter_Next(it)); i++) {
        rc = add_one(b, NULL, i, raw);
        Py_DECREF(raw);
    }
    Py_DECREF(it);
    return rc < 0 || PyErr_Occurred() ? -1 : 0;
}

static PyObject *py_add_sdk_events(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *session, *report, *items, *prefix = Py_None;
    if (!PyArg_ParseTuple(args, "OOO|O:add_sdk_events", &session, &report, &items, &prefix))
        return NULL;
    if (prefix != Py_None && !PyUnicode_CheckExact(prefix)) {
        PyErr_SetString(PyExc_TypeError, "add_sdk_events: prefix must be a str or None");
        return NULL;
    }
    if (load_tables() < 0) return NULL;
    batch *b = PyMem_Calloc(1, sizeof *b);
    if (!b) return PyErr_NoMemory();
    b->session = session;
    b->report = report;
    b->prefix = prefix;
    /* Thousands of new dicts would start the cyclic GC again and again (and
     * a full pass over the parsed document now and then), though none of
     * them can be part of a cycle; it is paused while they are made. */
    int gc_was_enabled = PyGC_Disable();
    int rc = batch_start(b);
    if (rc == 0) rc = prefix == Py_None ? add_pairs(b, items) : add_indexed(b, items);
    batch_end(b);
    if (gc_was_enabled) PyGC_Enable();
    PyMem_Free(b);
    return rc < 0 ? NULL : Py_NewRef(Py_None);
}

/* ---- convert_sdk_event ----------------------------------------------------- */

static PyObject *py_convert_sdk_event(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"raw", "where", "report", "forced_type", "defaults", NULL};
    PyObject *raw, *where, *report, *forced = Py_None, *defaults = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OOO|OO:convert_sdk_event", kwlist, &raw,
                                     &where, &report, &forced, &defaults))
        return NULL;
    if (load_tables() < 0) return NULL;
    int stream;
    PyObject *out;
    int rc = convert_fast(NULL, raw, forced == Py_None ? NULL : forced,
                          defaults == Py_None ? NULL : defaults, &stream, &out);
    if (rc < 0) return NULL;
    if (rc == 0)
        return PyObject_CallFunctionObjArgs(tab.convert_event, raw, where, report, forced,
                                            defaults, NULL);
    PyObject *pair = PyTuple_Pack(2, tab.stream[stream], out);
    Py_DECREF(out);
    return pair;
}

PyMethodDef ob_sdk_methods[] = {
    {"add_sdk_events", py_add_sdk_events, METH_VARARGS,
     "add_sdk_events(session, report, items, prefix=None): session_io.sdk._add_events; items "
     "are (location, event) pairs, or with a prefix str the events, located prefix[i]"},
    {"convert_sdk_event", (PyCFunction)(void (*)(void))py_convert_sdk_event,
     METH_VARARGS | METH_KEYWORDS,
     "convert_sdk_event(raw, where, report, forced_type=None, defaults=None) -> (stream, "
     "event) or None: session_io.sdk_event._convert_event"},
    {NULL, NULL, 0, NULL},
};
