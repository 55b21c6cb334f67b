/*
 * walk.c - file discovery (see walk.h): every regular file under a root,
 * minus default excludes, user exclude globs and .gitignore rules, sorted.
 *
 * The walk is iterative: a stack of pending directories (wdir), each read
 * in full with readdir, then its entries filtered. Only one directory is
 * open at a time, so hostile nesting costs heap, not stack or descriptors,
 * and the path length limit (PATH_MAX) bounds the depth.
 *
 * Per file the cost is what readdir returns: the entry type comes from
 * d_type, and lstat/stat is called only for DT_UNKNOWN entries and for
 * symlinks when they are followed. Paths are collected unsorted and sorted
 * once at the end.
 *
 * Rules, in the order they are applied to an entry:
 *   1. default_excludes: directory names in excluded_dir_names (and the
 *      suffix table), and any directory holding a pyvenv.cfg (a
 *      virtualenv). The root itself is never excluded.
 *   2. With respect_gitignore, anything named ".git" is skipped: git never
 *      counts its repository directory as part of the work tree.
 *   3. extensions (files only): the name must end with one of them.
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
#include "ignore.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Directory names skipped by default_excludes: VCS data, caches,
 * virtualenvs, installed packages, build output. */
static const char *const excluded_dir_names[] = {
    ".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv",
    ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build",
    "dist", ".eggs", "site-packages", "dist-packages",
};

/* Directory name endings skipped by default_excludes. */
static const char *const excluded_dir_suffixes[] = { ".egg-info" };

/* A directory holding one of these files is a virtualenv (PEP 405). */
static const char *const venv_markers[] = { "pyvenv.cfg" };

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

enum { K_SKIP, K_FILE, K_DIR, K_ERROR };

/*
 * A directory to walk. Children hold a reference on their parent, so the
 * chain of ancestors (for loop detection and .gitignore lookup) stays
 * alive exactly as long as some directory below it is pending.
 */
typedef struct wdir {
    struct wdir *parent;     /* referenced; NULL for the root */
    struct wdir *ign_up;     /* nearest ancestor with a .gitignore (kept
                                alive through parent) */
    ob_ignore_list *ignore;  /* owned: this directory's .gitignore, or NULL */
    size_t refs;
    dev_t dev;               /* set when following symlinks */
    ino_t ino;
    size_t rel_len;
    char rel[];              /* relative to root: "" or "a/b/" */
} wdir;

/* One directory entry, its name kept in walker.names. */
typedef struct wentry {
    size_t name_off, name_len;
    unsigned char d_type;
} wentry;

typedef struct walker {
    const ob_walk_options *opt;
    ob_walk_result *out;
    size_t cap_paths, cap_errors;
    const char *root;          /* as given, for messages */
    size_t root_len;
    size_t prefix_len;         /* root plus a '/' if it had none */
    ob_ignore_list *user;      /* owned: opt->exclude, or NULL */
    ob_ignore_list *info;      /* owned: .git/info/exclude, or NULL */
    size_t *ext_len;           /* owned: strlen of each extension */
    wdir **stack;              /* owned: pending directories */
    size_t n_stack, cap_stack;
    wentry *ents;              /* owned scratch: entries of one directory */
    size_t cap_ents;
    char *names;               /* owned scratch: their names, NUL-ended */
    size_t cap_names;
    char *buf;                 /* owned scratch: prefix + rel path + name */
    size_t cap_buf;
    int root_failed;
} walker;

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

/* Records an error; path and message are copied. -1 when out of memory. */
static int add_error(walker *w, const char *path, size_t path_len,
                     const char *code, const char *message)
{
    ob_walk_result *out = w->out;
    ob_walk_error *errs;
    char *p, *m;
    errs = grow(out->errors, &w->cap_errors, out->n_errors + 1, sizeof(*errs));
    if (!errs) return -1;
    out->errors = errs;
    p = malloc(path_len + 1);
    m = strdup(message);
    if (!p || !m) { free(p); free(m); return -1; }
    memcpy(p, path, path_len);
    p[path_len] = '\0';
    errs[out->n_errors].path = p;
    errs[out->n_errors].code = code;
    errs[out->n_errors].message = m;
    out->n_errors++;
    return 0;
}

