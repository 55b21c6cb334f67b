/*
 * rules.h - the business-logic rule engine: many PCRE2 patterns over a file's
 * bytes (docs/rules.md). The pure-Python twin is observe_core/_python/
 * rule_match.py; both give the same matches.
 *
 * A rule set is compiled once (PCRE2, JIT where the platform has it unless
 * the environment sets OB_PCRE2_JIT=0; no UTF mode: patterns and text are
 * bytes) and is read-only afterwards, so threads
 * may match files with one set at the same time.
 */
#ifndef OB_RULES_H
#define OB_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "readfile.h"
#include "rule_regions.h"

typedef struct ob_rule_spec {
    const char *id;            /* NUL-terminated */
    const char *pattern;       /* pattern_len bytes */
    size_t pattern_len;
    unsigned languages;        /* bit (1u << ob_lang) per language; 0 = any */
    unsigned where;            /* OB_REGION_* mask; 0 = code */
} ob_rule_spec;

typedef struct ob_rules ob_rules;

/* Backtracking bounds: a rule whose match needs more gives up on that file
 * (reported in the result) and the other rules go on. */
#define OB_RULES_MATCH_LIMIT 10000000u
#define OB_RULES_DEPTH_LIMIT 100000u

/*
 * Compiles n rules. On success returns 0 and *out owns the set (free with
 * ob_rules_free). On failure returns -1, *out is NULL and err holds the rule
 * index, id, the PCRE2 message and the offset in the pattern.
 */
int ob_rules_compile(const ob_rule_spec *specs, size_t n, ob_rules **out, char *err,
                     size_t err_len);

/* The same, with the Vectorscan gate (rule_gate.h) taken from saved_gate
 * (saved_len bytes written by ob_rules_save_gate for the same rules) when it
 * fits, which spares compiling it; NULL: compile it. */
int ob_rules_compile_saved(const ob_rule_spec *specs, size_t n, const void *saved_gate,
                           size_t saved_len, ob_rules **out, char *err, size_t err_len);

/* The rule set's gate as bytes for ob_rules_compile_saved; *out is malloc'ed.
 * Returns -1 when the set has no gate. */
int ob_rules_save_gate(const ob_rules *rules, char **out, size_t *len);
void ob_rules_free(ob_rules *rules);

/* The number of capture groups of rule i, and the number of a named group
 * (-1 when the rule has no such group). */
int ob_rules_group_count(const ob_rules *rules, size_t i);
int ob_rules_group_number(const ob_rules *rules, size_t i, const char *name);

/* 1 when rule i runs behind the Vectorscan gate (only where the gate says
 * it may match), 0 when it runs on every file of its languages. */
int ob_rules_gated(const ob_rules *rules, size_t i);

/* One match. Offsets are bytes; lines and columns are 1-based, a column
 * counting the bytes before it on its line that are not UTF-8 continuation
 * bytes (docs/rules.md 4). */
typedef struct ob_rule_match {
    uint32_t rule;
    size_t start, end;             /* [start, end) */
    uint32_t line, column;         /* of start */
    uint32_t end_line, end_column; /* of the last byte (start when empty) */
    size_t *groups;                /* 2 * group_count offsets, SIZE_MAX = unset */
} ob_rule_match;

/* A rule that hit a backtracking bound in this file, and where. */
typedef struct ob_rule_limit {
    uint32_t rule;
    size_t offset;
    int code;                      /* the PCRE2 error code */
} ob_rule_limit;

typedef struct ob_rule_result {
    ob_rule_match *matches;        /* sorted by start, then rule id */
    size_t n_matches;
    ob_rule_limit *limits;         /* in rule order */
    size_t n_limits;
    struct ob_arena *arena;        /* private */
} ob_rule_result;

/*
 * The matches in data[0..len) of every rule that applies to lang (OB_LANG_NONE:
 * only rules for any language), kept when they start in one of the rule's
 * regions. Returns 0 and *out (free with ob_rule_result_free), or -1 with err
 * set when memory runs out or PCRE2 fails otherwise.
 */
int ob_rules_match(const ob_rules *rules, const char *data, size_t len, ob_lang lang,
                   ob_rule_result **out, char *err, size_t err_len);
void ob_rule_result_free(ob_rule_result *result);

/* One file of ob_rules_match_files. */
typedef struct ob_rule_file {
    ob_rule_result *result;     /* NULL when the file could not be read or matched */
    ob_buffer buf;              /* the file's bytes when it has matches (captures are read
                                   from them), else empty */
    const char *error_code;     /* static ("not-found", "permission-denied", "is-directory",
                                   "read-error", "out-of-memory"), NULL on success */
    char error[160];
} ob_rule_file;

/* What one thread reuses from file to file (scratch space and match data);
 * NULL when memory runs out. A worker serves one thread at a time. */
typedef struct ob_rule_worker ob_rule_worker;
ob_rule_worker *ob_rule_worker_new(const ob_rules *rules);
void ob_rule_worker_free(ob_rule_worker *worker);

/* Reads and matches one file in the language of its extension into *out
 * (zeroed by the caller); a read error or w == NULL is recorded in out.
 * Many files on many threads: rule_files.h. */
void ob_rule_match_file(const ob_rules *rules, ob_rule_worker *w, const char *path,
                        ob_rule_file *out);
void ob_rule_file_clear(ob_rule_file *file);

#endif
