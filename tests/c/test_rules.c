/*
 * test_rules.c - the rule engine and its region scanner against the
 * hand-checked cases of tests/test_rules.py, plus what only C can hit: a
 * backtracking bound, deep nesting, and empty matches.
 */
#include "check.h"
#include "arena.h"
#include "rule_regions.h"
#include "rule_files.h"
#include "rule_gate.h"
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* "text|kind;text|kind" of a source's spans (kind s or c), for comparing. */
static const char *spans_of(const char *src, ob_lang lang) {
    static char out[4096];
    ob_arena *a = ob_arena_new();
    ob_region_span *sp;
    size_t n, k = 0;
    out[0] = '\0';
    if (ob_regions(src, strlen(src), lang, a, &sp, &n) == 0) {
        for (size_t i = 0; i < n && k + 8 < sizeof out; i++) {
            size_t len = sp[i].end - sp[i].start;
            if (k + len + 4 >= sizeof out) break;
            if (i) out[k++] = ';';
            memcpy(out + k, src + sp[i].start, len);
            k += len;
            out[k++] = '|';
            out[k++] = sp[i].kind == OB_REGION_STRINGS ? 's' : 'c';
        }
        out[k] = '\0';
    }
    ob_arena_free(a);
    return out;
}

static void test_regions(void) {
    CHECK_EQ_STR(spans_of("val a = \"x${f(\"y\") + 1}z\" // c\n/* a /* b */ c */ d = '\"'",
                          OB_LANG_KOTLIN),
                 "\"x${f(\"y\") + 1}z\"|s;// c|c;/* a /* b */ c */|c;'\"'|s");
    CHECK_EQ_STR(spans_of("let s = \"a\\(x ? \"1\" : \"2\")b\"; let r = #\"raw \\(no) \"q\" \"#",
                          OB_LANG_SWIFT),
                 "\"a\\(x ? \"1\" : \"2\")b\"|s;#\"raw \\(no) \"q\" \"#|s");
    CHECK_EQ_STR(spans_of("const t = `a ${`b ${c}`} d`; x = \"open\ny = 'ok' // z",
                          OB_LANG_JAVASCRIPT),
                 "`a ${`b ${c}`} d`|s;\"open|s;'ok'|s;// z|c");
    CHECK_EQ_STR(spans_of("s = \"a\\\"b\" # c\nt = \"\"\"x\n\"y\"\n\"\"\"", OB_LANG_PYTHON),
                 "\"a\\\"b\"|s;# c|c;\"\"\"x\n\"y\"\n\"\"\"|s");
    CHECK_EQ_STR(spans_of("var p = r'C:\\'; var q = '${a['k']}' /* x */", OB_LANG_DART),
                 "r'C:\\'|s;'${a['k']}'|s;/* x */|c");
    CHECK_EQ_STR(spans_of("key: v # c\nurl: http://x#y\n# full", OB_LANG_YAML),
                 "# c|c;# full|c");
    CHECK_EQ_STR(spans_of("<a b=\"c\"/><!-- x --><d/>", OB_LANG_XML), "<!-- x -->|c");
    CHECK_EQ_STR(spans_of("a /* never closed", OB_LANG_JAVA), "/* never closed|c");
    CHECK_EQ_STR(spans_of("x", OB_LANG_NONE), "");
    CHECK_EQ_INT(ob_lang_from_path("App/Main.KT"), OB_LANG_KOTLIN);
    CHECK_EQ_INT(ob_lang_from_path("a/.kt"), OB_LANG_NONE);
    CHECK_EQ_INT(ob_lang_from_path("Info.plist"), OB_LANG_XML);
    CHECK_EQ_INT(ob_lang_from_path("README"), OB_LANG_NONE);
    CHECK_EQ_INT(ob_lang_from_name("typescript"), OB_LANG_TYPESCRIPT);
}

