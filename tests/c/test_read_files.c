/* test_read_files.c - the parallel reader: every file's exact bytes in the
 * order asked, per-path errno for what cannot be read, large files mapped,
 * early release with files still pending, and sizes. Run under TSan too. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "observe.h"
#include "read_uring.h"

#define N_SMALL 300
#define BIG (5u << 20) /* above the mmap threshold */
#define N_EDGE 3       /* files of 64 KiB - 1, 64 KiB and 64 KiB + 1: the scratch size */
#define SCRATCH (64u << 10)

static char root[64];
static char *paths[N_SMALL + 4 + N_EDGE];
#define N_ALL (N_SMALL + 4 + N_EDGE)

static char *join(const char *name) {
    char *p = malloc(strlen(root) + strlen(name) + 2);
    sprintf(p, "%s/%s", root, name);
    return p;
}

/* Content of small file i: i copies of a line naming it, so lengths differ. */
static size_t small_text(int i, char *buf, size_t cap) {
    size_t len = 0;
    for (int k = 0; k < i % 37; k++)
        len += (size_t)snprintf(buf + len, cap - len, "file %d line %d é\n", i, k);
    return len;
}

static void make_files(void) {
    char name[32], text[4096];
    strcpy(root, "/tmp/obread-XXXXXX");
    CHECK(mkdtemp(root) != NULL);
    for (int i = 0; i < N_SMALL; i++) {
        snprintf(name, sizeof name, "f%03d.txt", i);
        paths[i] = join(name);
        FILE *f = fopen(paths[i], "wb");
        CHECK(f != NULL);
        fwrite(text, 1, small_text(i, text, sizeof text), f);
        fclose(f);
    }
    paths[N_SMALL] = join("missing.txt");
    paths[N_SMALL + 1] = join("a-directory");
    mkdir(paths[N_SMALL + 1], 0755);
    paths[N_SMALL + 2] = join("big.bin");
    FILE *f = fopen(paths[N_SMALL + 2], "wb");
    for (unsigned i = 0; i < BIG; i++) fputc((int)(i * 7u % 251u), f);
    fclose(f);
    paths[N_SMALL + 3] = join("f000.txt/below-a-file");
    for (int e = 0; e < N_EDGE; e++) {
        snprintf(name, sizeof name, "edge%d", e);
        paths[N_SMALL + 4 + e] = join(name);
        f = fopen(paths[N_SMALL + 4 + e], "wb");
        for (unsigned i = 0; i < SCRATCH - 1 + (unsigned)e; i++) fputc('a' + (int)(i % 26), f);
        fclose(f);
    }
}

static void check_results(ob_file_data *out) {
    char text[4096];
    for (int i = 0; i < N_SMALL; i++) {
        size_t len = small_text(i, text, sizeof text);
        CHECK_EQ_INT(out[i].err, 0);
        CHECK_EQ_INT(out[i].len, len);
        CHECK(len == 0 || (out[i].data && memcmp(out[i].data, text, len) == 0));
    }
    CHECK_EQ_INT(out[N_SMALL].err, ENOENT);
    CHECK(out[N_SMALL].data == NULL);
    CHECK_EQ_INT(out[N_SMALL + 1].err, EISDIR);
    CHECK_EQ_INT(out[N_SMALL + 2].err, 0);
    CHECK_EQ_INT(out[N_SMALL + 2].len, BIG);
    int same = out[N_SMALL + 2].data != NULL;
    for (unsigned i = 0; same && i < BIG; i++)
        same = (unsigned char)out[N_SMALL + 2].data[i] == i * 7u % 251u;
    CHECK(same);
    CHECK_EQ_INT(out[N_SMALL + 3].err, ENOTDIR);
    for (int e = 0; e < N_EDGE; e++) {
        const ob_file_data *d = &out[N_SMALL + 4 + e];
        CHECK_EQ_INT(d->err, 0);
        CHECK_EQ_INT(d->len, SCRATCH - 1 + (unsigned)e);
        CHECK(d->data && d->data[d->len - 1] == 'a' + (int)((d->len - 1) % 26));
    }
}

static void test_read_paths(int jobs) {
    size_t n = N_ALL;
    ob_file_data *out = calloc(n, sizeof *out);
    CHECK_EQ_INT(ob_read_paths((const char *const *)paths, n, jobs, out), 0);
    check_results(out);
    for (size_t i = 0; i < n; i++) ob_file_data_release(&out[i]);
    free(out);
}

