/*
 * analyze_file.c - one file or buffer in, one report out: input checks
 * (binary, encoding) and dispatch to the language's metrics pass.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "line_break.h"
#include "metrics.h"
#include "metrics_brace.h"
#include "observe.h"
#include "readfile.h"
#include "report.h"
#include "utf8.h"

/* Git's rule: a NUL byte in the first 8000 bytes means binary. */
#define OB_BINARY_PROBE 8000

static const struct { const char *ext; ob_language lang; } lang_by_ext[] = {
    {".py", OB_LANG_PYTHON},
    {".pyw", OB_LANG_PYTHON},
    {".pyi", OB_LANG_PYTHON},
};

ob_language ob_language_for_path(const char *path) {
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash)) return OB_LANG_UNKNOWN;
    for (size_t i = 0; i < sizeof lang_by_ext / sizeof lang_by_ext[0]; i++)
        if (strcmp(dot, lang_by_ext[i].ext) == 0) return lang_by_ext[i].lang;
    return ob_brace_report_language(ob_brace_lang_from_path(path, NULL));
}

/* The brace languages (Kotlin ... Dart) share one pass. It sorts its
 * diagnostics by position, so all are collected and the first
 * OB_MAX_DIAGS kept; NULL when memory runs out. */
static ob_file_report *analyze_brace(ob_scratch *scratch, const char *src, size_t len,
                                     const char *path, ob_language lang, int jsx) {
    ob_brace_lang brace = (ob_brace_lang)(lang - OB_LANG_KOTLIN);
    if (jsx < 0) {   /* docs/lexers.md: the extension's choice, else JavaScript only */
        int by_path;
        jsx = ob_brace_lang_from_path(path, &by_path) == brace ? by_path
                                                               : brace == OB_BRACE_JAVASCRIPT;
    }
    ob_file_report *r = ob_report_new(path, lang, len);
    if (!r) return NULL;
    ob_diag_list diags;
    ob_diags_init(&diags, r->arena);
    diags.max = SIZE_MAX;
    int rc = ob_brace_metrics_in(scratch, src, len, brace, jsx, r, &diags);
    if (rc == -2)
        ob_diag_add(&diags, 0, 0, 0, "no-native-metrics",
                    "the C core has no metrics for %s yet; the pure-Python backend has",
                    ob_brace_lang_name(brace));
    ob_diags_keep_first(&diags, OB_MAX_DIAGS);
    if (rc == -1 || ob_report_take_diags(r, &diags) < 0) {
        ob_vec_free(&diags.items);
        ob_file_report_free(r);
        return NULL;
    }
    return r;
}

int ob_cpu_count(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

/* PEP 263: a coding declaration in one of the first two lines. Returns 1
 * when it names something other than UTF-8 (so bytes are not UTF-8). */
static int declares_other_encoding(const char *src, size_t len) {
    const char *p = src, *end = src + len;
    for (int line = 0; line < 2 && p < end; line++) {
        const char *e = p;
        while (e < end && *e != '\n' && *e != '\r') e++;
        const char *q = p;
        while (q < e && (*q == ' ' || *q == '\t' || *q == '\f')) q++;
        if (q < e && *q == '#') {
            for (const char *c = q; c + 6 < e; c++) {
                if (memcmp(c, "coding", 6) != 0 || (c[6] != ':' && c[6] != '=')) continue;
                const char *v = c + 7;
                while (v < e && (*v == ' ' || *v == '\t')) v++;
                size_t n = 0;
                while (v + n < e && (v[n] == '-' || v[n] == '_' || v[n] == '.' ||
                                     (v[n] >= '0' && v[n] <= '9') ||
                                     ((v[n] | 0x20) >= 'a' && (v[n] | 0x20) <= 'z')))
                    n++;
                int utf8 = (n >= 5 && strncasecmp(v, "utf", 3) == 0 &&
                            (v[3] == '-' || v[3] == '_') && v[4] == '8') ||
                           (n == 4 && strncasecmp(v, "utf8", 4) == 0);
                return !utf8;
            }
        } else if (q < e) {
            return 0;  /* a code line ends the search */
        }
        p = e + ob_line_break(e, end);
    }
    return 0;
}

static void locate(const char *src, size_t off, uint32_t *line, uint32_t *col) {
    uint32_t l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++) {
        if (src[i] == '\n' || (src[i] == '\r' && !(i + 1 < off && src[i + 1] == '\n'))) {
            l++;
            start = i + 1;
        }
    }
    *line = l;
    *col = (uint32_t)(off - start);
}

