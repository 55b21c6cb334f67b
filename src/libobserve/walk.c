/*
 * walk.c - file discovery (see walk.h): every regular file under a root,
 * minus default excludes, user exclude globs and .gitignore rules, kept by
 * the include patterns, sorted.
 *
 * The walk is iterative: pending directories (wdir) wait in a queue; a
 * worker takes one, reads it in full (getdents64 on Linux, readdir
 * elsewhere), filters its entries and queues its subdirectories. A worker has one directory open at a time, so
 * hostile nesting costs heap, not stack or descriptors. Directories are
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
 * Per file the cost is what the directory read returns: the entry type
 * comes from d_type, and lstat/stat is called only for DT_UNKNOWN entries
 * and for symlinks when they are followed. Most of the time of a big walk
 * is the kernel's (ext4 hashes and sorts every name it lists); then page
 * faults for the paths' memory; the rest is small.
 *
 * Rules, in the order they are applied to an entry:
 *   1. default_excludes: directory names in excluded_dir_names (and the
 *      suffix table), and any directory holding a pyvenv.cfg (a
 *      virtualenv). The root itself is never excluded.
 *   2. With respect_gitignore, anything named ".git" is skipped: git never
 *      counts its repository directory as part of the work tree.
 *   3. extensions and include patterns (files only): the name must end
 *      with one of the extensions, and the last include pattern matching
 *      the path must be a positive one (see walk.h).
 *   4. Ignore lists, first decisive answer wins, as git orders them:
 *      user excludes (like `git ls-files --exclude`, so a "!" there can
 *      re-include a gitignored file), then each directory's .gitignore from
 *      the deepest up, then the root's .git/info/exclude. Ignored
 *      directories are not entered, so nothing below them can be
 *      re-included.
 *
 * Symlinks (like ripgrep): without follow_symlinks every symlink below the
 * root is skipped, broken or not. With it, links are followed; a directory
 * whose (st_dev, st_ino) equals one on its own path is a loop, reported as
 * "symlink-loop" and not entered. A broken link is "broken-symlink". The
 * root is always followed.
 *
 * Error codes (static strings in ob_walk_error.code): "not-found",
 * "permission-denied", "symlink-loop", "broken-symlink", "read-error",
 * "not-a-directory" (root is neither a file nor a directory),
 * "out-of-memory". Errors never stop the walk; only a root that cannot be
 * read (or running out of memory) makes ob_walk return -1.
 */
#include "walk.h"
#include "arena.h"
#include "ignore.h"
#include "observe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* On Linux directories are read with getdents64 (see read_entries); build
 * with -DOB_WALK_READDIR to use the portable readdir instead. */
#if defined(__linux__) && !defined(OB_WALK_READDIR)
#define OB_WALK_GETDENTS 1
#include <sys/syscall.h>
#endif

/* Directory names skipped by default_excludes: VCS data, caches,
 * virtualenvs, installed packages, build output. */
static const char *const excluded_dir_names[] = {
    ".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build",
    "dist", ".eggs", "site-packages", "dist-packages",
};

/* Directory name endings skipped by default_excludes. */
static const char *const excluded_dir_suffixes[] = { ".egg-info" };

/* A directory holding this (as anything but a directory) is a virtualenv
 * (PEP 405). */
static const char venv_marker[] = "pyvenv.cfg";

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
/* name (len bytes) is the string literal lit; the first byte is checked
 * inline as most names differ there ("File001.kt" vs ".gitignore"). */
#define IS_NAME(name, len, lit) \
    ((len) == sizeof(lit) - 1 && (name)[0] == (lit)[0] && memcmp(name, lit, len) == 0)

/* Directory reads are bound by the kernel and the disk: past a few threads
 * more only cost stacks. Caps opt->jobs. */
#define MAX_JOBS 64

/* Room kept after a directory's path in a worker's buffer, for the name of
 * one entry (directory entry names are at most NAME_MAX = 255 bytes). */
#define NAME_ROOM 256

/* Runs this short are sorted by insertion before merging. */
#define SORT_RUN 8

/* Directories with this many entries are sorted by radix first. */
#define RADIX_MIN 64

enum { K_SKIP, K_FILE, K_DIR, K_ERROR };

typedef struct wdir wdir;

/* A kept entry of the directory being read: a file, or a subdirectory. */
typedef struct witem {
    const char *name;        /* in worker.names */
    size_t name_len;
    wdir *child;             /* NULL for a file */
} witem;

