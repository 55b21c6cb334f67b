/*
 * observe.h - the whole public API of libobserve, the C core of observe-core.
 *
 * libobserve knows nothing of Python. Every result is a plain C struct owned
 * by the handle that returned it; release it with the matching *_free call.
 * No function keeps global state; all are safe to call from several threads
 * on different inputs.
 */
#ifndef OBSERVE_H
#define OBSERVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define OB_VERSION "0.1.0"

typedef enum ob_language {
    OB_LANG_UNKNOWN = 0,
    OB_LANG_PYTHON = 1,
    /* The brace languages (docs/metrics_mobile.md), in lex_brace.h's order. */
    OB_LANG_KOTLIN, OB_LANG_JAVA, OB_LANG_SWIFT, OB_LANG_JAVASCRIPT, OB_LANG_TYPESCRIPT,
    OB_LANG_OBJC, OB_LANG_DART,
    OB_LANGUAGE_COUNT
} ob_language;

/* A located problem found while analysing a file; the analysis goes on. */
typedef struct ob_diag {
    uint32_t line;       /* 1-based; 0 when not tied to a line */
    uint32_t column;     /* 0-based byte offset in the line */
    uint8_t is_error;    /* 1 error, 0 warning */
    const char *code;    /* static string, e.g. "unterminated-string" */
    const char *message; /* owned by the file report */
} ob_diag;

typedef struct ob_function {
    const char *name;            /* owned by the file report */
    const char *qualified_name;  /* owned by the file report */
    uint32_t line, column, end_line;
    uint32_t cyclomatic, cognitive, nested_depth, lines_of_code;
    uint32_t num_parameters, num_returns, num_branches, num_loops;
    uint8_t is_method, is_async;
} ob_function;

typedef struct ob_class {
    const char *name;
    const char *qualified_name;
    uint32_t line, column, end_line, lines_of_code;
    uint32_t num_methods, cyclomatic, cognitive;
} ob_class;

/* Everything known about one source file. See docs/metrics.md. */
typedef struct ob_file_report {
    const char *path;            /* owned */
    ob_language language;
    uint64_t size_bytes;
    uint32_t physical_lines, code_lines, comment_lines, blank_lines;
    uint32_t total_cyclomatic, total_cognitive;
    uint32_t max_cyclomatic, max_cognitive, max_nested_depth;
    ob_function *functions;      /* sorted by (line, column) */
    size_t n_functions;
    ob_class *classes;           /* sorted by (line, column) */
    size_t n_classes;
    ob_diag *diags;
    size_t n_diags;
    struct ob_arena *arena;      /* private: owns every string and array above */
} ob_file_report;

/*
 * Analyses source text (any bytes: invalid input gives diagnostics and a
 * partial result, never a failure). path is only copied into the report.
 * Returns NULL only when memory runs out. Free with ob_file_report_free.
 */
ob_file_report *ob_analyze_source(const char *src, size_t len, const char *path,
                                  ob_language lang);
/* The same; jsx says whether JavaScript/TypeScript read JSX: 1, 0, or -1
 * for "as the path's extension says" (docs/lexers.md), which
 * ob_analyze_source uses. */
ob_file_report *ob_analyze_source_jsx(const char *src, size_t len, const char *path,
                                      ob_language lang, int jsx);

/* Reads and analyses one file; read errors become a diagnostic. */
ob_file_report *ob_analyze_file(const char *path, ob_language lang);

void ob_file_report_free(ob_file_report *report);

/* Options of a directory analysis; zero-initialise, then set what you need. */
typedef struct ob_dir_options {
    int jobs;                     /* worker threads; <= 0: all cores */
    int no_gitignore;             /* 1: ignore .gitignore files */
    int no_default_excludes;      /* 1: walk .git, venvs, build output too */
    int follow_symlinks;
    const char *const *exclude;   /* gitignore-syntax globs, relative to root */
    size_t n_exclude;
    const char *const *extensions;/* NULL: every language's (".py", ".kt" ...) */
    size_t n_extensions;
} ob_dir_options;

/* A path the walk could not enter or read. */
typedef struct ob_path_error {
    const char *path;
    const char *code;
    const char *message;
} ob_path_error;

