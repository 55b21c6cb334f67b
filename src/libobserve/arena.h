/*
 * arena.h - a bump allocator: many small allocations, one free.
 * Each analysed file gets one arena; its report's strings and arrays live
 * there, so freeing a report is a single call and inner loops never malloc.
 */
#ifndef OB_ARENA_H
#define OB_ARENA_H

#include <stddef.h>

typedef struct ob_arena ob_arena;

ob_arena *ob_arena_new(void);
void ob_arena_free(ob_arena *a);
/* Zeroed memory aligned for any type; NULL when memory runs out. */
void *ob_arena_alloc(ob_arena *a, size_t size);
char *ob_arena_strndup(ob_arena *a, const char *s, size_t n);
char *ob_arena_printf(ob_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * A growable array whose storage is plain malloc (it may grow large and is
 * released with ob_vec_free); items are fixed-size.
 */
typedef struct ob_vec {
    void *data;
    size_t len, cap, item;
} ob_vec;

void ob_vec_init(ob_vec *v, size_t item_size);
/* Returns a zeroed slot at the end, NULL when memory runs out. */
void *ob_vec_push(ob_vec *v);
/* Room for `more` items past len (the data may move); 0, or -1 when memory
 * runs out. Hot loops reserve, then take slots with ob_vec_take. */
int ob_vec_reserve(ob_vec *v, size_t more);
/* The next slot, NOT zeroed; only after ob_vec_reserve made room for it. */
static inline void *ob_vec_take(ob_vec *v) { return (char *)v->data + v->len++ * v->item; }
void ob_vec_free(ob_vec *v);
#define OB_VEC_AT(v, type, i) (((type *)(v)->data)[i])

#endif
