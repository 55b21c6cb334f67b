/*
 * _native.c - the CPython binding of libobserve.
 *
 * It converts arguments, releases the GIL around every call into the
 * library, and converts the C reports into the same plain dicts the
 * pure-Python backend returns (same keys, same order). No logic lives here.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "observe.h"
#include "walk.h"

#include "_native.h"
#include "_native_correlate.h"

/* The SDK event conversion, defined in _native_sdk.c. */
extern PyMethodDef ob_sdk_methods[];
/* The rule engine, defined in _native_rules.c. */
extern PyMethodDef ob_rules_methods[];
extern PyMethodDef ob_lex_methods[];
extern PyMethodDef ob_brace_methods[];

/* Interned dict keys, created once at import. */
enum {
#define KEYS(X) \
    X(path) X(language) X(size_bytes) X(physical_lines) X(code_lines) X(comment_lines) \
    X(blank_lines) X(num_functions) X(num_classes) X(total_cyclomatic) X(total_cognitive) \
    X(max_cyclomatic) X(max_cognitive) X(max_nested_depth) X(functions) X(classes) \
    X(diagnostics) X(name) X(qualified_name) X(source_file) X(line) X(column) X(end_line) \
    X(is_method) X(is_async) X(cyclomatic_complexity) X(cognitive_complexity) \
    X(nested_depth) X(lines_of_code) X(num_parameters) X(num_returns) X(num_branches) \
    X(num_loops) X(num_methods) X(severity) X(code) X(message)
#define ENUM(k) K_##k,
    KEYS(ENUM)
#undef ENUM
    K_COUNT
};
static PyObject *keys[K_COUNT];
static PyObject *s_error, *s_warning;
/* The report's `language` per ob_language. */
static const char *const language_names[OB_LANGUAGE_COUNT] = {
    "unknown", "python", "kotlin", "java", "swift", "javascript", "typescript", "objc", "dart"};
static PyObject *s_languages[OB_LANGUAGE_COUNT];

static int set_new(PyObject *d, int key, PyObject *value) {
    if (!value) return -1;
    int rc = PyDict_SetItem(d, keys[key], value);
    Py_DECREF(value);
    return rc;
}
#define SET_INT(d, k, v) set_new(d, K_##k, PyLong_FromUnsignedLongLong((unsigned long long)(v)))
#define SET_BOOL(d, k, v) set_new(d, K_##k, PyBool_FromLong(v))
#define SET_STR(d, k, v) set_new(d, K_##k, PyUnicode_DecodeUTF8((v), (Py_ssize_t)strlen(v), "surrogateescape"))
#define SET_OBJ(d, k, v) PyDict_SetItem(d, keys[K_##k], v)

/* A record's keys in order, values None: each record starts as a copy, so
 * its table is sized once instead of growing key by key. */
static PyObject *function_shape, *class_shape, *report_shape;

static PyObject *new_shape(const int *ks, size_t n) {
    PyObject *d = PyDict_New();
    for (size_t i = 0; d && i < n; i++)
        if (PyDict_SetItem(d, keys[ks[i]], Py_None) < 0) Py_CLEAR(d);
    return d;
}