/* add_error with strerror(err) as the message; code NULL: from errno. */
static int add_errno(walker *w, const char *path, size_t path_len, int err,
                     const char *code)
{
    char msg[256];
    if (strerror_r(err, msg, sizeof(msg)) != 0)
        snprintf(msg, sizeof(msg), "error %d", err);
    return add_error(w, path, path_len, code ? code : errno_code(err), msg);
}

/* Appends a copy of buf[0..len) to the result paths. */
static int add_path(walker *w, const char *path, size_t len)
{
    ob_walk_result *out = w->out;
    char **paths, *p;
    paths = grow(out->paths, &w->cap_paths, out->n_paths + 1, sizeof(*paths));
    if (!paths) return -1;
    out->paths = paths;
    p = malloc(len + 1);
    if (!p) return -1;
    memcpy(p, path, len);
    p[len] = '\0';
    paths[out->n_paths++] = p;
    return 0;
}

static int ends_with(const char *s, size_t len, const char *suffix, size_t slen)
{
    return len >= slen && memcmp(s + len - slen, suffix, slen) == 0;
}

static int in_table(const char *name, const char *const *table, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(name, table[i]) == 0) return 1;
    return 0;
}

static int is_default_excluded_dir(const char *name, size_t len)
{
    size_t i;
    if (in_table(name, excluded_dir_names, N_OF(excluded_dir_names))) return 1;
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

/* ---- pending directories ---------------------------------------------- */

/* New directory `name` below parent (NULL and "" for the root), holding a
 * reference on parent. NULL when out of memory. */
static wdir *wdir_new(wdir *parent, const char *name, size_t name_len)
{
    size_t base = parent ? parent->rel_len : 0;
    size_t rel_len = base + name_len + (name_len ? 1 : 0);
    wdir *d = malloc(sizeof(*d) + rel_len + 1);
    if (!d) return NULL;
    memset(d, 0, sizeof(*d));
    d->refs = 1;
    d->rel_len = rel_len;
    if (parent) {
        memcpy(d->rel, parent->rel, base);
        d->parent = parent;
        d->ign_up = parent->ignore ? parent : parent->ign_up;
        parent->refs++;
    }
    memcpy(d->rel + base, name, name_len);
    if (name_len) d->rel[rel_len - 1] = '/';
    d->rel[rel_len] = '\0';
    return d;
}

/* Drops one reference; frees the directory, then ancestors, when unused. */
static void wdir_release(wdir *d)
{
    while (d && --d->refs == 0) {
        wdir *parent = d->parent;
        ob_ignore_free(d->ignore);
        free(d);
        d = parent;
    }
}

static int push_dir(walker *w, wdir *d)
{
    wdir **s = grow(w->stack, &w->cap_stack, w->n_stack + 1, sizeof(*s));
    if (!s) return -1;
    w->stack = s;
    w->stack[w->n_stack++] = d;
    return 0;
}

/* ---- one directory ---------------------------------------------------- */

/* Makes w->buf hold prefix + rel + room for a name of `extra` bytes. */
static int set_dir_path(walker *w, const wdir *d, size_t extra)
{
    size_t need = w->prefix_len + d->rel_len + extra + 1;
    char *b = grow(w->buf, &w->cap_buf, need, 1);
    if (!b) return -1;
    w->buf = b;
    memcpy(b + w->prefix_len, d->rel, d->rel_len + 1);
    return 0;
}

/* Makes w->buf hold prefix + d->rel + name; returns the length, or 0 when
 * out of memory. */
static size_t set_entry_path(walker *w, const wdir *d, const char *name,
                             size_t name_len)
{
    if (set_dir_path(w, d, name_len) != 0) return 0;
    memcpy(w->buf + w->prefix_len + d->rel_len, name, name_len + 1);
    return w->prefix_len + d->rel_len + name_len;
}

/* Length of the directory's display path in w->buf (root: as given). */
static size_t dir_display_len(const walker *w, const wdir *d)
{
    return d->rel_len ? w->prefix_len + d->rel_len - 1 : w->prefix_len;
}

/* Records err for directory d (w->buf holds its path). */
static int dir_error(walker *w, const wdir *d, int err)
{
    if (!d->parent) {
        w->root_failed = 1;
        return add_errno(w, w->root, w->root_len, err, NULL);
    }
    return add_errno(w, w->buf, dir_display_len(w, d), err, NULL);
}

/* Opens directory d (w->buf prepared by set_dir_path). Below the root and
 * without follow_symlinks, O_NOFOLLOW makes a directory swapped for a link
 * since it was listed fail instead of being walked. */
static DIR *open_dir(walker *w, const wdir *d)
{
    int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOCTTY;
    size_t cut = w->prefix_len + d->rel_len - 1;
    DIR *dir;
    int fd;
    if (d->parent && !w->opt->follow_symlinks) flags |= O_NOFOLLOW;
    if (d->rel_len) w->buf[cut] = '\0';     /* no trailing slash */
    fd = open(w->buf, flags);
    if (d->rel_len) w->buf[cut] = '/';
    if (fd < 0) return NULL;
    dir = fdopendir(fd);
    if (!dir) { int e = errno; close(fd); errno = e; }
    return dir;
}

/* With follow_symlinks: 1 if d is one of its own ancestors (reported). */
static int is_loop(walker *w, wdir *d, int fd, int *rc)
{
    struct stat st;
    const wdir *a;
    char msg[64];
    *rc = 0;
    if (fstat(fd, &st) != 0) { *rc = dir_error(w, d, errno); return 1; }
    d->dev = st.st_dev;
    d->ino = st.st_ino;
    for (a = d->parent; a; a = a->parent) {
        if (a->dev != d->dev || a->ino != d->ino) continue;
        snprintf(msg, sizeof(msg), "directory loop: same directory as %s",
                 a->parent ? "an ancestor" : "the root");
        *rc = add_error(w, w->buf, dir_display_len(w, d), "symlink-loop", msg);
        return 1;
    }
    return 0;
}

/* Reads every entry of dir into w->ents / w->names; sets *n. Notes a
 * .gitignore and a virtualenv marker on the way. */
static int read_entries(walker *w, DIR *dir, const wdir *d, size_t *n,
                        int *has_gitignore, int *has_venv_marker)
{
    size_t count = 0, used = 0;
    struct dirent *de;
    *has_gitignore = *has_venv_marker = 0;
    for (;;) {
        size_t len;
        wentry *ents;
        char *names;
        errno = 0;
        de = readdir(dir);
        if (!de) break;
        if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
            (de->d_name[1] == '.' && de->d_name[2] == '\0')))
            continue;
        len = strlen(de->d_name);
        ents = grow(w->ents, &w->cap_ents, count + 1, sizeof(*ents));
        if (!ents) return -1;
        w->ents = ents;
        names = grow(w->names, &w->cap_names, used + len + 1, 1);
        if (!names) return -1;
        w->names = names;
        memcpy(names + used, de->d_name, len + 1);
        ents[count].name_off = used;
        ents[count].name_len = len;
        ents[count].d_type = de->d_type;
        used += len + 1;
        count++;
        if (strcmp(de->d_name, ".gitignore") == 0 &&
            (de->d_type == DT_REG || de->d_type == DT_UNKNOWN))
            *has_gitignore = 1;
        if (de->d_type != DT_DIR &&
            in_table(de->d_name, venv_markers, N_OF(venv_markers)))
            *has_venv_marker = 1;
    }
    *n = count;
    if (errno != 0) return dir_error(w, d, errno);   /* keep what was read */
    return 0;
}

