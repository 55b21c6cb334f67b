/*
 * rule_gate.c - see rule_gate.h. A saved gate is
 *     "OBGATE1\n" | the Vectorscan version, NUL-padded to 64 bytes |
 *     rule count (8 bytes, little-endian) | one byte per rule (1: gated) |
 *     the database as hs_serialize_database writes it,
 * and hs_deserialize_database checks the database itself (its own version,
 * platform and checksum).
 */
#include "rule_gate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef OB_HAVE_HS

ob_gate *ob_gate_new(const ob_rule_spec *specs, size_t n, const void *saved, size_t saved_len) {
    (void)specs, (void)n, (void)saved, (void)saved_len;
    return NULL;
}
void ob_gate_free(ob_gate *gate) { (void)gate; }
int ob_gate_has(const ob_gate *gate, size_t i) { (void)gate, (void)i; return 0; }
int ob_gate_save(const ob_gate *gate, char **out, size_t *len) {
    (void)gate, *out = NULL, *len = 0;
    return -1;
}
void *ob_gate_scratch_new(const ob_gate *gate) { (void)gate; return NULL; }
void ob_gate_scratch_free(void *scratch) { (void)scratch; }
int ob_gate_scan(const ob_gate *gate, void *scratch, const char *data, size_t len,
                 unsigned char *skip) {
    (void)gate, (void)scratch, (void)data, (void)len, (void)skip;
    return -1;
}

#else

#include <hs/hs.h>

#define MAGIC "OBGATE1\n"
#define VERSION_LEN 64
#define HEADER_LEN (sizeof MAGIC - 1 + VERSION_LEN + 8)

struct ob_gate {
    size_t n;
    hs_database_t *db;
    hs_scratch_t *scratch;     /* a prototype, cloned per thread */
    unsigned char *gated;      /* gated[i]: rule i is in the database */
};

void ob_gate_free(ob_gate *g) {
    if (!g) return;
    hs_free_database(g->db);
    hs_free_scratch(g->scratch);
    free(g->gated);
    free(g);
}

/* One multi-pattern compile (compiling each rule alone first would take 4x
 * as long); when Vectorscan rejects an expression (a construct it lacks, a
 * rule that may match the empty string) its error names it, that rule stays
 * out of the gate and the rest is compiled again. */
static int compile(ob_gate *g, const char **exprs, unsigned *ids, unsigned count) {
    unsigned *flags = malloc((count ? count : 1) * sizeof *flags);
    if (!flags) return -1;
    /* not HS_FLAG_SINGLEMATCH: with it, Vectorscan 5.4.9 loses matches of one
     * pattern after long matches of another (a+$ and b over "aaaa...!baa") */
    for (unsigned k = 0; k < count; k++) flags[k] = HS_FLAG_PREFILTER;
    while (count) {
        hs_compile_error_t *e = NULL;
        if (hs_compile_multi(exprs, flags, ids, count, HS_MODE_BLOCK, NULL, &g->db, &e)
            == HS_SUCCESS)
            break;
        int bad = e ? e->expression : -1;
        hs_free_compile_error(e);
        g->db = NULL;
        if (bad < 0 || (unsigned)bad >= count) count = 0;   /* not one rule's fault */
        else {                                               /* drop it, the last moves in */
            count--;
            exprs[bad] = exprs[count];
            ids[bad] = ids[count];
        }
    }
    for (unsigned k = 0; k < count; k++) g->gated[ids[k]] = 1;
    free(flags);
    return count ? 0 : -1;
}

static int build(ob_gate *g, const ob_rule_spec *specs, size_t n) {
    const char **exprs = calloc(n, sizeof *exprs);
    unsigned *ids = calloc(n, sizeof *ids);
    char **copies = calloc(n, sizeof *copies);
    unsigned count = 0;
    int rc = -1;
    if (exprs && ids && copies) {
        for (size_t i = 0; i < n; i++) {
            /* Vectorscan takes NUL-terminated expressions */
            if (memchr(specs[i].pattern, '\0', specs[i].pattern_len)) continue;
            char *copy = malloc(specs[i].pattern_len + 1);
            if (!copy) continue;
            memcpy(copy, specs[i].pattern, specs[i].pattern_len);
            copy[specs[i].pattern_len] = '\0';
            copies[count] = copy;
            exprs[count] = copy;
            ids[count++] = (unsigned)i;
        }
        rc = compile(g, exprs, ids, count);
    }
    for (unsigned k = 0; copies && k < count; k++) free(copies[k]);
    free(copies);
    free(exprs);
    free(ids);
    return rc;
}

