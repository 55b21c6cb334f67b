/*
 * walk_sort.c - sorting the entries kept from one directory (see walk.c,
 * "Order without a global sort") and storing them on its wdir: the files'
 * full paths, and the subdirectories with the number of files before each.
 */
#include "walk_internal.h"

#include <stdint.h>
#include <string.h>

/* Runs this short are sorted by insertion before merging. */
#define SORT_RUN 8

/* Directories with this many entries are sorted by radix first. */
#define RADIX_MIN 64

/*
 * Entries are sorted in the bytewise order of their paths: a directory's
 * name compares as if followed by '/', a file's as if followed by nothing.
 * Names in one directory are distinct and hold no '/' or NUL.
 *
 * sort_key is the first 8 bytes of that (the name, then '/' for a
 * directory), big-endian and zero-padded. Different keys order two entries
 * as their names do: the first differing byte decides, and where one name
 * ends within the key the other name has a byte there that is not 0. Only
 * names sharing their first 8 bytes need cmp_names.
 */
static uint64_t sort_key(const witem *it)
{
    const unsigned char *name = (const unsigned char *)it->name;
    uint64_t key = 0;
    size_t i;
    if (it->name_len >= 8) {          /* the common case: a plain load */
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        memcpy(&key, name, 8);
        return __builtin_bswap64(key);
#else
        for (i = 0; i < 8; i++) key = key << 8 | name[i];
        return key;
#endif
    }
    for (i = 0; i < 8; i++) {
        unsigned c = i < it->name_len ? name[i]
                   : i == it->name_len && it->child ? '/' : 0;
        key = key << 8 | c;
    }
    return key;
}

static int cmp_names(const witem *x, const witem *y)
{
    size_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
    int c = memcmp(x->name, y->name, n), cx, cy;
    if (c) return c;
    cx = n < x->name_len ? (unsigned char)x->name[n] : x->child ? '/' : 0;
    cy = n < y->name_len ? (unsigned char)y->name[n] : y->child ? '/' : 0;
    return cx - cy;
}

static int rec_less(const worker *k, const sort_rec *a, const sort_rec *b)
{
    return a->key < b->key ||
           (a->key == b->key && cmp_names(&k->keep[a->index], &k->keep[b->index]) < 0);
}

/* Sorts a[0..n) (tmp: room for n more): insertion sort of short runs, then
 * bottom-up merges, so O(n log n) with no recursion. Returns a or tmp,
 * whichever holds the result. */
static sort_rec *sort_recs(const worker *k, sort_rec *a, sort_rec *tmp, size_t n)
{
    size_t lo, width;
    for (lo = 0; lo < n; lo += SORT_RUN) {
        size_t hi = lo + SORT_RUN < n ? lo + SORT_RUN : n, i, j;
        for (i = lo + 1; i < hi; i++) {
            sort_rec r = a[i];
            for (j = i; j > lo && rec_less(k, &r, &a[j - 1]); j--) a[j] = a[j - 1];
            a[j] = r;
        }
    }
    for (width = SORT_RUN; width < n; width *= 2) {
        sort_rec *t;
        for (lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = mid + width < n ? mid + width : n;
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi) {     /* selects, as comparisons are unpredictable */
                int right = rec_less(k, &a[j], &a[i]);
                tmp[o++] = *(right ? &a[j] : &a[i]);
                j += (size_t)right;
                i += (size_t)!right;
            }
            while (i < mid) tmp[o++] = a[i++];
            while (j < hi) tmp[o++] = a[j++];
        }
        t = a;
        a = tmp;
        tmp = t;
    }
    return a;
}

/*
 * Sorts a[0..n) (tmp: room for n more) by key alone: an LSD radix sort
 * with one pass per byte in which the keys differ, so names sharing a
 * prefix ("File001.kt", "File002.kt") cost two or three passes and no
 * mispredicted comparisons. Then each run of equal keys (names sharing 8
 * bytes) is put in order by sort_recs. Returns a or tmp, whichever holds
 * the result.
 */
static sort_rec *radix_sort_recs(const worker *k, sort_rec *a, sort_rec *tmp,
                                 size_t n)
{
    uint64_t all = ~(uint64_t)0, any = 0, differ;
    size_t i, start;
    unsigned shift;
    for (i = 0; i < n; i++) {
        all &= a[i].key;
        any |= a[i].key;
    }
    differ = all ^ any;
    for (shift = 0; shift < 64; shift += 8) {
        size_t count[256] = {0}, at = 0, c;
        sort_rec *t;
        if (((differ >> shift) & 0xff) == 0) continue;
        for (i = 0; i < n; i++) count[(a[i].key >> shift) & 0xff]++;
        for (c = 0; c < 256; c++) {
            size_t here = count[c];
            count[c] = at;
            at += here;
        }
        for (i = 0; i < n; i++) tmp[count[(a[i].key >> shift) & 0xff]++] = a[i];
        t = a;
        a = tmp;
        tmp = t;
    }
    for (start = 0; start < n; start = i) {
        for (i = start + 1; i < n && a[i].key == a[start].key; i++) {}
        if (i - start > 1 &&
            sort_recs(k, a + start, tmp + start, i - start) != a + start)
            memcpy(a + start, tmp + start, (i - start) * sizeof(*a));
    }
    return a;
}

/* Sorts the entries kept from d and stores them on d: the files' full
 * paths (k->buf holds d's path), the subdirectories with their place among
 * the files. -1 when out of memory. */
int walk_store_kept(worker *k, wdir *d)
{
    size_t i, n = k->n_keep, n_subs = 0, at = k->w->prefix_len + d->rel_len;
    sort_rec *recs, *sorted;
    if (n == 0) return 0;
    if (n > SIZE_MAX / 2) return -1;
    recs = grow(k->recs, &k->cap_recs, 2 * n, sizeof(*recs));
    if (!recs) return -1;
    k->recs = recs;
    for (i = 0; i < n; i++) {
        recs[i].key = sort_key(&k->keep[i]);
        recs[i].index = i;
        n_subs += k->keep[i].child != NULL;
    }
    sorted = n < RADIX_MIN ? sort_recs(k, recs, recs + n, n)
                           : radix_sort_recs(k, recs, recs + n, n);
    if (n_subs) d->subs = ob_arena_alloc(k->tree, n_subs * sizeof(*d->subs));
    if (n > n_subs) d->files = ob_arena_alloc(k->tree, (n - n_subs) * sizeof(char *));
    if ((n_subs && !d->subs) || (n > n_subs && !d->files)) return -1;
    for (i = 0; i < n; i++) {
        const witem *it = &k->keep[sorted[i].index];
        if (it->child) {
            d->subs[d->n_subs].before = d->n_files;
            d->subs[d->n_subs++].child = it->child;
            continue;
        }
        d->files[d->n_files] = walk_str_copy(&k->paths, k->buf, at, it->name, it->name_len);
        if (!d->files[d->n_files++]) return -1;
    }
    k->n_files += d->n_files;
    return 0;
}
