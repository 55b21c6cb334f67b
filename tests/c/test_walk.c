/*
 * test_walk.c - tests for walk.c (file discovery) and ignore.c (gitignore
 * patterns).
 *
 * Builds throwaway trees under mkdtemp("/tmp/obwalk-XXXXXX") and removes
 * them at the end. The gitignore cases are also checked against git itself
 * (`git ls-files --others --exclude-standard -c`) when git is installed.
 * Options left at zero mean jobs = 0 (one thread per core), so every test
 * also exercises the parallel walk; test_jobs compares 1 and 4 threads.
 */
#include "walk.h"
#include "ignore.h"
#include "check.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static char tmp_root[64];

/* ---- tree building ---------------------------------------------------- */

static void path_join(char *out, size_t cap, const char *a, const char *b)
{
    snprintf(out, cap, "%s/%s", a, b);
}

/* mkdir -p for the directories leading to path's last component. */
static void make_parents(const char *path)
{
    char buf[4096];
    size_t i;
    snprintf(buf, sizeof(buf), "%s", path);
    for (i = 1; buf[i]; i++) {
        if (buf[i] != '/') continue;
        buf[i] = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            fprintf(stderr, "mkdir %s: %s\n", buf, strerror(errno));
        buf[i] = '/';
    }
}

/* Writes `content` to base/rel, creating directories as needed. */
static void put(const char *base, const char *rel, const char *content)
{
    char path[4096];
    FILE *f;
    path_join(path, sizeof(path), base, rel);
    make_parents(path);
    f = fopen(path, "wb");
    if (!f) { fprintf(stderr, "create %s: %s\n", path, strerror(errno)); check_failures++; return; }
    fputs(content, f);
    fclose(f);
}

static void make_link(const char *base, const char *rel, const char *target)
{
    char path[4096];
    path_join(path, sizeof(path), base, rel);
    make_parents(path);
    if (symlink(target, path) != 0) {
        fprintf(stderr, "symlink %s: %s\n", path, strerror(errno));
        check_failures++;
    }
}

static void sub_dir(char *out, size_t cap, const char *name)
{
    path_join(out, cap, tmp_root, name);
    mkdir(out, 0755);
}

/* ---- result checking -------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void check_sorted(const ob_walk_result *r)
{
    size_t i;
    for (i = 1; i < r->n_paths; i++)
        CHECK(strcmp(r->paths[i - 1], r->paths[i]) < 0);
}

/* Checks that r holds exactly root + "/" + expected[i] (sorted already). */
static void check_paths(const char *what, const ob_walk_result *r,
                        const char *root, const char *const *expected, size_t n)
{
    size_t i, j, rl = strlen(root);
    int ok = r->n_paths == n;
    for (i = 0; ok && i < n; i++)
        ok = strncmp(r->paths[i], root, rl) == 0 && r->paths[i][rl] == '/' &&
             strcmp(r->paths[i] + rl + 1, expected[i]) == 0;
    check_sorted(r);
    if (ok) return;
    check_failures++;
    fprintf(stderr, "%s: walk result differs\n  got (%zu):\n", what, r->n_paths);
    for (j = 0; j < r->n_paths; j++) fprintf(stderr, "    [%s]\n", r->paths[j]);
    fprintf(stderr, "  expected (%zu):\n", n);
    for (j = 0; j < n; j++) fprintf(stderr, "    [%s/%s]\n", root, expected[j]);
}

/* Index of the error on root + "/" + rel with `code`, or -1. */
static long find_error(const ob_walk_result *r, const char *root, const char *rel,
                       const char *code)
{
    char path[4096];
    size_t i;
    path_join(path, sizeof(path), root, rel);
    for (i = 0; i < r->n_errors; i++)
        if (strcmp(r->errors[i].path, path) == 0 && strcmp(r->errors[i].code, code) == 0)
            return (long)i;
    return -1;
}

static void dump_errors(const ob_walk_result *r)
{
    size_t i;
    for (i = 0; i < r->n_errors; i++)
        fprintf(stderr, "    error %s: %s (%s)\n", r->errors[i].path,
                r->errors[i].code, r->errors[i].message);
}

/* ---- git as the reference --------------------------------------------- */

static int have_git(void)
{
    return system("git --version >/dev/null 2>&1") == 0;
}

/* Runs a shell command in dir with git isolated from the user's config. */
static int git_in(const char *dir, const char *args)
{
    char cmd[8192];
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && unset GIT_DIR GIT_WORK_TREE XDG_CONFIG_HOME && "
             "HOME='%s' GIT_CONFIG_NOSYSTEM=1 git %s >/dev/null 2>&1",
             dir, tmp_root, args);
    return system(cmd);
}

/* git's view of the files in dir: the sorted output of `git ls-files -z
 * --others --exclude-standard -c extra`. Caller frees each and the array. */
