/*
 * _native_brace.c - the binding of the brace-language metrics pass
 * (libobserve/metrics_brace.h): analyze_brace_source returns the same dict
 * as observe_core/_python/brace_metrics.analyze_source, which the
 * differential test (tests/test_brace_metrics_native.py) checks.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdint.h>

#include "metrics_brace.h"
#include "report.h"

#include "_native.h"

/* The analysis with the GIL released; NULL when memory runs out. Every
 * diagnostic is kept (the Python pass has no limit). */
static ob_file_report *analyze(const char *data, size_t len, const char *path,
                               ob_brace_lang lang) {
    ob_file_report *r = ob_report_new(path, ob_brace_report_language(lang), len);
    if (!r) return NULL;
    ob_diag_list diags;
    ob_diags_init(&diags, r->arena);
    diags.max = SIZE_MAX;
    if (ob_brace_metrics(data, len, lang, 0, r, &diags) < 0) {
        ob_vec_free(&diags.items);
        ob_file_report_free(r);
        return NULL;
    }
    if (ob_report_take_diags(r, &diags) < 0) {
        ob_file_report_free(r);
        return NULL;
    }
    return r;
}

/* The language by name or alias (any case), as brace_languages.rules_for:
 * a ValueError unless its metrics exist. */
static int parse_language(PyObject *name, ob_brace_lang *lang) {
    const char *text = PyUnicode_AsUTF8(name);
    if (!text) return -1;
    *lang = ob_brace_lang_from_name(text, NULL);
    if (*lang == OB_BRACE_JAVA || *lang == OB_BRACE_KOTLIN) return 0;
    PyObject *lower = PyObject_CallMethod(name, "lower", NULL);
    if (!lower) return -1;
    if (*lang != OB_BRACE_NONE) {
        Py_DECREF(lower);
        lower = PyUnicode_FromString(ob_brace_lang_name(*lang));
        if (!lower) return -1;
    }
    PyErr_Format(PyExc_ValueError, "metrics for %R are not implemented yet", lower);
    Py_DECREF(lower);
    return -1;
}

/* analyze_brace_source(data: bytes | str, language: str, path: str = "<string>") -> dict */
static PyObject *py_analyze_brace_source(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"data", "language", "path", NULL};
    PyObject *source, *language, *path = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "OU|U", kwlist, &source, &language, &path))
        return NULL;
    ob_brace_lang lang;
    if (parse_language(language, &lang) < 0) return NULL;
    PyObject *bytes = PyUnicode_Check(source)
                          ? PyUnicode_AsEncodedString(source, "utf-8", "surrogatepass")
                          : PyBytes_FromObject(source);
    if (!bytes) return NULL;
    PyObject *pypath = path ? path : PyUnicode_FromString("<string>");
    const char *cpath = pypath ? PyUnicode_AsUTF8(pypath) : NULL;
    PyObject *res = NULL;
    if (cpath) {
        const char *data = PyBytes_AS_STRING(bytes);
        size_t len = (size_t)PyBytes_GET_SIZE(bytes);
        ob_file_report *r;
        Py_BEGIN_ALLOW_THREADS
        r = analyze(data, len, cpath, lang);
        Py_END_ALLOW_THREADS
        res = r ? ob_report_dict(r, pypath) : PyErr_NoMemory();
        ob_file_report_free(r);
    }
    if (!path) Py_XDECREF(pypath);
    Py_DECREF(bytes);
    return res;
}

PyMethodDef ob_brace_methods[] = {
    {"analyze_brace_source", (PyCFunction)(void (*)(void))py_analyze_brace_source,
     METH_VARARGS | METH_KEYWORDS,
     "analyze_brace_source(data, language, path='<string>') -> dict (Java, Kotlin)"},
    {NULL, NULL, 0, NULL},
};
