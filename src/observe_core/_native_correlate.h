/*
 * _native_correlate.h - what the correlator's binding files share: the
 * normalised events (the core's records plus the Python values the result
 * shows) and the result builder.
 */
#ifndef OB_NATIVE_CORRELATE_H
#define OB_NATIVE_CORRELATE_H
#include <Python.h>

#include "correlate.h"

/* The values of a UI event that the result shows (new references; NULL = None).
 * These records hold object pointers only (free_input relies on it). */
typedef struct corr_ui_out {
    PyObject *id, *action, *element_id, *element_text, *element_type, *screen;
} corr_ui_out;

/* The values of an API event that the result shows; status is _status()'s int. */
typedef struct corr_api_out {
    PyObject *id, *method, *endpoint, *status;
} corr_api_out;

typedef struct corr_nav_out {
    PyObject *id, *from_screen, *to_screen, *nav_type;
} corr_nav_out;

/* The three streams after _read_stream: records in input order (duplicates
 * and events without a valid time already dropped, with a diagnostic). */
typedef struct corr_input {
    ob_corr_ui *ui;
    corr_ui_out *ui_out;
    size_t n_ui;
    ob_corr_api_event *api;
    corr_api_out *api_out;
    size_t n_api;
    ob_corr_nav *nav;
    corr_nav_out *nav_out;
    size_t n_nav;
    PyObject *diagnostics;   /* list of dicts, as _Diagnostics.items */
    PyObject *keep;          /* objects whose UTF-8 the records point into */
} corr_input;

/* The result dict of _correlate() (docs/correlation.md section 6); NULL with
 * an exception set on failure. */
PyObject *corr_build_result(const corr_input *in, const ob_corr_result *res,
                            const ob_corr_config *cfg, PyObject *session_id);

/* Creates the interned strings the builder uses; 0 or -1. */
int corr_result_init(void);

/* The correlate() function, defined in _native_correlate.c. */
extern PyMethodDef ob_correlate_methods[];

#endif