static PyObject *function_dict(const ob_function *f, PyObject *path) {
    PyObject *d = PyDict_Copy(function_shape);
    if (!d) return NULL;
    if (SET_STR(d, name, f->name) || SET_STR(d, qualified_name, f->qualified_name) ||
        SET_OBJ(d, source_file, path) || SET_INT(d, line, f->line) ||
        SET_INT(d, column, f->column) || SET_INT(d, end_line, f->end_line) ||
        SET_BOOL(d, is_method, f->is_method) || SET_BOOL(d, is_async, f->is_async) ||
        SET_INT(d, cyclomatic_complexity, f->cyclomatic) ||
        SET_INT(d, cognitive_complexity, f->cognitive) ||
        SET_INT(d, nested_depth, f->nested_depth) || SET_INT(d, lines_of_code, f->lines_of_code) ||
        SET_INT(d, num_parameters, f->num_parameters) || SET_INT(d, num_returns, f->num_returns) ||
        SET_INT(d, num_branches, f->num_branches) || SET_INT(d, num_loops, f->num_loops)) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

static PyObject *class_dict(const ob_class *c, PyObject *path) {
    PyObject *d = PyDict_Copy(class_shape);
    if (!d) return NULL;
    if (SET_STR(d, name, c->name) || SET_STR(d, qualified_name, c->qualified_name) ||
        SET_OBJ(d, source_file, path) || SET_INT(d, line, c->line) ||
        SET_INT(d, column, c->column) || SET_INT(d, end_line, c->end_line) ||
        SET_INT(d, lines_of_code, c->lines_of_code) || SET_INT(d, num_methods, c->num_methods) ||
        SET_INT(d, cyclomatic_complexity, c->cyclomatic) ||
        SET_INT(d, cognitive_complexity, c->cognitive)) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

static PyObject *diag_dict(PyObject *path, uint32_t line, uint32_t column, int is_error,
                           const char *code, const char *message) {
    PyObject *d = PyDict_New();
    if (!d) return NULL;
    if (SET_OBJ(d, path, path) || SET_INT(d, line, line) || SET_INT(d, column, column) ||
        SET_OBJ(d, severity, is_error ? s_error : s_warning) || SET_STR(d, code, code) ||
        SET_STR(d, message, message)) {
        Py_DECREF(d);
        return NULL;
    }
    return d;
}

static PyObject *path_error_dict(const ob_path_error *e) {
    PyObject *p = PyUnicode_DecodeFSDefault(e->path);
    if (!p) return NULL;
    PyObject *d = diag_dict(p, 0, 0, 1, e->code, e->message);
    Py_DECREF(p);
    return d;
}

/* A list built from n C records by conv; NULL on error. */
#define BUILD_LIST(list, n, expr)                         \
    do {                                                  \
        list = PyList_New((Py_ssize_t)(n));               \
        if (!list) break;                                 \
        for (size_t i_ = 0; i_ < (n); i_++) {             \
            PyObject *item_ = (expr);                     \
            if (!item_) { Py_CLEAR(list); break; }        \
            PyList_SET_ITEM(list, (Py_ssize_t)i_, item_); \
        }                                                 \
    } while (0)

/* Building thousands of dicts would trigger the cyclic GC again and again,
 * though none of them can form a cycle; pause it while converting. */
static int gc_pause(void) {
#if PY_VERSION_HEX >= 0x030A0000
    return PyGC_Disable();
#else
    return 0;
#endif
}

static void gc_resume(int was_enabled) {
#if PY_VERSION_HEX >= 0x030A0000
    if (was_enabled) PyGC_Enable();
#else
    (void)was_enabled;
#endif
}

static PyObject *report_dict(const ob_file_report *r, PyObject *path) {
    PyObject *d = PyDict_Copy(report_shape), *funcs = NULL, *classes = NULL, *diags = NULL;
    if (!d) return NULL;
    if (!path) {
        path = PyUnicode_DecodeFSDefault(r->path);
        if (!path) goto fail;
    } else {
        Py_INCREF(path);
    }
    BUILD_LIST(funcs, r->n_functions, function_dict(&r->functions[i_], path));
    BUILD_LIST(classes, r->n_classes, class_dict(&r->classes[i_], path));
    BUILD_LIST(diags, r->n_diags,
               diag_dict(path, r->diags[i_].line, r->diags[i_].column, r->diags[i_].is_error,
                         r->diags[i_].code, r->diags[i_].message));
    if (!funcs || !classes || !diags) goto fail;
    if (SET_OBJ(d, path, path) ||
        SET_OBJ(d, language, s_languages[(unsigned)r->language < OB_LANGUAGE_COUNT ? r->language : 0]) ||
        SET_INT(d, size_bytes, r->size_bytes) || SET_INT(d, physical_lines, r->physical_lines) ||
        SET_INT(d, code_lines, r->code_lines) || SET_INT(d, comment_lines, r->comment_lines) ||
        SET_INT(d, blank_lines, r->blank_lines) || SET_INT(d, num_functions, r->n_functions) ||
        SET_INT(d, num_classes, r->n_classes) || SET_INT(d, total_cyclomatic, r->total_cyclomatic) ||
        SET_INT(d, total_cognitive, r->total_cognitive) ||
        SET_INT(d, max_cyclomatic, r->max_cyclomatic) ||
        SET_INT(d, max_cognitive, r->max_cognitive) ||
        SET_INT(d, max_nested_depth, r->max_nested_depth) || SET_OBJ(d, functions, funcs) ||
        SET_OBJ(d, classes, classes) || SET_OBJ(d, diagnostics, diags))
        goto fail;
    Py_DECREF(funcs);
    Py_DECREF(classes);
    Py_DECREF(diags);
    Py_DECREF(path);
    return d;
fail:
    Py_XDECREF(funcs);
    Py_XDECREF(classes);
    Py_XDECREF(diags);
    Py_XDECREF(path);
    Py_DECREF(d);
    return NULL;
}

PyObject *ob_report_dict(const ob_file_report *r, PyObject *path) {
    return report_dict(r, path);
}

/* Converts a report and frees it at once, so the C and the Python copies of
 * a large tree never both exist in full (peak memory). */
static PyObject *report_dict_free(ob_file_report **r) {
    PyObject *d = report_dict(*r, NULL);
    ob_file_report_free(*r);
    *r = NULL;
    return d;
}

static PyObject *py_analyze_source(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"source", "path", "language", NULL};
    PyObject *source, *path = NULL;
    const char *language = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|Uz", kwlist, &source, &path, &language))
        return NULL;
    const char *cpath = "<string>";
    if (path) {
        cpath = PyUnicode_AsUTF8(path);
        if (!cpath) return NULL;
    }
    int lang, jsx;
    if (ob_parse_language(language, path ? cpath : NULL, &lang, &jsx) < 0) return NULL;
    const char *data;
    Py_ssize_t len;
    PyObject *encoded = NULL;   /* brace languages take lone surrogates, as their spec does */
    if (PyUnicode_Check(source) && lang != OB_LANG_PYTHON) {
        if (!(encoded = PyUnicode_AsEncodedString(source, "utf-8", "surrogatepass"))) return NULL;
        data = PyBytes_AS_STRING(encoded);
        len = PyBytes_GET_SIZE(encoded);
    } else if (PyUnicode_Check(source)) {
        data = PyUnicode_AsUTF8AndSize(source, &len);
        if (!data) return NULL;
    } else if (PyBytes_Check(source)) {
        data = PyBytes_AS_STRING(source);
        len = PyBytes_GET_SIZE(source);
    } else {
        PyErr_SetString(PyExc_TypeError, "source must be str or bytes");
        return NULL;
    }
    ob_file_report *r;
    Py_BEGIN_ALLOW_THREADS
    r = ob_analyze_source_jsx(data, (size_t)len, cpath, (ob_language)lang, jsx);
    Py_END_ALLOW_THREADS
    Py_XDECREF(encoded);
    if (!r) return PyErr_NoMemory();
    PyObject *pypath = path ? path : NULL;
    PyObject *res;
    if (pypath) {
        res = report_dict(r, pypath);
    } else {
        PyObject *p = PyUnicode_FromString(cpath);
        res = p ? report_dict(r, p) : NULL;
        Py_XDECREF(p);
    }
    ob_file_report_free(r);
    return res;
}

/* analyze_file(path, language=None): None takes the language from the
 * extension, Python when it names none. */
static PyObject *py_analyze_file(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"path", "language", NULL};
    PyObject *path_obj;
    const char *language = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|z", kwlist, PyUnicode_FSConverter, &path_obj,
                                     &language))
        return NULL;
    const char *path = PyBytes_AS_STRING(path_obj);
    int lang = (int)ob_language_for_path(path), jsx;
    if (language && ob_parse_language(language, NULL, &lang, &jsx) < 0) {
        Py_DECREF(path_obj);
        return NULL;
    }
    if (lang == OB_LANG_UNKNOWN) lang = OB_LANG_PYTHON;
    ob_file_report *r;
    Py_BEGIN_ALLOW_THREADS
    r = ob_analyze_file(path, (ob_language)lang);
    Py_END_ALLOW_THREADS
    Py_DECREF(path_obj);
    if (!r) return PyErr_NoMemory();
    PyObject *res = report_dict(r, NULL);
    ob_file_report_free(r);
    return res;
}

