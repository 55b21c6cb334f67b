/*
 * readfile.h - reading a whole file into memory, once.
 */
#ifndef OB_READFILE_H
#define OB_READFILE_H

#include <stddef.h>

/* A file's bytes: malloc'ed, or mmap'ed for large files. */
typedef struct ob_buffer {
    char *data;
    size_t len;
    int mapped;
} ob_buffer;

/*
 * Reads path into buf. Returns 0, or -1 with a static error code
 * ("not-found", "permission-denied", "is-directory", "read-error") in *code,
 * strerror text in msg, and errno set to the cause.
 */
int ob_read_file(const char *path, ob_buffer *buf, const char **code, char *msg, size_t msg_len);
void ob_buffer_free(ob_buffer *buf);

/*
 * openat(dirfd, path) for reading, without updating the access time (as git
 * opens its objects) while *noatime is set: a scan should not dirty every
 * inode it reads. Where O_NOATIME is refused (EPERM: files the caller does
 * not own) the plain open is used and *noatime cleared, so a caller reading
 * many files asks only once. Returns the descriptor, or -1 with errno set.
 */
int ob_open_read(int dirfd, const char *path, int *noatime);

/* The static code of ob_read_file's errors for an errno ("not-found" ...). */
const char *ob_read_error_code(int err);

/*
 * One thread reading files one at a time, each used and dropped before the
 * next (read_files.c): the directory of the last file stays open and small
 * files land in a buffer of the reader's own, so a file costs an open, a
 * read and a close, without path resolution, fstat, malloc or copy.
 */
typedef struct read_state ob_file_reader;
ob_file_reader *ob_file_reader_new(void);   /* NULL when out of memory */
void ob_file_reader_free(ob_file_reader *rd);
/*
 * Reads path whole into *data and *len; returns 0, or the errno of the failure.
 * The bytes stay valid until the next call; ob_file_reader_done frees what the
 * call allocated (large files), if anything.
 */
int ob_file_reader_read(ob_file_reader *rd, const char *path, const char **data, size_t *len);
void ob_file_reader_done(ob_file_reader *rd);

#endif
