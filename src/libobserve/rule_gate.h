/*
 * rule_gate.h - the optional Vectorscan gate of a rule set (docs/rules.md
 * section 6): every rule Vectorscan can compile in prefilter mode (a superset
 * of the rule's matches) goes into one database; one scan of a file says
 * which of them may match, and PCRE2 runs only for those and the ungated.
 *
 * Built without Vectorscan (no OB_HAVE_HS), or with OB_VECTORSCAN=0 in the
 * environment, there is no gate and every rule runs: the results are the
 * same either way.
 */
#ifndef OB_RULE_GATE_H
#define OB_RULE_GATE_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "rules.h"

typedef struct ob_gate ob_gate;

/*
 * The gate of n rules, or NULL when there is none. `saved` (may be NULL) is a
 * gate of the same patterns written by ob_gate_save, perhaps by another
 * process: used when it is whole and fits this Vectorscan and this CPU,
 * otherwise ignored and the gate compiled (0.35 s for the default pack).
 * The caller owns the gate (ob_gate_free).
 */
ob_gate *ob_gate_new(const ob_rule_spec *specs, size_t n, const void *saved, size_t saved_len);
void ob_gate_free(ob_gate *gate);

/* A pattern as the gate sees it (gate_expression.c), NUL-terminated
 * (malloc'ed; NULL when memory runs out): cut to its shortest prefix that must
 * consume a byte. Every match [s, e) of the pattern starts a match [s, e') of
 * the prefix, s < e' <= e, so the prefix's width bounds how far before a hit
 * a match can start. With open_bounds, every bounded repeat {m,n} is then
 * opened to {m,}: the expression compiled, a superset of the prefix. */
char *ob_gate_expression(const char *pattern, size_t len, int open_bounds);

/* 1 when rule i is in the gate. */
int ob_gate_has(const ob_gate *gate, size_t i);

/* The most bytes from the start of a match of rule i to the end of the hit
 * it holds (Vectorscan's max_width of the cut prefix), SIZE_MAX when
 * unbounded or unknown. */
size_t ob_gate_width(const ob_gate *gate, size_t i);

/* A place where a gated rule may match: its prefilter pattern matched the
 * bytes ending just before `end`. */
typedef struct ob_gate_hit {
    uint32_t rule, end;
} ob_gate_hit;

/* The gate as bytes for ob_gate_new; *out is malloc'ed (the caller frees
 * it). Returns -1 when there is no gate or memory ran out. */
int ob_gate_save(const ob_gate *gate, char **out, size_t *len);

/* Scratch space for one thread's scans (NULL on failure); free with
 * ob_gate_scratch_free. */
void *ob_gate_scratch_new(const ob_gate *gate);
void ob_gate_scratch_free(void *scratch);

/* Scans data and appends to `hits` (an ob_vec of ob_gate_hit) every hit, in
 * the order of their ends. Every match [s, e) of a gated rule holds a hit
 * ending in (s, min(e, s + width)]: a gated rule without hits cannot match,
 * and one that can match starts within its width before a hit. Returns -1
 * when the scan could not run: then the hits mean nothing and every rule
 * must run everywhere. */
int ob_gate_scan(const ob_gate *gate, void *scratch, const char *data, size_t len,
                 ob_vec *hits);

#endif