/* A sequence of str -> a malloc'ed array of UTF-8 views (kept alive by
 * the returned list of bytes objects in *owner). Shared with _native_io.c. */
/* An ASCII str's own bytes are its file system encoding (UTF-8 or ASCII
 * locales alike), so they are used in place: no bytes object per path.
 * NULL when the item needs PyUnicode_FSConverter (non-ASCII, bytes,
 * PathLike, or an embedded NUL, which the converter rejects properly). */
static const char *ascii_in_place(PyObject *item) {
    if (!PyUnicode_CheckExact(item) || !PyUnicode_IS_ASCII(item)) return NULL;
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(item, &len);
    return s && strlen(s) == (size_t)len ? s : NULL;
}

int string_array(PyObject *seq, const char ***out, size_t *n, PyObject **owner) {
    *out = NULL;
    *n = 0;
    *owner = NULL;
    if (!seq || seq == Py_None) return 0;
    PyObject *fast = PySequence_Fast(seq, "expected a sequence of strings");
    if (!fast) return -1;
    Py_ssize_t len = PySequence_Fast_GET_SIZE(fast);
    const char **arr = calloc((size_t)len + 1, sizeof(char *));
    PyObject *keep = PyList_New(0);   /* fast (owning the str items), then converted bytes */
    if (!arr || !keep || PyList_Append(keep, fast) < 0) {
        free(arr);
        Py_XDECREF(keep);
        Py_DECREF(fast);
        if (!PyErr_Occurred()) PyErr_NoMemory();
        return -1;
    }
    Py_DECREF(fast);
    for (Py_ssize_t i = 0; i < len; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(fast, i), *b = NULL;
        if ((arr[i] = ascii_in_place(item))) continue;
        if (!PyUnicode_FSConverter(item, &b) || PyList_Append(keep, b) < 0) {
            Py_XDECREF(b);
            free(arr);
            Py_DECREF(keep);
            return -1;
        }
        arr[i] = PyBytes_AS_STRING(b);
        Py_DECREF(b);
    }
    *out = arr;
    *n = (size_t)len;
    *owner = keep;
    return 0;
}

