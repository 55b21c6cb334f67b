/*
 * _native_io.c - the binding of libobserve's parallel file reading.
 *
 * read_files keeps the GIL while it converts file i into bytes or str,
 * and the library's threads read the files after it meanwhile, so
 * decoding overlaps reading. It drops the GIL only to wait for a file
 * that is not read yet, and to join the threads.
 *
 * A file that cannot be read, or decoded, becomes the exception instance
 * Python itself would raise for it (OSError with errno and filename from
 * open(); UnicodeDecodeError from bytes.decode), placed in the result list,
 * its index in a second list; the Python layer decides whether to raise it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <string.h>

#include "_native.h"
#include "observe.h"

/* The OSError open(filename) would raise for errno err (OSError picks the
 * subclass from the errno). */
static PyObject *os_error(int err, PyObject *filename) {
    return PyObject_CallFunction(PyExc_OSError, "isO", err, strerror(err), filename);
}

/* Takes the pending UnicodeDecodeError as an instance; NULL (error still
 * set) for any other exception. */
static PyObject *take_decode_error(void) {
    if (!PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) return NULL;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    Py_XDECREF(type);
    Py_XDECREF(tb);
    return value;
}

static PyObject *convert(const ob_file_data *d, PyObject *filename, int binary,
                         const char *errors) {
    if (d->err) return os_error(d->err, filename);
    const char *data = d->data ? d->data : "";
    if (binary) return PyBytes_FromStringAndSize(data, (Py_ssize_t)d->len);
    PyObject *text = PyUnicode_DecodeUTF8(data, (Py_ssize_t)d->len, errors);
    return text ? text : take_decode_error();
}

static int append_index(PyObject *list, size_t i) {
    PyObject *k = PyLong_FromSize_t(i);
    int rc = k ? PyList_Append(list, k) : -1;
    Py_XDECREF(k);
    return rc;
}

static PyObject *py_read_files(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"paths", "jobs", "binary", "errors", NULL};
    PyObject *seq;
    int jobs = 0, binary = 0;
    const char *errors = "strict";
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|ips", kwlist, &seq, &jobs, &binary, &errors))
        return NULL;
    PyObject *fast = PySequence_Fast(seq, "paths must be a sequence");
    if (!fast) return NULL;
    const char **paths;
    size_t n;
    PyObject *keep, *res = NULL;
    if (string_array(fast, &paths, &n, &keep) < 0) {
        Py_DECREF(fast);
        return NULL;
    }
    ob_reader *r = NULL;
    PyObject *failed = PyList_New(0);
    if (!failed || !(res = PyList_New((Py_ssize_t)n))) goto done;
    if (!(r = ob_reader_start(paths, n, jobs))) {
        Py_CLEAR(res);
        PyErr_NoMemory();
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        ob_file_data d;
        if (ob_reader_poll(r, i)) ob_reader_take(r, i, &d);
        else {
            Py_BEGIN_ALLOW_THREADS
            ob_reader_take(r, i, &d);
            Py_END_ALLOW_THREADS
        }
        PyObject *item = convert(&d, PySequence_Fast_GET_ITEM(fast, (Py_ssize_t)i), binary, errors);
        ob_file_data_release(&d);
        if (!item) {
            Py_CLEAR(res);
            break;
        }
        PyList_SET_ITEM(res, (Py_ssize_t)i, item);
        if (PyExceptionInstance_Check(item) && append_index(failed, i) < 0) {
            Py_CLEAR(res);
            break;
        }
    }
done:
    Py_BEGIN_ALLOW_THREADS
    ob_reader_free(r);
    Py_END_ALLOW_THREADS
    free(paths);
    Py_XDECREF(keep);
    Py_DECREF(fast);
    PyObject *pair = res ? PyTuple_Pack(2, res, failed) : NULL;
    Py_XDECREF(res);
    Py_XDECREF(failed);
    return pair;
}

static PyObject *py_stat_sizes(PyObject *self, PyObject *args, PyObject *kw) {
    (void)self;
    static char *kwlist[] = {"paths", "jobs", NULL};
    PyObject *seq;
    int jobs = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kw, "O|i", kwlist, &seq, &jobs)) return NULL;
    const char **paths;
    size_t n;
    PyObject *keep;
    if (string_array(seq, &paths, &n, &keep) < 0) return NULL;
    uint64_t *sizes = calloc(n ? n : 1, sizeof *sizes);
    int *errs = calloc(n ? n : 1, sizeof *errs);
    if (sizes && errs) {
        Py_BEGIN_ALLOW_THREADS
        ob_stat_sizes(paths, n, jobs, sizes, errs);
        Py_END_ALLOW_THREADS
    }
    PyObject *size_list = NULL, *err_list = NULL, *res = NULL;
    if (!sizes || !errs) PyErr_NoMemory();
    else if ((size_list = PyList_New((Py_ssize_t)n)) && (err_list = PyList_New((Py_ssize_t)n))) {
        size_t i = 0;
        for (; i < n; i++) {
            PyObject *s = PyLong_FromUnsignedLongLong(sizes[i]), *e = PyLong_FromLong(errs[i]);
            if (!s || !e) {
                Py_XDECREF(s);
                Py_XDECREF(e);
                break;
            }
            PyList_SET_ITEM(size_list, (Py_ssize_t)i, s);
            PyList_SET_ITEM(err_list, (Py_ssize_t)i, e);
        }
        if (i == n) res = PyTuple_Pack(2, size_list, err_list);
    }
    Py_XDECREF(size_list);
    Py_XDECREF(err_list);
    free(sizes);
    free(errs);
    free(paths);
    Py_XDECREF(keep);
    return res;
}

PyMethodDef ob_io_methods[] = {
    {"read_files", (PyCFunction)(void (*)(void))py_read_files, METH_VARARGS | METH_KEYWORDS,
     "read_files(paths, jobs=0, binary=False, errors='strict') -> (items, failed): items are "
     "bytes/str, or the exception instance for a path that could not be read or decoded; "
     "failed lists the indices of those"},
    {"stat_sizes", (PyCFunction)(void (*)(void))py_stat_sizes, METH_VARARGS | METH_KEYWORDS,
     "stat_sizes(paths, jobs=0) -> (sizes, errnos): lstat sizes of regular files, 0 otherwise"},
    {NULL, NULL, 0, NULL},
};
