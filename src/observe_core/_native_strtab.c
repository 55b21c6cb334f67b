/*
 * _native_strtab.c - the str -> int32 hash table of _native_strtab.h.
 * Python's own str hash and equality, so it agrees with a dict keyed by the
 * same strings.
 */
#define PY_SSIZE_T_CLEAN
#include "_native_strtab.h"

struct strtab_slot {
    PyObject *key;      /* NULL = empty */
    Py_hash_t hash;
    int32_t value;
};

/* The slot holding s, or the empty slot where it would go; NULL on error. */
static struct strtab_slot *find(strtab *t, PyObject *s, Py_hash_t h) {
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        struct strtab_slot *slot = &t->slots[i];
        if (!slot->key || slot->key == s) return slot;
        if (slot->hash == h) {
            int eq = PyObject_RichCompareBool(slot->key, s, Py_EQ);
            if (eq < 0) return NULL;
            if (eq) return slot;
        }
    }
}

int64_t strtab_get(strtab *t, PyObject *s) {
    Py_hash_t h = PyObject_Hash(s);
    if (h == -1) return -2;
    if (!t->cap) return -1;
    struct strtab_slot *slot = find(t, s, h);
    if (!slot) return -2;
    return slot->key ? slot->value : -1;
}

static int grow(strtab *t) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    struct strtab_slot *slots = PyMem_Calloc(cap, sizeof *slots);
    if (!slots) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
        struct strtab_slot *old = &t->slots[i];
        if (!old->key) continue;
        size_t j = (size_t)old->hash & (cap - 1);
        while (slots[j].key) j = (j + 1) & (cap - 1);
        slots[j] = *old;
    }
    PyMem_Free(t->slots);
    t->slots = slots;
    t->cap = cap;
    return 0;
}

int strtab_put(strtab *t, PyObject *s, int32_t value) {
    Py_hash_t h = PyObject_Hash(s);
    if (h == -1) return -1;
    if ((t->used + 1) * 2 > t->cap && grow(t) < 0) return -1;   /* at most half full */
    struct strtab_slot *slot = find(t, s, h);
    if (!slot) return -1;
    slot->key = Py_NewRef(s);
    slot->hash = h;
    slot->value = value;
    t->used++;
    return 0;
}

void strtab_free(strtab *t) {
    for (size_t i = 0; i < t->cap; i++) Py_XDECREF(t->slots[i].key);
    PyMem_Free(t->slots);
    t->slots = NULL;
    t->cap = t->used = 0;
}
