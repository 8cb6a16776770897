/*
 * mem.c: allocation helpers that abort on exhaustion (see mem.h).
 */
#include "util/mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *
check(void *p, size_t size)
{
	if (p == NULL && size != 0) {
		fprintf(stderr, "pgperf: fatal: out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

void *
pp_mem_alloc(size_t size)
{
	return check(malloc(size ? size : 1), size);
}

void *
pp_mem_calloc(size_t n, size_t size)
{
	return check(calloc(n ? n : 1, size ? size : 1), n * size);
}

void *
pp_mem_realloc(void *ptr, size_t size)
{
	return check(realloc(ptr, size ? size : 1), size);
}

char *
pp_mem_strdup(const char *s)
{
	return pp_mem_strndup(s, strlen(s));
}

char *
pp_mem_strndup(const char *s, size_t n)
{
	char *d = pp_mem_alloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void
pp_mem_grow(void **items, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;

	if (need <= *cap)
		return;
	ncap = *cap ? *cap : 8;
	while (ncap < need)
		ncap *= 2;
	*items = pp_mem_realloc(*items, ncap * elem);
	*cap = ncap;
}

void *
pp_mem_push(void *items, size_t *len, size_t *cap, size_t elem)
{
	pp_mem_grow(&items, cap, *len + 1, elem);
	memset((char *)items + *len * elem, 0, elem);
	(*len)++;
	return items;
}
