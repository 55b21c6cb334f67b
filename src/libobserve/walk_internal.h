/*
 * walk_internal.h - what the pieces of the walk share (see walk.c for the
 * design): the tree of directories, a worker's and the walker's state, and
 * the few functions one file calls in another.
 *
 *   walk.c       entry points, workers and queue, the result
 *   walk_dir.c   reading and filtering one directory
 *   walk_sort.c  sorting one directory's kept entries
 *
 * Internal to walk*.c; nothing here is part of walk.h.
 */
#ifndef OB_WALK_INTERNAL_H
#define OB_WALK_INTERNAL_H

#include "walk.h"
#include "arena.h"
#include "ignore.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/types.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Room kept after a directory's path in a worker's buffer, for the name of
 * one entry (directory entry names are at most NAME_MAX = 255 bytes). */
#define NAME_ROOM 256

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

/* Returns p grown (realloc) to hold at least `need` elements of `elem`
 * bytes, or NULL when out of memory (p is then still valid). Inline: it is
 * called for every entry read and kept, and usually returns at once. */
static inline void *grow(void *p, size_t *cap, size_t need, size_t elem)
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

/* walk.c: path strings and errors. */
char *walk_str_copy(str_block **head, const char *a, size_t alen,
                    const char *b, size_t blen);
const char *walk_errno_code(int err);
void walk_errno_message(int err, char *msg, size_t cap);
int walk_append_error(ob_walk_error **errs, size_t *n, size_t *cap,
                      const char *path, size_t path_len, const char *code,
                      const char *message);

/* walk_dir.c: the tree, and reading one directory into it. */
wdir *walk_wdir_new(ob_arena *arena, wdir *parent, const char *name,
                    size_t name_len);
int walk_process_dir(worker *k, wdir *d);

/* walk_sort.c: the kept entries of a directory, sorted onto it. */
int walk_store_kept(worker *k, wdir *d);

#endif