/* A subdirectory in its parent's output: after `before` of its files. */
typedef struct wsub {
    size_t before;
    wdir *child;
} wsub;

/*
 * A directory of the tree, in the arena of the worker that read its
 * parent. Written (ignore, dev, ino, what was kept) only by the worker
 * reading it, before its children are queued.
 */
struct wdir {
    wdir *parent;            /* NULL for the root */
    wdir *ign_up;            /* nearest ancestor with a .gitignore */
    ob_ignore_list *ignore;  /* its .gitignore (owned by a worker's list), or NULL */
    char **files;            /* full paths of the files kept, sorted */
    size_t n_files;
    wsub *subs;              /* subdirectories kept, sorted */
    size_t n_subs;
    dev_t dev;               /* set when following symlinks */
    ino_t ino;
    size_t rel_len;
    char rel[];              /* relative to root: "" or "a/b/" */
};

/* Path strings, packed one after the other (no alignment, no header). */
typedef struct str_block {
    struct str_block *next;
    size_t used, size;
    char data[];
} str_block;

/* One directory entry as read, its name kept in worker.names. */
typedef struct wentry {
    size_t name_off, name_len;
    unsigned char d_type;
} wentry;

/* What sorting a directory's entries moves around: see sort_key. */
typedef struct sort_rec {
    uint64_t key;
    size_t index;            /* into worker.keep */
} sort_rec;

typedef struct walker walker;

/* One thread's state: scratch buffers reused from directory to directory,
 * what it allocated, and the errors it met. */
typedef struct worker {
    walker *w;
    pthread_t thread;
    ob_arena *tree;            /* owned: wdirs, their files and subs */
    str_block *paths;          /* owned until they move to the result */
    ob_ignore_list **ignores;  /* owned: the .gitignore lists it loaded */
    size_t n_ignores, cap_ignores;
    wentry *ents;              /* entries of the directory being read */
    size_t cap_ents;
    char *names;               /* their NUL-ended names (inside the raw
                                  getdents64 records on Linux) */
    size_t cap_names;
    witem *keep;               /* the entries kept, before sorting */
    size_t n_keep, cap_keep;
    sort_rec *recs;            /* 2 x cap_recs: records and merge space */
    size_t cap_recs;
    char *buf;                 /* prefix + rel path + name */
    size_t cap_buf;
    ob_walk_error *errors;     /* owned, unsorted */
    size_t n_errors, cap_errors;
    size_t n_files;            /* files kept, for sizing the result */
} worker;

/* What the workers share. Everything above `lock` is set before they start
 * and then only read, except info and root_failed, written by the worker
 * reading the root before it queues anything. */
struct walker {
    const ob_walk_options *opt;
    const char *root;          /* as given, for messages */
    size_t root_len;
    size_t prefix_len;         /* root plus a '/' if it had none */
    ob_ignore_list *user;      /* owned: opt->exclude, or NULL */
    ob_ignore_list *include;   /* owned: opt->patterns, or NULL */
    ob_ignore_list *info;      /* owned: .git/info/exclude, or NULL */
    size_t *ext_len;           /* owned: strlen of each extension */
    wdir *tree;                /* the root directory */
    int root_failed;
    pthread_mutex_t lock;      /* guards the fields below */
    pthread_cond_t wake;       /* the queue grew, or the walk is over */
    wdir **queue;              /* owned array */
    size_t n_queue, cap_queue;
    size_t busy;               /* directories being read */
    int failed;                /* out of memory somewhere: everyone stops */
};

/* ob_walk_result.priv: the blocks holding the path strings. */
typedef struct path_store {
    size_t n;
    str_block *blocks[];     /* a list per worker */
} path_store;

/* ---- small helpers ---------------------------------------------------- */

/* Returns p grown (realloc) to hold at least `need` elements of `elem`
 * bytes, or NULL when out of memory (p is then still valid). */
static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    size_t n = *cap ? *cap : 16;
    void *q;
    if (need <= *cap) return p;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem) return NULL;
        n *= 2;
    }
    q = realloc(p, n * elem);
    if (!q) return NULL;
    *cap = n;
    return q;
}

/* Blocks of path strings start at this size and double up to the max:
 * small walks stay small, big ones need few blocks. */
#define STR_BLOCK_FIRST ((size_t)16 << 10)
#define STR_BLOCK_MAX ((size_t)1 << 20)

/* Copies a[0..alen) + b[0..blen) + NUL into the blocks at *head; NULL when
 * out of memory. */
