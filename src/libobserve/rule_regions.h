/*
 * rule_regions.h - which bytes of a source file are code, strings or comments
 * (docs/rules.md section 3), so a business rule can be kept out of comments
 * or look only inside strings. The pure-Python twin is
 * observe_core/_python/rule_regions.py; both give the same spans.
 */
#ifndef OB_RULE_REGIONS_H
#define OB_RULE_REGIONS_H

#include <stddef.h>

#include "arena.h"

/* Languages of docs/rules.md section 3 (bit i of a rule's language mask). */
typedef enum ob_lang {
    OB_LANG_NONE = -1,
    OB_LANG_KOTLIN = 0, OB_LANG_JAVA, OB_LANG_SWIFT, OB_LANG_OBJC, OB_LANG_JAVASCRIPT,
    OB_LANG_TYPESCRIPT, OB_LANG_DART, OB_LANG_PYTHON, OB_LANG_XML, OB_LANG_YAML, OB_LANG_JSON,
    OB_LANG_COUNT
} ob_lang;

/* Region kinds; a rule's `where` is a mask of them. */
enum { OB_REGION_CODE = 1, OB_REGION_STRINGS = 2, OB_REGION_COMMENTS = 4 };

typedef struct ob_region_span {
    size_t start, end;   /* [start, end) */
    int kind;            /* OB_REGION_STRINGS or OB_REGION_COMMENTS */
} ob_region_span;

/* The language named (the names of the table above, lower case), or OB_LANG_NONE. */
ob_lang ob_lang_from_name(const char *name);
/* The language of a path by its extension (case-insensitive), or OB_LANG_NONE. */
ob_lang ob_lang_from_path(const char *path);

/*
 * The string and comment spans of data[0..len), in order, in *spans (arena
 * memory), their count in *n. Every other byte is code. Iterative: any
 * nesting depth. Returns 0, or -1 when memory runs out.
 */
int ob_regions(const char *data, size_t len, ob_lang lang, ob_arena *arena,
               ob_region_span **spans, size_t *n);

/* The region of the byte at offset, given spans from ob_regions. */
int ob_region_at(const ob_region_span *spans, size_t n, size_t offset);

#endif