typedef struct ob_dir_report {
    ob_file_report **files;       /* sorted by path; each owned */
    size_t n_files;
    ob_path_error *errors;        /* walk errors (unreadable dirs, loops) */
    size_t n_errors;
    void *priv;                   /* private */
} ob_dir_report;

/*
 * Discovers the files under root and analyses them on a worker pool.
 * Returns NULL and writes a message into err when root cannot be walked or
 * memory runs out. Free with ob_dir_report_free.
 */
ob_dir_report *ob_analyze_directory(const char *root, const ob_dir_options *opt,
                                    char *err, size_t err_len);
/*
 * The same, taken file by file: returns after the walk (files[i] still
 * NULL) while the files are analysed on jobs - 1 background threads.
 * ob_dir_report_take returns report i once it is done (the caller owns it;
 * NULL when memory ran out), analysing unclaimed files on the calling thread
 * meanwhile; files[i] is NULL afterwards. So report i can be used while the
 * files after it are still being analysed.
 */
ob_dir_report *ob_analyze_directory_start(const char *root, const ob_dir_options *opt,
                                          char *err, size_t err_len);
ob_file_report *ob_dir_report_take(ob_dir_report *report, size_t i);
/* Stops the analysis threads if any, and frees every report not taken. */
void ob_dir_report_free(ob_dir_report *report);

/*
 * Analyses the given files on `jobs` worker threads (<= 0: all cores);
 * out[i] receives the report of paths[i]. Returns 0, or -1 when memory
 * runs out (then out holds only NULLs).
 */
int ob_analyze_paths(const char *const *paths, size_t n, int jobs, ob_file_report **out);
/* The same with each file's language given (langs[i]) instead of taken from
 * its extension; langs may be NULL. */
int ob_analyze_paths_as(const char *const *paths, const ob_language *langs, size_t n, int jobs,
                        ob_file_report **out);

/* ---- file I/O --------------------------------------------------------- */

/* One file's bytes, or why it could not be read. */
typedef struct ob_file_data {
    char *data;          /* NULL on failure (and for an empty file); malloc'ed or mapped */
    size_t len;
    int mapped;          /* private: how data is released */
    int err;             /* 0, or the errno of the failure (ENOENT, EACCES, EISDIR, ...) */
} ob_file_data;

/* Releases data's bytes (keeps err). */
void ob_file_data_release(ob_file_data *data);

/*
 * A background read of many files on a pool of threads, so the caller can
 * consume (convert, decode) file i while later files are still being read.
 * Workers read in index order; every file is read exactly once.
 */
typedef struct ob_reader ob_reader;

/* Starts reading paths[0..n) on `jobs` threads (<= 0: all cores). The
 * paths must stay valid until ob_reader_free. NULL when out of memory. */
ob_reader *ob_reader_start(const char *const *paths, size_t n, int jobs);

/* 1 when paths[i] has been read (ob_reader_take will not wait), else 0. */
int ob_reader_poll(ob_reader *r, size_t i);

/* Waits until paths[i] is read and moves its result into *out (the caller
 * releases it with ob_file_data_release). Each i may be taken once. */
void ob_reader_take(ob_reader *r, size_t i, ob_file_data *out);

/* Stops the workers (files not yet read are skipped), then frees
 * everything, including results not taken. */
void ob_reader_free(ob_reader *r);

/* Reads paths[0..n) into out[0..n) on `jobs` threads and waits. Returns 0,
 * or -1 when out of memory (then out holds nothing to release). */
int ob_read_paths(const char *const *paths, size_t n, int jobs, ob_file_data *out);

/*
 * lstat()s paths[0..n) on `jobs` threads: sizes[i] receives st_size for a
 * regular file (0 otherwise), errs[i] the errno of a failure or 0.
 */
void ob_stat_sizes(const char *const *paths, size_t n, int jobs, uint64_t *sizes, int *errs);

/* Language of a file name by extension, OB_LANG_UNKNOWN when unsupported. */
ob_language ob_language_for_path(const char *path);

/* Number of online processors (at least 1). */
int ob_cpu_count(void);

#ifdef __cplusplus
}
#endif
#endif
