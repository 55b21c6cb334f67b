/*
 * metrics_brace.h - the complexity pass of the brace languages
 * (docs/metrics_mobile.md): Java, Kotlin, Swift, JavaScript and TypeScript
 * so far. The pure-Python specification is observe_core/_python/
 * brace_metrics.py (with its tables in brace_languages.py); both must build
 * the same records.
 */
#ifndef OB_METRICS_BRACE_H
#define OB_METRICS_BRACE_H

#include <stddef.h>

#include "lex_brace.h"
#include "observe.h"
#include "report.h"
#include "scratch.h"

/*
 * Fills a fresh report r (from ob_report_new) with the records, line counts
 * and totals of src, and appends the lexer's and the bracket diagnostics to
 * diags, sorted by position from the first one added here, every one an
 * error (as brace_metrics.py reports them). Any bytes are accepted. Returns
 * 0; -1 when memory runs out; -2 for a language without metrics yet (then r
 * and diags are left as they were).
 */
int ob_brace_metrics(const char *src, size_t len, ob_brace_lang lang, int jsx,
                     ob_file_report *r, ob_diag_list *diags);
/* The same, its arrays lent by scratch (NULL: none, as ob_brace_metrics). */
int ob_brace_metrics_in(ob_scratch *scratch, const char *src, size_t len, ob_brace_lang lang,
                        int jsx, ob_file_report *r, ob_diag_list *diags);

/* 1 when ob_brace_metrics has the rules of lang (not yet Objective-C, Dart). */
int ob_brace_has_metrics(ob_brace_lang lang);

/* The report language of a brace language (OB_LANG_KOTLIN ...). */
ob_language ob_brace_report_language(ob_brace_lang lang);

#endif
