/*
 * line_flags.h - the per-line flag bytes both lexers keep (code, comment
 * ...; index = line number), grown as lines are marked.
 */
#ifndef OB_LINE_FLAGS_H
#define OB_LINE_FLAGS_H

#include <stdint.h>
#include <string.h>

#include "arena.h"

/* ORs flag into lines from..to of flags (a vector of uint8_t), which grows
 * to cover them, new lines zeroed; -1 on no memory. The spare capacity is
 * kept zeroed, so covering a new line costs nothing. */
static inline int ob_line_flags_mark(ob_vec *flags, uint32_t from, uint32_t to, uint8_t flag) {
    while (to >= flags->cap) {
        size_t len = flags->len;
        flags->len = flags->cap;
        if (!ob_vec_push(flags)) return -1;   /* doubles the capacity */
        memset((uint8_t *)flags->data + len, 0, flags->cap - len);
        flags->len = len;
    }
    if (to >= flags->len) flags->len = (size_t)to + 1;
    uint8_t *f = flags->data;
    for (uint32_t l = from; l <= to; l++) f[l] |= flag;
    return 0;
}

#endif