/* The list options shared by walk() and analyze_directory(), converted to
 * C arrays; release with path_options_release. */
typedef struct path_options {
    const char **exclude, **extensions;
    size_t n_exclude, n_extensions;
    PyObject *keep_exclude, *keep_extensions;
} path_options;

static void path_options_release(path_options *po) {
    free(po->exclude);
    free(po->extensions);
    Py_XDECREF(po->keep_exclude);
    Py_XDECREF(po->keep_extensions);
}

static int path_options_parse(PyObject *exclude, PyObject *extensions, path_options *po) {
    memset(po, 0, sizeof *po);
    if (string_array(exclude, &po->exclude, &po->n_exclude, &po->keep_exclude) < 0 ||
        string_array(extensions, &po->extensions, &po->n_extensions, &po->keep_extensions) < 0) {
        path_options_release(po);
        return -1;
    }
    return 0;
}

/* Report i of a directory stream as a dict (the GIL released while it waits). */
static PyObject *take_dict(ob_dir_report *rep, size_t i) {
    ob_file_report *r;
    Py_BEGIN_ALLOW_THREADS
    r = ob_dir_report_take(rep, i);
    Py_END_ALLOW_THREADS
    return r ? report_dict_free(&r) : PyErr_NoMemory();
}

/* Parses analyze_directory()'s arguments and starts the analysis; NULL with
 * an exception set on failure. */