static void test_deep_nesting(void) {
    size_t depth = 200000, len = 4 * depth;
    char *src = malloc(len + 1);
    for (size_t i = 0; i < depth; i++) memcpy(src + 2 * i, "/*", 2);
    for (size_t i = 0; i < depth; i++) memcpy(src + 2 * depth + 2 * i, "*/", 2);
    src[len] = '\0';
    ob_arena *a = ob_arena_new();
    ob_region_span *sp;
    size_t n;
    CHECK(ob_regions(src, len, OB_LANG_SWIFT, a, &sp, &n) == 0 && n == 1 && sp[0].end == len);
    /* "${f(\"" nested 20,000 times inside a Kotlin string */
    const char *open = "${f(\"", *close = "\")}";
    size_t k = 20000, m = 0;
    char *t = malloc(10 + 9 * k);
    t[m++] = '"';
    for (size_t i = 0; i < k; i++) memcpy(t + m, open, 5), m += 5;
    t[m++] = 'x';
    for (size_t i = 0; i < k; i++) memcpy(t + m, close, 4), m += 4;
    t[m++] = '"';
    CHECK(ob_regions(t, m, OB_LANG_KOTLIN, a, &sp, &n) == 0 && n == 1 && sp[0].end == m);
    ob_arena_free(a);
    free(src);
    free(t);
}

static const char *RETROFIT = "@(?P<method>GET|POST|PUT|DELETE|PATCH)\\(\\s*\"(?P<path>[^\"]*)\"";

