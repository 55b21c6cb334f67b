/*
 * read_files.c - many files read at once on a pool of threads (see the
 * file I/O part of observe.h).
 *
 * Readers take the next index from one atomic counter, so files are read
 * roughly in order. The consumer (the thread calling ob_reader_take) is
 * one of the readers: when the file it wants is not done, it reads the next
 * unclaimed one itself instead of sleeping. Each slot has a done flag; the
 * consumer sleeps on a condition variable only when nothing is left to
 * claim, and a worker signals only while it sleeps, so the common case
 * costs no lock and no context switch.
 */
#define _GNU_SOURCE   /* O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "observe.h"
#include "pool.h"
#include "read_uring.h"
#include "readfile.h"

/* Files up to this size are read with one read() into a per-thread buffer
 * (source files almost always are); larger ones go through ob_read_file. */
#define SCRATCH_SIZE (64u << 10)

/* Files a reader claims at once. */
#define BATCH 32

#ifndef O_PATH
#define O_PATH O_RDONLY   /* a plain descriptor serves where O_PATH is missing */
#endif

struct ob_reader {
    const char *const *paths;
    size_t n;
    ob_file_data *out;
    atomic_uchar *done;
    atomic_size_t next;
    atomic_int stop;
    atomic_int sleeping;        /* the consumer waits in ob_reader_take */
    pthread_mutex_t lock;
    pthread_cond_t ready;
    pthread_t *threads;
    int n_threads;
    struct read_state *consumer;  /* the caller's own reading state, or NULL */
};

void ob_file_data_release(ob_file_data *data) {
    ob_buffer buf = {data->data, data->len, data->mapped};
    ob_buffer_free(&buf);
    data->data = NULL;
    data->len = 0;
}

/* What one reading thread keeps between files: the directory of the last
 * file, open, so that files of the same directory (walk output is sorted)
 * are opened by name without resolving the whole path again, and a buffer
 * that small files are read into before their exact-size copy (no fstat). */
typedef struct read_state {
    char *dir;                  /* "a/b/" of the last path, or NULL */
    size_t dir_len;
    int dir_fd;                 /* O_PATH descriptor of dir, or -1 */
    int noatime;                /* O_NOATIME not refused yet (see ob_open_read) */
    ob_uring *ring;             /* batches through io_uring, or NULL */
    unsigned char retry[BATCH]; /* files of a batch the ring left to read_one */
    ob_file_data large;         /* ob_file_reader_read's last file over SCRATCH_SIZE */
    char scratch[SCRATCH_SIZE];
} read_state;

/* A ring costs a few system calls to set up: only worth it for many files. */
static void state_init(read_state *st, size_t n_files) {
    st->dir = NULL;
    st->dir_len = 0;
    st->dir_fd = -1;
    st->noatime = 1;
    st->ring = n_files > 2 * BATCH ? ob_uring_new(BATCH, SCRATCH_SIZE) : NULL;
    memset(&st->large, 0, sizeof st->large);
}

static void state_clear(read_state *st) {
    if (st->dir_fd >= 0) close(st->dir_fd);
    free(st->dir);
    st->dir = NULL;
    st->dir_len = 0;
    st->dir_fd = -1;
}

static void state_free(read_state *st) {
    state_clear(st);
    ob_uring_free(st->ring);
    free(st);
}

/* The directory of path, kept open in st for the next files: returns its
 * descriptor and sets *name to path's last component, or AT_FDCWD with
 * *name = path when the path has no directory part or it cannot be opened
 * (then the full path gives open's own errno). */
static int cached_dir(read_state *st, const char *path, const char **name) {
    const char *slash = strrchr(path, '/');
    *name = path;
    if (!slash || slash == path) return AT_FDCWD;
    size_t len = (size_t)(slash - path) + 1;
    if (!(st->dir && st->dir_len == len && memcmp(st->dir, path, len) == 0)) {
        state_clear(st);
        char *dir = malloc(len + 1);
        if (!dir) return AT_FDCWD;
        memcpy(dir, path, len);
        dir[len] = '\0';
        st->dir_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
        if (st->dir_fd < 0) {
            free(dir);
            return AT_FDCWD;
        }
        st->dir = dir;
        st->dir_len = len;
    }
    *name = slash + 1;
    return st->dir_fd;
}