static char **git_files(const char *dir, const char *extra, size_t *n_out)
{
    char cmd[8192], *data = NULL, **list = NULL;
    size_t len = 0, cap = 0, n = 0, i, start = 0;
    FILE *p;
    int c;
    snprintf(cmd, sizeof(cmd),
             "cd '%s' && unset GIT_DIR GIT_WORK_TREE XDG_CONFIG_HOME && "
             "HOME='%s' GIT_CONFIG_NOSYSTEM=1 "
             "git ls-files -z --others --exclude-standard -c %s",
             dir, tmp_root, extra);
    p = popen(cmd, "r");
    if (!p) return NULL;
    while ((c = fgetc(p)) != EOF) {
        if (len + 1 >= cap) { cap = cap ? cap * 2 : 4096; data = realloc(data, cap); }
        data[len++] = (char)c;
    }
    pclose(p);
    for (i = 0; i < len; i++) n += data[i] == '\0';
    list = calloc(n + 1, sizeof(*list));
    for (i = 0, n = 0; i < len; i++) {
        if (data[i] != '\0') continue;
        list[n++] = strdup(data + start);
        start = i + 1;
    }
    free(data);
    qsort(list, n, sizeof(*list), cmp_str);
    *n_out = n;
    return list;
}

/* Compares the walk of dir with git's list for the same tree. */
static void check_against_git(const char *what, const char *dir,
                              const ob_walk_result *r, const char *git_extra)
{
    size_t n = 0, i;
    char **list = git_files(dir, git_extra, &n);
    if (!list) { CHECK(!"git ls-files failed"); return; }
    check_paths(what, r, dir, (const char *const *)list, n);
    for (i = 0; i < n; i++) free(list[i]);
    free(list);
}

/* ---- ignore.c unit tests ---------------------------------------------- */

typedef struct {
    const char *patterns;   /* a whole .gitignore, lines joined by '\n' */
    const char *path;
    int is_dir;
    ob_ignore_result want;
} match_case;

static const match_case match_cases[] = {
    {"*.py", "a/b.py", 0, OB_IGNORE_IGNORED},
    {"*.py", "a/b.pyc", 0, OB_IGNORE_NONE},
    {"/a.py", "a.py", 0, OB_IGNORE_IGNORED},
    {"/a.py", "b/a.py", 0, OB_IGNORE_NONE},
    {"a/b", "a/b", 0, OB_IGNORE_IGNORED},
    {"a/b", "x/a/b", 0, OB_IGNORE_NONE},
    {"a/**", "a", 1, OB_IGNORE_NONE},
    {"a/**", "a/b", 0, OB_IGNORE_IGNORED},
    {"a/**", "a/b/c", 0, OB_IGNORE_IGNORED},
    {"**/x", "x", 0, OB_IGNORE_IGNORED},
    {"**/x", "p/q/x", 1, OB_IGNORE_IGNORED},
    {"**/p/x", "p/x", 0, OB_IGNORE_IGNORED},
    {"**/p/x", "r/p/x", 0, OB_IGNORE_IGNORED},
    {"**/p/x", "r/px", 0, OB_IGNORE_NONE},
    {"a/**/b", "a/b", 0, OB_IGNORE_IGNORED},
    {"a/**/b", "a/x/y/b", 0, OB_IGNORE_IGNORED},
    {"a/**/b", "a/xb", 0, OB_IGNORE_NONE},
    {"a/**/b", "x/a/b", 0, OB_IGNORE_NONE},
    {"a/**/b/**/c", "a/1/b/2/b/3/c", 0, OB_IGNORE_IGNORED},
    {"**", "deep/er/path", 0, OB_IGNORE_IGNORED},
    {"***/x", "p/q/x", 0, OB_IGNORE_IGNORED},
    {"a/***", "a/b/c", 0, OB_IGNORE_IGNORED},
    {"a/***", "a", 1, OB_IGNORE_NONE},
    /* git's literal-head quirk: stars right after the head cross '/'. */
    {"a**/x", "ax", 0, OB_IGNORE_IGNORED},
    {"a**/x", "a/b/c/x", 0, OB_IGNORE_IGNORED},
    {"a**/x", "abc/x", 0, OB_IGNORE_IGNORED},
    {"a**/x", "a", 1, OB_IGNORE_NONE},
    {"src/foo**", "src/foo/bar/baz", 0, OB_IGNORE_IGNORED},
    {"src/foo**", "src/fo", 0, OB_IGNORE_NONE},
    {"src/**", "src", 1, OB_IGNORE_NONE},
    {"a**b", "axxb", 0, OB_IGNORE_IGNORED},
    {"a/**b", "a/x/b", 0, OB_IGNORE_NONE},
    {"a*/b", "abc/b", 0, OB_IGNORE_IGNORED},
    {"a*/b", "a/c/b", 0, OB_IGNORE_NONE},
    {"foo/", "foo", 0, OB_IGNORE_NONE},
    {"foo/", "foo", 1, OB_IGNORE_IGNORED},
    {"foo/", "x/foo", 1, OB_IGNORE_IGNORED},
    {"x\n!x", "x", 0, OB_IGNORE_INCLUDED},
    {"!x\nx", "x", 0, OB_IGNORE_IGNORED},
    {"*\n!*/", "d", 1, OB_IGNORE_INCLUDED},
    {"*\n!*/", "f", 0, OB_IGNORE_IGNORED},
    {"#a", "#a", 0, OB_IGNORE_NONE},
    {"\\#a", "#a", 0, OB_IGNORE_IGNORED},
    {"\\!a", "!a", 0, OB_IGNORE_IGNORED},
    {"a  ", "a", 0, OB_IGNORE_IGNORED},
    {"a\\ ", "a ", 0, OB_IGNORE_IGNORED},
    {"a\\ ", "a", 0, OB_IGNORE_NONE},
    {"a\r", "a", 0, OB_IGNORE_IGNORED},
    {"?", "ab", 0, OB_IGNORE_NONE},
    {"a?c", "abc", 0, OB_IGNORE_IGNORED},
    {"[a-c]x", "bx", 0, OB_IGNORE_IGNORED},
    {"[!a-c]x", "bx", 0, OB_IGNORE_NONE},
    {"[^a-c]x", "dx", 0, OB_IGNORE_IGNORED},
    {"[]]", "]", 0, OB_IGNORE_IGNORED},
    {"[[:digit:]]*", "7up", 0, OB_IGNORE_IGNORED},
    {"[[:upper:]]*", "abc", 0, OB_IGNORE_NONE},
    {"[[:bogus:]]", "b", 0, OB_IGNORE_NONE},
    {"[", "[", 0, OB_IGNORE_NONE},
    {"a\\", "a", 0, OB_IGNORE_NONE},
    {"lit\\*", "lit*", 0, OB_IGNORE_IGNORED},
    {"lit\\*", "litx", 0, OB_IGNORE_NONE},
    {"a\\/b", "a/b", 0, OB_IGNORE_IGNORED},
    {"a\\/b**/f", "a/bx/f", 0, OB_IGNORE_IGNORED},
    {"a\\/b**/f", "a/bx/y/f", 0, OB_IGNORE_NONE},
    {"x/[!/]", "x/a", 0, OB_IGNORE_IGNORED},
    {"x/[!/]", "x/bb", 0, OB_IGNORE_NONE},
    {"[^/]", "a", 0, OB_IGNORE_IGNORED},
    {"[^/]", "x/a", 0, OB_IGNORE_NONE},
    {"x/[a/]b", "x/ab", 0, OB_IGNORE_IGNORED},
    {"[c-a]", "c", 0, OB_IGNORE_IGNORED},
    {"[c-a]", "b", 0, OB_IGNORE_NONE},
    {"\xEF\xBB\xBF" "bom", "bom", 0, OB_IGNORE_IGNORED},
    {"", "a", 0, OB_IGNORE_NONE},
    {"/", "a", 1, OB_IGNORE_NONE},
    {"!", "a", 0, OB_IGNORE_NONE},
};