static ob_dir_report *start_directory(PyObject *args, PyObject *kw) {
    static char *kwlist[] = {"root", "jobs", "respect_gitignore", "default_excludes",
                             "follow_symlinks", "exclude", "extensions", NULL};
    PyObject *root_obj, *exclude = NULL, *extensions = NULL;
    int jobs = 0, gitignore = 1, defaults = 1, follow = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|ipppOO", kwlist, PyUnicode_FSConverter,
                                     &root_obj, &jobs, &gitignore, &defaults, &follow,
                                     &exclude, &extensions))
        return NULL;
    path_options po;
    if (path_options_parse(exclude, extensions, &po) < 0) {
        Py_DECREF(root_obj);
        return NULL;
    }
    ob_dir_options opt = {
        .jobs = jobs, .no_gitignore = !gitignore, .no_default_excludes = !defaults,
        .follow_symlinks = follow, .exclude = po.exclude, .n_exclude = po.n_exclude,
        .extensions = po.extensions, .n_extensions = po.n_extensions,
    };
    char err[512] = "";
    ob_dir_report *rep;
    const char *root = PyBytes_AS_STRING(root_obj);
    Py_BEGIN_ALLOW_THREADS
    rep = ob_analyze_directory_start(root, &opt, err, sizeof err);
    Py_END_ALLOW_THREADS
    path_options_release(&po);
    Py_DECREF(root_obj);
    if (!rep) {
        if (strcmp(err, "out of memory") == 0) PyErr_NoMemory();
        else PyErr_SetString(PyExc_OSError, err);
    }
    return rep;
}

static PyObject *py_analyze_directory(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    ob_dir_report *rep = start_directory(args, kw);
    if (!rep) return NULL;
    /* File i becomes a dict while the other threads analyse the files after it. */
    PyObject *files = NULL, *errors = NULL, *res = NULL;
    int gc = gc_pause();
    BUILD_LIST(files, rep->n_files, take_dict(rep, i_));
    gc_resume(gc);
    if (files) BUILD_LIST(errors, rep->n_errors, path_error_dict(&rep->errors[i_]));
    if (files && errors) res = PyTuple_Pack(2, files, errors);
    Py_XDECREF(files);
    Py_XDECREF(errors);
    ob_dir_report_free(rep);
    return res;
}

/* The sums the *_totals functions return (the benchmark's C-core rows). */
typedef struct report_totals {
    unsigned long long bytes, functions, classes, files_with_errors;
} report_totals;

/* Adds a report to t and frees it. */
static void totals_add_free(report_totals *t, ob_file_report *r) {
    t->bytes += r->size_bytes;
    t->functions += r->n_functions;
    t->classes += r->n_classes;
    for (size_t d = 0; d < r->n_diags; d++)
        if (r->diags[d].is_error) {
            t->files_with_errors++;
            break;
        }
    ob_file_report_free(r);
}

/* {files, bytes, functions, classes, files_with_errors}, and walk_errors
 * unless it is negative (sources given, not walked). */
static PyObject *totals_dict(const report_totals *t, Py_ssize_t files, Py_ssize_t walk_errors) {
    if (walk_errors < 0)
        return Py_BuildValue("{s:n,s:K,s:K,s:K,s:K}", "files", files, "bytes", t->bytes,
                             "functions", t->functions, "classes", t->classes,
                             "files_with_errors", t->files_with_errors);
    return Py_BuildValue("{s:n,s:K,s:K,s:K,s:K,s:n}", "files", files, "bytes", t->bytes,
                         "functions", t->functions, "classes", t->classes,
                         "files_with_errors", t->files_with_errors, "walk_errors", walk_errors);
}

/* The same analysis, summed up in C: no record becomes a Python object (the
 * benchmark's measure of the C core alone). */
static PyObject *py_analyze_directory_totals(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    ob_dir_report *rep = start_directory(args, kw);
    if (!rep) return NULL;
    report_totals t = {0};
    int oom = 0;
    for (size_t i = 0; i < rep->n_files; i++) {
        ob_file_report *r;
        Py_BEGIN_ALLOW_THREADS
        r = ob_dir_report_take(rep, i);
        Py_END_ALLOW_THREADS
        if (!r) {
            oom = 1;
            continue;
        }
        totals_add_free(&t, r);
    }
    size_t n_files = rep->n_files, n_errors = rep->n_errors;
    ob_dir_report_free(rep);
    if (oom) return PyErr_NoMemory();
    return totals_dict(&t, (Py_ssize_t)n_files, (Py_ssize_t)n_errors);
}

