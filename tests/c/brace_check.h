/* brace_check.h - what the C tests of the brace-language metrics pass
 * (test_metrics_brace.c, _swift, _js, _objc, _dart) share: running the pass
 * on a string or a file, finding a function by name, checking the only
 * function of a snippet, the bad-bracket and binary-file checks, and the two
 * drivers every language must survive,
 * an if nested tens of thousands deep and random bytes. The languages
 * differ in their inputs, not in how they are run, so the running lives
 * here once. Include after check.h (it counts failures in check_failures).
 * The functions are static inline so that a test using only some of them
 * still compiles under -Wunused-function. */
#ifndef OB_BRACE_CHECK_H
#define OB_BRACE_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_brace.h"

/* Analyses an exact-length copy of src (ASan sees any read past its end).
 * The caller frees the report. */
static inline ob_file_report *bc_run_n(ob_brace_lang lang, int jsx, const char *src,
                                       size_t len) {
    char *copy = malloc(len ? len : 1);
    if (!copy) abort();
    memcpy(copy, src, len);
    ob_file_report *r = ob_report_new("t", OB_LANG_UNKNOWN, len);
    CHECK(r != NULL);
    ob_diag_list diags;
    ob_diags_init(&diags, r->arena);
    CHECK_EQ_INT(ob_brace_metrics(copy, len, lang, jsx, r, &diags), 0);
    CHECK_EQ_INT(ob_report_take_diags(r, &diags), 0);
    free(copy);
    return r;
}

/* Analyses the first 64 KiB of the file at path (relative to the source
 * root, the tests' working directory); NULL, counted as a failure, when it
 * cannot be opened. The caller frees the report. */
static inline ob_file_report *bc_run_file(ob_brace_lang lang, int jsx, const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        check_failures++;
        return NULL;
    }
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return bc_run_n(lang, jsx, buf, n);
}

/* The function of r named qname; NULL, counted as a failure, when none is.
 * Points into r. */
static inline const ob_function *bc_find(const ob_file_report *r, const char *qname) {
    for (size_t i = 0; i < r->n_functions; i++)
        if (strcmp(r->functions[i].qualified_name, qname) == 0) return &r->functions[i];
    fprintf(stderr, "no function %s\n", qname);
    check_failures++;
    return NULL;
}

/* head, times copies of piece, then tail, in a fresh string the caller frees. */
static inline char *bc_repeat(const char *head, const char *piece, size_t times,
                               const char *tail) {
    size_t hn = strlen(head), pn = strlen(piece), tn = strlen(tail);
    char *s = malloc(hn + pn * times + tn + 1);
    if (!s) abort();
    memcpy(s, head, hn);
    for (size_t i = 0; i < times; i++) memcpy(s + hn + i * pn, piece, pn);
    memcpy(s + hn + pn * times, tail, tn + 1);
    return s;
}

/* What the only function of a snippet must measure. BC_ANY leaves a measure
 * unchecked: each language's table checks the measures its rules decide. */
#define BC_ANY UINT32_MAX
typedef struct {
    uint32_t cyclomatic, cognitive, depth, params;
} bc_want;

static inline int bc_differs(uint32_t got, uint32_t want) {
    return want != BC_ANY && got != want;
}

/* Checks the only function of head text tail (text put in a function body by
 * the caller's head and tail) against want; a failure names the test's line. */
static inline void bc_body(ob_brace_lang lang, int jsx, const char *head, const char *text,
                           const char *tail, bc_want want, int line) {
    char src[512];
    snprintf(src, sizeof src, "%s%s%s", head, text, tail);
    ob_file_report *r = bc_run_n(lang, jsx, src, strlen(src));
    if (r->n_functions != 1) {
        fprintf(stderr, "line %d: %zu functions\n", line, r->n_functions);
        check_failures++;
    } else {
        const ob_function *f = &r->functions[0];
        if (bc_differs(f->cyclomatic, want.cyclomatic) ||
            bc_differs(f->cognitive, want.cognitive) ||
            bc_differs(f->nested_depth, want.depth) ||
            bc_differs(f->num_parameters, want.params)) {
            /* BC_ANY prints as 4294967295: "any" */
            fprintf(stderr, "line %d: (cyclomatic, cognitive, depth, parameters) (%u, %u, %u, %u),"
                    " expected (%u, %u, %u, %u): %s\n", line, f->cyclomatic, f->cognitive,
                    f->nested_depth, f->num_parameters, want.cyclomatic, want.cognitive,
                    want.depth, want.params, src);
            check_failures++;
        }
    }
    ob_file_report_free(r);
}

