/* rule_files.c - see rule_files.h. */
#include "rule_files.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "pool.h"

struct ob_rule_stream {
    const ob_rules *rules;
    const char *const *paths;
    size_t n;
    ob_rule_file *out;
    atomic_size_t next;        /* the next file to claim; n once ended */
    atomic_uchar *done;        /* done[i]: out[i] is final */
    pthread_mutex_t lock;      /* with `ready`: a waiter sleeps until a file is done */
    pthread_cond_t ready;
    pthread_t *threads;
    int started;
    ob_rule_worker *own;       /* the calling thread's, made when it first matches */
    int own_made;
};

/* Claims and matches one file; 0 when none is left to claim. */
static int match_next(ob_rule_stream *s, ob_rule_worker *w) {
    size_t i = atomic_fetch_add(&s->next, 1);
    if (i >= s->n) return 0;
    ob_rule_match_file(s->rules, w, s->paths[i], &s->out[i]);
    pthread_mutex_lock(&s->lock);
    atomic_store(&s->done[i], 1);
    pthread_cond_broadcast(&s->ready);
    pthread_mutex_unlock(&s->lock);
    return 1;
}

static void *background(void *arg) {
    ob_rule_stream *s = arg;
    ob_rule_worker *w = ob_rule_worker_new(s->rules);   /* NULL: files get "out of memory" */
    while (match_next(s, w)) {}
    ob_rule_worker_free(w);
    return NULL;
}

ob_rule_stream *ob_rule_stream_start(const ob_rules *rules, const char *const *paths, size_t n,
                                     int jobs, ob_rule_file *out) {
    ob_rule_stream *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    *s = (ob_rule_stream){.rules = rules, .paths = paths, .n = n, .out = out};
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

void ob_rule_stream_wait(ob_rule_stream *s, size_t i) {
    if (i >= s->n) return;
    while (!atomic_load(&s->done[i])) {
        if (!s->own_made) {
            s->own = ob_rule_worker_new(s->rules);
            s->own_made = 1;
        }
        if (match_next(s, s->own)) continue;
        /* every file is claimed: i is being matched on another thread */
        pthread_mutex_lock(&s->lock);
        while (!atomic_load(&s->done[i])) pthread_cond_wait(&s->ready, &s->lock);
        pthread_mutex_unlock(&s->lock);
    }
}

void ob_rule_stream_end(ob_rule_stream *s) {
    if (!s) return;
    atomic_store(&s->next, s->n);
    for (int t = 0; t < s->started; t++) pthread_join(s->threads[t], NULL);
    ob_rule_worker_free(s->own);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->ready);
    free(s->threads);
    free((void *)s->done);
    free(s);
}

void ob_rules_match_files(const ob_rules *rules, const char *const *paths, size_t n, int jobs,
                          ob_rule_file *out) {
    ob_rule_stream *s = ob_rule_stream_start(rules, paths, n, jobs, out);
    if (!s) {                  /* out of memory: one thread, no stream */
        ob_rule_worker *w = ob_rule_worker_new(rules);
        for (size_t i = 0; i < n; i++) ob_rule_match_file(rules, w, paths[i], &out[i]);
        ob_rule_worker_free(w);
        return;
    }
    for (size_t i = 0; i < n; i++) ob_rule_stream_wait(s, i);
    ob_rule_stream_end(s);
}
