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

#endif