static char *str_copy(str_block **head, const char *a, size_t alen,
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

static const char *errno_code(int err)
{
    size_t i;
    for (i = 0; i < N_OF(errno_codes); i++)
        if (errno_codes[i].err == err) return errno_codes[i].code;
    return "read-error";
}

/* Appends an error to *errs; path and message are copied. -1 when out of
 * memory. */
static int append_error(ob_walk_error **errs, size_t *n, size_t *cap,
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

static void errno_message(int err, char *msg, size_t cap)
{
    if (strerror_r(err, msg, cap) != 0) snprintf(msg, cap, "error %d", err);
}

/* Records a worker's error, with strerror(err) as the message; code NULL:
 * from errno. */
static int add_errno(worker *k, const char *path, size_t path_len, int err,
                     const char *code)
{
    char msg[256];
    errno_message(err, msg, sizeof(msg));
    return append_error(&k->errors, &k->n_errors, &k->cap_errors, path,
                        path_len, code ? code : errno_code(err), msg);
}

/* Makes *out hold a single error (out is empty, or was just freed). */
static void set_result_error(ob_walk_result *out, const char *path,
                             const char *code, const char *message)
{
    size_t cap = 0;
    append_error(&out->errors, &out->n_errors, &cap, path, strlen(path),
                 code, message);
}

static int ends_with(const char *s, size_t len, const char *suffix, size_t slen)
{
    return len >= slen && memcmp(s + len - slen, suffix, slen) == 0;
}

static int is_default_excluded_dir(const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < N_OF(excluded_dir_names); i++)
        if (strcmp(name, excluded_dir_names[i]) == 0) return 1;
    for (i = 0; i < N_OF(excluded_dir_suffixes); i++)
        if (ends_with(name, len, excluded_dir_suffixes[i],
                      strlen(excluded_dir_suffixes[i])))
            return 1;
    return 0;
}

static int has_extension(const walker *w, const char *name, size_t len)
{
    size_t i;
    if (w->opt->n_extensions == 0) return 1;
    for (i = 0; i < w->opt->n_extensions; i++)
        if (w->opt->extensions[i] &&
            ends_with(name, len, w->opt->extensions[i], w->ext_len[i]))
            return 1;
    return 0;
}

/* 1 if the include patterns keep the file at rel (relative to root), whose
 * name is base. They are held as an ignore list, so "the last match is a
 * positive pattern" reads OB_IGNORE_IGNORED there. */
static int is_included(const walker *w, const char *rel, const char *base,
                       size_t base_len)
{
    return !w->include || ob_ignore_match_base(w->include, rel, base, base_len, 0) ==
                          OB_IGNORE_IGNORED;
}

/* New directory `name` below parent (NULL and "" for the root), in arena.
 * NULL when out of memory. */
static wdir *wdir_new(ob_arena *arena, wdir *parent, const char *name,
                      size_t name_len)
{
    size_t base = parent ? parent->rel_len : 0;
    size_t rel_len = base + name_len + (name_len ? 1 : 0);
    wdir *d = ob_arena_alloc(arena, sizeof(*d) + rel_len + 1);
    if (!d) return NULL;
    d->rel_len = rel_len;
    if (parent) {
        memcpy(d->rel, parent->rel, base);
        d->parent = parent;
        d->ign_up = parent->ignore ? parent : parent->ign_up;
    }
    memcpy(d->rel + base, name, name_len);
    if (name_len) d->rel[rel_len - 1] = '/';
    d->rel[rel_len] = '\0';
    return d;
}

/* ---- sorting one directory -------------------------------------------- */

/*
 * Entries are sorted in the bytewise order of their paths: a directory's
 * name compares as if followed by '/', a file's as if followed by nothing.
 * Names in one directory are distinct and hold no '/' or NUL.
 *
 * sort_key is the first 8 bytes of that (the name, then '/' for a
 * directory), big-endian and zero-padded. Different keys order two entries
 * as their names do: the first differing byte decides, and where one name
 * ends within the key the other name has a byte there that is not 0. Only
 * names sharing their first 8 bytes need cmp_names.
 */
static uint64_t sort_key(const witem *it)
{
    const unsigned char *name = (const unsigned char *)it->name;
    uint64_t key = 0;
    size_t i;
    if (it->name_len >= 8) {          /* the common case: a plain load */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(&key, name, 8);
        return __builtin_bswap64(key);
#else
        for (i = 0; i < 8; i++) key = key << 8 | name[i];
        return key;
#endif
    }
    for (i = 0; i < 8; i++) {
        unsigned c = i < it->name_len ? name[i]
                   : i == it->name_len && it->child ? '/' : 0;
        key = key << 8 | c;
    }
    return key;
}

static int cmp_names(const witem *x, const witem *y)
{
    size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
    int c = memcmp(x->name, y->name, n), cx, cy;
    if (c) return c;
    cx = n < x->name_len ? (unsigned char)x->name[n] : x->child ? '/' : 0;
    cy = n < y->name_len ? (unsigned char)y->name[n] : y->child ? '/' : 0;
    return cx - cy;
}

static int rec_less(const worker *k, const sort_rec *a, const sort_rec *b)
{
    return a->key < b->key ||
           (a->key == b->key && cmp_names(&k->keep[a->index], &k->keep[b->index]) < 0);
}

/* Sorts a[0..n) (tmp: room for n more): insertion sort of short runs, then
 * bottom-up merges, so O(n log n) with no recursion. Returns a or tmp,
 * whichever holds the result. */
static sort_rec *sort_recs(const worker *k, sort_rec *a, sort_rec *tmp, size_t n)
{
    size_t lo, width;
    for (lo = 0; lo < n; lo += SORT_RUN) {
        size_t hi = lo + SORT_RUN < n ? lo + SORT_RUN : n, i, j;
        for (i = lo + 1; i < hi; i++) {
            sort_rec r = a[i];
            for (j = i; j > lo && rec_less(k, &r, &a[j - 1]); j--) a[j] = a[j - 1];
            a[j] = r;
        }
    }
    for (width = SORT_RUN; width < n; width *= 2) {
        sort_rec *t;
        for (lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = mid + width < n ? mid + width : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) {     /* selects, as comparisons are unpredictable */
                int right = rec_less(k, &a[j], &a[i]);
                tmp[o++] = *(right ? &a[j] : &a[i]);
                j += (size_t)right;
                i += (size_t)!right;
            }
            while (i < mid) tmp[o++] = a[i++];
            while (j < hi) tmp[o++] = a[j++];
        }
        t = a;
        a = tmp;
        tmp = t;
    }
    return a;
}

