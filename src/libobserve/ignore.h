/*
 * ignore.h - gitignore pattern lists: parse .gitignore-syntax lines and tell
 * whether a path is ignored, re-included (a "!" pattern) or not mentioned.
 *
 * One ob_ignore_list holds the patterns of one source (a .gitignore file,
 * .git/info/exclude, or user globs). Paths given to ob_ignore_match are
 * relative to the directory the list belongs to ("sub/x.py", no leading
 * slash); the caller strips that prefix. Combining lists (deeper files win
 * over shallower ones) and not descending into ignored directories is the
 * caller's job (walk.c): that is what makes "a file cannot be re-included if
 * a parent directory is excluded" hold.
 *
 * A list is immutable while matched, so one list may be matched from several
 * threads at once; adding patterns needs exclusive access. No global state.
 */
#ifndef OB_IGNORE_H
#define OB_IGNORE_H

#include <stddef.h>

typedef struct ob_ignore_list ob_ignore_list;

typedef enum ob_ignore_result {
    OB_IGNORE_NONE = 0,     /* no pattern matched */
    OB_IGNORE_IGNORED = 1,  /* the last matching pattern excludes the path */
    OB_IGNORE_INCLUDED = 2  /* the last matching pattern is a negation ("!") */
} ob_ignore_result;

/* Returns a new empty list owned by the caller (free with ob_ignore_free),
 * or NULL when out of memory. */
ob_ignore_list *ob_ignore_new(void);

/* Frees the list and every pattern it holds. NULL is a no-op. */
void ob_ignore_free(ob_ignore_list *list);

/*
 * Adds one line of gitignore syntax (without its newline; a trailing '\r' is
 * dropped). Blank lines and '#' comments are accepted and add nothing. The
 * line is copied: the caller keeps ownership of it. Returns 0, or -1 when out
 * of memory (the list is left as it was).
 */
int ob_ignore_add_pattern(ob_ignore_list *list, const char *line, size_t len);

/*
 * Adds one pattern taken as it is given, like git's --exclude: no comment,
 * no trailing-space trimming, no '\r' dropped ("!" negation, a trailing '/'
 * and the matching rules are those of a .gitignore line). Returns 0, or -1
 * when out of memory (the list is left as it was).
 */
int ob_ignore_add_exclude(ob_ignore_list *list, const char *pattern, size_t len);

/*
 * Adds every line of a .gitignore file held in buf[0..len) (a leading UTF-8
 * BOM is skipped). The buffer is not kept. Returns 0, or -1 when out of
 * memory (patterns added before the failure stay in the list).
 */
int ob_ignore_add_buffer(ob_ignore_list *list, const char *buf, size_t len);

/*
 * Reads the file `name`, relative to the directory open as `dirfd` (or to the
 * current directory with AT_FDCWD, or absolute), and adds its lines. A
 * symlink is not followed (as git does for .gitignore). Returns 0, or -1 with
 * errno set (ENOENT, EACCES, ELOOP for a symlink, EFBIG past 64 MiB, ENOMEM,
 * ...).
 */
int ob_ignore_load_at(ob_ignore_list *list, int dirfd, const char *name);

/* ob_ignore_load_at(list, AT_FDCWD, path). */
int ob_ignore_load_file(ob_ignore_list *list, const char *path);

/* Number of patterns held (comments and blank lines are not counted). */
size_t ob_ignore_count(const ob_ignore_list *list);

/*
 * Matches `path` (relative to the list's directory, '/'-separated, no leading
 * or trailing slash) against the list; is_dir says whether it names a
 * directory (patterns ending in '/' match only directories). The last
 * matching pattern decides. Reads only; allocates nothing.
 */
ob_ignore_result ob_ignore_match(const ob_ignore_list *list, const char *path,
                                 int is_dir);

/*
 * ob_ignore_match for a caller that already knows where path's last
 * component is: base points into path at it, base_len bytes long (up to
 * path's NUL). Saves scanning the path when every file of a tree is matched.
 */
ob_ignore_result ob_ignore_match_base(const ob_ignore_list *list, const char *path,
                                      const char *base, size_t base_len, int is_dir);

#endif
