/*
 * ignore.c - gitignore pattern lists (see ignore.h for the API).
 *
 * The semantics are git's (dir.c and wildmatch.c), case-sensitive:
 *
 *   - Blank lines and lines starting with '#' add nothing; a trailing '\r'
 *     is dropped; trailing spaces are trimmed unless escaped with '\'.
 *   - A leading '!' negates the pattern ("\!" and "\#" are literal).
 *   - A trailing '/' makes the pattern match directories only.
 *   - A pattern with no other '/' matches the last path component at any
 *     depth ("*.log", "build/"). A pattern with a '/' at the start or in the
 *     middle is anchored: it matches the whole path relative to the list's
 *     directory ("/docs", "src/gen").
 *   - '*' and '?' never match '/', "[...]" is a bracket expression (with
 *     "!"/"^" negation, ranges and [:classes:]; it never matches '/', and
 *     a '/' inside it does not split components but still anchors the
 *     pattern, as in git), '\' quotes the next char.
 *   - Two or more stars as a whole component ("**", "***") match any
 *     number of components: leading "**" / zero or more directories,
 *     "/" "**" "/" in the middle zero or more, trailing "/" "**" one or more
 *     (everything inside, not the directory itself). Elsewhere "**" is '*'.
 *   - One quirk of git is kept on purpose, since the goal is to list what
 *     git lists: git compares the literal head of an anchored pattern (up to
 *     the first of "*?[\", so a "\/" ends it) separately and wildmatches
 *     the tail as if it were a whole pattern, so stars right after that
 *     head count as a leading "**": "a**" / "x" matches "ax" and
 *     "a" "any/thing" / "x", "src/foo**" matches everything below
 *     "src/foo...". See match_head_stars.
 *
 * Matching does no recursion and no allocation. Components are matched with
 * the classic single-backtrack wildcard loop (remember the last star, retry
 * one step further on a mismatch), once for characters inside a component
 * and once for components against "**". That bounds the cost at
 * O(pattern x path) even for hostile patterns such as "*a*a*a*a*b", where a
 * backtracking fnmatch(3) would take exponential time; this is why the
 * matcher is written out here rather than calling fnmatch.
 */
#include "ignore.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PAT_NEGATE   1u  /* "!pattern": a match re-includes */
#define PAT_DIRONLY  2u  /* "pattern/": matches directories only */
#define PAT_BASENAME 4u  /* no '/' inside: matches the last component */
#define PAT_HEAD_STARS 8u /* literal head + "**" (git's quirk, see above) */
#define PAT_LITERAL  16u /* basename without wildcards: compared as bytes */
#define PAT_SUFFIX   32u /* basename "*" + literal: the name's ending */

/* A .gitignore larger than this is refused (EFBIG): bounds memory use on
 * hostile trees. Real files are a few kilobytes. */
#define OB_IGNORE_MAX_FILE ((size_t)64 << 20)

/* One '/'-separated component of an anchored pattern. */
typedef struct ob_seg {
    size_t off, len;      /* into the pattern's text */
    int any_depth;        /* the component is "**" (or more stars) */
} ob_seg;

/* One parsed pattern; the struct, its segs and its text are one block. */
typedef struct ob_pattern {
    const char *text;     /* body without '!', leading '/' or trailing '/' */
    size_t len;
    unsigned flags;       /* PAT_* */
    size_t head_len;      /* PAT_HEAD_STARS: length of the literal head */
    const char *seg_text; /* anchored: what segs index (text, or the part
                             after head + stars + '/' for PAT_HEAD_STARS) */
    const ob_seg *segs;   /* anchored patterns only, else NULL */
    size_t n_segs;
} ob_pattern;

struct ob_ignore_list {
    ob_pattern **pats;    /* owned, in file order */
    size_t n, cap;
};

/* ---- parsing ----------------------------------------------------------- */

ob_ignore_list *ob_ignore_new(void)
{
    return calloc(1, sizeof(ob_ignore_list));
}

void ob_ignore_free(ob_ignore_list *list)
{
    size_t i;
    if (!list) return;
    for (i = 0; i < list->n; i++) free(list->pats[i]);
    free(list->pats);
    free(list);
}

size_t ob_ignore_count(const ob_ignore_list *list)
{
    return list ? list->n : 0;
}

