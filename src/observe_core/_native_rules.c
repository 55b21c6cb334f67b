/*
 * _native_rules.c - the binding of the rule engine (libobserve/rules.h):
 * compiling a rule set into a capsule, and matching files or bytes with the
 * GIL released, giving the match dicts of docs/rules.md. Each call takes the
 * rule set's `meta`, per rule (id, ((field, group number), ...)), so the
 * dicts are built here, as rule_match.py builds them, without a second pass
 * in Python.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "rule_files.h"
#include "rules.h"

#include "_native.h"

static const char *CAPSULE = "observe_core.rules";

static void free_capsule(PyObject *capsule) {
    ob_rules_free(PyCapsule_GetPointer(capsule, CAPSULE));
}

/* rules_compile([(id, pattern bytes, language mask, where mask), ...], saved_gate=None)
 *   -> capsule */
static PyObject *py_rules_compile(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *arg, *saved = Py_None;
    if (!PyArg_ParseTuple(args, "O|O", &arg, &saved)) return NULL;
    if (saved != Py_None && !PyBytes_Check(saved)) {
        PyErr_SetString(PyExc_TypeError, "rules_compile: saved_gate must be bytes or None");
        return NULL;
    }
    /* a tuple: nothing can drop the ids and patterns while the GIL is released */
    PyObject *seq = PySequence_Tuple(arg);
    if (!seq) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(seq);
    ob_rule_spec *specs = PyMem_Calloc(n ? (size_t)n : 1, sizeof *specs);
    PyObject *result = NULL;
    if (!specs) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        const char *id;
        Py_buffer pattern;
        unsigned int langs, where;
        if (!PyArg_ParseTuple(PyTuple_GET_ITEM(seq, i), "sy*II", &id, &pattern, &langs,
                              &where))
            goto done;
        specs[i] = (ob_rule_spec){id, pattern.buf, (size_t)pattern.len, langs, where};
        PyBuffer_Release(&pattern);      /* bytes objects: the buffer stays with seq */
        if (!PyBytes_Check(PyTuple_GET_ITEM(PyTuple_GET_ITEM(seq, i), 1))) {
            PyErr_SetString(PyExc_TypeError, "rules_compile: patterns must be bytes");
            goto done;
        }
    }
    ob_rules *rules;
    char err[512];
    int rc;
    const char *blob = saved == Py_None ? NULL : PyBytes_AS_STRING(saved);
    size_t blob_len = saved == Py_None ? 0 : (size_t)PyBytes_GET_SIZE(saved);
    Py_BEGIN_ALLOW_THREADS              /* compiling the gate takes most of a second */
    rc = ob_rules_compile_saved(specs, (size_t)n, blob, blob_len, &rules, err, sizeof err);
    Py_END_ALLOW_THREADS
    if (rc) {
        PyErr_SetString(PyExc_ValueError, err);
        goto done;
    }
    if (!(result = PyCapsule_New(rules, CAPSULE, free_capsule))) ob_rules_free(rules);
done:
    PyMem_Free(specs);
    Py_DECREF(seq);
    return result;
}

/* rules_save_gate(capsule) -> the Vectorscan gate as bytes, None without one */
static PyObject *py_rules_save_gate(PyObject *self, PyObject *capsule) {
    (void)self;
    const ob_rules *rules = PyCapsule_GetPointer(capsule, CAPSULE);
    if (!rules) return NULL;
    char *bytes;
    size_t len;
    if (ob_rules_save_gate(rules, &bytes, &len)) Py_RETURN_NONE;
    PyObject *out = PyBytes_FromStringAndSize(bytes, (Py_ssize_t)len);
    free(bytes);
    return out;
}

#define TEXT_LIMIT 200    /* characters of a match's text (rule_match.py TEXT_LIMIT) */

enum { K_RULE, K_PATH, K_LINE, K_COLUMN, K_END_LINE, K_END_COLUMN, K_FIELDS, K_TEXT, N_KEYS };
static const char *const KEY_NAMES[N_KEYS] = {"rule", "path", "line", "column", "end_line",
                                               "end_column", "fields", "text"};

typedef struct builder {
    PyObject *keys[N_KEYS];
    PyObject *shape;          /* a dict of the N_KEYS keys: copies of it never resize */
    PyObject *meta;           /* per rule (id, ((field, group), ...)) */
    const ob_rules *rules;
} builder;

static void builder_clear(builder *b) {
    for (int k = 0; k < N_KEYS; k++) Py_CLEAR(b->keys[k]);
    Py_CLEAR(b->shape);
}

