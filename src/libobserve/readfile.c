/*
 * readfile.c - whole-file reads (see readfile.h). Small files are read
 * into one malloc'ed buffer; files above OB_MMAP_MIN are mapped, which
 * avoids a copy of large generated or minified sources.
 */
#define _GNU_SOURCE   /* O_NOATIME */
#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define OB_MMAP_MIN (4u << 20)

#ifndef O_NOATIME
#define O_NOATIME 0
#endif

int ob_open_read(int dirfd, const char *path, int *noatime) {
    if (*noatime) {
        int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | O_NOATIME);
        if (fd >= 0 || errno != EPERM) return fd;
        *noatime = 0;
    }
    return openat(dirfd, path, O_RDONLY | O_CLOEXEC);
}

const char *ob_read_error_code(int err) {
    switch (err) {
    case ENOENT: case ENOTDIR: return "not-found";
    case EACCES: case EPERM: return "permission-denied";
    case EISDIR: return "is-directory";
    case ELOOP: return "symlink-loop";
    default: return "read-error";
    }
}

static int fail(int err, const char **code, char *msg, size_t msg_len) {
    *code = ob_read_error_code(err);
    snprintf(msg, msg_len, "%s", strerror(err));
    errno = err;
    return -1;
}

int ob_read_file(const char *path, ob_buffer *buf, const char **code, char *msg, size_t msg_len) {
    memset(buf, 0, sizeof *buf);
    int noatime = 1;
    int fd = ob_open_read(AT_FDCWD, path, &noatime);
    if (fd < 0) return fail(errno, code, msg, msg_len);
    struct stat st;
    if (fstat(fd, &st) < 0) {
        int e = errno;
        close(fd);
        return fail(e, code, msg, msg_len);
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return fail(EISDIR, code, msg, msg_len);
    }
    size_t size = S_ISREG(st.st_mode) ? (size_t)st.st_size : 0;
    if (size >= OB_MMAP_MIN) {
        void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
            close(fd);
            buf->data = p;
            buf->len = size;
            buf->mapped = 1;
            return 0;
        }
    }
    /* Read until EOF: the size may change under us, or be unknown (pipes). */
    size_t cap = size + 1, len = 0;
    char *data = malloc(cap);
    if (!data) {
        close(fd);
        return fail(ENOMEM, code, msg, msg_len);
    }
    for (;;) {
        if (len == cap) {
            size_t ncap = cap * 2;
            char *nd = realloc(data, ncap);
            if (!nd) {
                free(data);
                close(fd);
                return fail(ENOMEM, code, msg, msg_len);
            }
            data = nd;
            cap = ncap;
        }
        ssize_t n = read(fd, data + len, cap - len);
        if (n < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            free(data);
            close(fd);
            return fail(e, code, msg, msg_len);
        }
        if (n == 0) break;
        len += (size_t)n;
    }
    close(fd);
    buf->data = data;
    buf->len = len;
    return 0;
}

void ob_buffer_free(ob_buffer *buf) {
    if (!buf->data) return;
    if (buf->mapped) munmap(buf->data, buf->len);
    else free(buf->data);
    buf->data = NULL;
}
