/* _native.h - what the binding's two files (_native.c, _native_io.c) share. */
#ifndef OB_NATIVE_H
#define OB_NATIVE_H
#include <Python.h>

/* A sequence of str/bytes/PathLike -> a malloc'ed array of char* views, kept
 * alive by the list of bytes objects stored in *owner. None gives n = 0. */
int string_array(PyObject *seq, const char ***out, size_t *n, PyObject **owner);

/* A file report as the dict of the pure-Python backend (path: the dict's
 * path, or NULL for the report's own); defined in _native.c. */
struct ob_file_report;
PyObject *ob_report_dict(const struct ob_file_report *r, PyObject *path);

/* A language name or alias, any case (python, kotlin, kt, tsx ...; NULL:
 * python) -> *lang (an ob_language; int, as rule_regions.h has names of its
 * own), and *jsx for ob_analyze_source_jsx (-1: by path; the path may be
 * NULL). A ValueError for an unknown name. Defined in _native_brace.c. */
int ob_parse_language(const char *name, const char *path, int *lang, int *jsx);

/* The file I/O functions, defined in _native_io.c. */
extern PyMethodDef ob_io_methods[];

#endif
