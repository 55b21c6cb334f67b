/*
 * stream.h - n pieces of work on several threads, taken in order.
 *
 * The caller takes piece i as soon as it is done while the other threads go
 * on with the pieces after it: the Python binding turns file i into dicts
 * while later files are still being analysed or matched. The calling thread
 * is one of the `jobs` threads: while it waits for a piece it does the next
 * unclaimed one itself.
 */
#ifndef OB_STREAM_H
#define OB_STREAM_H

#include <stddef.h>

typedef struct ob_stream_ops {
    void (*work)(size_t i, void *ctx, void *worker);   /* does piece i */
    void *(*worker_new)(void *ctx);   /* per-thread state for work, or NULL */
    void (*worker_free)(void *worker);
} ob_stream_ops;

typedef struct ob_stream ob_stream;

/*
 * Starts pieces [0, n) on jobs - 1 background threads (jobs <= 0: every
 * core); the caller is the last thread, through ob_stream_wait. Fewer
 * threads start when they cannot, the work being done all the same. ops and
 * ctx must outlive the stream. NULL when memory runs out.
 */
ob_stream *ob_stream_start(size_t n, int jobs, const ob_stream_ops *ops, void *ctx);

/* Returns when piece i is done, doing unclaimed pieces meanwhile. */
void ob_stream_wait(ob_stream *s, size_t i);

/* Stops claiming pieces, joins the threads and frees the stream. Pieces never
 * claimed are never done. */
void ob_stream_end(ob_stream *s);

#endif