static int builder_init(builder *b, PyObject *meta, const ob_rules *rules) {
    *b = (builder){.meta = meta, .rules = rules};
    if (!PyList_Check(meta)) {
        PyErr_SetString(PyExc_TypeError, "meta: a list of (id, fields) per rule");
        return -1;
    }
    if (!(b->shape = PyDict_New())) return -1;
    for (int k = 0; k < N_KEYS; k++)
        if (!(b->keys[k] = PyUnicode_InternFromString(KEY_NAMES[k]))
            || PyDict_SetItem(b->shape, b->keys[k], Py_None)) {
            builder_clear(b);
            return -1;
        }
    return 0;
}

/* data[a:b].decode("utf-8", "replace") */
static PyObject *decode(const char *data, size_t a, size_t b) {
    return PyUnicode_DecodeUTF8(data + a, (Py_ssize_t)(b - a), "replace");
}

static PyObject *fields_dict(const builder *b, PyObject *fields, const char *data,
                             const ob_rule_match *m) {
    PyObject *d = PyDict_New();
    for (Py_ssize_t i = 0; d && i < PyTuple_GET_SIZE(fields); i++) {
        PyObject *pair = PyTuple_GET_ITEM(fields, i);
        long g = PyLong_AsLong(PyTuple_GET_ITEM(pair, 1));
        if (g < 1 || g > ob_rules_group_count(b->rules, m->rule)) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_ValueError, "meta: bad group number");
            Py_CLEAR(d);
            break;
        }
        size_t lo = m->groups[2 * g - 2], hi = m->groups[2 * g - 1];
        PyObject *v = lo == SIZE_MAX ? Py_NewRef(Py_None) : decode(data, lo, hi);
        if (!v || PyDict_SetItem(d, PyTuple_GET_ITEM(pair, 0), v)) Py_CLEAR(d);
        Py_XDECREF(v);
    }
    return d;
}

static PyObject *match_dict(const builder *b, PyObject *path, const char *data,
                            const ob_rule_match *m) {
    PyObject *info = PyList_GET_ITEM(b->meta, m->rule);
    if (!PyTuple_Check(info) || PyTuple_GET_SIZE(info) != 2
        || !PyTuple_Check(PyTuple_GET_ITEM(info, 1))) {
        PyErr_SetString(PyExc_TypeError, "meta: (id, fields) tuples");
        return NULL;
    }
    PyObject *text = decode(data, m->start, m->end);
    if (text && PyUnicode_GET_LENGTH(text) > TEXT_LIMIT)
        Py_SETREF(text, PyUnicode_Substring(text, 0, TEXT_LIMIT));
    PyObject *fields = fields_dict(b, PyTuple_GET_ITEM(info, 1), data, m);
    PyObject *line = PyLong_FromUnsignedLong(m->line);
    PyObject *end_line = m->end_line == m->line ? Py_XNewRef(line)
                                                : PyLong_FromUnsignedLong(m->end_line);
    PyObject *values[N_KEYS] = {
        Py_NewRef(PyTuple_GET_ITEM(info, 0)), Py_NewRef(path), line,
        PyLong_FromUnsignedLong(m->column), end_line,
        PyLong_FromUnsignedLong(m->end_column), fields, text};
    PyObject *d = PyDict_Copy(b->shape);
    for (int k = 0; k < N_KEYS; k++)
        if (d && (!values[k] || PyDict_SetItem(d, b->keys[k], values[k]))) Py_CLEAR(d);
    for (int k = 0; k < N_KEYS; k++) Py_XDECREF(values[k]);
    return d;
}

/* Appends a result's match dicts to `matches` and its (rule, offset, pcre2 error code,
 * path) tuples to `limits`. */
static int add_result(const builder *b, PyObject *path, const char *data,
                      const ob_rule_result *res, PyObject *matches, PyObject *limits) {
    for (size_t i = 0; i < res->n_matches; i++) {
        if ((Py_ssize_t)res->matches[i].rule >= PyList_GET_SIZE(b->meta)) {
            PyErr_SetString(PyExc_ValueError, "meta: one entry per rule");
            return -1;
        }
        PyObject *d = match_dict(b, path, data, &res->matches[i]);
        if (!d || PyList_Append(matches, d)) {
            Py_XDECREF(d);
            return -1;
        }
        Py_DECREF(d);
    }
    for (size_t i = 0; i < res->n_limits; i++) {
        const ob_rule_limit *l = &res->limits[i];
        PyObject *t = Py_BuildValue("(IniO)", l->rule, (Py_ssize_t)l->offset, l->code, path);
        if (!t || PyList_Append(limits, t)) {
            Py_XDECREF(t);
            return -1;
        }
        Py_DECREF(t);
    }
    return 0;
}

/* rules_match(capsule, meta, data: bytes, path: str, language: str | None)
 *   -> ([match dict], [(rule, offset, pcre2 error code, path)]) */
