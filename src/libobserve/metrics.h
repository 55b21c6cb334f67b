/*
 * metrics.h - the per-language metrics passes (one per language family).
 * Each fills the records, line counts and totals of a fresh report.
 */
#ifndef OB_METRICS_H
#define OB_METRICS_H

#include "observe.h"
#include "readfile.h"
#include "report.h"
#include "scratch.h"

/* Returns 0, or -1 when memory runs out. */
int ob_python_metrics(const char *src, size_t len, ob_file_report *r, ob_diag_list *diags);

/* ob_analyze_source_jsx, the pass's arrays lent by scratch (a thread's own;
 * NULL: none). */
ob_file_report *ob_analyze_source_in(ob_scratch *scratch, const char *src, size_t len,
                                     const char *path, ob_language lang, int jsx);

/* ob_analyze_file, reading through rd and analysing with scratch (a worker's
 * own: analyze_dir.c). */
ob_file_report *ob_analyze_file_with(ob_file_reader *rd, ob_scratch *scratch, const char *path,
                                     ob_language lang);

#endif
