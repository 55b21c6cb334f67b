/*
 * scratch.h - buffers one thread keeps from one file's analysis to the next.
 * The brace pass needs a dozen arrays the size of the file (tokens, keys,
 * bracket matching, frames, functions); allocated afresh for each of
 * thousands of small files they cost about 5% of the pass in malloc, free
 * and realloc. A scratch lends them out and takes them back instead.
 */
#ifndef OB_SCRATCH_H
#define OB_SCRATCH_H

#include "arena.h"

#define OB_SCRATCH_SLOTS 16
/* A buffer larger than this is freed, not kept: one huge file must not pin
 * its arrays for the rest of the job. */
#define OB_SCRATCH_KEEP_MAX ((size_t)4 << 20)

typedef struct ob_scratch ob_scratch;

ob_scratch *ob_scratch_new(void);   /* NULL when memory runs out */
void ob_scratch_free(ob_scratch *s);
/* An empty vec of item-size slots on the buffer kept in slot (s NULL, or
 * nothing kept: a fresh vec). The vec owns the buffer until given back. */
void ob_scratch_lend(ob_scratch *s, int slot, ob_vec *v, size_t item);
/* v's buffer back into slot (freed when s is NULL or it is too large); v is
 * left empty. */
void ob_scratch_give_back(ob_scratch *s, int slot, ob_vec *v);

#endif
