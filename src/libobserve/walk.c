/*
 * walk.c - file discovery (see walk.h): every regular file under a root,
 * minus default excludes, user exclude globs and .gitignore rules, kept by
 * the include patterns, sorted.
 *
 * The walk is iterative: pending directories (wdir) wait in a queue; a
 * worker takes one, reads it in full (getdents64 on Linux, readdir
 * elsewhere), filters its entries and queues its subdirectories. A worker
 * has one directory open at a time, so hostile nesting costs heap, not
 * stack or descriptors. Directories are
 * opened by their full path, so the path length limit (PATH_MAX) bounds the
 * depth: deeper ones fail with ENAMETOOLONG, as in the pure-Python walker.
 *
 * Threads: opt->jobs workers (the calling thread is one of them) share the
 * queue under one mutex. A worker with nothing to take sleeps on the
 * condition variable while some directory is still being read (it may
 * queue more); all leave when the queue is empty and nobody is reading. A
 * wdir is written only by the worker that reads it, and that worker queues
 * its children only afterwards, under the mutex: so the ancestors' fields
 * a worker looks at (.gitignore lists, st_dev/st_ino, the root's
 * .git/info/exclude) are complete and never written again. Each worker has
 * its own scratch buffers, its error list, an arena for the tree (wdirs and
 * what they hold, freed at the end) and blocks of path strings, which
 * become part of the result (ob_walk_result.priv).
 *
 * Order without a global sort: bytewise order of full paths is the order
 * of a depth-first walk in which each directory's entries are sorted by
 * name, a directory's name compared as if it ended with '/' ("a/x" sorts
 * after "a-b" and before "a0", like the byte '/'). So the worker reading a
 * directory sorts the entries it keeps and stores them on the wdir: the
 * files' full paths, and the subdirectories with the number of files that
 * sort before each; when every directory has been read, one depth-first
 * pass over that tree lists the paths in order. Sorting each directory's
 * short names is far cheaper than sorting every full path at the end, and
 * the output does not depend on which thread read what. Errors are few:
 * they are gathered per worker, then sorted.
 *
 * Error codes (static strings in ob_walk_error.code): "not-found",
 * "permission-denied", "symlink-loop", "broken-symlink", "read-error",
 * "not-a-directory" (root is neither a file nor a directory),
 * "out-of-memory". Errors never stop the walk; only a root that cannot be
 * read (or running out of memory) makes ob_walk return -1.
 *
 * This file holds the entry points, the workers and their queue, and the
 * result. Reading one directory (the rules applied to each entry, symlinks)
 * is walk_dir.c; sorting what it keeps is walk_sort.c; walk_internal.h has
 * the types they share.
 */
#include "walk_internal.h"
#include "observe.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Directory reads are bound by the kernel and the disk: past a few threads
 * more only cost stacks. Caps opt->jobs. */
#define MAX_JOBS 64

/* ob_walk_result.priv: the blocks holding the path strings. */
typedef struct path_store {
    size_t n;
    str_block *blocks[];     /* a list per worker */
} path_store;

/* ---- path strings and errors ------------------------------------------ */

/* Blocks of path strings start at this size and double up to the max:
 * small walks stay small, big ones need few blocks. */
#define STR_BLOCK_FIRST ((size_t)16 << 10)
#define STR_BLOCK_MAX ((size_t)1 << 20)

/* Copies a[0..alen) + b[0..blen) + NUL into the blocks at *head; NULL when
 * out of memory. */
char *walk_str_copy(str_block **head, const char *a, size_t alen,
                    const char *b, size_t blen)
{
    str_block *blk = *head;
    size_t need = alen + blen + 1;
    char *s;
    if (!blk || blk->size - blk->used < need) {
        size_t size = blk ? blk->size * 2 : STR_BLOCK_FIRST;
        if (size > STR_BLOCK_MAX) size = STR_BLOCK_MAX;
        if (size < need) size = need;
        blk = malloc(sizeof(*blk) + size);
        if (!blk) return NULL;
        blk->next = *head;
        blk->used = 0;
        blk->size = size;
        *head = blk;
    }
    s = blk->data + blk->used;
    memcpy(s, a, alen);
    memcpy(s + alen, b, blen);
    s[alen + blen] = '\0';
    blk->used += need;
    return s;
}

static void str_free(str_block *blk)
{
    while (blk) {
        str_block *next = blk->next;
        free(blk);
        blk = next;
    }
}

