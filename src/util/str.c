/*
 * str.c: trimming and string lists (see str.h).
 */
#include "util/str.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

char *
pp_str_trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	s[pp_str_rtrim_len(s, strlen(s))] = '\0';
	return s;
}

const char *
pp_str_skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

size_t
pp_str_rtrim_len(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	return n;
}

char *
pp_str_vprintf(const char *fmt, va_list ap)
{
	struct pp_buf b;

	pp_buf_init(&b);
	pp_buf_vprintf(&b, fmt, ap);
	return pp_buf_steal(&b);
}

char *
pp_str_printf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = pp_str_vprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
pp_str_list_push(char ***items, size_t *n, char *s)
{
	*items = pp_mem_realloc(*items, (*n + 1) * sizeof **items);
	(*items)[(*n)++] = s;
}

char **
pp_str_list_dup(char *const *items, size_t n)
{
	char **copy = n ? pp_mem_calloc(n, sizeof *copy) : NULL;

	for (size_t i = 0; i < n; i++)
		copy[i] = pp_mem_strdup(items[i]);
	return copy;
}

void
pp_str_list_free(char **items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(items[i]);
	free(items);
}

bool
pp_str_list_has(char *const *items, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(items[i], s) == 0)
			return true;
	return false;
}
