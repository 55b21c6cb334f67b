/* test_analyze_dir.c - a whole tree on the worker pool: sorted output, the
 * same reports whatever the number of threads, and unreadable, binary or
 * looping paths reported without stopping the run. Run it under TSan too. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "observe.h"

static char root[64];

static void write_file(const char *rel, const char *text, size_t len) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) return;
    fwrite(text, 1, len, f);
    fclose(f);
}

static void make_tree(void) {
    char path[512];
    strcpy(root, "/tmp/obdir-XXXXXX");
    CHECK(mkdtemp(root) != NULL);
    const char *dirs[] = {"pkg", "pkg/sub", "node_modules", "build", ".git", "ignored"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
        mkdir(path, 0755);
    }
    char name[64];
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "pkg/m%02d.py", i);
        char src[256];
        int n = snprintf(src, sizeof src, "def f%d(x):\n    if x and %d:\n        return [y for y in x if y]\n", i, i);
        write_file(name, src, (size_t)n);
    }
    write_file("pkg/sub/z.py", "class Z:\n    def m(self):\n        while 1: pass\n", 44);
    write_file("pkg/sub/bin.py", "\x00\x01\x02binary", 9);
    write_file("pkg/sub/bad.py", "def g(:\n  x = '\n", 17);
    write_file("node_modules/n.py", "def skipped(): pass\n", 20);
    write_file("build/b.py", "def skipped(): pass\n", 20);
    write_file(".gitignore", "ignored/\n", 9);
    write_file("ignored/i.py", "def skipped(): pass\n", 20);
    write_file("pkg/unreadable.py", "def u(): pass\n", 14);
    snprintf(path, sizeof path, "%s/pkg/unreadable.py", root);
    chmod(path, 0);
    write_file("notes.txt", "not python\n", 11);
}

static void remove_tree(void) {
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK(system(cmd) == 0);
}

static int same_reports(const ob_dir_report *a, const ob_dir_report *b) {
    if (a->n_files != b->n_files) return 0;
    for (size_t i = 0; i < a->n_files; i++) {
        const ob_file_report *x = a->files[i], *y = b->files[i];
        if (strcmp(x->path, y->path) || x->n_functions != y->n_functions ||
            x->total_cyclomatic != y->total_cyclomatic || x->total_cognitive != y->total_cognitive ||
            x->n_diags != y->n_diags)
            return 0;
    }
    return 1;
}

int main(void) {
    make_tree();
    char err[256];
    ob_dir_options one = {.jobs = 1}, many = {.jobs = 8};
    ob_dir_report *a = ob_analyze_directory(root, &one, err, sizeof err);
    ob_dir_report *b = ob_analyze_directory(root, &many, err, sizeof err);
    CHECK(a && b);
    if (a && b) {
        /* 40 modules + z.py + bin.py + bad.py + unreadable.py; the skipped
         * folders and the .txt file are not there. */
        CHECK_EQ_INT(a->n_files, 44);
        CHECK(same_reports(a, b));
        for (size_t i = 1; i < a->n_files; i++)
            CHECK(strcmp(a->files[i - 1]->path, a->files[i]->path) < 0);
        size_t funcs = 0, diag_files = 0;
        for (size_t i = 0; i < a->n_files; i++) {
            funcs += a->files[i]->n_functions;
            diag_files += a->files[i]->n_diags > 0;
            CHECK(strstr(a->files[i]->path, "skipped") == NULL);
            CHECK(strstr(a->files[i]->path, "node_modules") == NULL);
        }
        int root_user = geteuid() == 0;
        /* root reads the chmod-0 file; everyone else gets a read error. */
        /* bad.py: its def header never closes, so no record (a diagnostic). */
        CHECK_EQ_INT(funcs, 40 + 1 + (root_user ? 1 : 0));
        CHECK_EQ_INT(diag_files, 2 + (root_user ? 0 : 1));
        CHECK_EQ_INT(a->files[0]->functions[0].cyclomatic, 5);
    }
    /* Taken file by file (here from the last to the first), the reports are
     * the same; a stream freed with files not taken stops cleanly. */
    ob_dir_report *s = ob_analyze_directory_start(root, &many, err, sizeof err);
    CHECK(s && a && s->n_files == a->n_files);
    if (s && a && s->n_files == a->n_files) {
        for (size_t i = s->n_files; i-- > 0;) {
            ob_file_report *r = ob_dir_report_take(s, i);
            CHECK(r && strcmp(r->path, a->files[i]->path) == 0 &&
                  r->n_functions == a->files[i]->n_functions &&
                  r->n_diags == a->files[i]->n_diags);
            CHECK(s->files[i] == NULL);
            ob_file_report_free(r);
        }
        CHECK(ob_dir_report_take(s, s->n_files) == NULL);
    }
    ob_dir_report_free(s);
    for (int jobs = 1; jobs <= 4; jobs++) {
        ob_dir_options o = {.jobs = jobs};
        ob_dir_report *early = ob_analyze_directory_start(root, &o, err, sizeof err);
        CHECK(early != NULL);
        if (early) ob_file_report_free(ob_dir_report_take(early, 1));
        ob_dir_report_free(early);
    }
    ob_dir_report_free(a);
    ob_dir_report_free(b);

    ob_dir_options ex = {.jobs = 2, .exclude = (const char *const[]){"pkg/sub/"}, .n_exclude = 1};
    ob_dir_report *c = ob_analyze_directory(root, &ex, err, sizeof err);
    CHECK(c && c->n_files == 41);
    ob_dir_report_free(c);

    ob_dir_report *missing = ob_analyze_directory("/nonexistent/observe", &one, err, sizeof err);
    CHECK(missing == NULL);
    CHECK(strstr(err, "/nonexistent/observe") != NULL);

    ob_file_report *r = ob_analyze_file("/nonexistent/x.py", OB_LANG_PYTHON);
    CHECK(r && r->n_diags == 1 && strcmp(r->diags[0].code, "not-found") == 0);
    ob_file_report_free(r);

    remove_tree();
    return CHECK_DONE();
}