/* Length of s[0..len) without trailing unescaped spaces (git's rule: only
 * ' ', and a '\' protects the character after it). */
static size_t trim_trailing_spaces(const char *s, size_t len)
{
    size_t i, cut = SIZE_MAX;
    for (i = 0; i < len; i++) {
        if (s[i] == ' ') {
            if (cut == SIZE_MAX) cut = i;
        } else if (s[i] == '\\') {
            if (++i >= len) return len;
            cut = SIZE_MAX;
        } else {
            cut = SIZE_MAX;
        }
    }
    return cut == SIZE_MAX ? len : cut;
}

/* Copies src[0..len) to dst turning "\/" into "/" (a quoted slash is still a
 * component separator); returns the new length. dst gets a NUL. */
static size_t copy_body(char *dst, const char *src, size_t len)
{
    size_t i = 0, n = 0;
    while (i < len) {
        if (src[i] == '\\' && i + 1 < len) {
            if (src[i + 1] != '/') dst[n++] = '\\';
            dst[n++] = src[i + 1];
            i += 2;
        } else {
            dst[n++] = src[i++];
        }
    }
    dst[n] = '\0';
    return n;
}

static size_t bracket_end(const char *p, size_t plen, size_t i);

/* Splits an anchored body at '/' into segs (room for n_slash + 2); a '/'
 * inside a bracket expression does not split (git's wildmatch sees the
 * whole bracket, which never matches '/'). A trailing "**" becomes "*" +
 * "**" so that it needs at least one component. Returns the number of
 * segs. */
static size_t split_segments(const char *text, size_t len, ob_seg *segs)
{
    size_t i = 0, start = 0, n = 0;
    for (;;) {
        if (i < len && text[i] == '\\') { i += 2; continue; }
        if (i < len && text[i] == '[') {
            i = bracket_end(text, len, i);
            continue;
        }
        if (i < len && text[i] != '/') { i++; continue; }
        if (i > len) i = len;
        segs[n].off = start;
        segs[n].len = i - start;
        segs[n].any_depth = i - start >= 2 &&
                            strspn(text + start, "*") >= i - start;
        n++;
        if (i >= len) break;
        start = ++i;
    }
    if (n > 1 && segs[n - 1].any_depth) {
        segs[n] = segs[n - 1];          /* "**": zero or more ... */
        segs[n - 1].len = 1;            /* ... after "*": exactly one */
        segs[n - 1].any_depth = 0;
        n++;
    }
    return n;
}

/* Detects git's head quirk (see the top of the file) in an anchored body:
 * a non-empty literal head not ending in '/', then two or more stars, then
 * the end or a '/'. head is the length of the literal head, measured on the
 * body before "\/" is unquoted (git's head stops at the '\'). Sets
 * PAT_HEAD_STARS and head_len, and returns where the components to split
 * start (0 when there is no quirk). */
static size_t split_head_stars(ob_pattern *p, size_t head)
{
    size_t stars;
    if (head == 0 || head >= p->len || p->text[head - 1] == '/') return 0;
    stars = strspn(p->text + head, "*");
    if (stars < 2) return 0;
    if (head + stars < p->len && p->text[head + stars] != '/') return 0;
    p->flags |= PAT_HEAD_STARS;
    p->head_len = head;
    return head + stars + (head + stars < p->len);
}

/* PAT_LITERAL or PAT_SUFFIX when a basename pattern has that shape (0
 * otherwise): the common "*.log" and "node_modules" then skip the wildcard
 * loop, which matters when every file of a big tree is matched. */
static unsigned literal_flag(const char *text, size_t len)
{
    size_t i, stars = 0;
    while (stars < len && text[stars] == '*') stars++;
    if (stars > 1) return 0;
    for (i = stars; i < len; i++)
        if (strchr("*?[\\", text[i])) return 0;
    return stars ? PAT_SUFFIX : PAT_LITERAL;
}

static int list_push(ob_ignore_list *list, ob_pattern *p)
{
    if (list->n == list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 16;
        ob_pattern **grown;
        if (cap > SIZE_MAX / sizeof(*grown)) return -1;
        grown = realloc(list->pats, cap * sizeof(*grown));
        if (!grown) return -1;
        list->pats = grown;
        list->cap = cap;
    }
    list->pats[list->n++] = p;
    return 0;
}

