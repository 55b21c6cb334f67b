/*
 * read_uring.c - see read_uring.h.
 *
 * Each file k of a batch uses fixed-file slot k: openat into the slot, a
 * read of up to `scratch` bytes, a one-byte read at the file position that
 * returns 0 exactly when the first read reached the end, and a close of
 * the slot (a direct descriptor: no O_CLOEXEC, which the kernel refuses for
 * those, and none is needed as it is not in the process file table). The
 * four are hard-linked so they run in order even when a read
 * is short; the results come back as completions tagged 4k + step.
 */
#define _GNU_SOURCE   /* O_NOATIME */
#include "read_uring.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#ifdef OB_HAVE_URING
#include <liburing.h>
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#endif
#endif
#ifndef VALGRIND_MAKE_MEM_DEFINED
#define VALGRIND_MAKE_MEM_DEFINED(p, n) ((void)(p), (void)(n))
#endif
#ifndef O_NOATIME
#define O_NOATIME 0
#endif

#ifdef OB_HAVE_URING

enum { STEP_OPEN, STEP_READ, STEP_EOF, STEP_CLOSE, STEPS };

struct ob_uring {
    struct io_uring ring;
    unsigned batch;
    size_t scratch;
    char *buffers;          /* batch * scratch bytes */
    char *eof_bytes;        /* batch bytes for the end-of-file probes */
    int (*res)[STEPS];      /* completion results per file and step */
    int open_flags;         /* O_NOATIME dropped once refused (files of other users) */
};

ob_uring *ob_uring_new(unsigned batch, size_t scratch) {
    const char *env = getenv("OB_IO_URING");
    if (env && strcmp(env, "0") == 0) return NULL;
    ob_uring *u = calloc(1, sizeof *u);
    if (!u) return NULL;
    u->batch = batch;
    u->scratch = scratch;
    u->open_flags = O_RDONLY | O_NOATIME;
    u->buffers = malloc(batch * scratch);
    u->eof_bytes = malloc(batch);
    u->res = calloc(batch, sizeof *u->res);
    if (!u->buffers || !u->eof_bytes || !u->res ||
        io_uring_queue_init(batch * STEPS, &u->ring, 0) < 0) {
        free(u->buffers);
        free(u->eof_bytes);
        free(u->res);
        free(u);
        return NULL;
    }
    if (io_uring_register_files_sparse(&u->ring, batch) < 0) {
        io_uring_queue_exit(&u->ring);
        free(u->buffers);
        free(u->eof_bytes);
        free(u->res);
        free(u);
        return NULL;
    }
    return u;
}

void ob_uring_free(ob_uring *u) {
    if (!u) return;
    io_uring_queue_exit(&u->ring);
    free(u->buffers);
    free(u->eof_bytes);
    free(u->res);
    free(u);
}

static void queue(ob_uring *u, int dirfd, const char *name, unsigned k) {
    struct io_uring_sqe *s = io_uring_get_sqe(&u->ring);
    io_uring_prep_openat_direct(s, dirfd, name, u->open_flags, 0, k);
    s->flags |= IOSQE_IO_HARDLINK;
    s->user_data = k * STEPS + STEP_OPEN;
    s = io_uring_get_sqe(&u->ring);
    io_uring_prep_read(s, (int)k, u->buffers + (size_t)k * u->scratch, (unsigned)u->scratch,
                       (__u64)-1);
    s->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
    s->user_data = k * STEPS + STEP_READ;
    s = io_uring_get_sqe(&u->ring);
    io_uring_prep_read(s, (int)k, u->eof_bytes + k, 1, (__u64)-1);
    s->flags |= IOSQE_FIXED_FILE | IOSQE_IO_HARDLINK;
    s->user_data = k * STEPS + STEP_EOF;
    s = io_uring_get_sqe(&u->ring);
    io_uring_prep_close_direct(s, k);
    s->user_data = k * STEPS + STEP_CLOSE;
}

/* Turns file k's completions into out (0) or asks for a retry (1). */
static int finish(ob_uring *u, unsigned k, ob_file_data *out) {
    int *res = u->res[k];
    memset(out, 0, sizeof *out);
    if (res[STEP_OPEN] == -EPERM) u->open_flags &= ~O_NOATIME;  /* not ours: stop asking */
    if (res[STEP_OPEN] < 0) return 1;              /* the ordinary open gives the errno */
    if (res[STEP_READ] < 0) {
        out->err = -res[STEP_READ];                /* EISDIR for a directory, EIO, ... */
        return 0;
    }
    if (res[STEP_EOF] != 0) return 1;              /* larger than scratch, or grew */
    size_t len = (size_t)res[STEP_READ];
    const char *src = u->buffers + (size_t)k * u->scratch;
    VALGRIND_MAKE_MEM_DEFINED(src, len);           /* written by the kernel */
    if (len && !(out->data = malloc(len))) {
        out->err = ENOMEM;
        return 0;
    }
    if (len) memcpy(out->data, src, len);
    out->len = len;
    return 0;
}

void ob_uring_read(ob_uring *u, int dirfd, const char *dir, size_t dir_len,
                   const char *const *paths, size_t n, ob_file_data *out, unsigned char *retry) {
    for (unsigned k = 0; k < n; k++) {
        if (dir && strncmp(paths[k], dir, dir_len) == 0) queue(u, dirfd, paths[k] + dir_len, k);
        else queue(u, AT_FDCWD, paths[k], k);
        for (int s = 0; s < STEPS; s++) u->res[k][s] = -ECANCELED;
    }
    unsigned want = (unsigned)n * STEPS, got = 0;
    if (io_uring_submit_and_wait(&u->ring, want) < 0) want = 0;
    while (got < want) {
        struct io_uring_cqe *cqe;
        int rc = io_uring_wait_cqe(&u->ring, &cqe);
        if (rc == -EINTR) continue;
        if (rc < 0) break;
        u->res[cqe->user_data / STEPS][cqe->user_data % STEPS] = cqe->res;
        io_uring_cqe_seen(&u->ring, cqe);
        got++;
    }
    if (got < want) {   /* the ring failed: read everything the ordinary way */
        memset(retry, 1, n);
        return;
    }
    for (unsigned k = 0; k < n; k++) retry[k] = (unsigned char)finish(u, k, &out[k]);
}

#else /* no liburing: always the ordinary reads */

ob_uring *ob_uring_new(unsigned batch, size_t scratch) {
    (void)batch;
    (void)scratch;
    return NULL;
}

void ob_uring_free(ob_uring *u) {
    (void)u;
}

void ob_uring_read(ob_uring *u, int dirfd, const char *dir, size_t dir_len,
                   const char *const *paths, size_t n, ob_file_data *out, unsigned char *retry) {
    (void)u;
    (void)dirfd;
    (void)dir;
    (void)dir_len;
    (void)paths;
    (void)out;
    memset(retry, 1, n);
}

#endif
