/*
 * walk.h - file discovery: the sorted list of files under a root, with
 * .gitignore rules, default excludes and user exclude globs applied.
 *
 * Internal to libobserve (the public API in include/observe.h wraps it).
 * Paths are returned as root joined with the relative path ("src/a.py"),
 * sorted bytewise, so callers get a deterministic order.
 */
#ifndef OB_WALK_H
#define OB_WALK_H

#include <stddef.h>
#include <stdint.h>

typedef struct ob_walk_options {
    int respect_gitignore;    /* read .gitignore files and .git/info/exclude */
    int follow_symlinks;      /* follow symlinks (to files and directories; loops
                                 detected). Off: every symlink below root is
                                 skipped; root itself is always followed. */
    int default_excludes;     /* skip VCS dirs, caches, virtualenvs, build output */
    const char *const *exclude;    /* gitignore-syntax globs, relative to root,
                                      taken as given like git's --exclude */
    size_t n_exclude;
    const char *const *extensions; /* e.g. ".py"; n_extensions == 0: every file */
    size_t n_extensions;
} ob_walk_options;

/* A path that could not be walked; the walk goes on without it. */
typedef struct ob_walk_error {
    char *path;
    const char *code;   /* static string: "not-found", "permission-denied",
                           "symlink-loop", "broken-symlink", "read-error",
                           "not-a-directory", "out-of-memory" */
    char *message;
} ob_walk_error;

typedef struct ob_walk_result {
    char **paths;       /* owned; sorted bytewise */
    size_t n_paths;
    ob_walk_error *errors;  /* owned */
    size_t n_errors;
} ob_walk_result;

/*
 * Fills *out (which the caller zero-initialises). Returns 0, or -1 when root
 * itself cannot be read (the reason is also in out->errors). A root that is
 * a regular file yields just that file, whatever its extension.
 * Release with ob_walk_result_free.
 */
int ob_walk(const char *root, const ob_walk_options *opt, ob_walk_result *out);
void ob_walk_result_free(ob_walk_result *res);

#endif