/* Opens path, through the cached directory when it is the same one. */
static int open_cached(read_state *st, const char *path) {
    const char *name;
    int dirfd = cached_dir(st, path, &name);
    return ob_open_read(dirfd, name, &st->noatime);
}

/* Reads fd to its end into scratch; the length, -2 when it does not fit,
 * or -1 with errno set. */
static ssize_t read_small(int fd, char *scratch) {
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, scratch + len, SCRATCH_SIZE - len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) return (ssize_t)len;
        len += (size_t)n;
        if (len == SCRATCH_SIZE) return -2;
    }
}

/* A file larger than the scratch buffer: read whole (mapped when large). */
static void read_large(const char *path, ob_file_data *out) {
    ob_buffer buf;
    const char *code;
    char msg[8];   /* the errno is what callers get; the text is not needed */
    if (ob_read_file(path, &buf, &code, msg, sizeof msg) < 0) {
        out->err = errno ? errno : EIO;
        return;
    }
    out->data = buf.data;
    out->len = buf.len;
    out->mapped = buf.mapped;
}

ob_file_reader *ob_file_reader_new(void) {
    read_state *st = malloc(sizeof *st);
    if (st) state_init(st, 0);
    return st;
}

void ob_file_reader_done(ob_file_reader *st) {
    ob_file_data_release(&st->large);
    st->large.err = 0;
}

void ob_file_reader_free(ob_file_reader *st) {
    if (!st) return;
    ob_file_reader_done(st);
    state_free(st);
}

int ob_file_reader_read(ob_file_reader *st, const char *path, const char **data, size_t *len) {
    ob_file_reader_done(st);
    int fd = open_cached(st, path);
    if (fd < 0) return errno;
    ssize_t n = read_small(fd, st->scratch);
    int err = errno;
    close(fd);
    if (n == -1) return err;
    if (n >= 0) {
        *data = st->scratch;
        *len = (size_t)n;
        return 0;
    }
    read_large(path, &st->large);
    *data = st->large.data ? st->large.data : "";
    *len = st->large.len;
    return st->large.err;
}

/* One file into out, through ob_file_reader_read: a small file is copied
 * out of the scratch buffer, a large one's buffer changes hands. */
static void read_one(read_state *st, const char *path, ob_file_data *out) {
    memset(out, 0, sizeof *out);
    const char *data;
    size_t len;
    if ((out->err = ob_file_reader_read(st, path, &data, &len))) return;
    if (data != st->scratch) {
        *out = st->large;
        memset(&st->large, 0, sizeof st->large);
        return;
    }
    if (len > 0 && !(out->data = malloc(len))) {
        out->err = ENOMEM;
        return;
    }
    if (len > 0) memcpy(out->data, data, len);
    out->len = len;
}

/* Claims the next BATCH unread files and reads them; 0 when none is left.
 * Batches keep threads in different directories (sorted paths), so they do
 * not contend on the same directory entry in the kernel. */
static int read_next(ob_reader *r, read_state *st) {
    if (atomic_load(&r->stop)) return 0;
    size_t first = atomic_fetch_add(&r->next, BATCH);
    if (first >= r->n) return 0;
    size_t end = first + BATCH < r->n ? first + BATCH : r->n;
    if (st->ring) {
        const char *name;
        int dirfd = cached_dir(st, r->paths[first], &name);
        ob_uring_read(st->ring, dirfd, dirfd == AT_FDCWD ? NULL : st->dir, st->dir_len,
                      r->paths + first, end - first, r->out + first, st->retry);
    } else {
        memset(st->retry, 1, end - first);
    }
    for (size_t i = first; i < end; i++) {
        if (st->retry[i - first]) read_one(st, r->paths[i], &r->out[i]);
        atomic_store(&r->done[i], 1);
        if (atomic_load(&r->sleeping)) {
            pthread_mutex_lock(&r->lock);
            pthread_cond_broadcast(&r->ready);
            pthread_mutex_unlock(&r->lock);
        }
    }
    return 1;
}