static const struct { int err; const char *code; } errno_codes[] = {
    {EACCES, "permission-denied"}, {EPERM, "permission-denied"},
    {ENOENT, "not-found"}, {ENOTDIR, "not-found"},
    {ELOOP, "symlink-loop"}, {ENOMEM, "out-of-memory"},
};

const char *walk_errno_code(int err)
{
    size_t i;
    for (i = 0; i < N_OF(errno_codes); i++)
        if (errno_codes[i].err == err) return errno_codes[i].code;
    return "read-error";
}

/* Appends an error to *errs; path and message are copied. -1 when out of
 * memory. */
int walk_append_error(ob_walk_error **errs, size_t *n, size_t *cap,
                      const char *path, size_t path_len, const char *code,
                      const char *message)
{
    ob_walk_error *e = grow(*errs, cap, *n + 1, sizeof(**errs));
    char *p, *m;
    if (!e) return -1;
    *errs = e;
    p = malloc(path_len + 1);
    m = strdup(message);
    if (!p || !m) { free(p); free(m); return -1; }
    memcpy(p, path, path_len);
    p[path_len] = '\0';
    e[*n].path = p;
    e[*n].code = code;
    e[*n].message = m;
    (*n)++;
    return 0;
}

void walk_errno_message(int err, char *msg, size_t cap)
{
    if (strerror_r(err, msg, cap) != 0) snprintf(msg, cap, "error %d", err);
}

/* Makes *out hold a single error (out is empty, or was just freed). */
static void set_result_error(ob_walk_result *out, const char *path,
                             const char *code, const char *message)
{
    size_t cap = 0;
    walk_append_error(&out->errors, &out->n_errors, &cap, path, strlen(path),
                      code, message);
}

/* ---- the workers ------------------------------------------------------ */

/* Queues d's subdirectories (w->lock held). */
static int queue_children(walker *w, const wdir *d)
{
    size_t i;
    wdir **q;
    q = grow(w->queue, &w->cap_queue, w->n_queue + d->n_subs, sizeof(*q));
    if (!q) return -1;
    w->queue = q;
    for (i = d->n_subs; i-- > 0;)    /* popped in name order */
        q[w->n_queue++] = d->subs[i].child;
    return 0;
}

/* A worker's loop: take a directory, read it, queue its subdirectories;
 * until nothing is queued and nothing is being read, or memory ran out. */
static void *work(void *arg)
{
    worker *k = arg;
    walker *w = k->w;
    pthread_mutex_lock(&w->lock);
    for (;;) {
        wdir *d;
        int rc;
        size_t queued;
        while (!w->failed && w->n_queue == 0 && w->busy > 0)
            pthread_cond_wait(&w->wake, &w->lock);
        if (w->failed || w->n_queue == 0) break;
        d = w->queue[--w->n_queue];
        w->busy++;
        pthread_mutex_unlock(&w->lock);
        rc = walk_process_dir(k, d);
        pthread_mutex_lock(&w->lock);
        w->busy--;
        queued = w->n_queue;
        if (rc != 0 || queue_children(w, d) != 0) w->failed = 1;
        if (w->n_queue > queued) pthread_cond_broadcast(&w->wake);
    }
    pthread_cond_broadcast(&w->wake);    /* the walk is over: wake the rest */
    pthread_mutex_unlock(&w->lock);
    return NULL;
}

/* Walks the tree on `jobs` threads, the caller's included. 0, or -1 when
 * out of memory. */
static int walk_tree(walker *w, worker *ks, int jobs)
{
    int started;
    w->tree = walk_wdir_new(ks[0].tree, NULL, "", 0);
    w->queue = grow(NULL, &w->cap_queue, 1, sizeof(*w->queue));
    if (!w->tree || !w->queue) return -1;
    w->queue[w->n_queue++] = w->tree;
    for (started = 1; started < jobs; started++)
        if (pthread_create(&ks[started].thread, NULL, work, &ks[started]) != 0)
            break;                       /* go on with fewer threads */
    work(&ks[0]);
    while (--started > 0) pthread_join(ks[started].thread, NULL);
    return w->failed ? -1 : 0;
}

/* ---- the result ------------------------------------------------------- */

/* A directory being listed by list_paths: its next subdirectory and file. */
typedef struct frame {
    const wdir *d;
    size_t sub, file;
} frame;

/* Lists the files' paths into out->paths (sized n_files), in order: a
 * depth-first walk where each subdirectory comes after the files that sort
 * before it. */