/*
 * Sorts a[0..n) (tmp: room for n more) by key alone: an LSD radix sort
 * with one pass per byte in which the keys differ, so names sharing a
 * prefix ("File001.kt", "File002.kt") cost two or three passes and no
 * mispredicted comparisons. Then each run of equal keys (names sharing 8
 * bytes) is put in order by sort_recs. Returns a or tmp, whichever holds
 * the result.
 */
static sort_rec *radix_sort_recs(const worker *k, sort_rec *a, sort_rec *tmp,
                                 size_t n)
{
    uint64_t all = ~(uint64_t)0, any = 0, differ;
    size_t i, start;
    unsigned shift;
    for (i = 0; i < n; i++) {
        all &= a[i].key;
        any |= a[i].key;
    }
    differ = all ^ any;
    for (shift = 0; shift < 64; shift += 8) {
        size_t count[256] = {0}, at = 0, c;
        sort_rec *t;
        if (((differ >> shift) & 0xff) == 0) continue;
        for (i = 0; i < n; i++) count[(a[i].key >> shift) & 0xff]++;
        for (c = 0; c < 256; c++) {
            size_t here = count[c];
            count[c] = at;
            at += here;
        }
        for (i = 0; i < n; i++) tmp[count[(a[i].key >> shift) & 0xff]++] = a[i];
        t = a;
        a = tmp;
        tmp = t;
    }
    for (start = 0; start < n; start = i) {
        for (i = start + 1; i < n && a[i].key == a[start].key; i++) {}
        if (i - start > 1 &&
            sort_recs(k, a + start, tmp + start, i - start) != a + start)
            memcpy(a + start, tmp + start, (i - start) * sizeof(*a));
    }
    return a;
}

/* Sorts the entries kept from d and stores them on d: the files' full
 * paths (k->buf holds d's path), the subdirectories with their place among
 * the files. -1 when out of memory. */