/* Taking a few results, then freeing: pending reads stop, nothing leaks. */
static void test_early_free(void) {
    for (int round = 0; round < 20; round++) {
        ob_reader *r = ob_reader_start((const char *const *)paths, N_SMALL, 3);
        CHECK(r != NULL);
        ob_file_data d;
        ob_reader_take(r, (size_t)round, &d);
        CHECK_EQ_INT(d.err, 0);
        ob_file_data_release(&d);
        ob_reader_free(r);
    }
}

/* The io_uring batch itself: files it reads need no retry (so a silent
 * fallback to plain reads, e.g. on a flag the kernel refuses, shows here);
 * what it cannot do is handed back. */
static void test_uring_batch(void) {
    setenv("OB_IO_URING", "1", 1);
    ob_uring *u = ob_uring_new(8, SCRATCH);
    if (!u) {
        fprintf(stderr, "note: io_uring refused by this kernel; plain reads tested only\n");
        return;
    }
    const char *batch[] = {paths[1], paths[5], paths[N_SMALL], paths[N_SMALL + 1],
                           paths[N_SMALL + 2], paths[N_SMALL + 4], paths[N_SMALL + 5],
                           paths[N_SMALL + 6]};
    const unsigned char want_retry[] = {0, 0, 1, 0, 1, 0, 0, 1};
    ob_file_data out[8];
    unsigned char retry[8];
    for (int round = 0; round < 3; round++) {   /* slots are reused batch after batch */
        ob_uring_read(u, AT_FDCWD, NULL, 0, batch, 8, out, retry);
        char text[4096];
        for (int k = 0; k < 8; k++) CHECK_EQ_INT(retry[k], want_retry[k]);
        CHECK_EQ_INT(out[0].len, small_text(1, text, sizeof text));
        CHECK(out[0].data && memcmp(out[0].data, text, out[0].len) == 0);
        CHECK_EQ_INT(out[1].len, small_text(5, text, sizeof text));
        CHECK(out[1].data && memcmp(out[1].data, text, out[1].len) == 0);
        CHECK_EQ_INT(out[3].err, EISDIR);
        CHECK_EQ_INT(out[5].len, SCRATCH - 1);
        CHECK_EQ_INT(out[6].len, SCRATCH);
        for (int k = 0; k < 8; k++)
            if (!retry[k]) ob_file_data_release(&out[k]);
    }
    ob_uring_free(u);
}

static void test_empty(void) {
    ob_file_data none;
    CHECK_EQ_INT(ob_read_paths(NULL, 0, 0, &none), 0);
    ob_reader_free(ob_reader_start(NULL, 0, 4));
}

static void test_sizes(void) {
    size_t n = N_ALL;
    uint64_t *sizes = calloc(n, sizeof *sizes);
    int *errs = calloc(n, sizeof *errs);
    char text[4096];
    ob_stat_sizes((const char *const *)paths, n, 2, sizes, errs);
    for (int i = 0; i < N_SMALL; i++) CHECK_EQ_INT(sizes[i], small_text(i, text, sizeof text));
    CHECK_EQ_INT(errs[N_SMALL], ENOENT);
    CHECK_EQ_INT(sizes[N_SMALL + 1], 0); /* a directory has no file size */
    CHECK_EQ_INT(errs[N_SMALL + 1], 0);
    CHECK_EQ_INT(sizes[N_SMALL + 2], BIG);
    CHECK_EQ_INT(errs[N_SMALL + 3], ENOTDIR);
    free(sizes);
    free(errs);
}

static void cleanup(void) {
    for (int i = 0; i < N_ALL; i++) {
        if (i == N_SMALL + 1) rmdir(paths[i]);
        else unlink(paths[i]);
        free(paths[i]);
    }
    rmdir(root);
}

int main(void) {
    make_files();
    /* With io_uring batches where the kernel allows it, then plain system calls. */
    for (int uring = 1; uring >= 0; uring--) {
        setenv("OB_IO_URING", uring ? "1" : "0", 1);
        test_read_paths(1);
        test_read_paths(2);
        test_read_paths(8);
    }
    test_early_free();
    test_uring_batch();
    test_empty();
    test_sizes();
    cleanup();
    return CHECK_DONE();
}
