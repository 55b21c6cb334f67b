/*
 * pool.h - running one function on several threads at once.
 */
#ifndef OB_POOL_H
#define OB_POOL_H

#include <stddef.h>

/*
 * Runs fn(arg) on `jobs` threads, the calling thread being one of them, and
 * returns when all have returned. fn shares out the work itself (typically
 * through an atomic counter in arg). When threads cannot be started, fewer
 * run, the caller at least, so the work is always done.
 */
void ob_run_threads(void *(*fn)(void *), void *arg, int jobs);

/* The threads worth starting for n pieces of work when `jobs` were asked
 * for (<= 0: all cores): never more than n, at least 1. */
int ob_pool_jobs(int jobs, size_t n);

/*
 * Calls fn(i, ctx) once for every i in [0, n), on `jobs` threads (<= 0: all
 * cores), each taking the next index from one atomic counter; returns when
 * all calls have returned.
 */
void ob_parallel_for(size_t n, int jobs, void (*fn)(size_t i, void *ctx), void *ctx);

#endif
