/*
 * utf8.h - checking UTF-8 as Python's strict decoder does.
 */
#ifndef OB_UTF8_H
#define OB_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 prefix of s (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF). */
size_t ob_utf8_valid_prefix(const unsigned char *s, size_t len);

#endif
