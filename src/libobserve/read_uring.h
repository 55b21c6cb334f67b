/*
 * read_uring.h - reading a batch of small files through io_uring: for each
 * file an open, a read into its own buffer, a one-byte read that must find
 * the end of the file, and a close, all submitted with one system call.
 * On this project's machines system calls dominate the cost of reading
 * many small files (docs/io.md); batching them makes reading ~1.5x faster.
 *
 * Internal to read_files.c. Built only when liburing is found (OB_HAVE_URING);
 * otherwise, or when the kernel refuses io_uring (seccomp, old kernels), or
 * when OB_IO_URING=0 is set in the environment, ob_uring_new returns NULL
 * and the caller reads with plain system calls.
 */
#ifndef OB_READ_URING_H
#define OB_READ_URING_H

#include <stddef.h>

#include "observe.h"

typedef struct ob_uring ob_uring;

/* A ring for batches of up to `batch` files of up to `scratch` bytes each;
 * NULL when io_uring is not available. One ring per thread. */
ob_uring *ob_uring_new(unsigned batch, size_t scratch);
void ob_uring_free(ob_uring *u);

/*
 * Reads paths[0..n), n <= batch; a path starting with `dir` (dir_len bytes,
 * ending in '/') is opened relative to the open directory dirfd, others
 * whole (dir may be NULL). For each i either fills out[i] (data or
 * a read error) and sets retry[i] = 0, or sets retry[i] = 1: the file could
 * not be opened here, or is larger than scratch, and the caller must read it
 * the ordinary way (which also gives the exact errno of a failed open).
 */
void ob_uring_read(ob_uring *u, int dirfd, const char *dir, size_t dir_len,
                   const char *const *paths, size_t n, ob_file_data *out, unsigned char *retry);

#endif
