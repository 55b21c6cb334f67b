/*
 * report.h - building file reports: the diagnostic list and the helpers
 * every language's metrics pass shares.
 */
#ifndef OB_REPORT_H
#define OB_REPORT_H

#include "arena.h"
#include "observe.h"

/* Diagnostics kept per file; the rest are summarised in one. */
#define OB_MAX_DIAGS 100

/* Diagnostics collected while scanning one file (messages in the arena). */
typedef struct ob_diag_list {
    ob_vec items;        /* ob_diag */
    ob_arena *arena;
    size_t max;          /* further diagnostics are counted, not stored */
    size_t dropped;
} ob_diag_list;

void ob_diags_init(ob_diag_list *d, ob_arena *arena);
void ob_diag_add(ob_diag_list *d, uint32_t line, uint32_t column, int is_error,
                 const char *code, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* A new empty report with its own arena; NULL on no memory. */
ob_file_report *ob_report_new(const char *path, ob_language lang, size_t size);
/* Keeps the first max diagnostics; the others count as dropped (summarised
 * by ob_report_take_diags). For passes that sort theirs before capping. */
void ob_diags_keep_first(ob_diag_list *d, size_t max);
/* Moves the diagnostics into the report (and a summary of dropped ones). */
int ob_report_take_diags(ob_file_report *r, ob_diag_list *d);
/* Sets the totals and maxima from the function records (docs/metrics.md);
 * outermost[i] tells whether function i is not nested in another one. */
void ob_report_totals(ob_file_report *r, const uint8_t *outermost);

#endif