static int store_kept(worker *k, wdir *d)
{
    size_t i, n = k->n_keep, n_subs = 0, at = k->w->prefix_len + d->rel_len;
    sort_rec *recs, *sorted;
    if (n == 0) return 0;
    if (n > SIZE_MAX / 2) return -1;
    recs = grow(k->recs, &k->cap_recs, 2 * n, sizeof(*recs));
    if (!recs) return -1;
    k->recs = recs;
    for (i = 0; i < n; i++) {
        recs[i].key = sort_key(&k->keep[i]);
        recs[i].index = i;
        n_subs += k->keep[i].child != NULL;
    }
    sorted = n < RADIX_MIN ? sort_recs(k, recs, recs + n, n)
                           : radix_sort_recs(k, recs, recs + n, n);
    if (n_subs) d->subs = ob_arena_alloc(k->tree, n_subs * sizeof(*d->subs));
    if (n > n_subs) d->files = ob_arena_alloc(k->tree, (n - n_subs) * sizeof(char *));
    if ((n_subs && !d->subs) || (n > n_subs && !d->files)) return -1;
    for (i = 0; i < n; i++) {
        const witem *it = &k->keep[sorted[i].index];
        if (it->child) {
            d->subs[d->n_subs].before = d->n_files;
            d->subs[d->n_subs++].child = it->child;
            continue;
        }
        d->files[d->n_files] = str_copy(&k->paths, k->buf, at, it->name, it->name_len);
        if (!d->files[d->n_files++]) return -1;
    }
    k->n_files += d->n_files;
    return 0;
}

/* Keeps an entry of d: a file (child NULL) or a subdirectory. */
static int keep_entry(worker *k, const char *name, size_t name_len, wdir *child)
{
    witem *it = grow(k->keep, &k->cap_keep, k->n_keep + 1, sizeof(*it));
    if (!it) return -1;
    k->keep = it;
    it += k->n_keep++;
    it->name = name;
    it->name_len = name_len;
    it->child = child;
    return 0;
}

/* ---- one directory ---------------------------------------------------- */

/* Makes k->buf hold prefix + d->rel, with NAME_ROOM bytes to spare. */
static int set_dir_path(worker *k, const wdir *d)
{
    size_t need = k->w->prefix_len + d->rel_len + NAME_ROOM + 1;
    char *b = grow(k->buf, &k->cap_buf, need, 1);
    if (!b) return -1;
    k->buf = b;
    memcpy(b + k->w->prefix_len, d->rel, d->rel_len + 1);
    return 0;
}

/* Appends name to d's path in k->buf (set_dir_path done); returns the
 * length of the path, or 0 when out of memory. */
static size_t set_entry_path(worker *k, const wdir *d, const char *name,
                             size_t name_len)
{
    size_t at = k->w->prefix_len + d->rel_len;
    if (name_len >= NAME_ROOM) {      /* never from readdir, but be sure */
        char *b = grow(k->buf, &k->cap_buf, at + name_len + 1, 1);
        if (!b) return 0;
        k->buf = b;
    }
    memcpy(k->buf + at, name, name_len);
    k->buf[at + name_len] = '\0';
    return at + name_len;
}

/* Length of the directory's display path in k->buf (root: as given). */
static size_t dir_display_len(const worker *k, const wdir *d)
{
    return d->rel_len ? k->w->prefix_len + d->rel_len - 1 : k->w->prefix_len;
}

/* Records err for directory d (k->buf holds its path). */
static int dir_error(worker *k, const wdir *d, int err)
{
    walker *w = k->w;
    if (!d->parent) {
        w->root_failed = 1;
        return add_errno(k, w->root, w->root_len, err, NULL);
    }
    return add_errno(k, k->buf, dir_display_len(k, d), err, NULL);
}

/* Opens directory d (k->buf prepared by set_dir_path); the descriptor, or
 * -1 with errno. Below the root and without follow_symlinks, O_NOFOLLOW
 * makes a directory swapped for a link since it was listed fail instead of
 * being walked. */
static int open_dir(worker *k, const wdir *d)
{
    int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY;
    size_t cut = k->w->prefix_len + d->rel_len - 1;
    int fd;
    if (d->parent && !k->w->opt->follow_symlinks) flags |= O_NOFOLLOW;
    if (d->rel_len) k->buf[cut] = '\0';     /* no trailing slash */
    fd = open(k->buf, flags);
    if (d->rel_len) k->buf[cut] = '/';
    return fd;
}

