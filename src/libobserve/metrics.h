/*
 * metrics.h - the per-language metrics passes (one per language family).
 * Each fills the records, line counts and totals of a fresh report.
 */
#ifndef OB_METRICS_H
#define OB_METRICS_H

#include "observe.h"
#include "readfile.h"
#include "report.h"

/* Returns 0, or -1 when memory runs out. */
int ob_python_metrics(const char *src, size_t len, ob_file_report *r, ob_diag_list *diags);

/* ob_analyze_file, reading through rd (a worker's reader: analyze_dir.c). */
ob_file_report *ob_analyze_file_with(ob_file_reader *rd, const char *path, ob_language lang);

#endif
