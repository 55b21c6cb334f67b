/*
 * _native_keys.h - field codes of dict keys, for the bindings that read
 * events (_native_correlate.c, _native_sdk.c). A key's code comes from a
 * dict {name: int}; JSON decoders share one str object among the equal keys
 * of a document, so a small cache by object address answers nearly every
 * lookup. The cache holds a reference to each key it names, so an address
 * cannot be reused by another object while it is cached.
 */
#ifndef OB_NATIVE_KEYS_H
#define OB_NATIVE_KEYS_H
#include <Python.h>
#include <stdint.h>

#define KEY_CACHE 256

typedef struct key_cache {
    PyObject *key[KEY_CACHE];
    int code[KEY_CACHE];
} key_cache;

/* codes[key] as an int, -1 when key is not in codes, -2 with an exception
 * set on error. kc may be NULL (no caching). */
static inline int key_cache_code(key_cache *kc, PyObject *codes, PyObject *key) {
    size_t h = (size_t)((((uintptr_t)key >> 4) * 0x9E3779B1u) >> 16) & (KEY_CACHE - 1);
    if (kc && kc->key[h] == key) return kc->code[h];
    PyObject *code = PyDict_GetItemWithError(codes, key);
    if (!code && PyErr_Occurred()) return -2;
    int c = code ? (int)PyLong_AsLong(code) : -1;
    if (kc) {
        Py_XSETREF(kc->key[h], Py_NewRef(key));
        kc->code[h] = c;
    }
    return c;
}

static inline void key_cache_clear(key_cache *kc) {
    for (size_t i = 0; i < KEY_CACHE; i++) Py_CLEAR(kc->key[i]);
}

#endif