/* Adds one pattern (no comment or trailing-space handling left to do). */
static int add_parsed(ob_ignore_list *list, const char *line, size_t len)
{
    unsigned flags = 0;
    size_t n_slash = 0, i, size, head;
    ob_pattern *p;
    char *text;

    if (len && line[0] == '!') { flags |= PAT_NEGATE; line++; len--; }
    if (len && line[len - 1] == '/') { flags |= PAT_DIRONLY; len--; }
    if (len && !memchr(line, '/', len)) flags |= PAT_BASENAME;
    else if (len && line[0] == '/') { line++; len--; }
    if (len == 0) return 0;     /* "", "!", "/": match nothing */

    for (i = 0; i < len; i++) n_slash += (line[i] == '/');
    if (len > SIZE_MAX / 4 || n_slash + 2 > SIZE_MAX / 4 / sizeof(ob_seg))
        return -1;
    /* the literal head (up to the first of "*?[\\" or a NUL), raw */
    for (head = 0; head < len && !strchr("*?[\\", line[head]); head++) {}
    size = sizeof(*p) + (n_slash + 2) * sizeof(ob_seg) + len + 1;
    p = malloc(size);
    if (!p) return -1;
    text = (char *)p + sizeof(*p) + (n_slash + 2) * sizeof(ob_seg);
    p->len = copy_body(text, line, len);
    p->text = text;
    p->flags = flags;
    p->segs = NULL;
    p->n_segs = 0;
    p->head_len = 0;
    p->seg_text = text;
    if (flags & PAT_BASENAME)
        p->flags |= literal_flag(text, p->len);
    else {
        ob_seg *segs = (ob_seg *)((char *)p + sizeof(*p));
        size_t rest = split_head_stars(p, head);
        if (rest < p->len)
            p->n_segs = split_segments(text + rest, p->len - rest, segs);
        p->seg_text = text + rest;
        p->segs = segs;
    }
    if (list_push(list, p) != 0) { free(p); return -1; }
    return 0;
}

int ob_ignore_add_pattern(ob_ignore_list *list, const char *line, size_t len)
{
    if (len && line[len - 1] == '\r') len--;
    if (len == 0 || line[0] == '#') return 0;
    return add_parsed(list, line, trim_trailing_spaces(line, len));
}

int ob_ignore_add_exclude(ob_ignore_list *list, const char *pattern, size_t len)
{
    return add_parsed(list, pattern, len);
}

int ob_ignore_add_buffer(ob_ignore_list *list, const char *buf, size_t len)
{
    size_t start = 0, i;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) start = 3;
    for (i = start; i <= len; i++) {
        if (i < len && buf[i] != '\n') continue;
        if (ob_ignore_add_pattern(list, buf + start, i - start) != 0) return -1;
        start = i + 1;
    }
    return 0;
}

/* Reads all of fd into a new buffer (caller frees); -1 with errno. */
static int read_all(int fd, size_t hint, char **out, size_t *out_len)
{
    size_t cap = hint + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf) { errno = ENOMEM; return -1; }
    for (;;) {
        ssize_t got;
        if (len == cap) {
            char *grown;
            if (cap >= OB_IGNORE_MAX_FILE) { free(buf); errno = EFBIG; return -1; }
            cap *= 2;
            grown = realloc(buf, cap);
            if (!grown) { free(buf); errno = ENOMEM; return -1; }
            buf = grown;
        }
        got = read(fd, buf + len, cap - len);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) { int e = errno; free(buf); errno = e; return -1; }
        if (got == 0) break;
        len += (size_t)got;
    }
    *out = buf;
    *out_len = len;
    return 0;
}

int ob_ignore_load_at(ob_ignore_list *list, int dirfd, const char *name)
{
    struct stat st;
    char *buf = NULL;
    size_t len = 0;
    int rc, e;
    int fd = openat(dirfd, name,
                    O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) return -1;
    if (fstat(fd, &st) != 0) { e = errno; close(fd); errno = e; return -1; }
    if (!S_ISREG(st.st_mode)) { close(fd); errno = EINVAL; return -1; }
    if ((uintmax_t)st.st_size > OB_IGNORE_MAX_FILE) {
        close(fd); errno = EFBIG; return -1;
    }
    rc = read_all(fd, (size_t)st.st_size, &buf, &len);
    e = errno;
    close(fd);
    if (rc != 0) { errno = e; return -1; }
    rc = ob_ignore_add_buffer(list, buf, len);
    free(buf);
    if (rc != 0) { errno = ENOMEM; return -1; }
    return 0;
}