/* Sources already in memory, each analysed by the C core on this thread,
 * summed up: [(bytes, path), ...] -> {files, bytes, functions, classes,
 * files_with_errors}. The benchmark's measure of the analysis alone. */
static PyObject *py_analyze_sources_totals(PyObject *self, PyObject *arg) {
    (void)self;
    PyObject *seq = PySequence_Fast(arg, "a sequence of (bytes, path) pairs");
    if (!seq) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    const char **data = malloc(((size_t)n + 1) * sizeof *data);
    const char **paths = malloc(((size_t)n + 1) * sizeof *paths);
    Py_ssize_t *lens = malloc(((size_t)n + 1) * sizeof *lens);
    PyObject *res = NULL;
    if (!data || !paths || !lens) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {   /* the pairs stay alive in seq */
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2 ||
            PyBytes_AsStringAndSize(PyTuple_GET_ITEM(item, 0), (char **)&data[i], &lens[i]) < 0 ||
            !(paths[i] = PyUnicode_AsUTF8(PyTuple_GET_ITEM(item, 1)))) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "expected (bytes, str) pairs");
            goto done;
        }
    }
    report_totals t = {0};
    int oom = 0;
    Py_BEGIN_ALLOW_THREADS
    ob_scratch *scratch = ob_scratch_new();   /* as a directory analysis's worker has */
    oom = !scratch;
    for (Py_ssize_t i = 0; i < n && !oom; i++) {
        ob_language lang = ob_language_for_path(paths[i]);
        ob_file_report *r = ob_analyze_source_in(scratch, data[i], (size_t)lens[i], paths[i],
                                                 lang == OB_LANG_UNKNOWN ? OB_LANG_PYTHON : lang,
                                                 -1);
        if (!r) {
            oom = 1;
            break;
        }
        totals_add_free(&t, r);
    }
    ob_scratch_free(scratch);
    Py_END_ALLOW_THREADS
    if (oom) PyErr_NoMemory();
    else res = totals_dict(&t, n, -1);
done:
    free(data);
    free(paths);
    free(lens);
    Py_DECREF(seq);
    return res;
}

static PyObject *py_walk(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"root", "respect_gitignore", "default_excludes",
                             "follow_symlinks", "exclude", "extensions", "patterns", "jobs",
                             NULL};
    PyObject *root_obj, *exclude = NULL, *extensions = NULL, *patterns = NULL;
    int gitignore = 1, defaults = 1, follow = 0, jobs = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O&|pppOOOi", kwlist, PyUnicode_FSConverter,
                                     &root_obj, &gitignore, &defaults, &follow, &exclude,
                                     &extensions, &patterns, &jobs))
        return NULL;
    path_options po;
    const char **pats = NULL;
    size_t n_pats = 0;
    PyObject *keep_pats = NULL;
    if (path_options_parse(exclude, extensions, &po) < 0) {
        Py_DECREF(root_obj);
        return NULL;
    }
    if (string_array(patterns, &pats, &n_pats, &keep_pats) < 0) {
        path_options_release(&po);
        Py_DECREF(root_obj);
        return NULL;
    }
    ob_walk_options wo = {
        .respect_gitignore = gitignore, .follow_symlinks = follow, .default_excludes = defaults,
        .exclude = po.exclude, .n_exclude = po.n_exclude,
        .extensions = po.extensions, .n_extensions = po.n_extensions,
        .patterns = pats, .n_patterns = n_pats, .jobs = jobs,
    };
    ob_walk_result wr;
    memset(&wr, 0, sizeof wr);
    int rc;
    const char *root = PyBytes_AS_STRING(root_obj);
    Py_BEGIN_ALLOW_THREADS
    rc = ob_walk(root, &wo, &wr);
    Py_END_ALLOW_THREADS
    path_options_release(&po);
    free(pats);
    Py_XDECREF(keep_pats);
    PyObject *res = NULL, *paths = NULL, *errors = NULL;
    if (rc < 0) {
        PyErr_Format(PyExc_FileNotFoundError, "%s: %s", root,
                     wr.n_errors ? wr.errors[0].message : "cannot walk");
    } else {
        BUILD_LIST(paths, wr.n_paths, PyUnicode_DecodeFSDefault(wr.paths[i_]));
        if (paths) {
            ob_path_error pe;
            BUILD_LIST(errors, wr.n_errors,
                       (pe = (ob_path_error){wr.errors[i_].path, wr.errors[i_].code,
                                             wr.errors[i_].message},
                        path_error_dict(&pe)));
        }
        if (paths && errors) res = PyTuple_Pack(2, paths, errors);
    }
    Py_XDECREF(paths);
    Py_XDECREF(errors);
    Py_DECREF(root_obj);
    ob_walk_result_free(&wr);
    return res;
}