static ob_rules *compile2(const char *p1, unsigned langs1, unsigned where1, const char *p2,
                          unsigned langs2, unsigned where2) {
    ob_rule_spec specs[2] = {
        {"retrofit-endpoint", p1, strlen(p1), langs1, where1},
        {"todo", p2, strlen(p2), langs2, where2},
    };
    ob_rules *r;
    char err[300];
    if (ob_rules_compile(specs, 2, &r, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return NULL;
    }
    return r;
}

static void test_matches(void) {
    ob_rules *r = compile2(RETROFIT, 1u << OB_LANG_KOTLIN | 1u << OB_LANG_JAVA, OB_REGION_CODE,
                           "TODO", 0, OB_REGION_COMMENTS);
    CHECK(r != NULL);
    if (!r) return;
    const char *src = "interface Api {\n"
                      "    // TODO: paging; @GET(\"/not/this\")\n"
                      "    @GET(\"/v1/items/{id}\") fun item(@Path(\"id\") id: String)\n"
                      "  /* \xc3\xa9 */ @POST(\n        \"/v1/cart\") fun add()\n"
                      "    val s = \"@DELETE(\\\"/in/a/string\\\")\"\n"
                      "}\n";
    ob_rule_result *res;
    char err[100];
    CHECK(ob_rules_match(r, src, strlen(src), OB_LANG_KOTLIN, &res, err, sizeof err) == 0);
    CHECK_EQ_INT(res->n_matches, 3);
    if (res->n_matches == 3) {
        ob_rule_match *m = res->matches;
        CHECK(m[0].rule == 1 && m[0].line == 2 && m[0].column == 8 && m[0].end_column == 11);
        CHECK(m[1].rule == 0 && m[1].line == 3 && m[1].column == 5 && m[1].end_line == 3
              && m[1].end_column == 25);
        int g = ob_rules_group_number(r, 0, "path");
        CHECK(g == 2 && ob_rules_group_count(r, 0) == 2);
        CHECK(m[1].groups[2 * (g - 1) + 1] - m[1].groups[2 * (g - 1)] == strlen("/v1/items/{id}"));
        CHECK(m[2].rule == 0 && m[2].line == 4 && m[2].column == 11 && m[2].end_line == 5
              && m[2].end_column == 18);
    }
    ob_rule_result_free(res);
    /* Swift: only the rule for any language */
    CHECK(ob_rules_match(r, src, strlen(src), OB_LANG_SWIFT, &res, err, sizeof err) == 0);
    CHECK(res->n_matches == 1 && res->matches[0].rule == 1);
    ob_rule_result_free(res);
    CHECK(ob_rules_group_number(r, 0, "nope") == -1);
    ob_rules_free(r);
}

static void test_empty_matches_as_finditer(void) {
    /* re.finditer(b"a*", b"baaa") -> (0,0) (1,4) (4,4) */
    ob_rules *r = compile2("a*", 0, 7, "(?!)", 0, 7);
    ob_rule_result *res;
    char err[100];
    CHECK(r && ob_rules_match(r, "baaa", 4, OB_LANG_NONE, &res, err, sizeof err) == 0);
    if (!r) return;
    CHECK(!ob_rules_gated(r, 0) && !ob_rules_gated(r, 1));   /* Vectorscan rejects both */
#ifdef OB_HAVE_HS
    /* a rejected rule is dropped from the gate, the others stay in it */
    ob_rules *mixed = compile2("b", 0, 7, "a*", 0, 7);
    CHECK(mixed && (getenv("OB_VECTORSCAN") || ob_rules_gated(mixed, 0))
          && !ob_rules_gated(mixed, 1));
    ob_rules_free(mixed);
#endif
    CHECK_EQ_INT(res->n_matches, 3);
    if (res->n_matches == 3)
        CHECK(res->matches[0].start == 0 && res->matches[0].end == 0 && res->matches[1].start == 1
              && res->matches[1].end == 4 && res->matches[2].start == 4);
    ob_rule_result_free(res);
    ob_rules_free(r);
}

static void test_limits_and_errors(void) {
    /* "aa" at the end is a real match, so a gate in front lets the rule run,
     * and the first attempt, at offset 0, backtracks without end */
    ob_rules *r = compile2("(a+)+$", 0, 7, "b", 0, 7);
#ifdef OB_HAVE_HS
    if (r && !getenv("OB_VECTORSCAN")) CHECK(ob_rules_gated(r, 0) && ob_rules_gated(r, 1));
#endif
    size_t n = 5000;
    char *s = malloc(n + 4);
    memset(s, 'a', n);
    memcpy(s + n, "!baa", 4);
    ob_rule_result *res;
    char err[100];
    CHECK(r && ob_rules_match(r, s, n + 4, OB_LANG_NONE, &res, err, sizeof err) == 0);
    if (r) {
        CHECK(res->n_limits == 1 && res->limits[0].rule == 0);
        CHECK(res->n_matches == 1 && res->matches[0].rule == 1);   /* the other rule goes on */
        ob_rule_result_free(res);
        ob_rules_free(r);
    }
    free(s);
    ob_rule_spec bad = {"broken", "(x", 2, 0, 0};
    char msg[300];
    CHECK(ob_rules_compile(&bad, 1, &r, msg, sizeof msg) == -1 && r == NULL);
    CHECK(strstr(msg, "rule 0 (broken): missing closing parenthesis at offset 2") != NULL);
}

static void test_match_files(void) {
    ob_rules *r = compile2(RETROFIT, 0, OB_REGION_CODE, "TODO", 0, OB_REGION_COMMENTS);
    char dir[] = "/tmp/ob_rules_XXXXXX";
    if (!r || !mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    enum { N = 40 };
    char names[N + 1][64];
    const char *paths[N + 1];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "%s/f%d.kt", dir, i);
        FILE *f = fopen(names[i], "w");
        for (int k = 0; k <= i; k++) fprintf(f, "@GET(\"/v%d\") // TODO\n", k);
        fclose(f);
        paths[i] = names[i];
    }
    snprintf(names[N], sizeof names[N], "%s/missing.kt", dir);
    paths[N] = names[N];
    for (int jobs = 1; jobs <= 4; jobs += 3) {
        ob_rule_file files[N + 1];
        memset(files, 0, sizeof files);
        ob_rules_match_files(r, paths, N + 1, jobs, files);
        for (int i = 0; i < N; i++)
            CHECK(files[i].result && files[i].result->n_matches == 2 * (size_t)(i + 1)
                  && files[i].buf.data != NULL);
        CHECK(files[N].result == NULL && strcmp(files[N].error_code, "not-found") == 0);
        for (int i = 0; i <= N; i++) ob_rule_file_clear(&files[i]);
    }
    /* the stream under it, ended early too: files never waited for still end up cleared */
    for (int jobs = 1; jobs <= 3; jobs++)
        for (size_t stop = 0; stop <= N + 1; stop += 10) {
            ob_rule_file files[N + 1];
            memset(files, 0, sizeof files);
            ob_rule_stream *s = ob_rule_stream_start(r, paths, N + 1, jobs, files);
            CHECK(s != NULL);
            if (!s) break;
            for (size_t i = 0; i < stop; i++) {
                ob_rule_stream_wait(s, i);
                CHECK(i == N ? files[i].result == NULL
                             : files[i].result && files[i].result->n_matches == 2 * (i + 1));
                ob_rule_file_clear(&files[i]);
            }
            ob_rule_stream_wait(s, N + 1);    /* past the end: returns at once */
            ob_rule_stream_end(s);
            for (size_t i = 0; i <= N; i++) ob_rule_file_clear(&files[i]);
        }
    for (int i = 0; i < N; i++) remove(names[i]);
    rmdir(dir);
    ob_rules_free(r);
}