int ob_ignore_load_file(ob_ignore_list *list, const char *path)
{
    return ob_ignore_load_at(list, AT_FDCWD, path);
}

/* ---- matching ---------------------------------------------------------- */

static const struct {
    const char *name;
    int (*test)(int);
} char_classes[] = {
    {"alnum", isalnum}, {"alpha", isalpha}, {"blank", isblank},
    {"cntrl", iscntrl}, {"digit", isdigit}, {"graph", isgraph},
    {"lower", islower}, {"print", isprint}, {"punct", ispunct},
    {"space", isspace}, {"upper", isupper}, {"xdigit", isxdigit},
};

/* p[*i] is "[:"; finds the closing ":]". Returns 1/0 for whether c is in the
 * class and moves *i past it; 2 when there is no ":]" (then the '[' is a
 * literal, as in git); -1 for an unknown class or no ']' at all. */
static int match_class(const char *p, size_t plen, size_t *i, unsigned char c)
{
    size_t name = *i + 2, j = name, k;
    while (j < plen && p[j] != ']') j++;
    if (j >= plen) return -1;
    if (j < name + 1 || p[j - 1] != ':') return 2;
    for (k = 0; k < sizeof(char_classes) / sizeof(char_classes[0]); k++) {
        const char *cn = char_classes[k].name;
        if (strlen(cn) == j - 1 - name && memcmp(cn, p + name, j - 1 - name) == 0) {
            *i = j + 1;
            return char_classes[k].test(c) != 0;
        }
    }
    return -1;
}

/* p[*i] is '['. Returns 1 if c is in the bracket expression, 0 if not (and
 * moves *i past the ']'), -1 if the expression is malformed (git then
 * matches nothing). */
static int match_bracket(const char *p, size_t plen, size_t *pi, unsigned char c)
{
    size_t i = *pi + 1;
    int negate = 0, matched = 0, first = 1;
    if (i < plen && (p[i] == '!' || p[i] == '^')) { negate = 1; i++; }
    for (;; first = 0) {
        unsigned char lo, hi;
        if (i >= plen) return -1;
        lo = (unsigned char)p[i];
        if (lo == ']' && !first) break;
        if (lo == '[' && i + 1 < plen && p[i + 1] == ':') {
            int r = match_class(p, plen, &i, c);
            if (r < 0) return -1;
            if (r < 2) { matched |= r; continue; }
        }
        if (lo == '\\') {
            if (++i >= plen) return -1;
            lo = (unsigned char)p[i];
        }
        i++;
        if (i + 1 < plen && p[i] == '-' && p[i + 1] != ']') {
            hi = (unsigned char)p[i + 1];
            i += 2;
            if (hi == '\\') {
                if (i >= plen) return -1;
                hi = (unsigned char)p[i++];
            }
            /* as in git, lo also matches by itself ("[c-a]" matches 'c') */
            if (c == lo || (c >= lo && c <= hi)) matched = 1;
        } else if (c == lo) {
            matched = 1;
        }
    }
    *pi = i + 1;
    return matched != negate;
}

/* p[i] is '['. Index past the bracket expression's ']', or past plen when
 * it is malformed (it then matches nothing, whatever follows). */
static size_t bracket_end(const char *p, size_t plen, size_t i)
{
    if (match_bracket(p, plen, &i, 0) < 0) return plen + 1;
    return i;
}

/* Matches one pattern token at p[*pi] (not '*') against c: 1 and *pi moved
 * past the token, 0, or -1 when the pattern is malformed. */
static int match_token(const char *p, size_t plen, size_t *pi, unsigned char c)
{
    size_t i = *pi;
    unsigned char pc = (unsigned char)p[i];
    if (pc == '?') { *pi = i + 1; return 1; }
    if (pc == '[') return match_bracket(p, plen, pi, c);
    if (pc == '\\') {
        if (++i >= plen) return -1;   /* a trailing '\' matches nothing */
        pc = (unsigned char)p[i];
    }
    if (pc != c) return 0;
    *pi = i + 1;
    return 1;
}

