/*
 * metrics.h - the per-language metrics passes (one per language family).
 * Each fills the records, line counts and totals of a fresh report.
 */
#ifndef OB_METRICS_H
#define OB_METRICS_H

#include "observe.h"
#include "report.h"

/* Returns 0, or -1 when memory runs out. */
int ob_python_metrics(const char *src, size_t len, ob_file_report *r, ob_diag_list *diags);

#endif
