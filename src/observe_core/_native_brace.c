/*
 * _native_brace.c - language names for the binding, and analyze_brace_source:
 * the brace-language metrics pass (libobserve/metrics_brace.h) through
 * ob_analyze_source_jsx, returning the same dict as
 * observe_core/_python/brace_metrics.analyze_source, which the differential
 * tests (tests/test_brace_metrics_native*.py) check.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <strings.h>

#include "metrics_brace.h"
#include "observe.h"

#include "_native.h"

int ob_parse_language(const char *name, const char *path, int *lang, int *jsx) {
    *jsx = -1;
    if (!name || strcasecmp(name, "python") == 0 || strcasecmp(name, "py") == 0 ||
        strcasecmp(name, "python3") == 0) {
        *lang = OB_LANG_PYTHON;
        return 0;
    }
    int name_jsx;
    ob_brace_lang brace = ob_brace_lang_from_name(name, &name_jsx);
    if (brace == OB_BRACE_NONE) {
        PyErr_Format(PyExc_ValueError, "unsupported language: %s", name);
        return -1;
    }
    *lang = (int)ob_brace_report_language(brace);
    /* brace_metrics._reads_jsx: the extension decides when it names this language. */
    if (!path || ob_brace_lang_from_path(path, NULL) != brace) *jsx = name_jsx;
    return 0;
}

/* native_languages() -> tuple of the languages the C core has metrics for. */
static PyObject *py_native_languages(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    PyObject *name = PyUnicode_FromString("python");
    int rc = name ? PyList_Append(out, name) : -1;
    Py_XDECREF(name);
    for (int b = 0; rc == 0 && b < OB_BRACE_LANG_COUNT; b++) {
        if (!ob_brace_has_metrics((ob_brace_lang)b)) continue;
        name = PyUnicode_FromString(ob_brace_lang_name((ob_brace_lang)b));
        rc = name ? PyList_Append(out, name) : -1;
        Py_XDECREF(name);
    }
    if (rc < 0) {
        Py_DECREF(out);
        return NULL;
    }
    PyObject *tuple = PyList_AsTuple(out);
    Py_DECREF(out);
    return tuple;
}

/* analyze_brace_source(data: bytes | str, language: str, path: str = "<string>") -> dict;
 * a ValueError unless the language's metrics exist (as brace_languages.rules_for). */
static PyObject *py_analyze_brace_source(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"data", "language", "path", NULL};
    PyObject *source, *path = NULL;
    const char *name;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "Os|U", kwlist, &source, &name, &path))
        return NULL;
    const char *cpath = path ? PyUnicode_AsUTF8(path) : "<string>";
    if (!cpath) return NULL;
    int lang, jsx;
    if (ob_parse_language(name, cpath, &lang, &jsx) < 0) return NULL;
    if (lang == OB_LANG_PYTHON ||
        !ob_brace_has_metrics((ob_brace_lang)(lang - OB_LANG_KOTLIN)))
        return PyErr_Format(PyExc_ValueError, "metrics for '%s' are not implemented yet",
                            lang == OB_LANG_PYTHON
                                ? name
                                : ob_brace_lang_name((ob_brace_lang)(lang - OB_LANG_KOTLIN)));
    PyObject *bytes = PyUnicode_Check(source)
                          ? PyUnicode_AsEncodedString(source, "utf-8", "surrogatepass")
                          : PyBytes_FromObject(source);
    if (!bytes) return NULL;
    const char *data = PyBytes_AS_STRING(bytes);
    size_t len = (size_t)PyBytes_GET_SIZE(bytes);
    ob_file_report *r;
    Py_BEGIN_ALLOW_THREADS
    r = ob_analyze_source_jsx(data, len, cpath, (ob_language)lang, jsx);
    Py_END_ALLOW_THREADS
    PyObject *pypath = path ? (Py_INCREF(path), path) : PyUnicode_FromString(cpath);
    PyObject *res = !r ? PyErr_NoMemory() : pypath ? ob_report_dict(r, pypath) : NULL;
    ob_file_report_free(r);
    Py_XDECREF(pypath);
    Py_DECREF(bytes);
    return res;
}

PyMethodDef ob_brace_methods[] = {
    {"analyze_brace_source", (PyCFunction)(void (*)(void))py_analyze_brace_source,
     METH_VARARGS | METH_KEYWORDS,
     "analyze_brace_source(data, language, path='<string>') -> dict"},
    {"native_languages", py_native_languages, METH_NOARGS,
     "native_languages() -> tuple of the languages with metrics in the C core"},
    {NULL, NULL, 0, NULL},
};