static void *reader_worker(void *arg) {
    ob_reader *r = arg;
    read_state *st = malloc(sizeof *st);
    if (!st) return NULL;   /* the other readers, the consumer at least, do the work */
    state_init(st, r->n);
    while (read_next(r, st)) {}
    state_free(st);
    return NULL;
}

ob_reader *ob_reader_start(const char *const *paths, size_t n, int jobs) {
    ob_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->paths = paths;
    r->n = n;
    r->out = calloc(n ? n : 1, sizeof *r->out);
    r->done = calloc(n ? n : 1, sizeof *r->done);
    if (jobs <= 0) jobs = ob_cpu_count();
    if ((size_t)jobs > n) jobs = n ? (int)n : 1;
    r->threads = calloc((size_t)jobs, sizeof *r->threads);
    if (!r->out || !r->done || !r->threads) {
        free(r->out);
        free(r->done);
        free(r->threads);
        free(r);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) atomic_init(&r->done[i], 0);
    atomic_init(&r->next, 0);
    atomic_init(&r->stop, 0);
    atomic_init(&r->sleeping, 0);
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->ready, NULL);
    /* The consumer is one of the `jobs` readers (see ob_reader_take). */
    for (; r->n_threads < jobs - 1; r->n_threads++)
        if (pthread_create(&r->threads[r->n_threads], NULL, reader_worker, r) != 0) break;
    return r;
}

int ob_reader_poll(ob_reader *r, size_t i) {
    return atomic_load(&r->done[i]) != 0;
}

/* Rather than sleep while file i is being read, the consumer reads the
 * next unclaimed file itself; it sleeps only when none is left. */
void ob_reader_take(ob_reader *r, size_t i, ob_file_data *out) {
    if (!r->consumer && (r->consumer = malloc(sizeof *r->consumer))) state_init(r->consumer, r->n);
    while (!atomic_load(&r->done[i])) {
        if (r->consumer && read_next(r, r->consumer)) continue;
        pthread_mutex_lock(&r->lock);
        atomic_store(&r->sleeping, 1);
        while (!atomic_load(&r->done[i])) pthread_cond_wait(&r->ready, &r->lock);
        atomic_store(&r->sleeping, 0);
        pthread_mutex_unlock(&r->lock);
    }
    *out = r->out[i];
    memset(&r->out[i], 0, sizeof r->out[i]);
}

void ob_reader_free(ob_reader *r) {
    if (!r) return;
    atomic_store(&r->stop, 1);
    for (int t = 0; t < r->n_threads; t++) pthread_join(r->threads[t], NULL);
    for (size_t i = 0; i < r->n; i++) ob_file_data_release(&r->out[i]);
    if (r->consumer) state_free(r->consumer);
    pthread_cond_destroy(&r->ready);
    pthread_mutex_destroy(&r->lock);
    free(r->threads);
    free(r->done);
    free(r->out);
    free(r);
}

int ob_read_paths(const char *const *paths, size_t n, int jobs, ob_file_data *out) {
    ob_reader *r = ob_reader_start(paths, n, jobs);
    if (!r) return -1;
    for (size_t i = 0; i < n; i++) ob_reader_take(r, i, &out[i]);
    ob_reader_free(r);
    return 0;
}

/* ---- sizes ----------------------------------------------------------- */

typedef struct stat_job {
    const char *const *paths;
    uint64_t *sizes;
    int *errs;
} stat_job;

static void stat_one(size_t i, void *ctx) {
    stat_job *job = ctx;
    struct stat st;
    if (lstat(job->paths[i], &st) < 0) {
        job->sizes[i] = 0;
        job->errs[i] = errno;
    } else {
        job->sizes[i] = S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
        job->errs[i] = 0;
    }
}

void ob_stat_sizes(const char *const *paths, size_t n, int jobs, uint64_t *sizes, int *errs) {
    stat_job job = {.paths = paths, .sizes = sizes, .errs = errs};
    ob_parallel_for(n, jobs, stat_one, &job);
}