static PyObject *py_rules_match(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *capsule, *meta, *path;
    Py_buffer data;
    const char *language = NULL;
    if (!PyArg_ParseTuple(args, "OOy*Uz", &capsule, &meta, &data, &path, &language)) return NULL;
    const ob_rules *rules = PyCapsule_GetPointer(capsule, CAPSULE);
    builder b;
    if (!rules || builder_init(&b, meta, rules)) {
        PyBuffer_Release(&data);
        return NULL;
    }
    ob_lang lang = language ? ob_lang_from_name(language) : OB_LANG_NONE;
    ob_rule_result *res;
    char err[200];
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = ob_rules_match(rules, data.buf, (size_t)data.len, lang, &res, err, sizeof err);
    Py_END_ALLOW_THREADS
    PyObject *matches = NULL, *limits = NULL, *out = NULL;
    if (rc) {
        PyErr_NoMemory();
    } else if ((matches = PyList_New(0)) && (limits = PyList_New(0))
               && !add_result(&b, path, data.buf, res, matches, limits)) {
        out = PyTuple_Pack(2, matches, limits);
    }
    Py_XDECREF(matches);
    Py_XDECREF(limits);
    if (!rc) ob_rule_result_free(res);
    PyBuffer_Release(&data);
    builder_clear(&b);
    return out;
}

/* rules_match_files(capsule, meta, paths, jobs)
 *   -> (matches, limits, errors): every file's match dicts in the order of paths, its
 *      (rule, offset, code, path) bound hits, and (path, error code, message) per file
 *      that could not be read. */
static PyObject *py_rules_match_files(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *capsule, *meta, *seq, *owner = NULL, *out = NULL;
    int jobs = 0, gc_was_on = 0;
    ob_rule_stream *stream = NULL;
    if (!PyArg_ParseTuple(args, "OOO!|i", &capsule, &meta, &PyList_Type, &seq, &jobs))
        return NULL;
    const ob_rules *rules = PyCapsule_GetPointer(capsule, CAPSULE);
    const char **paths = NULL;
    size_t n = 0;
    builder b;
    if (!rules || builder_init(&b, meta, rules)) return NULL;
    if (string_array(seq, &paths, &n, &owner) < 0) {
        builder_clear(&b);
        return NULL;
    }
    ob_rule_file *files = PyMem_Calloc(n ? n : 1, sizeof *files);
    PyObject *matches = PyList_New(0), *limits = PyList_New(0), *errors = PyList_New(0);
    if (!files || !matches || !limits || !errors) {
        if (!files) PyErr_NoMemory();
        goto done;
    }
    /* file i becomes dicts while the other threads match the files after it */
    if (!(stream = ob_rule_stream_start(rules, paths, n, jobs, files))) {
        PyErr_NoMemory();
        goto done;
    }
    /* tens of thousands of new dicts, none of them garbage: collections would only walk them */
    gc_was_on = PyGC_Disable();
    for (size_t i = 0; i < n; i++) {
        ob_rule_file *f = &files[i];
        PyObject *path = PyList_GET_ITEM(seq, (Py_ssize_t)i), *item;
        Py_BEGIN_ALLOW_THREADS
        ob_rule_stream_wait(stream, i);
        Py_END_ALLOW_THREADS
        if (!f->result) {
            item = Py_BuildValue("(Oss)", path, f->error_code ? f->error_code : "read-error",
                                 f->error);
            if (!item || PyList_Append(errors, item)) {
                Py_XDECREF(item);
                goto done;
            }
            Py_DECREF(item);
            continue;
        }
        int failed = add_result(&b, path, f->buf.data, f->result, matches, limits);
        ob_rule_file_clear(f);             /* its bytes are no longer needed */
        if (failed) goto done;
    }
    out = PyTuple_Pack(3, matches, limits, errors);
done:
    if (gc_was_on) PyGC_Enable();
    Py_BEGIN_ALLOW_THREADS
    ob_rule_stream_end(stream);            /* on an error, files may still be matching */
    Py_END_ALLOW_THREADS
    for (size_t i = 0; files && i < n; i++) ob_rule_file_clear(&files[i]);
    PyMem_Free(files);
    free(paths);
    Py_XDECREF(owner);
    Py_XDECREF(matches);
    Py_XDECREF(limits);
    Py_XDECREF(errors);
    builder_clear(&b);
    return out;
}

PyMethodDef ob_rules_methods[] = {
    {"rules_compile", py_rules_compile, METH_VARARGS,
     "rules_compile([(id, pattern, language mask, where mask), ...], saved_gate=None) -> "
     "compiled rule set"},
    {"rules_save_gate", py_rules_save_gate, METH_O,
     "rules_save_gate(rules) -> the Vectorscan gate as bytes, or None"},
    {"rules_match", py_rules_match, METH_VARARGS,
     "rules_match(rules, meta, data, path, language) -> (matches, limits)"},
    {"rules_match_files", py_rules_match_files, METH_VARARGS,
     "rules_match_files(rules, meta, paths, jobs=0) -> (matches, limits, errors)"},
    {NULL, NULL, 0, NULL},
};