static void version_field(char out[VERSION_LEN]) {
    memset(out, 0, VERSION_LEN);
    strncpy(out, hs_version(), VERSION_LEN - 1);
}

static uint64_t read_u64(const unsigned char *p) {
    uint64_t v = 0;
    for (int k = 7; k >= 0; k--) v = v << 8 | p[k];
    return v;
}

/* Takes the saved gate when it is whole and of this Vectorscan; else -1. */
static int load(ob_gate *g, const unsigned char *p, size_t len, size_t n) {
    char version[VERSION_LEN];
    version_field(version);
    if (len < HEADER_LEN + n || memcmp(p, MAGIC, sizeof MAGIC - 1) != 0
        || memcmp(p + sizeof MAGIC - 1, version, VERSION_LEN) != 0
        || read_u64(p + sizeof MAGIC - 1 + VERSION_LEN) != n)
        return -1;
    const unsigned char *gated = p + HEADER_LEN;
    for (size_t i = 0; i < n; i++) {
        if (gated[i] > 1) return -1;
        g->gated[i] = gated[i];
    }
    if (hs_deserialize_database((const char *)gated + n, len - HEADER_LEN - n, &g->db)
        != HS_SUCCESS) {
        g->db = NULL;
        memset(g->gated, 0, n);
        return -1;
    }
    return 0;
}

ob_gate *ob_gate_new(const ob_rule_spec *specs, size_t n, const void *saved, size_t saved_len) {
    const char *env = getenv("OB_VECTORSCAN");
    if (n == 0 || (env && strcmp(env, "0") == 0)) return NULL;
    ob_gate *g = calloc(1, sizeof *g);
    if (!g || !(g->gated = calloc(n, 1))) {
        ob_gate_free(g);
        return NULL;
    }
    g->n = n;
    if ((saved && load(g, saved, saved_len, n) == 0) || build(g, specs, n) == 0)
        if (hs_alloc_scratch(g->db, &g->scratch) == HS_SUCCESS) return g;
    ob_gate_free(g);
    return NULL;
}

int ob_gate_has(const ob_gate *g, size_t i) {
    return g && i < g->n && g->gated[i];
}

int ob_gate_save(const ob_gate *g, char **out, size_t *len) {
    *out = NULL;
    *len = 0;
    char *db = NULL;
    size_t db_len = 0;
    if (!g || hs_serialize_database(g->db, &db, &db_len) != HS_SUCCESS) return -1;
    size_t total = HEADER_LEN + g->n + db_len;
    unsigned char *p = malloc(total);
    if (p) {
        memcpy(p, MAGIC, sizeof MAGIC - 1);
        version_field((char *)p + sizeof MAGIC - 1);
        for (int k = 0; k < 8; k++)
            p[sizeof MAGIC - 1 + VERSION_LEN + k] = (unsigned char)((uint64_t)g->n >> (8 * k));
        memcpy(p + HEADER_LEN, g->gated, g->n);
        memcpy(p + HEADER_LEN + g->n, db, db_len);
        *out = (char *)p;
        *len = total;
    }
    free(db);                  /* hs_serialize_database allocates with malloc */
    return p ? 0 : -1;
}

void *ob_gate_scratch_new(const ob_gate *g) {
    hs_scratch_t *s = NULL;
    if (!g || hs_clone_scratch(g->scratch, &s) != HS_SUCCESS) return NULL;
    return s;
}

void ob_gate_scratch_free(void *scratch) {
    hs_free_scratch(scratch);
}

static int on_hit(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
                  void *ctx) {
    (void)from, (void)to, (void)flags;
    ((unsigned char *)ctx)[id] = 1;
    return 0;
}

int ob_gate_scan(const ob_gate *g, void *scratch, const char *data, size_t len,
                 unsigned char *skip) {
    if (!g || !scratch || len > UINT32_MAX) return -1;
    memset(skip, 0, g->n);
    if (hs_scan(g->db, data, (unsigned)len, 0, scratch, on_hit, skip) != HS_SUCCESS) return -1;
    for (size_t i = 0; i < g->n; i++) skip[i] = g->gated[i] && !skip[i];
    return 0;
}

#endif
