/*
 * scratch.c - buffers lent out per file and given back (scratch.h).
 */
#include <stdlib.h>

#include "scratch.h"

typedef struct kept {
    void *data;
    size_t bytes;
} kept;

struct ob_scratch {
    kept slot[OB_SCRATCH_SLOTS];
};

ob_scratch *ob_scratch_new(void) { return calloc(1, sizeof(ob_scratch)); }

void ob_scratch_free(ob_scratch *s) {
    if (!s) return;
    for (int i = 0; i < OB_SCRATCH_SLOTS; i++) free(s->slot[i].data);
    free(s);
}

void ob_scratch_lend(ob_scratch *s, int slot, ob_vec *v, size_t item) {
    ob_vec_init(v, item);
    if (!s || !s->slot[slot].data) return;
    v->data = s->slot[slot].data;
    v->cap = s->slot[slot].bytes / item;
    s->slot[slot] = (kept){NULL, 0};
}

void ob_scratch_give_back(ob_scratch *s, int slot, ob_vec *v) {
    size_t bytes = v->cap * v->item;
    if (s && !s->slot[slot].data && bytes <= OB_SCRATCH_KEEP_MAX) {
        s->slot[slot] = (kept){v->data, bytes};
        ob_vec_init(v, v->item);
    } else {
        ob_vec_free(v);
    }
}
