/*
 * _native_rules.c - the binding of the rule engine (libobserve/rules.h):
 * compiling a rule set into a capsule, and matching one file's bytes with
 * the GIL released. observe_core/rule_engine.py turns the plain tuples
 * returned here into the match dicts of docs/rules.md.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "rules.h"

#include "_native.h"

static const char *CAPSULE = "observe_core.rules";

static void free_capsule(PyObject *capsule) {
    ob_rules_free(PyCapsule_GetPointer(capsule, CAPSULE));
}

/* rules_compile([(id, pattern bytes, language mask, where mask), ...]) -> capsule */
static PyObject *py_rules_compile(PyObject *self, PyObject *arg) {
    (void)self;
    PyObject *seq = PySequence_Fast(arg, "rules_compile: a sequence of rule tuples");
    if (!seq) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
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
        if (!PyArg_ParseTuple(PySequence_Fast_GET_ITEM(seq, i), "sy*II", &id, &pattern, &langs,
                              &where))
            goto done;
        specs[i] = (ob_rule_spec){id, pattern.buf, (size_t)pattern.len, langs, where};
        PyBuffer_Release(&pattern);      /* bytes objects: the buffer stays with seq */
    }
    ob_rules *rules;
    char err[512];
    if (ob_rules_compile(specs, (size_t)n, &rules, err, sizeof err)) {
        PyErr_SetString(PyExc_ValueError, err);
        goto done;
    }
    if (!(result = PyCapsule_New(rules, CAPSULE, free_capsule))) ob_rules_free(rules);
done:
    PyMem_Free(specs);
    Py_DECREF(seq);
    return result;
}

static PyObject *match_tuple(const ob_rules *rules, const ob_rule_match *m) {
    int groups = ob_rules_group_count(rules, m->rule);
    PyObject *offsets = PyTuple_New(2 * (Py_ssize_t)groups);
    for (int g = 0; offsets && g < 2 * groups; g++) {
        PyObject *v = m->groups[g] == SIZE_MAX ? PyLong_FromLong(-1)
                                               : PyLong_FromSize_t(m->groups[g]);
        if (!v) Py_CLEAR(offsets);
        else PyTuple_SET_ITEM(offsets, g, v);
    }
    if (!offsets) return NULL;
    return Py_BuildValue("(InnIIIIN)", m->rule, (Py_ssize_t)m->start, (Py_ssize_t)m->end,
                         m->line, m->column, m->end_line, m->end_column, offsets);
}

/* (matches, limits) lists of a result, as rules_match returns them. */
static PyObject *result_lists(const ob_rules *rules, const ob_rule_result *res) {
    PyObject *matches = PyList_New((Py_ssize_t)res->n_matches);
    PyObject *limits = PyList_New((Py_ssize_t)res->n_limits);
    for (size_t i = 0; matches && i < res->n_matches; i++) {
        PyObject *t = match_tuple(rules, &res->matches[i]);
        if (!t) Py_CLEAR(matches);
        else PyList_SET_ITEM(matches, (Py_ssize_t)i, t);
    }
    for (size_t i = 0; limits && i < res->n_limits; i++) {
        const ob_rule_limit *l = &res->limits[i];
        PyObject *t = Py_BuildValue("(Ini)", l->rule, (Py_ssize_t)l->offset, l->code);
        if (!t) Py_CLEAR(limits);
        else PyList_SET_ITEM(limits, (Py_ssize_t)i, t);
    }
    if (!matches || !limits) {
        Py_XDECREF(matches);
        Py_XDECREF(limits);
        return NULL;
    }
    return Py_BuildValue("(NN)", matches, limits);
}

/* rules_match(capsule, data: bytes, language: str | None)
 *   -> ([(rule, start, end, line, column, end_line, end_column, group offsets)],
 *       [(rule, offset, pcre2 error code)]) */
static PyObject *py_rules_match(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *capsule;
    Py_buffer data;
    const char *language = NULL;
    if (!PyArg_ParseTuple(args, "Oy*z", &capsule, &data, &language)) return NULL;
    const ob_rules *rules = PyCapsule_GetPointer(capsule, CAPSULE);
    if (!rules) {
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
    PyBuffer_Release(&data);
    if (rc) return PyErr_NoMemory();
    PyObject *out = result_lists(rules, res);
    ob_rule_result_free(res);
    return out;
}

/* rules_match_files(capsule, paths, jobs) -> one item per path: (matches, limits, data) with
 * data the file's bytes when it has matches (else None), or (None, error code, message). */
static PyObject *py_rules_match_files(PyObject *self, PyObject *args) {
    (void)self;
    PyObject *capsule, *seq, *owner = NULL, *out = NULL;
    int jobs = 0;
    if (!PyArg_ParseTuple(args, "OO|i", &capsule, &seq, &jobs)) return NULL;
    const ob_rules *rules = PyCapsule_GetPointer(capsule, CAPSULE);
    const char **paths = NULL;
    size_t n = 0;
    if (!rules || string_array(seq, &paths, &n, &owner) < 0) return NULL;
    ob_rule_file *files = PyMem_Calloc(n ? n : 1, sizeof *files);
    if (!files) {
        PyErr_NoMemory();
        goto done;
    }
    Py_BEGIN_ALLOW_THREADS
    ob_rules_match_files(rules, paths, n, jobs, files);
    Py_END_ALLOW_THREADS
    out = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; out && i < n; i++) {
        ob_rule_file *f = &files[i];
        PyObject *item;
        if (!f->result) {
            item = Py_BuildValue("(Oss)", Py_None, f->error_code ? f->error_code : "read-error",
                                 f->error);
        } else {
            PyObject *lists = result_lists(rules, f->result);
            PyObject *data = f->buf.data ? PyBytes_FromStringAndSize(f->buf.data,
                                                                      (Py_ssize_t)f->buf.len)
                                         : Py_NewRef(Py_None);
            item = lists && data ? Py_BuildValue("(OOO)", PyTuple_GET_ITEM(lists, 0),
                                                 PyTuple_GET_ITEM(lists, 1), data) : NULL;
            Py_XDECREF(lists);
            Py_XDECREF(data);
        }
        if (!item) Py_CLEAR(out);
        else PyList_SET_ITEM(out, (Py_ssize_t)i, item);
    }
done:
    for (size_t i = 0; files && i < n; i++) ob_rule_file_clear(&files[i]);
    PyMem_Free(files);
    free(paths);
    Py_XDECREF(owner);
    return out;
}

PyMethodDef ob_rules_methods[] = {
    {"rules_compile", py_rules_compile, METH_O,
     "rules_compile([(id, pattern, language mask, where mask), ...]) -> compiled rule set"},
    {"rules_match", py_rules_match, METH_VARARGS,
     "rules_match(rules, data, language) -> (matches, limits)"},
    {"rules_match_files", py_rules_match_files, METH_VARARGS,
     "rules_match_files(rules, paths, jobs=0) -> [(matches, limits, data) or "
     "(None, error code, message)] in the order of paths"},
    {NULL, NULL, 0, NULL},
};
