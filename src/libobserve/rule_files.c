/* rule_files.c - see rule_files.h: a stream (stream.h) of files to match. */
#include "rule_files.h"

#include <stdlib.h>

#include "stream.h"

struct ob_rule_stream {
    const ob_rules *rules;
    const char *const *paths;
    ob_rule_file *out;
    ob_stream *stream;
};

static void match_one(size_t i, void *ctx, void *worker) {
    ob_rule_stream *s = ctx;
    ob_rule_match_file(s->rules, worker, s->paths[i], &s->out[i]);
}

/* NULL when memory runs out: the files then get "out of memory". */
static void *worker_new(void *ctx) { return ob_rule_worker_new(((ob_rule_stream *)ctx)->rules); }
static void worker_free(void *worker) { ob_rule_worker_free(worker); }

static const ob_stream_ops ops = {match_one, worker_new, worker_free};

ob_rule_stream *ob_rule_stream_start(const ob_rules *rules, const char *const *paths, size_t n,
                                     int jobs, ob_rule_file *out) {
    ob_rule_stream *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    *s = (ob_rule_stream){.rules = rules, .paths = paths, .out = out};
    if (!(s->stream = ob_stream_start(n, jobs, &ops, s))) {
        free(s);
        return NULL;
    }
    return s;
}

void ob_rule_stream_wait(ob_rule_stream *s, size_t i) { ob_stream_wait(s->stream, i); }

void ob_rule_stream_end(ob_rule_stream *s) {
    if (!s) return;
    ob_stream_end(s->stream);
    free(s);
}

void ob_rules_match_files(const ob_rules *rules, const char *const *paths, size_t n, int jobs,
                          ob_rule_file *out) {
    ob_rule_stream *s = ob_rule_stream_start(rules, paths, n, jobs, out);
    if (!s) {                  /* out of memory: one thread, no stream */
        ob_rule_worker *w = ob_rule_worker_new(rules);
        for (size_t i = 0; i < n; i++) ob_rule_match_file(rules, w, paths[i], &out[i]);
        ob_rule_worker_free(w);
        return;
    }
    for (size_t i = 0; i < n; i++) ob_rule_stream_wait(s, i);
    ob_rule_stream_end(s);
}