/* The number of matches of r over src, -1 on error. */
static long count_matches(const ob_rules *r, const char *src) {
    ob_rule_result *res;
    char err[100];
    if (ob_rules_match(r, src, strlen(src), OB_LANG_KOTLIN, &res, err, sizeof err)) return -1;
    long n = (long)res->n_matches;
    ob_rule_result_free(res);
    return n;
}

static void test_saved_gate(void) {
    ob_rule_spec specs[3] = {{"endpoint", RETROFIT, strlen(RETROFIT), 0, OB_REGION_CODE},
                             {"empty", "a*", 2, 0, 7}, {"todo", "TODO", 4, 0, 7}};
    const char *src = "@GET(\"/v1\") // TODO\n@POST(\"/v2\")\n";
    ob_rules *r;
    char err[200], *saved;
    size_t len;
    CHECK(ob_rules_compile(specs, 3, &r, err, sizeof err) == 0);
    if (ob_rules_save_gate(r, &saved, &len)) {       /* no gate: built without Vectorscan */
        CHECK(!ob_rules_gated(r, 0) && !ob_rules_gated(r, 2));
        ob_rules_free(r);
        return;
    }
    long expected = count_matches(r, src);
    CHECK(expected == 3 + (long)strlen(src) + 1);   /* "a*": an empty match at every offset */
    /* whole: taken as it is; damaged anywhere: compiled again; either way the same gate */
    /* magic, version, rule count, gated bytes, a width, the checksum, the database */
    size_t meta = 8 + 64 + 8 + 5 * 3;
    size_t spots[] = {0, 8, 8 + 64, 8 + 64 + 8, 8 + 64 + 8 + 3 + 4, meta, len / 2, len - 1};
    for (size_t k = 0; k <= sizeof spots / sizeof *spots; k++) {
        if (k) saved[spots[k - 1]] ^= 0x5a;
        ob_rules *again;
        CHECK(ob_rules_compile_saved(specs, 3, saved, len, &again, err, sizeof err) == 0);
        CHECK(ob_rules_gated(again, 0) && !ob_rules_gated(again, 1) && ob_rules_gated(again, 2));
        CHECK(count_matches(again, src) == expected);
        ob_rules_free(again);
        if (k) saved[spots[k - 1]] ^= 0x5a;
    }
    /* proof the saved gate is read, not rebuilt: given to other patterns (which the Python
     * layer's cache key prevents), its database, not theirs, decides where rule 2 runs */
    ob_rule_spec other[3] = {specs[0], specs[1], {"xyz", "XYZ", 3, 0, 7}};
    ob_rules *fresh, *misled;
    CHECK(ob_rules_compile(other, 3, &fresh, err, sizeof err) == 0);
    CHECK(ob_rules_compile_saved(other, 3, saved, len, &misled, err, sizeof err) == 0);
    const char *xyz = "val XYZ = 1\n";
    CHECK(count_matches(fresh, xyz) == (long)strlen(xyz) + 2);       /* XYZ and "a*" */
    CHECK(count_matches(misled, xyz) == (long)strlen(xyz) + 1);      /* no TODO: no XYZ */
    ob_rules_free(fresh);
    ob_rules_free(misled);
    ob_rules *cut;                                    /* truncated, and for fewer rules */
    CHECK(ob_rules_compile_saved(specs, 3, saved, len - 100, &cut, err, sizeof err) == 0);
    CHECK(ob_rules_gated(cut, 0) && count_matches(cut, src) == expected);
    ob_rules_free(cut);
    CHECK(ob_rules_compile_saved(specs, 2, saved, len, &cut, err, sizeof err) == 0);
    CHECK(ob_rules_gated(cut, 0) && !ob_rules_gated(cut, 1));
    ob_rules_free(cut);
    free(saved);
    ob_rules_free(r);
}