static int list_paths(const walker *w, size_t n_files, ob_walk_result *out)
{
    frame *stack;
    size_t n = 0, cap = 0;
    if (n_files == 0) return 0;
    out->paths = malloc(n_files * sizeof(*out->paths));
    stack = grow(NULL, &cap, 1, sizeof(*stack));
    if (!out->paths || !stack) { free(stack); return -1; }
    stack[n++] = (frame){ w->tree, 0, 0 };
    while (n) {
        frame *f = &stack[n - 1];
        const wdir *d = f->d;
        int more = f->sub < d->n_subs;
        size_t upto = more ? d->subs[f->sub].before : d->n_files;
        if (upto - f->file > n_files - out->n_paths) break;   /* cannot be */
        if (upto > f->file)
            memcpy(out->paths + out->n_paths, d->files + f->file,
                   (upto - f->file) * sizeof(char *));
        out->n_paths += upto - f->file;
        f->file = upto;
        if (!more) { n--; continue; }
        f = grow(stack, &cap, n + 1, sizeof(*stack));
        if (!f) { free(stack); return -1; }
        stack = f;
        stack[n] = (frame){ d->subs[stack[n - 1].sub++].child, 0, 0 };
        n++;
    }
    free(stack);
    return 0;
}

/* Moves the workers' path blocks into out->priv. */
static int keep_path_blocks(worker *ks, int jobs, ob_walk_result *out)
{
    path_store *store = malloc(sizeof(*store) + (size_t)jobs * sizeof(str_block *));
    int i;
    if (!store) return -1;
    store->n = (size_t)jobs;
    for (i = 0; i < jobs; i++) {
        store->blocks[i] = ks[i].paths;
        ks[i].paths = NULL;
    }
    out->priv = store;
    return 0;
}

static int cmp_errors(const void *a, const void *b)
{
    const ob_walk_error *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    if (!c) c = strcmp(x->code, y->code);
    return c ? c : strcmp(x->message, y->message);
}

/* Moves the workers' errors into out, sorted so that the order does not
 * depend on which worker met which. */
static int collect_errors(worker *ks, int jobs, ob_walk_result *out)
{
    size_t total = 0;
    int i;
    for (i = 0; i < jobs; i++) total += ks[i].n_errors;
    if (total == 0) return 0;
    out->errors = malloc(total * sizeof(*out->errors));
    if (!out->errors) return -1;
    for (i = 0; i < jobs; i++) {
        if (ks[i].n_errors == 0) continue;
        memcpy(out->errors + out->n_errors, ks[i].errors,
               ks[i].n_errors * sizeof(*out->errors));
        out->n_errors += ks[i].n_errors;
        ks[i].n_errors = 0;                   /* now owned by out */
    }
    qsort(out->errors, out->n_errors, sizeof(*out->errors), cmp_errors);
    return 0;
}

/* ---- setting up ------------------------------------------------------- */

/* An ignore list of the given patterns taken as given; NULL patterns are
 * skipped. NULL when out of memory. */
static ob_ignore_list *pattern_list(const char *const *patterns, size_t n)
{
    ob_ignore_list *list = ob_ignore_new();
    size_t i;
    for (i = 0; list && i < n; i++)
        if (patterns[i] &&
            ob_ignore_add_exclude(list, patterns[i], strlen(patterns[i])) != 0) {
            ob_ignore_free(list);
            list = NULL;
        }
    return list;
}

static int walker_init(walker *w, const ob_walk_options *opt, const char *root,
                       worker *ks, int jobs)
{
    size_t i;
    int j;
    w->opt = opt;
    w->root = root;
    w->root_len = strlen(root);
    w->prefix_len = w->root_len + (root[w->root_len - 1] != '/');
    for (j = 0; j < jobs; j++) {
        worker *k = &ks[j];
        k->w = w;
        k->tree = ob_arena_new();
        k->buf = grow(NULL, &k->cap_buf, w->prefix_len + NAME_ROOM + 1, 1);
        if (!k->tree || !k->buf) return -1;
        memcpy(k->buf, root, w->root_len);
        k->buf[w->prefix_len - 1] = '/';
    }
    if (opt->n_extensions) {
        w->ext_len = malloc(opt->n_extensions * sizeof(*w->ext_len));
        if (!w->ext_len) return -1;
        for (i = 0; i < opt->n_extensions; i++)
            w->ext_len[i] = opt->extensions[i] ? strlen(opt->extensions[i]) : 0;
    }
    if (opt->n_exclude && !(w->user = pattern_list(opt->exclude, opt->n_exclude)))
        return -1;
    if (opt->n_patterns && opt->patterns &&
        !(w->include = pattern_list(opt->patterns, opt->n_patterns)))
        return -1;
    return 0;
}