/* With follow_symlinks: 1 if d is one of its own ancestors (reported). */
static int is_loop(worker *k, wdir *d, int fd, int *rc)
{
    struct stat st;
    const wdir *a;
    char msg[64];
    *rc = 0;
    if (fstat(fd, &st) != 0) { *rc = dir_error(k, d, errno); return 1; }
    d->dev = st.st_dev;
    d->ino = st.st_ino;
    for (a = d->parent; a; a = a->parent) {
        if (a->dev != d->dev || a->ino != d->ino) continue;
        snprintf(msg, sizeof(msg), "directory loop: same directory as %s",
                 a->parent ? "an ancestor" : "the root");
        *rc = append_error(&k->errors, &k->n_errors, &k->cap_errors, k->buf,
                           dir_display_len(k, d), "symlink-loop", msg);
        return 1;
    }
    return 0;
}

/* Notes the entry whose name (len bytes, NUL-ended) is at k->names +
 * name_off in k->ents (. and .. are skipped), and whether it is a
 * .gitignore or a virtualenv marker. */
static int add_entry(worker *k, size_t *count, size_t name_off, size_t len,
                     unsigned char d_type, int *has_gitignore, int *has_venv_marker)
{
    const char *name = k->names + name_off;
    wentry *ents;
    if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'))) return 0;
    ents = grow(k->ents, &k->cap_ents, *count + 1, sizeof(*ents));
    if (!ents) return -1;
    k->ents = ents;
    ents[*count].name_off = name_off;
    ents[*count].name_len = len;
    ents[*count].d_type = d_type;
    (*count)++;
    if (IS_NAME(name, len, ".gitignore") && (d_type == DT_REG || d_type == DT_UNKNOWN))
        *has_gitignore = 1;
    if (d_type != DT_DIR && IS_NAME(name, len, venv_marker))
        *has_venv_marker = 1;
    return 0;
}

#ifdef OB_WALK_GETDENTS
/* Free room kept in k->names before each getdents64 call: many entries. */
#define DENTS_ROOM ((size_t)32 << 10)

/* A getdents64 record (struct linux_dirent64, the kernel's ABI): d_ino (8
 * bytes), d_off (8), d_reclen (2), d_type (1), then the NUL-ended name,
 * padded so that records stay 8-byte aligned. */
enum { DENT_RECLEN = 16, DENT_TYPE = 18, DENT_NAME = 19 };

/*
 * Reads every entry of the open directory fd into k->ents; sets *n. The
 * getdents64 records go straight into k->names, which grows until it holds
 * the whole directory, and the names stay there (the kernel NUL-ends them):
 * compared with fdopendir and readdir, that saves three system calls and a
 * 32 KB allocation per directory, and a copy of every name. Each record is
 * checked to lie within what the kernel returned.
 */
static int read_entries(worker *k, int fd, const wdir *d, size_t *n,
                        int *has_gitignore, int *has_venv_marker)
{
    size_t used = 0, count = 0;
    long got;
    *has_gitignore = *has_venv_marker = 0;
    for (;;) {
        size_t at, end;
        if (k->cap_names - used < DENTS_ROOM) {
            char *b = grow(k->names, &k->cap_names, used + DENTS_ROOM, 1);
            if (!b) return -1;
            k->names = b;
        }
        got = syscall(SYS_getdents64, fd, k->names + used, k->cap_names - used);
        if (got <= 0) break;
        end = used + (size_t)got;
        for (at = used; at + DENT_NAME < end;) {
            unsigned short reclen;
            const char *name = k->names + at + DENT_NAME, *nul;
            size_t from;
            memcpy(&reclen, k->names + at + DENT_RECLEN, sizeof(reclen));
            if (reclen <= DENT_NAME || reclen > end - at) break;   /* cannot be */
            /* Records are padded to 8 bytes, so the name's NUL is in the
             * last 8 (and the name itself holds none). */
            from = reclen - DENT_NAME > 8 ? reclen - DENT_NAME - 8 : 0;
            nul = memchr(name + from, '\0', reclen - DENT_NAME - from);
            if (!nul) break;                                      /* cannot be */
            if (add_entry(k, &count, at + DENT_NAME, (size_t)(nul - name),
                          (unsigned char)k->names[at + DENT_TYPE],
                          has_gitignore, has_venv_marker) != 0)
                return -1;
            at += reclen;
        }
        used = end;
    }
    *n = count;
    if (got < 0) return dir_error(k, d, errno);   /* keep what was read */
    return 0;
}
#else
/* Reads every entry of the open directory fd into k->ents, their names into
 * k->names, with readdir (on a duplicate of fd, which closedir closes);
 * sets *n. */