static void test_gate_expression(void) {
    /* pattern, the gate's expression: cut after the last item that must consume a byte,
     * kept at its minimum repeat; then bounded repeats open up */
    static const char *const cases[][2] = {
        {"a{1,5}b{0,60}", "a"},                     {"x{3}y{2,}", "x{3}y{2}"},
        {"\\{1,5}", "\\{1,5}"},                     {"[{1,5}]{2,4}", "[{1,5}]{2}"},
        {"[]{1,2}]z{0,9}", "[]{1,2}]"},             {"[^]{1,2}]", "[^]{1,2}]"},
        {"[[:alpha:]{1,2}]{1,3}", "[[:alpha:]{1,2}]"},
        {"(?:ab){10,20}?", "(?:ab){10}"},           {"{1,5}", "{1,}"},
        {"a{1,", "a{1,"},                           {"a{,5}", "a{,5}"},
        {"\\", "\\"},                               {"", ""},
        {"struct\\s{1,5}(?P<n>[A-Z]\\w{0,60}):(?=[\\w ]{0,200}Codable)[\\w ]{1,200}\\{"
         "(?P<fields>[^}]{0,2000})",
         "struct\\s{1,}(?P<n>[A-Z]\\w{0,}):(?=[\\w ]{0,}Codable)[\\w ]{1,}\\{"},
        {"(?P<limit>\\d{1,9}|[A-Za-z_][\\w.]{0,60})\\b", "(?P<limit>\\d|[A-Za-z_])"},
        {"logEvent\\((?P<name>\\w{1,100})", "logEvent\\((?P<name>\\w)"},
        {"(?i)get(?=x)(?!y)\\b$", "(?i)get"},       {"a|b{2,5}c?", "a|b{2}"},
        {"x(?<name>y{2,3})", "x(?<name>y{2})"},     {"x(?'n'y+)", "x(?'n'y)"},
        {"(?:x|y?)z{0,3}", "(?:x|y?)z{0,}"},        /* may match empty: only loosened */
        {"a(b{1,2})\\1", "a(b{1,})\\1"},            /* a backreference: only loosened */
        {"a(?x) b{1,2}", "a(?x) b{1,}"},            /* extended mode */
        {"(*UTF)ab{1,2}", "(*UTF)ab{1,}"},          /* a verb */
        {"\\x{41}b{1,2}", "\\x{41}b{1,}"},          /* \x */
        {"(?=a)", "(?=a)"},                         {"a(", "a("},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char *got = ob_gate_expression(cases[k][0], strlen(cases[k][0]), 1);
        CHECK(got && strcmp(got, cases[k][1]) == 0);
        if (got && strcmp(got, cases[k][1])) fprintf(stderr, "  %s -> %s\n", cases[k][0], got);
        free(got);
    }
    /* the prefix alone, for its width: bounds as they are */
    char *prefix = ob_gate_expression("a{1,5}b{2,60}c{0,3}(?=x)", 24, 0);
    CHECK(prefix && strcmp(prefix, "a{1,5}b{2}") == 0);
    free(prefix);
    /* the gate scans x{2,}y, PCRE2 still x{2,3}y: the match found within its width (4) of
     * the hit, and no more matches than the pattern has */
    ob_rules *r = compile2("x{2,3}y", 0, OB_REGION_CODE, "q{1,2}", 0, OB_REGION_CODE);
    CHECK(r != NULL);
    if (!r) return;
    CHECK(count_matches(r, "xxxxy xy xxy qqq") == 4);   /* xxxy, xxy, qq, q */
    ob_rules_free(r);
    /* the gate scans a\{ for a\{(?P<f>[^}]{0,50}): still every match, whole */
    r = compile2("a\\{(?P<f>[^}]{0,50})", 0, OB_REGION_CODE, "zz+", 0, OB_REGION_CODE);
    CHECK(r != NULL);
    if (!r) return;
    ob_rule_result *res;
    char err[100];
    const char *src = "a{xyz} a{} a{q\nr} zzz";
    CHECK(ob_rules_match(r, src, strlen(src), OB_LANG_KOTLIN, &res, err, sizeof err) == 0);
    CHECK(res->n_matches == 4 && res->matches[0].end == 5 && res->matches[2].end == 16);
    ob_rule_result_free(res);
    ob_rules_free(r);
}

int main(void) {
    test_regions();
    test_deep_nesting();
    test_matches();
    test_empty_matches_as_finditer();
    test_limits_and_errors();
    test_match_files();
    test_saved_gate();
    test_gate_expression();
    return CHECK_DONE();
}
