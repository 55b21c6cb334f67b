/*
 * arena.c - bump allocator and growable arrays (see arena.h).
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Blocks start small (most files' reports are a few KB) and double. */
#define OB_ARENA_FIRST_BLOCK 2048
#define OB_ARENA_BLOCK 65536
#define OB_ALIGN 16

typedef struct ob_block {
    struct ob_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} ob_block;

struct ob_arena {
    ob_block *head;
};

ob_arena *ob_arena_new(void) { return calloc(1, sizeof(ob_arena)); }

void ob_arena_free(ob_arena *a) {
    if (!a) return;
    ob_block *b = a->head;
    while (b) {
        ob_block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

void *ob_arena_alloc(ob_arena *a, size_t size) {
    size = (size + OB_ALIGN - 1) & ~(size_t)(OB_ALIGN - 1);
    if (size == 0) size = OB_ALIGN;
    ob_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t grow = a->head ? a->head->size * 2 : OB_ARENA_FIRST_BLOCK;
        if (grow > OB_ARENA_BLOCK) grow = OB_ARENA_BLOCK;
        size_t cap = size > grow ? size : grow;
        b = malloc(sizeof(ob_block) + cap);
        if (!b) return NULL;
        b->size = cap;
        b->used = 0;
        /* A large one-off allocation goes behind the head so the head's
         * free space stays usable. */
        if (a->head && size > OB_ARENA_BLOCK) {
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

char *ob_arena_strndup(ob_arena *a, const char *s, size_t n) {
    char *p = ob_arena_alloc(a, n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *ob_arena_printf(ob_arena *a, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return NULL;
    size_t len = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    return ob_arena_strndup(a, buf, len);
}

void ob_vec_init(ob_vec *v, size_t item_size) {
    v->data = NULL;
    v->len = v->cap = 0;
    v->item = item_size;
}

void *ob_vec_push(ob_vec *v) {
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *d = realloc(v->data, cap * v->item);
        if (!d) return NULL;
        v->data = d;
        v->cap = cap;
    }
    void *slot = (char *)v->data + v->len * v->item;
    memset(slot, 0, v->item);
    v->len++;
    return slot;
}

int ob_vec_reserve(ob_vec *v, size_t more) {
    if (v->cap - v->len >= more) return 0;
    if (more > (SIZE_MAX / v->item) - v->len) return -1;
    size_t cap = v->cap ? v->cap * 2 : 16;
    if (cap < v->len + more || cap > SIZE_MAX / v->item) cap = v->len + more;
    void *d = realloc(v->data, cap * v->item);
    if (!d) return -1;
    v->data = d;
    v->cap = cap;
    return 0;
}

void ob_vec_free(ob_vec *v) {
    free(v->data);
    v->data = NULL;
    v->len = v->cap = 0;
}
