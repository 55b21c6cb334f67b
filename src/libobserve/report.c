/*
 * report.c - file reports and their diagnostics (see report.h).
 */
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void ob_diags_init(ob_diag_list *d, ob_arena *arena) {
    ob_vec_init(&d->items, sizeof(ob_diag));
    d->arena = arena;
    d->max = OB_MAX_DIAGS;
    d->dropped = 0;
}

void ob_diag_add(ob_diag_list *d, uint32_t line, uint32_t column, int is_error,
                 const char *code, const char *fmt, ...) {
    if (d->items.len >= d->max) {
        d->dropped++;
        return;
    }
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ob_diag *g = ob_vec_push(&d->items);
    if (!g) return;  /* out of memory: the diagnostic is lost, not the run */
    g->line = line;
    g->column = column;
    g->is_error = (uint8_t)(is_error != 0);
    g->code = code;
    g->message = ob_arena_strndup(d->arena, buf, strlen(buf));
    if (!g->message) g->message = "";
}

ob_file_report *ob_report_new(const char *path, ob_language lang, size_t size) {
    ob_arena *a = ob_arena_new();
    if (!a) return NULL;
    ob_file_report *r = ob_arena_alloc(a, sizeof *r);
    if (!r) {
        ob_arena_free(a);
        return NULL;
    }
    r->arena = a;
    r->path = ob_arena_strndup(a, path ? path : "<string>", strlen(path ? path : "<string>"));
    r->language = lang;
    r->size_bytes = size;
    return r;
}

void ob_file_report_free(ob_file_report *report) {
    if (report) ob_arena_free(report->arena);  /* the report lives in its arena */
}

void ob_diags_keep_first(ob_diag_list *d, size_t max) {
    if (d->items.len > max) {
        d->dropped += d->items.len - max;
        d->items.len = max;
    }
    d->max = max;
}

int ob_report_take_diags(ob_file_report *r, ob_diag_list *d) {
    if (d->dropped) {
        size_t dropped = d->dropped;
        d->max = d->items.len + 1;          /* the list is full: room for the summary itself */
        ob_diag_add(d, 0, 0, 0, "too-many-diagnostics", "%zu more diagnostics not shown",
                    dropped);
    }
    size_t n = d->items.len;
    if (n) {
        r->diags = ob_arena_alloc(r->arena, n * sizeof(ob_diag));
        if (!r->diags) {
            ob_vec_free(&d->items);
            return -1;
        }
        memcpy(r->diags, d->items.data, n * sizeof(ob_diag));
    }
    r->n_diags = n;
    ob_vec_free(&d->items);
    return 0;
}

void ob_report_totals(ob_file_report *r, const uint8_t *outermost) {
    for (size_t i = 0; i < r->n_functions; i++) {
        const ob_function *f = &r->functions[i];
        r->total_cyclomatic += f->cyclomatic;
        if (outermost[i]) r->total_cognitive += f->cognitive;
        if (f->cyclomatic > r->max_cyclomatic) r->max_cyclomatic = f->cyclomatic;
        if (f->cognitive > r->max_cognitive) r->max_cognitive = f->cognitive;
        if (f->nested_depth > r->max_nested_depth) r->max_nested_depth = f->nested_depth;
    }
}
