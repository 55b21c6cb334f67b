/*
 * analyze_dir.c - a whole tree: discovery (walk.c), then analysis of the
 * files on a pool of worker threads. Workers take the next file index from
 * one atomic counter and write the report into that index's slot, so the
 * output order is the walk's sorted order whatever the scheduling.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "metrics.h"
#include "observe.h"
#include "stream.h"
#include "walk.h"

/* Every language's (complexity.py's DEFAULT_EXTENSIONS). */
static const char *const default_extensions[] = {
    ".py", ".pyw", ".kt", ".kts", ".java", ".swift", ".js", ".jsx", ".mjs", ".cjs", ".ts",
    ".tsx", ".mts", ".cts", ".m", ".mm", ".h", ".dart"};

/* Paths to analyse, each into its slot of out, on a stream's threads. */
typedef struct dir_job {
    const char *const *paths;
    const ob_language *langs;   /* NULL: by extension */
    ob_file_report **out;
    atomic_int failed;      /* out of memory in some worker */
} dir_job;

/* What a worker thread keeps from one file to the next. */
typedef struct dir_worker {
    ob_file_reader *reader;
    ob_scratch *scratch;
} dir_worker;

/* worker: the thread's (NULL: none, memory ran out). */
static void analyze_one(size_t i, void *ctx, void *worker) {
    dir_job *job = ctx;
    dir_worker *w = worker;
    const char *path = job->paths[i];
    ob_language lang = job->langs ? job->langs[i] : ob_language_for_path(path);
    if (lang == OB_LANG_UNKNOWN) lang = OB_LANG_PYTHON;   /* complexity.py's default */
    job->out[i] = w ? ob_analyze_file_with(w->reader, w->scratch, path, lang)
                    : ob_analyze_file(path, lang);
    if (!job->out[i]) atomic_store(&job->failed, 1);
}

static void worker_free(void *worker) {
    dir_worker *w = worker;
    if (!w) return;
    ob_file_reader_free(w->reader);
    ob_scratch_free(w->scratch);
    free(w);
}

static void *worker_new(void *ctx) {
    (void)ctx;
    dir_worker *w = calloc(1, sizeof *w);
    if (w && (!(w->reader = ob_file_reader_new()) || !(w->scratch = ob_scratch_new()))) {
        worker_free(w);
        return NULL;
    }
    return w;
}

static const ob_stream_ops analyze_ops = {analyze_one, worker_new, worker_free};

int ob_analyze_paths(const char *const *paths, size_t n, int jobs, ob_file_report **out) {
    return ob_analyze_paths_as(paths, NULL, n, jobs, out);
}

int ob_analyze_paths_as(const char *const *paths, const ob_language *langs, size_t n, int jobs,
                        ob_file_report **out) {
    dir_job job = {.paths = paths, .langs = langs, .out = out};
    atomic_init(&job.failed, 0);
    ob_stream *stream = ob_stream_start(n, jobs, &analyze_ops, &job);
    if (!stream) return -1;
    for (size_t i = 0; i < n; i++) ob_stream_wait(stream, i);
    ob_stream_end(stream);
    if (!atomic_load(&job.failed)) return 0;
    for (size_t i = 0; i < n; i++) {
        ob_file_report_free(out[i]);
        out[i] = NULL;
    }
    return -1;
}

typedef struct dir_priv {
    ob_walk_result walk;
    dir_job job;               /* walk.paths[i] into the report's files[i] */
    ob_stream *stream;         /* doing job */
} dir_priv;

void ob_dir_report_free(ob_dir_report *report) {
    if (!report) return;
    dir_priv *priv = report->priv;
    if (priv) ob_stream_end(priv->stream);   /* no thread writes a report any more */
    for (size_t i = 0; i < report->n_files; i++) ob_file_report_free(report->files[i]);
    free(report->files);
    free(report->errors);
    if (priv) {
        ob_walk_result_free(&priv->walk);
        free(priv);
    }
    free(report);
}

ob_file_report *ob_dir_report_take(ob_dir_report *report, size_t i) {
    dir_priv *priv = report->priv;
    if (i >= report->n_files) return NULL;
    if (priv && priv->stream) ob_stream_wait(priv->stream, i);
    ob_file_report *r = report->files[i];
    report->files[i] = NULL;
    return r;
}

ob_dir_report *ob_analyze_directory(const char *root, const ob_dir_options *opt,
                                    char *err, size_t err_len) {
    ob_dir_report *rep = ob_analyze_directory_start(root, opt, err, err_len);
    if (!rep) return NULL;
    for (size_t i = 0; i < rep->n_files; i++) {
        ob_file_report *r = ob_dir_report_take(rep, i);
        rep->files[i] = r;
        if (!r) {
            snprintf(err, err_len, "out of memory");
            ob_dir_report_free(rep);
            return NULL;
        }
    }
    return rep;
}

ob_dir_report *ob_analyze_directory_start(const char *root, const ob_dir_options *opt,
                                          char *err, size_t err_len) {
    ob_dir_options defaults;
    memset(&defaults, 0, sizeof defaults);
    if (!opt) opt = &defaults;
    ob_dir_report *rep = calloc(1, sizeof *rep);
    dir_priv *priv = calloc(1, sizeof *priv);
    if (!rep || !priv) {
        free(rep);
        free(priv);
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    rep->priv = priv;
    ob_walk_options wo = {
        .jobs = opt->jobs,
        .respect_gitignore = !opt->no_gitignore,
        .follow_symlinks = opt->follow_symlinks,
        .default_excludes = !opt->no_default_excludes,
        .exclude = opt->exclude,
        .n_exclude = opt->n_exclude,
        .extensions = opt->extensions ? opt->extensions : default_extensions,
        .n_extensions = opt->extensions ? opt->n_extensions
                                        : sizeof default_extensions / sizeof default_extensions[0],
    };
    if (ob_walk(root, &wo, &priv->walk) < 0) {
        const char *why = priv->walk.n_errors ? priv->walk.errors[0].message : "cannot walk";
        snprintf(err, err_len, "%s: %s", root, why);
        ob_dir_report_free(rep);
        return NULL;
    }
    /* Walk errors are exposed as views into the walk result. */
    if (priv->walk.n_errors) {
        rep->errors = calloc(priv->walk.n_errors, sizeof(ob_path_error));
        if (!rep->errors) goto oom;
        for (size_t i = 0; i < priv->walk.n_errors; i++) {
            rep->errors[i].path = priv->walk.errors[i].path;
            rep->errors[i].code = priv->walk.errors[i].code;
            rep->errors[i].message = priv->walk.errors[i].message;
        }
        rep->n_errors = priv->walk.n_errors;
    }
    size_t n = priv->walk.n_paths;
    rep->files = calloc(n ? n : 1, sizeof(ob_file_report *));
    if (!rep->files) goto oom;
    rep->n_files = n;
    priv->job = (dir_job){.paths = (const char *const *)priv->walk.paths, .out = rep->files};
    atomic_init(&priv->job.failed, 0);
    if (!(priv->stream = ob_stream_start(n, opt->jobs, &analyze_ops, &priv->job))) goto oom;
    return rep;
oom:
    snprintf(err, err_len, "out of memory");
    ob_dir_report_free(rep);
    return NULL;
}
