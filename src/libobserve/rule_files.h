/*
 * rule_files.h - matching many files on several threads (rules.h for one).
 *
 * A stream lets the caller take each file's result in path order as soon as
 * it is ready while the other threads go on matching: the Python binding
 * turns file i into dicts while files after it are still being matched. The
 * calling thread is one of the `jobs` threads: while it waits for a file it
 * matches the next unclaimed one itself.
 */
#ifndef OB_RULE_FILES_H
#define OB_RULE_FILES_H

#include <stddef.h>

#include "rules.h"

typedef struct ob_rule_stream ob_rule_stream;

/*
 * Starts matching paths[0..n) (out[i], zeroed by the caller, for paths[i])
 * on jobs - 1 background threads (jobs <= 0: every core); the caller is the
 * last thread, through ob_rule_stream_wait. Fewer threads start when they
 * cannot, the work being done all the same. NULL when memory runs out.
 */
ob_rule_stream *ob_rule_stream_start(const ob_rules *rules, const char *const *paths, size_t n,
                                     int jobs, ob_rule_file *out);

/* Returns when out[i] is final, matching unclaimed files on the calling
 * thread meanwhile. The caller may then read and clear out[i]. */
void ob_rule_stream_wait(ob_rule_stream *stream, size_t i);

/* Stops claiming files, joins the threads and frees the stream. Files never
 * claimed stay zeroed; every out[i] must still be cleared by the caller. */
void ob_rule_stream_end(ob_rule_stream *stream);

/*
 * Reads and matches paths[0..n) on `jobs` threads (<= 0: every core), each
 * file in the language of its extension; out[i] (zeroed by the caller) for
 * paths[i]. A file that cannot be read gets its error and the others go on.
 * Free each out[i] with ob_rule_file_clear.
 */
void ob_rules_match_files(const ob_rules *rules, const char *const *paths, size_t n, int jobs,
                          ob_rule_file *out);

#endif