static void walker_free(walker *w, worker *ks, int jobs)
{
    int j;
    size_t i;
    for (j = 0; j < jobs; j++) {
        worker *k = &ks[j];
        for (i = 0; i < k->n_errors; i++) {
            free(k->errors[i].path);
            free(k->errors[i].message);
        }
        for (i = 0; i < k->n_ignores; i++) ob_ignore_free(k->ignores[i]);
        free(k->errors);
        free(k->ignores);
        free(k->ents);
        free(k->names);
        free(k->keep);
        free(k->recs);
        free(k->buf);
        ob_arena_free(k->tree);
        str_free(k->paths);
    }
    free(w->queue);
    free(w->ext_len);
    ob_ignore_free(w->user);
    ob_ignore_free(w->include);
    ob_ignore_free(w->info);
}

/* The walk of a root known to be a directory. 0, or -1 when out of memory
 * (out then holds a partial result). */
static int walk_root_dir(const char *root, const ob_walk_options *opt, int jobs,
                         ob_walk_result *out, int *root_failed)
{
    walker w;
    worker *ks = calloc((size_t)jobs, sizeof(*ks));
    size_t n_files = 0;
    int rc, j;
    if (!ks) return -1;
    memset(&w, 0, sizeof(w));
    if (pthread_mutex_init(&w.lock, NULL) != 0) { free(ks); return -1; }
    if (pthread_cond_init(&w.wake, NULL) != 0) {
        pthread_mutex_destroy(&w.lock);
        free(ks);
        return -1;
    }
    rc = walker_init(&w, opt, root, ks, jobs);
    if (rc == 0) rc = walk_tree(&w, ks, jobs);
    for (j = 0; j < jobs; j++) n_files += ks[j].n_files;
    if (rc == 0) rc = keep_path_blocks(ks, jobs, out);
    if (rc == 0) rc = list_paths(&w, n_files, out);
    if (rc == 0) rc = collect_errors(ks, jobs, out);
    *root_failed = w.root_failed;
    walker_free(&w, ks, jobs);
    pthread_cond_destroy(&w.wake);
    pthread_mutex_destroy(&w.lock);
    free(ks);
    return rc;
}

/* The result for a root that is a regular file: just that file. */
static int walk_file(const char *root, ob_walk_result *out)
{
    worker k;
    char *path;
    memset(&k, 0, sizeof(k));
    out->paths = malloc(sizeof(*out->paths));
    path = walk_str_copy(&k.paths, root, strlen(root), "", 0);
    if (!out->paths || !path || keep_path_blocks(&k, 1, out) != 0) {
        str_free(k.paths);
        return -1;
    }
    out->paths[0] = path;
    out->n_paths = 1;
    return 0;
}

int ob_walk(const char *root, const ob_walk_options *opt, ob_walk_result *out)
{
    static const ob_walk_options no_options;
    struct stat st;
    char msg[256];
    int jobs, root_failed = 0;

    if (!out) return -1;
    memset(out, 0, sizeof(*out));
    if (!opt) opt = &no_options;
    if (!root || !*root) {
        set_result_error(out, "", "not-found", "empty root path");
        return -1;
    }
    if (stat(root, &st) != 0) {
        int err = errno;
        walk_errno_message(err, msg, sizeof(msg));
        set_result_error(out, root, walk_errno_code(err), msg);
        return -1;
    }
    if (S_ISREG(st.st_mode)) {
        if (walk_file(root, out) == 0) return 0;
    } else if (!S_ISDIR(st.st_mode)) {
        set_result_error(out, root, "not-a-directory",
                         "neither a directory nor a regular file");
        return -1;
    } else {
        jobs = opt->jobs > 0 ? opt->jobs : ob_cpu_count();
        if (jobs > MAX_JOBS) jobs = MAX_JOBS;
        if (walk_root_dir(root, opt, jobs, out, &root_failed) == 0)
            return root_failed ? -1 : 0;
    }
    /* Out of memory: drop the partial result, say so. */
    ob_walk_result_free(out);
    set_result_error(out, root, "out-of-memory", "out of memory");
    return -1;
}

void ob_walk_result_free(ob_walk_result *res)
{
    path_store *store;
    size_t i;
    if (!res) return;
    for (i = 0; i < res->n_errors; i++) {
        free(res->errors[i].path);
        free(res->errors[i].message);
    }
    store = res->priv;
    for (i = 0; store && i < store->n; i++) str_free(store->blocks[i]);
    free(store);
    free(res->paths);
    free(res->errors);
    memset(res, 0, sizeof(*res));
}
