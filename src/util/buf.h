/*
 * buf.h: a growable NUL-terminated byte buffer.
 *
 * A struct pp_buf is caller-owned storage: pp_buf_init() before use, pp_buf_reset() to release
 * what it holds. pp_buf_steal() hands the string to the caller (free() it) and leaves the buffer
 * released, as after pp_buf_reset().
 */
#ifndef PP_BUF_H
#define PP_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "util/log.h"

struct pp_buf {
	char *data; /* always NUL-terminated once initialised */
	size_t len;
	size_t cap;
};

void pp_buf_init(struct pp_buf *b);
void pp_buf_reset(struct pp_buf *b);
void pp_buf_clear(struct pp_buf *b); /* length 0, storage kept */
void pp_buf_append(struct pp_buf *b, const char *s, size_t n);
void pp_buf_puts(struct pp_buf *b, const char *s);
void pp_buf_putc(struct pp_buf *b, char c);
/* Appends s with control characters escaped (\n, \t, \xNN): a name from the server or a file
 * printed on one line stays on one line. */
void pp_buf_puts_visible(struct pp_buf *b, const char *s);
void pp_buf_printf(struct pp_buf *b, const char *fmt, ...) PP_PRINTF(2, 3);
void pp_buf_vprintf(struct pp_buf *b, const char *fmt, va_list ap) PP_PRINTF(2, 0);
char *pp_buf_steal(struct pp_buf *b);

#endif
