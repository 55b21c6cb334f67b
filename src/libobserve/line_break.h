/*
 * line_break.h - the one rule for line breaks every scanner shares: "\n",
 * "\r\n" or a lone "\r" (Python's universal newlines).
 */
#ifndef OB_LINE_BREAK_H
#define OB_LINE_BREAK_H

#include <stddef.h>

/* The length of the line break at p (2 for "\r\n"), 0 when there is none. */
static inline size_t ob_line_break(const char *p, const char *end) {
    if (p >= end) return 0;
    if (*p == '\n') return 1;
    if (*p == '\r') return p + 1 < end && p[1] == '\n' ? 2 : 1;
    return 0;
}

#endif