ob_file_report *ob_analyze_source(const char *src, size_t len, const char *path,
                                  ob_language lang) {
    return ob_analyze_source_jsx(src, len, path, lang, -1);
}

ob_file_report *ob_analyze_source_jsx(const char *src, size_t len, const char *path,
                                      ob_language lang, int jsx) {
    return ob_analyze_source_in(NULL, src, len, path, lang, jsx);
}

ob_file_report *ob_analyze_source_in(ob_scratch *scratch, const char *src, size_t len,
                                     const char *path, ob_language lang, int jsx) {
    if (lang >= OB_LANG_KOTLIN && lang < OB_LANGUAGE_COUNT)
        return analyze_brace(scratch, src, len, path ? path : "<string>", lang, jsx);
    ob_file_report *r = ob_report_new(path, lang, len);
    if (!r) return NULL;
    ob_diag_list diags;
    ob_diags_init(&diags, r->arena);
    size_t probe = len < OB_BINARY_PROBE ? len : OB_BINARY_PROBE;
    if (memchr(src, 0, probe)) {
        ob_diag_add(&diags, 0, 0, 0, "binary-file", "binary file (NUL byte in the first %d bytes); not analysed",
                    OB_BINARY_PROBE);
    } else {
        const char *nul = memchr(src, 0, len);
        if (nul) {
            uint32_t line, col;
            locate(src, (size_t)(nul - src), &line, &col);
            ob_diag_add(&diags, line, col, 1, "nul-byte",
                        "source contains a NUL byte; Python rejects it, analysed anyway");
        }
        if (!declares_other_encoding(src, len)) {
            size_t ok = ob_utf8_valid_prefix((const unsigned char *)src, len);
            if (ok < len) {
                uint32_t line, col;
                locate(src, ok, &line, &col);
                ob_diag_add(&diags, line, col, 1, "invalid-utf8",
                            "invalid UTF-8 byte 0x%02X; analysed as if it were text",
                            (unsigned char)src[ok]);
            }
        }
        int rc = lang == OB_LANG_PYTHON ? ob_python_metrics(src, len, r, &diags) : 0;
        if (lang == OB_LANG_UNKNOWN)
            ob_diag_add(&diags, 0, 0, 0, "unknown-language", "no analyser for this file type");
        if (rc < 0) {
            ob_vec_free(&diags.items);
            ob_file_report_free(r);
            return NULL;
        }
    }
    if (ob_report_take_diags(r, &diags) < 0) {
        ob_file_report_free(r);
        return NULL;
    }
    return r;
}

/* The report of a file that could not be read: no metrics, one error. */
static ob_file_report *unreadable(const char *path, ob_language lang, const char *code,
                                  const char *msg) {
    ob_file_report *r = ob_report_new(path, lang, 0);
    if (!r) return NULL;
    ob_diag_list diags;
    ob_diags_init(&diags, r->arena);
    ob_diag_add(&diags, 0, 0, 1, code, "cannot read file: %s", msg);
    if (ob_report_take_diags(r, &diags) < 0) {
        ob_file_report_free(r);
        return NULL;
    }
    return r;
}

ob_file_report *ob_analyze_file(const char *path, ob_language lang) {
    ob_buffer buf;
    const char *code;
    char msg[256];
    if (ob_read_file(path, &buf, &code, msg, sizeof msg) < 0)
        return unreadable(path, lang, code, msg);
    ob_file_report *r = ob_analyze_source(buf.data ? buf.data : "", buf.len, path, lang);
    ob_buffer_free(&buf);
    return r;
}

ob_file_report *ob_analyze_file_with(ob_file_reader *rd, ob_scratch *scratch, const char *path,
                                     ob_language lang) {
    const char *data;
    size_t len;
    int err = ob_file_reader_read(rd, path, &data, &len);
    ob_file_report *r = err ? unreadable(path, lang, ob_read_error_code(err), strerror(err))
                            : ob_analyze_source_in(scratch, data, len, path, lang, -1);
    ob_file_reader_done(rd);
    return r;
}