/* Wildcard match of one component (neither side contains '/'). */
static int match_component(const char *p, size_t plen, const char *s, size_t slen)
{
    size_t pi = 0, si = 0, star_pi = SIZE_MAX, star_si = 0;
    while (si < slen) {
        if (pi < plen && p[pi] == '*') {
            while (pi < plen && p[pi] == '*') pi++;
            if (pi == plen) return 1;
            star_pi = pi;
            star_si = si;
            continue;
        }
        if (pi < plen) {
            size_t next = pi;
            int r = match_token(p, plen, &next, (unsigned char)s[si]);
            if (r < 0) return 0;
            if (r > 0) { pi = next; si++; continue; }
        }
        if (star_pi == SIZE_MAX) return 0;
        pi = star_pi;
        si = ++star_si;
    }
    while (pi < plen && p[pi] == '*') pi++;
    return pi == plen;
}

/* Start of the component after s, or NULL after the last one. */
static const char *next_component(const char *s)
{
    const char *slash = strchr(s, '/');
    return slash ? slash + 1 : NULL;
}

/* Matches an anchored pattern against the whole relative path: the same
 * single-backtrack loop as match_component, over components, with "**"
 * components as the stars. */
static int match_anchored(const ob_pattern *pt, const char *path)
{
    size_t pi = 0, star_pi = SIZE_MAX;
    const char *s = path, *star_s = NULL;
    while (s) {
        const char *next = next_component(s);
        size_t slen = next ? (size_t)(next - 1 - s) : strlen(s);
        if (pi < pt->n_segs && pt->segs[pi].any_depth) {
            star_pi = pi++;
            star_s = s;
            continue;
        }
        if (pi < pt->n_segs &&
            match_component(pt->seg_text + pt->segs[pi].off, pt->segs[pi].len,
                            s, slen)) {
            pi++;
            s = next;
            continue;
        }
        if (star_pi == SIZE_MAX) return 0;
        pi = star_pi + 1;
        star_s = next_component(star_s);
        s = star_s;
    }
    while (pi < pt->n_segs && pt->segs[pi].any_depth) pi++;
    return pi == pt->n_segs;
}

/* PAT_HEAD_STARS: path starts with the literal head; then the stars match
 * anything (slashes too), and when a "/rest" follows them, rest must match
 * either right after the head (the stars and '/' matching nothing, as git
 * tries first) or after some '/'. */
static int match_head_stars(const ob_pattern *pt, const char *path)
{
    const char *t;
    if (strncmp(path, pt->text, pt->head_len) != 0) return 0;
    t = path + pt->head_len;
    if (pt->n_segs == 0) return 1;
    for (;;) {
        if (match_anchored(pt, t)) return 1;
        t = strchr(t, '/');
        if (!t) return 0;
        t++;
    }
}

ob_ignore_result ob_ignore_match(const ob_ignore_list *list, const char *path,
                                 int is_dir)
{
    const char *base;
    if (!list || list->n == 0) return OB_IGNORE_NONE;
    base = strrchr(path, '/');
    base = base ? base + 1 : path;
    return ob_ignore_match_base(list, path, base, strlen(base), is_dir);
}

ob_ignore_result ob_ignore_match_base(const ob_ignore_list *list, const char *path,
                                      const char *base, size_t base_len, int is_dir)
{
    size_t i;
    if (!list) return OB_IGNORE_NONE;
    for (i = list->n; i-- > 0;) {
        const ob_pattern *pt = list->pats[i];
        int m;
        if ((pt->flags & PAT_DIRONLY) && !is_dir) continue;
        if (pt->flags & PAT_LITERAL)
            m = pt->len == base_len && memcmp(pt->text, base, base_len) == 0;
        else if (pt->flags & PAT_SUFFIX)
            m = base_len >= pt->len - 1 &&
                memcmp(pt->text + 1, base + base_len - (pt->len - 1), pt->len - 1) == 0;
        else if (pt->flags & PAT_BASENAME)
            m = match_component(pt->text, pt->len, base, base_len);
        else if (pt->flags & PAT_HEAD_STARS)
            m = match_head_stars(pt, path);
        else
            m = match_anchored(pt, path);
        if (m)
            return (pt->flags & PAT_NEGATE) ? OB_IGNORE_INCLUDED : OB_IGNORE_IGNORED;
    }
    return OB_IGNORE_NONE;
}
