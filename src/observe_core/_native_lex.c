/*
 * _native_lex.c - the binding of the brace-language tokenizer
 * (libobserve/lex_brace.h), so the tests can compare its tokens with the
 * pure-Python twin (observe_core/_python/lex_brace.py) token by token.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "arena.h"
#include "lex_brace.h"
#include "report.h"

#include "_native.h"

/* (kind, text, line, col, end_line), the text decoded as the Python twin does */
static PyObject *token_tuple(const ob_brace_token *t) {
    PyObject *text = PyUnicode_DecodeUTF8(t->text, (Py_ssize_t)t->len, "replace");
    if (!text) return NULL;
    PyObject *out = Py_BuildValue("(sNIII)", ob_brace_kind_name(t->kind), text, t->line, t->col,
                                  t->end_line);
    return out;
}

static PyObject *diagnostics_list(const ob_diag_list *diags) {
    PyObject *out = PyList_New(0);
    const ob_diag *d = diags->items.data;
    for (size_t i = 0; out && i < diags->items.len; i++) {
        PyObject *item = Py_BuildValue("{s:I,s:I,s:s,s:s}", "line", d[i].line, "column",
                                       d[i].column, "code", d[i].code, "message", d[i].message);
        if (!item || PyList_Append(out, item)) Py_CLEAR(out);
        Py_XDECREF(item);
    }
    return out;
}

/* lex_brace(data: bytes, language: str, jsx: bool)
 *   -> (tokens, line flags: bytes, diagnostics, (physical, code, comment, blank)) */
static PyObject *py_lex_brace(PyObject *self, PyObject *args) {
    (void)self;
    Py_buffer data;
    const char *language;
    int jsx = 0;
    if (!PyArg_ParseTuple(args, "y*s|p", &data, &language, &jsx)) return NULL;
    ob_brace_lang lang = ob_brace_lang_from_name(language, NULL);
    ob_arena *arena = ob_arena_new();
    ob_diag_list diags;
    ob_brace_lexer lx;
    PyObject *tokens = PyList_New(0), *out = NULL;
    int rc = -1;
    if (lang == OB_BRACE_NONE) {
        PyErr_Format(PyExc_ValueError, "unknown language %R", PyTuple_GET_ITEM(args, 1));
        goto done;
    }
    if (!arena || !tokens) goto done;
    ob_diags_init(&diags, arena);
    diags.max = SIZE_MAX;
    if (ob_brace_init(&lx, data.buf, (size_t)data.len, lang, jsx, arena, &diags)) {
        ob_brace_free(&lx);
        goto done;
    }
    for (;;) {
        ob_brace_token t;
        if ((rc = ob_brace_next(&lx, &t)) < 0 || t.kind == BK_EOF) break;
        PyObject *item = token_tuple(&t);
        if (!item || PyList_Append(tokens, item)) {
            Py_XDECREF(item);
            rc = -2;
            break;
        }
        Py_DECREF(item);
    }
    if (rc == 0) {
        uint32_t physical, code, comment, blank;
        ob_brace_count_lines(&lx, &physical, &code, &comment, &blank);
        PyObject *flags = PyBytes_FromStringAndSize(lx.line_flags.data,
                                                    (Py_ssize_t)lx.line_flags.len);
        PyObject *diag_list = diagnostics_list(&diags);
        if (flags && diag_list)
            out = Py_BuildValue("(OOO(IIII))", tokens, flags, diag_list, physical, code, comment,
                                blank);
        Py_XDECREF(flags);
        Py_XDECREF(diag_list);
    }
    ob_brace_free(&lx);
done:
    if (!out && !PyErr_Occurred()) PyErr_NoMemory();
    Py_XDECREF(tokens);
    ob_arena_free(arena);
    PyBuffer_Release(&data);
    return out;
}

PyMethodDef ob_lex_methods[] = {
    {"lex_brace", py_lex_brace, METH_VARARGS,
     "lex_brace(data, language, jsx=False) -> (tokens, line_flags, diagnostics, line counts)"},
    {NULL, NULL, 0, NULL},
};
