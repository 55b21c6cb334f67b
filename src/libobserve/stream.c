/* stream.c - see stream.h. */
#include "stream.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "pool.h"

struct ob_stream {
    size_t n;
    const ob_stream_ops *ops;
    void *ctx;
    atomic_size_t next;        /* the next piece to claim; n once ended */
    atomic_uchar *done;        /* done[i]: piece i is finished */
    pthread_mutex_t lock;      /* with `ready`: a waiter sleeps until a piece is done */
    pthread_cond_t ready;
    pthread_t *threads;
    int started;
    void *own;                 /* the calling thread's worker, made when it first works */
    int own_made;
};

static void *new_worker(const ob_stream *s) {
    return s->ops->worker_new ? s->ops->worker_new(s->ctx) : NULL;
}

static void free_worker(const ob_stream *s, void *worker) {
    if (s->ops->worker_free) s->ops->worker_free(worker);
}

/* Claims and does one piece; 0 when none is left to claim. */
static int work_next(ob_stream *s, void *worker) {
    size_t i = atomic_fetch_add(&s->next, 1);
    if (i >= s->n) return 0;
    s->ops->work(i, s->ctx, worker);
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->done[i], 1);
    pthread_cond_broadcast(&s->ready);
    pthread_mutex_unlock(&s->lock);
    return 1;
}

static void *background(void *arg) {
    ob_stream *s = arg;
    void *worker = new_worker(s);
    while (work_next(s, worker)) {}
    free_worker(s, worker);
    return NULL;
}

ob_stream *ob_stream_start(size_t n, int jobs, const ob_stream_ops *ops, void *ctx) {
    ob_stream *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    *s = (ob_stream){.n = n, .ops = ops, .ctx = ctx};
    atomic_init(&s->next, 0);
    s->done = calloc(n ? n : 1, sizeof *s->done);
    int extra = ob_pool_jobs(jobs, n) - 1;
    s->threads = extra > 0 ? calloc((size_t)extra, sizeof *s->threads) : NULL;
    if (!s->done || (extra > 0 && !s->threads)) {
        free(s->done);
        free(s->threads);
        free(s);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) atomic_init(&s->done[i], 0);
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->ready, NULL);
    for (; s->started < extra; s->started++)
        if (pthread_create(&s->threads[s->started], NULL, background, s) != 0) break;
    return s;
}

void ob_stream_wait(ob_stream *s, size_t i) {
    if (i >= s->n) return;
    while (!atomic_load(&s->done[i])) {
        if (!s->own_made) {
            s->own = new_worker(s);
            s->own_made = 1;
        }
        if (work_next(s, s->own)) continue;
        /* every piece is claimed: i is being done on another thread */
        pthread_mutex_lock(&s->lock);
        while (!atomic_load(&s->done[i])) pthread_cond_wait(&s->ready, &s->lock);
        pthread_mutex_unlock(&s->lock);
    }
}

void ob_stream_end(ob_stream *s) {
    if (!s) return;
    atomic_store(&s->next, s->n);
    for (int t = 0; t < s->started; t++) pthread_join(s->threads[t], NULL);
    if (s->own_made) free_worker(s, s->own);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->ready);
    free(s->threads);
    free((void *)s->done);
    free(s);
}
