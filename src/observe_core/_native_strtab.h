/*
 * _native_strtab.h - a hash table from str objects to int32 values, for the
 * correlator's binding: string interning (equal strings, one id) and the
 * duplicate-id check, without a Python int per entry.
 */
#ifndef OB_NATIVE_STRTAB_H
#define OB_NATIVE_STRTAB_H
#include <Python.h>
#include <stdint.h>

typedef struct strtab {
    struct strtab_slot *slots;   /* open addressing, linear probing */
    size_t cap, used;            /* cap: a power of two, or 0 */
} strtab;

/* The value stored for s (a str), or -1 when absent; -2 with an exception set
 * on error. s is compared by value (hash, then ==). */
int64_t strtab_get(strtab *t, PyObject *s);

/* Stores value for s, which must be absent; holds a reference to s. 0 or -1. */
int strtab_put(strtab *t, PyObject *s, int32_t value);

/* The number of strings stored. */
static inline size_t strtab_size(const strtab *t) { return t->used; }

void strtab_free(strtab *t);

#endif