/* The languages of analyze_files: None, or one name (or None: by
 * extension, Python when it names none) per path. NULL with an exception set. */
static ob_language *path_languages(PyObject *names, const char *const *paths, size_t n) {
    ob_language *langs = malloc((n ? n : 1) * sizeof *langs);
    if (!langs) return (ob_language *)PyErr_NoMemory();
    PyObject *fast = names == Py_None ? NULL : PySequence_Fast(names, "languages: a sequence");
    if (names != Py_None && (!fast || (size_t)PySequence_Fast_GET_SIZE(fast) != n)) {
        if (fast) PyErr_SetString(PyExc_ValueError, "languages: one per path");
        Py_XDECREF(fast);
        free(langs);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        PyObject *name = fast ? PySequence_Fast_GET_ITEM(fast, (Py_ssize_t)i) : Py_None;
        const char *text = name == Py_None ? NULL : PyUnicode_AsUTF8(name);
        int lang = (int)ob_language_for_path(paths[i]), jsx;
        if ((name != Py_None && (!text || ob_parse_language(text, NULL, &lang, &jsx) < 0))) {
            Py_XDECREF(fast);
            free(langs);
            return NULL;
        }
        langs[i] = lang == OB_LANG_UNKNOWN ? OB_LANG_PYTHON : (ob_language)lang;
    }
    Py_XDECREF(fast);
    return langs;
}

static PyObject *py_analyze_files(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"paths", "jobs", "languages", NULL};
    PyObject *seq, *names = Py_None;
    int jobs = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|iO", kwlist, &seq, &jobs, &names)) return NULL;
    PyObject *keep;
    const char **paths;
    size_t n;
    if (string_array(seq, &paths, &n, &keep) < 0) return NULL;
    ob_file_report **out = calloc(n ? n : 1, sizeof *out);
    ob_language *langs = out ? path_languages(names, paths, n) : NULL;
    if (!langs) {
        free(out);
        free(paths);
        Py_XDECREF(keep);
        return PyErr_Occurred() ? NULL : PyErr_NoMemory();
    }
    int rc;
    Py_BEGIN_ALLOW_THREADS
    rc = ob_analyze_paths_as(paths, langs, n, jobs, out);
    Py_END_ALLOW_THREADS
    free(langs);
    PyObject *res = NULL;
    if (rc < 0) PyErr_NoMemory();
    else {
        int gc = gc_pause();
        BUILD_LIST(res, n, report_dict_free(&out[i_]));
        gc_resume(gc);
    }
    for (size_t i = 0; i < n; i++) ob_file_report_free(out[i]);
    free(out);
    free(paths);
    Py_XDECREF(keep);
    return res;
}

static PyObject *py_cpu_count(PyObject *self, PyObject *unused) {
    (void)self;
    (void)unused;
    return PyLong_FromLong(ob_cpu_count());
}