static void test_ignore_patterns(void)
{
    size_t i;
    for (i = 0; i < N_OF(match_cases); i++) {
        const match_case *c = &match_cases[i];
        ob_ignore_list *l = ob_ignore_new();
        ob_ignore_result got;
        CHECK(l != NULL);
        if (!l) return;
        CHECK_EQ_INT(ob_ignore_add_buffer(l, c->patterns, strlen(c->patterns)), 0);
        got = ob_ignore_match(l, c->path, c->is_dir);
        if (got != c->want) {
            fprintf(stderr, "pattern \"%s\" path \"%s\" dir=%d: got %d, want %d\n",
                    c->patterns, c->path, c->is_dir, (int)got, (int)c->want);
            check_failures++;
        }
        ob_ignore_free(l);
    }
}

static void test_ignore_misc(void)
{
    static const char text[] = "# comment\n\n   \n*.o\r\n!keep.o\nbuild/\n";
    ob_ignore_list *l = ob_ignore_new();
    char name[300];
    clock_t t0;
    CHECK_EQ_INT(ob_ignore_add_buffer(l, text, sizeof(text) - 1), 0);
    CHECK_EQ_INT(ob_ignore_count(l), 3);
    CHECK_EQ_INT(ob_ignore_match(l, "x/y.o", 0), OB_IGNORE_IGNORED);
    CHECK_EQ_INT(ob_ignore_match(l, "keep.o", 0), OB_IGNORE_INCLUDED);
    CHECK_EQ_INT(ob_ignore_match(l, "build", 1), OB_IGNORE_IGNORED);
    CHECK_EQ_INT(ob_ignore_count(NULL), 0);
    ob_ignore_free(l);
    ob_ignore_free(NULL);

    /* A user exclude is taken as given, like git's --exclude. */
    l = ob_ignore_new();
    CHECK_EQ_INT(ob_ignore_add_exclude(l, "#c", 2), 0);
    CHECK_EQ_INT(ob_ignore_add_exclude(l, "a ", 2), 0);
    CHECK_EQ_INT(ob_ignore_count(l), 2);
    CHECK_EQ_INT(ob_ignore_match(l, "#c", 0), OB_IGNORE_IGNORED);
    CHECK_EQ_INT(ob_ignore_match(l, "a ", 0), OB_IGNORE_IGNORED);
    CHECK_EQ_INT(ob_ignore_match(l, "a", 0), OB_IGNORE_NONE);
    ob_ignore_free(l);

    /* A pattern that makes a backtracking matcher take exponential time. */
    l = ob_ignore_new();
    CHECK_EQ_INT(ob_ignore_add_pattern(l, "*a*a*a*a*a*a*a*a*a*a*a*a*b", 26), 0);
    CHECK_EQ_INT(ob_ignore_add_pattern(l, "**/**/**/**/**/**/**/**/z", 25), 0);
    memset(name, 'a', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    for (size_t i = 1; i < sizeof(name) - 1; i += 2) name[i] = '/';
    t0 = clock();
    CHECK_EQ_INT(ob_ignore_match(l, name, 0), OB_IGNORE_NONE);
    memset(name, 'a', sizeof(name) - 1);
    CHECK_EQ_INT(ob_ignore_match(l, name, 0), OB_IGNORE_NONE);
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
    ob_ignore_free(l);

    l = ob_ignore_new();
    CHECK_EQ_INT(ob_ignore_load_file(l, "/nonexistent/.gitignore"), -1);
    CHECK_EQ_INT(errno, ENOENT);
    CHECK_EQ_INT(ob_ignore_count(l), 0);
    ob_ignore_free(l);
}

/* ---- walk tests --------------------------------------------------------- */

static const char root_gitignore[] =
    "# a comment line\n"
    "*.log\n"
    "!keep.log\n"
    "/anchored.txt\n"
    "docs/\n"
    "\\#hash.txt\n"
    "\\!bang.txt\n"
    "trailing.txt   \n"
    "escspace.txt\\ \n"
    "**/gen/**\n"
    "a/**/deep.txt\n"
    "**/leading/x.txt\n"
    "excl_dir/\n"
    "!excl_dir/reinc.txt\n"
    "foo/**\n"
    "!foo/keep.txt\n"
    "[abc]x.txt\n"
    "q?.txt\n"
    "*.tmp\n"
    "!important.tmp\n"
    "onlydir/\n"
    "mid/*/leaf.txt\n"
    "[[:digit:]]num.txt\n"
    "[!a]neg.txt\n"
    "r[0-3].txt\n"
    "lit\\*.txt\n";

static const char *const gitignore_files[] = {
    "keep.log", "other.log", "sub/other.log", "sub/x/deep.log",
    "anchored.txt", "sub/anchored.txt",
    "docs/a.txt", "sub/docs/b.txt", "file_docs/docs",
    "#hash.txt", "!bang.txt", "hash.txt", "bang.txt",
    "trailing.txt", "escspace.txt ", "escspace.txt",
    "gen/z.py", "x/gen/y.py", "x/gen/deeper/w.py", "gen.py",
    "a/deep.txt", "a/b/c/deep.txt", "b/deep.txt", "a/shallow.txt",
    "leading/x.txt", "p/q/leading/x.txt", "leading/y.txt",
    "excl_dir/reinc.txt", "excl_dir/other.txt",
    "foo/keep.txt", "foo/drop.txt", "foo/sub/drop2.txt",
    "ax.txt", "bx.txt", "dx.txt", "q1.txt", "q12.txt",
    "a.tmp", "important.tmp", "sub/c.tmp", "sub/x/c.tmp",
    "onlydir", "z/onlydir/f.txt",
    "mid/m1/leaf.txt", "mid/m1/m2/leaf.txt", "mid/leaf.txt",
    "1num.txt", "anum.txt", "bneg.txt", "aneg.txt", "r2.txt", "r5.txt",
    "lit*.txt", "litx.txt",
    "info_excluded.txt", "sub/info_excluded.txt",
    "local.txt", "sub/local.txt", "sub/x/local.txt",
    "sub/only_here.txt", "sub/x/only_here.txt", "sub/nested/n.txt",
    "sub/x/crlf.txt", "onlyfiles/a.txt", "onlyfiles/d/b.keep",
    "onlyfiles/d/c.txt",
};

static void build_gitignore_tree(const char *g)
{
    size_t i;
    for (i = 0; i < N_OF(gitignore_files); i++) put(g, gitignore_files[i], "x\n");
    put(g, ".gitignore", root_gitignore);
    put(g, "sub/.gitignore", "!other.log\nlocal.txt\n/only_here.txt\nnested/\n");
    put(g, "sub/x/.gitignore", "!local.txt\n!*.tmp\ncrlf.txt\r\n");
    put(g, "onlyfiles/.gitignore", "*\n!*/\n!*.keep\n");
    put(g, ".git/info/exclude", "info_excluded.txt\n");
}

static void test_gitignore(int git)
{
    /* What git lists for that tree (also checked against git itself). */
    static const char *const expected[] = {
        ".gitignore", "a/shallow.txt", "aneg.txt", "anum.txt", "b/deep.txt",
        "bang.txt", "dx.txt", "escspace.txt", "file_docs/docs", "foo/keep.txt",
        "gen.py", "hash.txt", "important.tmp", "keep.log", "leading/y.txt",
        "litx.txt", "local.txt", "mid/leaf.txt", "mid/m1/m2/leaf.txt",
        "onlydir", "onlyfiles/d/b.keep", "q12.txt", "r5.txt",
        "sub/.gitignore", "sub/anchored.txt", "sub/other.log",
        "sub/x/.gitignore", "sub/x/c.tmp", "sub/x/local.txt",
        "sub/x/only_here.txt",
    };
    ob_walk_options opt = {0};
    ob_walk_result r = {0};
    char g[256];
    sub_dir(g, sizeof(g), "g");
    if (git) CHECK_EQ_INT(git_in(g, "init -q"), 0);
    build_gitignore_tree(g);

    opt.respect_gitignore = 1;
    CHECK_EQ_INT(ob_walk(g, &opt, &r), 0);
    CHECK_EQ_INT(r.n_errors, 0);
    check_paths("gitignore", &r, g, expected, N_OF(expected));
    if (git) check_against_git("gitignore vs git", g, &r, "");
    ob_walk_result_free(&r);
    CHECK(r.paths == NULL && r.n_paths == 0);

    /* Without respect_gitignore every file is listed, .git included. */
    CHECK_EQ_INT(ob_walk(g, &(ob_walk_options){0}, &r), 0);
    CHECK(r.n_paths > N_OF(gitignore_files) + 4);
    ob_walk_result_free(&r);

    /* A root that is a file is returned whatever the rules say. */
    {
        char f[300];
        const char *ext[] = {".py"};
        opt.extensions = ext;
        opt.n_extensions = 1;
        path_join(f, sizeof(f), g, "other.log");
        CHECK_EQ_INT(ob_walk(f, &opt, &r), 0);
        CHECK_EQ_INT(r.n_paths, 1);
        if (r.n_paths == 1) CHECK_EQ_STR(r.paths[0], f);
        ob_walk_result_free(&r);
    }
}

static void test_user_excludes(int git)
{
    static const char *const files[] = {
        "tests/t.py", "pkg/tests/t2.py", "pkg/tests.py", "m_pb2.py",
        "pkg/n_pb2.py", "keep_pb2.py", "x/generated/g.py", "generated/h.py",
        "generated.py", "docs/d.py", "pkg/docs/e.py", "a.py",
        "ignored_by_git.py", "also_ignored.py",
    };
    static const char *const excludes[] = {
        "tests/", "*_pb2.py", "!keep_pb2.py", "**/generated/**", "/docs",
        "!ignored_by_git.py",
    };
    static const char *const expected[] = {
        ".gitignore", "a.py", "generated.py", "ignored_by_git.py",
        "keep_pb2.py", "pkg/docs/e.py", "pkg/tests.py",
    };
    ob_walk_options opt = {0};
    ob_walk_result r = {0};
    char e[256];
    size_t i;
    sub_dir(e, sizeof(e), "e");
    if (git) CHECK_EQ_INT(git_in(e, "init -q"), 0);
    for (i = 0; i < N_OF(files); i++) put(e, files[i], "pass\n");
    put(e, ".gitignore", "ignored_by_git.py\nalso_ignored.py\n");
    opt.respect_gitignore = 1;
    opt.exclude = excludes;
    opt.n_exclude = N_OF(excludes);
    CHECK_EQ_INT(ob_walk(e, &opt, &r), 0);
    check_paths("user excludes", &r, e, expected, N_OF(expected));
    if (git)
        check_against_git("user excludes vs git", e, &r,
                          "--exclude='tests/' --exclude='*_pb2.py' "
                          "--exclude='!keep_pb2.py' --exclude='**/generated/**' "
                          "--exclude='/docs' --exclude='!ignored_by_git.py'");
    ob_walk_result_free(&r);
}

static void test_default_excludes(void)
{
    static const char *const files[] = {
        "a.py", ".git/x.py", ".hg/x.py", ".svn/x.py", "__pycache__/x.py",
        "node_modules/x.py", "build/x.py", "dist/x.py", "foo.egg-info/x.py",
        "site-packages/x.py", "dist-packages/x.py", ".venv/x.py", "venv/x.py",
        ".tox/x.py", ".nox/x.py", ".mypy_cache/x.py", ".pytest_cache/x.py",
        ".ruff_cache/x.py", ".eggs/x.py", "myvenv/pyvenv.cfg", "myvenv/lib/x.py",
        "pkg/b.py", "pkg/build/x.py", "pkg/s.pyi", "buildx/c.py",
        "egg-info/e.py", "README.md",
    };
    static const char *const with_defaults[] = {
        "README.md", "a.py", "buildx/c.py", "egg-info/e.py", "pkg/b.py", "pkg/s.pyi",
        "venv/x.py",   /* a folder named venv is a venv only with pyvenv.cfg (stdlib has one) */
    };
    static const char *const py_only[] = {
        "a.py", "buildx/c.py", "egg-info/e.py", "pkg/b.py", "venv/x.py",
    };
    static const char *const cfg_pyi[] = { "myvenv/pyvenv.cfg", "pkg/s.pyi" };
    static const char *const build_root[] = { "x.py" };
    static const char *const venv_root[] = { "lib/x.py", "pyvenv.cfg" };
    const char *ext_py[] = {".py"};
    const char *ext_cfg_pyi[] = {".pyi", ".cfg"};
    ob_walk_options opt = {0};
    ob_walk_result r = {0};
    char d[256], sub[300];
    size_t i;
    sub_dir(d, sizeof(d), "d");
    for (i = 0; i < N_OF(files); i++) put(d, files[i], "pass\n");

    opt.default_excludes = 1;
    CHECK_EQ_INT(ob_walk(d, &opt, &r), 0);
    check_paths("default excludes", &r, d, with_defaults, N_OF(with_defaults));
    ob_walk_result_free(&r);

    opt.extensions = ext_py;
    opt.n_extensions = 1;
    CHECK_EQ_INT(ob_walk(d, &opt, &r), 0);
    check_paths("default excludes, .py", &r, d, py_only, N_OF(py_only));
    ob_walk_result_free(&r);

    opt.default_excludes = 0;
    CHECK_EQ_INT(ob_walk(d, &opt, &r), 0);
    CHECK_EQ_INT(r.n_paths, N_OF(files) - 3);   /* not pyvenv.cfg, s.pyi, README */
    check_sorted(&r);
    ob_walk_result_free(&r);

    opt.extensions = ext_cfg_pyi;
    opt.n_extensions = 2;
    CHECK_EQ_INT(ob_walk(d, &opt, &r), 0);
    check_paths("extensions .pyi .cfg", &r, d, cfg_pyi, N_OF(cfg_pyi));
    ob_walk_result_free(&r);

    /* The root is never excluded, whatever its name or content. */
    opt.default_excludes = 1;
    opt.n_extensions = 0;
    path_join(sub, sizeof(sub), d, "build");
    CHECK_EQ_INT(ob_walk(sub, &opt, &r), 0);
    check_paths("build as root", &r, sub, build_root, N_OF(build_root));
    ob_walk_result_free(&r);
    path_join(sub, sizeof(sub), d, "myvenv");
    CHECK_EQ_INT(ob_walk(sub, &opt, &r), 0);
    check_paths("venv as root", &r, sub, venv_root, N_OF(venv_root));
    ob_walk_result_free(&r);
}

static void test_root_forms(void)
{
    ob_walk_options opt = {0};
    ob_walk_result r = {0};
    char d[256], path[300], cwd[4096];
    sub_dir(d, sizeof(d), "rf");
    put(d, "a.py", "");
    put(d, "sub/b.py", "");

    /* Trailing slash: no double slash in the results. */
    snprintf(path, sizeof(path), "%s/", d);
    CHECK_EQ_INT(ob_walk(path, &opt, &r), 0);
    CHECK_EQ_INT(r.n_paths, 2);
    if (r.n_paths == 2) {
        snprintf(path, sizeof(path), "%s/a.py", d);
        CHECK_EQ_STR(r.paths[0], path);
        snprintf(path, sizeof(path), "%s/sub/b.py", d);
        CHECK_EQ_STR(r.paths[1], path);
    }
    ob_walk_result_free(&r);

    /* "." gives "./a.py". */
    CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
    CHECK_EQ_INT(chdir(d), 0);
    CHECK_EQ_INT(ob_walk(".", &opt, &r), 0);
    CHECK_EQ_INT(r.n_paths, 2);
    if (r.n_paths == 2) {
        CHECK_EQ_STR(r.paths[0], "./a.py");
        CHECK_EQ_STR(r.paths[1], "./sub/b.py");
    }
    ob_walk_result_free(&r);
    CHECK_EQ_INT(chdir(cwd), 0);

    /* A missing root, and a path through a file. */
    path_join(path, sizeof(path), d, "missing");
    CHECK_EQ_INT(ob_walk(path, &opt, &r), -1);
    CHECK_EQ_INT(r.n_paths, 0);
    CHECK_EQ_INT(r.n_errors, 1);
    if (r.n_errors == 1) {
        CHECK_EQ_STR(r.errors[0].code, "not-found");
        CHECK_EQ_STR(r.errors[0].path, path);
        CHECK(r.errors[0].message && r.errors[0].message[0]);
    }
    ob_walk_result_free(&r);
    path_join(path, sizeof(path), d, "a.py/x");
    CHECK_EQ_INT(ob_walk(path, &opt, &r), -1);
    CHECK(r.n_errors == 1 && strcmp(r.errors[0].code, "not-found") == 0);
    ob_walk_result_free(&r);
    CHECK_EQ_INT(ob_walk("", &opt, &r), -1);
    ob_walk_result_free(&r);
    CHECK_EQ_INT(ob_walk("/dev/null", &opt, &r), -1);
    CHECK(r.n_errors == 1 && strcmp(r.errors[0].code, "not-a-directory") == 0);
    ob_walk_result_free(&r);

    /* An empty directory; NULL options mean all zero. */
    path_join(path, sizeof(path), d, "empty");
    mkdir(path, 0755);
    CHECK_EQ_INT(ob_walk(path, NULL, &r), 0);
    CHECK_EQ_INT(r.n_paths, 0);
    CHECK_EQ_INT(r.n_errors, 0);
    ob_walk_result_free(&r);
    ob_walk_result_free(NULL);
}

static void test_symlinks(void)
{
    static const char *const no_follow[] = { "real/a.py" };
    static const char *const follow[] = {
        "filelink.py", "link_to_real/a.py", "real/a.py",
    };
    ob_walk_options opt = {0};
    ob_walk_result r = {0};
    char s[256];
    sub_dir(s, sizeof(s), "s");
    put(s, "real/a.py", "");
    make_link(s, "real/loop", "..");
    make_link(s, "link_to_real", "real");
    make_link(s, "filelink.py", "real/a.py");
    make_link(s, "broken.py", "nonexistent");
    make_link(s, "self", "self");

    CHECK_EQ_INT(ob_walk(s, &opt, &r), 0);
    check_paths("symlinks not followed", &r, s, no_follow, N_OF(no_follow));
    CHECK_EQ_INT(r.n_errors, 0);
    ob_walk_result_free(&r);

    opt.follow_symlinks = 1;
    CHECK_EQ_INT(ob_walk(s, &opt, &r), 0);
    check_paths("symlinks followed", &r, s, follow, N_OF(follow));
    CHECK_EQ_INT(r.n_errors, 4);
    CHECK(find_error(&r, s, "broken.py", "broken-symlink") >= 0);
    CHECK(find_error(&r, s, "self", "symlink-loop") >= 0);
    CHECK(find_error(&r, s, "real/loop", "symlink-loop") >= 0);
    CHECK(find_error(&r, s, "link_to_real/loop", "symlink-loop") >= 0);
    if (r.n_errors != 4) dump_errors(&r);
    ob_walk_result_free(&r);

    /* An ignored broken link is not an error. */
    {
        const char *ex[] = {"broken.py", "self"};
        opt.exclude = ex;
        opt.n_exclude = 2;
        CHECK_EQ_INT(ob_walk(s, &opt, &r), 0);
        CHECK_EQ_INT(r.n_errors, 2);
        ob_walk_result_free(&r);
    }
}

static void test_unreadable(void)
{
    static const char *const readable[] = { "ok.py" };
    ob_walk_options opt = {0};
    ob_walk_result r = {0};
    char p[256], locked[300];
    int enforced;
    sub_dir(p, sizeof(p), "p");
    put(p, "ok.py", "");
    put(p, "locked/secret.py", "");
    path_join(locked, sizeof(locked), p, "locked");
    CHECK_EQ_INT(chmod(locked, 0), 0);
    enforced = geteuid() != 0 && access(locked, R_OK) != 0;

    CHECK_EQ_INT(ob_walk(p, &opt, &r), 0);
    if (enforced) {
        check_paths("unreadable dir", &r, p, readable, N_OF(readable));
        CHECK_EQ_INT(r.n_errors, 1);
        CHECK(find_error(&r, p, "locked", "permission-denied") >= 0);
    } else {
        CHECK(r.n_paths >= 1);       /* root: permissions not enforced */
    }
    ob_walk_result_free(&r);

    /* An unreadable root is a failure of the whole walk. */
    CHECK_EQ_INT(ob_walk(locked, &opt, &r), enforced ? -1 : 0);
    if (enforced) CHECK(r.n_errors == 1 && strcmp(r.errors[0].code, "permission-denied") == 0);
    ob_walk_result_free(&r);
    chmod(locked, 0755);
}

/* Nesting far deeper than any real tree: the walk is not recursive. */
static void test_deep_nesting(void)
{
    ob_walk_options opt = {0};
    ob_walk_result r = {0};
    char path[4096], d[256];
    size_t len, i;
    sub_dir(d, sizeof(d), "deep");
    len = (size_t)snprintf(path, sizeof(path), "%s", d);
    for (i = 0; i < 1000 && len + 3 < 3000; i++) {
        path[len++] = '/';
        path[len++] = 'n';
        path[len] = '\0';
        mkdir(path, 0755);
    }
    put(path, "leaf.py", "");
    CHECK_EQ_INT(ob_walk(d, &opt, &r), 0);
    CHECK_EQ_INT(r.n_paths, 1);
    CHECK_EQ_INT(r.n_errors, 0);
    ob_walk_result_free(&r);
}

/* Include patterns: the last one matching a file decides; a negation drops;
 * directories are never pruned; they apply on top of extensions. */
static void test_patterns(void)
{
    static const char *const files[] = {
        "a.kt", "Main.swift", "notes.txt", "app/src/main/A.kt",
        "app/src/main/B.java", "app/src/test/ATest.kt", "src/Top.java",
        "src/test/T.java", "src/x/Deep.java", "ios/V.swift", "a/b/deep/d.kt",
    };
    static const char *const kt[] = {
        "a.kt", "a/b/deep/d.kt", "app/src/main/A.kt", "app/src/test/ATest.kt",
    };
    static const char *const swift[] = { "Main.swift", "ios/V.swift" };
    static const char *const src_java[] = {
        "src/Top.java", "src/test/T.java", "src/x/Deep.java",
    };
    static const char *const java_no_test[] = {
        "app/src/main/B.java", "src/Top.java", "src/x/Deep.java",
    };
    static const char *const deep[] = { "a/b/deep/d.kt" };
    static const char *const p_kt[] = { "**/*.kt" };
    static const char *const p_swift[] = { "*.swift" };
    static const char *const p_src_java[] = { "src/**/*.java" };
    static const char *const p_no_test[] = { "**/*.java", "!**/test/**" };
    static const char *const p_not_kt[] = { "!*.kt" };
    static const char *const p_dir[] = { "src/", "" };
    static const char *const p_deep[] = { "**/deep/*" };
    static const char *const p_src[] = { "src/**", NULL };
    static const struct {
        const char *const *patterns;
        size_t n_patterns;
        const char *const *expected;
        size_t n_expected;
    } cases[] = {
        { p_kt, N_OF(p_kt), kt, N_OF(kt) },
        { p_swift, N_OF(p_swift), swift, N_OF(swift) },
        { p_src_java, N_OF(p_src_java), src_java, N_OF(src_java) },
        { p_no_test, N_OF(p_no_test), java_no_test, N_OF(java_no_test) },
        { p_not_kt, N_OF(p_not_kt), NULL, 0 },     /* only a negation: nothing */
        { p_dir, N_OF(p_dir), NULL, 0 },           /* no pattern can match a file */
        { p_deep, N_OF(p_deep), deep, N_OF(deep) },
        { NULL, 0, files, N_OF(files) },           /* none: every file (sorted below) */
    };
    const char *ext_java[] = {".java"};
    const char *sorted[N_OF(files)];
    ob_walk_options opt = {0};
    ob_walk_result r = {0};
    char d[256];
    size_t i;
    sub_dir(d, sizeof(d), "patterns");
    for (i = 0; i < N_OF(files); i++) put(d, files[i], "");
    memcpy(sorted, files, sizeof(files));
    qsort(sorted, N_OF(sorted), sizeof(sorted[0]), cmp_str);
    for (i = 0; i < N_OF(cases); i++) {
        opt.patterns = cases[i].patterns;
        opt.n_patterns = cases[i].n_patterns;
        CHECK_EQ_INT(ob_walk(d, &opt, &r), 0);
        CHECK_EQ_INT(r.n_errors, 0);
        check_paths("patterns", &r, d, cases[i].patterns ? cases[i].expected : sorted,
                    cases[i].n_expected);
        ob_walk_result_free(&r);
    }
    /* On top of extensions; NULL entries are skipped. */
    opt.patterns = p_src;
    opt.n_patterns = N_OF(p_src);
    opt.extensions = ext_java;
    opt.n_extensions = 1;
    CHECK_EQ_INT(ob_walk(d, &opt, &r), 0);
    check_paths("patterns and extensions", &r, d, src_java, N_OF(src_java));
    ob_walk_result_free(&r);
}

/* Two results are the same, byte for byte, errors included. */
static int same_result(const ob_walk_result *a, const ob_walk_result *b)
{
    size_t i;
    if (a->n_paths != b->n_paths || a->n_errors != b->n_errors) return 0;
    for (i = 0; i < a->n_paths; i++)
        if (strcmp(a->paths[i], b->paths[i]) != 0) return 0;
    for (i = 0; i < a->n_errors; i++)
        if (strcmp(a->errors[i].path, b->errors[i].path) != 0 ||
            strcmp(a->errors[i].code, b->errors[i].code) != 0 ||
            strcmp(a->errors[i].message, b->errors[i].message) != 0)
            return 0;
    return 1;
}

/* A generated tree, walked on 1 thread and on 4 several times (and on 2,
 * 64 and "all cores"): the same result every time, whatever thread read
 * which directory. Broken links and loops give errors to order. */
static void test_jobs(void)
{
    static const int jobs[] = { 4, 4, 4, 4, 4, 2, 0, 64 };
    ob_walk_options opt = {0};
    ob_walk_result one = {0}, many = {0};
    char d[256], rel[128];
    int i, j, k, follow;
    size_t run;
    sub_dir(d, sizeof(d), "jobs");
    for (i = 0; i < 24; i++) {
        for (j = 0; j < 5; j++) {
            for (k = 0; k < 8; k++) {
                snprintf(rel, sizeof(rel), "m%02d/f%d/File%02d%s", i, j, k,
                         k % 3 ? ".kt" : ".swift");
                put(d, rel, "");
            }
            snprintf(rel, sizeof(rel), "m%02d/f%d/broken.kt", i, j);
            make_link(d, rel, "nowhere");
        }
        snprintf(rel, sizeof(rel), "m%02d/loop", i);
        make_link(d, rel, "..");
        snprintf(rel, sizeof(rel), "m%02d/a-b.kt", i);   /* sorts before "m00/f..." */
        put(d, rel, "");
        snprintf(rel, sizeof(rel), "m%02d0.kt", i);      /* after "m00/..." */
        put(d, rel, "");
    }
    put(d, ".gitignore", "m03/\n*5.kt\n");
    put(d, "m04/.gitignore", "!File05.kt\n");
    opt.respect_gitignore = 1;
    for (follow = 0; follow <= 1; follow++) {
        opt.follow_symlinks = follow;
        opt.jobs = 1;
        CHECK_EQ_INT(ob_walk(d, &opt, &one), 0);
        CHECK_EQ_INT(one.n_paths, 23 * 5 * 8 - 22 * 5 + 23 + 24 + 2);  /* + .gitignores */
        CHECK_EQ_INT(one.n_errors, follow ? 23 * 6 : 0);
        check_sorted(&one);
        for (run = 0; run < N_OF(jobs); run++) {
            opt.jobs = jobs[run];
            CHECK_EQ_INT(ob_walk(d, &opt, &many), 0);
            if (!same_result(&one, &many)) {
                fprintf(stderr, "jobs=%d differs from jobs=1 (follow=%d)\n", jobs[run], follow);
                check_failures++;
            }
            ob_walk_result_free(&many);
        }
        ob_walk_result_free(&one);
    }
}

/* Many files: the output is sorted bytewise. */
static void test_sorted(void)
{
    ob_walk_options opt = {0};
    ob_walk_result r = {0};
    char d[256], rel[64];
    int i;
    sub_dir(d, sizeof(d), "many");
    for (i = 0; i < 300; i++) {
        snprintf(rel, sizeof(rel), "%c/%d%s", 'a' + i % 7, (i * 7919) % 1000,
                 i % 3 ? ".py" : "_x.py");
        put(d, rel, "");
    }
    put(d, "a.py", "");
    put(d, "a-b.py", "");
    put(d, "A.py", "");
    CHECK_EQ_INT(ob_walk(d, &opt, &r), 0);
    CHECK_EQ_INT(r.n_paths, 303);
    check_sorted(&r);
    ob_walk_result_free(&r);
}

int main(void)
{
    char cmd[128];
    int git;
    snprintf(tmp_root, sizeof(tmp_root), "/tmp/obwalk-XXXXXX");
    if (!mkdtemp(tmp_root)) { perror("mkdtemp"); return 1; }
    git = have_git();
    if (!git) fprintf(stderr, "test_walk: git not found, skipping git comparisons\n");

    test_ignore_patterns();
    test_ignore_misc();
    test_gitignore(git);
    test_user_excludes(git);
    test_default_excludes();
    test_root_forms();
    test_symlinks();
    test_unreadable();
    test_deep_nesting();
    test_sorted();
    test_patterns();
    test_jobs();

    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp_root);
    return CHECK_DONE();
}
