/* pool.c - see pool.h. */
#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "observe.h"

void ob_run_threads(void *(*fn)(void *), void *arg, int jobs) {
    pthread_t *threads = jobs > 1 ? calloc((size_t)jobs - 1, sizeof *threads) : NULL;
    int started = 0;
    if (threads)
        for (; started < jobs - 1; started++)
            if (pthread_create(&threads[started], NULL, fn, arg) != 0) break;
    fn(arg);
    for (int i = 0; i < started; i++) pthread_join(threads[i], NULL);
    free(threads);
}

typedef struct for_job {
    size_t n;
    void (*fn)(size_t i, void *ctx);
    void *ctx;
    atomic_size_t next;
} for_job;

static void *for_worker(void *arg) {
    for_job *job = arg;
    for (size_t i; (i = atomic_fetch_add(&job->next, 1)) < job->n;) job->fn(i, job->ctx);
    return NULL;
}

int ob_pool_jobs(int jobs, size_t n) {
    if (jobs <= 0) jobs = ob_cpu_count();
    if ((size_t)jobs > n) jobs = (int)n;
    return jobs > 0 ? jobs : 1;
}

void ob_parallel_for(size_t n, int jobs, void (*fn)(size_t i, void *ctx), void *ctx) {
    for_job job = {.n = n, .fn = fn, .ctx = ctx};
    atomic_init(&job.next, 0);
    ob_run_threads(for_worker, &job, ob_pool_jobs(jobs, n));
}
