/*
 * buf.c: growable string buffer (see buf.h).
 */
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

void
pp_buf_init(struct pp_buf *b)
{
	b->cap = 64;
	b->len = 0;
	b->data = pp_mem_alloc(b->cap);
	b->data[0] = '\0';
}

void
pp_buf_reset(struct pp_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
pp_buf_clear(struct pp_buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
}

static void
reserve(struct pp_buf *b, size_t extra)
{
	void *p = b->data;

	pp_mem_grow(&p, &b->cap, b->len + extra + 1, 1);
	b->data = p;
}

void
pp_buf_append(struct pp_buf *b, const char *s, size_t n)
{
	reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
pp_buf_puts(struct pp_buf *b, const char *s)
{
	pp_buf_append(b, s, strlen(s));
}

void
pp_buf_puts_visible(struct pp_buf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n') {
			pp_buf_puts(b, "\\n");
		} else if (c == '\t') {
			pp_buf_puts(b, "\\t");
		} else if (c < 0x20 || c == 0x7f) {
			char esc[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

			pp_buf_append(b, esc, sizeof esc);
		} else {
			pp_buf_putc(b, (char)c);
		}
	}
}

void
pp_buf_putc(struct pp_buf *b, char c)
{
	pp_buf_append(b, &c, 1);
}

void
pp_buf_vprintf(struct pp_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void
pp_buf_printf(struct pp_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pp_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
pp_buf_steal(struct pp_buf *b)
{
	char *s = b->data;

	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}
