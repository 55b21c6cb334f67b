/*
 * walk.h - file discovery: the sorted list of files under a root, with
 * .gitignore rules, default excludes, user exclude globs and include
 * patterns applied, read by one or several threads.
 *
 * Internal to libobserve (the public API in include/observe.h wraps it).
 * Paths are returned as root joined with the relative path ("src/a.py"),
 * sorted bytewise, so callers get a deterministic order whatever `jobs`.
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
    /*
     * Include globs, gitignore syntax taken as given (like exclude), matched
     * against each file's path relative to root as a file (is_dir = 0): a
     * file is kept iff the LAST pattern that matches it is a positive one.
     * "*.swift" (no slash) matches the name at any depth, as in .gitignore;
     * "src/" "**" "/" "*.java" (with a slash) is anchored at root; a negation
     * such as "!" "**" "/test/" "**" drops what earlier patterns kept; a pattern
     * ending in '/' matches no file; an empty pattern matches nothing.
     * n_patterns == 0 keeps every file. Patterns never prune directories,
     * apply in addition to extensions, and filter files only: a broken
     * link is reported whatever they say, as with extensions.
     */
    const char *const *patterns;
    size_t n_patterns;
    int jobs;                 /* threads reading directories (the caller's is
                                 one of them): <= 0: one per core
                                 (ob_cpu_count), 1: the caller only; at
                                 most 64 */
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
    char **paths;       /* sorted bytewise; the array and the strings are
                           owned by the result (the strings live in a few
                           large blocks: do not free them one by one) */
    size_t n_paths;
    ob_walk_error *errors;  /* owned; sorted by path, then code, then message */
    size_t n_errors;
    void *priv;         /* private: the storage of the path strings */
} ob_walk_result;

/*
 * Fills *out (which the caller zero-initialises). Returns 0, or -1 when root
 * itself cannot be read (the reason is also in out->errors). A root that is
 * a regular file yields just that file, whatever its extension or patterns.
 * The result does not depend on opt->jobs. No global state: ob_walk may run
 * in several threads at once. Release with ob_walk_result_free.
 */
int ob_walk(const char *root, const ob_walk_options *opt, ob_walk_result *out);
void ob_walk_result_free(ob_walk_result *res);

#endif
