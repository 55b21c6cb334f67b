/*
 * rule_gate.c - see rule_gate.h. A saved gate is
 *     "OBGATE5\n" | the Vectorscan version, NUL-padded to 64 bytes |
 *     rule count (8 bytes, little-endian) | one byte per rule (1: gated) |
 *     the rules' widths (4 bytes each, little-endian) |
 *     FNV-1a of all the above (8 bytes) |
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
size_t ob_gate_width(const ob_gate *gate, size_t i) { (void)gate, (void)i; return SIZE_MAX; }
int ob_gate_save(const ob_gate *gate, char **out, size_t *len) {
    (void)gate, *out = NULL, *len = 0;
    return -1;
}
void *ob_gate_scratch_new(const ob_gate *gate) { (void)gate; return NULL; }
void ob_gate_scratch_free(void *scratch) { (void)scratch; }
int ob_gate_scan(const ob_gate *gate, void *scratch, const char *data, size_t len,
                 ob_vec *hits) {
    (void)gate, (void)scratch, (void)data, (void)len, (void)hits;
    return -1;
}

#else

#include <hs/hs.h>

#define MAGIC "OBGATE5\n"    /* a new number whenever the expressions or widths change */
#define VERSION_LEN 64
#define HEADER_LEN (sizeof MAGIC - 1 + VERSION_LEN + 8)

struct ob_gate {
    size_t n;
    hs_database_t *db;
    hs_scratch_t *scratch;     /* a prototype, cloned per thread */
    unsigned char *gated;      /* gated[i]: rule i is in the database */
    uint32_t *width;           /* width[i]: max bytes of a match, UINT32_MAX: unbounded */
};

void ob_gate_free(ob_gate *g) {
    if (!g) return;
    hs_free_database(g->db);
    hs_free_scratch(g->scratch);
    free(g->gated);
    free(g->width);
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

/* The most bytes a match of the expression spans, UINT32_MAX when unbounded
 * or unknown. Vectorscan reads lookarounds only in prefilter mode, whose
 * width is then an upper bound. */
static uint32_t width_of(const char *expression) {
    uint32_t width = UINT32_MAX;
    for (int k = 0; k < 2 && width == UINT32_MAX; k++) {
        hs_expr_info_t *info = NULL;
        hs_compile_error_t *e = NULL;
        if (hs_expression_info(expression, k ? HS_FLAG_PREFILTER : 0, &info, &e) == HS_SUCCESS)
            width = info->max_width;
        free(info);            /* hs_expression_info allocates with malloc by default */
        hs_free_compile_error(e);
    }
    return width;
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
            char *prefix = ob_gate_expression(specs[i].pattern, specs[i].pattern_len, 0);
            char *expr = ob_gate_expression(specs[i].pattern, specs[i].pattern_len, 1);
            if (!prefix || !expr) {
                free(prefix);
                free(expr);
                continue;
            }
            copies[count] = expr;
            exprs[count] = expr;
            ids[count++] = (unsigned)i;
            g->width[i] = width_of(prefix);
            free(prefix);
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

static uint32_t read_u32(const unsigned char *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* FNV-1a: the rule bytes and widths carry no checksum of Vectorscan's. */
static uint64_t checksum(const unsigned char *p, size_t n) {
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++) h = (h ^ p[i]) * 1099511628211u;
    return h;
}

static void write_u64(unsigned char *p, uint64_t v) {
    for (int k = 0; k < 8; k++) p[k] = (unsigned char)(v >> (8 * k));
}

/* Takes the saved gate when it is whole and of this Vectorscan; else -1 and
 * the gate is left as it was. */
static int load(ob_gate *g, const unsigned char *p, size_t len, size_t n) {
    char version[VERSION_LEN];
    version_field(version);
    size_t meta = HEADER_LEN + 5 * n;          /* header, gated bytes, widths */
    if (len < meta + 8 || memcmp(p, MAGIC, sizeof MAGIC - 1) != 0
        || memcmp(p + sizeof MAGIC - 1, version, VERSION_LEN) != 0
        || read_u64(p + sizeof MAGIC - 1 + VERSION_LEN) != n
        || read_u64(p + meta) != checksum(p, meta))
        return -1;
    const unsigned char *gated = p + HEADER_LEN, *widths = gated + n;
    for (size_t i = 0; i < n; i++)
        if (gated[i] > 1) return -1;
    if (hs_deserialize_database((const char *)p + meta + 8, len - meta - 8, &g->db)
        != HS_SUCCESS) {
        g->db = NULL;
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        g->gated[i] = gated[i];
        g->width[i] = read_u32(widths + 4 * i);
    }
    return 0;
}

ob_gate *ob_gate_new(const ob_rule_spec *specs, size_t n, const void *saved, size_t saved_len) {
    const char *env = getenv("OB_VECTORSCAN");
    if (n == 0 || (env && strcmp(env, "0") == 0)) return NULL;
    ob_gate *g = calloc(1, sizeof *g);
    if (!g || !(g->gated = calloc(n, 1)) || !(g->width = malloc(n * sizeof *g->width))) {
        ob_gate_free(g);
        return NULL;
    }
    g->n = n;
    for (size_t i = 0; i < n; i++) g->width[i] = UINT32_MAX;
    if ((saved && load(g, saved, saved_len, n) == 0) || build(g, specs, n) == 0)
        if (hs_alloc_scratch(g->db, &g->scratch) == HS_SUCCESS) return g;
    ob_gate_free(g);
    return NULL;
}

int ob_gate_has(const ob_gate *g, size_t i) {
    return g && i < g->n && g->gated[i];
}

size_t ob_gate_width(const ob_gate *g, size_t i) {
    return g && i < g->n && g->width[i] != UINT32_MAX ? g->width[i] : SIZE_MAX;
}

int ob_gate_save(const ob_gate *g, char **out, size_t *len) {
    *out = NULL;
    *len = 0;
    char *db = NULL;
    size_t db_len = 0;
    if (!g || hs_serialize_database(g->db, &db, &db_len) != HS_SUCCESS) return -1;
    size_t meta = HEADER_LEN + 5 * g->n, total = meta + 8 + db_len;
    unsigned char *p = malloc(total);
    if (p) {
        memcpy(p, MAGIC, sizeof MAGIC - 1);
        version_field((char *)p + sizeof MAGIC - 1);
        write_u64(p + sizeof MAGIC - 1 + VERSION_LEN, g->n);
        memcpy(p + HEADER_LEN, g->gated, g->n);
        for (size_t i = 0; i < g->n; i++)
            for (int k = 0; k < 4; k++)
                p[HEADER_LEN + g->n + 4 * i + k] = (unsigned char)(g->width[i] >> (8 * k));
        write_u64(p + meta, checksum(p, meta));
        memcpy(p + meta + 8, db, db_len);
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
    (void)from, (void)flags;
    ob_gate_hit *hit = ob_vec_push(ctx);
    if (!hit) return 1;                  /* out of memory: stop; the scan counts as failed */
    *hit = (ob_gate_hit){id, (uint32_t)to};
    return 0;
}

int ob_gate_scan(const ob_gate *g, void *scratch, const char *data, size_t len, ob_vec *hits) {
    if (!g || !scratch || len > UINT32_MAX) return -1;
    return hs_scan(g->db, data, (unsigned)len, 0, scratch, on_hit, hits) == HS_SUCCESS ? 0 : -1;
}

#endif