/* Loads d's .gitignore from the open directory fd. */
static int load_gitignore(walker *w, wdir *d, int fd)
{
    size_t len;
    int err;
    d->ignore = ob_ignore_new();
    if (!d->ignore) return -1;
    if (ob_ignore_load_at(d->ignore, fd, ".gitignore") == 0) return 0;
    err = errno;
    ob_ignore_free(d->ignore);
    d->ignore = NULL;
    if (err == ENOMEM) return -1;
    if (err == ENOENT || err == ELOOP || err == EINVAL) return 0; /* gone, a link */
    len = set_entry_path(w, d, ".gitignore", strlen(".gitignore"));
    return len ? add_errno(w, w->buf, len, err, NULL) : -1;
}

/* Loads the root's .git/info/exclude, if there is one (d is the root). */
static int load_info_exclude(walker *w, const wdir *d, int fd)
{
    static const char name[] = ".git/info/exclude";
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
    len = set_entry_path(w, d, name, sizeof(name) - 1);
    return len ? add_errno(w, w->buf, len, err, NULL) : -1;
}

/* 1 if the entry at rel (relative to root), in directory d, is ignored. */
static int is_ignored(const walker *w, const wdir *d, const char *rel, int is_dir)
{
    const wdir *g;
    ob_ignore_result r;
    if (w->user) {
        r = ob_ignore_match(w->user, rel, is_dir);
        if (r != OB_IGNORE_NONE) return r == OB_IGNORE_IGNORED;
    }
    if (!w->opt->respect_gitignore) return 0;
    for (g = d->ignore ? d : d->ign_up; g; g = g->ign_up) {
        r = ob_ignore_match(g->ignore, rel + g->rel_len, is_dir);
        if (r != OB_IGNORE_NONE) return r == OB_IGNORE_IGNORED;
    }
    return w->info && ob_ignore_match(w->info, rel, is_dir) == OB_IGNORE_IGNORED;
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

/* Filters one entry of d and adds it as a path or a pending directory.
 * w->buf holds prefix + d->rel + the entry's name. */
static int handle_entry(walker *w, wdir *d, int fd, const wentry *e)
{
    const char *name = w->names + e->name_off;
    const char *rel = w->buf + w->prefix_len;
    size_t full_len = w->prefix_len + d->rel_len + e->name_len;
    const char *code = NULL;
    int err = 0, kind;
    wdir *child;

    if (w->opt->respect_gitignore && strcmp(name, ".git") == 0) return 0;
    kind = entry_kind(w, fd, name, e->d_type, &err, &code);
    if (kind == K_SKIP) return 0;
    if (kind == K_ERROR) {
        if (is_ignored(w, d, rel, 0)) return 0;
        return add_errno(w, w->buf, full_len, err, code);
    }
    if (kind == K_FILE) {
        if (!has_extension(w, name, e->name_len) || is_ignored(w, d, rel, 0))
            return 0;
        return add_path(w, w->buf, full_len);
    }
    if (w->opt->default_excludes && is_default_excluded_dir(name, e->name_len))
        return 0;
    if (is_ignored(w, d, rel, 1)) return 0;
    child = wdir_new(d, name, e->name_len);
    if (!child) return -1;
    if (push_dir(w, child) != 0) { wdir_release(child); return -1; }
    return 0;
}

/* Reads directory d, loads its .gitignore and queues or collects its
 * entries. Returns 0 (problems are recorded as errors) or -1 when out of
 * memory. */
static int process_dir(walker *w, wdir *d)
{
    size_t n = 0, i;
    int has_gitignore, has_venv, fd, rc = 0;
    DIR *dir;

    if (set_dir_path(w, d, 0) != 0) return -1;
    dir = open_dir(w, d);
    if (!dir) {
        if (errno == ENOMEM) return -1;
        if (errno == ENOENT && d->parent) return 0;   /* vanished meanwhile */
        if (errno == ELOOP && d->parent && !w->opt->follow_symlinks)
            return 0;                     /* became a symlink: skipped */
        return dir_error(w, d, errno);
    }
    fd = dirfd(dir);
    if (w->opt->follow_symlinks && is_loop(w, d, fd, &rc)) goto done;
    rc = read_entries(w, dir, d, &n, &has_gitignore, &has_venv);
    if (rc != 0 || (has_venv && w->opt->default_excludes && d->parent))
        goto done;
    if (!d->parent && w->opt->respect_gitignore) rc = load_info_exclude(w, d, fd);
    if (rc == 0 && has_gitignore && w->opt->respect_gitignore)
        rc = load_gitignore(w, d, fd);
    for (i = 0; rc == 0 && i < n; i++) {
        const wentry *e = &w->ents[i];
        if (!set_entry_path(w, d, w->names + e->name_off, e->name_len))
            rc = -1;
        else
            rc = handle_entry(w, d, fd, e);
    }
done:
    closedir(dir);
    return rc;
}

/* ---- the walk --------------------------------------------------------- */

static int walker_init(walker *w, const char *root)
{
    const ob_walk_options *opt = w->opt;
    size_t i;
    w->root = root;
    w->root_len = strlen(root);
    w->prefix_len = w->root_len + (root[w->root_len - 1] != '/');
    w->buf = grow(NULL, &w->cap_buf, w->prefix_len + 256, 1);
    if (!w->buf) return -1;
    memcpy(w->buf, root, w->root_len);
    w->buf[w->prefix_len - 1] = '/';
    if (opt->n_extensions) {
        w->ext_len = malloc(opt->n_extensions * sizeof(*w->ext_len));
        if (!w->ext_len) return -1;
        for (i = 0; i < opt->n_extensions; i++)
            w->ext_len[i] = opt->extensions[i] ? strlen(opt->extensions[i]) : 0;
    }
    if (opt->n_exclude) {
        w->user = ob_ignore_new();
        if (!w->user) return -1;
        for (i = 0; i < opt->n_exclude; i++)
            if (opt->exclude[i] &&
                ob_ignore_add_exclude(w->user, opt->exclude[i],
                                      strlen(opt->exclude[i])) != 0)
                return -1;
    }
    return 0;
}

static void walker_free(walker *w)
{
    while (w->n_stack) wdir_release(w->stack[--w->n_stack]);
    free(w->stack);
    free(w->ents);
    free(w->names);
    free(w->buf);
    free(w->ext_len);
    ob_ignore_free(w->user);
    ob_ignore_free(w->info);
}

static int walk_tree(walker *w)
{
    wdir *root = wdir_new(NULL, "", 0);
    if (!root) return -1;
    if (push_dir(w, root) != 0) { wdir_release(root); return -1; }
    while (w->n_stack) {
        wdir *d = w->stack[--w->n_stack];
        int rc = process_dir(w, d);
        wdir_release(d);
        if (rc != 0) return -1;
    }
    return 0;
}

static int cmp_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_errors(const void *a, const void *b)
{
    const ob_walk_error *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : strcmp(x->code, y->code);
}

/* Frees the partial result and leaves only an out-of-memory error. */
static void fail_out_of_memory(walker *w, const char *root)
{
    ob_walk_result_free(w->out);
    w->cap_paths = w->cap_errors = 0;
    add_error(w, root, strlen(root), "out-of-memory", "out of memory");
}

int ob_walk(const char *root, const ob_walk_options *opt, ob_walk_result *out)
{
    static const ob_walk_options no_options;
    struct stat st;
    walker w;
    int rc;

    if (!out) return -1;
    memset(out, 0, sizeof(*out));
    memset(&w, 0, sizeof(w));
    w.opt = opt ? opt : &no_options;
    w.out = out;
    if (!root || !*root) {
        add_error(&w, "", 0, "not-found", "empty root path");
        return -1;
    }
    if (stat(root, &st) != 0) {
        add_errno(&w, root, strlen(root), errno, NULL);
        return -1;
    }
    if (S_ISREG(st.st_mode)) {
        if (add_path(&w, root, strlen(root)) == 0) return 0;
        fail_out_of_memory(&w, root);
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        add_error(&w, root, strlen(root), "not-a-directory",
                  "neither a directory nor a regular file");
        return -1;
    }
    rc = walker_init(&w, root);
    if (rc == 0) rc = walk_tree(&w);
    walker_free(&w);
    if (rc != 0) {
        fail_out_of_memory(&w, root);
        return -1;
    }
    if (out->n_paths > 1)
        qsort(out->paths, out->n_paths, sizeof(*out->paths), cmp_paths);
    if (out->n_errors > 1)
        qsort(out->errors, out->n_errors, sizeof(*out->errors), cmp_errors);
    return w.root_failed ? -1 : 0;
}

void ob_walk_result_free(ob_walk_result *res)
{
    size_t i;
    if (!res) return;
    for (i = 0; i < res->n_paths; i++) free(res->paths[i]);
    for (i = 0; i < res->n_errors; i++) {
        free(res->errors[i].path);
        free(res->errors[i].message);
    }
    free(res->paths);
    free(res->errors);
    memset(res, 0, sizeof(*res));
}
