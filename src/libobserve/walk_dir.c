/*
 * walk_dir.c - reading one directory (see walk.c for the walk as a whole):
 * list its entries, load its .gitignore, keep the files and subdirectories
 * that pass the rules below, and have walk_sort.c store them on its wdir.
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
 */
#include "walk_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
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

/* name (len bytes) is the string literal lit; the first byte is checked
 * inline as most names differ there ("File001.kt" vs ".gitignore"). */
#define IS_NAME(name, len, lit) \
    ((len) == sizeof(lit) - 1 && (name)[0] == (lit)[0] && memcmp(name, lit, len) == 0)

enum { K_SKIP, K_FILE, K_DIR, K_ERROR };

/* ---- small helpers ---------------------------------------------------- */

/* Records a worker's error, with strerror(err) as the message; code NULL:
 * from errno. */
static int add_errno(worker *k, const char *path, size_t path_len, int err,
                     const char *code)
{
    char msg[256];
    walk_errno_message(err, msg, sizeof(msg));
    return walk_append_error(&k->errors, &k->n_errors, &k->cap_errors, path,
                             path_len, code ? code : walk_errno_code(err), msg);
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
wdir *walk_wdir_new(ob_arena *arena, wdir *parent, const char *name,
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
        *rc = walk_append_error(&k->errors, &k->n_errors, &k->cap_errors, k->buf,
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
    child = walk_wdir_new(k->tree, d, name, e->name_len);
    return child ? keep_entry(k, name, e->name_len, child) : -1;
}

/* Reads directory d, loads its .gitignore and stores its kept entries on
 * it. Returns 0 (problems are recorded as errors) or -1 when out of
 * memory. */
int walk_process_dir(worker *k, wdir *d)
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
    if (rc == 0) rc = walk_store_kept(k, d);
done:
    close(fd);
    return rc;
}