static int read_entries(worker *k, int fd, const wdir *d, size_t *n,
                        int *has_gitignore, int *has_venv_marker)
{
    size_t count = 0, used = 0;
    struct dirent *de;
    int dup_fd = dup(fd), err;
    DIR *dir = dup_fd < 0 ? NULL : fdopendir(dup_fd);
    *n = 0;
    *has_gitignore = *has_venv_marker = 0;
    if (!dir) {
        err = errno;
        if (dup_fd >= 0) close(dup_fd);
        return err == ENOMEM ? -1 : dir_error(k, d, err);
    }
    for (;;) {
        size_t len;
        char *names;
        errno = 0;
        de = readdir(dir);
        if (!de) break;
        len = strlen(de->d_name);
        names = grow(k->names, &k->cap_names, used + len + 1, 1);
        if (!names) { closedir(dir); return -1; }
        k->names = names;
        memcpy(names + used, de->d_name, len + 1);
        if (add_entry(k, &count, used, len, de->d_type, has_gitignore,
                      has_venv_marker) != 0) {
            closedir(dir);
            return -1;
        }
        used += len + 1;
    }
    err = errno;
    closedir(dir);
    *n = count;
    if (err != 0) return dir_error(k, d, err);   /* keep what was read */
    return 0;
}
#endif

/* Loads d's .gitignore from the open directory fd. */
static int load_gitignore(worker *k, wdir *d, int fd)
{
    ob_ignore_list *list, **lists;
    size_t len;
    int err;
    lists = grow(k->ignores, &k->cap_ignores, k->n_ignores + 1, sizeof(*lists));
    if (!lists) return -1;
    k->ignores = lists;
    list = ob_ignore_new();
    if (!list) return -1;
    if (ob_ignore_load_at(list, fd, ".gitignore") == 0) {
        k->ignores[k->n_ignores++] = d->ignore = list;
        return 0;
    }
    err = errno;
    ob_ignore_free(list);
    if (err == ENOMEM) return -1;
    if (err == ENOENT || err == ELOOP || err == EINVAL) return 0; /* gone, a link */
    len = set_entry_path(k, d, ".gitignore", strlen(".gitignore"));
    return len ? add_errno(k, k->buf, len, err, NULL) : -1;
}

/* Loads the root's .git/info/exclude, if there is one (d is the root). */
static int load_info_exclude(worker *k, const wdir *d, int fd)
{
    static const char name[] = ".git/info/exclude";
    walker *w = k->w;
    size_t len;
    int err;
    w->info = ob_ignore_new();
    if (!w->info) return -1;
    if (ob_ignore_load_at(w->info, fd, name) == 0) return 0;
    err = errno;
    ob_ignore_free(w->info);
    w->info = NULL;
    if (err == ENOMEM) return -1;
    if (err == ENOENT || err == ENOTDIR) return 0;
    len = set_entry_path(k, d, name, sizeof(name) - 1);
    return len ? add_errno(k, k->buf, len, err, NULL) : -1;
}

/* 1 if the entry at rel (relative to root), in directory d, is ignored; its
 * name (name_len bytes) is at rel + d->rel_len. */
static int is_ignored(const walker *w, const wdir *d, const char *rel,
                      size_t name_len, int is_dir)
{
    const char *base = rel + d->rel_len;
    const wdir *g;
    ob_ignore_result r;
    if (w->user) {
        r = ob_ignore_match_base(w->user, rel, base, name_len, is_dir);
        if (r != OB_IGNORE_NONE) return r == OB_IGNORE_IGNORED;
    }
    if (!w->opt->respect_gitignore) return 0;
    for (g = d->ignore ? d : d->ign_up; g; g = g->ign_up) {
        r = ob_ignore_match_base(g->ignore, rel + g->rel_len, base, name_len, is_dir);
        if (r != OB_IGNORE_NONE) return r == OB_IGNORE_IGNORED;
    }
    return w->info &&
           ob_ignore_match_base(w->info, rel, base, name_len, is_dir) == OB_IGNORE_IGNORED;
}

/* Kind of entry `name` in the open directory fd: K_FILE, K_DIR, K_SKIP, or
 * K_ERROR with *err and *code set (a broken or looping link, ...). */