static PyMethodDef methods[] = {
    {"analyze_source", (PyCFunction)(void (*)(void))py_analyze_source, METH_VARARGS | METH_KEYWORDS,
     "analyze_source(source, path='<string>', language='python') -> dict"},
    {"analyze_file", (PyCFunction)(void (*)(void))py_analyze_file, METH_VARARGS | METH_KEYWORDS,
     "analyze_file(path, language=None) -> dict"},
    {"analyze_directory", (PyCFunction)(void (*)(void))py_analyze_directory,
     METH_VARARGS | METH_KEYWORDS,
     "analyze_directory(root, jobs=0, respect_gitignore=True, default_excludes=True, "
     "follow_symlinks=False, exclude=None, extensions=None) -> (files, errors)"},
    {"analyze_directory_totals", (PyCFunction)(void (*)(void))py_analyze_directory_totals,
     METH_VARARGS | METH_KEYWORDS,
     "analyze_directory_totals(root, ...as analyze_directory) -> {files, bytes, functions, "
     "classes, files_with_errors, walk_errors}: the analysis without records"},
    {"analyze_sources_totals", py_analyze_sources_totals, METH_O,
     "analyze_sources_totals([(bytes, path), ...]) -> {files, bytes, functions, classes, "
     "files_with_errors}: the C core's analysis of sources in memory, on this thread"},
    {"walk", (PyCFunction)(void (*)(void))py_walk, METH_VARARGS | METH_KEYWORDS,
     "walk(root, respect_gitignore=True, default_excludes=True, follow_symlinks=False, "
     "exclude=None, extensions=None, patterns=None, jobs=0) -> (paths, errors)"},
    {"analyze_files", (PyCFunction)(void (*)(void))py_analyze_files, METH_VARARGS | METH_KEYWORDS,
     "analyze_files(paths, jobs=0, languages=None) -> list of dicts, in the order of paths"},
    {"cpu_count", py_cpu_count, METH_NOARGS, "number of online CPUs"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_native", "libobserve binding (C core of observe-core)", -1,
    methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void) {
    static const char *names[K_COUNT] = {
#define NAME(k) #k,
        KEYS(NAME)
#undef NAME
    };
    for (int i = 0; i < K_COUNT; i++) {
        if (!keys[i] && !(keys[i] = PyUnicode_InternFromString(names[i]))) return NULL;
    }
    if (!(s_error = PyUnicode_InternFromString("error")) ||
        !(s_warning = PyUnicode_InternFromString("warning")))
        return NULL;
    static const int function_keys[] = {
        K_name, K_qualified_name, K_source_file, K_line, K_column, K_end_line, K_is_method,
        K_is_async, K_cyclomatic_complexity, K_cognitive_complexity, K_nested_depth,
        K_lines_of_code, K_num_parameters, K_num_returns, K_num_branches, K_num_loops};
    static const int class_keys[] = {
        K_name, K_qualified_name, K_source_file, K_line, K_column, K_end_line, K_lines_of_code,
        K_num_methods, K_cyclomatic_complexity, K_cognitive_complexity};
    static const int report_keys[] = {
        K_path, K_language, K_size_bytes, K_physical_lines, K_code_lines, K_comment_lines,
        K_blank_lines, K_num_functions, K_num_classes, K_total_cyclomatic, K_total_cognitive,
        K_max_cyclomatic, K_max_cognitive, K_max_nested_depth, K_functions, K_classes,
        K_diagnostics};
#define SHAPE(var, ks) (var || (var = new_shape(ks, sizeof ks / sizeof *ks)))
    if (!SHAPE(function_shape, function_keys) || !SHAPE(class_shape, class_keys) ||
        !SHAPE(report_shape, report_keys))
        return NULL;
#undef SHAPE
    for (int i = 0; i < OB_LANGUAGE_COUNT; i++)
        if (!s_languages[i] && !(s_languages[i] = PyUnicode_InternFromString(language_names[i])))
            return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    if (PyModule_AddStringConstant(m, "VERSION", OB_VERSION) < 0 ||
        PyModule_AddFunctions(m, ob_io_methods) < 0 ||
        PyModule_AddFunctions(m, ob_correlate_methods) < 0 ||
        PyModule_AddFunctions(m, ob_sdk_methods) < 0 ||
        PyModule_AddFunctions(m, ob_rules_methods) < 0 ||
        PyModule_AddFunctions(m, ob_lex_methods) < 0 ||
        PyModule_AddFunctions(m, ob_brace_methods) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
