/*
 * utf8.h: UTF-8 validation and repair, so that what pgperf writes is valid UTF-8 whatever bytes
 * file names and server text carry.
 *
 * Input is borrowed (a pointer and a length; NUL bytes are ordinary characters). Output goes to
 * caller-owned struct pp_buf storage.
 */
#ifndef PP_UTF8_H
#define PP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

#define PP_UTF8_REPLACEMENT 0xFFFDu /* U+FFFD REPLACEMENT CHARACTER */

/*
 * Decodes the character at s (n >= 1 bytes available) and sets *len to the bytes it takes
 * (at least 1). An ill-formed sequence (a stray continuation byte, an overlong form, a surrogate,
 * a value past U+10FFFF, a truncated sequence) decodes to PP_UTF8_REPLACEMENT and takes its
 * maximal subpart: Unicode's recommended practice, which browsers and Python follow.
 */
uint32_t pp_utf8_decode(const char *s, size_t n, size_t *len);
/* Appends code point cp (a scalar value: at most U+10FFFF, not a surrogate) encoded. */
void pp_utf8_put(struct pp_buf *b, uint32_t cp);
/* True when s[0..n) is well-formed UTF-8. */
bool pp_utf8_valid(const char *s, size_t n);
/* Appends s[0..n) to b with each ill-formed sequence replaced by U+FFFD. */
void pp_utf8_sanitize(struct pp_buf *b, const char *s, size_t n);

#endif