static int entry_kind(const walker *w, int fd, const char *name,
                      unsigned char d_type, int *err, const char **code)
{
    struct stat st;
    switch (d_type) {
    case DT_REG: return K_FILE;
    case DT_DIR: return K_DIR;
    case DT_LNK: if (!w->opt->follow_symlinks) return K_SKIP; break;
    case DT_UNKNOWN:
        if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            *err = errno;
            *code = NULL;
            return errno == ENOENT ? K_SKIP : K_ERROR;  /* vanished */
        }
        if (S_ISREG(st.st_mode)) return K_FILE;
        if (S_ISDIR(st.st_mode)) return K_DIR;
        if (!S_ISLNK(st.st_mode) || !w->opt->follow_symlinks) return K_SKIP;
        break;
    default: return K_SKIP;
    }
    if (fstatat(fd, name, &st, 0) != 0) {
        *err = errno;
        *code = (errno == ENOENT || errno == ENOTDIR) ? "broken-symlink" : NULL;
        return K_ERROR;
    }
    if (S_ISREG(st.st_mode)) return K_FILE;
    if (S_ISDIR(st.st_mode)) return K_DIR;
    return K_SKIP;
}

/* Filters one entry of d and keeps it as a file or a subdirectory. k->buf
 * holds prefix + d->rel + the entry's name. */
static int handle_entry(worker *k, wdir *d, int fd, const wentry *e)
{
    const walker *w = k->w;
    const char *name = k->names + e->name_off;
    const char *rel = k->buf + w->prefix_len;
    size_t full_len = w->prefix_len + d->rel_len + e->name_len;
    const char *code = NULL;
    int err = 0, kind;
    wdir *child;

    if (w->opt->respect_gitignore && IS_NAME(name, e->name_len, ".git")) return 0;
    kind = entry_kind(w, fd, name, e->d_type, &err, &code);
    if (kind == K_SKIP) return 0;
    if (kind == K_ERROR) {
        if (is_ignored(w, d, rel, e->name_len, 0)) return 0;
        return add_errno(k, k->buf, full_len, err, code);
    }
    if (kind == K_FILE) {
        if (!has_extension(w, name, e->name_len) ||
            !is_included(w, rel, rel + d->rel_len, e->name_len) ||
            is_ignored(w, d, rel, e->name_len, 0))
            return 0;
        return keep_entry(k, name, e->name_len, NULL);
    }
    if (w->opt->default_excludes && is_default_excluded_dir(name, e->name_len))
        return 0;
    if (is_ignored(w, d, rel, e->name_len, 1)) return 0;
    child = wdir_new(k->tree, d, name, e->name_len);
    return child ? keep_entry(k, name, e->name_len, child) : -1;
}

/* Reads directory d, loads its .gitignore and stores its kept entries on
 * it. Returns 0 (problems are recorded as errors) or -1 when out of
 * memory. */
static int process_dir(worker *k, wdir *d)
{
    const walker *w = k->w;
    size_t n = 0, i;
    int has_gitignore, has_venv, fd, rc = 0;

    k->n_keep = 0;
    if (set_dir_path(k, d) != 0) return -1;
    fd = open_dir(k, d);
    if (fd < 0) {
        if (errno == ENOMEM) return -1;
        if (errno == ENOENT && d->parent) return 0;   /* vanished meanwhile */
        if (errno == ELOOP && d->parent && !w->opt->follow_symlinks)
            return 0;                     /* became a symlink: skipped */
        return dir_error(k, d, errno);
    }
    if (w->opt->follow_symlinks && is_loop(k, d, fd, &rc)) goto done;
    rc = read_entries(k, fd, d, &n, &has_gitignore, &has_venv);
    if (rc != 0 || (has_venv && w->opt->default_excludes && d->parent))
        goto done;
    if (!d->parent && w->opt->respect_gitignore) rc = load_info_exclude(k, d, fd);
    if (rc == 0 && has_gitignore && w->opt->respect_gitignore)
        rc = load_gitignore(k, d, fd);
    for (i = 0; rc == 0 && i < n; i++) {
        const wentry *e = &k->ents[i];
        if (!set_entry_path(k, d, k->names + e->name_off, e->name_len))
            rc = -1;
        else
            rc = handle_entry(k, d, fd, e);
    }
    if (rc == 0) rc = store_kept(k, d);
done:
    close(fd);
    return rc;
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
        rc = process_dir(k, d);
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
    w->tree = wdir_new(ks[0].tree, NULL, "", 0);
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
static int walk_dir(const char *root, const ob_walk_options *opt, int jobs,
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
    path = str_copy(&k.paths, root, strlen(root), "", 0);
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
        errno_message(err, msg, sizeof(msg));
        set_result_error(out, root, errno_code(err), msg);
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
        if (walk_dir(root, opt, jobs, out, &root_failed) == 0)
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