/* src: two functions, a `}` too many after the first and a `(` never closed
 * in the second. Both brackets are reported, in order, and both functions
 * are still found. */
static inline void bc_bad_brackets(ob_brace_lang lang, const char *src) {
    ob_file_report *r = bc_run_n(lang, 0, src, strlen(src));
    CHECK_EQ_INT(r->n_diags, 2);
    if (r->n_diags == 2) {
        CHECK_EQ_STR(r->diags[0].code, "unmatched-bracket");
        CHECK_EQ_STR(r->diags[1].code, "unclosed-bracket");
        CHECK_EQ_STR(r->diags[1].message, "'(' was never closed");
    }
    CHECK_EQ_INT(r->n_functions, 2);
    ob_file_report_free(r);
}

/* src holds a NUL: a binary file, one diagnostic and no functions. */
static inline void bc_binary(ob_brace_lang lang, int jsx, const char *src, size_t len) {
    ob_file_report *r = bc_run_n(lang, jsx, src, len);
    CHECK_EQ_INT(r->n_functions, 0);
    CHECK_EQ_INT(r->n_diags, 1);
    if (r->n_diags) CHECK_EQ_STR(r->diags[0].code, "binary-file");
    ob_file_report_free(r);
}

/* An if nested depth deep: head, depth copies of open (an if and its `{`),
 * as many `}`, and "\n}\n" to close the function. The walk is iterative, so
 * no depth may crash it, and each level counts: cyclomatic depth + 1,
 * nested depth depth, cognitive 1 + 2 + ... + depth (saturating at
 * UINT32_MAX, the width of the field). */
static inline void bc_nested_ifs(ob_brace_lang lang, int jsx, const char *head,
                                 const char *open, size_t depth) {
    char *ifs = bc_repeat(head, open, depth, "");
    char *all = bc_repeat(ifs, "}", depth, "\n}\n");
    ob_file_report *r = bc_run_n(lang, jsx, all, strlen(all));
    uint64_t cognitive = (uint64_t)depth * (depth + 1) / 2;
    CHECK_EQ_INT(r->functions[0].cyclomatic, depth + 1);
    CHECK_EQ_INT(r->functions[0].nested_depth, depth);
    CHECK_EQ_INT(r->functions[0].cognitive, cognitive > UINT32_MAX ? UINT32_MAX : cognitive);
    ob_file_report_free(r);
    free(ifs);
    free(all);
}

/* Random input must never crash: 4,000 inputs of up to 599 bytes, random
 * bytes in odd rounds, random mixes of steer (the bytes that steer the
 * walk; no NUL) in even ones, and no NUL at all in half, so that the walk
 * gets past the binary check. Every third round (round % 3 == 0) runs
 * third instead of lang; jsx turns JSX on in all rounds but every fifth.
 * The same seed every run: a crash repeats. */
static inline void bc_random(ob_brace_lang lang, ob_brace_lang third, int jsx,
                             const char *steer) {
    size_t steer_len = strlen(steer);
    uint64_t state = 0x9E3779B97F4A7C15ull;
    char buf[600];
    for (int round = 0; round < 4000; round++) {
        size_t len = 0;
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        size_t n = (size_t)(state >> 33) % sizeof buf;
        for (; len < n; len++) {
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            unsigned v = (unsigned)(state >> 33);
            buf[len] = round % 2 ? (char)(v & 0xFF) : steer[v % steer_len];
        }
        if (round % 4 < 2) {   /* no NUL in the first probe: past the binary check */
            for (size_t i = 0; i < len; i++) if (!buf[i]) buf[i] = ' ';
        }
        ob_file_report_free(bc_run_n(round % 3 ? lang : third, jsx && round % 5 != 0, buf, len));
    }
}

#endif
